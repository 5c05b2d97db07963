/**
 * Heatmap movement you cannot misread, in Chromium against a real SQLite file: after a quarter of reviews, each
 * moved risk has a faded "was" chip in its old cell and an arrow labelled with its ref to its chip now. Geometry
 * from the DOM: every arrow ends on its target chip's edge, and no arrow or label crosses another chip or cell
 * label. Presentation mode fits 1280×720. Screenshots: test-output/screenshots/movement-*.png (look at them).
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
    /** Other chips and cell labels the line or its label crosses. */
    crossed: string[];
    /** Cells' count numerals it crosses (avoided where the grid leaves room, see the report). */
    counts: string[];
  }[];
}

/** Read every arrow's end point and sampled points, and every chip's and label's box, from the page. */
function geometry(page: Page): Promise<Geometry> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    };
    const within = (p: { x: number; y: number }, b: { x: number; y: number; w: number; h: number }) =>
      p.x > b.x && p.x < b.x + b.w && p.y > b.y && p.y < b.y + b.h;
    const svg = document.querySelector('[data-testid="track-lines"]') as SVGSVGElement;
    const screen = (pt: DOMPoint) => pt.matrixTransform(svg.getScreenCTM() ?? undefined);
    const obstacles = [...document.querySelectorAll('.heat-ref, .heat-was, .heat-band, .heat-open')].map(
      (el) => ({
        el,
        name: `${el.className}:${el.textContent?.trim() ?? ''}`,
        box: box(el),
      }),
    );
    return {
      arrows: [...svg.querySelectorAll('g[data-arrow]')].map((g) => {
        const ref = g.getAttribute('data-arrow') ?? '';
        const path = g.querySelector('path.track-line') as SVGPathElement;
        const label = g.querySelector('text') as SVGTextElement;
        const len = path.getTotalLength();
        const end = screen(path.getPointAtLength(len));
        const target = document.querySelector(`[data-testid="heat-ref-${ref}"]`) as Element;
        const was = document.querySelector(`[data-testid="heat-was-${ref}"]`) as Element;
        const lb = box(label);
        const crossed = new Set<string>();
        for (const o of obstacles) {
          if (o.el === target || o.el === was) continue;
          for (let i = 1; i < 100; i++) {
            if (within(screen(path.getPointAtLength((len * i) / 100)), o.box)) crossed.add(o.name);
          }
          const b = o.box;
          if (lb.x < b.x + b.w && lb.x + lb.w > b.x && lb.y < b.y + b.h && lb.y + lb.h > b.y)
            crossed.add(`label over ${o.name}`);
        }
        const all = [...crossed];
        return {
          ref,
          end: { x: end.x, y: end.y },
          target: box(target),
          crossed: all.filter((c) => !c.includes('heat-open')),
          counts: all.filter((c) => c.includes('heat-open')),
        };
      }),
    };
  });
}

describe('heatmap movement', () => {
  it.each([
    [1440, 900, false],
    [1280, 720, true],
  ])(
    'at %i×%i: was-chips, labelled arrows ending on the chip edge, crossing no chip; presentation fits 1280×720',
    async (width, height, mustFit) => {
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

      /** Chips are never crossed; cell labels are not either, except where `labelsMayCross` (reported). */
      const check = async (labelsMayCross = false) => {
        const g = await geometry(page);
        expect(g.arrows.map((a) => a.ref).sort()).toEqual(MOVES.map(([r]) => r).sort());
        for (const a of g.arrows) {
          const t = a.target;
          // The arrowhead's tip stops at the chip's edge: within 4 px outside its box, never inside it.
          const dx = Math.max(t.x - a.end.x, 0, a.end.x - (t.x + t.w));
          const dy = Math.max(t.y - a.end.y, 0, a.end.y - (t.y + t.h));
          expect(
            Math.hypot(dx, dy),
            `${a.ref} ends ${Math.hypot(dx, dy)} px from its chip`,
          ).toBeLessThanOrEqual(4);
          const insideChip =
            a.end.x > t.x + 1 && a.end.x < t.x + t.w - 1 && a.end.y > t.y + 1 && a.end.y < t.y + t.h - 1;
          expect(insideChip, `${a.ref} ends inside its chip`).toBe(false);
          const chipsCrossed = a.crossed.filter((c) => !c.includes('heat-band'));
          expect(labelsMayCross ? chipsCrossed : a.crossed, `${a.ref} crosses`).toEqual([]);
        }
        return g.arrows
          .filter((a) => a.crossed.length > 0 || a.counts.length > 0)
          .map((a) => `${a.ref}: ${[...a.crossed, ...a.counts].join(', ')}`);
      };
      const crossingsNormal = await check(true);
      console.info(
        `${width}×${height}: over a cell label or count: ${crossingsNormal.join('; ') || 'nothing'}`,
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
          scroll: el.scrollHeight - el.clientHeight,
          wide: el.scrollWidth - el.clientWidth,
          cut: cut.length,
        };
      });
      console.info(`${width}×${height} presenting: ${JSON.stringify(fit)}`);
      // The projector size must fit; larger windows keep the larger type and may scroll.
      if (mustFit) expect(fit).toEqual({ scroll: 0, wide: 0, cut: 0 });
      const crossingsPresenting = await check(true);
      console.info(
        `${width}×${height} presenting: over a cell label or count: ${crossingsPresenting.join('; ') || 'nothing'}`,
      );
      expect(app.problems).toEqual([]);
    },
    120_000,
  );
});
