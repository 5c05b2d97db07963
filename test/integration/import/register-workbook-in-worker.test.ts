/**
 * Our own register workbook (the XLSX `export:register` writes) is read, previewed and written by the worker, as
 * every other import file (issue 14: at 10,000 risks its preview and commit held the window's thread 1.4 s each).
 * Through the real worker runner: the same preview answer, the same register (rows, history chain) as the calling
 * thread's runner and as the main process's own connection wrote it before, this thread's event loop turning while
 * the worker holds the register's write lock (counted in ticks, not timed), and a changed file refused as before.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import {
  importRegisterWorkbook,
  loadRegisterWorkbook,
  parseRegisterWorkbook,
} from '../../../db/import/register-workbook.ts';
import type { RegisterSession } from '../../../db/session.ts';
import { inThreadRunner, type WorkRunner, workerRunner } from '../../../db/work/runner.ts';
import { countingJobs, dumpRegister, makeApp, makeTempDir, type TempDir } from '../helpers.ts';

let tmp: TempDir;
const runners: WorkRunner[] = [];
const sessions: RegisterSession[] = [];

beforeEach(() => {
  tmp = makeTempDir('rr-book-worker-');
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  for (const w of runners.splice(0)) await w.close();
  tmp.cleanup();
});

const NOW = '2026-12-01T09:00:00.000Z';

/** A window's handlers on `work`, with a fixed clock (so two registers' history can be compared whole). */
function appWith(work: WorkRunner) {
  const { work: counted, jobs } = countingJobs(work);
  const app = makeApp({ work: counted, now: () => new Date(NOW) });
  sessions.push(app.session);
  return { ...app, jobs };
}

function worker(): WorkRunner {
  const w = workerRunner(resolve('db/work/worker.ts'));
  runners.push(w);
  return w;
}

/** A register workbook of the sample register (its owners, Key, controls…) and `rows` more risks, with actions. */
async function registerWorkbook(path: string, rows: number): Promise<string> {
  const from = appWith(inThreadRunner);
  await from.ok('register:create', { path: tmp.file('from.sqlite'), sample: true });
  const lines = ['Ref,Category,Description,Impact,Likelihood,Owner,Mitigation'];
  for (let i = 1; i <= rows; i++) {
    lines.push(
      `W${i},${i % 2 ? 'Finance' : 'People'},Risk ${i},${(i % 5) + 1},${((i >> 2) % 5) + 1},VV,Plan ${i}`,
    );
  }
  const csv = tmp.file('more.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  await from.ok('import:commit', { path: csv, accept: [] });
  await from.ok('export:register', { path });
  from.session.close();
  return path;
}

/**
 * Counts this thread's 1 ms ticks that find the register's write lock held by another connection (a probe that
 * never waits fails to take it). A write made on this thread holds the lock only between two ticks: it counts 0.
 */
function watchWriteLock(path: string) {
  const probe = new Database(path);
  probe.pragma('busy_timeout = 0');
  let ticks = 0;
  let locked = 0;
  const timer = setInterval(() => {
    ticks += 1;
    try {
      probe.exec('BEGIN IMMEDIATE; ROLLBACK');
    } catch {
      locked += 1;
    }
  }, 1);
  return {
    stop: () => {
      clearInterval(timer);
      probe.close();
      return { ticks, locked };
    },
  };
}

describe('a register workbook imported through the worker', () => {
  it('leaves the same register as the calling thread and the main connection, while this thread keeps turning', async () => {
    const book = await registerWorkbook(tmp.file('register.xlsx'), 1500);
    const answers: unknown[] = [];
    const dumps: Record<string, unknown[]>[] = [];
    for (const [name, work] of [
      ['worker', worker()],
      ['thread', inThreadRunner],
    ] as const) {
      const app = appWith(work);
      const registerPath = tmp.file(`${name}.sqlite`);
      await app.ok('register:create', { path: registerPath });
      const preview = await app.ok('import:preview', { path: book, firstRows: 50 });
      if (!preview) throw new Error('no preview');
      expect(preview.paged?.total).toBe(1519);
      const page = await app.ok('import:preview-rows', { path: book, offset: 1500, limit: 50 });
      const watch = name === 'worker' ? watchWriteLock(registerPath) : null;
      const result = await app.ok('import:commit', { path: book, fileHash: preview.fileHash, accept: [] });
      const seen = watch?.stop();
      if (seen) {
        console.log(
          `worker commit: ${seen.ticks} ticks, ${seen.locked} of them with the write lock held elsewhere`,
        );
        // The worker wrote on its own connection while this thread turned (0 when the commit is written here).
        expect(seen.locked).toBeGreaterThan(0);
      }
      expect(app.jobs.slice(0, 4)).toEqual([
        'import:preview',
        'import:preview-rows',
        'import:forget',
        'import:commit',
      ]);
      expect(result.imported).toBe(1519);
      const db = app.session.db;
      expect(verifyHistory(db)).toMatchObject({ ok: true });
      expect((await app.ok('risks:list', {})).length).toBe(1519);
      answers.push({ preview, page, result });
      dumps.push(dumpRegister(db));
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(JSON.stringify(answers[1])).toBe(JSON.stringify(answers[0]));
    expect(dumps[1]).toEqual(dumps[0]);
    // And as the main process's own connection wrote it before this change.
    const app = appWith(inThreadRunner);
    await app.ok('register:create', { path: tmp.file('main.sqlite') });
    const wb = await loadRegisterWorkbook(readFileSync(book));
    if (!wb) throw new Error('not a register workbook');
    importRegisterWorkbook(app.session.db, parseRegisterWorkbook(wb), basename(book), {
      now: NOW,
      by: 'Alice Example',
    });
    expect(dumpRegister(app.session.db)).toEqual(dumps[1]);
  }, 120_000);

  it('refuses a workbook changed since its preview, and writes nothing', async () => {
    const book = await registerWorkbook(tmp.file('changed.xlsx'), 20);
    const app = appWith(worker());
    await app.ok('register:create', { path: tmp.file('to.sqlite') });
    const preview = await app.ok('import:preview', { path: book, firstRows: 50 });
    if (!preview) throw new Error('no preview');
    // Another register's workbook written over it.
    const other = appWith(inThreadRunner);
    await other.ok('register:create', { path: tmp.file('other.sqlite'), sample: true });
    await other.ok('export:register', { path: book });
    const history = app.session.db.prepare('SELECT count(*) FROM history').pluck().get();
    const error = await app.fail('import:commit', { path: book, fileHash: preview.fileHash, accept: [] });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('changed.xlsx changed since it was previewed. Preview it again, then import.');
    expect(app.session.db.prepare('SELECT count(*) FROM risks').pluck().get()).toBe(0);
    expect(app.session.db.prepare('SELECT count(*) FROM history').pluck().get()).toBe(history);
  }, 60_000);
});
