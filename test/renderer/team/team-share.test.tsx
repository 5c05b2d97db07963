/**
 * File › Share register…, People and "Type another value" in the window, over a real PostgreSQL server, the real
 * handler table and the team sync service the main process owns: the sidebar's Share register… opens the dialog
 * (the menu's command opens the same one), a remote host shows the encryption choice, a wrong password is refused
 * in words and changes nothing; the right one publishes and the sync chip appears. People lists the manager and
 * shows a new person's password once. A real conflict on a score is resolved with a typed value, checked as typed.
 */
import { readFileSync } from 'node:fs';
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TeamShell } from '../../../db/handlers/deps.ts';
import { connect } from '../../../db/team/connect.ts';
import { addUser } from '../../../db/team/server.ts';
import { createTeamSync } from '../../../db/team/service.ts';
import { handleMenu } from '../../../renderer/actions/shell-events.ts';
import { closeTeamDialog } from '../../../renderer/team/team-ui-store.ts';
import type { TempDir } from '../../integration/helpers.ts';
import { makeApp, makeTempDir } from '../../integration/helpers.ts';
import type { PgCluster } from '../../integration/team/pg-cluster.ts';
import { startCluster } from '../../integration/team/pg-cluster.ts';
import { ok } from '../../integration/team/team-helpers.ts';
import { renderApp } from '../render-app.tsx';

let cluster: PgCluster;
let tmp: TempDir;
const RM_PASSWORD = 'rm-password-1234';
beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-share-');
  const boot = new pg.Client({ connectionString: cluster.adminUrl() });
  await boot.connect();
  await boot.query(`CREATE ROLE rm LOGIN CREATEROLE PASSWORD '${RM_PASSWORD}'`);
  await boot.query('CREATE DATABASE reg OWNER rm');
  await boot.end();
}, 60_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
});

it('shares the open register, lists and adds people, and resolves a real conflict with a typed value', async () => {
  const kept = new Map<string, string>();
  const shell: TeamShell = {
    savePassword: (server, user, password) => void kept.set(`${user}@${server}`, password),
    syncState: () => ({ kind: 'idle', at: null, message: null }),
    syncSoon: () => undefined,
  };
  const backend = await renderApp({
    start: 'sample',
    teamShell: () => shell,
    teamSync: (session) =>
      createTeamSync({ session, password: (server, user) => kept.get(`${user}@${server}`) ?? null }),
  });
  const file = backend.path;
  const before = readFileSync(file);

  // The menu's command opens the dialog; so does the sidebar's entry.
  act(() => handleMenu('share-register'));
  expect(await screen.findByTestId('share-register')).toBeTruthy();
  act(() => closeTeamDialog());
  await waitFor(() => expect(screen.queryByTestId('share-register')).toBeNull());
  await userEvent.click(
    within(screen.getByTestId('team-share-entry')).getByRole('button', { name: 'Share register…' }),
  );
  const dialog = await screen.findByTestId('share-register');
  const server = within(dialog).getByLabelText('Server address');
  const user = within(dialog).getByLabelText('Manager login');
  const password = within(dialog).getByLabelText('Password');
  const share = within(dialog).getByRole('button', { name: 'Share' });
  expect((share as HTMLButtonElement).disabled).toBe(true);

  // A remote host without sslmode: the encryption choice appears; without ticking it the main process refuses.
  await userEvent.type(server, 'postgresql://db.council.example:5432/reg');
  expect(within(dialog).getByTestId('share-tls').textContent).toContain('sslmode=verify-full');
  await userEvent.type(user, 'rm');
  await userEvent.type(password, 'not-the-password');
  await userEvent.click(share);
  expect((await within(dialog).findByRole('alert')).textContent).toMatch(
    /db\.council\.example is not this computer.*Connect without encryption/,
  );

  // The right server, a wrong password: refused in words, nothing changed on this computer.
  const address = `postgresql://127.0.0.1:${cluster.port}/reg`;
  await userEvent.clear(server);
  await userEvent.type(server, address);
  expect(within(dialog).queryByTestId('share-tls')).toBeNull();
  await userEvent.click(share);
  await waitFor(
    () =>
      expect(within(dialog).getByRole('alert').textContent).toMatch(
        /refused the login rm: the user name or password is wrong.*Nothing was changed/,
      ),
    { timeout: 20_000 },
  );
  expect(readFileSync(file).equals(before)).toBe(true);
  expect(await backend.call('team:status', {})).toBeNull();
  expect(kept.size).toBe(0);

  // The right password: published, the dialog closes, the file is a replica and the chip shows.
  await userEvent.clear(password);
  await userEvent.type(password, RM_PASSWORD);
  await userEvent.click(share);
  await waitFor(() => expect(screen.queryByTestId('share-register')).toBeNull(), { timeout: 20_000 });
  const chip = await screen.findByTestId('team-status');
  expect(within(chip).getByRole('status').textContent).toMatch(/^Synced \d\d:\d\d$/);
  expect(screen.queryByTestId('team-share-entry')).toBeNull();
  expect([...kept.entries()]).toEqual([[`rm@${address.replace('://', '://rm@')}`, RM_PASSWORD]]);
  expect(readFileSync(file).includes(Buffer.from(RM_PASSWORD))).toBe(false);

  // People: the manager with the time of the first round; adding a viewer shows the password once.
  await userEvent.click(within(chip).getByRole('button', { name: 'People' }));
  const people = await screen.findByTestId('team-people');
  const list = await within(people).findByTestId('people-list');
  expect(list.querySelectorAll('tbody tr').length).toBe(1);
  // Publishing ran a first round, so the server has the manager's sync time (dd/mm/yyyy hh:mm).
  // A manager also sees Role… and Remove… for each person (issue 10: change a role, remove a person).
  expect(list.querySelector('tbody tr')?.textContent).toMatch(
    /^rmmanager—\d\d\/\d\d\/\d{4} \d\d:\d\dRole… Remove…$/,
  );
  const add = within(people).getByTestId('people-add');
  await userEvent.type(within(add).getByLabelText('Login name'), 'vic');
  await userEvent.selectOptions(within(add).getByLabelText('Role'), 'viewer');
  await userEvent.click(within(add).getByRole('button', { name: 'Add person' }));
  const shown = await within(people).findByTestId('people-password', {}, { timeout: 10_000 });
  expect(shown.textContent).toContain('It will not be shown again');
  const vicPassword = shown.querySelector('code')?.textContent ?? '';
  expect(vicPassword.length).toBeGreaterThanOrEqual(12);
  await waitFor(
    () => expect(within(people).getByTestId('people-list').querySelectorAll('tbody tr').length).toBe(2),
    { timeout: 10_000 },
  );
  // The password works: Vic can sign in to the server.
  const vic = await connect(
    `postgresql://vic:${encodeURIComponent(vicPassword)}@127.0.0.1:${cluster.port}/reg`,
  );
  await vic.end();
  await userEvent.click(within(people).getByRole('button', { name: 'Done' }));

  // A real conflict: Mia (another manager) and this window change the same score offline; Mia syncs first.
  const admin = await connect(cluster.adminUrl('reg'));
  await addUser(admin, 'mia', 'manager', undefined, 'mia-password-123');
  const laptop = tmp.file('mia.riskreg');
  await ok(['team', 'join', '--server', cluster.url('mia', 'mia-password-123', 'reg'), '--db', laptop]);
  const risk = (await backend.call('risks:list', {})).find((r) => r.impact !== 2 && r.impact !== 5);
  if (!risk) throw new Error('sample changed');
  const mia = makeApp({ now: () => new Date() });
  await mia.ok('register:open', { path: laptop });
  const hers = await mia.ok('risks:get', { id: risk.id });
  await mia.ok('risks:update-score', {
    id: risk.id,
    version: hers.version,
    which: 'current',
    impact: 2,
    likelihood: 2,
  });
  mia.close();
  await ok(['sync', '--db', laptop], 'mia-password-123');
  await backend.call('risks:update-score', {
    id: risk.id,
    version: risk.version,
    which: 'current',
    impact: 5,
    likelihood: 5,
  });
  act(() => backend.emit('register-changed', null));
  await userEvent.click(within(screen.getByTestId('team-status')).getByRole('button', { name: 'Sync now' }));
  await waitFor(
    () =>
      expect(within(screen.getByTestId('team-status')).getByRole('status').textContent).toBe('1 conflict'),
    { timeout: 20_000 },
  );
  const conflicts = screen.getByTestId('team-conflicts');
  await userEvent.click(within(conflicts).getByText('Conflicts'));
  await userEvent.click(within(conflicts).getByRole('button', { name: 'Type another value' }));
  const typed = within(conflicts).getByTestId('team-typed-value');
  const box = within(typed).getByRole('textbox');
  const apply = within(typed).getByRole('button', { name: 'Apply' });
  await userEvent.type(box, '9x9');
  expect(within(typed).getByRole('alert').textContent).toContain('impact × likelihood, each 1 to 5');
  expect((apply as HTMLButtonElement).disabled).toBe(true);
  await userEvent.clear(box);
  await userEvent.type(box, '3x4');
  expect(within(typed).queryByRole('alert')).toBeNull();
  await userEvent.click(apply);
  await waitFor(() => expect(screen.queryByTestId('team-conflicts')).toBeNull(), { timeout: 20_000 });

  // The typed value is the server's and this laptop's.
  const onServer = await admin.query<{ fields: { current: { impact: number; likelihood: number } } }>(
    'SELECT fields FROM risk_register.risks WHERE id = $1',
    [risk.id],
  );
  await admin.end();
  expect(onServer.rows[0]?.fields.current).toMatchObject({ impact: 3, likelihood: 4 });
  expect(await backend.call('risks:get', { id: risk.id })).toMatchObject({ impact: 3, likelihood: 4 });
}, 180_000);
