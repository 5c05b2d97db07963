/**
 * Join a team register over an address the risk manager approved without encryption, in Chromium over a real
 * PostgreSQL server and the real handler table. The server is reached through this machine's own network address
 * (not loopback: a forwarder in the test listens there and passes the bytes to the cluster on 127.0.0.1), so the
 * main process's TLS rule applies as it would to a server across the council's network. The Join dialog shows the
 * same "Connect without encryption" tick as Share register… (one shared component) for exactly the addresses
 * that need it; without the tick the main process refuses in words and no file is made; with it the replica is
 * made and opened, and the choice (sslmode=disable) is kept with it for the sync loop. Screenshot at 1280×720:
 * test-output/screenshots/team-join-tls-1280x720.png.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TeamShell } from '../../db/handlers/deps.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { connect } from '../../db/team/connect.ts';
import { addUser } from '../../db/team/server.ts';
import { createTeamSync } from '../../db/team/service.ts';
import type { TempDir } from '../integration/helpers.ts';
import { makeTempDir } from '../integration/helpers.ts';
import type { PgCluster } from '../integration/team/pg-cluster.ts';
import { startCluster } from '../integration/team/pg-cluster.ts';
import type { LanForwarder } from '../integration/team/lan-forwarder.ts';
import { startForwarder } from '../integration/team/lan-forwarder.ts';
import { ok } from '../integration/team/team-helpers.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;
let cluster: PgCluster;
let tmp: TempDir;
let remote: LanForwarder = { host: '', port: 0, close: () => Promise.resolve() };

beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-join-tls-');
  harness = await startHarness();
  remote = await startForwarder(cluster);
}, 60_000);
afterAll(async () => {
  await remote.close();
  await harness?.close();
  cluster?.stop();
  tmp?.cleanup();
});

it('offers "Connect without encryption" for an unencrypted remote address, refuses without it, joins with it', async () => {
  const viewport = { width: 1280, height: 720 };
  const published = tmp.file('published.riskreg');
  const adminUrl = cluster.adminUrl('jointls');
  const admin0 = await connect(cluster.adminUrl());
  await admin0.query('CREATE DATABASE jointls');
  await admin0.end();
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', adminUrl]);
  const admin = await connect(adminUrl);
  await addUser(admin, 'rita', 'viewer', undefined, 'rita-password-123');
  await admin.end();

  const laptop = tmp.file('rita.riskreg');
  const passwords = new Map<string, string>();
  const shell: TeamShell = {
    savePassword: (server, user, password) => void passwords.set(`${user}@${server}`, password),
    syncState: () => ({ kind: 'idle', at: null, message: null }),
    syncSoon: () => undefined,
  };
  const app = await harness.open({
    viewport,
    start: 'none',
    dialogs: { ...noDialogs, chooseNewRegisterPath: () => Promise.resolve(laptop) },
    teamSync: (session) =>
      createTeamSync({ session, password: (server, user) => passwords.get(`${user}@${server}`) ?? null }),
    teamShell: () => shell,
  });
  const { page } = app;
  await page.getByRole('button', { name: 'Join a team register…' }).click();
  const join = page.getByTestId('join-team');
  const address = join.getByLabel('Server address');
  const tick = join.getByTestId('join-tls');

  // The tick appears for exactly the addresses the main process refuses without it.
  await address.fill(`postgresql://127.0.0.1:${cluster.port}/jointls`);
  expect(await tick.count()).toBe(0);
  await address.fill(`postgresql://${remote.host}:${remote.port}/jointls?sslmode=verify-full`);
  expect(await tick.count()).toBe(0);
  await address.fill(`postgresql://${remote.host}:${remote.port}/jointls?sslmode=disable`);
  await tick.waitFor();
  expect(await tick.textContent()).toMatch(
    /not this computer, so the connection must be encrypted.*if your risk manager says so.*Connect without encryption/,
  );
  await join.getByLabel('User name').fill('rita');
  await join.getByLabel('Password').fill('rita-password-123');

  // Not ticked: refused in words by the main process, no file made.
  await join.getByRole('button', { name: 'Choose where to save…' }).click();
  const refusal = join.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.textContent()).toBe(
    `${remote.host} is not this computer, so the connection must be encrypted: the address needs ?sslmode=verify-full (or sslmode=require if your IT team says so). Only on a network you trust, and if your risk manager says so, tick "Connect without encryption" instead.`,
  );
  expect(existsSync(laptop)).toBe(false);

  await join.getByLabel('Connect without encryption').check();
  await app.screenshot('team-join-tls-1280x720');
  await join.getByRole('button', { name: 'Choose where to save…' }).click();
  await page.getByTestId('risk-table').waitFor();
  const status = await app.backend.call('team:status', {});
  expect(status).toMatchObject({ user: 'rita', role: 'viewer' });
  expect(status?.server).toBe(`postgresql://rita@${remote.host}:${remote.port}/jointls?sslmode=disable`);
  expect(passwords.get(`rita@${status?.server ?? ''}`)).toBe('rita-password-123');
  // The sync service keeps to the choice stored with the replica: a round over the same address completes.
  expect(await app.backend.call('sync:now', {})).toMatchObject({ pushed: 0, conflicts: 0 });
}, 180_000);
