/**
 * Proof at the door: thousands of generated payloads on every channel of the contract (iterated from `contract`,
 * so a new channel is covered without touching this file) go through `dispatch` into the real handler table over a
 * real SQLite register. Payloads mix hostile values (BigInt, cycles, deep nesting, Maps, typed arrays, Dates, sparse
 * arrays, huge text, `__proto__` keys, lone surrogates) with near-valid ones derived from each channel's own schema
 * (real ids and refs, scores just inside and outside 1–5, one field wrong). Afterwards: no untyped or INTERNAL error,
 * no invalid row, SQLite's integrity check ok, and the history intact with the risks matching it.
 *
 * Paths in payloads are kept inside a temporary folder (a `path` field is re-rooted there), so nothing is written
 * anywhere else; there is no renderPdf, so PDF requests are refused.
 */
import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract/index.ts';
import type { Channel } from '../../../shared/contract/index.ts';
import { dispatch, setInternalErrorLog } from '../../../shared/dispatch.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { checkChain } from '../../../db/audit.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

/** Payloads per channel (≥ 1,000 in all is the promise; this sends RUNS × every channel). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

const CODES: readonly ErrorCode[] = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'DUPLICATE',
  'NO_REGISTER',
  'NOT_A_REGISTER',
  'FUTURE_VERSION',
  'READ_ONLY',
  'CANCELLED',
  'IO',
  'FORBIDDEN',
  'BUSY',
  'DAMAGED',
  'DISK_FULL',
  'PERMISSION_DENIED',
];

let tmp: TempDir;
let app: App;
let mainPath: string;
/** Real ids and refs from the register, so near-valid payloads reach the handlers' own checks. */
const pool = { ids: [] as string[], refs: [] as string[], names: [] as string[] };

beforeAll(async () => {
  tmp = makeTempDir('rr-fuzz-');
  app = makeApp();
  mainPath = tmp.file('fuzz.riskreg');
  mkdirSync(join(tmp.dir, 'out'));
  await app.ok('register:create', { path: mainPath, sample: true });
  const risks = await app.ok('risks:list', { includeArchived: true });
  const categories = await app.ok('categories:list', {});
  const owners = await app.ok('owners:list', {});
  const action = await app.ok('actions:create', {
    riskId: risks[0]?.id ?? '',
    text: 'Quarterly check',
  } as never);
  pool.ids = [
    ...risks.map((r) => r.id),
    ...categories.map((c) => c.id),
    ...owners.map((o) => o.id),
    action.id,
  ];
  pool.refs = risks.map((r) => r.ref);
  pool.names = [...categories.map((c) => c.name), ...owners.map((o) => o.initials)];
});
afterAll(() => {
  app.close();
  tmp.cleanup();
});

// ── Hostile values ─────────────────────────────────────────────────────────────────────────────────────────

const HUGE = 'x'.repeat(30_000_001);

function cyclic(): unknown {
  const o: Record<string, unknown> = { id: 'a', version: 1 };
  o.loop = { back: o };
  return o;
}
function deep(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i += 1) v = i % 2 ? [v] : { v };
  return v;
}
function sparse(): unknown[] {
  const a: unknown[] = [];
  a[3] = 'SR4';
  return a;
}

const oddLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.bigInt(),
  fc.constant(NaN),
  fc.constant(Infinity),
  fc.constant(-0),
  fc.date().map((d) => d as unknown),
  fc.constant(new Map([['a', 1]])),
  fc.constant(new Set([1])),
  fc.uint8Array({ maxLength: 8 }),
  fc.constant(new Float64Array(2)),
  fc.constant(sparse()),
  fc.constant(HUGE),
  fc.constant('broken \uD800 text'),
  fc.constant('\uDC00'),
  fc.constant('=HYPERLINK("http://x")'),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.nat({ max: 3 }).map(() => cyclic()),
  fc.integer({ min: 20, max: 5000 }).map(deep),
);

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
      withUnicodeString: true,
    }),
    weight: 2,
  },
  { arbitrary: oddLeaf, weight: 2 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), oddLeaf, { maxKeys: 4 }), weight: 2 },
);

// ── Near-valid values from the schema ────────────────────────────────────────────────────────────────────────

const text = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      ...['', ' ', 'SR4', 'Finance', 'A council risk', 'x'.repeat(2001), 'x'.repeat(10_001)],
    ),
    weight: 2,
  },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }), weight: 1 },
  {
    arbitrary: fc.constantFrom('2026-03-31', '2026-02-30', '31/03/2026', '2026-04-01T09:00:00.000Z'),
    weight: 1,
  },
  { arbitrary: fc.constantFrom('csv', 'xlsx', 'pdf', 'current', 'inherent', 'target', 'monthly'), weight: 1 },
);
const realIds = () => fc.constantFrom(...pool.ids, 'no-such-id');
const realRefs = () => fc.constantFrom(...pool.refs, 'SR999');
const realNames = () => fc.constantFrom(...pool.names);
const number = fc.oneof(
  { arbitrary: fc.integer({ min: -1, max: 7 }), weight: 6 },
  { arbitrary: fc.constantFrom(2.5, 1e9, -1e9, 25, 26, 0), weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
);

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
  in?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  catchall?: z.ZodType;
  items?: z.ZodType[];
};

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** A value close to what the schema accepts; `key` is the field name it sits under (ids and refs get real ones). */
function near(s: z.ZodType, key: string, depth = 0): fc.Arbitrary<unknown> {
  const d = defOf(s);
  if (depth > 6) return fc.constant(null);
  switch (d.type) {
    case 'object': {
      const shape = d.shape ?? {};
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, near(v, k, depth + 1)]));
      return fc.record(fields, { requiredKeys: [] }).chain((o) =>
        fc.oneof(
          { arbitrary: fc.constant(o), weight: 8 },
          // one extra or wrong-typed field
          {
            arbitrary: fc.tuple(fc.string({ maxLength: 8 }), hostile).map(([k, v]) => ({ ...o, [k]: v })),
            weight: 1,
          },
          {
            arbitrary: fc
              .tuple(fc.constantFrom(...(Object.keys(shape).length ? Object.keys(shape) : ['x'])), hostile)
              .map(([k, v]) => ({ ...o, [k]: v })),
            weight: 1,
          },
        ),
      );
    }
    case 'string':
      if (/(^|[A-Z_])id$|Id$|^ids?$/i.test(key) || key === 'fromId' || key === 'intoId')
        return fc.oneof(realIds(), text);
      if (key === 'ref') return fc.oneof(realRefs(), text);
      if (/name|initials|category|owner/i.test(key)) return fc.oneof(realNames(), text);
      return text;
    case 'number':
    case 'int':
      return key === 'version' ? fc.oneof(fc.integer({ min: 0, max: 4 }), number) : number;
    case 'boolean':
      return fc.oneof(
        { arbitrary: fc.boolean(), weight: 5 },
        { arbitrary: fc.constantFrom('true', 0, 1, null), weight: 1 },
      );
    case 'enum':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...Object.values(d.entries ?? { a: 'a' })), weight: 5 },
        { arbitrary: text, weight: 1 },
      );
    case 'literal':
      return fc.constantFrom(...(d.values ?? [null]));
    case 'array':
      return fc.array(d.element ? near(d.element, key, depth + 1) : hostile, { maxLength: 5 });
    case 'tuple':
      return fc.tuple(...(d.items ?? []).map((i) => near(i, key, depth + 1)));
    case 'record':
      return fc.dictionary(text, d.valueType ? near(d.valueType, key, depth + 1) : hostile, { maxKeys: 4 });
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.oneof(
        { arbitrary: near(d.innerType as z.ZodType, key, depth), weight: 4 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      );
    case 'nullable':
      return fc.oneof(
        { arbitrary: near(d.innerType as z.ZodType, key, depth), weight: 4 },
        { arbitrary: fc.constant(null), weight: 1 },
      );
    case 'readonly':
    case 'catch':
    case 'nonoptional':
    case 'lazy':
      return d.innerType ? near(d.innerType, key, depth) : hostile;
    case 'union':
      return fc.oneof(...(d.options ?? []).map((o) => near(o, key, depth + 1)));
    case 'pipe':
      return d.in ? near(d.in, key, depth) : hostile;
    case 'custom':
      // the score fields: whole numbers 1–5 and their near misses
      return number;
    case 'null':
      return fc.constant(null);
    default:
      return hostile;
  }
}

/**
 * Every `path` field is re-rooted in the temporary folder, so the run writes nothing anywhere else: in plain and
 * null-prototype objects and in lists, at any depth (other kinds of object never get past the door).
 */
function contain(v: unknown, depth = 0): unknown {
  if (depth > 40 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    v.forEach((item) => contain(item, depth + 1));
    return v;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return v;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const desc = Object.getOwnPropertyDescriptor(o, k);
    if (!desc || !('value' in desc) || !desc.writable) continue;
    const value: unknown = desc.value;
    if (k === 'path' && typeof value === 'string') {
      const name =
        value
          .replace(/[/\\:\0]/g, '_')
          .replace(/^\.+/, '_')
          .slice(0, 80) || 'empty';
      o[k] = join(tmp.dir, 'out', name);
    } else {
      contain(value, depth + 1);
    }
  }
  return v;
}

/** True when a plain `path` string outside the temporary folder is left (a bug in `contain`: skip the call). */
function escapes(v: unknown, depth = 0): boolean {
  if (depth > 40 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((item) => escapes(item, depth + 1));
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.keys(v).some((k) => {
    const desc = Object.getOwnPropertyDescriptor(v, k);
    const value: unknown = desc && 'value' in desc ? desc.value : undefined;
    return k === 'path' && typeof value === 'string'
      ? !value.startsWith(join(tmp.dir, 'out') + '/')
      : escapes(value, depth + 1);
  });
}

function payloads(c: Channel): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: near(contract[c].input as z.ZodType, ''), weight: 4 },
    { arbitrary: hostile, weight: 1 },
  );
}

// ── The invariants ────────────────────────────────────────────────────────────────────────────────────────

function invalidRows(): unknown[] {
  const db = app.session.db;
  return [
    ...db
      .prepare(
        `SELECT ref, impact, likelihood, inherent_impact, inherent_likelihood, target_impact, target_likelihood FROM risks
          WHERE impact NOT BETWEEN 1 AND 5 OR likelihood NOT BETWEEN 1 AND 5
             OR impact IS NULL OR likelihood IS NULL
             OR (inherent_impact IS NULL) <> (inherent_likelihood IS NULL)
             OR (target_impact IS NULL) <> (target_likelihood IS NULL)
             OR inherent_impact NOT BETWEEN 1 AND 5 OR inherent_likelihood NOT BETWEEN 1 AND 5
             OR target_impact NOT BETWEEN 1 AND 5 OR target_likelihood NOT BETWEEN 1 AND 5
             OR typeof(impact) <> 'integer' OR typeof(likelihood) <> 'integer'
             OR trim(ref) = '' OR trim(description) = ''`,
      )
      .all(),
    ...db.prepare('SELECT ref, COUNT(*) AS n FROM risks GROUP BY ref HAVING n > 1').all(),
    ...db
      .prepare('SELECT lower(name) AS name, COUNT(*) AS n FROM categories GROUP BY lower(name) HAVING n > 1')
      .all(),
    ...(db.pragma('foreign_key_check') as unknown[]),
  ];
}

describe('every channel, generated payloads, the real handler table', () => {
  it(
    `${RUNS} payloads × every channel: only typed errors, valid rows, integrity ok, history intact`,
    { timeout: 900_000 },
    async () => {
      const only = process.env.FUZZ_CHANNELS?.split(',');
      const channels = (Object.keys(contract) as Channel[]).filter((c) => !only || only.includes(c));
      if (!only) expect(channels.length).toBeGreaterThan(60);
      // The detail of an unexpected error goes to the log, not the window: keep it for the report.
      let lastInternal = '';
      const restore = setInternalErrorLog((_ref, e) => {
        lastInternal =
          e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 4).join(' | ') : String(e);
      });
      const untyped: { channel: string; payload: string; error: unknown; detail: string }[] = [];
      const seen = new Map<string, number>();
      let calls = 0;
      const started = Date.now();
      const cpuStart = process.cpuUsage();
      const perChannel: [string, number][] = [];
      for (const c of channels) {
        const t0 = Date.now();
        await fc.assert(
          fc.asyncProperty(payloads(c), async (raw) => {
            const payload = contain(raw);
            if (escapes(payload))
              throw new Error(`a path escaped the temporary folder: ${fc.stringify(raw)}`);
            const result = await dispatch(app.handlers, c, payload);
            calls += 1;
            if (!result.ok) {
              const code = result.error.code;
              seen.set(code, (seen.get(code) ?? 0) + 1);
              if (
                !CODES.includes(code) ||
                typeof result.error.message !== 'string' ||
                !result.error.message
              ) {
                untyped.push({
                  channel: c,
                  payload: fc.stringify(raw).slice(0, 300),
                  error: result.error,
                  detail: lastInternal,
                });
              }
            }
            // A channel that opens or creates another register: back to the one under test.
            if (app.session.path !== mainPath) app.session.open(mainPath);
            return true;
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
        perChannel.push([c, Date.now() - t0]);
      }
      if (process.env.FUZZ_PROFILE) console.log(perChannel.sort((a, b) => b[1] - a[1]).slice(0, 15));
      setInternalErrorLog(restore);
      const seconds = (Date.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      console.log(
        `fuzz: ${calls} calls on ${channels.length} channels in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of CPU); errors by code ${JSON.stringify(Object.fromEntries(seen))}`,
      );
      expect(untyped.slice(0, 5)).toEqual([]);
      expect(invalidRows()).toEqual([]);
      expect(app.session.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const chain = checkChain(app.session.db);
      expect(chain.message).toMatch(/^History intact/);
    },
  );
});
