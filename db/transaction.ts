/**
 * The only place in db/ that opens a SQLite transaction (ESLint refuses `.transaction(` elsewhere in db/).
 *
 * Writes begin IMMEDIATE: a deferred transaction that reads first and then writes takes its write lock mid-way,
 * and when another process wrote in between, SQLite answers SQLITE_BUSY at once without waiting on the busy
 * timeout ("database is locked"). BEGIN IMMEDIATE takes the write lock up front, so a busy register waits
 * (busy_timeout, see connection.ts) instead of failing. Reads stay deferred: in WAL mode they never wait on a writer.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../shared/errors.ts';

/** What a write is told while an import is being written into its register by the worker (issue 14). */
export const WRITING_ELSEWHERE_MESSAGE =
  'An import is being written into this register. Nothing was saved: try again in a moment.';

/**
 * The connections whose register this process is writing into through another connection now (an import's commit
 * in the worker: db/session.ts `holdWrites`). A write on one of them would wait on SQLite's busy timeout, which
 * blocks this thread (better-sqlite3 is synchronous): the window would freeze for the rest of the import. The
 * handlers wait for the import before they write (the session's gate); a write that did not is refused here at
 * once with BUSY rather than freezing the window.
 */
const writingElsewhere = new WeakSet<Database>();

/** Mark (or unmark) `db` as one whose register another connection of this process is writing into. */
export function markWritingElsewhere(db: Database, on: boolean): void {
  if (on) writingElsewhere.add(db);
  else writingElsewhere.delete(db);
}

/** Run `fn` in one write transaction (BEGIN IMMEDIATE), all or nothing. Nested calls become savepoints. */
export function writeTransaction<T>(db: Database, fn: () => T): T {
  if (!db.inTransaction && writingElsewhere.has(db)) throw new AppError('BUSY', WRITING_ELSEWHERE_MESSAGE);
  try {
    // eslint-disable-next-line no-restricted-syntax -- the one sanctioned call site
    return db.transaction(fn).immediate();
  } catch (e) {
    throw storageError(e);
  }
}

/**
 * A write transaction that writes many rows (an import's commit): `writeTransaction` with SQLite's temporary files
 * kept in memory (`PRAGMA temp_store = MEMORY`) while it runs, and the setting put back after.
 *
 * Each multi-row INSERT inside a transaction keeps a statement journal (the pages it changes, as they were, so that a
 * failing row undoes only its statement); past 64 KiB SQLite spills that journal to a temporary file. With the
 * default temp_store every such statement wrote its pages to a file: at 100,000 risks 1.2 GB of `pwrite`s (823,000
 * system calls, ~0.7 s of CPU) that were never read back (issue 14). In memory the journal is the same pages copied
 * once, bounded by one statement's pages. Nothing written to the register changes. The setting is per connection and
 * cannot change inside a transaction: a nested call (already in a transaction) runs as a plain savepoint.
 *
 * The COMMIT does not checkpoint either (`PRAGMA wal_autocheckpoint = 0` while it runs, put back after): at 100,000
 * risks the automatic checkpoint at the end of the COMMIT copied ~210 MB from the WAL into the register while the
 * user waited for the answer. The WAL is fsynced at COMMIT (synchronous = FULL), so the rows are durable without it;
 * the caller runs the checkpoint after answering (`checkpointRegister`, off the window's thread in the app), and if
 * it never does, the next write's COMMIT or the connection's close checkpoints as before.
 */
export function bulkWriteTransaction<T>(db: Database, fn: () => T): T {
  if (db.inTransaction) return writeTransaction(db, fn);
  const before = db.pragma('temp_store', { simple: true }) as number;
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('temp_store = MEMORY');
  db.pragma('wal_autocheckpoint = 0');
  try {
    return writeTransaction(db, fn);
  } finally {
    db.pragma(`temp_store = ${before}`);
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
  }
}

/**
 * Copy what the WAL holds into the register file, without waiting on anyone (`wal_checkpoint(PASSIVE)`: readers
 * and writers carry on; pages a reader still needs are left for the next checkpoint). Run on a connection of its
 * own (a worker's), after a `bulkWriteTransaction` has answered. Returns SQLite's counts: WAL frames, frames copied.
 */
export function checkpointPassive(db: Database): { log: number; checkpointed: number } {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  return { log: r?.log ?? 0, checkpointed: r?.checkpointed ?? 0 };
}

/** Run `fn` in one read transaction, so every statement in it sees the same state of the register. */
export function readTransaction<T>(db: Database, fn: () => T): T {
  try {
    // eslint-disable-next-line no-restricted-syntax -- the one sanctioned call site
    return db.transaction(fn).deferred();
  } catch (e) {
    throw storageError(e);
  }
}

/** better-sqlite3's SqliteError carries SQLite's extended result code name, e.g. SQLITE_BUSY_SNAPSHOT. */
export function sqliteCode(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/**
 * Turn a SQLite failure into an AppError that says what happened and what to do next. AppErrors (the app's own
 * refusals, thrown inside the transaction) pass through unchanged; anything else is left as it is.
 */
export function storageError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const code = sqliteCode(e);
  if (!code) return e;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(
      'BUSY',
      'Another window or program is saving to this register and did not finish in time, so nothing was saved. Try again in a moment.',
      { sqlite: code },
    );
  }
  if (code === 'SQLITE_FULL') {
    return new AppError(
      'DISK_FULL',
      'The disk that holds this register is full, so nothing was saved. Free some space on it, then try again.',
      { sqlite: code },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError(
      'READ_ONLY',
      'This register cannot be written to any more (the file or its folder became read-only), so nothing was saved. Check the file and folder permissions, then open the register again.',
      { sqlite: code },
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new AppError(
      'DAMAGED',
      'The register file is damaged, so nothing was saved. Close it and open it again: Risk Register will check it and offer your newest backup.',
      { sqlite: code },
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new AppError(
      'IO',
      `The computer could not read or write the register file (${code}), so nothing was saved. Check the disk or network drive, then try again.`,
      { sqlite: code },
    );
  }
  return e;
}
