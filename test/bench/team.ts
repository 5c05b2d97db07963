/**
 * Team register figures on a throwaway loopback PostgreSQL cluster, each beside a floor measured in the same run
 * (issue 10): part of `npm run bench` (test/bench/ops.ts, operation `team`) when the PostgreSQL binaries are
 * present; alone with `node test/bench/team.ts [repeats]` (prints the rows as JSON). Run as root or as a user that
 * can start PostgreSQL (see test/integration/team/pg-cluster.ts). Never asserts on time; never part of `npm test`.
 *
 * - a sync round with nothing to do (target ≤ 50 ms) beside one raw `pg` round trip (`SELECT 1`);
 * - a round pushing 100 waiting score edits (≤ 1 s) beside 100 operations sent raw through the same server function
 *   (`apply_op`, no SQLite);
 * - a new laptop joining a 10,000-risk register, each risk with an action (≤ 10 s) beside reading its base image.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openRegisterFile } from '../../db/connection.ts';
import { createRisk } from '../../db/risk-writes.ts';
import { connect } from '../../db/team/connect.ts';
import { join as joinTeam, publish } from '../../db/team/server.ts';
import { SCHEMA } from '../../db/team/server-schema.ts';
import { pushOne, syncRound } from '../../db/team/sync.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { makeApp } from '../integration/helpers.ts';
import { startCluster } from '../integration/team/pg-cluster.ts';

export interface TeamFigure {
  size: number;
  op: string;
  runs: number[];
  floor: number[];
  note: string;
}

const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

export async function teamFigures(
  repeats: number,
  log: (s: string) => void = () => {},
): Promise<TeamFigure[]> {
  const cluster = await startCluster();
  const dir = mkdtempSync(join(tmpdir(), 'rr-bench-team-'));
  try {
    log('team: publishing the sample register…\n');
    const file = join(dir, 'reg.riskreg');
    const app = makeApp({ now: () => new Date() });
    await app.ok('register:create', { path: file, sample: true });
    app.close();
    const client = await connect(cluster.adminUrl());
    await publish(client, file, cluster.adminUrl());
    const idle: number[] = [];
    const idleFloor: number[] = [];
    const push: number[] = [];
    const pushFloor: number[] = [];
    let sampleRisks = 0;
    let rawN = 0;
    for (let run = 0; run < repeats; run += 1) {
      const open = openRegisterFile(file);
      await syncRound(open.db, file, client);
      idle.push(await time(() => syncRound(open.db, file, client)));
      open.db.close();
      idleFloor.push(await time(() => client.query('SELECT 1')));

      const ed = makeApp({ now: () => new Date() });
      await ed.ok('register:open', { path: file });
      const risks = await ed.ok('risks:list', {});
      sampleRisks = risks.length;
      for (let i = 0; i < 100; i += 1) {
        const r = await ed.ok('risks:get', { id: risks[i % risks.length]?.id ?? '' });
        await ed.ok('risks:update-score', {
          id: r.id,
          version: r.version,
          which: 'current',
          impact: (((r.impact ?? 1) % 5) + 1) as 1,
          likelihood: r.likelihood,
        });
      }
      ed.close();
      const again = openRegisterFile(file);
      let pushed = 0;
      push.push(
        await time(async () => {
          pushed = (await syncRound(again.db, file, client)).pushed;
        }),
      );
      again.db.close();
      if (pushed !== 100) throw new Error(`pushed ${pushed}, not 100`);

      // The floor: 100 operations through the same server function, built in memory (no SQLite, no pull).
      const target = risks[run % risks.length];
      if (!target) throw new Error('no risk');
      const cur = await client.query<{ d: string }>(
        `SELECT fields->>'description' AS d FROM ${SCHEMA}.risks WHERE id = $1`,
        [target.id],
      );
      let prev = cur.rows[0]?.d ?? '';
      const ops = Array.from({ length: 100 }, (_, i) => {
        const next = `Bench description ${run}.${i}`;
        rawN += 1;
        const op = {
          id: rawN,
          op_id: `bench-raw-${run}-${i}`,
          entity: 'risk',
          entity_id: target.id,
          label: target.ref,
          action: 'update',
          field: 'description',
          old_value: JSON.stringify(prev),
          new_value: JSON.stringify(next),
          reason: null,
          at: new Date().toISOString(),
        };
        prev = next;
        return op;
      });
      pushFloor.push(
        await time(async () => {
          for (const op of ops) {
            const a = await pushOne(client, op);
            if (a.status !== 'accepted') throw new Error(`raw op ${a.status}`);
          }
        }),
      );
    }
    await client.end();

    log('team: building and publishing a 10,000-risk register…\n');
    const big = join(dir, 'big.riskreg');
    const maker = makeApp({ now: () => new Date() });
    await maker.ok('register:create', { path: big, sample: true });
    maker.close();
    const bigDb = openRegisterFile(big).db;
    const cats = (bigDb.prepare('SELECT name FROM categories').pluck().all() as string[]).slice(0, 6);
    const ctx = { now: new Date().toISOString(), by: 'Bench' };
    writeTransaction(bigDb, () => {
      for (let i = 0; i < 10_000 - 19; i += 1) {
        const r = createRisk(
          bigDb,
          {
            ref: `BIG-${i + 1}`,
            category: cats[i % cats.length] ?? 'Finance',
            description: `Risk ${i + 1}: a description of a realistic length for a council's strategic register entry`,
            impact: ((i % 5) + 1) as 1,
            likelihood: (((i >> 3) % 5) + 1) as 1,
            inherent: { impact: 5, likelihood: 4 },
            target: { impact: 2, likelihood: 2 },
            mitigation: 'Monthly monitoring by the service; quarterly report to the audit committee.',
            owners: ['AB'],
          },
          ctx,
          'import',
        );
        bigDb
          .prepare(
            `INSERT INTO actions (id, risk_id, text, status, position, created_at, updated_at)
             VALUES (?, ?, 'Review the controls with the service lead', 'planned', 1, ?, ?)`,
          )
          .run(`act-${i}`, r.id, ctx.now, ctx.now);
      }
    });
    const riskCount = bigDb.prepare('SELECT count(*) FROM risks').pluck().get() as number;
    bigDb.close();
    const admin = await connect(cluster.adminUrl());
    await admin.query('CREATE DATABASE big');
    await admin.end();
    const bigUrl = cluster.adminUrl('big');
    const bigClient = await connect(bigUrl);
    const publishMs = await time(() => publish(bigClient, big, bigUrl));
    const joins: number[] = [];
    const joinFloor: number[] = [];
    let imageMb = 0;
    for (let run = 0; run < repeats; run += 1) {
      log(`team: join ${run + 1} of ${repeats}…\n`);
      const laptop = join(dir, `big-laptop-${run}.riskreg`);
      joins.push(
        await time(async () => {
          await joinTeam(bigClient, laptop, bigUrl);
          const l = openRegisterFile(laptop);
          await syncRound(l.db, laptop, bigClient);
          l.db.close();
        }),
      );
      // The floor: what a join must at least fetch, the base image, read raw (nothing pulled since publish).
      joinFloor.push(
        await time(async () => {
          const img = await bigClient.query<{ b: Buffer }>(
            `SELECT base_image AS b FROM ${SCHEMA}.team_meta WHERE id = 1`,
          );
          imageMb = (img.rows[0]?.b.length ?? 0) / 1024 / 1024;
        }),
      );
    }
    await bigClient.end();
    return [
      {
        size: sampleRisks,
        op: 'team: sync round, nothing to do (target ≤ 50 ms)',
        runs: idle,
        floor: idleFloor,
        note: 'floor: one raw pg round trip (SELECT 1)',
      },
      {
        size: sampleRisks,
        op: 'team: sync round pushing 100 waiting edits (target ≤ 1 s)',
        runs: push,
        floor: pushFloor,
        note: 'floor: 100 operations sent raw through apply_op',
      },
      {
        size: riskCount,
        op: 'team: a new laptop joins (target ≤ 10 s)',
        runs: joins,
        floor: joinFloor,
        note: `floor: reading the ${imageMb.toFixed(1)} MB base image; publish took ${publishMs.toFixed(0)} ms`,
      },
    ];
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await teamFigures(Math.max(1, Number(process.argv[2] ?? 3)), (s) =>
    process.stderr.write(s),
  );
  console.log(JSON.stringify(figures, null, 2));
}
