/**
 * People for a manager in Chromium over a real PostgreSQL server and the real handler table: change a person's role
 * (Role…), remove a person after the confirm step that says what happens, and the server's refusal in words when
 * the manager tries to remove themselves. Screenshots at 1280×720: test-output/screenshots/team-people-role-*.png,
 * team-people-remove-*.png.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TeamShell } from '../../db/handlers/deps.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { createTeamSync } from '../../db/team/service.ts';
import type { TempDir } from '../integration/helpers.ts';
import { makeTempDir } from '../integration/helpers.ts';
import type { PgCluster } from '../integration/team/pg-cluster.ts';
import { startCluster } from '../integration/team/pg-cluster.ts';
import { ok } from '../integration/team/team-helpers.ts';
import { addUserWithPassword } from '../integration/team/team-setup.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;
let cluster: PgCluster;
let tmp: TempDir;
beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-people-e2e-');
  harness = await startHarness();
  const boot = new pg.Client({ connectionString: cluster.adminUrl() });
  await boot.connect();
  await boot.query(`CREATE ROLE rm LOGIN CREATEROLE PASSWORD 'rm-password-1234'`);
  await boot.query('CREATE DATABASE people OWNER rm');
  await boot.end();
}, 60_000);
afterAll(async () => {
  await harness?.close();
  cluster?.stop();
  tmp?.cleanup();
});

it('a manager changes a role and removes a person in People; removing themselves is refused', async () => {
  const viewport = { width: 1280, height: 720 };
  const rmUrl = cluster.url('rm', 'rm-password-1234', 'people');
  const published = tmp.file('people.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', rmUrl]);
  await addUserWithPassword(rmUrl, { name: 'mia', role: 'manager', password: 'mia-password-123' });
  await addUserWithPassword(rmUrl, { name: 'vic', role: 'viewer', password: 'vic-password-123' });

  const server = `postgresql://rm@${cluster.host}:${cluster.port}/people`;
  const passwords = new Map([[`rm@${server}`, 'rm-password-1234']]);
  const shell: TeamShell = {
    savePassword: (s, user, password) => void passwords.set(`${user}@${s}`, password),
    syncState: () => ({ kind: 'idle', at: null, message: null }),
    syncSoon: () => undefined,
  };
  const app = await harness.open({
    viewport,
    start: 'none',
    dialogs: { ...noDialogs, chooseRegisterToOpen: () => Promise.resolve(published) },
    teamSync: (session) =>
      createTeamSync({ session, password: (s, user) => passwords.get(`${user}@${s}`) ?? null }),
    teamShell: () => shell,
  });
  const { page } = app;
  // The manager's replica, opened as File › Open does (the dialog's choice is the file the window may name).
  const status = await app.backend.call('register:open-dialog', {});
  expect(status?.path).toBe(published);
  expect((await app.backend.call('team:status', {}))?.server).toBe(server);
  await page.reload();

  await page.getByTestId('team-status').getByRole('button', { name: 'People' }).click();
  const people = page.getByTestId('team-people');
  await people.getByTestId('people-list').waitFor({ timeout: 20_000 });
  const rows = () => people.locator('tbody tr').allTextContents();
  await expect.poll(() => people.locator('tbody tr').count()).toBe(3);

  // Role…: Vic becomes a manager.
  await people.getByRole('button', { name: 'Change the role of vic' }).click();
  const form = people.getByTestId('people-role');
  await form.getByLabel('Role').selectOption('manager');
  await app.screenshot('team-people-role-1280x720');
  await form.getByRole('button', { name: 'Save role' }).click();
  await expect
    .poll(() => people.getByTestId('people-notice').textContent(), { timeout: 20_000 })
    .toBe('vic is now manager. The server applies it to their next change.');
  await expect.poll(async () => (await rows()).find((r) => r.startsWith('vic'))).toMatch(/^vicmanager/);

  // Remove…: the confirm step says what happens; nothing is removed until confirmed.
  await people.getByRole('button', { name: 'Remove mia' }).click();
  const confirm = people.getByTestId('people-confirm-remove');
  expect(await confirm.textContent()).toBe(
    'Remove mia from the team register?' +
      'Their login can no longer connect to the team server.' +
      'Their past changes stay in the history under their name.' +
      'Changes still waiting on their laptop will be refused.' +
      'Remove mia Cancel',
  );
  await app.screenshot('team-people-remove-1280x720');
  await confirm.getByRole('button', { name: 'Remove mia' }).click();
  await expect
    .poll(() => people.getByTestId('people-notice').textContent(), { timeout: 20_000 })
    .toBe('mia was removed. Their past changes stay in the history under their name.');
  await expect.poll(() => people.locator('tbody tr').count()).toBe(2);

  // Removing yourself: refused in words, nothing changes.
  await people.getByRole('button', { name: 'Remove rm' }).click();
  await people.getByTestId('people-confirm-remove').getByRole('button', { name: 'Remove rm' }).click();
  await expect
    .poll(() => people.getByTestId('people-change-error').textContent(), { timeout: 20_000 })
    .toBe('You cannot remove yourself (rm) from the team register. Ask another risk manager to do it.');
  expect((await rows()).map((r) => r.slice(0, 2))).toEqual(['rm', 'vi']);

  const admin = new pg.Client({ connectionString: cluster.adminUrl('people') });
  await admin.connect();
  try {
    const users = await admin.query<{ name: string; role: string }>(
      'SELECT name, role FROM risk_register.users ORDER BY name',
    );
    expect(users.rows).toEqual([
      { name: 'rm', role: 'manager' },
      { name: 'vic', role: 'manager' },
    ]);
    expect((await admin.query("SELECT 1 FROM pg_roles WHERE rolname = 'mia'")).rowCount).toBe(0);
  } finally {
    await admin.end();
  }
  expect(app.problems).toEqual([]);
}, 180_000);
