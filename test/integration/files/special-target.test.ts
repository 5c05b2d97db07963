/**
 * Every writer replaces its target by a rename, which swaps whatever the name held for our file. A target that is not
 * a file (a typed `--out /dev/null`, a named pipe, a folder, a link to either) is refused before anything is written,
 * and it is still what it was afterwards: renaming over /dev/null would leave the machine without its null device.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitTempFile, writeFileAtomic } from '../../../db/files/write.ts';
import { type App, makeApp, makeTempDir, type TempDir } from '../helpers.ts';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let tmp: TempDir;
let app: App;

beforeEach(async () => {
  tmp = makeTempDir('rr-special-');
  app = makeApp();
  await app.ok('register:create', { path: tmp.file('register.sqlite'), sample: true });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

/** A named pipe, a folder and a symlink to the pipe, each with the message's start and a check it is unchanged. */
function targets(): { name: string; path: string; message: RegExp; still: () => boolean }[] {
  const pipe = tmp.file('pipe');
  execFileSync('mkfifo', [pipe]);
  const folder = tmp.file('folder.csv');
  mkdirSync(folder);
  const link = tmp.file('link-to-pipe.csv');
  symlinkSync(pipe, link);
  const isPipe = () => lstatSync(pipe).isFIFO();
  return [
    {
      name: 'a named pipe',
      path: pipe,
      message: /^\S+ could not be written: it is a device, pipe or socket, not a file\./,
      still: isPipe,
    },
    {
      name: 'a folder',
      path: folder,
      message: /^folder\.csv could not be written: it is a folder\./,
      still: () => statSync(folder).isDirectory(),
    },
    {
      name: 'a symlink to the pipe',
      path: link,
      message: /^\S+ could not be written: it is a device, pipe or socket, not a file\./,
      still: () => lstatSync(link).isSymbolicLink() && isPipe(),
    },
  ];
}

describe.skipIf(process.platform === 'win32')('a target that is not a file', () => {
  it('is refused by every writer with a clear message, and left as it was', async () => {
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
      ['export:png', (path) => app.call('export:png', { dataUrl: `data:image/png;base64,${PNG}`, path })],
      ['register:backup', (path) => app.call('register:backup', { path })],
    ];
    const historyBefore = (await app.ok('audit:list', { limit: 1 })).total;
    for (const t of targets()) {
      for (const [writer, write] of writers) {
        const r = await write(t.path);
        expect(r.ok, `${writer} to ${t.name}`).toBe(false);
        if (r.ok) continue;
        expect(r.error.code, `${writer} to ${t.name}`).toBe('IO');
        expect(r.error.message, `${writer} to ${t.name}`).toMatch(t.message);
        expect(r.error.message).toContain('Choose a file name');
        expect(t.still(), `${writer} to ${t.name}`).toBe(true);
      }
    }
    expect((await app.ok('audit:list', { limit: 1 })).total).toBe(historyBefore);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.rr-'))).toEqual([]);
  });

  it('is refused by the file writer and by the move of a finished temp file', () => {
    const [pipe] = targets();
    if (!pipe) throw new Error('no pipe');
    expect(() => writeFileAtomic(pipe.path, 'x')).toThrow(pipe.message);
    const temp = tmp.file('.finished.tmp');
    writeFileAtomic(temp, 'x');
    expect(() => commitTempFile(temp, pipe.path)).toThrow(pipe.message);
    expect(pipe.still()).toBe(true);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('the CLI exits non-zero and says so', () => {
    const [pipe] = targets();
    if (!pipe) throw new Error('no pipe');
    const r = spawnSync(
      process.execPath,
      [
        'db/cli/bin.js',
        'export',
        'summary',
        '--format',
        'csv',
        '--out',
        pipe.path,
        '--db',
        tmp.file('register.sqlite'),
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stdout + r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/\bpipe could not be written: it is a device, pipe or socket, not a file\./);
    expect(pipe.still()).toBe(true);
  });
});
