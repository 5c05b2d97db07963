/**
 * Heatmap movement you cannot misread, in Chromium against a real SQLite file: after a quarter of reviews, each
 * moved risk has a faded "was" chip in its old cell and an arrow labelled with its ref to its chip now. Geometry
 * from the DOM: every arrow ends on its target chip's edge, and no arrow or label crosses another chip or cell
 * label. Presentation mode fits 1280×720, 1366×768 and 1440×900 without scrolling. Screenshots: test-output/screenshots/movement-*.png (look at them).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movableClock } from '../renderer/history/clock.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';
import {
  CROWDED_MOVES,
  movementProblems,
  readMovementGeometry,
  recordQuarterAndShow,
  USUAL_MOVES as MOVES,
} from './movement-check.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/**
 * Every arrow ends on its target's edge (within 4 px, never inside) and covers nothing but its own two ends; its
 * label covers no chip, cell label, count, other label or other arrow's line (a leader joins a label set a little
 * away from a crowded line; the leader is not the arrow); labels at least 11 px. The checks are shared with the
 * routing bench (movement-check.ts).
 */
async function checkArrows(page: Page, refs: readonly string[], where: string): Promise<void> {
  const g = await readMovementGeometry(page);
  expect(g.arrows.map((a) => a.ref).sort()).toEqual([...refs].sort());
  expect(movementProblems(g), where).toEqual([]);
}

/**
 * Presenting a crowded quarter: the window does not scroll and nothing is cut at its edge; the "what moved" list
 * scrolls inside its own box, which ends inside the window; every move is either wholly in view in that box or
 * counted by the "+N more" under it, which is itself in view; pressing "+N more" until it goes shows the rest,
 * ending with the last move wholly in view.
 */
async function expectCrowdedListFits(page: Page, where: string): Promise<void> {
  const measure = () =>
    page.getByTestId('presentation').evaluate((el) => {
      const outside = (r: DOMRect) =>
        r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5;
      const list = el.querySelector('[data-testid="moves-list"]') as HTMLElement;
      const box = list.getBoundingClientRect();
      const items = [...list.children].map((li) => li.getBoundingClientRect());
      const inView = (r: DOMRect) => r.top >= box.top - 1.5 && r.bottom <= box.bottom + 1.5;
      const more = el.querySelector('[data-testid="moves-more"]');
      const moreBox = more?.getBoundingClientRect();
      return {
        scroll: Math.max(0, el.scrollHeight - el.clientHeight),
        wide: el.scrollWidth - el.clientWidth,
        // Everything but the list's items (which the list's own box clips) ends inside the window.
        cut: [
          ...el.querySelectorAll(
            '.heat-ref, .heat-was, .lh-legend, .heatmap, [data-testid="movement-list"], [data-testid="moves-list"], [data-testid="moves-more"]',
          ),
        ].filter((c) => outside(c.getBoundingClientRect())).length,
        total: items.length,
        inView: items.filter(inView).length,
        below: items.filter((r) => r.bottom > box.bottom + 1.5).length,
        lastInView: items.length > 0 && inView(items[items.length - 1] as DOMRect),
        more: more?.textContent ?? null,
        moreUnderList: moreBox ? moreBox.top >= box.bottom - 0.5 : null,
        listFont: parseFloat(getComputedStyle(list).fontSize),
        focusable: list.tabIndex === 0,
      };
    });
  const first = await measure();
  console.info(`${where}: ${JSON.stringify(first)}`);
  expect({ scroll: first.scroll, wide: first.wide, cut: first.cut }, where).toEqual({
    scroll: 0,
    wide: 0,
    cut: 0,
  });
  expect(first.total, `${where}: every move listed`).toBe(CROWDED_MOVES.length);
  expect(first.inView, `${where}: moves readable without scrolling`).toBeGreaterThanOrEqual(4);
  expect(first.listFont, `${where}: projector type`).toBeGreaterThanOrEqual(15);
  expect(first.focusable, `${where}: the list's box is reachable from the keyboard`).toBe(true);
  if (first.below > 0) {
    expect(first.more, where).toBe(`+${first.below} more ↓`);
    expect(first.moreUnderList, `${where}: "+N more" under the list`).toBe(true);
  } else expect(first.more, where).toBeNull();
  expect(first.inView + first.below, `${where}: each move in view or counted`).toBe(first.total);
  // "+N more" scrolls on to the rest until nothing is left below.
  let now = first;
  for (let i = 0; i < CROWDED_MOVES.length && now.more !== null; i += 1) {
    const before = now.below;
    await page.getByTestId('moves-more').click();
    // Wait for the scroll and the count's render: fewer below, and "+N more" saying so (or gone at the end).
    await expect
      .poll(async () => {
        const m = await measure();
        return m.below < before && m.more === (m.below === 0 ? null : `+${m.below} more ↓`);
      })
      .toBe(true);
    now = await measure();
    expect({ scroll: now.scroll, cut: now.cut }, where).toEqual({ scroll: 0, cut: 0 });
    if (now.below > 0) expect(now.more, where).toBe(`+${now.below} more ↓`);
  }
  expect(now.more, `${where}: "+N more" goes once the end is in view`).toBeNull();
  expect(now.lastInView, `${where}: the last move in view at the end`).toBe(true);
  await page.getByTestId('moves-list').evaluate((el) => el.scrollTo({ top: 0 }));
}

describe('heatmap movement', () => {
  it.each([
    [1440, 900],
    [1366, 768],
    [1280, 720],
  ])(
    'at %i×%i: was-chips, labelled arrows ending on the chip edge, crossing nothing; presentation fits without scrolling',
    async (width, height) => {
      const clock = movableClock('2026-01-15T10:00:00Z');
      const app = await harness.open({ start: 'sample', now: clock.now, viewport: { width, height } });
      const { page } = app;
      await recordQuarterAndShow(app, clock, MOVES);

      // A was-chip per move, in its old cell; the list of moves beside the grid.
      for (const [ref] of MOVES)
        expect(await page.getByTestId(`heat-was-${ref}`).textContent()).toBe(`${ref} was`);
      const list = await page.getByTestId('movement-list').boundingBox();
      const grid = await page.getByTestId('heatmap').boundingBox();
      if (!list || !grid) throw new Error('no list or grid');
      expect(list.x).toBeGreaterThanOrEqual(grid.x + grid.width - 1);
      expect(list.y).toBeLessThan(grid.y + grid.height);
      await app.screenshot(`movement-${width}x${height}`);

      await checkArrows(
        page,
        MOVES.map(([r]) => r),
        `${width}×${height}`,
      );

      // Presentation: the whole window, nothing scrolls, nothing cut, arrows still clean.
      await page.getByTestId('present-toggle').click();
      const shown = page.getByTestId('presentation');
      await shown.waitFor();
      await page.mouse.move(0, 0);
      await expect
        .poll(() => page.locator('[data-testid="track-lines"] g[data-arrow]').count())
        .toBe(MOVES.length);
      await app.screenshot(`movement-presentation-${width}x${height}`);
      const fit = await shown.evaluate((el) => {
        const cut = [
          ...el.querySelectorAll('.heat-ref, .heat-was, .lh-moves li, .lh-legend, .heatmap'),
        ].filter((c) => {
          const r = c.getBoundingClientRect();
          return r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5;
        });
        return {
          scroll: Math.max(0, el.scrollHeight - el.clientHeight),
          wide: el.scrollWidth - el.clientWidth,
          cut: cut.length,
        };
      });
      console.info(`${width}×${height} presenting: ${JSON.stringify(fit)}`);
      // Laptops and projectors: the presentation fits, nothing scrolls (scrollHeight ≤ clientHeight) or is cut.
      expect(fit).toEqual({ scroll: 0, wide: 0, cut: 0 });
      await checkArrows(
        page,
        MOVES.map(([r]) => r),
        `${width}×${height} presenting`,
      );
      expect(app.problems).toEqual([]);
    },
    120_000,
  );

  it.each([
    [1280, 720],
    [1366, 768],
    [1440, 900],
    [1920, 1080],
  ])(
    'a crowded quarter at %i×%i: no arrow line or label covers any chip, cell label, count, other label or line',
    async (width, height) => {
      const clock = movableClock('2026-01-15T10:00:00Z');
      const app = await harness.open({ start: 'sample', now: clock.now, viewport: { width, height } });
      const { page } = app;
      await recordQuarterAndShow(app, clock, CROWDED_MOVES);
      // Let the arrows settle after the last measure (fonts, resize observer).
      await page.waitForTimeout(200);
      // The crowded cell shows its count, which the arrows into it point at.
      await app.screenshot(`movement-crowded-${width}x${height}`);
      const crowdedTargets = await page.evaluate(
        () =>
          [...document.querySelectorAll('[data-testid="track-lines"] g[data-to]')].filter((g) => {
            const cell = document.querySelector(
              `[data-testid="heat-cell-${g.getAttribute('data-to') ?? ''}"]`,
            );
            return Number(cell?.getAttribute('data-count')) > 6 && cell?.querySelector('.heat-ref') === null;
          }).length,
      );
      expect(crowdedTargets, 'arrows into a cell too crowded for chips').toBe(4);
      // Lines and labels: strict (no label over a chip, a cell label, a count, another label or another line).
      await checkArrows(
        page,
        CROWDED_MOVES.map(([r]) => r),
        `crowded ${width}×${height}`,
      );
      await page.getByTestId('present-toggle').click();
      await page.getByTestId('presentation').waitFor();
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300);
      await app.screenshot(`movement-crowded-presentation-${width}x${height}`);
      // Fits like the usual quarter: nothing scrolls or is cut; the "what moved" list keeps to its own box.
      await expectCrowdedListFits(page, `crowded ${width}×${height} presenting`);
      await checkArrows(
        page,
        CROWDED_MOVES.map(([r]) => r),
        `crowded ${width}×${height} presenting`,
      );
      expect(app.problems).toEqual([]);
      await page.context().close();
    },
    120_000,
  );
});
