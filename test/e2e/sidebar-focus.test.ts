/**
 * The sidebar's foot (Import…, Export…) in Chromium at 1280×720, where the sidebar scrolls: a dialog opened from
 * there gives the focus back to its opener when it closes, and the sidebar stays where the user had it. Before, the
 * focus came back with a plain focus(), and Chromium scrolled the sidebar to its foot to show the opener.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noDialogs } from '../../db/handlers/deps.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

const VIEWPORT = { width: 1280, height: 720 };

let harness: Harness;
let out: string;

beforeAll(async () => {
  harness = await startHarness();
  out = mkdtempSync(join(tmpdir(), 'rr-sidebar-focus-e2e-'));
});

afterAll(async () => {
  await harness?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** The sidebar's scroll offset, how far it can scroll, and whether `testId` lies wholly inside its visible box. */
function sidebarState(page: Page, testId: string) {
  return page.evaluate((id) => {
    const bar = document.querySelector<HTMLElement>('nav.sidebar');
    const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    if (!bar || !el) throw new Error('no sidebar or no opener');
    const b = bar.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return {
      scrollTop: bar.scrollTop,
      overflow: bar.scrollHeight - bar.clientHeight,
      inView: r.top >= b.top && r.bottom <= b.bottom,
    };
  }, testId);
}

function activeTestId(page: Page) {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

/**
 * As a keyboard user does: Tab to the opener (the browser scrolls the sidebar to show it), then wheel the sidebar
 * back to its top with the mouse, the focus staying on the opener; Enter opens the dialog.
 */
async function openFromTop(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).focus();
  const box = await page.locator('nav.sidebar').boundingBox();
  if (!box) throw new Error('no sidebar');
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.wheel(0, -2000);
  await expect.poll(async () => (await sidebarState(page, testId)).scrollTop).toBe(0);
  const before = await sidebarState(page, testId);
  // Otherwise the test could not fail: the sidebar scrolls at this size and the opener is out of its view.
  expect(before.overflow).toBeGreaterThan(50);
  expect(before.inView).toBe(false);
  expect(await activeTestId(page)).toBe(testId);
  await page.keyboard.press('Enter');
}

describe('dialogs opened from the sidebar foot', () => {
  it('Import… then Cancel, and Export… then Escape: the focus is back on the opener, the sidebar where it was', async () => {
    const app = await harness.open({ start: 'sample', viewport: VIEWPORT });
    const { page } = app;
    await page.getByTestId('risk-table').waitFor();

    await openFromTop(page, 'open-import');
    const wizard = page.getByRole('dialog', { name: 'Import risks' });
    await wizard.waitFor();
    await wizard.getByRole('button', { name: 'Cancel' }).click();
    await wizard.waitFor({ state: 'detached' });
    expect(await activeTestId(page)).toBe('open-import');
    expect((await sidebarState(page, 'open-import')).scrollTop).toBe(0);

    await openFromTop(page, 'open-export');
    const exportDialog = page.getByRole('dialog', { name: 'Export the summary' });
    await exportDialog.waitFor();
    await page.keyboard.press('Escape');
    await exportDialog.waitFor({ state: 'detached' });
    expect(await activeTestId(page)).toBe('open-export');
    expect((await sidebarState(page, 'open-export')).scrollTop).toBe(0);

    // A mouse user clicks the opener where it is shown: the sidebar stays scrolled to it, as they left it.
    await page.locator('nav.sidebar').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const scrolled = await sidebarState(page, 'open-import');
    expect(scrolled.inView).toBe(true);
    await page.getByTestId('open-import').click();
    await wizard.getByRole('button', { name: 'Cancel' }).click();
    await wizard.waitFor({ state: 'detached' });
    expect(await activeTestId(page)).toBe('open-import');
    expect((await sidebarState(page, 'open-import')).scrollTop).toBe(scrolled.scrollTop);
    expect(app.problems).toEqual([]);
  }, 60_000);

  it('Import… through to an import: the focus is back on Import…, the sidebar where it was', async () => {
    const file = join(out, 'five.csv');
    const lines = ['Ref,Category,Description,Impact,Likelihood'];
    for (let i = 1; i <= 5; i++) lines.push(`FV${i},Finance,Risk number ${i},${i},2`);
    writeFileSync(file, lines.join('\n') + '\n');
    const app = await harness.open({
      start: 'empty',
      viewport: VIEWPORT,
      dialogs: { ...noDialogs, chooseImportFile: () => Promise.resolve(file) },
    });
    const { page } = app;

    await openFromTop(page, 'open-import');
    await page.getByRole('dialog', { name: 'Import risks' }).getByTestId('import-choose').click();
    const preview = page.getByRole('dialog', { name: 'Import from five.csv' });
    await preview.getByTestId('import-rows').waitFor();
    await preview.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('io-notice').textContent()).toContain('Imported 5 risks');
    await page.getByTestId('risk-row-FV5').waitFor();
    expect(await activeTestId(page)).toBe('open-import');
    expect((await sidebarState(page, 'open-import')).scrollTop).toBe(0);
    expect(app.problems).toEqual([]);
  }, 60_000);
});
