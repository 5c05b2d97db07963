/**
 * `sslmode=prefer` with PostgreSQL really running (issue 10): a person who ticks "Connect without encryption" for an
 * address saying `prefer` keeps `prefer` (not `disable`), so a server that offers TLS is still encrypted and one that
 * does not is reached without it, as libpq's `prefer` does. `pg` itself reads `prefer` as verify-full and never
 * falls back (checked here first), so db/team/connect.ts does the fallback. Join and Share in the app, Team settings
 * and the CLI (`team join`/`sync --insecure-tls`) all store and use `prefer` the same way. The server is reached on
 * this machine's network address through a forwarder, so the "not this computer" rule applies; TLS is then turned on
 * in the running cluster (self-signed certificate) and the same replicas' rounds are encrypted, seen from the
 * server's own pg_stat_ssl.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRegisterFile } from '../../../db/connection.ts';
import { connect } from '../../../db/team/connect.ts';
import { joinFromApp } from '../../../db/team/join-app.ts';
import { publishFromApp } from '../../../db/team/publish-app.ts';
import { teamRow } from '../../../db/team/replica.ts';
import { addUser } from '../../../db/team/server.ts';
import { createTeamSync } from '../../../db/team/service.ts';
import { changeTeamLogin } from '../../../db/team/settings-app.ts';
import { RegisterSession } from '../../../db/session.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { LanForwarder } from './lan-forwarder.ts';
import { startForwarder, tlsOn } from './lan-forwarder.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import { ok, rr } from './team-helpers.ts';

let cluster: PgCluster;
let tmp: TempDir;
let lan: LanForwarder;
let tlsCleanup: (() => void) | undefined;
const RITA = 'rita-password-123';
const RM = 'rm-password-4567';

beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-prefer-');
  lan = await startForwarder(cluster);
  const admin = await connect(cluster.adminUrl());
  await admin.query(`CREATE ROLE rm LOGIN CREATEROLE PASSWORD '${RM}'`);
  await admin.query('CREATE DATABASE reg OWNER rm');
  await admin.query('CREATE DATABASE shared OWNER rm');
  await admin.end();
}, 60_000);
afterAll(async () => {
  await lan?.close();
  cluster?.stop();
  tlsCleanup?.();
  tmp?.cleanup();
});

/** Whether the connection is encrypted, as the server sees it. */
async function encrypted(client: pg.Client): Promise<boolean> {
  const r = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
  return r.rows[0]?.ssl === true;
}

const remote = (db: string, mode: string) => `postgresql://${lan.host}:${lan.port}/${db}?sslmode=${mode}`;
const storedMode = (path: string) => {
  const open = openRegisterFile(path);
  try {
    return new URL(teamRow(open.db)?.server ?? 'x:').searchParams.get('sslmode');
  } finally {
    open.db.close();
  }
};

it('prefer is stored as prefer by Join, Share, Team settings and the CLI, and means TLS when the server has it', async () => {
  // What pg does with prefer on its own: verify-full, no fallback — refused by a server without TLS.
  const bare = new pg.Client({ connectionString: `${cluster.url('rm', RM, 'reg')}?sslmode=prefer` });
  bare.on('error', () => undefined);
  await expect(bare.connect()).rejects.toThrow(/does not support SSL/);
  await bare.end().catch(() => undefined);

  // Publish over loopback with the CLI; Rita is a viewer.
  const published = tmp.file('published.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', cluster.url('rm', RM, 'reg')]);
  const rm = await connect(cluster.url('rm', RM, 'reg'));
  await addUser(rm, 'rita', 'viewer', undefined, RITA);
  await rm.end();

  // Without the tick, a remote prefer address is refused (an attacker on the way can always make it fall back).
  const rita = tmp.file('rita.riskreg');
  await expect(
    joinFromApp({ server: remote('reg', 'prefer'), user: 'rita', password: RITA }, () =>
      Promise.resolve(rita),
    ),
  ).rejects.toThrow(/is not this computer.*Connect without encryption/);

  // Join in the app with the tick: prefer kept; the server has no TLS yet, so the connection falls back.
  const joined = await joinFromApp(
    { server: remote('reg', 'prefer'), user: 'rita', password: RITA, insecureTls: true },
    () => Promise.resolve(rita),
  );
  expect(joined?.server).toBe(`postgresql://rita@${lan.host}:${lan.port}/reg?sslmode=prefer`);
  expect(storedMode(rita)).toBe('prefer');
  const plain = await connect(`postgresql://rita:${RITA}@${lan.host}:${lan.port}/reg?sslmode=prefer`, {
    insecureTls: true,
  });
  expect(await encrypted(plain)).toBe(false);
  await plain.end();

  // Share in the app with the tick: prefer kept.
  const toShare = tmp.file('to-share.riskreg');
  await ok(['init', '--db', toShare, '--sample']);
  const shared = await publishFromApp(toShare, {
    server: remote('shared', 'prefer'),
    user: 'rm',
    password: RM,
    insecureTls: true,
  });
  expect(shared.server).toBe(`postgresql://rm@${lan.host}:${lan.port}/shared?sslmode=prefer`);
  expect(storedMode(toShare)).toBe('prefer');

  // The CLI: the address as given, with --insecure-tls for a remote one, prefer kept and used.
  const cliCopy = tmp.file('rita-cli.riskreg');
  const refused = await rr(
    [
      'team',
      'join',
      '--server',
      `postgresql://rita@${lan.host}:${lan.port}/reg?sslmode=prefer`,
      '--db',
      cliCopy,
    ],
    RITA,
  );
  expect(refused.err).toMatch(/is not this computer.*--insecure-tls/);
  await ok(
    [
      'team',
      'join',
      '--server',
      `postgresql://rita@${lan.host}:${lan.port}/reg?sslmode=prefer`,
      '--db',
      cliCopy,
      '--insecure-tls',
    ],
    RITA,
  );
  expect(storedMode(cliCopy)).toBe('prefer');

  // Team settings: a replica joined over loopback moves to the remote prefer address, ticked: prefer kept.
  const loop = tmp.file('rita-loopback.riskreg');
  await ok(
    ['team', 'join', '--server', `postgresql://rita@127.0.0.1:${cluster.port}/reg`, '--db', loop],
    RITA,
  );
  {
    const open = openRegisterFile(loop);
    try {
      const team = teamRow(open.db);
      if (!team) throw new Error('not a replica');
      const moved = await changeTeamLogin(open.db, team, {
        server: remote('reg', 'prefer'),
        user: 'rita',
        password: RITA,
        insecureTls: true,
      });
      expect(moved).toEqual({
        server: `postgresql://rita@${lan.host}:${lan.port}/reg?sslmode=prefer`,
        user: 'rita',
        changed: true,
      });
    } finally {
      open.db.close();
    }
  }
  expect(storedMode(loop)).toBe('prefer');

  // TLS turned on in the server: the same prefer addresses are now encrypted (disable stays plain).
  tlsCleanup = await tlsOn(cluster);
  const viaPrefer = await connect(`postgresql://rita:${RITA}@${lan.host}:${lan.port}/reg?sslmode=prefer`, {
    insecureTls: true,
  });
  expect(await encrypted(viaPrefer)).toBe(true);
  await viaPrefer.end();
  const viaDisable = await connect(`postgresql://rita:${RITA}@${lan.host}:${lan.port}/reg?sslmode=disable`, {
    insecureTls: true,
  });
  expect(await encrypted(viaDisable)).toBe(false);
  await viaDisable.end();
  // pg alone still refuses the self-signed certificate for prefer (verify-full): the fallback is ours.
  const strict = new pg.Client({ connectionString: `${cluster.url('rita', RITA, 'reg')}?sslmode=prefer` });
  strict.on('error', () => undefined);
  await expect(strict.connect()).rejects.toThrow(/self[- ]signed|certificate/i);
  await strict.end().catch(() => undefined);

  // The app's sync service keeps to the stored choice: its connection for the replica joined in the app is TLS.
  const session = new RegisterSession();
  session.open(rita);
  try {
    const service = createTeamSync({ session, password: () => RITA });
    expect(await service.withServer?.((c) => encrypted(c))).toBe(true);
    expect(await service.syncNow()).toMatchObject({ conflicts: 0 });
  } finally {
    session.close();
  }

  // The replicas' rounds over the stored prefer addresses complete.
  expect(await ok(['sync', '--db', cliCopy, '--insecure-tls'], RITA)).toMatch(
    /^\d+ pushed, \d+ pulled, 0 conflicts/,
  );
  expect(await ok(['sync', '--db', rita, '--insecure-tls'], RITA)).toMatch(
    /^\d+ pushed, \d+ pulled, 0 conflicts/,
  );
}, 120_000);
