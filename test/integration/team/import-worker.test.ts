/**
 * An import into a team register, committed by the worker on a connection of its own (issue 14, pv16): the capture
 * triggers are in the database, so the worker's connection records the import's changes for sync exactly as the
 * main connection did, and the next sync round carries them to a real PostgreSQL server.
 */
import pg from 'pg';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trustedPaths } from '../../../db/files/grants.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { RegisterSession } from '../../../db/session.ts';
import { createTeamSync } from '../../../db/team/service.ts';
import Database from 'better-sqlite3';
import { workerRunner } from '../../../db/work/runner.ts';
import type { Channel, InputOf, OutputOf, Result } from '../../../shared/contract/index.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import { syncOnce } from './team-helpers.ts';
import { setUpTeam, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-import-');

describe('an import into a team register', () => {
  it('is committed by the worker, captured for sync and reaches the server', async () => {
    const name = 'alice_imp';
    const team = await setUpTeam(env, 'importworker', [
      { name, role: 'manager', password: 'alice-password-123' },
    ]);
    const file = team.files[name] ?? '';
    const csv = env.tmp().file('team-import.csv');
    const lines = ['Ref,Category,Description,Impact,Likelihood,Owner'];
    for (let i = 1; i <= 40; i++) lines.push(`TI${i},Finance,Imported ${i},${(i % 5) + 1},3,SP`);
    writeFileSync(csv, lines.join('\n') + '\n');

    const work = workerRunner(resolve('db/work/worker.ts'));
    const session = new RegisterSession();
    const handlers = createHandlers({
      session,
      files: trustedPaths,
      now: () => new Date(),
      user: () => 'Alice',
      dialogs: noDialogs,
      work,
    });
    const ok = async <C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> => {
      const r = (await dispatch(handlers, channel, input)) as Result<OutputOf<C>>;
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    try {
      await ok('register:open', { path: file });
      const before = session.db.prepare('SELECT count(*) FROM team_outbox').pluck().get() as number;
      const p = await ok('import:preview', { path: csv, firstRows: 10 });
      if (!p) throw new Error('no preview');
      const r = await ok('import:commit', { path: csv, fileHash: p.fileHash });
      expect(r.imported).toBe(40);
      const captured = session.db
        .prepare("SELECT count(*) FROM team_outbox WHERE label = 'risks' OR entity = 'risk'")
        .pluck()
        .get() as number;
      const after = session.db.prepare('SELECT count(*) FROM team_outbox').pluck().get() as number;
      expect(after - before).toBeGreaterThanOrEqual(40);
      expect(captured).toBeGreaterThanOrEqual(40);
    } finally {
      session.close();
      await work.close();
    }

    expect(await syncOnce(file, team.url(name))).toBeNull();
    const c = new pg.Client({ connectionString: team.server });
    await c.connect();
    try {
      const refs = (
        await c.query<{ ref: string }>(
          "SELECT ref FROM risk_register.risks WHERE ref LIKE 'TI%' AND NOT deleted ORDER BY ref",
        )
      ).rows.map((x) => x.ref);
      expect(refs).toHaveLength(40);
      const imports = await c.query(
        "SELECT 1 FROM risk_register.history WHERE entity = 'register' AND action = 'import'",
      );
      expect(imports.rowCount).toBe(1);
    } finally {
      await c.end();
    }
  }, 120_000);

  it('a sync round started while the worker writes the import waits for it (the write gate), then carries it', async () => {
    const name = 'bob_gate';
    const password = 'bob-password-123';
    const team = await setUpTeam(env, 'importgate', [{ name, role: 'manager', password }]);
    const file = team.files[name] ?? '';
    const rows = 2000;
    const csv = env.tmp().file('team-gate.csv');
    const lines = ['Ref,Category,Description,Impact,Likelihood,Owner'];
    for (let i = 1; i <= rows; i++) lines.push(`TG${i},Finance,Imported ${i},${(i % 5) + 1},3,SP`);
    writeFileSync(csv, lines.join('\n') + '\n');

    const work = workerRunner(resolve('db/work/worker.ts'));
    const session = new RegisterSession();
    const teamSync = createTeamSync({ session, password: () => password });
    const handlers = createHandlers({
      session,
      files: trustedPaths,
      now: () => new Date(),
      user: () => 'Bob',
      dialogs: noDialogs,
      work,
      teamSync,
    });
    const call = <C extends Channel>(channel: C, input: InputOf<C>) =>
      dispatch(handlers, channel, input) as Promise<Result<OutputOf<C>>>;
    try {
      const opened = await call('register:open', { path: file });
      expect(opened.ok).toBe(true);
      const p = await call('import:preview', { path: csv, firstRows: 10 });
      if (!p.ok || !p.value) throw new Error('no preview');
      const commit = call('import:commit', { path: csv, fileHash: p.value.fileHash });
      // Once the worker holds the register's write lock, the round is asked for (the loop's way: the service).
      const probe = new Database(file);
      probe.pragma('busy_timeout = 0');
      let seen = false;
      for (let i = 0; i < 5000 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 2));
        try {
          probe.exec('BEGIN IMMEDIATE; ROLLBACK');
        } catch {
          seen = true;
        }
      }
      probe.close();
      expect(seen).toBe(true);
      expect(session.writingElsewhere).not.toBeNull();
      const round = await teamSync.syncNow();
      const done = await commit;
      expect(done.ok).toBe(true);
      expect(round.pushed).toBeGreaterThanOrEqual(rows);
      expect(session.db.prepare('SELECT count(*) FROM team_outbox').pluck().get()).toBe(0);
    } finally {
      session.close();
      await work.close();
    }
    const c = new pg.Client({ connectionString: team.server });
    await c.connect();
    try {
      const n = await c.query("SELECT 1 FROM risk_register.risks WHERE ref LIKE 'TG%' AND NOT deleted");
      expect(n.rowCount).toBe(rows);
    } finally {
      await c.end();
    }
  }, 180_000);
});
