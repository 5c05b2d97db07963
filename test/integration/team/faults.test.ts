/**
 * Network and process faults during a push, against a real PostgreSQL through a TCP proxy: the server's reply lost
 * after it committed, and a laptop process SIGKILLed while waiting for an answer. In both cases the outbox survives
 * on the laptop and every operation is applied on the server exactly once.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import type { Proxy } from './tcp-proxy.ts';
import { startProxy } from './tcp-proxy.ts';
import { ok, readReplica, rr } from './team-helpers.ts';

const BIN = fileURLToPath(new URL('../../../db/cli/bin.js', import.meta.url));
const PW = 'faulty-password-1';
let cluster: PgCluster;
let proxy: Proxy;
let tmp: TempDir;
let admin: pg.Client;

beforeAll(async () => {
  cluster = await startCluster();
  proxy = await startProxy(cluster.port);
  tmp = makeTempDir('rr-team-faults-');
  const file = tmp.file('published.riskreg');
  await ok(['init', '--db', file, '--sample']);
  await ok(['team', 'publish', '--db', file, '--server', cluster.adminUrl()]);
  admin = new pg.Client({ connectionString: cluster.adminUrl() });
  await admin.connect();
  await admin.query(`SELECT 1`);
  await ok(['team', 'add-user', 'fay', '--role', 'manager', '--server', cluster.adminUrl()]).then(() =>
    admin.query(`ALTER ROLE fay PASSWORD '${PW}'`),
  );
}, 60_000);
afterAll(async () => {
  await admin?.end();
  await proxy?.close();
  cluster?.stop();
  tmp?.cleanup();
});

const viaProxy = () => `postgresql://fay:${PW}@127.0.0.1:${proxy.port}/postgres`;

async function serverRows(): Promise<{ seq: number; hash: string; op_id: string | null }[]> {
  const r = await admin.query<{ seq: string; hash: string; op_id: string | null }>(
    'SELECT seq, hash, op_id FROM risk_register.history ORDER BY seq',
  );
  return r.rows.map((x) => ({ ...x, seq: Number(x.seq) }));
}

/** `n` score edits on the laptop through the app's handler table. */
async function edit(path: string, n: number): Promise<void> {
  const app = makeApp({ now: () => new Date() });
  try {
    await app.ok('register:open', { path });
    const risks = await app.ok('risks:list', {});
    for (let i = 0; i < n; i += 1) {
      const risk = risks[i % risks.length];
      if (!risk) throw new Error('no risks');
      const fresh = await app.ok('risks:get', { id: risk.id });
      await app.ok('risks:update-score', {
        id: fresh.id,
        version: fresh.version,
        which: 'current',
        impact: (((fresh.impact ?? 1) % 5) + 1) as 1,
        likelihood: fresh.likelihood,
      });
    }
  } finally {
    app.close();
  }
}

function outboxCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM team_outbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function noDuplicateOps(rows: { op_id: string | null }[]): void {
  const ids = rows.map((r) => r.op_id).filter((x): x is string => x !== null);
  expect(new Set(ids).size).toBe(ids.length);
}

it('a reply lost after the server committed: the retried operation is applied exactly once', async () => {
  const laptop = tmp.file('lost-reply.riskreg');
  await ok(['team', 'join', '--server', viaProxy(), '--db', laptop]);
  await edit(laptop, 3);
  expect(outboxCount(laptop)).toBe(3);
  const before = await serverRows();

  proxy.dropReplyAfter(2);
  const cut = await rr(['sync', '--db', laptop, '--server', viaProxy()]);
  expect(cut.code).toBe(1);
  expect(cut.err).toMatch(/Could not reach|connection|terminated/i);
  // The server committed the first two; the laptop does not know about the second and kept its whole outbox.
  expect((await serverRows()).length).toBe(before.length + 2);
  expect(outboxCount(laptop)).toBe(3);

  expect(await ok(['sync', '--db', laptop, '--server', viaProxy()])).toMatch(
    /^3 pushed, 3 pulled, 0 conflicts/,
  );
  const after = await serverRows();
  expect(after.length).toBe(before.length + 3);
  noDuplicateOps(after);
  expect(outboxCount(laptop)).toBe(0);
  expect(readReplica(laptop).history.map((h) => ({ seq: h.seq, hash: h.hash }))).toEqual(
    after.map((h) => ({ seq: h.seq, hash: h.hash })),
  );
  expect(await ok(['audit', 'verify', '--db', laptop])).toMatch(/intact/i);
}, 120_000);

it('a laptop SIGKILLed in the middle of a push: its outbox survives and is applied exactly once', async () => {
  const laptop = tmp.file('killed.riskreg');
  await ok(['team', 'join', '--server', viaProxy(), '--db', laptop]);
  await edit(laptop, 12);
  expect(outboxCount(laptop)).toBe(12);
  const before = await serverRows();

  // The answer to the 5th operation is held: the process is then waiting on the network, 5 operations committed.
  const held = proxy.holdReplyAfter(5);
  const env: NodeJS.ProcessEnv = { ...process.env, PGPASSWORD: PW };
  delete env['NODE_OPTIONS'];
  const child = spawn(
    process.execPath,
    [BIN, 'sync', '--db', laptop, '--server', `postgresql://fay@127.0.0.1:${proxy.port}/postgres`],
    {
      env,
      stdio: 'ignore',
    },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  await held;
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect((await serverRows()).length).toBe(before.length + 5);
  expect(outboxCount(laptop)).toBe(12);
  expect(readReplica(laptop).integrity).toBe('ok');

  expect(await ok(['sync', '--db', laptop, '--server', viaProxy()])).toMatch(
    /^12 pushed, 12 pulled, 0 conflicts/,
  );
  const after = await serverRows();
  expect(after.length).toBe(before.length + 12);
  noDuplicateOps(after);
  expect(outboxCount(laptop)).toBe(0);
  expect(readReplica(laptop).history.map((h) => ({ seq: h.seq, hash: h.hash }))).toEqual(
    after.map((h) => ({ seq: h.seq, hash: h.hash })),
  );
  expect(await ok(['team', 'verify', '--server', cluster.adminUrl()])).toMatch(/intact/);
}, 120_000);

it('offline: sync says so and what happens to the changes, and the outbox waits untouched', async () => {
  const laptop = tmp.file('offline.riskreg');
  await ok(['team', 'join', '--server', viaProxy(), '--db', laptop]);
  await edit(laptop, 2);
  const closed = await startProxy(1); // a proxy to nowhere: every connection is cut at once
  await closed.close();
  const r = await rr([
    'sync',
    '--db',
    laptop,
    '--server',
    `postgresql://fay:${PW}@127.0.0.1:${closed.port}/postgres`,
  ]);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/Could not reach .*You can keep working offline; your changes wait on this computer/);
  expect(r.err).not.toContain(PW);
  expect(outboxCount(laptop)).toBe(2);
  expect(JSON.parse(await ok(['team', 'status', '--db', laptop, '--json']))).toMatchObject({ waiting: 2 });
  expect(await ok(['sync', '--db', laptop, '--server', viaProxy()])).toMatch(
    /^2 pushed, \d+ pulled, 0 conflicts/,
  );
}, 120_000);
