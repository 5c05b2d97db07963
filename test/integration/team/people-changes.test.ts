/**
 * Changing a person's role and removing a person (issue 10), enforced by the server, with PostgreSQL really
 * running: the database owner (a non-superuser that may create logins, as council IT would set it up) publishes;
 * `team set-role` makes an owner a viewer and their next change is refused by the server and kept as a rejected
 * change on their laptop, whose status then shows the new role; `team remove-user` drops the login so connecting
 * fails in words, while the history (on the server and on every replica) still names them. Removing yourself or the
 * last manager, and a manager whose login may not change people, are refused in words; the People view's channels
 * (`team:set-role`, `team:remove-person`) do the same through the app's handler table.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract/index.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import type { Result } from '../../../shared/errors.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { trustedPaths } from '../../../db/files/grants.ts';
import { RegisterSession } from '../../../db/session.ts';
import { createTeamSync } from '../../../db/team/service.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import { ok, readReplica, rr } from './team-helpers.ts';
import { addUserWithPassword, onLaptop } from './team-setup.ts';

let cluster: PgCluster;
let tmp: TempDir;
const PW = {
  rm: 'rm-password-1234',
  mia: 'mia-password-5678',
  olga: 'olga-password-9012',
  vic: 'vic-password-3456',
};

beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-people-');
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

/** The window's host with the replica's password kept, as the app makes it. */
function appFor(passwords: Map<string, string>) {
  const session = new RegisterSession();
  const handlers = createHandlers({
    files: trustedPaths,
    session,
    now: () => new Date(),
    user: () => 'Someone',
    dialogs: noDialogs,
    teamSync: createTeamSync({
      session,
      password: (server, user) => passwords.get(`${user}@${server}`) ?? null,
    }),
  });
  const call = <C extends Channel>(channel: C, input: InputOf<C>) =>
    dispatch(handlers, channel, input) as Promise<Result<OutputOf<C>>>;
  return {
    session,
    ok: async <C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> => {
      const r = await call(channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    fail: async <C extends Channel>(channel: C, input: InputOf<C>) => {
      const r = await call(channel, input);
      if (r.ok) throw new Error(`${channel} succeeded but was expected to fail`);
      return r.error;
    },
  };
}

async function onApp<T>(
  file: string,
  user: string,
  password: string,
  fn: (app: ReturnType<typeof appFor>) => Promise<T>,
): Promise<T> {
  const server = await onLaptop(file, user, async (a) => (await a.ok('team:status', {}))?.server);
  const app = appFor(new Map([[`${user}@${server ?? ''}`, password]]));
  await app.ok('register:open', { path: file });
  try {
    return await fn(app);
  } finally {
    app.session.close();
  }
}

it('set-role and remove-user are enforced by the server; history keeps the name', async () => {
  const rmUrl = cluster.url('rm', PW.rm, 'reg');
  const url = (name: keyof typeof PW) => cluster.url(name, PW[name], 'reg');
  const published = tmp.file('published.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', rmUrl]);

  // Olga owns the risks of the sample's first owner; Mia is a second manager (her login may not change people).
  const sample = await onLaptop(published, 'rm', async (app) => {
    const risks = await app.ok('risks:list', {});
    const initials = risks[0]?.owners[0];
    const mine = risks.filter((r) => initials && r.owners.includes(initials));
    const other = (await app.ok('owners:list', {})).find((o) => o.initials !== initials)?.initials;
    if (!initials || mine.length < 2 || !other) throw new Error('the sample changed');
    return { initials, other, refs: mine.map((r) => r.ref) };
  });
  await addUserWithPassword(rmUrl, { name: 'mia', role: 'manager', password: PW.mia });
  await addUserWithPassword(rmUrl, {
    name: 'olga',
    role: 'owner',
    owner: sample.initials,
    password: PW.olga,
  });
  await addUserWithPassword(rmUrl, { name: 'vic', role: 'viewer', password: PW.vic });
  const files = { rm: published, mia: tmp.file('mia.riskreg'), olga: tmp.file('olga.riskreg') };
  await ok(['team', 'join', '--server', url('mia'), '--db', files.mia]);
  await ok(['team', 'join', '--server', url('olga'), '--db', files.olga]);

  const score = (ref: string, impact: ScoreValue, likelihood: ScoreValue) =>
    onLaptop(files.olga, 'olga', async (app) => {
      const r = (await app.ok('risks:list', {})).find((x) => x.ref === ref);
      if (!r) throw new Error(`no ${ref}`);
      await app.ok('risks:update-score', {
        id: r.id,
        version: r.version,
        which: 'current',
        impact,
        likelihood,
      });
    });

  // As an owner, Olga's change to her own risk is accepted and recorded under her name.
  const [first, second] = sample.refs as [string, string];
  await score(first, 5, 5);
  expect(await ok(['sync', '--db', files.olga], PW.olga)).toMatch(/^1 pushed, \d+ pulled, 0 conflicts$/);

  // ── set-role: Olga becomes a viewer; the server refuses her next change at once ──
  expect(await ok(['team', 'set-role', 'olga', '--role', 'viewer', '--server', rmUrl])).toBe(
    'olga is now viewer. The server applies it to their next change; their laptop shows it after its next sync.',
  );
  expect(await ok(['team', 'set-role', 'olga', '--role', 'viewer', '--server', rmUrl])).toMatch(
    /already viewer; nothing changed/,
  );
  const before = readReplica(files.olga).risks.find((r) => r.ref === second);
  await score(second, 1, 1);
  const refusedSync = await ok(['sync', '--db', files.olga], PW.olga);
  expect(refusedSync).toMatch(/^1 pushed, \d+ pulled, 0 conflicts\n1 refused by the server/);
  const after = readReplica(files.olga).risks.find((r) => r.ref === second);
  expect([after?.impact, after?.likelihood]).toEqual([before?.impact, before?.likelihood]);
  const status = JSON.parse(await ok(['team', 'status', '--db', files.olga, '--json'])) as {
    role: string;
    owner: string | null;
    rejected: { ref: string; reason: string }[];
  };
  expect(status.role).toBe('viewer');
  expect(status.owner).toBeNull();
  expect(status.rejected).toHaveLength(1);
  expect(status.rejected[0]?.ref).toBe(second);
  expect(status.rejected[0]?.reason).toMatch(/olga is a viewer: a viewer may read and export/);

  // An owner needs initials the server's owners directory knows.
  const noInitials = await rr(['team', 'set-role', 'vic', '--role', 'owner', '--server', rmUrl]);
  expect(noInitials.code).not.toBe(0);
  expect(noInitials.err).toMatch(/An owner needs --owner INITIALS/);
  const unknown = await rr([
    'team',
    'set-role',
    'vic',
    '--role',
    'owner',
    '--owner',
    'QQQ',
    '--server',
    rmUrl,
  ]);
  expect(unknown.err).toMatch(/no owner with the initials QQQ in the team register's owners directory/);
  expect(
    await ok(['team', 'set-role', 'vic', '--role', 'owner', '--owner', sample.other, '--server', rmUrl]),
  ).toMatch(new RegExp(`^vic is now owner \\(owner ${sample.other}\\)`));

  // ── Refusals: yourself, the last manager, a manager whose login may not change people ──
  const self = await rr(['team', 'set-role', 'rm', '--role', 'viewer', '--server', rmUrl]);
  expect(self.err).toMatch(/You cannot change your own role \(rm is a manager\)/);
  const selfRemove = await rr(['team', 'remove-user', 'rm', '--server', rmUrl]);
  expect(selfRemove.err).toMatch(/You cannot remove yourself \(rm\)/);
  const byMia = await rr(['team', 'remove-user', 'vic', '--server', url('mia')]);
  expect(byMia.code).not.toBe(0);
  expect(byMia.err).toMatch(/refused to remove vic: your login may not change people \(permission denied/);
  const miaRole = await rr(['team', 'set-role', 'vic', '--role', 'viewer', '--server', url('mia')]);
  expect(miaRole.err).toMatch(/refused to change the role of vic: your login may not change people/);
  const nobody = await rr(['team', 'remove-user', 'zed', '--server', rmUrl]);
  expect(nobody.err).toMatch(/no person called zed/);
  await ok(['team', 'set-role', 'mia', '--role', 'viewer', '--server', rmUrl]);
  // The database's superuser is not a team user: the only manager left is refused all the same.
  const last = await rr(['team', 'remove-user', 'rm', '--server', cluster.adminUrl('reg')]);
  expect(last.err).toMatch(/rm is the only risk manager of this team register, so they cannot be removed/);
  const lastRole = await rr([
    'team',
    'set-role',
    'rm',
    '--role',
    'owner',
    '--owner',
    sample.other,
    '--server',
    cluster.adminUrl('reg'),
  ]);
  expect(lastRole.err).toMatch(/rm is the only risk manager.*Make someone else a manager first/);

  // ── The People view's channels, through the app's handler table ──
  await onApp(files.rm, 'rm', PW.rm, async (app) => {
    expect(await app.ok('team:set-role', { name: 'mia', role: 'manager' })).toEqual({
      name: 'mia',
      role: 'manager',
      owner: null,
      changed: true,
    });
    expect((await app.fail('team:remove-person', { name: 'rm' })).message).toMatch(/cannot remove yourself/);
    expect(await app.fail('team:set-role', { name: 'vic', role: 'owner' })).toMatchObject({
      code: 'VALIDATION',
    });
    const people = await app.ok('team:people', {});
    expect(people.map((p) => [p.name, p.role, p.ownerInitials])).toEqual([
      ['mia', 'manager', null],
      ['rm', 'manager', null],
      ['vic', 'owner', sample.other],
      ['olga', 'viewer', null],
    ]);
  });
  await onApp(files.mia, 'mia', PW.mia, async (app) => {
    const refused = await app.fail('team:remove-person', { name: 'vic' });
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/refused to remove vic: your login may not change people.*ask them/);
  });

  // ── remove-user: Olga's login is dropped; her history stays ──
  expect(await ok(['team', 'remove-user', 'olga', '--server', rmUrl])).toBe(
    'Removed olga: their login can no longer connect, changes still waiting on their laptop will not be accepted, and their past changes stay in the history under their name.',
  );
  await onApp(files.rm, 'rm', PW.rm, async (app) => {
    expect(await app.ok('team:remove-person', { name: 'vic' })).toEqual({
      name: 'vic',
      loginDropped: true,
      sessionsEnded: 0,
      sessionsOpen: 0,
    });
    expect((await app.ok('team:people', {})).map((p) => p.name)).toEqual(['mia', 'rm']);
  });
  const gone = await rr(['sync', '--db', files.olga], PW.olga);
  expect(gone.code).not.toBe(0);
  // Her replica synced before with this password: the refusal is reported as the removal it is.
  expect(gone.err).toMatch(
    /Your access to this team register was removed — ask the risk manager\. The team server \(.*\) no longer accepts olga, which synced here before\./,
  );
  const admin = new pg.Client({ connectionString: cluster.adminUrl('reg') });
  await admin.connect();
  try {
    expect(
      (await admin.query('SELECT 1 FROM pg_roles WHERE rolname IN ($1, $2)', ['olga', 'vic'])).rowCount,
    ).toBe(0);
    const byOlga = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM risk_register.history WHERE by = 'olga'",
    );
    expect(byOlga.rows[0]?.n).toBe(1);
  } finally {
    await admin.end();
  }
  expect(await ok(['team', 'verify', '--server', rmUrl])).toMatch(/^The server history is intact/);
  await ok(['sync', '--db', files.mia], PW.mia);
  for (const f of [files.mia, files.olga]) {
    const h = readReplica(f).history.filter((x) => x.by === 'olga');
    expect(h.map((x) => [x.action, x.field])).toEqual([['update', 'current']]);
  }
  expect(await ok(['audit', 'verify', '--db', files.mia])).toMatch(/intact|verif/i);

  // ── Olga's refused change, dismissed from the command line once read (local: works without the server) ──
  const listed = await ok(['team', 'status', '--db', files.olga]);
  const id = /#(\d+) refused: update /.exec(listed)?.[1];
  expect(id).toBeDefined();
  expect(listed).toMatch(/Once read, dismiss one with: risk-register conflicts dismiss-rejected ID --db /);
  expect(await ok(['conflicts', 'dismiss-rejected', id ?? '', '--db', files.olga])).toMatch(
    new RegExp(`^Dismissed refused change ${id} \\(update ${second} current\\)`),
  );
  expect(await ok(['team', 'status', '--db', files.olga])).toMatch(/0 refused$/m);
  const again = await rr(['conflicts', 'dismiss-rejected', id ?? '', '--db', files.olga]);
  expect(again.code).not.toBe(0);
  expect(again.err).toMatch(new RegExp(`no refused change ${id} in`));
  const bad = await rr(['conflicts', 'dismiss-rejected', 'x', '--db', files.olga]);
  expect(bad.err).toMatch(/needs the number of the refused change/);
}, 180_000);
