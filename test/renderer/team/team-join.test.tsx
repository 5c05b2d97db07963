/**
 * The start screen's "Join a team register" over a real PostgreSQL server and the real handler table: a refused
 * address (a remote host without TLS) and a wrong password leave nothing behind and say what to do; the right
 * password makes the replica where the (main process's) save dialog says, opens it with every risk, and hands the
 * password to the shell's store only — never to the register file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TeamShell } from '../../../db/handlers/deps.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { connect } from '../../../db/team/connect.ts';
import { addUser } from '../../../db/team/server.ts';
import type { TempDir } from '../../integration/helpers.ts';
import { makeTempDir } from '../../integration/helpers.ts';
import type { PgCluster } from '../../integration/team/pg-cluster.ts';
import { startCluster } from '../../integration/team/pg-cluster.ts';
import { ok } from '../../integration/team/team-helpers.ts';
import { renderApp } from '../render-app.tsx';

let cluster: PgCluster;
let tmp: TempDir;
beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-join-');
}, 60_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
});

it('joins from the start screen: refusals leave nothing, then the replica opens with the password kept by the shell', async () => {
  const published = tmp.file('published.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', cluster.adminUrl()]);
  const admin = await connect(cluster.adminUrl());
  await addUser(admin, 'sam', 'owner', 'SP', 'sam-password-123');
  await admin.end();

  const laptop = tmp.file('sam.riskreg');
  const kept = new Map<string, string>();
  let asked = 0;
  const shell: TeamShell = {
    savePassword: (server, user, password) => void kept.set(`${user}@${server}`, password),
    syncState: () => ({ kind: 'idle', at: null, message: null }),
    syncSoon: () => undefined,
  };
  await renderApp({
    start: 'none',
    dialogs: {
      ...noDialogs,
      chooseNewRegisterPath: () => {
        asked += 1;
        return Promise.resolve(laptop);
      },
    },
    teamShell: () => shell,
  });
  await userEvent.click(
    within(await screen.findByTestId('start')).getByRole('button', { name: 'Join a team register…' }),
  );
  const dialog = await screen.findByTestId('join-team');
  const server = within(dialog).getByLabelText('Server address');
  const user = within(dialog).getByLabelText('User name');
  const password = within(dialog).getByLabelText('Password');
  const submit = within(dialog).getByRole('button', { name: 'Choose where to save…' });

  // A remote host without TLS: refused before any connection, with what to add.
  await userEvent.type(server, 'postgresql://db.council.example:5432/risks');
  await userEvent.type(user, 'sam');
  await userEvent.type(password, 'sam-password-123');
  await userEvent.click(submit);
  expect((await within(dialog).findByRole('alert')).textContent).toContain('sslmode=verify-full');
  expect(existsSync(laptop)).toBe(false);

  // The right server, the wrong password: the server's refusal, nothing made, nothing kept.
  const address = `postgresql://127.0.0.1:${cluster.port}/${new URL(cluster.adminUrl()).pathname.slice(1)}`;
  await userEvent.clear(server);
  await userEvent.type(server, address);
  await userEvent.clear(password);
  await userEvent.type(password, 'not-the-password');
  await userEvent.click(submit);
  await waitFor(() =>
    expect(within(dialog).getByRole('alert').textContent).toMatch(
      /refused the login.*Check the name and password/,
    ),
  );
  expect(existsSync(laptop)).toBe(false);
  expect(kept.size).toBe(0);

  // The right password: the replica is made where the save dialog said and opens with the sample's 19 risks.
  await userEvent.clear(password);
  await userEvent.type(password, 'sam-password-123');
  await userEvent.click(submit);
  await screen.findByTestId('risk-table', {}, { timeout: 20_000 });
  expect(screen.queryByTestId('join-team')).toBeNull();
  // Asked where to save once: the refusals came before the save dialog.
  expect(asked).toBe(1);
  expect(screen.getAllByTestId(/^risk-row-/).length).toBeGreaterThan(0);
  await waitFor(() =>
    expect(within(screen.getByTestId('team-status')).getByRole('status').textContent).toMatch(
      /^Synced \d\d:\d\d$/,
    ),
  );
  expect([...kept.entries()]).toEqual([[`sam@${address.replace('://', '://sam@')}`, 'sam-password-123']]);
  expect(readFileSync(laptop).includes(Buffer.from('sam-password-123'))).toBe(false);
}, 120_000);
