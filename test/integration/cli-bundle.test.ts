/**
 * The bundled command line (build.cli.mjs → dist/cli/main.mjs) and how db/cli/bin.js chooses it: the bundle only
 * when it is newer than every source it was built from, else the TypeScript sources. Real builds, real processes.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { TempDir } from './helpers.ts';
import { makeTempDir } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'db/cli/bin.js');

function node(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const e: Record<string, string | undefined> = { ...process.env, ...env };
  delete e['NODE_OPTIONS'];
  const r = spawnSync(process.execPath, args, { cwd, env: e, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir('rr-cli-bundle-');
});
afterAll(() => tmp.cleanup());

describe('bin.js chooses the bundle only while it is fresh', () => {
  /** A copy of bin.js with a stand-in bundle and stand-in sources that say which one ran. */
  function layout() {
    const root = join(tmp.dir, `layout-${Math.random().toString(36).slice(2)}`);
    mkdirSync(join(root, 'db/cli'), { recursive: true });
    mkdirSync(join(root, 'dist/cli'), { recursive: true });
    copyFileSync(BIN, join(root, 'db/cli/bin.js'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    writeFileSync(
      join(root, 'db/cli/main.ts'),
      "export async function main(argv: string[]): Promise<number> { console.log('source', argv.join(' ')); return 0; }\n",
    );
    writeFileSync(
      join(root, 'dist/cli/main.mjs'),
      "export async function main(argv) { console.log('bundle', argv.join(' ')); return 3; }\n",
    );
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'db/cli/main.ts'), past, past);
    writeFileSync(
      join(root, 'dist/cli/inputs.json'),
      JSON.stringify({ builtAt: Date.now() - 1_000, sources: ['../../db/cli/main.ts'] }),
    );
    return root;
  }

  it('runs the bundle when no source is newer, with its exit code', () => {
    const root = layout();
    const r = node([join(root, 'db/cli/bin.js'), 'list', '--json']);
    expect(r.stdout.trim()).toBe('bundle list --json');
    expect(r.code).toBe(3);
  });

  it('runs the sources when one of them was saved after the build', () => {
    const root = layout();
    utimesSync(join(root, 'db/cli/main.ts'), new Date(), new Date());
    expect(node([join(root, 'db/cli/bin.js'), 'list']).stdout.trim()).toBe('source list');
  });

  it('runs the sources when the bundle is missing, a source is gone or the manifest is damaged', () => {
    const a = layout();
    writeFileSync(join(a, 'dist/cli/inputs.json'), '{not json');
    expect(node([join(a, 'db/cli/bin.js'), 'x']).stdout.trim()).toBe('source x');
    const b = layout();
    writeFileSync(
      join(b, 'dist/cli/inputs.json'),
      JSON.stringify({ builtAt: Date.now(), sources: ['../../db/cli/gone.ts'] }),
    );
    expect(node([join(b, 'db/cli/bin.js'), 'x']).stdout.trim()).toBe('source x');
  });

  it("keeps the compiled bundle in the user's own cache folder, and runs as before when it cannot be made", () => {
    const root = layout();
    const cache = join(tmp.dir, `cache-${Math.random().toString(36).slice(2)}`);
    const r = node([join(root, 'db/cli/bin.js'), 'list'], { XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: '' });
    expect(r.stdout.trim()).toBe('bundle list');
    const dir = join(cache, 'risk-register', 'node-compile-cache');
    // Node writes one folder per Node version, holding the bundle's compiled code.
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    // A cache "folder" that is a file: no cache, same answer, same exit code.
    const blocked = join(tmp.dir, `blocked-${Math.random().toString(36).slice(2)}`);
    writeFileSync(blocked, 'not a folder');
    const b = node([join(root, 'db/cli/bin.js'), 'list'], {
      XDG_CACHE_HOME: blocked,
      NODE_COMPILE_CACHE: '',
    });
    expect(b.stdout.trim()).toBe('bundle list');
    expect(b.stderr).toBe('');
    expect(b.code).toBe(3);
  });

  it('runs the sources when RISK_REGISTER_FROM_SOURCE=1', () => {
    const root = layout();
    expect(node([join(root, 'db/cli/bin.js'), 'x'], { RISK_REGISTER_FROM_SOURCE: '1' }).stdout.trim()).toBe(
      'source x',
    );
  });
});

describe('the real bundle', () => {
  it('builds, lists every source it holds, and answers exactly as the sources do', () => {
    // Inside the checkout, as dist/cli is: the bundle requires better-sqlite3 and exceljs from node_modules.
    const out = join(ROOT, 'dist', `cli-test-${process.pid}`);
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const built = node(['build.cli.mjs', '--outdir', out]);
    expect(built.code, built.stderr).toBe(0);
    const inputs = JSON.parse(readFileSync(join(out, 'inputs.json'), 'utf8')) as { sources: string[] };
    expect(inputs.sources.length).toBeGreaterThan(50);
    expect(inputs.sources.some((s) => s.endsWith('db/cli/main.ts'))).toBe(true);
    expect(inputs.sources.every((s) => !s.includes('node_modules'))).toBe(true);
    // main.mjs and its chunks (esbuild splitting): what main.mjs imports statically loads at every start.
    const chunks = readdirSync(out).filter((f) => f.endsWith('.mjs'));
    expect(chunks).toContain('main.mjs');
    const code = chunks.map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    // Node built-ins are required (CommonJS), never imported as ESM, and exceljs only on first use.
    expect(code).not.toMatch(/^import .* from "node:(http|crypto)"/m);
    expect(code).toMatch(/excel ?\?\?= ?__require\("exceljs"\)/);
    const atStart = new Set<string>();
    const reach = (file: string) => {
      if (atStart.has(file)) return;
      atStart.add(file);
      const text = readFileSync(join(out, file), 'utf8');
      // Every static import, also those after another on the same line (esbuild writes a chunk's imports on one
      // line; which chunk comes first moves with the chunking): a dynamic `import("./…")` does not match.
      for (const m of text.matchAll(/(?:^|;)\s*import\s*(?:[^;'"]*?from\s*)?"\.\/([^"]+)"/gm))
        reach(m[1] ?? '');
    };
    reach('main.mjs');
    const startCode = [...atStart].map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    // Loaded only when used: the handler table beyond register and risks (db/cli/handlers.ts), the jobs (exceljs
    // among them), the PDF printer.
    expect(atStart.size).toBeLessThan(chunks.length);
    expect(startCode).not.toMatch(/excel ?\?\?= ?__require\("exceljs"\)/);
    expect(startCode).not.toMatch(/playwright-core/);
    expect(startCode).toMatch(/function riskHandlers\(/);
    expect(startCode).not.toMatch(/function (ioHandlers|controlHandlers|historyHandlers)\(/);
    // Every chunk is ASCII (build.cli.mjs escapes what esbuild leaves in regular expressions).
    expect(code).not.toMatch(/[^\t\n\r\x20-\x7e]/);

    const db = join(tmp.dir, 'lga.sqlite');
    expect(node([BIN, 'init', '--db', db, '--sample'], { RISK_REGISTER_FROM_SOURCE: '1' }).code).toBe(0);
    // The bundle, run directly (its own small runner), against the sources through bin.js.
    writeFileSync(
      join(out, 'run.mjs'),
      "const { main } = await import('./main.mjs'); process.exitCode = await main(process.argv.slice(2));\n",
    );
    const fromBundle = node([join(out, 'run.mjs'), 'list', '--db', db, '--json']);
    const fromSource = node([BIN, 'list', '--db', db, '--json'], { RISK_REGISTER_FROM_SOURCE: '1' });
    expect(fromBundle.code).toBe(0);
    expect(JSON.parse(fromBundle.stdout)).toHaveLength(19);
    expect(fromBundle.stdout).toBe(fromSource.stdout);
    // XLSX (exceljs, loaded lazily) and a refused command behave the same way too.
    const xlsx = join(tmp.dir, 'summary.xlsx');
    const exported = node([
      join(out, 'run.mjs'),
      'export',
      'summary',
      '--format',
      'xlsx',
      '--out',
      xlsx,
      '--db',
      db,
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const dry = node([join(out, 'run.mjs'), 'import', xlsx, '--db', db, '--dry-run']);
    expect(dry.stdout).toMatch(/^19 rows:/m);
    const bad = node([
      join(out, 'run.mjs'),
      'set-score',
      'SR99',
      '--impact',
      '3',
      '--likelihood',
      '3',
      '--db',
      db,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(`risk-register: There is no risk SR99 in ${db}.`);
  }, 180_000);
});
