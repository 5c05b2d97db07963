/**
 * A manager takes a snapshot offline and syncs; the server's reply to the first of its frozen risks is lost (found
 * by the convergence property, seed -887722354, docs/team.md). The snapshot travels as its frozen risks
 * (`snapshot_risks`) then the `snapshots` row that seals them, pushed one by one: the server committed the first
 * frozen risk and nothing more, and every other laptop's sync then failed with "FOREIGN KEY constraint failed" (a
 * frozen risk of a snapshot it does not have) until the first laptop pushed the rest. The frozen risks and their
 * snapshot must reach the server together or not at all: the other laptop syncs, and once the first pushes again
 * both hold the whole snapshot, as the server does. With PostgreSQL really running and the reply really lost.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRegisterFile } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { addUser } from '../../../db/team/server.ts';
import { connect } from '../../../db/team/connect.ts';
import type { TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import type { Proxy } from './tcp-proxy.ts';
import { startProxy } from './tcp-proxy.ts';
import { ok, replicaRows, syncOnce } from './team-helpers.ts';

let cluster: PgCluster;
let proxy: Proxy;
let tmp: TempDir;
beforeAll(async () => {
  cluster = await startCluster();
  proxy = await startProxy(cluster.port);
  tmp = makeTempDir('rr-team-snap-');
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  cluster?.stop();
  tmp?.cleanup();
}, 60_000);

it('a snapshot whose push is cut after its first frozen risk: the other laptop still syncs, then both hold it whole', async () => {
  const admin = new pg.Client({ connectionString: cluster.adminUrl() });
  await admin.connect();
  await admin.query('CREATE DATABASE reg');
  await admin.end();
  const published = tmp.file('published.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', cluster.adminUrl('reg')]);
  const mgr = await connect(cluster.adminUrl('reg'));
  try {
    const laptops: { file: string; direct: string; viaProxy: string }[] = [];
    for (const name of ['ma', 'mb']) {
      await addUser(mgr, name, 'manager', undefined, `password-${name}-xyz`);
      const auth = `postgresql://${name}:password-${name}-xyz@127.0.0.1`;
      const file = tmp.file(`${name}.riskreg`);
      const direct = `${auth}:${cluster.port}/reg`;
      await ok(['team', 'join', '--server', direct, '--db', file]);
      laptops.push({ file, direct, viaProxy: `${auth}:${proxy.port}/reg` });
    }
    const [a, b] = laptops;
    if (!a || !b) throw new Error('two laptops');
    const app = makeApp({ now: () => new Date() });
    let frozen: number;
    try {
      await app.ok('register:open', { path: b.file });
      frozen = (await app.ok('snapshots:take', { name: 'Q3 board' })).riskCount;
    } finally {
      app.close();
    }
    expect(frozen).toBeGreaterThan(1);
    // The reply to the first frozen risk is lost and the connection cut: the round fails on laptop B.
    proxy.dropReplyAfter(1);
    expect(await syncOnce(b.file, b.viaProxy)).toMatch(/Could not reach the team server/);
    proxy.dropReplyAfter(Number.MAX_SAFE_INTEGER);
    // Laptop A syncs (it failed with "FOREIGN KEY constraint failed"): the server holds none of the snapshot.
    expect(await syncOnce(a.file, a.direct)).toBeNull();
    const held = async (tbl: string) =>
      (
        await mgr.query<{ data: Record<string, unknown> }>(
          'SELECT data FROM risk_register.rows WHERE tbl = $1',
          [tbl],
        )
      ).rows.length;
    expect(await held('snapshot_risks')).toBe(0);
    // Laptop B pushes again: the whole snapshot reaches the server and laptop A.
    expect(await syncOnce(b.file, b.direct)).toBeNull();
    expect(await syncOnce(a.file, a.direct)).toBeNull();
    expect(await held('snapshots')).toBe(1);
    expect(await held('snapshot_risks')).toBe(frozen);
    for (const table of ['snapshots', 'snapshot_risks']) {
      expect(replicaRows(a.file, table), table).toEqual(replicaRows(b.file, table));
    }
    expect(replicaRows(a.file, 'snapshot_risks')).toHaveLength(frozen);
    const appA = makeApp({ now: () => new Date() });
    try {
      await appA.ok('register:open', { path: a.file });
      const list = await appA.ok('snapshots:list', {});
      expect(list.map((s) => [s.name, s.riskCount])).toEqual([['Q3 board', frozen]]);
    } finally {
      appA.close();
    }
    for (const { file } of laptops) {
      const open = openRegisterFile(file);
      try {
        expect(verifyHistory(open.db).ok).toBe(true);
        expect(open.db.prepare('SELECT count(*) AS n FROM team_outbox').get()).toEqual({ n: 0 });
        expect(open.db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        open.db.close();
      }
    }
  } finally {
    await mgr.end();
  }
}, 300_000);
