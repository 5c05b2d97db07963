/** Reading an import file from disk: size limit, format by content, encoding, then rows of cells. */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { csvToTable, type CsvText } from '../../shared/import/csv.ts';
import {
  checkFileSize,
  checkRowsWhileReading,
  checkTableLimits,
  columnLetter,
  IMPORT_LIMITS,
} from '../../shared/import/limits.ts';
import type { ImportMapping, ImportPreview, SourceTable } from '../../shared/import/types.ts';
import { decodeTextSegments, mixedEncodingWarning } from './decode.ts';
import { readXlsx } from './xlsx.ts';

export interface ImportFile {
  path: string;
  fileName: string;
  format: ImportPreview['format'];
  encoding: ImportPreview['encoding'];
  sheet: string | null;
  /** XLSX: the visible sheets that hold anything. */
  sheets?: string[];
  fileHash: string;
  table: SourceTable;
  /** What the reading itself noticed (a file of mixed encodings), shown first among the preview's notes. */
  notes: string[];
}

/**
 * Records of a CSV text that hold anything, counted without building them (newlines inside quotes belong to a cell).
 * Stops counting once past `stopAfter`: the caller only needs to know the file is too long.
 */
export function countCsvRecords(text: CsvText, stopAfter: number): number {
  let records = 0;
  let inQuotes = false;
  let hasContent = false;
  // Line by line with indexOf (no character-at-a-time loop over the whole text: 43 million characters at 100,000
  // rows): a line without a quote holds anything when one of its characters is not a separator or blank, which is
  // almost always its first; every quote toggles, as before, and a newline inside quotes does not end a record.
  for (const piece of typeof text === 'string' ? [text] : text) {
    const n = piece.length;
    let i = 0;
    let quote = piece.indexOf('"');
    while (i < n) {
      if (inQuotes) {
        if (quote < 0) break; // the rest of the piece is inside quotes
        inQuotes = false;
        i = quote + 1;
        quote = piece.indexOf('"', i);
        continue;
      }
      let nl = piece.indexOf('\n', i);
      if (nl < 0) nl = n;
      if (quote >= 0 && quote < nl) {
        inQuotes = true;
        hasContent = true;
        i = quote + 1;
        quote = piece.indexOf('"', i);
        continue;
      }
      for (let k = i; !hasContent && k < nl; k++) {
        const ch = piece.charCodeAt(k);
        if (ch !== 0x0d && ch !== 0x2c && ch !== 0x3b && ch !== 0x09 && ch !== 0x20) hasContent = true;
      }
      if (nl === n) break;
      if (hasContent && ++records > stopAfter) return records;
      hasContent = false;
      i = nl + 1;
    }
  }
  return hasContent ? records + 1 : records;
}

/** SHA-256 of a file's bytes, as `readImportFile` gives it: the commit's check that the file has not changed. */
export function hashFile(path: string): string {
  // In chunks: the commit's check never holds the whole file (at 100,000 rows 43 MB, read at the import's peak).
  const hash = createHash('sha256');
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } catch {
    throw new AppError(
      'NOT_FOUND',
      `${basename(path)} can no longer be read at ${path}. Choose the file again, preview it, then import.`,
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return hash.digest('hex');
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export async function readImportFile(path: string, mapping?: ImportMapping): Promise<ImportFile> {
  const fileName = basename(path);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile())
      throw new AppError('VALIDATION', `${fileName} is a folder, not a file. Choose a CSV or XLSX file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('NOT_FOUND', `There is no file at ${path}. Check the path, then import again.`);
  }
  checkFileSize(size);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new AppError('IO', `${fileName} cannot be read: ${(e as Error).message}`);
  }
  checkFileSize(bytes.length);
  const fileHash = createHash('sha256').update(bytes).digest('hex');
  const ext = extname(path).toLowerCase();
  const base = { path, fileName, fileHash };

  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]) || ext === '.xls') {
    throw new AppError(
      'VALIDATION',
      `${fileName} is an old-style Excel file (.xls), which cannot be read. Open it in Excel and save it as .xlsx or CSV, then import that.`,
    );
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const { table, sheet, sheets, notes } = await readXlsx(bytes, mapping);
    checkTableLimits(table, columnLetter);
    return { ...base, format: 'xlsx', encoding: null, sheet, sheets, table, notes };
  }
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new AppError(
      'VALIDATION',
      `${fileName} is named like an Excel workbook but is not one. Open it in Excel and save it as .xlsx or CSV, then import again.`,
    );
  }
  // In pieces of whole lines (db/import/decode.ts), so that ASCII stays one byte per character.
  const { segments: text, encoding, mixed } = decodeTextSegments(bytes);
  if (text.some((piece) => piece.includes('\u0000'))) {
    throw new AppError(
      'VALIDATION',
      `${fileName} does not look like a CSV file. Choose a CSV (comma-separated) or XLSX file.`,
    );
  }
  // A header and at most IMPORT_LIMITS.rows under it (plus titles): a longer file is refused before it is parsed.
  const limit = IMPORT_LIMITS.rows + IMPORT_LIMITS.rowsAboveHeader;
  checkRowsWhileReading(countCsvRecords(text, limit + 1) - 1, fileName);
  const table = csvToTable(text);
  checkTableLimits(table, columnLetter);
  const notes = mixed ? [mixedEncodingWarning(mixed)] : [];
  return { ...base, format: 'csv', encoding, sheet: null, table, notes };
}
