/**
 * Property: 2–5 laptops (managers) make random offline edits (risk scores and text, actions added and edited) and
 * sync in a random order through a proxy that randomly loses the server's reply after it committed. After everyone
 * has synced twice with the network healthy, every laptop holds exactly the server's risks, history (same hashes)
 * and shared rows (actions included, equal to the server's `rows`), the chain verifies, and every operation any
 * laptop recorded has an answer on the server (none lost), applied at most once.
 */
import fc from 'fast-check';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRegisterFile } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { addUser } from '../../../db/team/server.ts';
import { connect } from '../../../db/team/connect.ts';
import { syncRound } from '../../../db/team/sync.ts';
import { REPLICATED, rowImagesSql } from '../../../db/team/row-spec.ts';
import type { TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import type { Proxy } from './tcp-proxy.ts';
import { startProxy } from './tcp-proxy.ts';
import { ok, readReplica } from './team-helpers.ts';

let cluster: PgCluster;
let proxy: Proxy;
let tmp: TempDir;
let run = 0;

beforeAll(async () => {
  cluster = await startCluster();
  proxy = await startProxy(cluster.port);
  tmp = makeTempDir('rr-team-prop-');
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  cluster?.stop();
  tmp?.cleanup();
});

type Step =
  | { kind: 'score'; laptop: number; risk: number; impact: number; likelihood: number }
  | { kind: 'text'; laptop: number; risk: number; text: string }
  | { kind: 'action'; laptop: number; risk: number; text: string }
  | { kind: 'action-edit'; laptop: number; risk: number; text: string; done: boolean }
  | { kind: 'sync'; laptop: number; dropAfter: number | null };

const stepArb = (laptops: number): fc.Arbitrary<Step> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('score' as const),
      laptop: fc.nat({ max: laptops - 1 }),
      risk: fc.nat({ max: 4 }),
      impact: fc.integer({ min: 1, max: 5 }),
      likelihood: fc.integer({ min: 1, max: 5 }),
    }),
    fc.record({
      kind: fc.constant('text' as const),
      laptop: fc.nat({ max: laptops - 1 }),
      risk: fc.nat({ max: 4 }),
      text: fc.constantFrom('Alpha', 'Beta', 'Gamma'),
    }),
    fc.record({
      kind: fc.constant('action' as const),
      laptop: fc.nat({ max: laptops - 1 }),
      risk: fc.nat({ max: 1 }),
      text: fc.constantFrom('Call the insurer', 'Brief cabinet'),
    }),
    fc.record({
      kind: fc.constant('action-edit' as const),
      laptop: fc.nat({ max: laptops - 1 }),
      risk: fc.nat({ max: 1 }),
      text: fc.constantFrom('Delta', 'Epsilon'),
      done: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('sync' as const),
      laptop: fc.nat({ max: laptops - 1 }),
      dropAfter: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    }),
  );

const scenario = fc
  .integer({ min: 2, max: 5 })
  .chain((n) =>
    fc.record({ laptops: fc.constant(n), steps: fc.array(stepArb(n), { minLength: 4, maxLength: 14 }) }),
  );

function opIds(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT op_id FROM team_outbox').all() as { op_id: string }[]).map((r) => r.op_id);
  } finally {
    db.close();
  }
}

/** Every shared row of a replica, table by table, in key order. */
function sharedState(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(
      REPLICATED.map((t) => [
        t.table,
        (db.prepare(`${rowImagesSql(t)} ORDER BY pk`).all() as { data: string }[]).map(
          (r) => JSON.parse(r.data) as unknown,
        ),
      ]),
    );
  } finally {
    db.close();
  }
}

async function syncVia(path: string, url: string): Promise<boolean> {
  const open = openRegisterFile(path);
  try {
    const client = await connect(url);
    try {
      await syncRound(open.db, path, client);
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch {
    return false;
  } finally {
    open.db.close();
  }
}

it('every laptop converges to the server and no operation is lost or applied twice', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ laptops, steps }) => {
      run += 1;
      const dbName = `prop${run}`;
      const admin = new pg.Client({ connectionString: cluster.adminUrl() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
      const published = tmp.file(`${dbName}.riskreg`);
      await ok(['init', '--db', published, '--sample']);
      await ok(['team', 'publish', '--db', published, '--server', cluster.adminUrl(dbName)]);
      const mgr = await connect(cluster.adminUrl(dbName));
      const files: string[] = [];
      const urls: string[] = [];
      try {
        for (let i = 0; i < laptops; i += 1) {
          const name = `m${run}_${i}`;
          await addUser(mgr, name, 'manager', undefined, `password-${name}-xyz`);
          urls.push(`postgresql://${name}:password-${name}-xyz@127.0.0.1:${proxy.port}/${dbName}`);
          files.push(tmp.file(`${dbName}-${i}.riskreg`));
          await ok(['team', 'join', '--server', urls[i] ?? '', '--db', files[i] ?? '']);
        }
        const recorded = new Set<string>();
        for (const s of steps) {
          const path = files[s.laptop] ?? '';
          if (s.kind === 'sync') {
            for (const id of opIds(path)) recorded.add(id);
            if (s.dropAfter !== null) proxy.dropReplyAfter(s.dropAfter);
            await syncVia(path, urls[s.laptop] ?? '');
            proxy.dropReplyAfter(Number.MAX_SAFE_INTEGER);
            continue;
          }
          const app = makeApp({ now: () => new Date() });
          try {
            await app.ok('register:open', { path });
            const risks = await app.ok('risks:list', {});
            const r = risks[s.risk];
            if (!r) throw new Error('no risk');
            if (s.kind === 'score') {
              await app.ok('risks:update-score', {
                id: r.id,
                version: r.version,
                which: 'current',
                impact: s.impact as 1,
                likelihood: s.likelihood as 1,
              });
            } else if (s.kind === 'action') {
              await app.ok('actions:create', { riskId: r.id, text: s.text });
            } else if (s.kind === 'action-edit') {
              const act = (await app.ok('actions:list', { riskId: r.id }))[0];
              if (act) {
                await app.ok('actions:update', {
                  id: act.id,
                  version: act.version,
                  changes: { text: s.text, status: s.done ? 'done' : 'in_progress' },
                });
              }
            } else {
              await app.ok('risks:update', {
                id: r.id,
                version: r.version,
                changes: { description: s.text },
              });
            }
          } finally {
            app.close();
          }
        }
        for (const path of files) for (const id of opIds(path)) recorded.add(id);
        for (let round = 0; round < 2; round += 1) {
          for (let i = 0; i < laptops; i += 1)
            expect(await syncVia(files[i] ?? '', urls[i] ?? '')).toBe(true);
        }
        const server = (
          await mgr.query<{ seq: string; hash: string; op_id: string | null }>(
            'SELECT seq, hash, op_id FROM risk_register.history ORDER BY seq',
          )
        ).rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
        const answered = new Set(
          (await mgr.query<{ op_id: string }>('SELECT op_id FROM risk_register.ops')).rows.map(
            (r) => r.op_id,
          ),
        );
        for (const id of recorded) expect(answered.has(id)).toBe(true);
        const applied = (
          await mgr.query<{ op_id: string }>(
            'SELECT op_id FROM risk_register.history WHERE op_id IS NOT NULL',
          )
        ).rows.map((r) => r.op_id);
        expect(new Set(applied).size).toBe(applied.length);
        const first = readReplica(files[0] ?? '');
        const shared = sharedState(files[0] ?? '');
        for (const path of files) expect(sharedState(path)).toEqual(shared);
        // The actions as the server holds them are the laptops' actions.
        const serverActions = (
          await mgr.query<{ data: Record<string, unknown> }>(
            "SELECT data FROM risk_register.rows WHERE tbl = 'actions' ORDER BY data->>'id'",
          )
        ).rows.map((r) => r.data);
        const laptopActions = [...(shared['actions'] as { id: string }[])].sort((x, y) =>
          x.id < y.id ? -1 : x.id > y.id ? 1 : 0,
        );
        expect(serverActions).toEqual(laptopActions);
        expect(first.history.map((h) => ({ seq: h.seq, hash: h.hash }))).toEqual(server);
        for (const path of files) {
          const rep = readReplica(path);
          expect(rep.risks).toEqual(first.risks);
          expect(rep.history).toEqual(first.history);
          expect(rep.integrity).toBe('ok');
          const open = openRegisterFile(path);
          try {
            expect(verifyHistory(open.db).ok).toBe(true);
            expect(open.db.prepare('SELECT count(*) AS n FROM team_outbox').get()).toEqual({ n: 0 });
          } finally {
            open.db.close();
          }
        }
        // The server's current values agree with the laptops'.
        const srv = (
          await mgr.query<{
            id: string;
            fields: { description: string; current: { impact: number; likelihood: number } };
          }>('SELECT id, fields FROM risk_register.risks')
        ).rows.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
        expect(
          srv.map((r) => [r.id, r.fields.description, r.fields.current.impact, r.fields.current.likelihood]),
        ).toEqual(first.risks.map((r) => [r.id, r.description, r.impact, r.likelihood]));
      } finally {
        await mgr.end();
      }
    }),
    { numRuns: 6 },
  );
}, 400_000);
