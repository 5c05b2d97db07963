/**
 * The XLSX import reader as it was before issue 14 (exceljs's whole in-memory workbook), kept as the reference the
 * streaming reader (db/import/xlsx.ts) is compared with cell by cell. Not used by the app.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../../../shared/errors.ts';
import { scoreHeaderRow } from '../../../../shared/import/headers.ts';
import type { ImportMapping, SourceCell, SourceRow, SourceTable } from '../../../../shared/import/types.ts';
import { scanXlsx } from '../../../../db/import/zip-scan.ts';

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
  // A cell covered by a merge reads as the merge's top-left cell (a group header over three columns, a risk
  // written once beside its several action rows), marked so that the checks can tell it from a value typed again.
  if (cell.isMerged && cell.master.address !== cell.address)
    return { ...readCell(cell.master), merged: true };
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

export interface XlsxRead {
  table: SourceTable;
  sheet: string;
  /** The visible worksheets that hold anything, in workbook order. */
  sheets: string[];
  /** Why this sheet was read, when the workbook has more than one. */
  notes: string[];
}

/**
 * The worksheet named by the mapping's `sheet`, or else the visible worksheet whose header row looks most like a
 * register (the most known columns; the first on a tie), or the first with anything in it.
 */
export async function readXlsxWithExceljs(bytes: Uint8Array, mapping?: ImportMapping): Promise<XlsxRead> {
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
  const found: { table: SourceTable; sheet: string; score: number }[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state !== 'visible') continue;
    const rows = sheetRows(ws);
    if (!rows.length) continue;
    found.push({ table: { rows }, sheet: ws.name, score: scoreHeaderRow(rows, mapping).score });
  }
  const sheets = found.map((f) => f.sheet);
  if (!found.length)
    throw new AppError('VALIDATION', 'The workbook has no visible worksheet with anything in it.');
  const wanted = mapping?.sheet?.trim();
  if (wanted) {
    const chosen = found.find((f) => f.sheet.trim().toLowerCase() === wanted.toLowerCase());
    if (!chosen) {
      throw new AppError(
        'VALIDATION',
        `The mapping chooses the sheet “${wanted}”, but the workbook has no visible sheet of that name with anything in it. ` +
          `Sheets found: ${sheets.map((s) => `“${s}”`).join(', ')}. Choose one of them, then preview again.`,
        { sheet: wanted, sheets },
      );
    }
    return { table: chosen.table, sheet: chosen.sheet, sheets, notes: [] };
  }
  let best = found[0];
  for (const f of found) if (best && f.score > best.score) best = f;
  if (!best) throw new AppError('VALIDATION', 'The workbook has no visible worksheet with anything in it.');
  const notes =
    found.length > 1
      ? [
          `The workbook has ${found.length} sheets (${sheets.map((s) => `“${s}”`).join(', ')}); “${best.sheet}” is read ` +
            (best.score > 0 ? 'because its headers look most like a register' : 'because it is the first') +
            '. Choose another sheet to read that one.',
        ]
      : [];
  return { table: best.table, sheet: best.sheet, sheets, notes };
}
