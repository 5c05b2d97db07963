/**
 * The team register's window in Chromium, over a real PostgreSQL server and the real handler table: Join from the
 * start screen, the chip through the loop's states (Synced, Syncing…, Offline since hh:mm with the reason,
 * changes waiting), Team settings. Screenshots at 1280×720 and 1440×900 in test-output/screenshots/team-*.png.
 * The shell's side (password store, loop) is a stand-in here that pushes `team-sync-state` as electron/main.ts
 * does; the real loop and safeStorage store are covered by test/unit/electron/team-sync.test.ts and
 * test/renderer/team/team-settings.test.tsx.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TeamLoopState } from '../../shared/contract/team.ts';
import type { TeamShell } from '../../db/handlers/deps.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { connect } from '../../db/team/connect.ts';
import { addUser } from '../../db/team/server.ts';
import { createTeamSync } from '../../db/team/service.ts';
import type { TempDir } from '../integration/helpers.ts';
import { makeTempDir } from '../integration/helpers.ts';
import type { PgCluster } from '../integration/team/pg-cluster.ts';
import { startCluster } from '../integration/team/pg-cluster.ts';
import { ok } from '../integration/team/team-helpers.ts';
import type { AppPage, Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;
let cluster: PgCluster;
let tmp: TempDir;
beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-e2e-');
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
  cluster?.stop();
  tmp?.cleanup();
});

const chip = (app: AppPage) => app.page.getByTestId('team-status').getByRole('status');

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]) {
  it(`joins, shows the loop's states and Team settings at ${viewport.width}×${viewport.height}`, async () => {
    const size = `${viewport.width}x${viewport.height}`;
    const published = tmp.file(`published-${size}.riskreg`);
    const database = `team_${viewport.width}`;
    const adminUrl = cluster.adminUrl(database);
    const admin0 = await connect(cluster.adminUrl());
    await admin0.query(`CREATE DATABASE ${database}`);
    await admin0.end();
    await ok(['init', '--db', published, '--sample']);
    await ok(['team', 'publish', '--db', published, '--server', adminUrl]);
    const admin = await connect(adminUrl);
    await addUser(admin, `mia${viewport.width}`, 'manager', undefined, 'mia-password-123').catch(
      () => undefined,
    );
    await admin.end();

    const laptop = tmp.file(`mia-${size}.riskreg`);
    const passwords = new Map<string, string>();
    let state: TeamLoopState = { kind: 'idle', at: null, message: null };
    const shell: TeamShell = {
      savePassword: (server, user, password) => void passwords.set(`${user}@${server}`, password),
      syncState: () => state,
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
    const push = (s: TeamLoopState) => {
      state = s;
      void app.emit('team-sync-state', s);
    };
    const { page } = app;

    await page.getByRole('button', { name: 'Join a team register…' }).click();
    const join = page.getByTestId('join-team');
    await join.getByLabel('Server address').fill(`postgresql://127.0.0.1:${cluster.port}/${database}`);
    await join.getByLabel('User name').fill(`mia${viewport.width}`);
    await join.getByLabel('Password').fill('mia-password-123');
    await app.screenshot(`team-join-${size}`);
    await join.getByRole('button', { name: 'Choose where to save…' }).click();
    await page.getByTestId('risk-table').waitFor();
    await expect.poll(() => chip(app).textContent()).toMatch(/^Synced \d\d:\d\d$/);
    await app.screenshot(`team-chip-synced-${size}`);

    push({ kind: 'syncing', at: null, message: null });
    await expect.poll(() => chip(app).textContent()).toBe('Syncing…');
    await app.screenshot(`team-chip-syncing-${size}`);

    // An edit waits; the server cannot be reached.
    const [risk] = await app.backend.call('risks:list', {});
    if (!risk) throw new Error('sample changed');
    await app.backend.call('risks:update-score', {
      id: risk.id,
      version: risk.version,
      which: 'current',
      impact: risk.impact === 1 ? 2 : 1,
      likelihood: 1,
    });
    await app.emit('register-changed', null);
    push({
      kind: 'offline',
      at: new Date(2026, 10, 30, 14, 32).toISOString(),
      message: `Could not reach the team server: connect ECONNREFUSED 127.0.0.1:${cluster.port}. You can keep working offline; your changes wait on this computer until the next sync.`,
    });
    await expect.poll(() => chip(app).textContent()).toBe('Offline since 14:32 · 1 change waiting');
    expect(await page.getByTestId('team-offline-reason').textContent()).toContain(
      'You can keep working offline',
    );
    await app.screenshot(`team-chip-offline-${size}`);
    await page.getByTestId('team-offline-reason').getByText('Why offline?').click();
    await app.screenshot(`team-chip-offline-why-${size}`);

    await page.getByTestId('team-status').getByRole('button', { name: 'Team settings' }).click();
    const settings = page.getByTestId('team-settings');
    expect(await settings.getByTestId('team-settings-user').textContent()).toBe(
      `mia${viewport.width} (manager)`,
    );
    await settings.getByLabel('Team password').fill('mia-password-123');
    await app.screenshot(`team-settings-${size}`);
    await settings.getByRole('button', { name: 'Save and sync' }).click();
    await settings.waitFor({ state: 'detached' });

    // The window's Sync now pushes the waiting change for real.
    push({ kind: 'synced', at: new Date().toISOString(), message: null });
    await page.getByTestId('team-status').getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => chip(app).textContent(), { timeout: 20_000 }).toMatch(/^Synced \d\d:\d\d$/);
    await app.screenshot(`team-chip-after-sync-${size}`);
    expect(app.problems).toEqual([]);
  });
}
