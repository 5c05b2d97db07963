/** Never half-write the user's file: write a temp file beside it, flush it to disk, then rename over. */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.ts';

export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    const fd = openSync(temp, 'wx');
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing to clean up where the folder itself is missing or not a folder (ENOTDIR).
    }
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'EBUSY' || err.code === 'EPERM' || err.code === 'EACCES'
        ? ' It may be open in Excel, or the folder may be read-only: close it, or choose another name.'
        : err.code === 'ENOENT' || err.code === 'ENOTDIR'
          ? ' The folder does not exist: choose another place to save it.'
          : '';
    throw new AppError('IO', `${basename(path)} could not be written (${err.code ?? err.message}).${why}`);
  }
}
