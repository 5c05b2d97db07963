/**
 * The import's commit answers before its WAL is copied into the register (issue 14): `bulkWriteTransaction` turns
 * SQLite's automatic checkpoint off for its COMMIT, and the `import:commit` handler has the worker run a PASSIVE
 * checkpoint on a connection of its own after answering. The rows are durable at the answer all the same: the WAL
 * is fsynced at COMMIT, so a process killed right after the answer, before any checkpoint, loses nothing.
 */
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import { workerRunner } from '../../../db/work/runner.ts';
import { makeApp, makeTempDir, type App, type TempDir } from '../helpers.ts';

const ROWS = 3000;

let tmp: TempDir;
let apps: App[];
beforeEach(() => {
  tmp = makeTempDir('rr-deferred-checkpoint-');
  apps = [];
});
afterEach(() => {
  for (const a of apps) a.close();
  tmp.cleanup();
});

/** A CSV of `ROWS` risks: ~5 MB of register, several times SQLite's automatic checkpoint threshold (1,000 pages). */
function csvFile(): string {
  const lines = ['Ref,Category,Description of risk,Impact,Likelihood,Owner'];
  for (let i = 1; i <= ROWS; i++) {
    lines.push(
      `DC${i},Finance,"Risk ${i}: ${'the supplier may fail to deliver on time. '.repeat(8)}",${(i % 5) + 1},${((i * 3) % 5) + 1},AB`,
    );
  }
  const path = tmp.file('risks.csv');
  writeFileSync(path, lines.join('\n'));
  return path;
}

/** The register file's size against the pages SQLite says it holds: smaller while pages are only in the WAL. */
function pagesInFile(app: App, path: string): { fileBytes: number; pageBytes: number } {
  const db = app.session.db;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return { fileBytes: statSync(path).size, pageBytes: pages * size };
}

const nextTurn = () => new Promise<void>((done) => setImmediate(done));

describe('the import commit’s checkpoint', () => {
  it('runs after the answer, off the commit, and the connection keeps its automatic checkpoint', async () => {
    const app = makeApp();
    apps.push(app);
    const path = tmp.file('register.sqlite');
    await app.ok('register:create', { path });
    const csv = csvFile();
    const fileHash = (await app.ok('import:preview', { path: csv }))?.fileHash;
    const result = await app.ok('import:commit', { path: csv, fileHash, accept: [] });
    expect(result.imported).toBe(ROWS);

    // At the answer the new pages are in the WAL only: the COMMIT did not copy them.
    const atAnswer = pagesInFile(app, path);
    expect(atAnswer.fileBytes).toBeLessThan(atAnswer.pageBytes / 2);
    expect(app.session.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);

    // Then the handler's checkpoint copies them (a separate connection, PASSIVE).
    await nextTurn();
    await nextTurn();
    const after = pagesInFile(app, path);
    expect(after.fileBytes).toBe(after.pageBytes);
    expect(app.session.db.prepare('SELECT count(*) FROM risks').pluck().get()).toBe(ROWS);
    expect(verifyHistory(app.session.db).ok).toBe(true);
  });

  it('is run by the worker thread on its own connection while the register stays open here', async () => {
    const app = makeApp();
    apps.push(app);
    const path = tmp.file('register.sqlite');
    await app.ok('register:create', { path });
    const csv = csvFile();
    const fileHash = (await app.ok('import:preview', { path: csv }))?.fileHash;
    await app.ok('import:commit', { path: csv, fileHash, accept: [] });
    const atAnswer = pagesInFile(app, path);
    expect(atAnswer.fileBytes).toBeLessThan(atAnswer.pageBytes / 2);
    const work = workerRunner(resolve('db/work/worker.ts'));
    try {
      const done = await work.run('register:checkpoint', { registerPath: path });
      expect(done).not.toBeNull();
      expect(done?.checkpointed).toBe(done?.log);
      expect(done?.log).toBeGreaterThan(1000);
      expect(await work.run('register:checkpoint', { registerPath: tmp.file('gone.sqlite') })).toBeNull();
    } finally {
      await work.close();
    }
    const after = pagesInFile(app, path);
    expect(after.fileBytes).toBe(after.pageBytes);
    expect(app.session.db.prepare('SELECT count(*) FROM risks').pluck().get()).toBe(ROWS);
  });

  it('loses nothing when the process dies right after the answer, before the checkpoint', async () => {
    const path = tmp.file('register.sqlite');
    const csv = csvFile();
    const helpers = pathToFileURL(resolve('test/integration/helpers.ts')).href;
    const script = tmp.file('import-then-die.mts');
    writeFileSync(
      script,
      `import { writeSync } from 'node:fs';
import { makeApp } from ${JSON.stringify(helpers)};
const app = makeApp();
await app.ok('register:create', { path: ${JSON.stringify(path)} });
const { fileHash } = await app.ok('import:preview', { path: ${JSON.stringify(csv)} });
const r = await app.ok('import:commit', { path: ${JSON.stringify(csv)}, fileHash, accept: [] });
writeSync(1, 'imported ' + r.imported + '\\n');
process.kill(process.pid, 'SIGKILL');
`,
    );
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe(`imported ${ROWS}\n`);
    expect(child.signal).toBe('SIGKILL');
    // Killed before any checkpoint: the register file does not hold the import yet, the WAL does.
    expect(statSync(path).size).toBeLessThan(1024 * 1024);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);

    const app = makeApp();
    apps.push(app);
    await app.ok('register:open', { path });
    const db = app.session.db;
    expect(db.prepare('SELECT count(*) FROM risks').pluck().get()).toBe(ROWS);
    expect(db.prepare("SELECT count(*) FROM risks WHERE ref = 'DC3000'").pluck().get()).toBe(1);
    expect(
      db
        .prepare("SELECT count(*) FROM history WHERE entity = 'register' AND action = 'import'")
        .pluck()
        .get(),
    ).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyHistory(db).ok).toBe(true);
  });
});
