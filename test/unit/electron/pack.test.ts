/**
 * Packaging smoke test: electron-builder builds the unpacked Linux app from electron-builder.yml against a
 * stand-in Electron folder (the real binary cannot be downloaded here). It packs a copy of the whole working tree
 * (sources, tests, docs, source maps and all), so a `files` list that falls back to `**\/*` fails here; it lists
 * app.asar against an allow-list, checks the one unpacked native binary, and reads back the fuses electron-builder
 * flipped in the stand-in binary (which carries Electron's fuse sentinel and default wire). It checks the config
 * and what ships, not that the app runs. About 10 s.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve('.');
let work: string;
let appDir: string;
let electronBinary: string;

/** Electron's fuse wire marker (from @electron/fuses), version 1, then one byte per fuse ('0' off, '1' on). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
/** Electron 45's defaults, as in an unmodified binary. */
const DEFAULT_WIRE = '10110001';

/** Every entry of an asar archive, directories included (its header is a JSON tree after 16 bytes of sizes). */
function asarEntries(file: string): { path: string; unpacked: boolean; directory: boolean }[] {
  interface Node {
    files?: Record<string, Node>;
    unpacked?: boolean;
  }
  const buf = readFileSync(file);
  const length = buf.readUInt32LE(12);
  const header = JSON.parse(buf.subarray(16, 16 + length).toString('utf8')) as Node;
  const walk = (node: Node, prefix: string): { path: string; unpacked: boolean; directory: boolean }[] =>
    Object.entries(node.files ?? {}).flatMap(([name, child]) => [
      { path: `${prefix}${name}`, unpacked: child.unpacked === true, directory: child.files !== undefined },
      ...(child.files ? walk(child, `${prefix}${name}/`) : []),
    ]);
  return walk(header, '');
}

/** What app.asar may hold; anything else (sources, tests, docs, maps, other modules) fails the test. */
const ALLOWED: RegExp[] = [
  /^package\.json$/,
  /^dist$/,
  /^dist\/electron$/,
  /^dist\/electron\/(main|preload|worker)\.cjs$/,
  /^dist\/renderer(\/[\w.-]+)*$/,
  /^node_modules$/,
  /^node_modules\/better-sqlite3$/,
  /^node_modules\/better-sqlite3\/(package\.json|LICENSE)$/,
  /^node_modules\/better-sqlite3\/lib(\/methods)?$/,
  /^node_modules\/better-sqlite3\/lib\/([\w-]+\/)?[\w-]+\.js$/,
  /^node_modules\/better-sqlite3\/prebuilds$/,
  /^node_modules\/better-sqlite3\/prebuilds\/linux-x64\.node$/,
];

function fuseWire(binary: string): string {
  const buf = readFileSync(binary);
  const at = buf.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`no fuse sentinel in ${binary}`);
  const wire = at + FUSE_SENTINEL.length;
  const length = buf[wire + 1] ?? 0;
  return buf.subarray(wire + 2, wire + 2 + length).toString('latin1');
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rr-pack-'));
  const project = join(work, 'project');
  const electronDist = join(work, 'electron-dist');
  mkdirSync(project);
  mkdirSync(electronDist);
  // The stand-in binary: a shell script carrying the fuse wire, so electron-builder can flip the fuses.
  electronBinary = join(electronDist, 'electron');
  writeFileSync(
    electronBinary,
    `#!/bin/sh\necho "stand-in for the Electron binary"\nexit 0\n# ${FUSE_SENTINEL}\x01${String.fromCharCode(DEFAULT_WIRE.length)}${DEFAULT_WIRE}\n`,
    'latin1',
  );
  chmodSync(electronBinary, 0o755);
  // Everything a developer's checkout holds (tracked and untracked, not ignored), as electron-builder would see it.
  const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repo })
    .toString('utf8')
    .split('\0')
    .filter((f) => f && !f.startsWith('node_modules') && existsSync(join(repo, f)));
  for (const f of tracked) {
    mkdirSync(dirname(join(project, f)), { recursive: true });
    cpSync(join(repo, f), join(project, f));
  }
  symlinkSync(join(repo, 'node_modules'), join(project, 'node_modules'), 'dir');
  execFileSync(
    process.execPath,
    [join(repo, 'build.electron.mjs'), '--outdir', join(project, 'dist', 'electron')],
    {
      cwd: repo,
    },
  );
  // A stand-in for vite's output, with the source map vite writes next to each bundle.
  const renderer = join(project, 'dist', 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Risk Register</title>\n');
  writeFileSync(
    join(renderer, 'assets', 'index-abc123.js'),
    'console.log(1)\n//# sourceMappingURL=index-abc123.js.map\n',
  );
  writeFileSync(join(renderer, 'assets', 'index-abc123.js.map'), '{"version":3}\n');
  writeFileSync(join(renderer, 'assets', 'index-abc123.css'), 'body{}\n');
  execFileSync(
    join(repo, 'node_modules', '.bin', 'electron-builder'),
    ['--linux', '--x64', '--dir', `-c.electronDist=${electronDist}`, '-c.npmRebuild=false'],
    { cwd: project, stdio: 'pipe', env: { ...process.env, CI: 'true' } },
  );
  appDir = join(project, 'release', 'linux-unpacked');
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder --dir', () => {
  it('puts only the bundles, the page, package.json and the runtime of better-sqlite3 in app.asar', () => {
    const entries = asarEntries(join(appDir, 'resources', 'app.asar'));
    const paths = entries.map((e) => e.path);
    const unexpected = paths.filter((p) => !ALLOWED.some((pattern) => pattern.test(p)));
    expect(unexpected).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/electron/main.cjs',
        'dist/electron/preload.cjs',
        'dist/renderer/index.html',
        'dist/renderer/assets/index-abc123.js',
        'dist/renderer/assets/index-abc123.css',
        'node_modules/better-sqlite3/package.json',
        'node_modules/better-sqlite3/lib/index.js',
        'node_modules/better-sqlite3/lib/binding.js',
        'node_modules/better-sqlite3/lib/linux-x64.js',
        'node_modules/better-sqlite3/lib/methods/transaction.js',
      ]),
    );
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.node'))).toEqual([
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
    ]);
    expect(entries.filter((e) => e.unpacked && !e.directory).map((e) => e.path)).toEqual([
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
    ]);
  });

  it("unpacks exactly one native binary, better-sqlite3's for Linux x64, outside app.asar where it can be loaded", () => {
    const unpacked = join(appDir, 'resources', 'app.asar.unpacked');
    const prebuilds = join(unpacked, 'node_modules', 'better-sqlite3', 'prebuilds');
    expect(readdirSync(prebuilds)).toEqual(['linux-x64.node']);
    const all = readdirSync(unpacked, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(all.map((d) => d.name)).toEqual(['linux-x64.node']);
    // The real prebuilt binary, byte for byte.
    expect(
      readFileSync(join(prebuilds, 'linux-x64.node')).equals(
        readFileSync(join(repo, 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node')),
      ),
    ).toBe(true);
  });

  it('flips the fuses in the packaged binary: no run-as-node, NODE_OPTIONS or inspector; asar only and checked', () => {
    expect(fuseWire(electronBinary)).toBe(DEFAULT_WIRE);
    const wire = fuseWire(join(appDir, 'risk-register'));
    const state = Object.fromEntries(FUSES.map((name, i) => [name, wire[i]]));
    expect(state).toEqual({
      runAsNode: '0',
      enableCookieEncryption: '1',
      enableNodeOptionsEnvironmentVariable: '0',
      enableNodeCliInspectArguments: '0',
      enableEmbeddedAsarIntegrityValidation: '1',
      onlyLoadAppFromAsar: '1',
      loadBrowserProcessSpecificV8Snapshot: '0',
      grantFileProtocolExtraPrivileges: '0',
    });
  });

  it('names the executable after the package', () => {
    expect(existsSync(join(appDir, 'risk-register'))).toBe(true);
  });
});
