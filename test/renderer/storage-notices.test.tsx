/**
 * The start screen after a damaged register was refused: the message, and "Open the backup from dd/mm/yyyy",
 * which opens the verified backup; then the read-only banner for a file marked read-only. Real handler table,
 * real SQLite files (test/renderer/backend.ts).
 */
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { chmodSync, statSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noDialogs } from '../../db/handlers/deps.ts';
import { READ_ONLY_MESSAGES } from '../../shared/domain.ts';
import { renderApp } from './render-app.tsx';

describe('storage notices', () => {
  it('offers the newest verified backup of a damaged register, and opens it', async () => {
    let toOpen: string | null = null;
    const backend = await renderApp({
      start: 'none',
      dialogs: { ...noDialogs, chooseRegisterToOpen: () => Promise.resolve(toOpen) },
    });
    const path = join(backend.dir, 'council.riskregister');
    await backend.call('register:create', {
      path: backend.files.grant(path, 'create-register'),
      sample: true,
    });
    const backup = join(backend.dir, 'Risk register backup 2026-11-20.riskregister');
    await backend.call('register:backup', { path: backend.files.grant(backup, 'backup-write') });
    backend.session.close();
    const when = new Date(2026, 10, 20, 12, 0);
    utimesSync(backup, when, when);
    const bytes = readFileSync(path);
    bytes.fill(0, 0, 16);
    writeFileSync(path, bytes);

    toOpen = path;
    const start = await screen.findByTestId('start');
    await userEvent.click(within(start).getByRole('button', { name: 'Open register…' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('is damaged (the start of the file has been overwritten)');
    const offer = await screen.findByRole('button', { name: 'Open the backup from 20/11/2026' });
    await userEvent.click(offer);
    await waitFor(() => expect(backend.session.path).toBe(backup));
    expect(await screen.findByTestId('risk-table')).toBeTruthy();
  });

  it('a register file marked read-only opens with a banner that says why and what to do', async () => {
    let toOpen: string | null = null;
    const backend = await renderApp({
      start: 'none',
      dialogs: { ...noDialogs, chooseRegisterToOpen: () => Promise.resolve(toOpen) },
    });
    const path = join(backend.dir, 'locked.riskregister');
    await backend.call('register:create', {
      path: backend.files.grant(path, 'create-register'),
      sample: true,
    });
    backend.session.close();
    chmodSync(path, 0o444);
    expect(statSync(path).mode & 0o222).toBe(0);
    toOpen = path;
    await userEvent.click(
      within(await screen.findByTestId('start')).getByRole('button', { name: 'Open register…' }),
    );
    const banner = await screen.findByTestId('read-only-banner');
    expect(banner.textContent).toBe(READ_ONLY_MESSAGES['file-read-only']);
    chmodSync(path, 0o644);
  });
});
