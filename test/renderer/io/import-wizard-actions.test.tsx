/**
 * The import wizard on a register with an action plan (continuation rows → tracked actions, titles) and on a
 * 4-point register (the conversion proposed, confirmed by the user): through the real handlers and register file.
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

describe('the import wizard: actions, titles and other scales', { timeout: 60_000 }, () => {
  it('shows each risk’s title and the actions it will get, and imports them', async () => {
    const { backend, chosen, files } = await start();
    const wizard = await openWizardWith(files.actionPlan ?? '', chosen);
    expect(within(wizard).getByTestId('import-title-3').textContent).toBe('Financial sustainability');
    const actions = within(wizard).getByTestId('import-actions-3');
    expect([...actions.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'row 3 “Refresh the medium term financial strategy”, CFO, due 30/09/2025, In progress',
      'row 4 “Savings programme for 2026/27 agreed by Cabinet”, Head of Finance, due 31/12/2025, Planned (“Not started”)',
      'row 5 “Reserves policy reviewed”, CFO, due 31/03/2025, Done (“Complete”)',
    ]);
    expect(within(wizard).queryByTestId('import-row-4')).toBeNull();
    await userEvent.click(within(wizard).getByTestId('import-repair-11:skip-row'));
    await userEvent.click(within(wizard).getByTestId('import-commit'));
    const notice = (await screen.findByTestId('io-notice', {}, { timeout: 15_000 })).textContent ?? '';
    expect(notice).toContain('Tracked actions: 6 actions on 3 risks (CR1 3, CR2 1, CR3 2).');
    const risks = await backend.call('risks:list', {});
    expect(risks.map((r) => [r.ref, r.title])).toEqual([
      ['CR1', 'Financial sustainability'],
      ['CR2', 'Cyber attack'],
      ['CR3', 'Workforce'],
    ]);
    const cr1 = risks.find((r) => r.ref === 'CR1');
    const listed = await backend.call('actions:list', { riskId: cr1?.id ?? '' });
    expect(listed.map((a) => [a.text, a.status])).toEqual([
      ['Refresh the medium term financial strategy', 'in_progress'],
      ['Savings programme for 2026/27 agreed by Cabinet', 'planned'],
      ['Reserves policy reviewed', 'done'],
    ]);
  });

  it('proposes a conversion for a 4 × 4 register and imports nothing until the user confirms it', async () => {
    const { backend, chosen } = await start();
    const path = join(backend.dir, 'four-point.csv');
    writeFileSync(
      path,
      [
        'Corporate risk register (4 × 4 matrix)',
        'Ref,Category,Description of risk,Impact,Likelihood',
        'C1,Finance,Funding gap,4,3',
        'C2,People,Loss of staff,2,1',
        '',
      ].join('\n'),
    );
    const wizard = await openWizardWith(path, chosen);
    expect(within(wizard).getByTestId('import-other-scale-status').textContent).toMatch(
      /^Scores seem to be on a 4-point scale \(“4 × 4” in row 1\)\. Nothing is converted until you choose/,
    );
    expect(within(wizard).getByTestId('import-convert-3')).toHaveProperty('value', '4');
    expect(within(wizard).getByTestId('import-commit')).toHaveProperty('disabled', true);
    await userEvent.click(within(wizard).getByTestId('import-convert-confirm'));
    await waitFor(() =>
      expect(within(wizard).getByTestId('import-other-scale-status').textContent).toMatch(
        /converted to 1–5 as below/,
      ),
    );
    // The user changes one point, then imports.
    await userEvent.selectOptions(within(wizard).getByTestId('import-convert-2'), '3');
    await waitFor(() => expect(within(wizard).getByTestId('import-convert-2')).toHaveProperty('value', '3'));
    await userEvent.click(within(wizard).getByTestId('import-commit'));
    await screen.findByTestId('io-notice', {}, { timeout: 15_000 });
    const risks = await backend.call('risks:list', {});
    expect(risks.map((r) => [r.ref, r.impact, r.likelihood])).toEqual([
      ['C1', 5, 4],
      ['C2', 3, 1],
    ]);
  });
});
