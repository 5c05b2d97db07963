// Bundles the command line (`risk-register`) with esbuild, so it starts without loading and type-stripping ~150
// TypeScript modules:
//   db/cli/main.ts → dist/cli/main.mjs (ESM; better-sqlite3 and playwright-core stay external, exceljs is loaded on
//                                       first use, zod and each validator too: build.cli.lazy-zod.mjs) and
//                                       dist/cli/inputs.json (the sources it was built from).
// db/cli/bin.js runs the bundle when it is newer than every source it was built from, else the TypeScript sources,
// so an edited source is never shadowed by a stale bundle. Run by `npm install` (prepare) and `npm run build:cli`.
// Usage: node build.cli.mjs [--outdir <dir>]
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lazyZod } from './build.cli.lazy-zod.mjs';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist/cli' } } });
const outdir = values.outdir;

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  // A production install without dev dependencies: the CLI runs from its TypeScript sources instead.
  console.log('build.cli: esbuild is not installed; risk-register will run from its TypeScript sources.');
  process.exit(0);
}

/**
 * exceljs takes about half a second to load (its zip, stream and polyfill dependencies), and most commands never
 * touch a spreadsheet. In the bundle, `import ExcelJS from 'exceljs'` gets an object that requires the package on
 * the first property read. `ValueType` (an enum read at module scope by the XLSX reader) is itself deferred.
 */
const lazyExcel = {
  name: 'lazy-exceljs',
  setup(b) {
    b.onResolve({ filter: /^exceljs$/ }, (a) =>
      a.namespace === 'lazy-exceljs'
        ? { path: 'exceljs', external: true }
        : { path: 'exceljs', namespace: 'lazy-exceljs' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-exceljs' }, () => ({
      loader: 'js',
      resolveDir: process.cwd(),
      contents: `let excel;
const load = () => (excel ??= require('exceljs'));
const deferred = (name) => new Proxy({}, { get: (_t, k) => load()[name][k], has: (_t, k) => k in load()[name] });
const early = { ValueType: deferred('ValueType') };
export default new Proxy({}, { get: (_t, k) => early[k] ?? load()[k], has: (_t, k) => k in load() });`,
    }));
  },
};

/**
 * An ESM import of a Node built-in (`import { createServer } from 'node:http'`) makes Node evaluate every export of
 * it, including lazy getters: node:http loads undici (fetch, WebSocket), node:crypto all of WebCrypto; hundreds of
 * milliseconds at every start. Required through CommonJS (the banner's `require`), a built-in loads only itself.
 * better-sqlite3 (CommonJS) is required the same way: imported as ESM, Node first scans its source for the names
 * it exports (cjs-module-lexer) and wraps it in a module facade.
 */
const cjsBuiltins = {
  name: 'cjs-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:.*|better-sqlite3)$/ }, (a) =>
      a.namespace === 'cjs-builtin'
        ? { path: a.path, external: true }
        : { path: a.path, namespace: 'cjs-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'cjs-builtin' }, (a) => ({
      loader: 'js',
      contents: a.path.startsWith('node:')
        ? lazyBuiltin(a.path)
        : `module.exports = require(${JSON.stringify(a.path)});`,
    }));
  },
};

/**
 * A built-in loaded on the first read of one of its exports: the bundle's `import { randomUUID } from 'node:crypto'`
 * reads `randomUUID` from this object when it is called, so a command that never makes an id never loads
 * node:crypto (nor node:http, node:zlib, node:worker_threads …), each a few milliseconds at every start. The export
 * names are this Node's (the build's); a name the running Node lacks reads as undefined, as it would from the module.
 */
function lazyBuiltin(id) {
  const names = Object.getOwnPropertyNames(process.getBuiltinModule(id)).filter((k) => k !== 'default');
  return `let m;
const load = () => (m ??= require(${JSON.stringify(id)}));
const lazy = {};
for (const k of ${JSON.stringify(names)}) {
  Object.defineProperty(lazy, k, { get: () => load()[k], enumerable: true });
}
module.exports = lazy;`;
}

const outfile = join(outdir, 'main.mjs');
// Chunks of an earlier build (their names carry a content hash) would otherwise pile up beside the new ones.
try {
  for (const f of readdirSync(outdir)) if (f.endsWith('.mjs')) rmSync(join(outdir, f));
} catch {
  // no earlier build
}
// Taken before bundling: a source saved while the build runs counts as newer than the bundle.
const builtAt = Date.now();
const result = await build({
  entryPoints: { main: 'db/cli/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  // One chunk per dynamically imported module (each handler group, db/cli/handlers.ts; the jobs; the PDF printer)
  // and shared chunks for what they share: a command reads and compiles only the chunks it reaches, not 1.2 MB.
  // Chunks sit beside main.mjs, so `import.meta.url` means the same folder in every one of them.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  logLevel: 'warning',
  legalComments: 'none',
  // No comments or indentation: less for Node to read, decode and hash at every start. Comments are also where
  // non-ASCII text survives (esbuild escapes it in strings only), and one such character makes V8 hold the whole
  // chunk as a two-byte string. Names are kept, so stack traces still read.
  minifyWhitespace: true,
  metafile: true,
  // Native better-sqlite3 (required through cjsBuiltins), the browser driver (loaded only for PDF) and pg stay in
  // node_modules.
  external: ['playwright-core', 'pg'],
  plugins: [lazyExcel, cjsBuiltins, lazyZod],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
if (result.warnings.length > 0) {
  for (const w of result.warnings) console.error(`build.cli: ${w.text}`);
  process.exit(1);
}
// esbuild escapes non-ASCII text in strings but not in regular expression literals (`/[×*]/`): escape those too, so
// every chunk is ASCII and V8 keeps its source as a one-byte string (one non-ASCII character makes it two-byte:
// twice the memory, slower to decode and scan at every start). A `\uXXXX` escape means the same code unit in a
// string, a template or a regular expression, with or without the `u` flag (astral characters as their pair).
for (const path of Object.keys(result.metafile.outputs)) {
  if (!path.endsWith('.mjs')) continue;
  const text = readFileSync(path, 'utf8');
  // eslint-disable-next-line no-control-regex
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(path, ascii);
}
// The project's own sources in the bundle (not node_modules): bin.js falls back to the sources if one is newer.
const sources = Object.keys(result.metafile.inputs)
  .filter((p) => !p.includes('node_modules') && !p.includes(':'))
  .map((p) => relative(resolve(outdir), resolve(p)))
  .sort();
if (process.env.CLI_META) writeFileSync(process.env.CLI_META, JSON.stringify(result.metafile));
writeFileSync(join(outdir, 'inputs.json'), JSON.stringify({ builtAt, sources }) + '\n');
const outputs = Object.entries(result.metafile.outputs);
const kib = (n) => (n / 1024).toFixed(0);
const total = outputs.reduce((t, [, o]) => t + o.bytes, 0);
console.log(
  `${relative('.', outfile)}  ${kib(statSync(outfile).size)} KiB (+${outputs.length - 1} chunks, ${kib(total)} KiB in all)  from ${sources.length} sources`,
);
