/**
 * Team settings changes the server address to one without encryption, in Chromium over a real PostgreSQL server
 * and the real handler table. The laptop joined over loopback; IT then gives an address across the network (here
 * this machine's own network address, where a forwarder in the test passes the bytes to the cluster on 127.0.0.1,
 * so the main process's TLS rule applies as to a remote server). Team settings offers the same "Connect without
 * encryption" tick as Join and Share for exactly the addresses that need it (shared/team-url.ts); without it the
 * main process refuses in words and the replica keeps its old address; with it the new address (sslmode=disable)
 * is kept and a round over it completes. A different register at a new address is refused. axe-core finds no
 * violation in the dialog. Screenshot at 1280×720: test-output/screenshots/team-settings-tls-1280x720.png.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
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

const AXE = readFileSync(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }).axe.run;
    const result = await run();
    return (result.violations as { id: string; nodes: { target: string[] }[] }[]).map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
}

let harness: Harness;
let cluster: PgCluster;
let tmp: TempDir;
let remote: LanForwarder = { host: '', port: 0, close: () => Promise.resolve() };

beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-settings-tls-');
  harness = await startHarness();
  remote = await startForwarder(cluster);
}, 60_000);
afterAll(async () => {
  await remote.close();
  await harness?.close();
  cluster?.stop();
  tmp?.cleanup();
});

it('Team settings offers "Connect without encryption" for a new remote address, refuses without it, keeps it with it', async () => {
  const viewport = { width: 1280, height: 720 };
  const admin0 = await connect(cluster.adminUrl());
  await admin0.query('CREATE DATABASE settingstls');
  await admin0.query('CREATE DATABASE otherreg');
  await admin0.end();
  for (const db of ['settingstls', 'otherreg']) {
    const published = tmp.file(`${db}.riskreg`);
    await ok(['init', '--db', published, '--sample']);
    await ok(['team', 'publish', '--db', published, '--server', cluster.adminUrl(db)]);
  }
  const admin = await connect(cluster.adminUrl('settingstls'));
  await addUser(admin, 'rita', 'viewer', undefined, 'rita-password-123');
  await admin.end();
  // The other register's manager is the login that published it (logins are the cluster's, not a database's).
  const otherManager = decodeURIComponent(new URL(cluster.adminUrl('otherreg')).username);

  const laptop = tmp.file('rita.riskreg');
  const passwords = new Map<string, string>();
  let soon = 0;
  const shell: TeamShell = {
    savePassword: (server, user, password) => void passwords.set(`${user}@${server}`, password),
    syncState: () => ({ kind: 'idle', at: null, message: null }),
    syncSoon: () => void (soon += 1),
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
  const loopback = `postgresql://127.0.0.1:${cluster.port}/settingstls`;
  await page.getByRole('button', { name: 'Join a team register…' }).click();
  const join = page.getByTestId('join-team');
  await join.getByLabel('Server address').fill(loopback);
  await join.getByLabel('User name').fill('rita');
  await join.getByLabel('Password').fill('rita-password-123');
  await join.getByRole('button', { name: 'Choose where to save…' }).click();
  await page.getByTestId('risk-table').waitFor();
  const joined = await app.backend.call('team:status', {});
  expect(joined?.server).toBe(`postgresql://rita@127.0.0.1:${cluster.port}/settingstls`);

  await page.getByTestId('team-status').getByRole('button', { name: 'Team settings' }).click();
  const settings = page.getByTestId('team-settings');
  const address = settings.getByLabel('Server address');
  const tick = settings.getByTestId('team-settings-tls');
  // The stored address, without the user (it has its own field); loopback needs no choice.
  expect(await address.inputValue()).toBe(`${loopback}`);
  expect(await settings.getByLabel('User name').inputValue()).toBe('rita');
  expect(await tick.count()).toBe(0);
  await address.fill(`postgresql://${remote.host}:${remote.port}/settingstls?sslmode=verify-full`);
  expect(await tick.count()).toBe(0);
  await address.fill(`postgresql://${remote.host}:${remote.port}/settingstls?sslmode=disable`);
  await tick.waitFor();
  expect(await tick.textContent()).toMatch(
    /not this computer, so the connection must be encrypted.*if your risk manager says so.*Connect without encryption/,
  );
  await settings.getByLabel('Team password').fill('rita-password-123');

  // Not ticked: refused in words by the main process; the replica keeps its address.
  await settings.getByRole('button', { name: 'Save and sync' }).click();
  const refusal = settings.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.textContent()).toBe(
    `${remote.host} is not this computer, so the connection must be encrypted: the address needs ?sslmode=verify-full (or sslmode=require if your IT team says so). Only on a network you trust, and if your risk manager says so, tick "Connect without encryption" instead.`,
  );
  expect((await app.backend.call('team:status', {}))?.server).toBe(joined?.server);
  expect(soon).toBe(0);

  // Another register at the new address is refused: its history is not this copy's.
  await settings.getByLabel('Connect without encryption').check();
  await address.fill(`postgresql://${remote.host}:${remote.port}/otherreg?sslmode=disable`);
  await settings.getByLabel('User name').fill(otherManager);
  await settings.getByRole('button', { name: 'Save and sync' }).click();
  await expect
    .poll(() => refusal.textContent())
    .toMatch(/holds a different team register from this one.*Nothing was changed\.$/);
  expect((await app.backend.call('team:status', {}))?.server).toBe(joined?.server);
  await settings.getByLabel('User name').fill('rita');

  await address.fill(`postgresql://${remote.host}:${remote.port}/settingstls?sslmode=disable`);
  expect(await settings.getByLabel('Connect without encryption').isChecked()).toBe(true);
  expect(await axe(page)).toEqual([]);
  await app.screenshot('team-settings-tls-1280x720');
  await settings.getByRole('button', { name: 'Save and sync' }).click();
  await settings.waitFor({ state: 'detached' });
  const moved = await app.backend.call('team:status', {});
  expect(moved).toMatchObject({ user: 'rita', role: 'viewer' });
  expect(moved?.server).toBe(`postgresql://rita@${remote.host}:${remote.port}/settingstls?sslmode=disable`);
  expect(passwords.get(`rita@${moved?.server ?? ''}`)).toBe('rita-password-123');
  expect(soon).toBe(1);
  // The sync service keeps to the choice stored with the replica: a round over the new address completes.
  expect(await app.backend.call('sync:now', {})).toMatchObject({ pushed: 0, conflicts: 0 });

  // Opened again: the stored choice shows ticked; unticking it is refused as at Join.
  await page.getByTestId('team-status').getByRole('button', { name: 'Team settings' }).click();
  const again = page.getByTestId('team-settings');
  expect(await again.getByLabel('Connect without encryption').isChecked()).toBe(true);
  await again.getByLabel('Connect without encryption').uncheck();
  await again.getByLabel('Team password').fill('rita-password-123');
  await again.getByRole('button', { name: 'Save and sync' }).click();
  await again.getByRole('alert').waitFor();
  expect(await again.getByRole('alert').textContent()).toMatch(
    /^\S+ is not this computer, so the connection/,
  );
  expect((await app.backend.call('team:status', {}))?.server).toBe(moved?.server);
}, 180_000);
