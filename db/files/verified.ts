/**
 * Which register files this app has fully checked, and in what state it left them, so that opening a file that
 * has not changed since does not read all of it again (docs/reliability-storage.md, "Full checks only when the file
 * may have changed").
 *
 * A stamp is kept per register in the user's own cache folder (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches`,
 * `%LOCALAPPDATA%`, then `risk-register/verified/`; `RISK_REGISTER_CACHE_DIR` replaces `<cache>/risk-register`),
 * never beside the register: whoever can write the register's folder (a colleague on a shared drive) cannot forge
 * one. It holds the file's canonical path, its identity (device, inode), size, modification and status-change times
 * in nanoseconds, SQLite's change counter from its header, and when the last full check ran. It is written after a
 * full check passed on open and after this app closed the file cleanly (its own writes are in the file, no -wal left
 * beside it, the same file it opened). Any difference — another program wrote the file (its status-change time
 * moves even when the modification time is put back), a copy or restore put another file at the path, a -wal is
 * waiting — or a full check older than FULL_CHECK_MAX_AGE_MS means the full checks run as before.
 * `RISK_REGISTER_FULL_CHECK=1` makes every open run them.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { canonicalPath } from './open-files.ts';
import { writeCacheFile } from './write.ts';

/** A full check at least this often even when nothing changed: damage by the disk itself leaves no trace in a stat. */
export const FULL_CHECK_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Stamps kept; the least recently written beyond this are removed. */
const MAX_STAMPS = 200;

/** What identifies one version of a file's bytes, as far as the file system and SQLite's header tell. */
export interface FileState {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  /** SQLite's file change counter (header bytes 24–27). */
  counter: number;
}

interface Stamp {
  v: 1;
  path: string;
  state: FileState;
  /** When the last full check of this file passed (ms since the epoch). */
  checkedAt: number;
}

/** The folder of the stamps, or null when no cache folder can be named. */
export function verificationDir(env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    const own = env['RISK_REGISTER_CACHE_DIR'];
    if (own) return join(own, 'verified');
    const base =
      process.platform === 'win32'
        ? env['LOCALAPPDATA'] || join(homedir(), 'AppData', 'Local')
        : process.platform === 'darwin'
          ? join(homedir(), 'Library', 'Caches')
          : env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
    return join(base, 'risk-register', 'verified');
  } catch {
    return null;
  }
}

/** The file's state now, or null if it cannot be read. */
export function fileState(path: string): FileState | null {
  try {
    const st = statSync(path, { bigint: true });
    const header = Buffer.alloc(28);
    const fd = openSync(path, 'r');
    try {
      if (readSync(fd, header, 0, 28, 0) < 28) return null;
    } finally {
      closeSync(fd);
    }
    return {
      dev: String(st.dev),
      ino: String(st.ino),
      size: String(st.size),
      mtimeNs: String(st.mtimeNs),
      ctimeNs: String(st.ctimeNs),
      counter: header.readUInt32BE(24),
    };
  } catch {
    return null;
  }
}

export function sameState(a: FileState, b: FileState): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs &&
    a.counter === b.counter
  );
}

/** 64-bit FNV-1a of the path, as the stamp's file name (the path itself is inside and compared). */
function nameOf(path: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < path.length; i++) {
    h ^= BigInt(path.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `${h.toString(16).padStart(16, '0')}.json`;
}

function stampPath(path: string): { canonical: string; file: string } | null {
  const dir = verificationDir();
  if (!dir) return null;
  const canonical = canonicalPath(path);
  return { canonical, file: join(dir, nameOf(canonical)) };
}

/**
 * When the file at `path` was last fully checked, if it is in exactly the state this app last left it in and that
 * check is recent enough; otherwise null (run the full checks).
 */
export function lastVerified(path: string, state: FileState, now: number): number | null {
  if (process.env['RISK_REGISTER_FULL_CHECK'] === '1') return null;
  const where = stampPath(path);
  if (!where) return null;
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(where.file, 'utf8')) as Stamp;
  } catch {
    return null;
  }
  if (
    stamp?.v !== 1 ||
    stamp.path !== where.canonical ||
    typeof stamp.checkedAt !== 'number' ||
    !stamp.state ||
    !sameState(stamp.state, state)
  ) {
    return null;
  }
  // A check "in the future" means the clock moved: do not trust it.
  if (stamp.checkedAt > now || now - stamp.checkedAt > FULL_CHECK_MAX_AGE_MS) return null;
  return stamp.checkedAt;
}

/** Remember that the file at `path`, in `state`, passed a full check at `checkedAt`. Never fails the caller. */
export function recordVerified(path: string, state: FileState, checkedAt: number): void {
  try {
    const where = stampPath(path);
    if (!where) return;
    const stamp: Stamp = { v: 1, path: where.canonical, state, checkedAt };
    writeCacheFile(where.file, JSON.stringify(stamp));
    prune(join(where.file, '..'));
  } catch {
    // No stamp: the next open runs the full checks, as it would without this cache.
  }
}

/** Forget the stamp of `path` (it was found damaged, or is about to change outside this app's connection). */
export function forgetVerified(path: string): void {
  try {
    const where = stampPath(path);
    if (where) rmSync(where.file, { force: true });
  } catch {
    // nothing kept
  }
}

function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_STAMPS) return;
  const aged = names
    .map((n) => {
      try {
        return { n, t: statSync(join(dir, n)).mtimeMs };
      } catch {
        return { n, t: 0 };
      }
    })
    .sort((a, b) => a.t - b.t);
  for (const { n } of aged.slice(0, names.length - MAX_STAMPS)) rmSync(join(dir, n), { force: true });
}
