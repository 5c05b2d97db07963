/**
 * Team register figures on a throwaway loopback PostgreSQL cluster: `node test/bench/team.ts` (run as root or as a
 * user that can start PostgreSQL; see test/integration/team/pg-cluster.ts). Prints medians of 5 runs: a sync round
 * with nothing to do, a round pushing 100 waiting score edits, and a new laptop joining the published register.
 * Never asserts on time; never part of `npm test`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openRegisterFile } from '../../db/connection.ts';
import { connect } from '../../db/team/connect.ts';
import { join as joinTeam, publish } from '../../db/team/server.ts';
import { syncRound } from '../../db/team/sync.ts';
import { startCluster } from '../integration/team/pg-cluster.ts';
import { makeApp } from '../integration/helpers.ts';

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
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
