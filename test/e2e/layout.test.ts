/**
 * Layout at the screen sizes councils issue (1280×720, 1366×768, 1440×900, 1920×1080), light and dark: every
 * main view opened in Chromium against the LGA sample on a real SQLite file. Asserts that nothing overflows the
 * window sideways, that Description and Mitigation keep a readable width (with the panel open too), that the
 * selected row is in view, and that the new risk dialog's buttons fit a 720 px high screen. Saves PNGs of the
 * window (not the full page) under test-output/screenshots/layout/; with UPDATE_SCREENSHOTS=1 under
 * docs/screenshots/ for the README's user guide (so an ordinary test run leaves the checkout as it was).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';
import { MAIN_VIEWS, reset } from './views.ts';

const DOCS = resolve(
  import.meta.dirname,
  process.env['UPDATE_SCREENSHOTS'] === '1'
    ? '../../docs/screenshots'
    : '../../test-output/screenshots/layout',
);
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;
/** Description and Mitigation never narrower than this (words stay whole, two or three lines show). */
const READABLE = 160;

/** Which views are saved as PNGs, per size and scheme (the rest are checked, not saved): ~23 files. */
const SAVED: Record<string, string[]> = {
  '1280x720-light': MAIN_VIEWS.map((v) => v.name),
  '1366x768-light': ['register', 'register-panel', 'heatmap'],
  '1440x900-light': ['register-panel', 'dashboard'],
  '1920x1080-light': ['register-panel', 'heatmap'],
  '1366x768-dark': ['register-panel', 'heatmap', 'dashboard', 'audit', 'new-risk'],
};

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
  mkdirSync(DOCS, { recursive: true });
});
afterAll(async () => {
  await harness?.close();
});

/** Elements sticking out of the window to the right, unless a scroll box or clip inside the window holds them. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > w + 1)
      out.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= w + 1) continue;
      let held = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= w + 1) {
          held = true;
          break;
        }
      }
      if (!held) out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
    }
    return out.slice(0, 5);
  });
}

/** The narrowest Description, Mitigation and Category cells on screen. */
function narrowestCells(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const min: Record<string, number> = {};
    for (const col of ['description', 'mitigation', 'category']) {
      const cells = [
        ...document.querySelectorAll<HTMLElement>(`[data-testid="risk-table"] td[data-col="${col}"]`),
      ];
      min[col] = Math.min(...cells.map((c) => c.getBoundingClientRect().width));
    }
    return min;
  });
}

describe('layout at council screen sizes', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const size of SIZES) {
      const tag = `${size.width}x${size.height}-${scheme}`;
      it(`every main view fits ${size.width}×${size.height}, ${scheme}`, async () => {
        const app = await harness.open({ start: 'sample', viewport: size });
        const { page } = app;
        await page.emulateMedia({ colorScheme: scheme });
        await page.getByTestId('risk-table').waitFor();
        for (const view of MAIN_VIEWS) {
          await reset(page);
          await view.open(page);
          // Let the layout settle (fonts, the table's window, the panel).
          await page.waitForTimeout(150);
          expect(await overflowing(page), `${view.name} at ${tag}`).toEqual([]);

          if (view.name.startsWith('register')) {
            const min = await narrowestCells(page);
            expect(min.description, `${view.name} Description at ${tag}`).toBeGreaterThanOrEqual(READABLE);
            expect(min.mitigation, `${view.name} Mitigation at ${tag}`).toBeGreaterThanOrEqual(READABLE);
            expect(min.category, `${view.name} Category at ${tag}`).toBeGreaterThanOrEqual(90);
            // A row is cut to three lines: no row taller than about four lines of text.
            const tallest = await page
              .locator('[data-testid^="risk-row-"]')
              .evaluateAll((rows) => Math.max(...rows.map((r) => r.getBoundingClientRect().height)));
            expect(tallest, `tallest row at ${tag}`).toBeLessThanOrEqual(100);
          }
          if (view.name === 'register-panel') {
            // The selected row is wholly in view, below the sticky headings.
            const box = await page.getByTestId('table-scroll').boundingBox();
            const head = await page.locator('[data-testid="risk-table"] thead').boundingBox();
            const row = await page.getByTestId('risk-row-SR4').boundingBox();
            expect(box && head && row).toBeTruthy();
            if (box && head && row) {
              expect(row.y).toBeGreaterThanOrEqual(head.y + head.height - 1);
              expect(row.y + row.height).toBeLessThanOrEqual(box.y + box.height + 1);
            }
          }
          if (view.name === 'new-risk') {
            const add = await page.getByRole('button', { name: 'Add risk' }).boundingBox();
            expect(add, 'the Add risk button').toBeTruthy();
            if (add) expect(add.y + add.height, `Add risk at ${tag}`).toBeLessThanOrEqual(size.height);
          }
          if (SAVED[tag]?.includes(view.name)) {
            await page.screenshot({ path: join(DOCS, `${view.name}-${tag}.png`) });
          }
        }
        expect(app.problems).toEqual([]);
        await page.context().close();
      }, 180_000);
    }
  }

  it('keeps the selected row in view: a risk chosen on the heatmap is on screen in the register', async () => {
    const app = await harness.open({ start: 'sample', viewport: { width: 1280, height: 720 } });
    const { page } = app;
    await page.getByTestId('nav-heatmap').click();
    await page.getByTestId('heat-ref-SR19').click();
    await page.getByTestId('panel-ref').waitFor();
    await page.getByTestId('nav-register').click();
    await page.getByTestId('risk-row-SR19').waitFor();
    await page.waitForTimeout(150);
    const box = await page.getByTestId('table-scroll').boundingBox();
    const row = await page.getByTestId('risk-row-SR19').boundingBox();
    expect(box && row).toBeTruthy();
    if (box && row) {
      expect(row.y).toBeGreaterThanOrEqual(box.y);
      expect(row.y + row.height).toBeLessThanOrEqual(box.y + box.height + 1);
    }
    // The toolbar did not scroll away: the page itself does not scroll.
    expect(await page.getByTestId('table-search').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.querySelector('main')?.scrollTop ?? -1)).toBe(0);
    await page.context().close();
  });
});
