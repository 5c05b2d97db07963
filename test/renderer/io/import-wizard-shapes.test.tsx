/**
 * The import wizard on registers as councils publish them (test/fixtures/import/real-shapes): the sheet picker,
 * score groups, rows offered for skipping, the word-scale table, the owner rule and the rounding of decimals,
 * each read again through the real handlers and a real register file.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { writeAll } from '../../fixtures/import/real-shapes/generate.ts';
import { renderApp } from '../render-app.tsx';

async function start() {
  const chosen: { path: string | null } = { path: null };
  const backend = await renderApp({
    start: 'empty',
    dialogs: { ...noDialogs, chooseImportFile: () => Promise.resolve(chosen.path) },
  });
  const files = await writeAll(backend.dir);
  return { backend, chosen, files };
}

async function openWizardWith(path: string, chosen: { path: string | null }) {
  chosen.path = path;
  await userEvent.click(screen.getByTestId('open-import'));
  const wizard = await screen.findByRole('dialog', { name: 'Import risks' });
  await userEvent.click(within(wizard).getByTestId('import-choose'));
  return screen.findByRole('dialog', { name: /^Import from / }, { timeout: 15_000 });
}

/** The impact and likelihood cells of a preview row. */
function il(row: HTMLElement): string {
  const cells = row.querySelectorAll('td');
  return `${cells[4]?.textContent ?? ''} × ${cells[5]?.textContent ?? ''}`;
}

describe('the import wizard on real register shapes', { timeout: 60_000 }, () => {
  it('picks the register sheet, shows the score groups, skips the notes once ticked, and imports', async () => {
    const { backend, chosen, files } = await start();
    const wizard = await openWizardWith(files.county ?? '', chosen);
    const sheet = within(wizard).getByTestId('import-sheet');
    expect(sheet).toHaveProperty('value', 'Strategic Risks');
    expect([...sheet.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Cover',
      'Scoring key',
      'Strategic Risks',
    ]);
    expect(within(wizard).getByTestId('import-mapping').textContent).toContain('Inherent Risk › Likelihood');
    expect(within(wizard).getByTestId('import-row-10').dataset.status).toBe('needs-repair');

    await userEvent.selectOptions(sheet, 'Scoring key');
    await waitFor(() =>
      expect(within(wizard).getByTestId('import-sheet')).toHaveProperty('value', 'Scoring key'),
    );
    await userEvent.selectOptions(within(wizard).getByTestId('import-sheet'), 'Strategic Risks');
    await waitFor(() => expect(within(wizard).queryByTestId('import-row-10')).not.toBeNull());

    const commit = within(wizard).getByTestId('import-commit');
    expect(commit).toHaveProperty('disabled', true);
    await userEvent.click(within(wizard).getByTestId('import-repair-10:skip-row'));
    await userEvent.click(within(wizard).getByTestId('import-repair-11:skip-row'));
    expect(commit.textContent).toBe('Import 3 risks');
    await userEvent.click(commit);
    const notice = (await screen.findByTestId('io-notice', {}, { timeout: 15_000 })).textContent ?? '';
    expect(notice).toContain('Imported 3 risks from county-strategic-register.xlsx.');
    expect(notice).toContain('Rows skipped (not risks): 10, 11.');
    expect(notice).toContain('Columns not imported: “Direction of travel”.');
    expect((await backend.call('risks:list', {})).map((r) => r.ref).sort()).toEqual([
      '4.2a',
      'CR-07(a)',
      'CR/07',
    ]);
  });

  it('shows the word scale and lets the user change a number, and the owner rule', async () => {
    const { backend, chosen, files } = await start();
    const wizard = await openWizardWith(files.parish ?? '', chosen);
    const table = within(wizard).getByTestId('import-scales');
    expect(within(table).getByTestId('import-scale-Major')).toHaveProperty('value', '4');
    expect(il(within(wizard).getByTestId('import-row-2'))).toBe('4 × 2');

    await userEvent.selectOptions(within(table).getByTestId('import-scale-Major'), '5');
    await waitFor(() => expect(il(within(wizard).getByTestId('import-row-2'))).toBe('5 × 2'));
    expect(within(wizard).getByTestId('import-scales').textContent).toContain('your choice');

    const owners = () =>
      within(wizard).getByTestId('import-row-4').querySelectorAll('td')[7]?.textContent ?? '';
    expect(owners()).toContain('Full Council');
    await userEvent.selectOptions(within(wizard).getByTestId('import-owner-rule'), 'initials');
    await waitFor(() => expect(owners()).toBe('Clerk, RFO, Chair, Full, Council'), { timeout: 10_000 });
    // The scale chosen before survives the change of owner rule.
    expect(il(within(wizard).getByTestId('import-row-2'))).toBe('5 × 2');

    await userEvent.click(within(wizard).getByTestId('import-accept-all'));
    await userEvent.click(within(wizard).getByTestId('import-commit'));
    await screen.findByTestId('io-notice', {}, { timeout: 15_000 });
    const risks = await backend.call('risks:list', {});
    expect(risks.find((r) => r.ref === 'P1')).toMatchObject({ impact: 5, likelihood: 2 });
    expect(risks.find((r) => r.ref === 'P3')?.owners).toEqual(['Clerk', 'RFO', 'Chair', 'Full', 'Council']);
  });

  it('refuses decimal scores until a rounding is chosen', async () => {
    const { backend, chosen } = await start();
    const path = join(backend.dir, 'averages.csv');
    writeFileSync(path, 'Ref,Category,Risk,Impact,Likelihood\nA1,Finance,Budget overspend,3.6,2.4\n');
    const wizard = await openWizardWith(path, chosen);
    expect(within(wizard).getByTestId('import-row-2').dataset.status).toBe('error');
    await userEvent.selectOptions(within(wizard).getByTestId('import-rounding'), 'half-up');
    await waitFor(() => expect(within(wizard).getByTestId('import-row-2').dataset.status).toBe('ok'));
    expect(il(within(wizard).getByTestId('import-row-2'))).toBe('4 × 2');
    await userEvent.click(within(wizard).getByTestId('import-commit'));
    await screen.findByTestId('io-notice', {}, { timeout: 15_000 });
    expect((await backend.call('risks:list', {}))[0]).toMatchObject({ impact: 4, likelihood: 2 });
  });
});
