/**
 * Benchmark of the register's main paths on real SQLite files: `npm run bench [dataset…]`.
 * Datasets: lga-19 (the shipped sample), synthetic-1k, synthetic-100k (generated risks, one transaction).
 * Prints figures in milliseconds; never asserts on wall time. Runs under Node 24 type stripping.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Channel, Handlers, InputOf, OutputOf } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type { RiskSummary } from '../../shared/risk-view.ts';
import { summariseRisk } from '../../shared/risk-view.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import { trustedPaths } from '../../db/files/grants.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { verifyHistory } from '../../db/history.ts';
import { createRisk } from '../../db/risk-writes.ts';
import { RegisterSession } from '../../db/session.ts';

interface Dataset {
  name: string;
  /** Synthetic risks to generate; null for the LGA sample. */
  risks: number | null;
  /** Runs of each read-only step; the median is reported. */
  repeats: number;
}

const DATASETS: readonly Dataset[] = [
  { name: 'lga-19', risks: null, repeats: 7 },
  { name: 'synthetic-1k', risks: 1_000, repeats: 7 },
  { name: 'synthetic-100k', risks: 100_000, repeats: 3 },
];

interface Figures {
  dataset: string;
  risks: number;
  history: number;
  fileMb: number;
  create: number;
  /** Closing the writer after the fill: SQLite checkpoints the WAL into the file. */
  close: number;
  open: number;
  list: number;
  summarise: number;
  filter: number;
  matches: number;
  update: number;
  /** After the update: what a window reads today on `register-changed` (the whole list and its travel)… */
  reloadList: number;
  reloadTravel: number;
  /** …and what it reads now: the revision's changes, and the travel of the changed risks only. */
  changes: number;
  changesRisks: number;
  travelIds: number;
  verify: number;
  /** Peak resident memory of the process so far (MB). */
  peakRssMb: number;
}

/** Small, seedable PRNG (mulberry32) so every run generates the same register. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = [
  'Effectiveness',
  'Reputation',
  'Membership',
  'Resource management',
  'Organisation',
  'Finance',
  'Climate',
  'Safeguarding',
];
const WORDS = (
  'council budget funding grant pension property contract supplier staff skills data cyber attack fraud ' +
  'flood housing social care demand inflation election government policy partner audit failure delay ' +
  'reputation service income loss legal challenge capacity system outage market transition'
).split(' ');
const OWNERS = Array.from(
  { length: 40 },
  (_, k) => String.fromCharCode(65 + (k % 26)) + String.fromCharCode(65 + ((k * 7) % 26)),
);

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

function sentence(rnd: () => number, words: number): string {
  const out = Array.from({ length: words }, () => pick(rnd, WORDS));
  const first = out[0] ?? 'risk';
  out[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${out.join(' ')}.`;
}

function score(rnd: () => number): ScoreValue {
  return (1 + Math.floor(rnd() * 5)) as ScoreValue;
}

function ms(start: number): number {
  return performance.now() - start;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Time `fn` `repeats` times; return the median and the last result. */
function timed<T>(repeats: number, fn: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value = fn();
  for (let k = 0; k < repeats; k += 1) {
    const t = performance.now();
    value = fn();
    times.push(ms(t));
  }
  return { ms: median(times), value };
}

async function timedAsync<T>(repeats: number, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value = await fn();
  for (let k = 0; k < repeats; k += 1) {
    const t = performance.now();
    value = await fn();
    times.push(ms(t));
  }
  return { ms: median(times), value };
}

function makeHost(): { session: RegisterSession; handlers: Handlers } {
  const session = new RegisterSession();
  const handlers = createHandlers({
    files: trustedPaths,
    session,
    now: () => new Date(),
    user: () => 'Benchmark',
    dialogs: noDialogs,
  });
  return { session, handlers };
}

async function call<C extends Channel>(
  handlers: Handlers,
  channel: C,
  input: InputOf<C>,
): Promise<OutputOf<C>> {
  const r = await dispatch(handlers, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as OutputOf<C>;
}

function insertSynthetic(session: RegisterSession, count: number): void {
  const db = session.writable();
  const rnd = random(20190401);
  const ctx = { now: new Date().toISOString(), by: 'Benchmark' };
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const owners = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(rnd, OWNERS)))];
      const withTarget = rnd() < 0.5;
      createRisk(
        db,
        {
          ref: `SR${i + 1}`,
          category: pick(rnd, CATEGORIES),
          description: sentence(rnd, 12 + Math.floor(rnd() * 12)),
          impact: score(rnd),
          likelihood: score(rnd),
          inherent: { impact: score(rnd), likelihood: score(rnd) },
          target: withTarget ? { impact: score(rnd), likelihood: score(rnd) } : null,
          mitigation: sentence(rnd, 20 + Math.floor(rnd() * 30)),
          owners,
          reason: 'Generated for the benchmark',
        },
        ctx,
        'import',
      );
    }
  })();
}

async function runDataset(ds: Dataset, dir: string): Promise<Figures> {
  const path = join(dir, `${ds.name}.riskreg`);
  let host = makeHost();

  // Create (and fill) the register.
  let t = performance.now();
  await call(host.handlers, 'register:create', { path, sample: ds.risks === null });
  if (ds.risks !== null) insertSynthetic(host.session, ds.risks);
  const create = ms(t);
  t = performance.now();
  host.session.close();
  const close = ms(t);

  // Open it as the app does after a restart.
  host = makeHost();
  t = performance.now();
  const status = await call(host.handlers, 'register:open', { path });
  const open = ms(t);
  const key = status.settings.key;

  try {
    const list = await timedAsync(ds.repeats, () => call(host.handlers, 'risks:list', {}));
    const risks: RiskRecord[] = list.value;
    const summarise = timed(ds.repeats, () => risks.map((r) => summariseRisk(r, key)));
    const summaries: RiskSummary[] = summarise.value;
    // What a user does in the table: show Amber and Red only, then type a word in the search box.
    const bands = new Set(['Amber', 'Red']);
    const term = 'fund';
    const filter = timed(ds.repeats, () =>
      summaries.filter(
        (s) =>
          s.band !== null &&
          bands.has(s.band) &&
          `${s.ref} ${s.description} ${s.mitigation} ${s.owners.join(' ')}`.toLowerCase().includes(term),
      ),
    );

    const target = risks[Math.floor(risks.length / 2)];
    if (!target) throw new Error(`${ds.name} has no risks`);
    t = performance.now();
    await call(host.handlers, 'risks:update-score', {
      id: target.id,
      version: target.version,
      impact: target.impact === 5 ? 4 : 5,
      likelihood: target.likelihood,
      reason: 'Benchmark update',
    });
    const update = ms(t);

    // Another window refreshing after that update: before, the whole list and the travel of every risk…
    const before = await timedAsync(ds.repeats, () => call(host.handlers, 'risks:list-with-revision', {}));
    const reloadTravel = await timedAsync(ds.repeats, () => call(host.handlers, 'risks:travel', {}));
    // …after: only what changed since the revision it last read (the one before the update).
    const since = before.value.revision - 1;
    const changes = await timedAsync(ds.repeats, () =>
      call(host.handlers, 'risks:changes', { sinceRevision: since }),
    );
    if (changes.value.full) throw new Error(`${ds.name}: one update asked for a full reload`);
    const travelIds = await timedAsync(ds.repeats, () =>
      call(host.handlers, 'risks:travel', { ids: changes.value.risks.map((r) => r.id) }),
    );

    const verify = timed(ds.repeats, () => verifyHistory(host.session.db));
    if (!verify.value.ok) throw new Error(`${ds.name}: history chain broken: ${verify.value.problem}`);

    host.session.close();
    return {
      dataset: ds.name,
      risks: risks.length,
      history: verify.value.entries,
      fileMb: statSync(path).size / 1_048_576,
      create,
      close,
      open,
      list: list.ms,
      summarise: summarise.ms,
      filter: filter.ms,
      matches: filter.value.length,
      update,
      reloadList: before.ms,
      reloadTravel: reloadTravel.ms,
      changes: changes.ms,
      changesRisks: changes.value.risks.length,
      travelIds: travelIds.ms,
      verify: verify.ms,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    host.session.close();
  }
}

function printTable(rows: Figures[]): void {
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  const columns: [string, (r: Figures) => string][] = [
    ['dataset', (r) => r.dataset],
    ['risks', (r) => String(r.risks)],
    ['history', (r) => String(r.history)],
    ['file MB', (r) => r.fileMb.toFixed(2)],
    ['create/insert', (r) => f(r.create)],
    ['close', (r) => f(r.close)],
    ['open', (r) => f(r.open)],
    ['risks:list', (r) => f(r.list)],
    ['summarise', (r) => f(r.summarise)],
    ['filter+search', (r) => `${f(r.filter)} (${r.matches})`],
    ['update-score', (r) => f(r.update)],
    ['reload list', (r) => f(r.reloadList)],
    ['reload travel', (r) => f(r.reloadTravel)],
    ['risks:changes', (r) => `${f(r.changes)} (${r.changesRisks})`],
    ['travel ids', (r) => f(r.travelIds)],
    ['verifyHistory', (r) => f(r.verify)],
    ['peak RSS MB', (r) => r.peakRssMb.toFixed(0)],
  ];
  const cells = [columns.map(([h]) => h), ...rows.map((r) => columns.map(([, get]) => get(r)))];
  const widths = columns.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  console.log(line(cells[0] ?? []));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !DATASETS.some((d) => d.name === w));
  if (unknown.length) {
    console.error(
      `Unknown dataset: ${unknown.join(', ')}. Choose from ${DATASETS.map((d) => d.name).join(', ')}.`,
    );
    process.exitCode = 2;
    return;
  }
  const chosen = wanted.length ? DATASETS.filter((d) => wanted.includes(d.name)) : DATASETS;
  const dir = mkdtempSync(join(tmpdir(), 'rr-bench-'));
  const rows: Figures[] = [];
  try {
    for (const ds of chosen) {
      process.stderr.write(`${ds.name}…\n`);
      rows.push(await runDataset(ds, dir));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Risk Register benchmark, Node ${process.versions.node}, times in ms`);
  console.log('(read-only steps: median of repeated runs; create, open and update-score: one run)');
  console.log('');
  printTable(rows);
}

await main();
