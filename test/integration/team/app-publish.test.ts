/**
 * File › Share register… and People through the real handler table over a real PostgreSQL cluster: the manager's
 * login (a non-superuser that owns the database and may create logins) publishes the open register; a wrong
 * password, a database that is neither empty nor a register, and an unencrypted remote host are refused in words
 * and leave the file byte for byte as it was; People lists everyone with their role, owner name and last sync;
 * adding a person gives a password once, and an owner's or viewer's login is refused by the server itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract/index.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { Result } from '../../../shared/errors.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import type { TeamShell } from '../../../db/handlers/deps.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { trustedPaths } from '../../../db/files/grants.ts';
import { RegisterSession } from '../../../db/session.ts';
import { createTeamSync } from '../../../db/team/service.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import { ok } from './team-helpers.ts';

let cluster: PgCluster;
let tmp: TempDir;
const RM = { user: 'rm', password: 'rm-password-1234' };

beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-app-publish-');
  const boot = new pg.Client({ connectionString: cluster.adminUrl() });
  await boot.connect();
  await boot.query(`CREATE ROLE rm LOGIN CREATEROLE PASSWORD '${RM.password}'`);
  await boot.query('CREATE DATABASE reg OWNER rm');
  await boot.query('CREATE DATABASE payroll OWNER rm');
  await boot.end();
  const other = new pg.Client({ connectionString: cluster.adminUrl('payroll') });
  await other.connect();
  await other.query('CREATE TABLE public.staff (id int)');
  await other.end();
}, 60_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
});

/** The window's host as the app makes it: handler table, sync service, a shell that records kept passwords. */
function appFor(passwords: Map<string, string>) {
  const session = new RegisterSession();
  const shell: TeamShell = {
    savePassword: (server, user, password) => void passwords.set(`${user}@${server}`, password),
    syncState: () => ({ kind: 'idle', at: null, message: null }),
    syncSoon: () => undefined,
  };
  const handlers = createHandlers({
    files: trustedPaths,
    session,
    now: () => new Date(),
    user: () => 'Rita Manager',
    dialogs: noDialogs,
    teamShell: shell,
    teamSync: createTeamSync({
      session,
      password: (server, user) => passwords.get(`${user}@${server}`) ?? null,
    }),
  });
  const call = <C extends Channel>(channel: C, input: InputOf<C>) =>
    dispatch(handlers, channel, input) as Promise<Result<OutputOf<C>>>;
  return {
    session,
    call,
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

function bytes(path: string): string {
  const wal = `${path}-wal`;
  return `${readFileSync(path).toString('base64')}|${existsSync(wal) ? readFileSync(wal).toString('base64') : ''}`;
}

function teamRows(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT * FROM team').all();
  } finally {
    db.close();
  }
}

const server = (db: string) => `postgresql://${cluster.host}:${cluster.port}/${db}`;

it('refuses a wrong password, a non-register database and an unencrypted remote host, changing nothing', async () => {
  const file = tmp.file('refused.riskreg');
  await ok(['init', '--db', file, '--sample']);
  const app = appFor(new Map());
  await app.ok('register:open', { path: file });
  const before = bytes(file);

  const wrong = await app.fail('team:publish', {
    server: server('reg'),
    user: 'rm',
    password: 'not-it-1234',
  });
  expect(wrong.code).toBe('FORBIDDEN');
  expect(wrong.message).toMatch(
    /refused the login rm: the user name or password is wrong.*Nothing was changed/,
  );

  const payroll = await app.fail('team:publish', { server: server('payroll'), ...RM });
  expect(payroll.code).toBe('NOT_A_REGISTER');
  expect(payroll.message).toMatch(/payroll is not empty and is not a team register \(it has public\.staff\)/);
  expect(payroll.message).toMatch(/Publish into an empty database/);

  const remote = await app.fail('team:publish', { server: 'postgresql://db.council.example/reg', ...RM });
  expect(remote.code).toBe('FORBIDDEN');
  expect(remote.message).toMatch(
    /db\.council\.example is not this computer.*sslmode=verify-full.*Connect without encryption/,
  );

  expect(bytes(file)).toBe(before);
  expect(teamRows(file)).toEqual([]);
  expect(await app.ok('team:status', {})).toBeNull();
  // The payroll database is as it was: no schema was left behind by the refused publish.
  const check = new pg.Client({ connectionString: cluster.adminUrl('payroll') });
  await check.connect();
  const schemas = await check.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'risk_register'`);
  await check.end();
  expect(schemas.rowCount).toBe(0);
  app.session.close();
}, 60_000);

it('publishes the open register, keeps the password, lists and adds people; owners and viewers are refused', async () => {
  const file = tmp.file('council.riskreg');
  await ok(['init', '--db', file, '--sample']);
  const passwords = new Map<string, string>();
  const app = appFor(passwords);
  await app.ok('register:open', { path: file });
  const risks = (await app.ok('risks:list', {})).length;
  // The owners directory gives the first owner a full name, which People shows beside the initials.
  const first = (await app.ok('owners:list', {}))[0];
  if (!first) throw new Error('the sample has no owners');
  await app.ok('owners:update', { id: first.id, version: first.version, changes: { name: 'Olga Owens' } });
  expect(await app.fail('team:people', {})).toMatchObject({ code: 'VALIDATION' });

  const status = await app.ok('team:publish', { server: server('reg'), ...RM });
  expect(status.path).toBe(file);
  const team = await app.ok('team:status', {});
  expect(team).toMatchObject({ user: 'rm', role: 'manager', waiting: 0 });
  expect(team?.server).not.toContain(RM.password);
  expect(passwords.get(`rm@${team?.server ?? ''}`)).toBe(RM.password);
  expect(readFileSync(file).includes(Buffer.from(RM.password))).toBe(false);
  // Publishing twice is refused: the file is a replica now.
  expect((await app.fail('team:publish', { server: server('reg'), ...RM })).message).toMatch(
    /already shared/,
  );

  const admin = new pg.Client({ connectionString: cluster.adminUrl('reg') });
  admin.on('error', () => undefined);
  await admin.connect();
  const onServer = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM risk_register.risks');
  expect(onServer.rows[0]?.n).toBe(risks);

  // People: the publisher, synced by the first round that publishing runs; a later round records it again.
  const [first0] = await app.ok('team:people', {});
  expect(first0).toMatchObject({ name: 'rm', role: 'manager', ownerInitials: null, ownerName: null });
  expect(first0?.lastSync).toMatch(/^\d{4}-\d\d-\d\dT/);
  await app.ok('sync:now', {});
  const [me] = await app.ok('team:people', {});
  expect(Date.parse(me?.lastSync ?? '')).toBeGreaterThanOrEqual(Date.parse(first0?.lastSync ?? ''));

  const owner = (await app.ok('owners:list', {})).find((o) => o.id === first.id);
  if (!owner) throw new Error('the owner went missing');
  expect(owner.name).toBe('Olga Owens');
  const added = await app.ok('team:add-person', { name: 'olga', role: 'owner', owner: owner.initials });
  expect(added).toMatchObject({ name: 'olga', role: 'owner' });
  expect(added.password.length).toBeGreaterThanOrEqual(12);
  const viewer = await app.ok('team:add-person', { name: 'vic', role: 'viewer' });
  const people = await app.ok('team:people', {});
  expect(people.map((p) => [p.name, p.role, p.ownerName])).toEqual([
    ['rm', 'manager', null],
    ['olga', 'owner', owner.name],
    ['vic', 'viewer', null],
  ]);
  expect(people.find((p) => p.name === 'olga')).toMatchObject({
    ownerInitials: owner.initials,
    lastSync: null,
  });

  expect(await app.fail('team:add-person', { name: 'olga', role: 'viewer' })).toMatchObject({
    code: 'DUPLICATE',
  });
  const unknown = await app.fail('team:add-person', { name: 'zed', role: 'owner', owner: 'QQQ' });
  expect(unknown.message).toMatch(/no owner with the initials QQQ/);

  // Olga and Vic join with the passwords shown once; the server refuses them adding anyone.
  for (const [name, password] of [
    ['olga', added.password],
    ['vic', viewer.password],
  ] as const) {
    const laptop = tmp.file(`${name}.riskreg`);
    await ok(['team', 'join', '--server', cluster.url(name, password, 'reg'), '--db', laptop]);
    const theirs = appFor(new Map());
    await theirs.ok('register:open', { path: laptop });
    const t = await theirs.ok('team:status', {});
    theirs.session.close();
    const withPassword = appFor(new Map([[`${name}@${t?.server ?? ''}`, password]]));
    await withPassword.ok('register:open', { path: laptop });
    expect((await withPassword.ok('team:people', {})).map((p) => p.name)).toEqual(['rm', 'olga', 'vic']);
    const refused = await withPassword.fail('team:add-person', { name: `x${name}`, role: 'viewer' });
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(
      new RegExp(`refused to add x${name}: your login may not create logins.*ask them`),
    );
    withPassword.session.close();
  }
  const roles = await admin.query('SELECT 1 FROM pg_roles WHERE rolname IN ($1, $2)', ['xolga', 'xvic']);
  expect(roles.rowCount).toBe(0);
  await admin.end();
  app.session.close();
}, 120_000);
