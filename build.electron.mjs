// Bundles the Electron shell with esbuild:
//   electron/main.ts    → dist/electron/main.cjs    (Node, CommonJS; electron and better-sqlite3 stay external)
//   electron/preload.ts → dist/electron/preload.cjs (one self-contained CommonJS file that requires only 'electron',
//                                                     as a sandboxed preload can require nothing else)
// Usage: node build.electron.mjs [--outdir <dir>]
import { build } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist/electron' } } });
const outdir = values.outdir;

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  // electron/ avoids import.meta; if a bundled module ever uses it, fail rather than ship an empty value.
  define: { 'import.meta.url': '__import_meta_url_is_not_available_in_the_electron_bundle__' },
};

/**
 * pg (bundled into main for the team register) offers an optional native client through `require('pg-native')`,
 * asked for only when code reads `pg.native`, which ours never does. The app ships the pure JavaScript client, so
 * that name resolves to a stub that fails the way a missing module does, and main requires nothing but electron,
 * better-sqlite3 and Node's own modules.
 */
const noPgNative = {
  name: 'no-pg-native',
  setup(b) {
    b.onResolve({ filter: /^pg-native$/ }, () => ({ path: 'pg-native', namespace: 'no-pg-native' }));
    b.onLoad({ filter: /.*/, namespace: 'no-pg-native' }, () => ({
      contents:
        "const e = new Error('pg-native is not shipped: the app uses the pure JavaScript PostgreSQL client.'); e.code = 'MODULE_NOT_FOUND'; throw e;",
      loader: 'js',
    }));
  },
};

const targets = [
  {
    entry: 'electron/main.ts',
    out: 'main.cjs',
    external: ['electron', 'better-sqlite3'],
    plugins: [noPgNative],
    allowed: null,
    minify: false,
  },
  {
    entry: 'db/work/worker.ts',
    out: 'worker.cjs',
    external: ['better-sqlite3'],
    allowed: null,
    minify: false,
  },
  {
    entry: 'electron/preload.ts',
    out: 'preload.cjs',
    external: ['electron'],
    allowed: ['electron'],
    minify: true,
  },
];

/** Every module name a CommonJS bundle passes to require("…"). */
function requiredModules(code) {
  return [...new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))].sort();
}

const problems = [];
for (const t of targets) {
  const outfile = join(outdir, t.out);
  const result = await build({
    ...common,
    entryPoints: [t.entry],
    outfile,
    external: t.external,
    plugins: t.plugins ?? [],
    minify: t.minify,
  });
  for (const w of result.warnings) problems.push(`${t.entry}: ${w.text}`);
  const code = readFileSync(outfile, 'utf8');
  if (code.includes('__import_meta_url_is_not_available_in_the_electron_bundle__')) {
    problems.push(`${t.entry}: a bundled module uses import.meta.url, which is empty in CommonJS.`);
  }
  const required = requiredModules(code);
  if (t.allowed) {
    const extra = required.filter((name) => !t.allowed.includes(name));
    if (extra.length > 0)
      problems.push(`${t.out} may require only ${t.allowed.join(', ')}; it requires ${extra.join(', ')}.`);
  }
  const kb = (statSync(outfile).size / 1024).toFixed(0);
  console.log(`${relative('.', outfile)}  ${kb} KiB  requires: ${required.join(', ') || '(nothing)'}`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`build.electron: ${p}`);
  process.exit(1);
}
