/** Size limits of an import, each with an error that says what to do. */
import { AppError } from '../errors.ts';
import type { SourceTable } from './types.ts';

export const IMPORT_LIMITS = {
  /** 100 MB: a 100,000-risk register with long descriptions and mitigations is about 40 MB as CSV. */
  fileBytes: 100 * 1024 * 1024,
  /** Rows under the header: twice the largest consolidated register the app promises to stay fluid with. */
  rows: 200_000,
  /** Excel's own limit for a cell. */
  cellChars: 32_767,
} as const;

const fmt = (n: number) => n.toLocaleString('en-GB');

export function checkFileSize(bytes: number): void {
  if (bytes > IMPORT_LIMITS.fileBytes) {
    throw new AppError(
      'VALIDATION',
      `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; an import can be at most ${fmt(IMPORT_LIMITS.fileBytes / 1024 / 1024)} MB. ` +
        'Save only the register (one sheet, no pictures) to a new file, or split it, then import again.',
      { limit: 'fileBytes', bytes },
    );
  }
}

export function checkRowCount(rows: number): void {
  if (rows > IMPORT_LIMITS.rows) {
    throw new AppError(
      'VALIDATION',
      `The file has ${fmt(rows)} rows under its header; an import can hold at most ${fmt(IMPORT_LIMITS.rows)}. ` +
        'Split the file, then import each part.',
      { limit: 'rows', rows },
    );
  }
}

/** A cell longer than Excel allows stops the import before any row is checked. */
export function checkTableLimits(table: SourceTable, columnName: (index: number) => string): void {
  for (const row of table.rows) {
    row.cells.forEach((cell, i) => {
      if (cell.text.length > IMPORT_LIMITS.cellChars) {
        throw new AppError(
          'VALIDATION',
          `Row ${row.row}, column ${columnName(i)} holds ${fmt(cell.text.length)} characters; a cell can hold at most ` +
            `${fmt(IMPORT_LIMITS.cellChars)}. Shorten it, then import again.`,
          { limit: 'cellChars', row: row.row, column: i },
        );
      }
    });
  }
}

/** A, B, … Z, AA, AB: the column letters Excel shows. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
