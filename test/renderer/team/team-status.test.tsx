/**
 * The sync state in the window of a team replica, over a real PostgreSQL server and the real handler table: a change
 * waiting, then (after a sync round) the server's refusal with its reason, copied and dismissed from the window.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRegisterFile } from '../../../db/connection.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { connect } from '../../../db/team/connect.ts';
import { addUser } from '../../../db/team/server.ts';
import { syncRound } from '../../../db/team/sync.ts';
import type { TempDir } from '../../integration/helpers.ts';
import { makeApp, makeTempDir } from '../../integration/helpers.ts';
import type { PgCluster } from '../../integration/team/pg-cluster.ts';
import { startCluster } from '../../integration/team/pg-cluster.ts';
import { ok } from '../../integration/team/team-helpers.ts';
import { renderApp } from '../render-app.tsx';

let cluster: PgCluster;
let tmp: TempDir;
beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-ui-');
}, 60_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
});

it('shows changes waiting, then a refused change with its reason until dismissed', async () => {
  const published = tmp.file('published.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', cluster.adminUrl()]);
  const admin = await connect(cluster.adminUrl());
  await addUser(admin, 'sam', 'owner', 'SP', 'sam-password-123');
  await admin.end();
  const url = cluster.url('sam', 'sam-password-123');
  const laptop = tmp.file('sam.riskreg');
  await ok(['team', 'join', '--server', url, '--db', laptop]);

  // Sam changes the score of a risk he does not own, offline.
  const app = makeApp({ now: () => new Date() });
  await app.ok('register:open', { path: laptop });
  const other = (await app.ok('risks:list', {})).find((r) => !r.owners.includes('SP'));
  if (!other) throw new Error('sample changed');
  await app.ok('risks:update-score', {
    id: other.id,
    version: other.version,
    which: 'current',
    impact: 1,
    likelihood: 1,
  });
  app.close();

  const backend = await renderApp({
    start: 'none',
    dialogs: { ...noDialogs, chooseRegisterToOpen: () => Promise.resolve(laptop) },
  });
  await userEvent.click(
    within(await screen.findByTestId('start')).getByRole('button', { name: 'Open register…' }),
  );
  const chip = await screen.findByTestId('team-status');
  await waitFor(() => expect(within(chip).getByRole('status').textContent).toBe('1 change waiting'));

  // A sync round (the CLI's, outside the window), then the shell's notice that the register changed.
  const client = await connect(url);
  const open = openRegisterFile(laptop);
  try {
    expect(await syncRound(open.db, laptop, client)).toMatchObject({ pushed: 1, rejected: 1 });
  } finally {
    open.db.close();
    await client.end();
  }
  backend.emit('register-changed', null);
  await waitFor(() =>
    expect(within(screen.getByTestId('team-status')).getByRole('status').textContent).toMatch(
      /^Synced \d\d:\d\d · 1 change refused$/,
    ),
  );
  const refused = screen.getByTestId('team-rejected');
  expect(refused.textContent).toContain(`${other.ref} current: ${other.ref} is owned by`);
  expect(refused.textContent).toContain('an owner may change only the risks they own');
  const user = userEvent.setup();
  await user.click(within(refused).getByText('Refused changes'));
  // Copy puts what was wanted and the server's reason on the clipboard, to paste into an e-mail.
  await user.click(within(refused).getByRole('button', { name: 'Copy' }));
  const copied = await navigator.clipboard.readText();
  expect(copied).toContain(`${other.ref} current: wanted 1 × 1.`);
  expect(copied).toContain('an owner may change only the risks they own');
  expect(within(refused).getByRole('button', { name: 'Copied' })).toBeTruthy();
  await user.click(within(refused).getByRole('button', { name: 'Dismiss' }));
  await waitFor(() => expect(screen.queryByTestId('team-rejected')).toBeNull());
  expect(within(screen.getByTestId('team-status')).getByRole('status').textContent).toMatch(
    /^Synced \d\d:\d\d$/,
  );
}, 120_000);
