import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { renderApp } from '../render-app.tsx';

async function start(answer: (dir: string, defaultName: string) => string | null) {
  const asked: { defaultName: string; format: string }[] = [];
  let dir = '';
  const backend = await renderApp({
    dialogs: {
      ...noDialogs,
      chooseExportPath: (defaultName, format) => {
        asked.push({ defaultName, format });
        return Promise.resolve(answer(dir, defaultName));
      },
    },
  });
  dir = backend.dir;
  await userEvent.click(screen.getByTestId('open-export'));
  const dialog = await screen.findByRole('dialog', { name: 'Export the summary' });
  return { backend, dialog, asked };
}

describe('the export dialog', () => {
  it('exports Amber and Red only, highest score first, as CSV, and says so quietly', async () => {
    const { backend, dialog, asked } = await start((dir, name) => join(dir, name));
    await userEvent.click(within(dialog).getByRole('radio', { name: /^CSV/ }));
    await userEvent.click(within(dialog).getByTestId('export-band-Green'));
    await userEvent.click(within(dialog).getByTestId('export-band-Yellow'));
    await userEvent.selectOptions(within(dialog).getByTestId('export-sort'), 'score');
    await userEvent.click(within(dialog).getByTestId('export-run'));

    const notice = await screen.findByTestId('io-notice');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.format).toBe('csv');
    const path = join(backend.dir, asked[0]?.defaultName ?? '');
    const risks = await backend.call('risks:list', {});
    const amberOrRed = risks.filter((r) => (r.impact ?? 0) * (r.likelihood ?? 0) >= 11);
    expect(amberOrRed.length).toBeGreaterThan(0);
    expect(notice.textContent).toContain(
      `Exported ${amberOrRed.length} risks to ${asked[0]?.defaultName} · Current scores · Red and Amber only · highest score first.`,
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    const lines = readFileSync(path, 'utf8').split(/\r?\n/);
    const rows = lines.filter((l) => /^SR\d+,/.test(l));
    expect(rows.map((l) => l.split(',')[0]).sort()).toEqual(amberOrRed.map((r) => r.ref).sort());
    const top = [...amberOrRed].sort(
      (a, b) => (b.impact ?? 0) * (b.likelihood ?? 0) - (a.impact ?? 0) * (a.likelihood ?? 0),
    )[0];
    expect(rows[0]?.startsWith(`${top?.ref},`)).toBe(true);
  });

  it('adds a direction-of-travel column when ticked, for current scores only', async () => {
    const { backend, dialog, asked } = await start((dir, name) => join(dir, name));
    await userEvent.click(within(dialog).getByRole('radio', { name: /^CSV/ }));
    const travel = within(dialog).getByTestId('export-travel');
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Target scores' }));
    expect(travel).toHaveProperty('disabled', true);
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Current scores' }));
    await userEvent.click(travel);
    await userEvent.click(within(dialog).getByTestId('export-run'));
    await screen.findByTestId('io-notice');
    const lines = readFileSync(join(backend.dir, asked[0]?.defaultName ?? ''), 'utf8').split(/\r?\n/);
    expect(lines.find((l) => l.startsWith('Ref,'))?.endsWith(',Direction of travel')).toBe(true);
    expect(lines.find((l) => l.startsWith('SR4,'))).toMatch(/,→ unchanged at 15 Amber$/);
  });

  it('writes nothing and stays open when the save dialog is cancelled', async () => {
    const { backend, dialog, asked } = await start(() => null);
    await userEvent.click(within(dialog).getByTestId('export-run'));
    expect(asked).toHaveLength(1);
    expect(screen.getByRole('dialog', { name: 'Export the summary' })).toBeTruthy();
    expect(screen.queryByTestId('io-notice')).toBeNull();
    expect(existsSync(join(backend.dir, asked[0]?.defaultName ?? 'x'))).toBe(false);
  });

  it('will not export with every band unticked', async () => {
    const { dialog } = await start((dir, name) => join(dir, name));
    for (const band of ['Red', 'Amber', 'Yellow', 'Green']) {
      await userEvent.click(within(dialog).getByTestId(`export-band-${band}`));
    }
    expect(within(dialog).getByText('Choose at least one band to export.')).toBeTruthy();
    expect(within(dialog).getByTestId('export-run')).toHaveProperty('disabled', true);
  });
});

describe('the PDF board pack from the export dialog', () => {
  it('prints the board pack route for the chosen options and confirms the file', async () => {
    const routes: string[] = [];
    let dir = '';
    const backend = await renderApp({
      dialogs: { ...noDialogs, chooseExportPath: (name) => Promise.resolve(join(dir, name)) },
      renderPdf: (route) => {
        routes.push(route);
        return Promise.resolve(new TextEncoder().encode('%PDF-1.7 pack'));
      },
    });
    dir = backend.dir;
    await userEvent.click(screen.getByTestId('open-export'));
    const dialog = await screen.findByRole('dialog', { name: 'Export the summary' });
    await userEvent.click(within(dialog).getByRole('radio', { name: /^PDF board pack/ }));
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Target scores' }));
    await userEvent.click(within(dialog).getByTestId('export-run'));
    const notice = await screen.findByTestId('io-notice');
    expect(notice.textContent).toMatch(
      /^Exported 19 risks to LGA Strategic Risk Register summary .*\.pdf · Target/,
    );
    expect(routes).toHaveLength(1);
    // The register's protective marking (OFFICIAL by default) travels with the route.
    expect(routes[0]).toMatch(
      /^#\/print\/board-pack\?scores=target&sort=ref&asAt=\d{4}-\d\d-\d\d&marking=OFFICIAL$/,
    );

    // With the exempt part and a marking of its own.
    await userEvent.click(screen.getByTestId('open-export'));
    const again = await screen.findByRole('dialog', { name: 'Export the summary' });
    await userEvent.click(within(again).getByRole('radio', { name: /^PDF board pack/ }));
    await userEvent.click(within(again).getByTestId('export-with-exempt'));
    await userEvent.type(within(again).getByTestId('export-marking'), 'OFFICIAL-SENSITIVE');
    await userEvent.click(within(again).getByTestId('export-run'));
    await waitFor(() => expect(routes).toHaveLength(2));
    expect(routes[1]).toMatch(/&marking=OFFICIAL-SENSITIVE&exempt=1$/);
  }, 30_000);
});

describe('the dialogs and the keyboard', () => {
  it('keep Tab inside, close on Escape and give focus back to what opened them', async () => {
    await renderApp();
    const opener = screen.getByTestId('open-export');
    await userEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Export the summary' });
    expect(document.activeElement).toBe(within(dialog).getByRole('heading', { name: 'Export the summary' }));
    for (let i = 0; i < 20; i++) {
      await userEvent.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});
