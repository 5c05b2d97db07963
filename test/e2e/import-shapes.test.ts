/**
 * The import wizard's preview in Chromium on the messiest real-shape fixture (a district's register with its action
 * plan: a merged title row, a title column beside the description, risks merged down over their action rows, a note
 * under the table), at 1280×720 and 1440×900. Screenshots under test-output/screenshots, looked at by a person; the
 * assertions hold what a risk manager must be able to read without scrolling sideways.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noDialogs } from '../../db/handlers/deps.ts';
import { writeAll } from '../fixtures/import/real-shapes/generate.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;
let dir: string;
let files: Record<string, string>;

beforeAll(async () => {
  harness = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'rr-import-shapes-e2e-'));
  files = await writeAll(dir);
});

afterAll(async () => {
  await harness?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the import preview on a register with an action plan', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    it(`shows titles, actions and the rows to skip at ${viewport.width}×${viewport.height}`, async () => {
      const app = await harness.open({
        start: 'empty',
        viewport,
        dialogs: { ...noDialogs, chooseImportFile: () => Promise.resolve(files.actionPlan ?? '') },
      });
      const { page } = app;
      await page.getByTestId('open-import').click();
      await page.getByRole('dialog', { name: 'Import risks' }).getByTestId('import-choose').click();
      const preview = page.getByRole('dialog', { name: 'Import from district-action-plan.xlsx' });
      await preview.getByTestId('import-rows').waitFor();
      expect(await preview.getByTestId('import-counts').textContent()).toMatch(/^4 rows: /);
      const actions = preview.getByTestId('import-actions-3');
      expect(await actions.locator('li').allTextContents()).toEqual([
        'row 3 “Refresh the medium term financial strategy”, CFO, due 30/09/2025, In progress',
        'row 4 “Savings programme for 2026/27 agreed by Cabinet”, Head of Finance, due 31/12/2025, Planned (“Not started”)',
        'row 5 “Reserves policy reviewed”, CFO, due 31/03/2025, Done (“Complete”)',
      ]);
      // The first risk's row, with its title and actions, is on screen and not cut off sideways.
      await preview.getByTestId('import-row-3').scrollIntoViewIfNeeded();
      await actions.scrollIntoViewIfNeeded();
      const box = await actions.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
      expect(await preview.getByTestId('import-title-3').isVisible()).toBe(true);
      await app.screenshot(`import-action-plan-${viewport.width}x${viewport.height}`);
      expect(app.problems).toEqual([]);
    });
  }
});
