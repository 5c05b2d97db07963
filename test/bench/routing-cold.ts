/**
 * The first (cold) routing of the heatmap's arrows, base against branch: `node test/bench/routing-cold.ts
 * [--before <git ref>] [--runs <n>] [--layouts <i,j,…|all>] [--inputs <file>]`.
 *
 * Each run is a fresh Node process that imports only the routing module (renderer/leadership/movement.ts, or the
 * version at `--before`, default `main`, taken with `git show` into test-output/) and routes one layout once, as
 * a window just loaded does: the JIT has seen none of the code. Its CPU time (`process.cpuUsage`, user + system,
 * so the compiler threads count too) around `routeArrows` is printed; the machine is shared and loaded, so CPU
 * and not wall time, and the median of `--runs` (15) runs, base and branch taken in turn. Default layouts: the
 * LGA sample after the usual quarter at 1280×720 (index 0 of test/unit/leadership/routing-inputs.json) and the
 * crowded quarter at 1280×720 presenting (index 9, the slowest). In this process, both versions' arrows are
 * compared (same or not) and the branch's are put through the e2e test's checks (test/e2e/movement-check.ts).
 * Never asserts on time. Writes test-output/bench-routing-cold.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Arrow, Box, MoveToRoute, RouteOptions } from '../../renderer/leadership/movement.ts';

interface Input {
  layout: string;
  moves: MoveToRoute[];
  obstacles: Box[];
  area: Box;
  labelSizes: Record<string, { w: number; h: number }>;
}
type Route = (moves: MoveToRoute[], obstacles: Box[], area: Box, options: RouteOptions) => Arrow[];

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const load = async (module: string) =>
  ((await import(pathToFileURL(resolve(module)).href)) as { routeArrows: Route }).routeArrows;
const route = (f: Route, input: Input) =>
  f(input.moves, input.obstacles, input.area, {
    labelSize: (ref: string) => input.labelSizes[ref] ?? { w: 30, h: 16 },
  });

/** Child: route one layout once and print the CPU ms it took. */
async function child(inputsFile: string, index: number, module: string) {
  const input = (JSON.parse(readFileSync(inputsFile, 'utf8')) as Input[])[index];
  if (!input) throw new Error(`no layout ${index} in ${inputsFile}`);
  const f = await load(module);
  const c0 = process.cpuUsage();
  route(f, input);
  const c = process.cpuUsage(c0);
  console.info(String((c.user + c.system) / 1000));
}

const coldMs = (inputsFile: string, index: number, module: string) =>
  Number(
    execFileSync(process.execPath, [process.argv[1] ?? '', '--child', inputsFile, String(index), module], {
      encoding: 'utf8',
    }).trim(),
  );
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number) => Math.round(x * 10) / 10;

async function main() {
  const c = process.argv.indexOf('--child');
  if (c >= 0) return child(process.argv[c + 1] ?? '', Number(process.argv[c + 2]), process.argv[c + 3] ?? '');
  const inputsFile = resolve(arg('--inputs') ?? 'test/unit/leadership/routing-inputs.json');
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as Input[];
  const which = arg('--layouts') ?? '0,9';
  const indices = which === 'all' ? inputs.map((_, i) => i) : which.split(',').map(Number);
  const runs = Number(arg('--runs') ?? 15);
  const beforeRef = arg('--before') ?? 'main';
  mkdirSync('test-output', { recursive: true });
  const baseFile = resolve('test-output', 'movement-base.ts');
  writeFileSync(
    baseFile,
    execFileSync('git', ['show', `${beforeRef}:renderer/leadership/movement.ts`], { encoding: 'utf8' }),
  );
  const branchFile = resolve('renderer/leadership/movement.ts');
  const { movementProblems, routedGeometry } = await import('../e2e/movement-check.ts');
  const [base, branch] = [await load(baseFile), await load(branchFile)];
  const rows = [];
  for (const i of indices) {
    const input = inputs[i];
    if (!input) throw new Error(`no layout ${i}`);
    const times: [number[], number[]] = [[], []];
    for (let k = 0; k < runs; k++) {
      times[0].push(coldMs(inputsFile, i, baseFile));
      times[1].push(coldMs(inputsFile, i, branchFile));
    }
    const a = route(branch, input);
    const b = route(base, input);
    const row = {
      layout: input.layout,
      arrows: input.moves.length,
      coldCpuMsBase: round(median(times[0])),
      coldCpuMsBranch: round(median(times[1])),
      ratio: round(median(times[0]) / median(times[1])),
      sameArrows: JSON.stringify(a) === JSON.stringify(b),
      crossings: a.reduce((n, x) => n + x.crossings, 0),
      problems: movementProblems(routedGeometry(input, a)),
      runsBase: times[0].map(round),
      runsBranch: times[1].map(round),
    };
    rows.push(row);
    console.info(JSON.stringify(row));
  }
  const la = loadavg().map((x) => x.toFixed(2));
  console.info(`base ${beforeRef}, ${runs} runs each, load average ${la.join(' ')}`);
  writeFileSync(
    resolve('test-output', 'bench-routing-cold.json'),
    JSON.stringify({ before: beforeRef, runs, load: la, rows }, null, 2),
  );
}

await main();
