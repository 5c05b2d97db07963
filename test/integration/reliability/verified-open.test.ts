/**
 * Full checks only when the file may have changed (db/files/verified.ts): a register this app checked or left cleanly
 * opens without `quick_check` / `foreign_key_check`; anything else about the file — another program's write (even
 * with its modification time put back), a copy or restore put in its place, a -wal waiting, a stamp that is old,
 * forged or for another path — runs them as before, and damage is refused on open.
 */
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeRegister, openRegisterFile } from '../../../db/connection.ts';
import { FULL_CHECK_MAX_AGE_MS, verificationDir } from '../../../db/files/verified.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let savedCache: string | undefined;
beforeEach(() => {
  tmp = makeTempDir('rr-verified-');
  savedCache = process.env['RISK_REGISTER_CACHE_DIR'];
  process.env['RISK_REGISTER_CACHE_DIR'] = tmp.file('cache');
  delete process.env['RISK_REGISTER_FULL_CHECK'];
});
afterEach(() => {
  if (savedCache === undefined) delete process.env['RISK_REGISTER_CACHE_DIR'];
  else process.env['RISK_REGISTER_CACHE_DIR'] = savedCache;
  delete process.env['RISK_REGISTER_FULL_CHECK'];
  tmp.cleanup();
});

/** A register with the LGA sample and one score change, closed cleanly by the app. */
async function register(name: string): Promise<string> {
  const path = tmp.file(name);
  const maker: App = makeApp();
  await maker.ok('register:create', { path, sample: true });
  const [risk] = await maker.ok('risks:list', { includeArchived: false });
  if (!risk) throw new Error('no risks');
  await maker.ok('risks:update-score', {
    id: risk.id,
    version: risk.version,
    which: 'current',
    impact: 5,
    likelihood: 5,
  });
  maker.close();
  return path;
}

/** Open and close cleanly; whether the whole-file checks ran. */
function fullChecksOnOpen(path: string): boolean {
  const open = openRegisterFile(path);
  const ran = open.fullChecks === true;
  closeRegister(open);
  return ran;
}

/** Scribble over every page after the schema page, keeping the size (so only the checks can tell). */
function scribble(path: string): void {
  const bytes = readFileSync(path);
  for (let p = 1; p < bytes.length / 4096; p++) randomBytes(64).copy(bytes, p * 4096 + 8);
  writeFileSync(path, bytes);
}

async function refusedOpen(path: string): Promise<ErrorInfo> {
  const app = makeApp();
  try {
    return await app.fail('register:open', { path });
  } finally {
    app.close();
  }
}

function stampFiles(): string[] {
  const dir = verificationDir();
  if (!dir) throw new Error('no cache folder');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => join(dir, n));
}

describe('open-time checks skipped only for a file in the state this app left it', () => {
  it('a register this app made and closed opens without the whole-file checks, again and again', async () => {
    const path = await register('reg.riskregister');
    expect(stampFiles()).toHaveLength(1);
    expect(fullChecksOnOpen(path)).toBe(false);
    // Writes through the app, then a clean close: still trusted.
    const app = makeApp();
    await app.ok('register:open', { path });
    const [risk] = await app.ok('risks:list', { includeArchived: false });
    if (!risk) throw new Error('no risks');
    await app.ok('risks:update-score', {
      id: risk.id,
      version: risk.version,
      which: 'current',
      impact: 1,
      likelihood: 2,
    });
    app.close();
    expect(fullChecksOnOpen(path)).toBe(false);
  });

  it('stamps live in the cache folder, never beside the register', async () => {
    await register('reg.riskregister');
    expect(readdirSync(tmp.dir).filter((n) => n !== 'cache')).toEqual(['reg.riskregister']);
    const stamp = JSON.parse(readFileSync(stampFiles()[0] ?? '', 'utf8')) as { path: string };
    expect(stamp.path).toBe(tmp.file('reg.riskregister'));
  });

  it('damage by another program is refused, even with the modification time put back', async () => {
    const path = await register('reg.riskregister');
    const before = statSync(path);
    scribble(path);
    utimesSync(path, before.atime, before.mtime);
    expect(statSync(path).size).toBe(before.size);
    const error = await refusedOpen(path);
    expect(error.code).toBe('DAMAGED');
    expect(stampFiles()).toHaveLength(0);
  });

  it('a damaged copy put in its place (same size and times) is refused', async () => {
    const path = await register('reg.riskregister');
    const before = statSync(path);
    const bad = tmp.file('bad.riskregister');
    copyFileSync(path, bad);
    scribble(bad);
    utimesSync(bad, before.atime, before.mtime);
    renameSync(bad, path);
    expect((await refusedOpen(path)).code).toBe('DAMAGED');
  });

  it('a copy of a checked register opened at another path is checked in full', async () => {
    const path = await register('reg.riskregister');
    const copy = tmp.file('copy.riskregister');
    copyFileSync(path, copy);
    expect(fullChecksOnOpen(copy)).toBe(true);
    expect(fullChecksOnOpen(copy)).toBe(false);
  });

  it('a stamp copied to stand for another register does not count', async () => {
    const path = await register('reg.riskregister');
    const other = await register('other.riskregister');
    const stamps = stampFiles();
    expect(stamps).toHaveLength(2);
    // Swap the two stamps' contents: each now names the other path.
    const [a, b] = stamps as [string, string];
    const ta = readFileSync(a);
    copyFileSync(b, a);
    writeFileSync(b, ta);
    expect(fullChecksOnOpen(path)).toBe(true);
    expect(fullChecksOnOpen(other)).toBe(true);
  });

  it('a full check older than the limit runs again', async () => {
    const path = await register('reg.riskregister');
    const [file] = stampFiles() as [string];
    const stamp = JSON.parse(readFileSync(file, 'utf8')) as { checkedAt: number };
    stamp.checkedAt = Date.now() - FULL_CHECK_MAX_AGE_MS - 60_000;
    writeFileSync(file, JSON.stringify(stamp));
    expect(fullChecksOnOpen(path)).toBe(true);
    expect(fullChecksOnOpen(path)).toBe(false);
  });

  it('a check that is kept through clean closes still expires: the date of the last full check is kept', async () => {
    const path = await register('reg.riskregister');
    const [file] = stampFiles() as [string];
    const old = Date.now() - FULL_CHECK_MAX_AGE_MS + 60_000;
    const stamp = JSON.parse(readFileSync(file, 'utf8')) as { checkedAt: number };
    stamp.checkedAt = old;
    writeFileSync(file, JSON.stringify(stamp));
    expect(fullChecksOnOpen(path)).toBe(false);
    const after = JSON.parse(readFileSync(file, 'utf8')) as { checkedAt: number };
    expect(after.checkedAt).toBe(old);
  });

  it('a -wal waiting beside the file means the full checks', async () => {
    const path = await register('reg.riskregister');
    // Another program's connection that writes and is never closed cleanly: its -wal stays.
    const other = new Database(path);
    other.pragma('wal_autocheckpoint = 0');
    other
      .prepare(
        "UPDATE risks SET description = description || ' (edited)' WHERE rowid = (SELECT min(rowid) FROM risks)",
      )
      .run();
    copyFileSync(path, tmp.file('crash.riskregister'));
    copyFileSync(`${path}-wal`, tmp.file('crash.riskregister-wal'));
    other.close();
    expect(statSync(tmp.file('crash.riskregister-wal')).size).toBeGreaterThan(0);
    // The crash image at its own path has never been seen; put it at the register's path instead.
    renameSync(tmp.file('crash.riskregister'), path);
    renameSync(tmp.file('crash.riskregister-wal'), `${path}-wal`);
    expect(fullChecksOnOpen(path)).toBe(true);
  });

  it('a close that is not clean (the connection closed without closeRegister) leaves the stamp stale', async () => {
    const path = await register('reg.riskregister');
    const open = openRegisterFile(path);
    expect(open.fullChecks).toBe(false);
    open.db
      .prepare(
        "UPDATE risks SET description = description || ' (edited)' WHERE rowid = (SELECT min(rowid) FROM risks)",
      )
      .run();
    open.db.close();
    expect(fullChecksOnOpen(path)).toBe(true);
  });

  it('RISK_REGISTER_FULL_CHECK=1 runs them every time', async () => {
    const path = await register('reg.riskregister');
    process.env['RISK_REGISTER_FULL_CHECK'] = '1';
    expect(fullChecksOnOpen(path)).toBe(true);
    expect(fullChecksOnOpen(path)).toBe(true);
  });

  it('a cache folder that cannot be written only means full checks', async () => {
    writeFileSync(tmp.file('cache'), 'a file where the folder should be');
    const path = await register('reg.riskregister');
    expect(fullChecksOnOpen(path)).toBe(true);
  });
});
