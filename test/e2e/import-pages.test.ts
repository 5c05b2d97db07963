/**
 * The import dialog on a file larger than a page of rows, in Chromium against a real SQLite file (issue 14): the
 * preview carries the first 300 rows; Next and the "Only rows with something to check" filter read pages from the
 * main process; a repair ticked on page 2 counts in the footer over the whole file and is applied by the import.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noDialogs } from '../../db/handlers/deps.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

const AXE = readFileSync(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

let harness: Harness;
let out: string;

beforeAll(async () => {
  harness = await startHarness();
  out = mkdtempSync(join(tmpdir(), 'rr-import-pages-e2e-'));
});

afterAll(async () => {
  await harness?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** axe-core's violations in the page (loaded through the debugging protocol, as test/e2e/a11y.test.ts does). */
async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string }[] }> } }).axe
      .run;
    return (await run()).violations.map((v) => v.id);
  });
}

const ROWS = 1000;

/** A CSV of `ROWS` risks (`line(i)` gives risk i's line) chosen in the app's Import dialog, its preview shown. */
async function openImport(name: string, line: (i: number) => string) {
  const file = join(out, name);
  const lines = ['Ref,Category,Description,Impact,Likelihood'];
  for (let i = 1; i <= ROWS; i++) lines.push(line(i));
  writeFileSync(file, lines.join('\n') + '\n');
  const app = await harness.open({
    start: 'empty',
    dialogs: { ...noDialogs, chooseImportFile: () => Promise.resolve(file) },
  });
  await app.page.getByTestId('open-import').click();
  await app.page.getByTestId('import-choose').click();
  const dialog = app.page.getByRole('dialog', { name: `Import from ${name}` });
  await dialog.getByTestId('import-rows').waitFor();
  return { app, page: app.page, dialog };
}

describe('the import dialog in pages', () => {
  it('moves to the next page, filters to problems, and imports a repair ticked on page 2', async () => {
    // 1,000 risks; every 40th has no ref (a generated ref is proposed): 25 repairs, file rows 41, 81, … 1001.
    const { app, page, dialog } = await openImport(
      'thousand.csv',
      (i) => `${i % 40 === 0 ? '' : `TH${i}`},Finance,Risk number ${i},${(i % 5) + 1},${(i % 4) + 1}`,
    );
    const range = dialog.getByTestId('import-rows-range');
    const rows = dialog.locator('[data-testid^="import-row-"]');
    const commit = dialog.getByTestId('import-commit');
    const blockers = dialog.getByTestId('import-blockers');
    expect(await dialog.getByTestId('import-counts').textContent()).toMatch(/^1,000 rows: 975 ready/);
    expect(await range.textContent()).toBe('Rows 1–300 of 1,000 rows; the counts above cover them all.');
    expect(await rows.count()).toBe(300);
    expect(await dialog.getByTestId('import-rows-prev').isDisabled()).toBe(true);
    expect(await commit.textContent()).toBe('Import 975 risks');
    expect(await blockers.textContent()).toContain('25 proposed repairs to accept');
    expect(await axe(page)).toEqual([]);

    // Next, from the keyboard: rows 301–600 are file rows 302–601.
    await dialog.getByTestId('import-rows-next').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => range.textContent())
      .toBe('Rows 301–600 of 1,000 rows; the counts above cover them all.');
    expect(await rows.count()).toBe(300);
    expect(await dialog.getByTestId('import-row-302').textContent()).toContain('TH301');
    expect(await dialog.getByTestId('import-row-2').count()).toBe(0);
    // Focus stays on Next, so the next page is one more Enter away.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'import-rows-next',
    );

    // Tick the repair of file row 321 (risk 320, no ref) on this page: the footer counts it, over the whole file.
    const tick = dialog.getByTestId('import-repair-321:generate-ref');
    await tick.check();
    expect(await commit.textContent()).toBe('Import 976 risks');
    expect(await blockers.textContent()).toContain('24 proposed repairs to accept');

    // Only the rows with something to check: the 25 rows needing a ref, read from the main process.
    await dialog.getByTestId('import-only-problems').check();
    await expect.poll(() => rows.count()).toBe(25);
    expect(await dialog.getByTestId('import-pager').count()).toBe(0);
    const statuses = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(['needs-repair']));
    expect(await dialog.getByTestId('import-repair-321:generate-ref').isChecked()).toBe(true);
    expect(await axe(page)).toEqual([]);

    // Tick the other 24 here, one by one: the footer is ready to import every row.
    for (let i = 40; i <= ROWS; i += 40) {
      if (i === 320) continue;
      await dialog.getByTestId(`import-repair-${i + 1}:generate-ref`).check();
    }
    expect(await blockers.textContent()).toBe('Ready to import 1,000 risks, all or nothing.');
    expect(await commit.textContent()).toBe('Import 1,000 risks');
    await commit.click();
    await expect
      .poll(() => page.getByTestId('io-notice').textContent(), { timeout: 20_000 })
      .toContain('Imported 1,000 risks from thousand.csv.');
    const risks = await app.backend.call('risks:list', {});
    expect(risks).toHaveLength(ROWS);
    // The ticked repair on page 2 was applied: risk 320 is in, under a generated ref.
    const repaired = risks.find((r) => r.description === 'Risk number 320');
    expect(repaired?.ref).toMatch(/\S/);
    expect(repaired?.ref).not.toBe('TH320');
    expect(app.problems).toEqual([]);
  }, 120_000);

  it('lets go of the kept rows when the dialog is cancelled', async () => {
    const { app, page, dialog } = await openImport(
      'cancelled.csv',
      (i) => `CA${i},Finance,Risk number ${i},3,2`,
    );
    // The window names the file by the grant its preview carries: the same name asks the main process for page 2.
    const grant = await page.evaluate(async () => {
      const api = (window as unknown as { api: Record<string, (i: unknown) => Promise<unknown>> }).api;
      const answer = (await api['import:preview']?.({ firstRows: 300 })) as { value: { file: string } };
      return answer.value.file;
    });
    const page2 = () => app.backend.dispatch('import:preview-rows', { path: grant, offset: 300, limit: 300 });
    expect((await page2()).ok).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(async () => {
        const r = await page2();
        return r.ok ? 'kept' : r.error.code;
      })
      .toBe('CONFLICT');
    expect(app.problems).toEqual([]);
  }, 60_000);
});
