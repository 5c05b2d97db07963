/** The register that is open in this process. The handler table reaches the database only through this. */
import type Database from 'better-sqlite3';
import { AppError } from '../shared/errors.ts';
import { READ_ONLY_MESSAGES } from '../shared/domain.ts';
import type { ReadOnlyReason } from '../shared/domain.ts';
import type { OpenOptions, OpenRegister } from './connection.ts';
import { closeRegister, createRegisterFile, openRegisterFile } from './connection.ts';

export class RegisterSession {
  #open: OpenRegister | null = null;
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

  /** The open register for writing; refuses a register from a newer version of the app. */
  writable(): Database.Database {
    const db = this.db;
    if (this.#open?.readOnly) {
      throw new AppError('READ_ONLY', READ_ONLY_MESSAGES[this.#open.readOnlyReason ?? 'newer-version']);
    }
    return db;
  }

  open(path: string): void {
    const next = openRegisterFile(path, this.#options);
    this.close();
    this.#open = next;
  }

  create(path: string): void {
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
