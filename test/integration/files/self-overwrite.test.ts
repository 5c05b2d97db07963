/**
 * No export, backup, audit export or PNG is ever written over the open register or its SQLite side files, by any
 * route to the same file: the same name, `..`, a symlink, a hard link. The register stays byte-identical.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNotOpenFile, sameName } from '../../../db/files/open-files.ts';
import { type App, makeApp, makeTempDir, type TempDir } from '../helpers.ts';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const DATA_URL = `data:image/png;base64,${PNG}`;

const sha = (path: string) =>
  existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;

/** The register and its side files, byte for byte. */
function snapshot(register: string) {
  return ['', '-wal', '-shm'].map((s) => [s, sha(register + s)]);
}

let tmp: TempDir;
let app: App;
let register: string;

beforeEach(async () => {
  tmp = makeTempDir('rr-self-');
  app = makeApp();
  register = tmp.file('register.sqlite');
  await app.ok('register:create', { path: register, sample: true });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

function routesToTheRegister(): [string, string][] {
  const sym = tmp.file('shortcut.sqlite');
  symlinkSync(register, sym);
  const hard = tmp.file('hard-link.sqlite');
  linkSync(register, hard);
  const danglingToWal = tmp.file('to-wal.csv');
  symlinkSync(`${register}-journal`, danglingToWal);
  return [
    ['the same name', register],
    ['a .. route', join(tmp.dir, '..', basename(tmp.dir), 'register.sqlite')],
    ['the write-ahead log', `${register}-wal`],
    ['the shared-memory file', `${register}-shm`],
    ['the journal (not there yet)', `${register}-journal`],
    ['a symlink', sym],
    ['a hard link', hard],
    ['a dangling symlink to the journal', danglingToWal],
  ];
}

describe('writing over the open register is refused', () => {
  it('by every writer, by every route, leaving the register byte-identical', async () => {
    const routes = routesToTheRegister();
    const before = snapshot(register);
    expect(before[1]?.[1]).not.toBeNull(); // WAL mode: the -wal is there while the register is open
    const writers: [string, (path: string) => ReturnType<App['call']>][] = [
      [
        'export:summary csv',
        (path) =>
          app.call('export:summary', { format: 'csv', path, scores: 'current', bands: null, sort: 'ref' }),
      ],
      [
        'export:summary xlsx',
        (path) =>
          app.call('export:summary', { format: 'xlsx', path, scores: 'current', bands: null, sort: 'ref' }),
      ],
      ['audit:export', (path) => app.call('audit:export', { format: 'csv', path })],
      ['export:png', (path) => app.call('export:png', { dataUrl: DATA_URL, path })],
      ['register:backup', (path) => app.call('register:backup', { path })],
    ];
    const historyBefore = (await app.ok('audit:list', { limit: 1 })).total;
    for (const [writer, write] of writers) {
      for (const [route, path] of routes) {
        const r = await write(path);
        expect(r.ok, `${writer} to ${route}`).toBe(false);
        if (r.ok) continue;
        expect(r.error.code, `${writer} to ${route}`).toBe('VALIDATION');
        expect(r.error.message, `${writer} to ${route}`).toMatch(
          /^That is the register itself — choose another file name\./,
        );
      }
    }
    expect(snapshot(register)).toEqual(before);
    expect((await app.ok('audit:list', { limit: 1 })).total).toBe(historyBefore);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // And the register still works: an export beside it goes through.
    const fine = tmp.file('summary.csv');
    expect(
      (
        await app.call('export:summary', {
          format: 'csv',
          path: fine,
          scores: 'current',
          bands: null,
          sort: 'ref',
        })
      ).ok,
    ).toBe(true);
    expect(existsSync(fine)).toBe(true);
  });

  it('stops guarding a register once it is closed', async () => {
    app.close();
    expect(() => assertNotOpenFile(register)).not.toThrow();
    app = makeApp();
  });

  it('treats names differing only by case as the same file on Windows and macOS only', () => {
    expect(sameName('C:\\r\\Register.sqlite', 'c:\\R\\register.SQLITE', 'win32')).toBe(true);
    expect(sameName('/Users/a/Register.sqlite', '/Users/a/register.sqlite', 'darwin')).toBe(true);
    expect(sameName('/home/a/Register.sqlite', '/home/a/register.sqlite', 'linux')).toBe(false);
  });
});

describe('the CLI refuses to write over its own --db', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['db/cli/bin.js', ...args], { encoding: 'utf8' });

  it('export summary, audit export and backup aimed at the register: exit non-zero, register byte-identical', () => {
    app.close();
    app = makeApp();
    const before = sha(register);
    const runs = [
      cli('export', 'summary', '--format', 'csv', '--out', register, '--db', register),
      cli('export', 'summary', '--format', 'xlsx', '--out', `${register}-wal`, '--db', register),
      cli('audit', 'export', register, '--db', register),
      cli('backup', '--out', register, '--db', register),
    ];
    for (const r of runs) {
      expect(r.status, r.stdout + r.stderr).not.toBe(0);
      expect(r.stderr).toContain('That is the register itself — choose another file name');
    }
    expect(sha(register)).toBe(before);
    expect(readdirSync(tmp.dir).sort()).toEqual(['register.sqlite']);
  }, 180_000); // four CLI processes: seconds each on a loaded 2-core machine
});
