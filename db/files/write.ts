/**
 * The one way the app writes a user-visible file (exports, audit exports, PNGs, backups): never over an open
 * register, never half-written. Write a temp file beside the target → fsync it → rename over the target → fsync
 * the folder, so that after a power cut the folder holds either the old file or the whole new one.
 *
 * Temp files are named `.<name>.rr-<pid>-<8 hex>.tmp` (and SQLite may add `-journal` to a backup's). A process killed mid-write can leave one behind; the next
 * write to that folder (and the next open of a register there) removes ours whose process is gone — only files of
 * exactly that pattern, never anything else.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { assertNotOpenFile } from './open-files.ts';

/** Ours, and SQLite's journal beside it (VACUUM INTO writes `<temp>-journal` while it works). */
const TEMP_PATTERN = /^\..+\.rr-(\d+)-[0-9a-f]{8}\.tmp(-journal|-wal|-shm)?$/;

/** A fresh temp name beside `path`, of the pattern the clean-up recognises. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.rr-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

export function isOurTempName(name: string): boolean {
  return TEMP_PATTERN.test(name);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temp files of ours left in `dir` by a process that no longer runs (a killed backup or export).
 * Returns the names removed. Never throws: clean-up must not stop the work it precedes.
 */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_PATTERN.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    const full = join(dir, name);
    try {
      if (!fs.lstatSync(full).isFile()) continue;
      fs.rmSync(full, { force: true });
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

/** Flush a folder's entries (the rename) to disk. Windows cannot open a folder this way; its rename is durable. */
export function fsyncFolder(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (e) {
    if (process.platform === 'win32') return;
    throw e;
  }
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    // Some file systems cannot fsync a folder (EINVAL); the rename itself has still happened.
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
  } finally {
    fs.closeSync(fd);
  }
}

function ioError(path: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'EBUSY' || err.code === 'EPERM' || err.code === 'EACCES'
      ? ' It may be open in Excel, or the folder may be read-only: close it, or choose another name.'
      : err.code === 'ENOENT'
        ? ' The folder does not exist.'
        : '';
  return new AppError('IO', `${basename(path)} could not be written (${err.code ?? err.message}).${why}`);
}

/** The checks every write makes before touching the disk: not an open register, and a folder that exists. */
export function assertWritableTarget(path: string, what = 'export', protect: readonly string[] = []): void {
  assertNotOpenFile(path, protect);
  const dir = dirname(path);
  let isDir: boolean;
  try {
    isDir = fs.statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new AppError('IO', `The folder ${dir} does not exist. Choose another place to save the ${what}.`);
  }
  assertFileOrNothing(path, what);
}

/**
 * Only a file is ever replaced. The rename puts our file in place of whatever the name held, so a typed
 * `--out /dev/null`, a named pipe or a folder would be swapped for a regular file (a device node gone for every
 * other program on the machine). Such a target is refused before anything is written.
 */
function assertFileOrNothing(path: string, what: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    return; // nothing there yet (or unreadable: the write itself will say)
  }
  if (!stat.isFile()) {
    const kind = stat.isDirectory() ? 'a folder' : 'a device, pipe or socket, not a file';
    throw new AppError(
      'IO',
      `${basename(path)} could not be written: it is ${kind}. Choose a file name to save the ${what}.`,
    );
  }
}

/**
 * Move a finished temp file (written by someone else, such as SQLite's VACUUM INTO) into place: fsync it, rename it
 * over `path`, fsync the folder. The temp file is removed if anything fails.
 */
export function commitTempFile(temp: string, path: string, protect: readonly string[] = []): void {
  try {
    assertNotOpenFile(path, protect);
    assertFileOrNothing(path, 'file');
    const fd = fs.openSync(temp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path);
    fsyncFolder(dirname(path));
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw ioError(path, e);
  }
}

/**
 * Write `data` to `path` atomically and durably (see the top of this file). `protect` adds registers open elsewhere
 * (a worker thread is told those of the thread that sent it the work). `data` may come in pieces, written one after
 * the other: a large file made in slices (the summary XLSX) is never joined into one more copy in memory.
 */
export function writeFileAtomic(
  path: string,
  data: Uint8Array | string | readonly Uint8Array[],
  protect: readonly string[] = [],
): void {
  assertWritableTarget(path, 'export', protect);
  removeStaleTemps(dirname(path));
  const temp = tempPathFor(path);
  const pieces = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : Array.isArray(data) ? data : [data];
  try {
    const fd = fs.openSync(temp, 'wx');
    try {
      for (const bytes of pieces as readonly Uint8Array[]) {
        let written = 0;
        while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path);
    fsyncFolder(dirname(path));
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw ioError(path, e);
  }
}

let cacheWrites = 0;

/**
 * Write one of the app's own cache files (in the user's cache folder, never beside a register): written to a temp
 * name and renamed into place, so a reader sees the old file or the whole new one, but not fsynced — a cache file
 * lost in a power cut only means the work it saves is done again. The folder is made (owner only) if missing.
 */
export function writeCacheFile(path: string, data: string): void {
  const dir = dirname(path);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(
    dir,
    `.${basename(path)}.rr-${process.pid}-${(cacheWrites++).toString(16).padStart(8, '0')}.tmp`,
  );
  try {
    fs.writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temp, path);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
