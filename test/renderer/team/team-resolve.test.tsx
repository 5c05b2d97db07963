/**
 * Sync now and resolving a conflict from the window, over a real PostgreSQL server, the real handler table and the
 * team sync service the main process owns (db/team/service.ts): two managers change the same score offline, the
 * second one's window syncs, lists the conflict, and *Keep mine* puts her value on the server and her laptop.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ScoreValue } from '../../../shared/scoring.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { connect } from '../../../db/team/connect.ts';
import { addUser } from '../../../db/team/server.ts';
import { createTeamSync } from '../../../db/team/service.ts';
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
  tmp = makeTempDir('rr-team-resolve-');
}, 60_000);
afterAll(() => {
  cluster?.stop();
  tmp?.cleanup();
});

async function setScore(
  path: string,
  impact: ScoreValue,
  likelihood: ScoreValue,
): Promise<{ id: string; ref: string }> {
  const app = makeApp({ now: () => new Date() });
  try {
    await app.ok('register:open', { path });
    const risk = (await app.ok('risks:list', {})).find((r) => r.impact !== 2 && r.impact !== 5);
    if (!risk) throw new Error('sample changed');
    await app.ok('risks:update-score', {
      id: risk.id,
      version: risk.version,
      which: 'current',
      impact,
      likelihood,
    });
    return { id: risk.id, ref: risk.ref };
  } finally {
    app.close();
  }
}

it('syncs from the window, lists the conflict and keeps mine on the server and the laptop', async () => {
  const published = tmp.file('published.riskreg');
  await ok(['init', '--db', published, '--sample']);
  await ok(['team', 'publish', '--db', published, '--server', cluster.adminUrl()]);
  const admin = await connect(cluster.adminUrl());
  await addUser(admin, 'mia', 'manager', undefined, 'mia-password-123');
  const laptop = tmp.file('mia.riskreg');
  await ok(['team', 'join', '--server', cluster.url('mia', 'mia-password-123'), '--db', laptop]);

  // Both managers change SR01's current score offline; the publisher syncs first.
  const { id, ref } = await setScore(published, 2, 2);
  expect((await setScore(laptop, 5, 5)).id).toBe(id);
  await ok(['sync', '--db', published]);

  let passwordAsked = 0;
  await renderApp({
    start: 'none',
    dialogs: { ...noDialogs, chooseRegisterToOpen: () => Promise.resolve(laptop) },
    teamSync: (session) =>
      createTeamSync({
        session,
        password: (_server, user) => {
          passwordAsked += 1;
          return user === 'mia' ? 'mia-password-123' : null;
        },
      }),
  });
  await userEvent.click(
    within(await screen.findByTestId('start')).getByRole('button', { name: 'Open register…' }),
  );
  const chip = await screen.findByTestId('team-status');
  await waitFor(() => expect(within(chip).getByRole('status').textContent).toBe('1 change waiting'));

  await userEvent.click(within(chip).getByRole('button', { name: 'Sync now' }));
  await waitFor(() =>
    expect(within(screen.getByTestId('team-status')).getByRole('status').textContent).toBe('1 conflict'),
  );
  expect(passwordAsked).toBe(1);
  const list = screen.getByTestId('team-conflicts');
  expect(list.textContent).toContain(`${ref} current: was`);
  expect(list.textContent).toContain('now 2 × 2, mia wanted 5 × 5');

  await userEvent.click(within(list).getByText('Conflicts'));
  await userEvent.click(within(list).getByRole('button', { name: 'Keep mine' }));
  await waitFor(() => expect(screen.queryByTestId('team-conflicts')).toBeNull());
  expect(within(screen.getByTestId('team-status')).getByRole('status').textContent).toMatch(
    /^Synced \d\d:\d\d$/,
  );

  // Mine is now the server's value and the laptop's.
  const server = await admin.query<{ fields: { current: { impact: number; likelihood: number } } }>(
    'SELECT fields FROM risk_register.risks WHERE id = $1',
    [id],
  );
  await admin.end();
  expect(server.rows[0]?.fields.current).toMatchObject({ impact: 5, likelihood: 5 });
  const check = makeApp();
  await check.ok('register:open', { path: laptop });
  expect(await check.ok('risks:get', { id })).toMatchObject({ impact: 5, likelihood: 5 });
  check.close();
}, 120_000);
