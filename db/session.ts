/** The register that is open in this process. The handler table reaches the database only through this. */
import type Database from 'better-sqlite3';
import { AppError } from '../shared/errors.ts';
import { READ_ONLY_MESSAGES } from '../shared/domain.ts';
import type { ReadOnlyReason } from '../shared/domain.ts';
import type { OpenOptions, OpenRegister } from './connection.ts';
import { closeRegister, createRegisterFile, openRegisterFile } from './connection.ts';
import { markWritingElsewhere, WRITING_ELSEWHERE_MESSAGE } from './transaction.ts';

/**
 * Thrown by `writable()`, `open()` and `create()` while this process writes into the open register through another
 * connection (an import's commit in the worker, `holdWrites`). The handler table (db/handlers/index.ts) catches it,
 * waits for `until` and runs the handler again, so the write lands after the import instead of blocking the window's
 * thread on SQLite's busy timeout; anything else that meets it gets a clear BUSY refusal (an AppError).
 */
export class WritingElsewhere extends AppError {
  readonly until: Promise<void>;
  constructor(until: Promise<void>) {
    super('BUSY', WRITING_ELSEWHERE_MESSAGE);
    this.until = until;
  }
}

export class RegisterSession {
  #open: OpenRegister | null = null;
  /** Settles when the write elsewhere (`holdWrites`) ends; null when there is none. */
  #elsewhere: Promise<void> | null = null;
  readonly #options: OpenOptions;

  /** `options.backupFolders`: where, besides a register's own folder, backups are looked for when it is damaged. */
  constructor(options: OpenOptions = {}) {
    this.#options = options;
  }

  get isOpen(): boolean {
    return this.#open !== null;
  }

  get path(): string | null {
    return this.#open?.path ?? null;
  }

  get readOnly(): boolean {
    return this.#open?.readOnly ?? false;
  }

  get readOnlyReason(): ReadOnlyReason | null {
    return this.#open?.readOnlyReason ?? null;
  }

  /** The copy kept before a leftover -wal was applied on opening, or null. */
  get keptCopy(): string | null {
    return this.#open?.keptCopy ?? null;
  }

  /** The open register, or a NO_REGISTER error that tells the user what to do. */
  get db(): Database.Database {
    if (!this.#open)
      throw new AppError('NO_REGISTER', 'No register is open. Open a register file or create a new one.');
    return this.#open.db;
  }

  /**
   * The write into this register that another connection of this process is making now (`holdWrites`), as a
   * promise that settles (never rejects) when it ends; null when there is none. Code that has already done
   * something it must not repeat waits with `while (session.writingElsewhere) await session.writingElsewhere;`
   * and then writes in the same turn (no await between the check and the write).
   */
  get writingElsewhere(): Promise<void> | null {
    return this.#elsewhere;
  }

  /**
   * Run `write` (a write into the open register through another connection: the worker's import commit) holding
   * the gate: until it settles, `writable()`, `open()` and `create()` throw `WritingElsewhere` (the handlers wait
   * and run again) and a write transaction on this connection is refused BUSY instead of blocking the thread.
   * One at a time: while another holds the gate it throws `WritingElsewhere` too.
   *
   * `after`, when given, runs once `write` has succeeded and its answer has gone (the next turn of the event loop),
   * still holding the gate: the import's checkpoint, so that the writes waiting do not run into the import's WAL
   * (their COMMIT would copy it into the register on this thread: ~0.4 s at 100,000 rows). Its failure is ignored.
   */
  holdWrites<T>(write: () => Promise<T>, after?: () => Promise<unknown>): Promise<T> {
    if (this.#elsewhere) throw new WritingElsewhere(this.#elsewhere);
    const db = this.#open?.db ?? null;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#elsewhere = held;
    if (db) markWritingElsewhere(db, true);
    const end = () => {
      // Cleared before the waiters run, so the first of them finds the register free.
      if (db) markWritingElsewhere(db, false);
      this.#elsewhere = null;
      release();
    };
    let out: Promise<T>;
    try {
      out = write();
    } catch (e) {
      end();
      throw e;
    }
    if (!after) return out.finally(end);
    out.then(
      () =>
        new Promise<void>((resolve) => setImmediate(resolve))
          .then(after)
          .catch(() => undefined)
          .finally(end),
      end,
    );
    return out;
  }

  /** The open register for writing; refuses a register from a newer version of the app. */
  writable(): Database.Database {
    const db = this.db;
    if (this.#elsewhere) throw new WritingElsewhere(this.#elsewhere);
    if (this.#open?.readOnly) {
      throw new AppError('READ_ONLY', READ_ONLY_MESSAGES[this.#open.readOnlyReason ?? 'newer-version']);
    }
    return db;
  }

  /** Open `path` in place of the open register; not while an import is written into that (`WritingElsewhere`). */
  open(path: string): void {
    if (this.#elsewhere) throw new WritingElsewhere(this.#elsewhere);
    const next = openRegisterFile(path, this.#options);
    this.close();
    this.#open = next;
  }

  create(path: string): void {
    if (this.#elsewhere) throw new WritingElsewhere(this.#elsewhere);
    const next = createRegisterFile(path);
    this.close();
    this.#open = next;
  }

  /** Close the register; a clean close records the state it is left in, so the next open need not read it all. */
  close(): void {
    if (this.#open) closeRegister(this.#open);
    this.#open = null;
  }
}
