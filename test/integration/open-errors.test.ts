import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../db/migrations/index.ts';
import type { App, TempDir } from './helpers.ts';
import { fingerprint, makeApp, makeTempDir } from './helpers.ts';

let tmp: TempDir;
let app: App;
beforeEach(() => {
  tmp = makeTempDir();
  app = makeApp();
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

function plainSqlite(path: string): void {
  const db = new Database(path);
  db.exec(
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('keep me');",
  );
  db.close();
}

describe('opening something that is not a usable register', () => {
  it('a missing file: NOT_FOUND, naming the path, and no file is created', async () => {
    const path = tmp.file('missing.riskreg');
    const error = await app.fail('register:open', { path });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`There is no file at ${path}. Check the path, or create a new register.`);
    expect(fingerprint(path)).toEqual({
      exists: false,
      sha256: null,
      size: null,
      mtimeMs: null,
      siblings: [],
    });
    expect(await app.ok('register:status', {})).toBeNull();
  });

  it.each([
    ['a text file', (p: string) => writeFileSync(p, 'ref,category,description\nSR1,Finance,Grant\n')],
    ['an empty file', (p: string) => writeFileSync(p, '')],
    ['a SQLite database of another program', plainSqlite],
  ])('%s: NOT_A_REGISTER, and the file is left exactly as it was', async (_what, make) => {
    const path = tmp.file('other.db');
    make(path);
    const before = fingerprint(path);
    const error = await app.fail('register:open', { path });
    expect(error.code).toBe('NOT_A_REGISTER');
    expect(error.message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a risk register file`),
    );
    expect(fingerprint(path)).toEqual(before);
    expect(await app.ok('register:status', {})).toBeNull();
  });

  it('a folder: refused without creating anything inside it', async () => {
    const path = tmp.file('folder.riskreg');
    mkdirSync(path);
    const error = await app.fail('register:open', { path });
    expect(error.code).toBe('NOT_A_REGISTER');
    expect(readdirSync(path)).toEqual([]);
    expect(fingerprint(path).siblings).toEqual([]);
  });

  it('keeps the register that was open when another file fails to open', async () => {
    const good = tmp.file('good.riskreg');
    await app.ok('register:create', { path: good, sample: true });
    const bad = tmp.file('bad.txt');
    writeFileSync(bad, 'not a register');
    expect((await app.fail('register:open', { path: bad })).code).toBe('NOT_A_REGISTER');
    const status = await app.ok('register:status', {});
    expect(status?.path).toBe(good);
    expect(status?.riskCount).toBe(19);
  });

  it('refuses to create a register over an existing file, leaving it unchanged', async () => {
    const path = tmp.file('existing.db');
    plainSqlite(path);
    const before = fingerprint(path);
    const error = await app.fail('register:create', { path, sample: true });
    expect(error.code).toBe('IO');
    expect(error.message).toMatch(/already exists/);
    expect(fingerprint(path)).toEqual(before);
  });
});

describe('a register from a newer version of the app', () => {
  async function futureRegister(): Promise<string> {
    const path = tmp.file('future.riskreg');
    await app.ok('register:create', { path, sample: true });
    app.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 10}`);
    raw.close();
    return path;
  }

  it('opens read-only and shows its risks', async () => {
    const path = await futureRegister();
    const status = await app.ok('register:open', { path });
    expect(status.readOnly).toBe(true);
    expect(status.schemaVersion).toBe(LATEST_VERSION + 10);
    expect(status.riskCount).toBe(19);
    expect((await app.ok('risks:list', {})).map((r) => r.ref)).toContain('SR4');
  });

  it('refuses every write with READ_ONLY and leaves the file byte for byte unchanged', async () => {
    const path = await futureRegister();
    const before = fingerprint(path);
    await app.ok('register:open', { path });
    const sr4 = (await app.ok('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('SR4 missing');

    const attempts = [
      await app.fail('risks:update-score', { id: sr4.id, version: sr4.version, impact: 1, likelihood: 1 }),
      await app.fail('risks:update', {
        id: sr4.id,
        version: sr4.version,
        changes: { description: 'Changed' },
      }),
      await app.fail('risks:create', {
        category: 'New',
        description: 'A new risk',
        impact: 2,
        likelihood: 2,
      }),
      await app.fail('register:rename', { name: 'Renamed' }),
    ];
    for (const error of attempts) {
      expect(error.code).toBe('READ_ONLY');
      expect(error.message).toMatch(/newer version of Risk Register.*read-only/);
    }
    expect((await app.ok('risks:get', { id: sr4.id })).impact).toBe(5);
    app.close();
    // The register itself is untouched. A read-only SQLite connection may leave an empty -wal (and its
    // -shm index) beside a WAL file, since it may not delete them; nothing is ever written into them.
    const after = fingerprint(path);
    expect({ ...after, siblings: [] }).toEqual({ ...before, siblings: [] });
    if (after.siblings.includes('future.riskreg-wal')) expect(fingerprint(`${path}-wal`).size).toBe(0);
  });
});
