/**
 * The files the app has open, so that no export, backup or audit file is ever written over them. Every register
 * connection is tracked here when it opens; a connection that has since closed drops out on the next look.
 */
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors.ts';

interface Tracked {
  handle: { readonly open: boolean };
  path: string;
}

const tracked = new Set<Tracked>();

/** SQLite's companions of a database file: the write-ahead log, its shared memory and the rollback journal. */
export const SQLITE_SIDE_FILES = ['', '-wal', '-shm', '-journal'] as const;

/** Remember that `path` is open through `handle` (a better-sqlite3 connection) until the handle closes. */
export function trackOpenFile(handle: { readonly open: boolean }, path: string): void {
  if (!path || path === ':memory:') return;
  tracked.add({ handle, path: resolve(path) });
}

/** The open registers' files (main file only; the side files are derived). */
export function openFiles(): string[] {
  const out: string[] = [];
  for (const t of tracked) {
    if (t.handle.open) out.push(t.path);
    else tracked.delete(t);
  }
  return out;
}

/**
 * Where a path really leads: symlinks followed (a dangling one too), `..` resolved, and the folder resolved when the
 * file does not exist yet.
 */
export function canonicalPath(path: string, depth = 0): string {
  const abs = resolve(path);
  try {
    return realpathSync.native(abs);
  } catch {
    // Not there (yet): a dangling symlink leads to its target; otherwise resolve the folder.
  }
  if (depth < 16) {
    try {
      if (lstatSync(abs).isSymbolicLink())
        return canonicalPath(resolve(dirname(abs), readlinkSync(abs)), depth + 1);
    } catch {
      // Nothing there at all.
    }
  }
  const dir = dirname(abs);
  if (dir === abs) return abs;
  return join(canonicalPath(dir, depth + 1), basename(abs));
}

/** Windows and macOS treat names differently only by case as the same file. */
export function sameName(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  if (a === b) return true;
  return (platform === 'win32' || platform === 'darwin') && a.toLowerCase() === b.toLowerCase();
}

function identity(path: string): { dev: number; ino: number } | null {
  try {
    const st = statSync(path);
    return { dev: st.dev, ino: st.ino };
  } catch {
    return null;
  }
}

const ROLE: Record<(typeof SQLITE_SIDE_FILES)[number], string> = {
  '': 'the open register',
  '-wal': 'the open register’s write-ahead log',
  '-shm': 'the open register’s shared-memory file',
  '-journal': 'the open register’s journal',
};

/**
 * Refuse to write `target` when it is, by any route (the same name, `..`, a symlink, a hard link, another case on
 * Windows/macOS), one of the open registers or their SQLite side files. `also` adds files the caller has open.
 */
export function assertNotOpenFile(target: string, also: readonly string[] = []): void {
  const protectedFiles = [...new Set([...openFiles(), ...also.map((p) => resolve(p))])];
  if (protectedFiles.length === 0) return;
  const targetAbs = resolve(target);
  const targetReal = canonicalPath(target);
  const targetId = identity(targetAbs);
  for (const register of protectedFiles) {
    const registerReal = canonicalPath(register);
    for (const side of SQLITE_SIDE_FILES) {
      const names = [register + side, registerReal + side];
      const sameByName = names.some((n) => sameName(n, targetAbs) || sameName(n, targetReal));
      let sameById = false;
      if (!sameByName && targetId) {
        const id = identity(register + side) ?? identity(registerReal + side);
        sameById = id !== null && id.dev === targetId.dev && id.ino === targetId.ino;
      }
      if (sameByName || sameById) {
        throw new AppError(
          'VALIDATION',
          `That is the register itself — choose another file name. ${basename(target)} is ${ROLE[side]} ` +
            `(${basename(register)}${side}); writing there would destroy it.`,
          { path: target, register, side: side || 'main' },
        );
      }
    }
  }
}
