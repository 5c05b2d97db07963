/**
 * The import's commit runs in the worker that made the preview (issue 14: the main process neither takes in the
 * plan nor writes the rows), on a connection of the worker's own to the register. Through the real worker runner:
 * the same rows and history chain as the calling thread writes (and a team register's captured changes), the same
 * refusals (the register or the file changed since the preview, a read-only register refused before any job), and
 * a write from another program's connection racing the commit waits and lands, or gets a clear BUSY, never a lost
 * row. (This process's own writes wait for the commit at the handler table's write gate instead: write-gate.test.ts.)
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import { readImportFile } from '../../../db/import/read.ts';
import { readRememberedMapping } from '../../../db/import/remembered.ts';
import { commitImport } from '../../../db/import/run.ts';
import { LATEST_VERSION } from '../../../db/migrations/index.ts';
import type { RegisterSession } from '../../../db/session.ts';
import { installCaptureTriggers } from '../../../db/team/row-spec.ts';
import { inThreadRunner, type WorkRunner, workerRunner } from '../../../db/work/runner.ts';
import { countingJobs, dumpRegister, makeApp, makeTempDir, type TempDir } from '../helpers.ts';

let tmp: TempDir;
const runners: WorkRunner[] = [];
const sessions: RegisterSession[] = [];

beforeEach(() => {
  tmp = makeTempDir('rr-commit-worker-');
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  for (const w of runners.splice(0)) await w.close();
  tmp.cleanup();
});

/** A window's handlers on `work`, with a fixed clock (so two registers' history can be compared whole). */
function appWith(work: WorkRunner) {
  const { work: counted, jobs } = countingJobs(work);
  const app = makeApp({ work: counted, now: () => new Date('2026-12-01T09:00:00Z') });
  sessions.push(app.session);
  return { ...app, jobs };
}

function worker(): WorkRunner {
  const w = workerRunner(resolve('db/work/worker.ts'));
  runners.push(w);
  return w;
}

function csvOf(path: string, rows: number, opts: { extra?: boolean } = {}): string {
  const lines = ['Ref,Category,Description,Impact,Likelihood,Owner,Mitigation,Status'];
  for (let i = 1; i <= rows; i++) {
    const owner = i % 7 === 0 ? 'Head of Legal Services' : i % 3 === 0 ? 'SP/VV' : 'VV';
    lines.push(
      `W${i},${i % 2 ? 'Finance' : 'People'},Risk ${i},${(i % 5) + 1},${((i >> 2) % 5) + 1},${owner},Plan ${i},${opts.extra ? 'Open' : ''}`,
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function teamRegister(db: Database.Database): void {
  db.prepare(
    "INSERT INTO team (id, server, user, role) VALUES (1, 'postgres://x', 'alice', 'manager')",
  ).run();
  installCaptureTriggers(db);
}

describe('the import commit in the worker', () => {
  it('writes the same rows, history chain and team capture as the calling thread', async () => {
    const csv = csvOf(tmp.file('w.csv'), 600, { extra: true });
    const dumps = [];
    for (const [name, work, team] of [
      ['thread', inThreadRunner, false],
      ['worker', worker(), false],
      ['thread-team', inThreadRunner, true],
      ['worker-team', worker(), true],
    ] as const) {
      const app = appWith(work);
      await app.ok('register:create', { path: tmp.file(`${name}.riskregister`) });
      if (team) teamRegister(app.session.db);
      const p = await app.ok('import:preview', { path: csv, firstRows: 50 });
      if (!p) throw new Error('no preview');
      const r = await app.ok('import:commit', { path: csv, fileHash: p.fileHash });
      expect(r.imported).toBe(600);
      expect(app.jobs).toContain('import:commit');
      const db = app.session.db;
      expect(verifyHistory(db)).toMatchObject({ ok: true });
      // The main connection sees the worker's rows at its next read, and the window's list with them.
      expect((await app.ok('risks:list', {})).length).toBe(600);
      const outbox = db.prepare('SELECT count(*) FROM team_outbox').pluck().get() as number;
      expect(outbox > 0).toBe(team);
      dumps.push(dumpRegister(db));
    }
    // And as the main process's own connection wrote it before (pv15: `commitImport` on the session's connection).
    for (const [i, team] of [
      [0, false],
      [2, true],
    ] as const) {
      const app = appWith(inThreadRunner);
      await app.ok('register:create', { path: tmp.file(`main-${i}.riskregister`) });
      const db = app.session.db;
      if (team) teamRegister(db);
      const file = await readImportFile(csv, readRememberedMapping(db));
      commitImport(db, file, { accept: [] }, { now: '2026-12-01T09:00:00.000Z', by: 'Alice Example' });
      expect(dumpRegister(db)).toEqual(dumps[i]);
    }
    expect(dumps[1]).toEqual(dumps[0]);
    expect(dumps[3]).toEqual(dumps[2]);
  });

  it('refuses with CONFLICT when the register changed since the preview, and writes nothing', async () => {
    const csv = csvOf(tmp.file('c.csv'), 200);
    const app = appWith(worker());
    await app.ok('register:create', { path: tmp.file('c.riskregister') });
    const p = await app.ok('import:preview', { path: csv, firstRows: 50 });
    if (!p) throw new Error('no preview');
    // Another window (another connection) adds a risk between the preview and the commit.
    const otherApp = appWith(inThreadRunner);
    await otherApp.ok('register:open', { path: tmp.file('c.riskregister') });
    await otherApp.ok('risks:create', {
      category: 'Finance',
      description: 'Between',
      impact: 2,
      likelihood: 2,
    });
    const seqBefore = app.session.db.prepare('SELECT max(seq) FROM history').pluck().get();
    const error = await app.fail('import:commit', { path: csv, fileHash: p.fileHash });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/register has changed since c\.csv was previewed/);
    expect(app.session.db.prepare('SELECT count(*) FROM risks').pluck().get()).toBe(1);
    expect(app.session.db.prepare('SELECT max(seq) FROM history').pluck().get()).toBe(seqBefore);
  });

  it('refuses with CONFLICT when the file changed since the preview', async () => {
    const csv = csvOf(tmp.file('f.csv'), 200);
    const app = appWith(worker());
    await app.ok('register:create', { path: tmp.file('f.riskregister') });
    const p = await app.ok('import:preview', { path: csv, firstRows: 50 });
    if (!p) throw new Error('no preview');
    csvOf(csv, 201);
    const error = await app.fail('import:commit', { path: csv, fileHash: p.fileHash });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/f\.csv has changed since it was previewed/);
    expect(app.session.db.prepare('SELECT count(*) FROM risks').pluck().get()).toBe(0);
  });

  it('refuses a read-only register before any job runs', async () => {
    const path = tmp.file('future.riskregister');
    const maker = appWith(inThreadRunner);
    await maker.ok('register:create', { path });
    maker.session.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 10}`);
    raw.close();
    const csv = csvOf(tmp.file('r.csv'), 20);
    const app = appWith(worker());
    await app.ok('register:open', { path });
    const p = await app.ok('import:preview', { path: csv });
    if (!p) throw new Error('no preview');
    app.jobs.length = 0;
    const error = await app.fail('import:commit', { path: csv, fileHash: p.fileHash });
    expect(error.code).toBe('READ_ONLY');
    expect(app.jobs).toEqual([]);
  });

  it("refuses, in the worker's own connection, a register a newer app changed after it was opened", async () => {
    const path = tmp.file('later.riskregister');
    const app = appWith(worker());
    await app.ok('register:create', { path });
    const csv = csvOf(tmp.file('l.csv'), 20);
    const p = await app.ok('import:preview', { path: csv });
    if (!p) throw new Error('no preview');
    app.session.db.pragma(`user_version = ${LATEST_VERSION + 10}`);
    const error = await app.fail('import:commit', { path: csv, fileHash: p.fileHash });
    expect(error.code).toBe('READ_ONLY');
    expect(app.session.db.prepare('SELECT count(*) FROM risks').pluck().get()).toBe(0);
  });

  it("another program's write racing the commit waits for it and lands; with no time left to wait it is refused BUSY; no row is lost", async () => {
    const csv = csvOf(tmp.file('race.csv'), 20000);
    for (const patience of [5000, 0]) {
      const path = tmp.file(`race-${patience}.riskregister`);
      const app = appWith(worker());
      await app.ok('register:create', { path });
      const p = await app.ok('import:preview', { path: csv, firstRows: 50 });
      if (!p) throw new Error('no preview');
      // A probe that never waits tells when the worker holds the register's write lock.
      const probe = new Database(path);
      probe.pragma('busy_timeout = 0');
      const locked = () => {
        try {
          probe.exec('BEGIN IMMEDIATE; ROLLBACK');
          return false;
        } catch {
          return true;
        }
      };
      const commit = app.call('import:commit', { path: csv, fileHash: p.fileHash });
      let seen = false;
      for (let i = 0; i < 2000 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 2));
        seen = locked();
      }
      probe.close();
      expect(seen).toBe(true);
      // Another program on the same register (its own session and connection: this app's write gate is not its
      // own), waiting on SQLite's busy timeout as before.
      const other = appWith(inThreadRunner);
      await other.ok('register:open', { path });
      other.session.db.pragma(`busy_timeout = ${patience}`);
      const write = await other.call('risks:create', {
        category: 'Finance',
        description: 'Written during the import',
        impact: 2,
        likelihood: 2,
      });
      other.session.close();
      const done = await commit;
      expect(done.ok).toBe(true);
      const count = app.session.db.prepare('SELECT count(*) FROM risks').pluck().get();
      if (patience > 0) {
        expect(write.ok).toBe(true);
        expect(count).toBe(20001);
      } else {
        expect(write.ok).toBe(false);
        if (!write.ok) {
          expect(write.error.code).toBe('BUSY');
          expect(write.error.message).toMatch(/did not finish in time, so nothing was saved/);
        }
        expect(count).toBe(20000);
      }
      expect(verifyHistory(app.session.db)).toMatchObject({ ok: true });
    }
  });
});
