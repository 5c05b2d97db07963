/**
 * Packaging smoke test: electron-builder builds the unpacked Linux app from electron-builder.yml against a
 * stand-in Electron folder (the real binary cannot be downloaded here). It checks the config and what lands
 * in app.asar, not that the app runs. About 5 s.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve('.');
let work: string;
let appDir: string;

/** The file paths inside an asar archive (its header is a JSON tree after 16 bytes of sizes). */
function asarFiles(file: string): string[] {
  const buf = readFileSync(file);
  const length = buf.readUInt32LE(12);
  const header = JSON.parse(buf.subarray(16, 16 + length).toString('utf8')) as Node;
  interface Node {
    files?: Record<string, Node>;
  }
  const walk = (node: Node, prefix: string): string[] =>
    Object.entries(node.files ?? {}).flatMap(([name, child]) =>
      child.files ? walk(child, `${prefix}${name}/`) : [`${prefix}${name}`],
    );
  return walk(header, '');
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rr-pack-'));
  const project = join(work, 'project');
  const electronDist = join(work, 'electron-dist');
  mkdirSync(join(project, 'dist', 'renderer'), { recursive: true });
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  for (const f of ['package.json', 'electron-builder.yml']) copyFileSync(join(repo, f), join(project, f));
  symlinkSync(join(repo, 'node_modules'), join(project, 'node_modules'), 'dir');
  execFileSync(
    process.execPath,
    [join(repo, 'build.electron.mjs'), '--outdir', join(project, 'dist', 'electron')],
    {
      cwd: repo,
    },
  );
  writeFileSync(
    join(project, 'dist', 'renderer', 'index.html'),
    '<!doctype html><title>Risk Register</title>\n',
  );
  execFileSync(
    join(repo, 'node_modules', '.bin', 'electron-builder'),
    ['--linux', '--x64', '--dir', `-c.electronDist=${electronDist}`, '-c.npmRebuild=false'],
    { cwd: project, stdio: 'pipe', env: { ...process.env, CI: 'true' } },
  );
  appDir = join(project, 'release', 'linux-unpacked');
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder --dir', () => {
  it('builds the unpacked app with the bundles, the page and better-sqlite3, and nothing that is bundled', () => {
    const files = asarFiles(join(appDir, 'resources', 'app.asar'));
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/electron/main.cjs',
        'dist/electron/preload.cjs',
        'dist/renderer/index.html',
        'node_modules/better-sqlite3/package.json',
        'node_modules/better-sqlite3/lib/index.js',
      ]),
    );
    for (const bundled of ['zod', 'react', 'exceljs', 'zustand']) {
      expect(files.filter((f) => f.startsWith(`node_modules/${bundled}/`))).toEqual([]);
    }
  });

  it("unpacks better-sqlite3's native binary for Linux only, outside app.asar where it can be loaded", () => {
    const prebuilds = join(
      appDir,
      'resources',
      'app.asar.unpacked',
      'node_modules',
      'better-sqlite3',
      'prebuilds',
    );
    expect(existsSync(join(prebuilds, 'linux-x64.node'))).toBe(true);
    expect(existsSync(join(prebuilds, 'win32-x64.node'))).toBe(false);
    expect(existsSync(join(prebuilds, 'darwin-arm64.node'))).toBe(false);
  });

  it('names the executable after the package', () => {
    expect(existsSync(join(appDir, 'risk-register'))).toBe(true);
  });
});
