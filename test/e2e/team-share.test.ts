/**
 * File › Share register…, People and the dashboard's Team panel in Chromium over a real PostgreSQL server and the
 * real handler table: the manager shares the sample register from the sidebar's entry, adds a viewer in People
 * (the password shown once), and the dashboard lists each person with when they last synced. Screenshots at
 * 1280×720 and 1440×900 in test-output/screenshots/team-share-*.png, team-people-*.png, team-dashboard-*.png.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TeamShell } from '../../db/handlers/deps.ts';
import { createTeamSync } from '../../db/team/service.ts';
import type { PgCluster } from '../integration/team/pg-cluster.ts';
import { startCluster } from '../integration/team/pg-cluster.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;
let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startCluster();
  harness = await startHarness();
  const boot = new pg.Client({ connectionString: cluster.adminUrl() });
  await boot.connect();
  await boot.query(`CREATE ROLE rm LOGIN CREATEROLE PASSWORD 'rm-password-1234'`);
  await boot.end();
});
afterAll(async () => {
  await harness?.close();
  cluster?.stop();
});

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]) {
  it(`shares the register, adds a person and shows the Team panel at ${viewport.width}×${viewport.height}`, async () => {
    const size = `${viewport.width}x${viewport.height}`;
    const database = `share_${viewport.width}`;
    const boot = new pg.Client({ connectionString: cluster.adminUrl() });
    await boot.connect();
    await boot.query(`CREATE DATABASE ${database} OWNER rm`);
    await boot.end();
    const passwords = new Map<string, string>();
    const shell: TeamShell = {
      savePassword: (server, user, password) => void passwords.set(`${user}@${server}`, password),
      syncState: () => ({ kind: 'idle', at: null, message: null }),
      syncSoon: () => undefined,
    };
    const app = await harness.open({
      viewport,
      start: 'sample',
      teamSync: (session) =>
        createTeamSync({ session, password: (server, user) => passwords.get(`${user}@${server}`) ?? null }),
      teamShell: () => shell,
    });
    const { page } = app;

    await page.getByTestId('team-share-entry').getByRole('button', { name: 'Share register…' }).click();
    const dialog = page.getByTestId('share-register');
    await dialog.getByLabel('Server address').fill('postgresql://risks.council.example:5432/register');
    await dialog.getByLabel('Manager login').fill('rm');
    await dialog.getByLabel('Password').fill('rm-password-1234');
    await app.screenshot(`team-share-remote-${size}`);
    await dialog.getByLabel('Server address').fill(`postgresql://127.0.0.1:${cluster.port}/${database}`);
    await app.screenshot(`team-share-${size}`);
    await dialog.getByRole('button', { name: 'Share' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('team-status').getByRole('status').textContent(), { timeout: 20_000 })
      .toMatch(/^Synced \d\d:\d\d$/);
    await app.screenshot(`team-shared-${size}`);

    await page.getByTestId('team-status').getByRole('button', { name: 'People' }).click();
    const people = page.getByTestId('team-people');
    await people.getByTestId('people-list').waitFor();
    const add = people.getByTestId('people-add');
    await add.getByLabel('Login name').fill(`leader${viewport.width}`);
    await add.getByLabel('Role').selectOption('viewer');
    await add.getByRole('button', { name: 'Add person' }).click();
    await people.getByTestId('people-password').waitFor({ timeout: 20_000 });
    await expect.poll(() => people.locator('tbody tr').count()).toBe(2);
    await app.screenshot(`team-people-${size}`);
    await people.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Sync now' }).click();
    await page
      .getByRole('link', { name: 'Dashboard' })
      .or(page.getByRole('button', { name: 'Dashboard' }))
      .first()
      .click();
    const panel = page.getByTestId('dashboard-team');
    await panel.waitFor({ timeout: 20_000 });
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(2);
    expect(await panel.locator('tbody tr').nth(1).textContent()).toContain('never');
    await panel.scrollIntoViewIfNeeded();
    await app.screenshot(`team-dashboard-${size}`);
    expect(app.problems).toEqual([]);
  });
}
