/**
 * Backups of the open register with SQLite's `VACUUM INTO` (a consistent copy of a live database, never a file
 * copy): written to a temp file beside the target, checked (integrity and the register mark), then renamed over it.
 * A failed backup leaves no file behind and never touches the register.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../shared/errors.ts';
import { APPLICATION_ID } from './connection.ts';
import { historyHead as headOf } from './history.ts';

export interface BackupResult {
  path: string;
  bytes: number;
  risks: number;
  /** The copy's history head, `SEQ:HASH`. */
  historyHead: string;
}

export function backupRegister(db: Database.Database, registerPath: string, target: string): BackupResult {
  const out = resolve(target);
  if (out === resolve(registerPath)) {
    throw new AppError(
      'VALIDATION',
      'A backup cannot replace the register itself. Choose another file name.',
    );
  }
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) {
    throw new AppError('IO', `Cannot back up to ${out}: the folder ${dirname(out)} does not exist.`);
  }
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    const copy = new Database(tmp, { readonly: true, fileMustExist: true });
    try {
      const integrity = copy.pragma('integrity_check', { simple: true });
      const appId = copy.pragma('application_id', { simple: true });
      if (integrity !== 'ok' || appId !== APPLICATION_ID) {
        throw new AppError('IO', `The backup did not check out (${String(integrity)}); nothing was written.`);
      }
      const risks = copy
        .prepare('SELECT COUNT(*) FROM risks WHERE archived_at IS NULL')
        .pluck()
        .get() as number;
      const historyHead = headOf(copy).head;
      copy.close();
      renameSync(tmp, out);
      return { path: out, bytes: statSync(out).size, risks, historyHead };
    } finally {
      if (copy.open) copy.close();
    }
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing to clean up.
    }
    if (e instanceof AppError) throw e;
    throw new AppError('IO', `Cannot back up to ${out}: ${(e as Error).message}`);
  }
}
