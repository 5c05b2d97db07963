import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noDialogs } from '../../../db/handlers/deps.ts';
import type { Backend } from '../backend.ts';
import { renderApp } from '../render-app.tsx';

const LGA = resolve(
  import.meta.dirname,
  '../../../../shared/fixtures/lga-strategic-risk-register-2019-04.csv',
);

/** A register (empty unless said) whose import dialog answers with `file` (a path set after start). */
async function start(opts: { start?: 'empty' | 'sample' } = {}) {
  const chosen: { path: string | null } = { path: null };
  const backend = await renderApp({
    start: opts.start ?? 'empty',
    dialogs: { ...noDialogs, chooseImportFile: () => Promise.resolve(chosen.path) },
  });
  return { backend, chosen };
}

function csv(backend: Backend, name: string, text: string): string {
  const path = join(backend.dir, name);
  writeFileSync(path, text);
  return path;
}

async function openWizardWith(path: string | null, chosen: { path: string | null }) {
  chosen.path = path;
  await userEvent.click(screen.getByTestId('open-import'));
  const wizard = await screen.findByRole('dialog', { name: 'Import risks' });
  await userEvent.click(within(wizard).getByTestId('import-choose'));
  return wizard;
}

const riskCount = async (backend: Backend) => (await backend.call('risks:list', {})).length;

describe('the import wizard', () => {
  it('imports the LGA register into an empty register: mapping, 19 rows, then the register shows them', async () => {
    const { backend, chosen } = await start();
    const path = join(backend.dir, 'lga-strategic-risk-register-2019-04.csv');
    copyFileSync(LGA, path);
    await openWizardWith(path, chosen);

    const wizard = await screen.findByRole('dialog', {
      name: 'Import from lga-strategic-risk-register-2019-04.csv',
    });
    const mapping = within(wizard).getByTestId('import-mapping');
    expect(within(mapping).getByRole('combobox', { name: 'Field for the column “owner”' })).toHaveProperty(
      'value',
      'owner',
    );
    expect(within(wizard).getByTestId('import-counts').textContent).toMatch(/^19 rows: /);
    const sr4 = within(wizard).getByTestId('import-row-5');
    expect(sr4.textContent).toContain('SR4');
    expect(sr4.textContent).toContain('15 Amber');
    // Owners split from "SP/VV" are shown as a note on row 2.
    expect(within(wizard).getByTestId('import-row-2').textContent).toContain('SP, VV');

    const commit = within(wizard).getByTestId('import-commit');
    expect(commit.textContent).toBe('Import 19 risks');
    await userEvent.click(commit);

    expect((await screen.findByTestId('io-notice')).textContent).toContain(
      'Imported 19 risks from lga-strategic-risk-register-2019-04.csv.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('view-title').textContent).toContain('19 risks'));
    expect(await riskCount(backend)).toBe(19);
  });

  it('reads the file again when the user changes what a column goes into', async () => {
    const { backend, chosen } = await start();
    const path = csv(
      backend,
      'odd.csv',
      'Ref,Category,Description,Impact,Likelihood,Who\nAB1,Finance,Funding falls short,4,3,JS\n',
    );
    const wizard = await openWizardWith(path, chosen);
    const row = await within(wizard).findByTestId('import-row-2');
    expect(row.textContent).not.toContain('JS');

    const whoSelect = within(wizard).getByRole('combobox', { name: 'Field for the column “Who”' });
    expect(whoSelect).toHaveProperty('value', '');
    await userEvent.selectOptions(whoSelect, 'owner');
    await waitFor(() => expect(within(wizard).getByTestId('import-row-2').textContent).toContain('JS'));
    expect(within(wizard).getByRole('combobox', { name: 'Field for the column “Who”' })).toHaveProperty(
      'value',
      'owner',
    );

    await userEvent.click(within(wizard).getByTestId('import-commit'));
    await screen.findByTestId('io-notice');
    const [risk] = await backend.call('risks:list', {});
    expect(risk?.owners).toEqual(['JS']);
  });

  it('imports a row with a proposed repair only after the user ticks it', async () => {
    const { backend, chosen } = await start();
    const path = csv(
      backend,
      'missing-ref.csv',
      'Ref,Category,Description,I,L\nSR1,Finance,Funding falls short,4,3\n,Finance,Costs rise faster than income,3,3\n',
    );
    const wizard = await openWizardWith(path, chosen);
    const row = await within(wizard).findByTestId('import-row-3');
    expect(row.dataset.status).toBe('needs-repair');
    expect(within(row).getByText('Needs repair')).toBeTruthy();
    const tick = within(row).getByTestId('import-repair-3:generate-ref');
    expect(tick).toHaveProperty('checked', false);
    const commit = within(wizard).getByTestId('import-commit');
    expect(commit).toHaveProperty('disabled', true);
    expect(within(wizard).getByTestId('import-blockers').textContent).toContain(
      '1 proposed repair to accept',
    );

    expect(commit.textContent).toBe('Import 1 risk');
    await userEvent.click(tick);
    expect(commit).toHaveProperty('disabled', false);
    expect(commit.textContent).toBe('Import 2 risks');
    await userEvent.click(tick);
    expect(commit).toHaveProperty('disabled', true);
    await userEvent.click(tick);
    await userEvent.click(commit);

    expect((await screen.findByTestId('io-notice')).textContent).toContain(
      'Imported 2 risks from missing-ref.csv.',
    );
    const refs = (await backend.call('risks:list', {})).map((r) => r.ref).sort();
    expect(refs).toHaveLength(2);
    expect(refs).toContain('SR1');
  });

  it('shows the first 300 rows of a large file, counts them all, and imports every row once all repairs are ticked', async () => {
    const { backend, chosen } = await start();
    const lines = ['Category,Description,I,L'];
    for (let i = 1; i <= 2000; i++)
      lines.push(`Finance,Risk number ${i},${(i % 5) + 1},${((i >> 2) % 5) + 1}`);
    const path = csv(backend, 'no-refs.csv', lines.join('\n'));
    const wizard = await openWizardWith(path, chosen);
    await within(wizard).findByTestId('import-rows');
    expect(within(wizard).getByTestId('import-counts').textContent).toMatch(/^2,000 rows: /);
    expect(within(wizard).getAllByTestId(/^import-row-/)).toHaveLength(300);
    expect(within(wizard).getByTestId('import-rows-range').textContent).toBe(
      'Rows 1–300 of 2,000 rows; the counts above cover them all.',
    );
    const commit = within(wizard).getByTestId('import-commit');
    expect(commit).toHaveProperty('disabled', true);
    expect(commit.textContent).toBe('Import 0 risks');
    // The last page, read from the main process: rows 1,801–2,000 are file rows 1,802–2,001.
    for (let i = 0; i < 6; i++) await userEvent.click(within(wizard).getByTestId('import-rows-next'));
    await within(wizard).findByTestId('import-row-2001');
    expect(within(wizard).getAllByTestId(/^import-row-/)).toHaveLength(200);
    expect(within(wizard).getByTestId('import-rows-range').textContent).toBe(
      'Rows 1,801–2,000 of 2,000 rows; the counts above cover them all.',
    );
    expect(within(wizard).getByTestId('import-rows-next')).toHaveProperty('disabled', true);
    // A tick on that page counts in the footer, over the whole file.
    await userEvent.click(within(wizard).getByTestId('import-repair-2001:generate-ref'));
    expect(commit.textContent).toBe('Import 1 risk');
    expect(within(wizard).getByTestId('import-blockers').textContent).toContain(
      '1,999 proposed repairs to accept',
    );
    await userEvent.click(within(wizard).getByTestId('import-accept-all'));
    expect(commit.textContent).toBe('Import 2,000 risks');
    await userEvent.click(commit);
    expect((await screen.findByTestId('io-notice', {}, { timeout: 20_000 })).textContent).toContain(
      'Imported 2,000 risks from no-refs.csv.',
    );
    expect(await riskCount(backend)).toBe(2000);
  }, 60_000);

  it('keeps Import disabled while a row has an error, and Cancel leaves the register unchanged', async () => {
    const { backend, chosen } = await start({ start: 'sample' });
    const path = csv(
      backend,
      'bad.csv',
      'Ref,Category,Description,I,L\nNW1,Finance,Funding falls short,7,3\nNW2,Finance,Costs rise,3,3\n',
    );
    const wizard = await openWizardWith(path, chosen);
    const row = await within(wizard).findByTestId('import-row-2');
    expect(row.dataset.status).toBe('error');
    expect(within(row).getByText('Error')).toBeTruthy();
    expect(row.textContent).toMatch(/7/);
    expect(within(wizard).getByTestId('import-commit')).toHaveProperty('disabled', true);
    expect(within(wizard).getByTestId('import-blockers').textContent).toContain('1 row has errors');

    await userEvent.click(within(wizard).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('io-notice').textContent).toContain(
      'Import of bad.csv cancelled: the register is unchanged.',
    );
    expect(await riskCount(backend)).toBe(19);
  });

  it('says the register is unchanged when the import is refused (the file changed after the preview)', async () => {
    const { backend, chosen } = await start({ start: 'sample' });
    const path = csv(
      backend,
      'new.csv',
      'Ref,Category,Description,I,L\nNW1,Finance,Funding falls short,4,3\n',
    );
    const wizard = await openWizardWith(path, chosen);
    await within(wizard).findByTestId('import-row-2');
    writeFileSync(path, 'Ref,Category,Description,I,L\nNW1,Finance,Funding falls short,5,5\n');

    await userEvent.click(within(wizard).getByTestId('import-commit'));
    const alert = await within(wizard).findByTestId('import-error');
    expect(alert.textContent).toContain('The register is unchanged.');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(await riskCount(backend)).toBe(19);
  });

  it('stays on the first step when the file dialog is cancelled', async () => {
    const { chosen } = await start();
    const wizard = await openWizardWith(null, chosen);
    expect(within(wizard).getByTestId('import-choose')).toHaveProperty('disabled', false);
    expect(within(wizard).queryByTestId('import-rows')).toBeNull();
  });
});

describe('File › Import and File › Export', () => {
  it('open the wizard and the export dialog from the native menu', async () => {
    const { backend } = await start({ start: 'sample' });
    backend.emit('menu', 'import');
    expect(await screen.findByRole('dialog', { name: 'Import risks' })).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    backend.emit('menu', 'export');
    expect(await screen.findByRole('dialog', { name: 'Export the summary' })).toBeTruthy();
  });
});
