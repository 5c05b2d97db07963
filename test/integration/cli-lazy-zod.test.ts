/**
 * The CLI bundle's deferred validators (build.cli.lazy-zod.mjs): the contract bundled with the plugin, as
 * dist/cli/main.mjs holds it, must accept, refuse, default and word its messages exactly as the sources' contract
 * does, on every channel. Generated payloads (seeded): near-valid ones built from each channel's own schema, plus
 * hostile values. Also: importing the bundled contract builds no schema and loads no zod until one is used.
 */
import fc from 'fast-check';
import type { Plugin } from 'esbuild';
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazyZod } from '../../build.cli.lazy-zod.mjs';
import { contract } from '../../shared/contract/index.ts';
import type { Channel } from '../../shared/contract/index.ts';
import { ROOT } from './cli-run.ts';

const SEED = 20261130;
const RUNS = 60;

interface Bundled {
  contract: Record<string, { input: z.ZodType }>;
  zodLoaded: () => boolean;
}

const out = join(ROOT, 'test-output', `cli-lazy-zod-${process.pid}`);
let bundled: Bundled;

beforeAll(async () => {
  await build({
    stdin: {
      // A marker on the stand-in's first load of zod: the bundle's `require('zod')` runs zod's module body.
      contents: `export { contract } from './shared/contract/index.ts';
export const zodLoaded = () => globalThis.__zodEvaluated === true;`,
      resolveDir: ROOT,
      sourcefile: 'contract-entry.ts',
      loader: 'ts',
    },
    outfile: join(out, 'contract.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [
      lazyZod,
      {
        name: 'mark-zod-evaluated',
        setup(b: Parameters<Plugin['setup']>[0]) {
          b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]classic[\\/]external\.js$/ }, async (a) => {
            const { readFile } = await import('node:fs/promises');
            return {
              contents: `globalThis.__zodEvaluated = true;\n${await readFile(a.path, 'utf8')}`,
              loader: 'js',
            };
          });
        },
      },
    ],
  });
  bundled = (await import(pathToFileURL(join(out, 'contract.mjs')).href)) as Bundled;
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
  in?: z.ZodType;
  valueType?: z.ZodType;
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const hostile = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    '',
    ' ',
    0,
    -1,
    1.5,
    6,
    3,
    true,
    [],
    {},
    'SR1',
    'x'.repeat(5000),
    '2026-11-30',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -3, max: 30 }),
  fc.anything({ maxDepth: 2 }),
);

/** A value close to what the schema accepts (fields from its shape, enum values, scores near 1–5). */
function near(s: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const d = defOf(s);
  if (depth > 5) return hostile;
  switch (d.type) {
    case 'object': {
      const fields = Object.fromEntries(
        Object.entries(d.shape ?? {}).map(([k, v]) => [k, near(v, depth + 1)]),
      );
      return fc.oneof(
        { arbitrary: fc.record(fields, { requiredKeys: [] }), weight: 6 },
        { arbitrary: fc.record(fields), weight: 3 },
        {
          arbitrary: fc
            .tuple(fc.record(fields), fc.string({ maxLength: 6 }), hostile)
            .map(([o, k, v]) => ({ ...o, [k]: v })),
          weight: 1,
        },
      );
    }
    case 'string':
      return fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('SR4', ' SR4 ', 'a/b', '2026-11-30', ''),
        hostile,
      );
    case 'number':
    case 'int':
    case 'custom':
      return fc.oneof(fc.integer({ min: -1, max: 7 }), fc.double({ min: -2, max: 30 }), hostile);
    case 'boolean':
      return fc.oneof(fc.boolean(), hostile);
    case 'enum':
      return fc.oneof(fc.constantFrom(...Object.values(d.entries ?? { a: 'a' })), hostile);
    case 'literal':
      return fc.oneof(fc.constantFrom(...(d.values ?? [null])), hostile);
    case 'array':
      return fc.array(d.element ? near(d.element, depth + 1) : hostile, { maxLength: 4 });
    case 'record':
      return fc.dictionary(
        fc.string({ maxLength: 6 }),
        d.valueType ? near(d.valueType, depth + 1) : hostile,
        {
          maxKeys: 3,
        },
      );
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return fc.oneof(near(d.innerType as z.ZodType, depth), fc.constantFrom(undefined, null));
    case 'union':
      return fc.oneof(...(d.options ?? []).map((o) => near(o, depth + 1)));
    case 'pipe':
      return d.in ? near(d.in, depth) : hostile;
    default:
      return hostile;
  }
}

/** What a caller sees of a parse: the value, or each issue's code, path and message. */
function outcome(schema: z.ZodType, input: unknown): unknown {
  let r: z.ZodSafeParseResult<unknown>;
  try {
    r = schema.safeParse(input);
  } catch (e) {
    return { threw: String(e) };
  }
  if (r.success) return { ok: r.data };
  return {
    issues: r.error.issues.map((i) => ({ code: i.code, path: i.path.map(String), message: i.message })),
  };
}

describe('the CLI bundle validates exactly as the sources do', () => {
  it('imports the bundled contract without loading zod or building a schema', () => {
    expect(Object.keys(bundled.contract).sort()).toEqual(Object.keys(contract).sort());
    expect(bundled.zodLoaded()).toBe(false);
  });

  it('gives the same answer as the sources for every channel and generated payload', () => {
    const channels = Object.keys(contract) as Channel[];
    let compared = 0;
    for (const [i, channel] of channels.entries()) {
      const source = contract[channel].input as z.ZodType;
      const lazy = bundled.contract[channel]?.input;
      expect(lazy, channel).toBeDefined();
      const inputs = [undefined, {}, null, ...fc.sample(near(source), { seed: SEED + i, numRuns: RUNS })];
      for (const input of inputs) {
        expect(
          outcome(lazy as z.ZodType, input),
          `${channel} ${JSON.stringify(input)?.slice(0, 200)}`,
        ).toEqual(outcome(source, input));
        compared += 1;
      }
    }
    expect(bundled.zodLoaded()).toBe(true);
    expect(compared).toBeGreaterThan(channels.length * RUNS);
  });
});
