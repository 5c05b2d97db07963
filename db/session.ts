/** The register that is open in this process. The handler table reaches the database only through this. */
import type Database from 'better-sqlite3';
import { AppError } from '../shared/errors.ts';
import type { OpenRegister } from './connection.ts';
import { createRegisterFile, openRegisterFile } from './connection.ts';

export class RegisterSession {
  #open: OpenRegister | null = null;

  get isOpen(): boolean {
    return this.#open !== null;
  }

  get path(): string | null {
    return this.#open?.path ?? null;
  }

  get readOnly(): boolean {
    return this.#open?.readOnly ?? false;
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
      throw new AppError(
        'READ_ONLY',
        'This register was saved by a newer version of Risk Register, so it is open read-only. Update the app to edit it.',
      );
    }
    return db;
  }

  open(path: string): void {
    const next = openRegisterFile(path);
    this.close();
    this.#open = next;
  }

  create(path: string): void {
    const next = createRegisterFile(path);
    this.close();
    this.#open = next;
  }

  close(): void {
    this.#open?.db.close();
    this.#open = null;
  }
}
