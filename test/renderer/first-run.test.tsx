import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noDialogs } from '../../db/handlers/deps.ts';
import { renderApp } from './render-app.tsx';

describe('first run', () => {
  it('explains a risk register and loads the LGA sample', async () => {
    const backend = await renderApp({ start: 'new' });
    const welcome = await screen.findByTestId('welcome');
    expect(welcome.textContent).toContain('What a risk register is for');
    expect(welcome.textContent).toContain('impact × likelihood');
    expect(within(welcome).getByTestId('band-key')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Load the LGA sample register (19 risks)' }));
    const table = await screen.findByTestId('risk-table');
    expect(within(table).getAllByRole('row')).toHaveLength(20);
    expect(screen.getByTestId('register-name').textContent).toBe('LGA Strategic Risk Register');
    const status = await backend.call('register:status', {});
    expect(status?.settings.onboarded).toBe(true);
    expect(status?.riskCount).toBe(19);
  });

  it('can start empty, and the empty table says so', async () => {
    const backend = await renderApp({ start: 'new' });
    await userEvent.click(await screen.findByRole('button', { name: 'Start empty' }));
    const table = await screen.findByTestId('risk-table');
    expect(table.textContent).toContain('This register has no risks yet.');
    expect(screen.getByTestId('view-title').textContent).toMatch(/^Register · 0 risks · as at /);
    expect((await backend.call('register:status', {}))?.riskCount).toBe(0);
    // It offers the ways to fill it: add, import, or the sample in a new file.
    expect(
      within(table).getByRole('button', { name: 'Import from a spreadsheet (XLSX or CSV)…' }),
    ).toBeTruthy();
    expect(within(table).getByRole('button', { name: 'Try the LGA sample in a new register…' })).toBeTruthy();
    await userEvent.click(within(table).getByRole('button', { name: '+ Add the first risk' }));
    expect(await screen.findByTestId('new-risk-dialog')).toBeTruthy();
  });

  it('with no register open, offers New register… and Open register…', async () => {
    let chosen: string | null = null;
    const backend = await renderApp({
      start: 'none',
      dialogs: {
        ...noDialogs,
        chooseNewRegisterPath: () => Promise.resolve(chosen),
        chooseRegisterToOpen: () => Promise.resolve(null),
      },
    });
    const start = await screen.findByTestId('start');
    expect(within(start).getByRole('button', { name: 'Open register…' })).toBeTruthy();

    // Cancelling the dialog changes nothing.
    await userEvent.click(within(start).getByRole('button', { name: 'New register…' }));
    expect(screen.getByTestId('start')).toBeTruthy();

    chosen = join(backend.dir, 'new.sqlite');
    await userEvent.click(within(start).getByRole('button', { name: 'New register…' }));
    const table = await screen.findByTestId('risk-table');
    expect(table.textContent).toContain('This register has no risks yet.');
    await waitFor(() => expect(backend.session.path).toBe(chosen));
  });

  it('says why a register could not be opened', async () => {
    const backend = await renderApp({
      start: 'none',
      dialogs: {
        ...noDialogs,
        chooseNewRegisterPath: () => Promise.resolve(null),
        chooseRegisterToOpen: () => Promise.resolve(join(backend.dir, 'missing.sqlite')),
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Open register…' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(
      /^There is no file at .*missing\.sqlite\. Check the path, or create a new register\.$/,
    );
  });
});
