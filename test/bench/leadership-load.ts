/**
 * What the leadership views' load costs the main process: the reads `loadLeadership` sends for travel and overdue
 * reviews, as a base tree asks them (`risks:travel { against: 'review' }`, `reviews:due {}`) and as this tree asks
 * them (`leadershipTravel(key)`, `reviews:due { limit: 0 }`), and the controls' flags (`controls:flags {}`, and
 * `{ omitUnrecorded: true }` since cf10), each through its own tree's handler table and
 * `dispatch` (validation included), alternated in one process on the same register. Per call: wall and CPU
 * (user + sys) of the handler, the answer's size as JSON, and the `structuredClone` of the answer (what Electron's
 * IPC does with it on the way to the window). Not part of `npm test` or `npm run bench`.
 *
 *   node --expose-gc test/bench/leadership-load.ts BASE_TREE REGISTER.sqlite [ROUNDS] [AS_OF]
 *
 * BASE_TREE is a checkout of the base commit with node_modules linked; REGISTER is a copy (it is opened for writing
 * by the session, never written). AS_OF (yyyy-mm-dd) replaces the handlers' today, e.g. a day when every review is
 * overdue.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { createHandlers as CreateHandlers } from '../../db/handlers/index.ts';
import type { RegisterSession as Session } from '../../db/session.ts';
import type { dispatch as Dispatch } from '../../shared/dispatch.ts';
import { leadershipTravel } from '../../renderer/leadership/model.ts';
import type { BandKey } from '../../shared/band-key.ts';

const [baseTree, register, roundsArg, asOf] = process.argv.slice(2);
if (!baseTree || !register)
  throw new Error(
    'usage: node --expose-gc test/bench/leadership-load.ts BASE_TREE REGISTER [ROUNDS] [AS_OF]',
  );
const here = resolve(import.meta.dirname, '../..');
const now = () => (asOf ? new Date(`${asOf}T12:00:00`) : new Date());

async function table(tree: string) {
  const { createHandlers } = (await import(resolve(tree, 'db/handlers/index.ts'))) as {
    createHandlers: typeof CreateHandlers;
  };
  const { RegisterSession } = (await import(resolve(tree, 'db/session.ts'))) as {
    RegisterSession: typeof Session;
  };
  const { dispatch } = (await import(resolve(tree, 'shared/dispatch.ts'))) as { dispatch: typeof Dispatch };
  const { noDialogs } = (await import(resolve(tree, 'db/handlers/deps.ts'))) as {
    noDialogs: Parameters<typeof CreateHandlers>[0]['dialogs'];
  };
  const { trustedPaths } = (await import(resolve(tree, 'db/files/grants.ts'))) as {
    trustedPaths: Parameters<typeof CreateHandlers>[0]['files'];
  };
  const session = new RegisterSession();
  session.open(register as string);
  const handlers = createHandlers({
    session,
    files: trustedPaths,
    now,
    user: () => 'Bench',
    dialogs: noDialogs,
  });
  return (channel: string, input: unknown) => dispatch(handlers, channel, input);
}

const trees = { base: await table(baseTree), branch: await table(here) };
const status = (await trees.branch('register:status', {})) as {
  ok: true;
  value: { settings: { key: BandKey } };
};
const key = status.value.settings.key;
const asks = {
  base: [
    ['risks:travel', { against: 'review' }],
    ['reviews:due', {}],
    ['controls:flags', {}],
  ],
  branch: [
    ['risks:travel', leadershipTravel(key)],
    ['reviews:due', { limit: 0 }],
    ['controls:flags', { omitUnrecorded: true }],
  ],
} as const;

type Row = { wall: number[]; cpu: number[]; clone: number[]; bytes: number; items: number };
const rows = new Map<string, Row>();
const gc = (globalThis as { gc?: () => void }).gc;
const rounds = Number(roundsArg ?? 5);
for (let i = 0; i < rounds; i += 1) {
  const order = i % 2 ? (['base', 'branch'] as const) : (['branch', 'base'] as const);
  for (const name of order) {
    for (const [channel, input] of asks[name]) {
      gc?.();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = (await trees[name](channel, input)) as { ok: boolean; value: unknown };
      const wall = performance.now() - t0;
      const d = process.cpuUsage(c0);
      if (!r.ok) throw new Error(`${name} ${channel}: ${JSON.stringify(r)}`);
      const t1 = performance.now();
      structuredClone(r.value);
      const clone = performance.now() - t1;
      const label = `${name} ${channel} ${JSON.stringify(input)}`;
      const row = rows.get(label) ?? { wall: [], cpu: [], clone: [], bytes: 0, items: 0 };
      row.wall.push(wall);
      row.cpu.push((d.user + d.system) / 1000);
      row.clone.push(clone);
      row.bytes = JSON.stringify(r.value).length;
      const v = r.value as unknown[] | { overdue: unknown[]; dueThisMonth: unknown[] };
      row.items = Array.isArray(v) ? v.length : v.overdue.length + v.dueThisMonth.length;
      rows.set(label, row);
    }
  }
}
const med = (l: number[]) => ([...l].sort((x, y) => x - y)[Math.floor(l.length / 2)] ?? 0).toFixed(1);
for (const [label, r] of rows)
  process.stdout.write(
    `${label}\n  median wall ${med(r.wall)} ms, CPU ${med(r.cpu)} ms, clone ${med(r.clone)} ms; ` +
      `${r.items} items, ${r.bytes.toLocaleString('en-GB')} bytes of JSON\n  wall ${r.wall.map((x) => x.toFixed(0)).join(' ')}\n`,
  );
