/**
 * `checkImport` of one CSV, a base tree's module and this tree's alternating in one process: CPU (user + sys) per
 * call, and whether the two plans are identical (JSON). Used to measure a change to the checks without the noise of
 * whole child processes on a loaded machine. Not part of `npm test` or `npm run bench`.
 *
 *   node --expose-gc test/bench/check-ab.ts BASE_TREE FILE.csv [ROUNDS]
 *
 * BASE_TREE is a checkout of the base commit (e.g. `git archive BASE | tar -x -C /tmp/base`, with node_modules linked).
 */
import { resolve } from 'node:path';
import type { checkImport } from '../../shared/import/check.ts';
import type { readImportFile as ReadImportFile } from '../../db/import/read.ts';

const [baseTree, file, roundsArg] = process.argv.slice(2);
if (!baseTree || !file)
  throw new Error('usage: node --expose-gc test/bench/check-ab.ts BASE_TREE FILE.csv [ROUNDS]');
const here = resolve(import.meta.dirname, '../..');
type Check = typeof checkImport;
const { readImportFile } = (await import(resolve(baseTree, 'db/import/read.ts'))) as {
  readImportFile: typeof ReadImportFile;
};
const { LGA_KEY } = await import('../../shared/band-key.ts');
const base = ((await import(resolve(baseTree, 'shared/import/check.ts'))) as { checkImport: Check })
  .checkImport;
const branch = ((await import(resolve(here, 'shared/import/check.ts'))) as { checkImport: Check })
  .checkImport;
const f = await readImportFile(file);
const opts = { existingRefs: [], key: LGA_KEY };
const times = { base: [] as number[], branch: [] as number[] };
const plans = { base: '', branch: '' };
const gc = (globalThis as { gc?: () => void }).gc;
for (let i = 0; i < Number(roundsArg ?? 7); i += 1) {
  const order = i % 2 ? (['base', 'branch'] as const) : (['branch', 'base'] as const);
  for (const name of order) {
    gc?.();
    const c0 = process.cpuUsage();
    const plan = (name === 'base' ? base : branch)(f.table, opts);
    const d = process.cpuUsage(c0);
    times[name].push((d.user + d.system) / 1000);
    plans[name] = JSON.stringify(plan);
  }
}
const med = (l: number[]) => ([...l].sort((x, y) => x - y)[Math.floor(l.length / 2)] ?? 0).toFixed(0);
const all = (l: number[]) => l.map((x) => x.toFixed(0)).join(' ');
process.stdout.write(
  `${f.table.rows.length} rows; plans identical: ${plans.base === plans.branch}\n` +
    `median CPU ms: base ${med(times.base)}, branch ${med(times.branch)}\n` +
    `base ${all(times.base)}\nbranch ${all(times.branch)}\n`,
);
