/**
 * A removed person's open session is cut off (issue 10), with PostgreSQL really running. The register is published
 * by the database owner, a non-superuser that may create logins (as council IT would set it up). Rita (a manager)
 * has a replica with a change waiting and a second `pg` connection open as her login; `team remove-user rita` ends
 * that connection (the remover joins her role for the moment, which PostgreSQL needs to let it signal her sessions)
 * and says so. Her laptop's next round is refused as a removal, in its own words, not as a failed round, and her
 * waiting change stays in the outbox; the CLI's `sync` says the same. People › Remove… (`team:remove-person`) does
 * the same for Vic's open connection.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trustedPaths } from '../../../db/files/grants.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { RegisterSession } from '../../../db/session.ts';
import { createTeamSync } from '../../../db/team/service.ts';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract/index.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { Result } from '../../../shared/errors.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import { ok, rr } from './team-helpers.ts';
import { addUserWithPassword, onLaptop } from './team-setup.ts';

let cluster: PgCluster;
let tmp: TempDir;
const PW = { rm: 'rm-password-1234', rita: 'rita-password-5678', vic: 'vic-password-9012' };

beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-remove-session-');
  const boot = new pg.Client({ connectionString: cluster.adminUrl() });
  await boot.connect();
  await boot.query(`CREATE ROLE rm LOGIN CREATEROLE PASSWORD '${PW.rm}'`);
  await boot.query('CREATE DATABASE reg OWNER rm');
  await boot.end();
}, 60_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
});

/** An open connection as a login, as a second program of that person would hold it. */
const ended = new Map<pg.Client, string[]>();
async function openAs(user: keyof typeof PW): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: cluster.url(user, PW[user], 'reg') });
  // The server's reason when it ends the session: 57P01 ("terminating connection due to administrator command").
  c.on('error', (e: Error & { code?: string }) =>
    ended.set(c, [...(ended.get(c) ?? []), `${e.code ?? ''} ${e.message}`]),
  );
  await c.connect();
  expect((await c.query<{ u: string }>('SELECT session_user::text AS u')).rows[0]?.u).toBe(user);
  return c;
}

/** The replica opened in a session with the app's sync service, the password as the app keeps it. */
function laptop(path: string, password: string) {
  const session = new RegisterSession();
  session.open(path);
  const teamSync = createTeamSync({ session, password: () => password });
  const handlers = createHandlers({
    files: trustedPaths,
    session,
    now: () => new Date(),
    user: () => 'Someone',
    dialogs: noDialogs,
    teamSync,
  });
  const call = <C extends Channel>(channel: C, input: InputOf<C>) =>
    dispatch(handlers, channel, input) as Promise<Result<OutputOf<C>>>;
  return { session, teamSync, call };
}

it('remove-user ends the removed login’s open connections; their laptop reports the removal and keeps its outbox', async () => {
  const rmUrl = cluster.url('rm', PW.rm, 'reg');
  const published = tmp.file('published.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', rmUrl]);
  await addUserWithPassword(rmUrl, { name: 'rita', role: 'manager', password: PW.rita });
  await addUserWithPassword(rmUrl, { name: 'vic', role: 'viewer', password: PW.vic });
  const rita = tmp.file('rita.riskreg');
  await ok(['team', 'join', '--server', cluster.url('rita', PW.rita, 'reg'), '--db', rita]);

  // A change waiting on Rita's laptop (made offline), and a second connection of hers open on the server.
  await onLaptop(rita, 'rita', async (app) => {
    const [r] = await app.ok('risks:list', {});
    if (!r) throw new Error('sample changed');
    await app.ok('risks:update-score', {
      id: r.id,
      version: r.version,
      which: 'current',
      impact: r.impact === 5 ? 4 : 5,
      likelihood: 2,
    });
  });
  const open = await openAs('rita');

  const removed = await ok(['team', 'remove-user', 'rita', '--server', rmUrl]);
  expect(removed).toMatch(/^Removed rita: their login can no longer connect/);
  expect(removed).toMatch(/^Ended 1 open connection of rita\.$/m);
  await expect
    .poll(() =>
      (ended.get(open) ?? []).some((e) => e.startsWith('57P01 terminating connection due to administrator')),
    )
    .toBe(true);
  await expect(open.query('SELECT 1')).rejects.toThrow();
  await open.end().catch(() => undefined);

  // Her laptop: the next round is a removal, in words, and the waiting change is kept.
  const app = laptop(rita, PW.rita);
  try {
    const before = await app.call('team:status', {});
    expect(before.ok && before.value?.waiting).toBe(1);
    const round = await app.call('sync:now', {});
    expect(round.ok).toBe(false);
    if (round.ok) return;
    expect(round.error.code).toBe('FORBIDDEN');
    expect(round.error.message).toMatch(
      /^Your access to this team register was removed — ask the risk manager\. The team server \(postgresql:\/\/rita@127\.0\.0\.1:\d+\/reg\) no longer accepts rita, which synced here before\. Your copy here stays readable, and the change waiting stays on this computer\./,
    );
    const after = await app.call('team:status', {});
    expect(after.ok && after.value?.waiting).toBe(1);
  } finally {
    app.session.close();
  }
  const cli = await rr(['sync', '--db', rita], PW.rita);
  expect(cli.code).not.toBe(0);
  expect(cli.err).toMatch(/Your access to this team register was removed — ask the risk manager/);

  // People › Remove… in the app (the publisher's replica): Vic's open connection is ended too.
  const vic = await openAs('vic');
  const rmApp = laptop(published, PW.rm);
  try {
    const r = await rmApp.call('team:remove-person', { name: 'vic' });
    expect(r).toEqual({
      ok: true,
      value: { name: 'vic', loginDropped: true, sessionsEnded: 1, sessionsOpen: 0 },
    });
  } finally {
    rmApp.session.close();
  }
  await expect
    .poll(() =>
      (ended.get(vic) ?? []).some((e) => e.startsWith('57P01 terminating connection due to administrator')),
    )
    .toBe(true);
  await vic.end().catch(() => undefined);

  // Nothing of theirs is left on the server: no session, no login, and the remover joined no role for good.
  const admin = new pg.Client({ connectionString: cluster.adminUrl('reg') });
  await admin.connect();
  try {
    const left = await admin.query("SELECT pid FROM pg_stat_activity WHERE usename IN ('rita', 'vic')");
    expect(left.rowCount).toBe(0);
    expect((await admin.query("SELECT 1 FROM pg_roles WHERE rolname IN ('rita', 'vic')")).rowCount).toBe(0);
    const memberships = await admin.query(
      "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = 'rm'",
    );
    expect(memberships.rows).toEqual([]);
  } finally {
    await admin.end();
  }
}, 120_000);
