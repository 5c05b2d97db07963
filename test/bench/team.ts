/**
 * Team register figures on a throwaway loopback PostgreSQL cluster: `node test/bench/team.ts` (run as root or as a
 * user that can start PostgreSQL; see test/integration/team/pg-cluster.ts). Prints medians of 5 runs: a sync round
 * with nothing to do, a round pushing 100 waiting score edits, and a new laptop joining the published register;
 * then (median of 3) a new laptop joining a 10,000-risk register, beside its floor: the same bytes and rows read raw
 * from the server (the base image, the history rows and the shared row images, one SELECT each). Writes the
 * figures to test-output/bench-team.json too. Never asserts on time; never part of `npm test`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openRegisterFile } from '../../db/connection.ts';
import { connect } from '../../db/team/connect.ts';
import { join as joinTeam, publish } from '../../db/team/server.ts';
import { syncRound } from '../../db/team/sync.ts';
import { startCluster } from '../integration/team/pg-cluster.ts';
import { makeApp } from '../integration/helpers.ts';
import { createRisk } from '../../db/risk-writes.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { SCHEMA } from '../../db/team/server-schema.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const cluster = await startCluster();
const dir = mkdtempSync(join(tmpdir(), 'rr-bench-team-'));
try {
  const file = join(dir, 'reg.riskreg');
  const app = makeApp({ now: () => new Date() });
  await app.ok('register:create', { path: file, sample: true });
  app.close();
  const client = await connect(cluster.adminUrl());
  await publish(client, file, cluster.adminUrl());
  const idle: number[] = [];
  const push: number[] = [];
  const joins: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const open = openRegisterFile(file);
    let t = performance.now();
    await syncRound(open.db, file, client);
    idle.push(performance.now() - t);
    open.db.close();
    const ed = makeApp({ now: () => new Date() });
    await ed.ok('register:open', { path: file });
    const risks = await ed.ok('risks:list', {});
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
    t = performance.now();
    const res = await syncRound(again.db, file, client);
    push.push(performance.now() - t);
    again.db.close();
    if (res.pushed !== 100) throw new Error(`pushed ${res.pushed}`);
    const laptop = join(dir, `laptop-${run}.riskreg`);
    t = performance.now();
    await joinTeam(client, laptop, cluster.adminUrl());
    const l = openRegisterFile(laptop);
    await syncRound(l.db, laptop, client);
    l.db.close();
    joins.push(performance.now() - t);
  }
  await client.end();
  const f = (xs: number[]) =>
    `${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
  console.log(`sync round, nothing to do:        ${f(idle)}`);
  console.log(`sync round, 100 waiting edits:    ${f(push)}`);
  console.log(`join (19 risks, growing history): ${f(joins)}`);

  // A new laptop joining a 10,000-risk register (each risk with an action), and the floor.
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
  let t = performance.now();
  await publish(bigClient, big, bigUrl);
  const publishMs = performance.now() - t;
  const bigJoins: number[] = [];
  const floors: number[] = [];
  const rawRows: number[] = [];
  let imageMb = 0;
  for (let run = 0; run < 3; run += 1) {
    const laptop = join(dir, `big-laptop-${run}.riskreg`);
    t = performance.now();
    await joinTeam(bigClient, laptop, bigUrl);
    const l = openRegisterFile(laptop);
    await syncRound(l.db, laptop, bigClient);
    l.db.close();
    bigJoins.push(performance.now() - t);
    // The floor: what a join must at least fetch, the base image, read raw (nothing pulled since publish).
    t = performance.now();
    const img = await bigClient.query<{ b: Buffer }>(
      `SELECT base_image AS b FROM ${SCHEMA}.team_meta WHERE id = 1`,
    );
    floors.push(performance.now() - t);
    imageMb = (img.rows[0]?.b.length ?? 0) / 1024 / 1024;
    t = performance.now();
    await bigClient.query(`SELECT * FROM ${SCHEMA}.history ORDER BY seq`);
    await bigClient.query(`SELECT * FROM ${SCHEMA}.rows`);
    rawRows.push(performance.now() - t);
  }
  await bigClient.end();
  console.log(`publish (${riskCount} risks + as many actions): ${publishMs.toFixed(0)} ms`);
  console.log(`join (${riskCount} risks), target ≤ 10 s:     ${f(bigJoins)}`);
  console.log(`  floor (raw SELECT of the ${imageMb.toFixed(1)} MB base image): ${f(floors)}`);
  console.log(`  raw SELECT of all history and shared rows:  ${f(rawRows)}`);
  const out = join(dirname(fileURLToPath(import.meta.url)), '../../test-output/bench-team.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        idleRoundMs: median(idle),
        push100Ms: median(push),
        joinSampleMs: median(joins),
        bigRisks: riskCount,
        publishBigMs: publishMs,
        joinBigMs: median(bigJoins),
        joinBigFloorMs: median(floors),
        baseImageMb: imageMb,
        rawHistoryAndRowsMs: median(rawRows),
      },
      null,
      2,
    ) + '\n',
  );
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
