/**
 * What the heatmap's arrow routing costs (renderer/leadership/movement.ts), `npm run bench:routing`: the LGA sample
 * after the usual and the crowded quarter of movement/heatmap e2e tests, in the 8 layouts (1280×720, 1366×768,
 * 1440×900, 1920×1080, normal and presenting), needs `npm run build` first.
 *
 * In Chromium (the built renderer over the real handler table): every `rr:route-arrows` user-timing entry the
 * heatmap records around `routeArrows`, and every long task (> 50 ms, Chromium's `longtask` observer) while the
 * heatmap is shown and switched to presenting. Then in Node: the same routing inputs, read from the page the way
 * the heatmap reads them, routed again 5 times (median). It also counts label conflicts the way the e2e test does
 * (a label over a chip, a cell label, a count, another label, or another arrow's line). Never asserts on time.
 * Writes test-output/bench-routing.json (figures) and test-output/routing-inputs.json (the inputs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ScoreValue } from '../../shared/scoring.ts';
import { routeArrows } from '../../renderer/leadership/movement.ts';
import { movableClock } from '../renderer/history/clock.ts';
import { startHarness } from '../e2e/harness.ts';
import type { Input } from './routing-check.ts';
import { labelConflicts } from './routing-check.ts';

const USUAL: [string, ScoreValue, ScoreValue][] = [
  ['SR4', 5, 4],
  ['SR15', 3, 3],
  ['SR12', 3, 2],
  ['SR1', 2, 5],
  ['SR9', 5, 5],
];
const CROWDED: [string, ScoreValue, ScoreValue][] = [
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
const SIZES: [number, number][] = [
  [1280, 720],
  [1366, 768],
  [1440, 900],
  [1920, 1080],
];

/** The heatmap's own measurement (Heatmap.tsx, useMoveArrows), read from the page. */
function readInputs(page: Page): Promise<Omit<Input, 'layout'>> {
  return page.evaluate(() => {
    const el = document.querySelector('.lh-heatmap-wrap') as HTMLElement;
    const origin = el.getBoundingClientRect();
    const boxOf = (node: Element) => {
      const r = node.getBoundingClientRect();
      return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
    };
    const obstacles = [
      ...el.querySelectorAll('.heat-ref, .heat-was, .heat-band, .heat-open, .heat-more'),
    ].map(boxOf);
    const cells = [...el.querySelectorAll('td.heat-cell')].map(boxOf);
    const x0 = Math.min(...cells.map((c) => c.x));
    const y0 = Math.min(...cells.map((c) => c.y));
    const area = {
      x: x0,
      y: y0,
      w: Math.max(...cells.map((c) => c.x + c.w)) - x0,
      h: Math.max(...cells.map((c) => c.y + c.h)) - y0,
    };
    const size = el.closest('.presentation') ? 14 : 11;
    const labelSizes: Record<string, { w: number; h: number }> = {};
    const moves = [...el.querySelectorAll('svg[data-testid="track-lines"] g[data-arrow]')].map((g) => {
      const id = g.getAttribute('data-risk') ?? '';
      const ref = g.getAttribute('data-arrow') ?? '';
      const cell = el.querySelector(`[data-testid="heat-cell-${g.getAttribute('data-to') ?? ''}"]`);
      const now = (cell?.querySelector(`[data-risk-id="${CSS.escape(id)}"]`) ??
        cell?.querySelector('.heat-open')) as Element;
      const was = el.querySelector(`[data-was="${CSS.escape(id)}"]`) as Element;
      const probe = document.createElement('span');
      probe.textContent = ref;
      probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font-weight:700;font-size:${size}px`;
      el.appendChild(probe);
      labelSizes[ref] = { w: Math.ceil(probe.getBoundingClientRect().width) + 6, h: size + 5 };
      probe.remove();
      const direction = (/track-(up|down|unchanged)/.exec(g.getAttribute('class') ?? '')?.[1] ??
        'unchanged') as 'up' | 'down' | 'unchanged';
      return { id, ref, direction, from: boxOf(was), to: boxOf(now) };
    });
    const span = (r: (typeof moves)[number]) => Math.hypot(r.to.x - r.from.x, r.to.y - r.from.y);
    moves.sort((a, b) => span(b) - span(a));
    return { moves, obstacles, area, labelSizes };
  });
}

async function chromiumFigures(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks?: number[] };
    const routes = performance.getEntriesByName('rr:route-arrows').map((e) => e.duration);
    performance.clearMeasures('rr:route-arrows');
    const longTasks = w.__longTasks ?? [];
    w.__longTasks = [];
    return { routes, longTasks };
  });
}

async function main() {
  const harness = await startHarness();
  const inputs: Input[] = [];
  const figures: Record<string, unknown>[] = [];
  try {
    for (const [quarter, moves] of [
      ['usual', USUAL],
      ['crowded', CROWDED],
    ] as const) {
      for (const [width, height] of SIZES) {
        const clock = movableClock('2026-01-15T10:00:00Z');
        const app = await harness.open({ start: 'sample', now: clock.now, viewport: { width, height } });
        const { page, backend } = app;
        await page.getByTestId('risk-table').waitFor();
        clock.set('2026-04-20T09:00:00Z');
        for (const [ref, impact, likelihood] of moves) {
          const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
          if (!r) throw new Error(`no ${ref}`);
          await backend.call('reviews:record', {
            id: r.id,
            version: r.version,
            note: 'Q',
            impact,
            likelihood,
          });
        }
        await page.addInitScript(() => {
          const w = window as unknown as { __longTasks: number[] };
          w.__longTasks = [];
          new PerformanceObserver((l) => {
            for (const e of l.getEntries()) w.__longTasks.push(Math.round(e.duration));
          }).observe({ type: 'longtask', buffered: true });
        });
        await page.reload();
        await page.getByTestId('risk-table').waitFor();
        await page.waitForTimeout(500);
        await chromiumFigures(page); // forget the start-up
        await page.getByTestId('nav-heatmap').click();
        await page.getByTestId('movement-against').selectOption('review');
        await page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid="track-lines"] g[data-arrow]').length === n,
          moves.length,
        );
        await page.waitForTimeout(500);
        for (const presenting of [false, true]) {
          if (presenting) {
            await page.getByTestId('present-toggle').click();
            await page.getByTestId('presentation').waitFor();
            await page.mouse.move(0, 0);
            await page.waitForTimeout(600);
          }
          const layout = `${quarter} ${width}×${height}${presenting ? ' presenting' : ''}`;
          const chromium = await chromiumFigures(page);
          const input = { layout, ...(await readInputs(page)) };
          inputs.push(input);
          const opts = { labelSize: (ref: string) => input.labelSizes[ref] ?? { w: 30, h: 16 } };
          const times: number[] = [];
          let arrows = routeArrows(input.moves, input.obstacles, input.area, opts);
          for (let k = 0; k < 5; k++) {
            const t0 = performance.now();
            arrows = routeArrows(input.moves, input.obstacles, input.area, opts);
            times.push(performance.now() - t0);
          }
          times.sort((a, b) => a - b);
          const conflicts = labelConflicts(input, arrows);
          const row = {
            layout,
            arrows: input.moves.length,
            chromiumRoutesMs: chromium.routes.map((x) => Math.round(x * 10) / 10),
            chromiumLongTasksMs: chromium.longTasks,
            nodeMedianMs: Math.round((times[2] ?? 0) * 10) / 10,
            crossings: arrows.reduce((n, a) => n + a.crossings, 0),
            labelConflicts: conflicts,
          };
          figures.push(row);
          console.info(JSON.stringify(row));
        }
        await page.context().close();
      }
    }
  } finally {
    await harness.close();
  }
  mkdirSync('test-output', { recursive: true });
  writeFileSync(join('test-output', 'routing-inputs.json'), JSON.stringify(inputs));
  writeFileSync(
    join('test-output', 'bench-routing.json'),
    JSON.stringify({ load: loadavg(), figures }, null, 2),
  );
  console.info(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

await main();
