/**
 * Opening a register file: one connection, WAL, synchronous=FULL, foreign keys, busy timeout.
 * A register is marked by SQLite's application_id so that other SQLite files are refused.
 *
 * Opening checks before it writes (docs/reliability-storage.md):
 * 1. the file's first 100 bytes (the SQLite header): not SQLite at all → NOT_A_REGISTER; the register mark in a
 *    broken header, or a file shorter than its header says → DAMAGED;
 * 2. a leftover `-wal` beside it (changes not yet written into the file, or one copied from elsewhere) → a copy
 *    of both files is kept before anything applies it;
 * 3. a read-only connection runs the register mark, `PRAGMA quick_check`, `foreign_key_check` and, when a `-wal`
 *    was left over, the history chain — the two whole-file checks only when the file may have changed since this
 *    app last checked it or left it (db/files/verified.ts: a stamp in the user's cache folder; no -wal waiting);
 * 4. only then is the file reopened read-write (or read-only, with a reason, for a newer version, a read-only
 *    file or a read-only folder) and migrated.
 * A damaged register is moved aside untouched (with its -wal and -shm) and the newest verified backup is offered
 * in the error's details. Every failure path closes every handle it opened.
 */
import Database from 'better-sqlite3';
import {
  accessSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { BackupOffer, DamagedDetails, ReadOnlyReason } from '../shared/domain.ts';
import { READ_ONLY_MESSAGES } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import { verifyHistory } from './history.ts';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations/index.ts';
import { trackOpenFile } from './files/open-files.ts';
import type { FileState } from './files/verified.ts';
import { fileState, forgetVerified, lastVerified, recordVerified, sameState } from './files/verified.ts';
import { removeStaleTemps } from './files/write.ts';
import { sqliteCode, storageError } from './transaction.ts';

export type { BackupOffer, DamagedDetails } from '../shared/domain.ts';

/** "RREG" */
export const APPLICATION_ID = 0x52524547;
const MARK = Buffer.from('RREG', 'ascii');
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** How many copies of a register taken before a leftover -wal was applied are kept beside it. */
const KEPT_WAL_COPIES = 3;

export interface OpenRegister {
  db: Database.Database;
  path: string;
  /** True when the file must not be written: see `readOnlyReason`. */
  readOnly: boolean;
  readOnlyReason: ReadOnlyReason | null;
  /** When a leftover -wal was found: where the copy of the file and its -wal taken before opening is kept. */
  keptCopy: string | null;
  /**
   * The file as it was opened and when its last full check passed (ms), so that a clean close can record the state
   * this app leaves it in (`closeRegister`); null when no state could be read.
   */
  verified?: { state: FileState; checkedAt: number } | null;
  /** Whether this open ran the whole-file checks (false: the file was as this app last checked or left it). */
  fullChecks?: boolean;
}

export interface OpenOptions {
  /** Folders besides the register's own where backups are looked for when it is damaged (the shell's default). */
  backupFolders?: readonly string[];
  /** The clock, for the names of files moved aside. */
  now?: () => Date;
}

function configure(db: Database.Database): void {
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
}

function ukDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** `council.riskregister` + `damaged-…` → `council.damaged-….riskregister` (the extension kept for the open dialog). */
function sibling(path: string, tag: string): string {
  const ext = extname(path);
  const stem = ext ? path.slice(0, -ext.length) : path;
  return `${stem}.${tag}${ext}`;
}

function osError(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function permissionDenied(path: string): AppError {
  return new AppError(
    'PERMISSION_DENIED',
    `You do not have permission to open ${path}. Ask whoever manages the folder (or IT) for access, or open a copy saved somewhere you can use.`,
  );
}

function notARegister(path: string, why: string): AppError {
  return new AppError(
    'NOT_A_REGISTER',
    `${path} is not a risk register file: ${why}. Choose a register file instead.`,
  );
}

function diskFull(path: string): AppError {
  return new AppError(
    'DISK_FULL',
    `${path} cannot be opened because the disk that holds it is full. Free some space on it, then open the register again.`,
  );
}

/** Can this process write here? Root passes every access check, so a file or folder marked read-only counts too. */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    return false;
  }
  return (statSync(path).mode & 0o222) !== 0;
}

/** The first 100 bytes: SQLite's database header. */
function readHeader(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = osError(e);
    if (code === 'EACCES' || code === 'EPERM') throw permissionDenied(path);
    if (code === 'EISDIR') throw notARegister(path, 'it is a folder');
    throw new AppError(
      'IO',
      `${path} cannot be read (${code ?? (e as Error).message}). Check the disk or network drive, then try again.`,
    );
  }
  try {
    const header = Buffer.alloc(100);
    const n = readSync(fd, header, 0, 100, 0);
    return header.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const hasMark = (header: Buffer) => header.length >= 72 && header.subarray(68, 72).equals(MARK);

/** What is wrong with the header of a file that has one, or null when it looks whole. */
function headerProblem(path: string, header: Buffer, walPending: boolean): string | null {
  const pageSizeField = header.readUInt16BE(16);
  const pageSize = pageSizeField === 1 ? 65536 : pageSizeField;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    return 'its header is damaged (impossible page size)';
  }
  const size = statSync(path).size;
  if (size % pageSize !== 0) return `it has been cut short (${size} bytes is not a whole number of pages)`;
  // The header's page count is valid when "version-valid-for" matches the change counter. With changes still in
  // a -wal the file can legitimately lag behind, so only a file without one is held to it.
  const pages = header.readUInt32BE(28);
  const valid = header.readUInt32BE(92) === header.readUInt32BE(24);
  if (!walPending && valid && pages > 0 && size < pages * pageSize) {
    return `it has been cut short (${size} bytes of the ${pages * pageSize} it should have)`;
  }
  return null;
}

class Damaged extends Error {}

/** The checks run on a read-only connection before anything is written. Throws Damaged or an AppError. */
function checkReadOnly(path: string, header: Buffer, walKept: boolean, full: boolean): { version: number } {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      if (hasMark(header)) throw new Damaged('its register mark has been overwritten');
      throw notARegister(path, 'it is a SQLite database of another program');
    }
    const quick = full
      ? (db.pragma('quick_check(20)', { simple: false }) as { quick_check: string }[])
      : null;
    if (quick && (quick.length !== 1 || quick[0]?.quick_check !== 'ok')) {
      throw new Damaged(
        `SQLite's check found damage: ${quick
          .map((r) => r.quick_check)
          .slice(0, 3)
          .join('; ')}`,
      );
    }
    const version = schemaVersion(db);
    const orphans = full ? (db.pragma('foreign_key_check') as unknown[]) : [];
    if (orphans.length > 0) {
      throw new Damaged(`${orphans.length} record(s) point at records that are not there`);
    }
    if (walKept && version <= LATEST_VERSION) {
      const chain = verifyHistory(db);
      if (!chain.ok) {
        throw new Damaged(
          `the changes waiting in its -wal file do not fit it (${chain.problem ?? 'history chain broken'})`,
        );
      }
    }
    return { version };
  } catch (e) {
    if (e instanceof Damaged || e instanceof AppError) throw e;
    const code = sqliteCode(e);
    if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT')) {
      if (hasMark(header) || walKept) throw new Damaged(`SQLite cannot read it (${code})`);
      throw notARegister(path, 'SQLite cannot read it');
    }
    if (code === 'SQLITE_CANTOPEN' || code?.startsWith('SQLITE_READONLY')) {
      throw new AppError(
        'PERMISSION_DENIED',
        `${path} cannot be opened, even to read: its folder does not let this program create the files SQLite needs beside it (${code}). Copy the register to a folder you can save in, such as Documents, and open the copy.`,
      );
    }
    if (code === 'SQLITE_FULL') throw diskFull(path);
    if (code?.startsWith('SQLITE_IOERR')) {
      throw new AppError(
        'IO',
        `${path} cannot be read (${code}). Check the disk or network drive, then try again.`,
      );
    }
    throw storageError(e);
  } finally {
    db?.close();
  }
}

/** Move a damaged register and its -wal and -shm aside, untouched (renamed, never deleted). */
function moveAside(path: string, when: Date): { movedTo: string; movedFiles: string[] } {
  let movedTo = sibling(path, `damaged-${stamp(when)}`);
  for (let n = 2; existsSync(movedTo); n++) movedTo = sibling(path, `damaged-${stamp(when)}-${n}`);
  const movedFiles: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(path + suffix)) continue;
    renameSync(path + suffix, movedTo + suffix);
    movedFiles.push(movedTo + suffix);
  }
  return { movedTo, movedFiles };
}

const REGISTER_EXTENSIONS = ['.riskregister', '.riskreg', '.sqlite', '.db'];

/** Is this file a whole register this app can open? Read-only: mark, quick_check, schema version. */
function verifiedBackup(path: string): boolean {
  try {
    if (!hasMark(readHeader(path))) return false;
    if (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0) return false;
  } catch {
    return false;
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return (
      db.pragma('application_id', { simple: true }) === APPLICATION_ID &&
      db.pragma('quick_check', { simple: true }) === 'ok' &&
      schemaVersion(db) <= LATEST_VERSION
    );
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/**
 * The newest verified backup of a register: register files in its own folder and in `folders` (the shell's
 * default backup folder) whose name says they are a backup (contains "backup", as the app's suggested name
 * "Risk register backup yyyy-mm-dd" does) or starts with the register's own name ("council (copy)"), newest first
 * by modification time, skipping the register itself, damaged copies moved aside and copies kept before a -wal
 * was applied. At most 20 candidates are checked, each read-only: register mark, quick_check, schema version.
 */
export function findNewestBackup(registerPath: string, folders: readonly string[] = []): BackupOffer | null {
  const self = resolve(registerPath);
  const ext = extname(self);
  const stem = basename(ext ? self.slice(0, -ext.length) : self);
  const seen = new Set<string>();
  const candidates: { path: string; mtime: number }[] = [];
  for (const folder of [dirname(self), ...folders.map((f) => resolve(f))]) {
    if (seen.has(folder)) continue;
    seen.add(folder);
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const full = join(folder, name);
      if (full === self || name.startsWith('.')) continue;
      if (!REGISTER_EXTENSIONS.includes(extname(name).toLowerCase())) continue;
      if (/\.(damaged|wal-kept)-\d{8}-\d{6}/.test(name)) continue;
      // Only files that are backups of this register by name: never another register that shares the folder.
      if (!name.startsWith(`${stem}`) && !/backup/i.test(name)) continue;
      try {
        const st = statSync(full);
        if (st.isFile() && st.size > 0) candidates.push({ path: full, mtime: st.mtimeMs });
      } catch {
        /* gone since the listing */
      }
    }
  }
  candidates.sort((a, b) => b.mtime - a.mtime);
  for (const c of candidates.slice(0, 20)) {
    if (verifiedBackup(c.path)) {
      const at = new Date(c.mtime);
      return { path: c.path, savedAt: at.toISOString(), savedOn: ukDate(at) };
    }
  }
  return null;
}

function damaged(path: string, reason: string, opts: OpenOptions): AppError {
  const when = (opts.now ?? (() => new Date()))();
  forgetVerified(path);
  const { movedTo, movedFiles } = moveAside(path, when);
  const backup = findNewestBackup(path, opts.backupFolders ?? []);
  const next = backup
    ? `Open the backup from ${backup.savedOn} (${basename(backup.path)}) to carry on.`
    : 'No verified backup was found beside it or in the backup folder; if you keep one elsewhere, open it.';
  const details: DamagedDetails = { reason, movedTo, movedFiles, backup };
  return new AppError(
    'DAMAGED',
    `${path} is damaged (${reason}), so it was not opened. It has been moved aside, unchanged, to ${basename(movedTo)}. ${next}`,
    details,
  );
}

/** Keep a copy of the register and its leftover -wal before SQLite applies the -wal; keep the newest few. */
function keepCopyBeforeWal(path: string, when: Date): string {
  let kept = sibling(path, `wal-kept-${stamp(when)}`);
  for (let n = 2; existsSync(kept); n++) kept = sibling(path, `wal-kept-${stamp(when)}-${n}`);
  try {
    copyFileSync(path, kept);
    copyFileSync(`${path}-wal`, `${kept}-wal`);
  } catch (e) {
    rmSync(kept, { force: true });
    rmSync(`${kept}-wal`, { force: true });
    if (osError(e) === 'ENOSPC') throw diskFull(path);
    if (osError(e) === 'EACCES' || osError(e) === 'EPERM' || osError(e) === 'EROFS') return '';
    throw new AppError(
      'IO',
      `Could not keep a copy of ${path} before opening it (${(e as Error).message}). Nothing was changed.`,
    );
  }
  // Prune: only the newest KEPT_WAL_COPIES copies of this register stay.
  const ext = extname(path);
  const prefix = `${basename(ext ? path.slice(0, -ext.length) : path)}.wal-kept-`;
  const copies = readdirSync(dirname(path))
    .filter((n) => n.startsWith(prefix) && n.endsWith(ext))
    .sort()
    .reverse();
  for (const old of copies.slice(KEPT_WAL_COPIES)) {
    rmSync(join(dirname(path), old), { force: true });
    rmSync(join(dirname(path), `${old}-wal`), { force: true });
  }
  return kept;
}

/** Create a new register file. Refuses to touch a file that already exists. */
export function createRegisterFile(path: string): OpenRegister {
  if (existsSync(path)) {
    throw new AppError('IO', `${path} already exists. Choose a new file name, or open it instead.`);
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(path);
    configure(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    trackOpenFile(db, path);
    // Made by this app just now: as checked as a file can be. The stamp is written when it is closed cleanly.
    const state = fileState(path);
    const verified = state ? { state, checkedAt: Date.now() } : null;
    return { db, path, readOnly: false, readOnlyReason: null, keptCopy: null, verified };
  } catch (e) {
    db?.close();
    // A half-made new file is ours to remove; nothing of the user's was in it.
    if (db) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    if (e instanceof AppError) throw e;
    const code = sqliteCode(e) ?? osError(e);
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') throw diskFull(path);
    if (
      code === 'EACCES' ||
      code === 'EPERM' ||
      code === 'SQLITE_CANTOPEN' ||
      code?.startsWith('SQLITE_READONLY')
    ) {
      throw new AppError(
        'PERMISSION_DENIED',
        `Cannot create ${path}: this program may not save in that folder. Choose a folder you can save in, such as Documents.`,
      );
    }
    throw new AppError('IO', `Cannot create ${path}: ${(e as Error).message}`);
  }
}

/** Open an existing register file, after checking it read-only, migrating it forward if it is older than this app. */
export function openRegisterFile(path: string, opts: OpenOptions = {}): OpenRegister {
  if (!existsSync(path)) {
    throw new AppError('NOT_FOUND', `There is no file at ${path}. Check the path, or create a new register.`);
  }
  if (statSync(path).isDirectory()) throw notARegister(path, 'it is a folder');
  const header = readHeader(path);
  if (header.length === 0) throw notARegister(path, 'it is empty (0 bytes)');
  const walPath = `${path}-wal`;
  const walPending = existsSync(walPath) && statSync(walPath).size > 0;
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    if (hasMark(header)) throw damaged(path, 'the start of the file has been overwritten', opts);
    throw notARegister(path, 'it is not a SQLite database');
  }
  const problem = headerProblem(path, header, walPending);
  if (problem) {
    if (hasMark(header)) throw damaged(path, problem, opts);
    throw notARegister(path, `it is a damaged SQLite file without the register mark (${problem})`);
  }

  const now = opts.now ?? (() => new Date());
  const folderWritable = writable(dirname(resolve(path)));
  const fileWritable = writable(path);
  const keptCopy = walPending && folderWritable ? keepCopyBeforeWal(path, now()) || null : null;

  // The whole-file checks (quick_check, foreign_key_check) are skipped only for a file in exactly the state this app
  // last checked or left it in, with no -wal waiting (db/files/verified.ts).
  const before = fileState(path);
  const nowMs = Date.now();
  const trustedAt = !walPending && before ? lastVerified(path, before, nowMs) : null;
  let version: number;
  try {
    ({ version } = checkReadOnly(path, header, walPending, trustedAt === null));
  } catch (e) {
    if (e instanceof Damaged) throw damaged(path, e.message, opts);
    throw e;
  }
  let verified: OpenRegister['verified'] = null;
  if (trustedAt !== null && before) verified = { state: before, checkedAt: trustedAt };
  else if (!walPending && before) {
    // Checked in full just now: stamp it, unless it changed while it was being read.
    const after = fileState(path);
    if (after && sameState(before, after)) {
      recordVerified(path, after, nowMs);
      verified = { state: after, checkedAt: nowMs };
    }
  } else if (walPending) {
    // The -wal has been checked with the file; the state to compare at close is the file's after SQLite applies it.
    const after = fileState(path);
    if (after) verified = { state: after, checkedAt: nowMs };
  }

  const readOnlyReason: ReadOnlyReason | null =
    version > LATEST_VERSION
      ? 'newer-version'
      : !fileWritable
        ? 'file-read-only'
        : !folderWritable
          ? 'folder-read-only'
          : null;
  let db: Database.Database | null = null;
  try {
    if (readOnlyReason) {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      schemaVersion(db);
      trackOpenFile(db, path);
      return { db, path, readOnly: true, readOnlyReason, keptCopy, verified, fullChecks: trustedAt === null };
    }
    db = new Database(path, { fileMustExist: true });
    configure(db);
    migrate(db);
    trackOpenFile(db, path);
    // A backup or export killed mid-write leaves a temp file of ours beside the register: remove it.
    removeStaleTemps(dirname(path));
    return {
      db,
      path,
      readOnly: false,
      readOnlyReason: null,
      keptCopy,
      verified,
      fullChecks: trustedAt === null,
    };
  } catch (e) {
    db?.close();
    if (e instanceof AppError) throw e;
    const code = sqliteCode(e) ?? osError(e);
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') throw diskFull(path);
    if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN') throw permissionDenied(path);
    throw storageError(e);
  }
}

/**
 * A second connection for writing to a register the app already has open read-write (`openRegisterFile` checked,
 * migrated and opened it): a worker's, for an import's commit off the main process's thread (db/work/jobs.ts). The
 * same settings as the app's own connection (`configure`: busy timeout, foreign keys, WAL, synchronous FULL); a
 * register of another schema version than this app's (a newer app wrote to it since) is refused, nothing written.
 * The caller closes it.
 */
export function openRegisterForWriting(path: string): Database.Database {
  if (!existsSync(path)) {
    throw new AppError('NOT_FOUND', `There is no file at ${path}. Check the path, or create a new register.`);
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true });
    configure(db);
    const version = schemaVersion(db);
    if (version > LATEST_VERSION) throw new AppError('READ_ONLY', READ_ONLY_MESSAGES['newer-version']);
    if (version < LATEST_VERSION) {
      throw new AppError(
        'CONFLICT',
        `${basename(path)} is not at this app's version (${version} < ${LATEST_VERSION}). Open it again, then import.`,
      );
    }
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof AppError) throw e;
    const code = sqliteCode(e) ?? osError(e);
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') throw diskFull(path);
    if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN') throw permissionDenied(path);
    throw storageError(e);
  }
}

/**
 * Close a register opened by `openRegisterFile` or `createRegisterFile`, and record the state this app leaves it in
 * (db/files/verified.ts) when the close is clean: the connection closed, no -wal left beside the file (every change
 * is in the file itself), and the file at the path is still the one that was opened (same device and inode).
 * Otherwise nothing is recorded and the next open runs the full checks.
 */
export function closeRegister(open: OpenRegister): void {
  open.db.close();
  const v = open.verified;
  if (!v || open.db.open) return;
  try {
    const wal = `${open.path}-wal`;
    if (existsSync(wal) && statSync(wal).size > 0) return;
  } catch {
    return;
  }
  const now = fileState(open.path);
  if (!now || now.dev !== v.state.dev || now.ino !== v.state.ino) return;
  recordVerified(open.path, now, v.checkedAt);
}
