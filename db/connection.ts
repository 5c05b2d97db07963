/**
 * Opening a register file: one connection, WAL, synchronous=FULL, foreign keys, busy timeout.
 * A register is marked by SQLite's application_id so that other SQLite files are refused.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../shared/errors.ts';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations/index.ts';
import { trackOpenFile } from './files/open-files.ts';
import { removeStaleTemps } from './files/write.ts';

/** "RREG" */
export const APPLICATION_ID = 0x52524547;

export interface OpenRegister {
  db: Database.Database;
  path: string;
  /** True when the file comes from a newer version of the app: readable, never written. */
  readOnly: boolean;
}

function configure(db: Database.Database): void {
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
}

/** Create a new register file. Refuses to touch a file that already exists. */
export function createRegisterFile(path: string): OpenRegister {
  if (existsSync(path)) {
    throw new AppError('IO', `${path} already exists. Choose a new file name, or open it instead.`);
  }
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (e) {
    throw new AppError('IO', `Cannot create ${path}: ${(e as Error).message}`);
  }
  configure(db);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db);
  trackOpenFile(db, path);
  return { db, path, readOnly: false };
}

/** Open an existing register file, migrating it forward if it is older than this app. */
export function openRegisterFile(path: string): OpenRegister {
  if (!existsSync(path)) {
    throw new AppError('NOT_FOUND', `There is no file at ${path}. Check the path, or create a new register.`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      db.close();
      throw new AppError('NOT_A_REGISTER', `${path} is not a risk register file.`);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('NOT_A_REGISTER', `${path} is not a risk register file (${(e as Error).message}).`);
  }
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) {
    db.close();
    const ro = new Database(path, { readonly: true, fileMustExist: true });
    ro.pragma('busy_timeout = 5000');
    trackOpenFile(ro, path);
    return { db: ro, path, readOnly: true };
  }
  configure(db);
  migrate(db);
  trackOpenFile(db, path);
  // A backup or export killed mid-write leaves a temp file of ours beside the register: remove it.
  removeStaleTemps(dirname(path));
  return { db, path, readOnly: false };
}
