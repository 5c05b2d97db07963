// The command line's start-up without building every validator (issue 14, "CLI start ≤ 0.15 s"): an esbuild plugin
// for build.cli.mjs, kept in its own file so a test can bundle the contract with it and compare it with the sources.
//
// The contract (shared/contract/*.ts, shared/escalation.ts) builds ~700 zod schemas at module scope, and loading
// zod itself costs about as much again; a command uses a handful of channels. In the bundle, `import { z } from
// 'zod'` gets a stand-in whose factories (z.object, z.string …) and chained methods (.min, .optional, .strict …)
// record the call and build the real schema on first use (parse, safeParse, or any other property). Real zod is
// then required on first use too, with its English messages only (the bundle carries no other locale).
// The sources, the app and the tests use zod as it is; only dist/cli/main.mjs holds this stand-in.

/** zod's functions that return a new schema and are called at module scope by our sources. */
const FACTORIES = [
  'any',
  'array',
  'boolean',
  'custom',
  'discriminatedUnion',
  'enum',
  'int',
  'lazy',
  'literal',
  'looseObject',
  'never',
  'null',
  'nullable',
  'number',
  'object',
  'optional',
  'record',
  'strictObject',
  'string',
  'tuple',
  'undefined',
  'union',
  'unknown',
];

/** A schema's methods that return a new schema (any other property builds the schema and reads the real one). */
const CHAIN = [
  'and',
  'array',
  'brand',
  'catch',
  'catchall',
  'check',
  'default',
  'describe',
  'email',
  'endsWith',
  'extend',
  'finite',
  'gt',
  'gte',
  'includes',
  'int',
  'length',
  'lt',
  'lte',
  'max',
  'merge',
  'meta',
  'min',
  'multipleOf',
  'negative',
  'nonempty',
  'nonnegative',
  'nonpositive',
  'nullable',
  'nullish',
  'omit',
  'optional',
  'or',
  'overwrite',
  'partial',
  'passthrough',
  'pick',
  'pipe',
  'positive',
  'prefault',
  'readonly',
  'refine',
  'regex',
  'required',
  'safe',
  'startsWith',
  'strict',
  'strip',
  'superRefine',
  'toLowerCase',
  'toUpperCase',
  'transform',
  'trim',
  'url',
  'uuid',
];

const LAZY_ZOD = `
let real;
const zod = () => (real ??= __zodReal().z);
const FACTORIES = new Set(${JSON.stringify(FACTORIES)});
const CHAIN = new Set(${JSON.stringify(CHAIN)});
/** Each stand-in's builder; a WeakMap, so recognising a stand-in never runs one of its traps. */
const builders = new WeakMap();
const isPlain = (v) => {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
};
/** An argument with every stand-in in it (a shape, an array of options) replaced by its real schema. */
function unwrap(v) {
  const build = builders.get(v);
  if (build) return build();
  if (Array.isArray(v)) {
    const out = v.map(unwrap);
    return out.some((x, i) => x !== v[i]) ? out : v;
  }
  if (isPlain(v)) {
    let changed = false;
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = unwrap(x);
      if (out[k] !== x) changed = true;
    }
    return changed ? out : v;
  }
  return v;
}
function lazy(make) {
  let built;
  const build = () => (built ??= make());
  const proxy = new Proxy(
    {},
    {
      get(_t, k) {
        if (built === undefined && typeof k === 'string' && CHAIN.has(k)) {
          return (...args) => lazy(() => build()[k](...args.map(unwrap)));
        }
        const s = build();
        const v = Reflect.get(s, k, s);
        return typeof v === 'function' ? v.bind(s) : v;
      },
      set: (_t, k, v) => Reflect.set(build(), k, v),
      has: (_t, k) => k in build(),
      ownKeys: () => Reflect.ownKeys(build()),
      getOwnPropertyDescriptor(_t, k) {
        const d = Reflect.getOwnPropertyDescriptor(build(), k);
        return d && { ...d, configurable: true };
      },
      getPrototypeOf: () => Object.getPrototypeOf(build()),
    },
  );
  builders.set(proxy, build);
  return proxy;
}
export const z = new Proxy(
  {},
  {
    get(_t, k) {
      if (typeof k === 'string' && FACTORIES.has(k)) return (...args) => lazy(() => zod()[k](...args.map(unwrap)));
      return zod()[k];
    },
    has: (_t, k) => k in zod(),
  },
);
`;

/**
 * `import { z } from 'zod'` → the stand-in above; real zod is bundled behind `require`, which esbuild evaluates
 * on the first call, and its locale list is English only.
 */
export const lazyZod = {
  name: 'lazy-zod',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, (a) => {
      if (a.pluginData?.real) return undefined;
      // The stand-in's own `require('zod')`: zod's ES module build (as the sources import it), not its CommonJS one.
      if (a.namespace === 'lazy-zod') {
        return b.resolve('zod', {
          kind: 'import-statement',
          resolveDir: a.resolveDir,
          pluginData: { real: true },
        });
      }
      return { path: 'zod', namespace: 'lazy-zod' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-zod' }, () => ({
      loader: 'js',
      resolveDir: process.cwd(),
      contents: `const __zodReal = () => require('zod');\n${LAZY_ZOD}`,
    }));
    // zod re-exports every locale (`z.locales`, ~40 files); the sources use the default, English.
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) =>
      /[\\/]zod[\\/]/.test(a.importer) ? { path: 'zod-locales', namespace: 'zod-english' } : undefined,
    );
    // zod builds a JSON Schema reader (`z.fromJSONSchema`: keyword tables, regular expressions) when it loads; the
    // sources never call it. In the bundle it is a function that says so.
    b.onResolve({ filter: /^\.\/from-json-schema\.js$/ }, (a) =>
      /[\\/]zod[\\/]v4[\\/]classic[\\/]/.test(a.importer)
        ? { path: 'from-json-schema', namespace: 'zod-no-json-schema' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-no-json-schema' }, () => ({
      loader: 'js',
      contents:
        "export function fromJSONSchema() { throw new Error('z.fromJSONSchema is not in the command line bundle (build.cli.lazy-zod.mjs).'); }",
    }));
    b.onLoad({ filter: /.*/, namespace: 'zod-english' }, () => ({
      loader: 'js',
      resolveDir: process.cwd(),
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
    }));
  },
};
