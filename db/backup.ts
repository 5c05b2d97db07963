/**
 * Backups of the open register with SQLite's `VACUUM INTO` (a consistent copy of a live database, never a file
 * copy): written to a temp file beside the target, checked (integrity and the register mark), then moved into place
 * by the one file writer (fsync, rename, fsync the folder). A failed backup leaves no file behind and never touches
 * the register; a killed one leaves a temp file that the next backup to that folder (or the next open) removes.
 */
import Database from 'better-sqlite3';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../shared/errors.ts';
import { APPLICATION_ID } from './connection.ts';
import { assertNotOpenFile } from './files/open-files.ts';
import { assertWritableTarget, commitTempFile, removeStaleTemps, tempPathFor } from './files/write.ts';
import { historyHead as headOf } from './history.ts';

export interface BackupResult {
  path: string;
  bytes: number;
  risks: number;
  /** The copy's history head, `SEQ:HASH`. */
  historyHead: string;
}

export function backupRegister(
  db: Database.Database,
  registerPath: string,
  target: string,
  protect: readonly string[] = [],
): BackupResult {
  const out = resolve(target);
  assertNotOpenFile(out, [registerPath, ...protect]);
  assertWritableTarget(out, 'backup', protect);
  removeStaleTemps(dirname(out));
  const tmp = tempPathFor(out);
  try {
    rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    const copy = new Database(tmp, { readonly: true, fileMustExist: true });
    let risks: number;
    let historyHead: string;
    try {
      const integrity = copy.pragma('integrity_check', { simple: true });
      const appId = copy.pragma('application_id', { simple: true });
      if (integrity !== 'ok' || appId !== APPLICATION_ID) {
        throw new AppError('IO', `The backup did not check out (${String(integrity)}); nothing was written.`);
      }
      risks = copy.prepare('SELECT COUNT(*) FROM risks WHERE archived_at IS NULL').pluck().get() as number;
      historyHead = headOf(copy).head;
    } finally {
      copy.close();
    }
    commitTempFile(tmp, out, [registerPath, ...protect]);
    return { path: out, bytes: statSync(out).size, risks, historyHead };
  } catch (e) {
    for (const side of ['', '-journal', '-wal', '-shm']) rmSync(tmp + side, { force: true });
    if (e instanceof AppError) throw e;
    throw new AppError('IO', `Cannot back up to ${out}: ${(e as Error).message}`);
  }
}

/**
 * A consistent copy of the open register as bytes (`VACUUM INTO` a temp file beside `besidePath`, read, removed):
 * what a team register's publish uploads as the base image that a joining laptop starts from.
 */
export function registerImage(db: Database.Database, besidePath: string): Buffer {
  const tmp = tempPathFor(besidePath);
  rmSync(tmp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    return readFileSync(tmp);
  } finally {
    rmSync(tmp, { force: true });
  }
}
