/**
 * Every view opens at its top. The views share one scrolling `<main>`, so before this a view opened as far down
 * as the last one had been scrolled: after the long Controls list, the Dashboard showed up with its heading and
 * band counts off the top of the screen. And a risk selected elsewhere is still scrolled into view when the
 * register opens on it. Real Chromium at 1280×720 (a council laptop), the LGA sample.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** The views opened from the sidebar, each with what shows it is drawn. */
const VIEWS: { view: string; ready: string }[] = [
  { view: 'heatmap', ready: 'heatmap' },
  { view: 'dashboard', ready: 'dashboard' },
  { view: 'reviews', ready: 'view-reviews' },
  { view: 'audit', ready: 'chain-check' },
  { view: 'snapshots', ready: 'view-snapshots' },
  { view: 'controls', ready: 'controls-view' },
  { view: 'objectives', ready: 'objectives-view' },
  { view: 'categories', ready: 'view-categories' },
  { view: 'band-key', ready: 'view-band-key' },
  { view: 'scoring-criteria', ready: 'view-scoring-criteria' },
];

async function open(page: Page, view: string, ready: string): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(ready).first().waitFor();
}

/** The shared scroll area's position and how far it can scroll. */
function mainScroll(page: Page): Promise<{ top: number; room: number }> {
  return page.evaluate(() => {
    const main = document.getElementById('main');
    if (!main) throw new Error('no <main id="main">');
    return { top: main.scrollTop, room: main.scrollHeight - main.clientHeight };
  });
}

/** Scroll the shared scroll area to its end, as a user reading to the bottom of a view. */
async function scrollMainToEnd(page: Page): Promise<void> {
  await page.evaluate(() => {
    const main = document.getElementById('main');
    if (!main) throw new Error('no <main id="main">');
    main.scrollTop = main.scrollHeight;
  });
}

/** The sidebar's "ready" mark of a view in VIEWS. */
function readyOf(view: string): string {
  const found = VIEWS.find((v) => v.view === view);
  if (!found) throw new Error(`not in VIEWS: ${view}`);
  return found.ready;
}

/** Where the view's heading sits in the window (its top edge, in CSS pixels). */
function headingTop(page: Page): Promise<number> {
  return page.evaluate(() => {
    const h1 = document.querySelector('#main h1');
    if (!h1) throw new Error('no heading in <main>');
    return h1.getBoundingClientRect().top;
  });
}

describe('Each view opens at its top', () => {
  it('after scrolling a long view to its end, every other view (and the same one again) opens at its top', async () => {
    const { page } = await harness.open({ start: 'sample', viewport: { width: 1280, height: 720 } });
    await page.getByTestId('risk-table').waitFor();

    // The views that are taller than the window at 1280×720: the test needs at least two, or it shows nothing.
    const tall: string[] = [];
    for (const { view, ready } of VIEWS) {
      await open(page, view, ready);
      if ((await mainScroll(page)).room > 150) tall.push(view);
    }
    expect(tall.length).toBeGreaterThanOrEqual(2);

    for (const from of tall) {
      const fromReady = readyOf(from);
      for (const { view, ready } of VIEWS) {
        if (view === from) continue;
        await open(page, from, fromReady);
        await scrollMainToEnd(page);
        expect((await mainScroll(page)).top).toBeGreaterThan(150);
        await open(page, view, ready);
        expect({ from, to: view, top: (await mainScroll(page)).top }).toEqual({ from, to: view, top: 0 });
        // The heading is on screen, under the window's top edge.
        expect(await headingTop(page)).toBeGreaterThanOrEqual(0);
      }
    }

    // The same view, left scrolled down and opened again, starts at its top too.
    const again = tall[0] ?? '';
    const againReady = readyOf(again);
    await open(page, again, againReady);
    await scrollMainToEnd(page);
    await open(page, 'register', 'risk-table');
    await open(page, again, againReady);
    expect((await mainScroll(page)).top).toBe(0);
  });

  it('a risk selected in another view is still scrolled into view when the register opens on it', async () => {
    const { page } = await harness.open({ start: 'sample', viewport: { width: 1280, height: 720 } });
    await page.getByTestId('risk-table').waitFor();

    // The last risk is below the fold of the register's table at this size (or the check below shows nothing).
    const last = page.getByTestId('risk-row-SR19');
    const belowFold = await last.evaluate((row) => {
      const box = row.closest('.table-scroll');
      if (!box) throw new Error('the row is not in the table’s scroll box');
      return row.getBoundingClientRect().top > box.getBoundingClientRect().bottom;
    });
    expect(belowFold).toBe(true);

    // Scroll the Controls view down, select SR19 there (its line names the risk), then open the register.
    await open(page, 'controls', 'controls-view');
    await scrollMainToEnd(page);
    await page.getByTestId('controls-view').getByRole('button', { name: /SR19/ }).first().click();
    await page.getByTestId('panel-ref').waitFor();
    expect(await page.getByTestId('panel-ref').textContent()).toBe('SR19');
    await open(page, 'register', 'risk-table');

    expect((await mainScroll(page)).top).toBe(0);
    expect(await headingTop(page)).toBeGreaterThanOrEqual(0);
    await expect
      .poll(() =>
        last.evaluate((row) => {
          const box = row.closest('.table-scroll')?.getBoundingClientRect();
          if (!box) throw new Error('the row is not in the table’s scroll box');
          const r = row.getBoundingClientRect();
          return r.top >= box.top && r.bottom <= box.bottom + 1;
        }),
      )
      .toBe(true);
  });
});
