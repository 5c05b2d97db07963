/**
 * Heatmap movement you cannot misread, in Chromium against a real SQLite file: after a quarter of reviews, each
 * moved risk has a faded "was" chip in its old cell and an arrow labelled with its ref to its chip now. Geometry
 * from the DOM: every arrow ends on its target chip's edge, and no arrow or label crosses another chip or cell
 * label. Presentation mode fits 1280×720, 1366×768 and 1440×900 without scrolling. Screenshots: test-output/screenshots/movement-*.png (look at them).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreValue } from '../../shared/scoring.ts';
import type { Backend } from '../renderer/backend.ts';
import { movableClock } from '../renderer/history/clock.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function byRef(backend: Backend, ref: string) {
  const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
  if (!r) throw new Error(`no ${ref}`);
  return r;
}

const MOVES: [string, ScoreValue, ScoreValue][] = [
  ['SR4', 5, 4],
  ['SR15', 3, 3],
  ['SR12', 3, 2],
  ['SR1', 2, 5],
  ['SR9', 5, 5],
];

interface Geometry {
  arrows: {
    ref: string;
    end: { x: number; y: number };
    target: { x: number; y: number; w: number; h: number };
    /** Chips, cell labels, counts, notes and other arrows' labels that the line or its label covers. */
    crossed: string[];
    /** The label's size in px (readable: at least 11 px type). */
    labelFont: number;
  }[];
}

/**
 * Read every arrow's path (sampled every 1 px along its length), its label's box, and every chip's, cell label's,
 * count's and note's DOMRect from the page; list what each arrow covers other than its own two ends.
 */
function geometry(page: Page): Promise<Geometry> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    };
    type B = ReturnType<typeof box>;
    const within = (p: { x: number; y: number }, b: B) =>
      p.x > b.x && p.x < b.x + b.w && p.y > b.y && p.y < b.y + b.h;
    const overlap = (a: B, b: B) => a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
    const svg = document.querySelector('[data-testid="track-lines"]') as SVGSVGElement;
    const screen = (pt: DOMPoint) => pt.matrixTransform(svg.getScreenCTM() ?? undefined);
    const groups = [...svg.querySelectorAll('g[data-arrow]')];
    const labelOf = (g: Element) => g.querySelector('text') as SVGTextElement;
    const obstacles = [
      ...[...document.querySelectorAll('.heat-ref, .heat-was, .heat-band, .heat-open, .heat-more')].map(
        (el) => ({
          el,
          name: `${el.className}:${el.textContent?.trim() ?? ''}`,
          box: box(el),
        }),
      ),
      ...groups.map((g) => ({
        el: labelOf(g) as Element,
        name: `arrow label ${g.getAttribute('data-arrow') ?? ''}`,
        box: box(labelOf(g)),
      })),
    ];
    return {
      arrows: groups.map((g) => {
        const ref = g.getAttribute('data-arrow') ?? '';
        const id = g.getAttribute('data-risk') ?? '';
        const cell = document.querySelector(`[data-testid="heat-cell-${g.getAttribute('data-to') ?? ''}"]`);
        const target = (cell?.querySelector(`[data-risk-id="${CSS.escape(id)}"]`) ??
          cell?.querySelector('.heat-open')) as Element;
        const was = document.querySelector(`[data-was="${CSS.escape(id)}"]`) as Element;
        const path = g.querySelector('path.track-line') as SVGPathElement;
        const label = labelOf(g);
        const len = path.getTotalLength();
        const end = screen(path.getPointAtLength(len));
        const lb = box(label);
        const crossed = new Set<string>();
        const steps = Math.ceil(len);
        const points = Array.from({ length: steps - 1 }, (_, i) =>
          screen(path.getPointAtLength((len * (i + 1)) / steps)),
        );
        for (const o of obstacles) {
          if (o.el === target || o.el === was || o.el === label) continue;
          if (points.some((p) => within(p, o.box))) crossed.add(o.name);
          if (overlap(lb, o.box)) crossed.add(`label over ${o.name}`);
        }
        // Its label does not hide its own chips either.
        if (overlap(lb, box(target))) crossed.add('label over its own chip');
        if (overlap(lb, box(was))) crossed.add('label over its own was-chip');
        return {
          ref,
          end: { x: end.x, y: end.y },
          target: box(target),
          crossed: [...crossed],
          labelFont: parseFloat(getComputedStyle(label).fontSize),
        };
      }),
    };
  });
}

/**
 * Every arrow ends on its target's edge (within 4 px, never inside) and covers nothing but its own two ends; its
 * label covers no chip, cell label, count, other label or other arrow's line (a leader joins a label set a little
 * away from a crowded line; the leader is not the arrow).
 */
async function checkArrows(page: Page, refs: readonly string[], where: string): Promise<void> {
  const g = await geometry(page);
  expect(g.arrows.map((a) => a.ref).sort()).toEqual([...refs].sort());
  for (const a of g.arrows) {
    const t = a.target;
    const dx = Math.max(t.x - a.end.x, 0, a.end.x - (t.x + t.w));
    const dy = Math.max(t.y - a.end.y, 0, a.end.y - (t.y + t.h));
    expect(
      Math.hypot(dx, dy),
      `${where}: ${a.ref} ends ${Math.hypot(dx, dy)} px from its chip`,
    ).toBeLessThanOrEqual(4);
    const insideChip =
      a.end.x > t.x + 1 && a.end.x < t.x + t.w - 1 && a.end.y > t.y + 1 && a.end.y < t.y + t.h - 1;
    expect(insideChip, `${where}: ${a.ref} ends inside its chip`).toBe(false);
    expect(a.crossed, `${where}: ${a.ref}'s line or label covers`).toEqual([]);
    expect(a.labelFont, `${where}: ${a.ref} label size`).toBeGreaterThanOrEqual(11);
  }
}

/** Record a review moving each risk, as of a quarter later, and show the heatmap's movement since the last review. */
async function moveAndShow(
  app: Awaited<ReturnType<Harness['open']>>,
  clock: ReturnType<typeof movableClock>,
  moves: typeof MOVES,
) {
  const { page, backend } = app;
  await page.getByTestId('risk-table').waitFor();
  clock.set('2026-04-20T09:00:00Z');
  for (const [ref, impact, likelihood] of moves) {
    const r = await byRef(backend, ref);
    await backend.call('reviews:record', {
      id: r.id,
      version: r.version,
      note: 'Quarterly review',
      impact,
      likelihood,
    });
  }
  await page.reload();
  await page.getByTestId('risk-table').waitFor();
  await page.getByTestId('nav-heatmap').click();
  await page.getByTestId('movement-against').selectOption('review');
  await expect
    .poll(() => page.locator('[data-testid="track-lines"] g[data-arrow]').count())
    .toBe(moves.length);
  // Let the arrows settle after the last measure (fonts, resize observer).
  await page.waitForTimeout(200);
}

/**
 * A crowded quarter on the LGA sample: fifteen moves. Six risks leave the busiest cell (4×2) for every part of the
 * grid, moves cross the whole grid both ways (5×2 → 1×1, 3×1 → 5×5, 5×2 → 1×5), four arrive in a cell that then
 * holds seven risks, too many for chips (its count is their target), and arrows share the cells they pass through.
 */
const CROWDED_MOVES: [string, ScoreValue, ScoreValue][] = [
  ['SR1', 5, 2],
  ['SR2', 5, 2],
  ['SR7', 5, 2],
  ['SR8', 5, 2],
  ['SR9', 5, 5],
  ['SR14', 2, 4],
  ['SR19', 2, 2],
  ['SR13', 1, 1],
  ['SR16', 1, 5],
  ['SR4', 1, 3],
  ['SR5', 4, 4],
  ['SR11', 3, 3],
  ['SR6', 5, 1],
  ['SR15', 5, 5],
  ['SR12', 2, 1],
];

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
      const { page, backend } = app;
      await page.getByTestId('risk-table').waitFor();
      clock.set('2026-04-20T09:00:00Z');
      for (const [ref, impact, likelihood] of MOVES) {
        const r = await byRef(backend, ref);
        await backend.call('reviews:record', {
          id: r.id,
          version: r.version,
          note: 'Quarterly review',
          impact,
          likelihood,
        });
      }
      await page.reload();
      await page.getByTestId('risk-table').waitFor();
      await page.getByTestId('nav-heatmap').click();
      await page.getByTestId('movement-against').selectOption('review');
      await expect
        .poll(() => page.locator('[data-testid="track-lines"] g[data-arrow]').count())
        .toBe(MOVES.length);

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
      await moveAndShow(app, clock, CROWDED_MOVES);
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
