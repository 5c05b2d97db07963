/** Size limits of an import, each with an error that says what to do. */
import { cellText } from './cells.ts';
import { AppError } from '../errors.ts';
import type { SourceTable } from './types.ts';

export const IMPORT_LIMITS = {
  /** 100 MB: a 100,000-risk register with long descriptions and mitigations is about 40 MB as CSV. */
  fileBytes: 100 * 1024 * 1024,
  /** Rows under the header: twice the largest consolidated register the app promises to stay fluid with. */
  rows: 200_000,
  /** Excel's own limit for a cell. */
  cellChars: 32_767,
  /** Title and blank rows a sheet may have above its header, beyond `rows`, before reading stops. */
  rowsAboveHeader: 100,
  /**
   * An XLSX is a zip: what its parts may unzip to, in all (160 MB: a 100,000-risk register of a dozen columns of
   * text is about 90 MB of sheet XML and shared strings), counted while unzipping.
   */
  xlsxUnzippedBytes: 160 * 1024 * 1024,
  /** Cells in all the workbook's sheets (100,000 rows × 20 columns), counted while unzipping. */
  xlsxCells: 2_000_000,
  /** Parts in the zip (a register workbook has a few dozen). */
  xlsxParts: 1_000,
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

/**
 * Checked while reading, before a table is built: more rows than a register can hold with its header and titles
 * means the file is refused without parsing the rest.
 */
export function checkRowsWhileReading(rows: number, where = 'The file'): void {
  if (rows > IMPORT_LIMITS.rows + IMPORT_LIMITS.rowsAboveHeader) {
    throw new AppError(
      'VALIDATION',
      `${where} has more than ${fmt(IMPORT_LIMITS.rows + IMPORT_LIMITS.rowsAboveHeader)} rows; an import can hold ` +
        `at most ${fmt(IMPORT_LIMITS.rows)} under its header. Delete any empty rows below the register, or split ` +
        'the file, then import each part.',
      { limit: 'rows', rows },
    );
  }
}

/** An XLSX whose parts unzip to more than a register needs (a "zip bomb", or pictures and other sheets). */
export function unzippedTooLarge(what: 'bytes' | 'cells' | 'parts', amount: number): AppError {
  const limit =
    what === 'bytes'
      ? `${IMPORT_LIMITS.xlsxUnzippedBytes / 1024 / 1024} MB unzipped`
      : what === 'cells'
        ? `${fmt(IMPORT_LIMITS.xlsxCells)} cells`
        : `${fmt(IMPORT_LIMITS.xlsxParts)} parts`;
  return new AppError(
    'VALIDATION',
    `The workbook is larger inside than an import can read (more than ${limit}); reading stopped there. ` +
      'Copy only the register (one sheet, values only, no pictures) into a new workbook, or save it as CSV, ' +
      'then import again.',
    { limit: `xlsx-${what}`, amount },
  );
}

/** A cell longer than Excel allows stops the import before any row is checked. */
export function checkTableLimits(table: SourceTable, columnName: (index: number) => string): void {
  for (const row of table.rows) {
    const cells = row.cells;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      // A number's text (String(n)) is never near the limit: not made just to be measured (issue 14).
      if (typeof cell === 'number') continue;
      const length = cellText(cell).length;
      if (length > IMPORT_LIMITS.cellChars) {
        throw new AppError(
          'VALIDATION',
          `Row ${row.row}, column ${columnName(i)} holds ${fmt(length)} characters; a cell can hold at most ` +
            `${fmt(IMPORT_LIMITS.cellChars)}. Shorten it, then import again.`,
          { limit: 'cellChars', row: row.row, column: i },
        );
      }
    }
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
