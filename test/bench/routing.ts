/**
 * What the heatmap's arrow routing costs (renderer/leadership/movement.ts), `npm run bench:routing`: the LGA sample
 * after the usual and the crowded quarter of movement/heatmap e2e tests, in the 8 layouts (1280×720, 1366×768,
 * 1440×900, 1920×1080, normal and presenting), needs `npm run build` first.
 *
 * In Chromium (the built renderer over the real handler table): every `rr:route-arrows` user-timing entry the
 * heatmap records around `routeArrows`, every long task (> 50 ms, Chromium's `longtask` observer) while the
 * heatmap is shown and switched to presenting, and the e2e test's arrow checks on the page (movement-check.ts).
 * Then in Node, the same routing inputs, read from the page the way the heatmap reads them, routed by this
 * version and by the version at `--before <git ref>` (default 04ec917, the routing before issue 12's second
 * round; taken with `git show` into test-output/): CPU time (`process.cpuUsage`, user + system) of each, median of
 * 7 runs taken in turn after one warm-up pass over every layout, and of the first routing in a fresh process (a
 * window just loaded: the JIT has not seen the code), whether both give the same arrows, and the same arrow checks
 * on each. `--inputs <file>` skips Chromium and routes inputs written by an earlier run; `--cold-runs <n>` (7)
 * fresh processes per layout and version for the cold figure, before and after in turn, the median.
 * Never asserts on time. Writes test-output/bench-routing.json (figures) and test-output/routing-inputs.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { routeArrows } from '../../renderer/leadership/movement.ts';
import { movableClock } from '../renderer/history/clock.ts';
import { startHarness } from '../e2e/harness.ts';
import type { Quarter, RoutingInput as Input } from '../e2e/movement-check.ts';
import {
  CROWDED_MOVES,
  movementProblems,
  readMovementGeometry,
  recordQuarterAndShow,
  routedGeometry,
  USUAL_MOVES,
} from '../e2e/movement-check.ts';

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

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** The routing at a git ref, written to test-output/ and imported. */
async function routingAt(ref: string): Promise<typeof routeArrows> {
  const source = execFileSync('git', ['show', `${ref}:renderer/leadership/movement.ts`], {
    encoding: 'utf8',
  });
  mkdirSync('test-output', { recursive: true });
  const file = resolve('test-output', 'movement-before.ts');
  writeFileSync(file, source);
  const mod = (await import(pathToFileURL(file).href)) as { routeArrows: typeof routeArrows };
  return mod.routeArrows;
}

/** The heatmap and presentation in Chromium for each quarter and size: figures, inputs and the arrow checks. */
async function chromiumRun(inputs: Input[], figures: Record<string, unknown>[]) {
  const harness = await startHarness();
  try {
    for (const [quarter, moves] of [
      ['usual', USUAL_MOVES],
      ['crowded', CROWDED_MOVES],
    ] as [string, Quarter][]) {
      for (const [width, height] of SIZES) {
        const clock = movableClock('2026-01-15T10:00:00Z');
        const app = await harness.open({ start: 'sample', now: clock.now, viewport: { width, height } });
        const { page } = app;
        await recordQuarterAndShow(app, clock, moves, async (p) => {
          await p.addInitScript(() => {
            const w = window as unknown as { __longTasks: number[] };
            w.__longTasks = [];
            new PerformanceObserver((l) => {
              for (const e of l.getEntries()) w.__longTasks.push(Math.round(e.duration));
            }).observe({ type: 'longtask', buffered: true });
          });
        });
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
          inputs.push({ layout, ...(await readInputs(page)) });
          const row = {
            layout,
            arrows: moves.length,
            chromiumRoutesMs: chromium.routes.map((x) => Math.round(x * 10) / 10),
            chromiumLongTasksMs: chromium.longTasks,
            chromiumProblems: movementProblems(await readMovementGeometry(page)),
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
}

const cpuMs = (f: () => void) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number) => Math.round(x * 10) / 10;

/**
 * The first routing in a fresh process (as in a window just loaded, before the JIT has seen the code): a child
 * process routes one layout once with the module given and prints its CPU time.
 */
function coldCpuMs(inputsFile: string, index: number, module: string): number {
  const out = execFileSync(
    process.execPath,
    [process.argv[1] ?? '', '--cold-one', inputsFile, String(index), module],
    { encoding: 'utf8' },
  );
  return Number(out.trim());
}

async function coldOne(inputsFile: string, index: number, module: string) {
  const input = (JSON.parse(readFileSync(inputsFile, 'utf8')) as Input[])[index];
  if (!input) throw new Error(`no layout ${index}`);
  const mod = (await import(pathToFileURL(resolve(module)).href)) as { routeArrows: typeof routeArrows };
  const opts = { labelSize: (ref: string) => input.labelSizes[ref] ?? { w: 30, h: 16 } };
  console.info(String(cpuMs(() => mod.routeArrows(input.moves, input.obstacles, input.area, opts))));
}

async function main() {
  const cold = arg('--cold-one');
  if (cold)
    return coldOne(
      cold,
      Number(process.argv[process.argv.indexOf('--cold-one') + 2]),
      process.argv[process.argv.indexOf('--cold-one') + 3] ?? '',
    );
  const inputs: Input[] = [];
  const figures: Record<string, unknown>[] = [];
  const from = arg('--inputs');
  if (from) inputs.push(...(JSON.parse(readFileSync(from, 'utf8')) as Input[]));
  else await chromiumRun(inputs, figures);
  const beforeRef = arg('--before') ?? '04ec917';
  const coldRuns = Number(arg('--cold-runs') ?? 7);
  const before = await routingAt(beforeRef);
  const inputsFile = resolve('test-output', 'routing-inputs-run.json');
  writeFileSync(inputsFile, JSON.stringify(inputs));
  const route = (f: typeof routeArrows, input: Input) =>
    f(input.moves, input.obstacles, input.area, {
      labelSize: (ref: string) => input.labelSizes[ref] ?? { w: 30, h: 16 },
    });
  // Warm both up on every layout first (the first routing of a process pays for compiling).
  for (const input of inputs) {
    route(before, input);
    route(routeArrows, input);
  }
  let totalBefore = 0;
  let totalAfter = 0;
  let coldBefore = 0;
  let coldAfter = 0;
  for (const input of inputs) {
    const times: [number[], number[]] = [[], []];
    let arrows = route(routeArrows, input);
    let old = route(before, input);
    for (let k = 0; k < 7; k++) {
      times[0].push(cpuMs(() => (old = route(before, input))));
      times[1].push(cpuMs(() => (arrows = route(routeArrows, input))));
    }
    // Cold: `coldRuns` fresh processes each, before and after taken in turn, the median.
    const cold: [number[], number[]] = [[], []];
    for (let k = 0; k < coldRuns; k++) {
      cold[0].push(coldCpuMs(inputsFile, inputs.indexOf(input), 'test-output/movement-before.ts'));
      cold[1].push(coldCpuMs(inputsFile, inputs.indexOf(input), 'renderer/leadership/movement.ts'));
    }
    const row = {
      layout: input.layout,
      arrows: input.moves.length,
      nodeCpuMsBefore: round(median(times[0])),
      nodeCpuMsAfter: round(median(times[1])),
      coldCpuMsBefore: round(median(cold[0])),
      coldCpuMsAfter: round(median(cold[1])),
      sameArrows: JSON.stringify(old) === JSON.stringify(arrows),
      crossings: arrows.reduce((n, a) => n + a.crossings, 0),
      problems: movementProblems(routedGeometry(input, arrows)),
      problemsBefore: movementProblems(routedGeometry(input, old)),
    };
    totalBefore += row.nodeCpuMsBefore;
    totalAfter += row.nodeCpuMsAfter;
    coldBefore += row.coldCpuMsBefore;
    coldAfter += row.coldCpuMsAfter;
    const shown = figures.find((f) => f.layout === input.layout);
    if (shown) Object.assign(shown, row);
    else figures.push(row);
    console.info(JSON.stringify(row));
  }
  console.info(
    `Node CPU over ${inputs.length} layouts: ${round(totalBefore)} ms at ${beforeRef}, ${round(totalAfter)} ms now (warm); ` +
      `first routing in a fresh process (median of ${coldRuns}): ${round(coldBefore)} ms, ${round(coldAfter)} ms`,
  );
  mkdirSync('test-output', { recursive: true });
  if (!from) writeFileSync(join('test-output', 'routing-inputs.json'), JSON.stringify(inputs));
  writeFileSync(
    join('test-output', 'bench-routing.json'),
    JSON.stringify({ load: loadavg(), before: beforeRef, figures }, null, 2),
  );
  console.info(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

await main();
