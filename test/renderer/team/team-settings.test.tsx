/**
 * Team settings and the sync loop in the window, over a real PostgreSQL server, the real handler table, the real
 * sync service and the main process's own loop and password store (electron/team-sync.ts on the strict fake
 * Electron, whose safeStorage refuses as Electron's does):
 * - with no password kept, the loop's round fails and the chip says *Offline since hh:mm* with the reason;
 * - without a key store, saving the password is refused in the dialog with what to do, nothing kept;
 * - typing the password keeps it encrypted (never in clear, never sent back) and the loop syncs at once;
 * - after the round the risk list is read again in full: an edit another replica made shows in the table even
 *   though the window had already seen the revision number it landed on (its own edit held it before the rebase).
 */
import { readFileSync } from 'node:fs';
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { connect } from '../../../db/team/connect.ts';
import { teamStatus } from '../../../db/team/replica.ts';
import { addUser } from '../../../db/team/server.ts';
import type { TeamSync } from '../../../db/team/service.ts';
import { createTeamSync } from '../../../db/team/service.ts';
import type { TempDir } from '../../integration/helpers.ts';
import { makeApp, makeTempDir } from '../../integration/helpers.ts';
import type { PgCluster } from '../../integration/team/pg-cluster.ts';
import { startCluster } from '../../integration/team/pg-cluster.ts';
import { ok } from '../../integration/team/team-helpers.ts';
import type { Backend } from '../backend.ts';
import { renderApp } from '../render-app.tsx';

const fake = await vi.hoisted(async () =>
  (await import('../../unit/electron/fake-electron.ts')).createFakeElectron(),
);
vi.mock('electron', () => fake.module);
const { createCredentialStore, createTeamShell, loopStateForWindow, startSyncLoop } =
  await import('../../../electron/team-sync.ts');
type Loop = ReturnType<typeof startSyncLoop>;

let cluster: PgCluster;
let tmp: TempDir;
beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-settings-');
}, 60_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
});

const PASSWORD = 'mia-password-123';

function chipText(): string {
  return within(screen.getByTestId('team-status')).getByRole('status').textContent ?? '';
}

function cell(ref: string, col: string): string {
  return screen.getByTestId(`risk-row-${ref}`).querySelector(`td[data-col="${col}"]`)?.textContent ?? '';
}

it('keeps the typed password with safeStorage, syncs at once, and reloads the list in full', async () => {
  const published = tmp.file('published.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', cluster.adminUrl()]);
  const admin = await connect(cluster.adminUrl());
  await addUser(admin, 'mia', 'manager', undefined, PASSWORD);
  await admin.end();
  const laptop = tmp.file('mia.riskreg');
  await ok(['team', 'join', '--server', cluster.url('mia', PASSWORD), '--db', laptop]);

  // The main process's pieces, as electron/main.ts wires them, after ready.
  fake.reset();
  fake.state.paths['userData'] = tmp.dir;
  fake.state.ready = true;
  fake.state.resolveReady();
  const credentials = createCredentialStore();
  let loop: Loop | null = null;
  let teamSync: TeamSync | null = null;
  let backend: Backend | null = null;
  backend = await renderApp({
    start: 'none',
    dialogs: { ...noDialogs, chooseRegisterToOpen: () => Promise.resolve(laptop) },
    onRegisterChanged: () => backend?.emit('register-changed', null),
    teamSync: (session) =>
      (teamSync = createTeamSync({
        session,
        password: (server, user) => credentials.password(server, user),
        onSynced: () => {
          backend?.emit('register-changed', null);
          loop?.noteSynced();
        },
      })),
    teamShell: () => createTeamShell({ credentials, loop: () => loop }),
  });
  const session = backend.session;
  const started = startSyncLoop({
    round: async () => {
      if (!session.isOpen || !teamStatus(session.db) || !teamSync) return false;
      await teamSync.syncNow();
      return true;
    },
    // Rounds here run when the test kicks them or the password is saved, never on a timer.
    intervalMs: 3_600_000,
    afterChangeMs: 3_600_000,
    onState: (s) => backend?.emit('team-sync-state', loopStateForWindow(s)),
  });
  loop = started;

  try {
    await userEvent.click(
      within(await screen.findByTestId('start')).getByRole('button', { name: 'Open register…' }),
    );
    await screen.findByTestId('risk-table');
    // Joining pulled everything: the replica's own last sync shows until the loop has run.
    await waitFor(() => expect(chipText()).toMatch(/^Synced \d\d:\d\d$/));

    // Mia edits a risk in the window (her replica's revision moves to the server's last seq + 1)…
    const risks = await backend.call('risks:list', {});
    const [mine, theirs] = risks.filter((r) => r.impact !== 1 && r.impact !== 2);
    if (!mine || !theirs) throw new Error('sample changed');
    await backend.call('risks:update-score', {
      id: mine.id,
      version: mine.version,
      which: 'current',
      impact: 2,
      likelihood: 2,
    });
    await waitFor(() => expect(chipText()).toBe('1 change waiting'));
    await waitFor(() => expect(cell(mine.ref, 'impact')).toBe('2'));

    // …while the publisher changes another risk and syncs: on the server that change takes the same seq.
    const other = makeApp({ now: () => new Date() });
    await other.ok('register:open', { path: published });
    const fresh = (await other.ok('risks:list', {})).find((r) => r.id === theirs.id);
    if (!fresh) throw new Error('sample changed');
    await other.ok('risks:update-score', {
      id: fresh.id,
      version: fresh.version,
      which: 'current',
      impact: 1,
      likelihood: 1,
    });
    other.close();
    await ok(['sync', '--db', published]);

    // No password kept yet: the loop's round fails, the chip says so and why.
    await started.kick();
    await waitFor(() => expect(chipText()).toMatch(/^Offline since \d\d:\d\d · 1 change waiting$/));
    expect(screen.getByTestId('team-offline-reason').textContent).toContain(
      'No password is kept on this computer for mia on the team server. Enter it in Team settings',
    );

    // Team settings shows who syncs; without a key store the password is refused with what to do, nothing kept.
    await userEvent.click(
      within(screen.getByTestId('team-status')).getByRole('button', { name: 'Team settings' }),
    );
    const dialog = await screen.findByTestId('team-settings');
    expect(within(dialog).getByTestId('team-settings-user').textContent).toBe('mia (manager)');
    fake.state.encryption = false;
    await userEvent.type(within(dialog).getByLabelText('Team password'), PASSWORD);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save and sync' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'cannot keep the team password safely',
    );
    expect(started.rounds).toBe(1);

    // With the key store: kept encrypted, the loop syncs at once, the chip follows.
    fake.state.encryption = true;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save and sync' }));
    await waitFor(() => expect(screen.queryByTestId('team-settings')).toBeNull());
    await waitFor(() => expect(chipText()).toMatch(/^Synced \d\d:\d\d$/), { timeout: 20_000 });
    expect(started.rounds).toBe(2);
    expect(screen.queryByTestId('team-offline-reason')).toBeNull();
    const status = teamStatus(session.db);
    if (!status) throw new Error('not a replica');
    expect(credentials.password(status.server, 'mia')).toBe(PASSWORD);
    expect(readFileSync(tmp.file('team-credentials.bin')).includes(Buffer.from(PASSWORD))).toBe(false);
    expect(readFileSync(laptop).includes(Buffer.from(PASSWORD))).toBe(false);

    // The other replica's edit is in the table (read in full after the round), and Mia's own stays.
    await waitFor(() => expect(cell(theirs.ref, 'impact')).toBe('1'));
    expect(cell(theirs.ref, 'likelihood')).toBe('1');
    expect(cell(mine.ref, 'impact')).toBe('2');
  } finally {
    started.stop();
  }
}, 120_000);

it('refuses the password on a single-user register and outside the app, and never sends it back', async () => {
  const backend = await renderApp({ start: 'sample' });
  const single = await backend.dispatch('team:save-password', { password: 'whatever-1' });
  expect(single).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect(JSON.stringify(single)).not.toContain('whatever-1');
  expect(await backend.call('team:sync-state', {})).toBeNull();
  const empty = await backend.dispatch('team:save-password', { password: '' });
  expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
});
