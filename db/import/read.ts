/** Reading an import file from disk: size limit, format by content, encoding, then rows of cells. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { csvToTable } from '../../shared/import/csv.ts';
import { checkFileSize, checkTableLimits, columnLetter } from '../../shared/import/limits.ts';
import type { ImportMapping, ImportPreview, SourceTable } from '../../shared/import/types.ts';
import { decodeText } from './decode.ts';
import { readXlsx } from './xlsx.ts';

export interface ImportFile {
  path: string;
  fileName: string;
  format: ImportPreview['format'];
  encoding: ImportPreview['encoding'];
  sheet: string | null;
  fileHash: string;
  table: SourceTable;
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
    const { table, sheet } = await readXlsx(bytes, mapping);
    checkTableLimits(table, columnLetter);
    return { ...base, format: 'xlsx', encoding: null, sheet, table };
  }
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new AppError(
      'VALIDATION',
      `${fileName} is named like an Excel workbook but is not one. Open it in Excel and save it as .xlsx or CSV, then import again.`,
    );
  }
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) {
    throw new AppError(
      'VALIDATION',
      `${fileName} does not look like a CSV file. Choose a CSV (comma-separated) or XLSX file.`,
    );
  }
  const table = csvToTable(text);
  checkTableLimits(table, columnLetter);
  return { ...base, format: 'csv', encoding, sheet: null, table };
}
