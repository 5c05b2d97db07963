/**
 * XLSX → rows of cells, with exceljs. Cells are data, never formulas: a formula cell gives its last calculated
 * value and says it was a formula; text that begins with = + - @ stays text.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors.ts';
import { findHeaderRow, recogniseHeader } from '../../shared/import/headers.ts';
import type { ImportMapping, SourceCell, SourceRow, SourceTable } from '../../shared/import/types.ts';
import { scanXlsx } from './zip-scan.ts';

const { ValueType } = ExcelJS;
const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function fromValue(v: unknown): SourceCell {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'number') return { text: String(v), number: v };
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return { text: '' };
    const iso = isoDate(v);
    return { text: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, date: iso };
  }
  if (typeof v === 'object') {
    const o = v as { error?: string; richText?: { text: string }[]; text?: unknown };
    if (typeof o.error === 'string') return { text: o.error };
    if (Array.isArray(o.richText)) return { text: o.richText.map((r) => r.text).join('') };
    if (o.text !== undefined) return fromValue(o.text);
  }
  return { text: String(v) };
}

function readCell(cell: ExcelJS.Cell): SourceCell {
  switch (cell.type) {
    case ValueType.Null:
    case ValueType.Merge:
      return { text: '' };
    case ValueType.Formula: {
      const result = fromValue(cell.result);
      return { ...result, formula: cell.formula ?? '' };
    }
    default:
      return fromValue(cell.value);
  }
}

function sheetRows(ws: ExcelJS.Worksheet): SourceRow[] {
  const rows: SourceRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: SourceCell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(readCell(row.getCell(c)));
    if (cells.some((c) => c.text.trim() !== '')) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** How many register fields a header row names (Ref, Category, Impact…). */
function fieldsNamed(row: SourceRow | undefined): number {
  return new Set(row?.cells.map((c) => recogniseHeader(c.text)?.field).filter(Boolean)).size;
}

/**
 * The visible worksheet whose header row names the most register fields, the first among equals (or the first
 * with anything in it). A summary workbook exported by the app opens with its Cover and Overview sheets, whose
 * small lists (Ref, Category, Score…) must not be taken for the register's table.
 */
export async function readXlsx(
  bytes: Uint8Array,
  mapping?: ImportMapping,
): Promise<{ table: SourceTable; sheet: string }> {
  // Sizes, rows and cells are counted while unzipping, before exceljs builds the whole workbook in memory.
  await scanXlsx(bytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError(
      'VALIDATION',
      `The file cannot be read as an Excel workbook (${(e as Error).message}). Open it in Excel and save it as .xlsx or CSV, then import again.`,
    );
  }
  let fallback: { table: SourceTable; sheet: string } | null = null;
  let best: { found: { table: SourceTable; sheet: string }; fields: number } | null = null;
  for (const ws of wb.worksheets) {
    if (ws.state !== 'visible') continue;
    const rows = sheetRows(ws);
    if (!rows.length) continue;
    const found = { table: { rows }, sheet: ws.name };
    const header = findHeaderRow(rows, mapping);
    if (header >= 0) {
      const fields = fieldsNamed(rows[header]);
      if (!best || fields > best.fields) best = { found, fields };
    }
    fallback ??= found;
  }
  if (best) return best.found;
  if (fallback) return fallback;
  throw new AppError('VALIDATION', 'The workbook has no visible worksheet with anything in it.');
}
