/**
 * The summary as an Excel workbook that needs no retouching: real band fills with legible text, a bold frozen
 * header, wrapped text, widths that fit, A4 landscape fitted to the page width, and the Key under the table.
 * Every text cell is written as a string, never a formula.
 */
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { SummaryBand, SummaryTable } from '../../../../shared/export/summary.ts';
import { ownersText } from '../../../../shared/export/summary.ts';
import type { WorkbookBoard } from './xlsx-board-exceljs.ts';
import { addBoardSheetsBefore, addCriteriaSheet } from './xlsx-board-exceljs.ts';

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const HEADER_FILL = 'FFD9D9D9';

/** Rows of the sheet: title, subtitle, blank, then the header. */
export const HEADER_ROW = 4;

const hasTravel = (table: SummaryTable) => table.columns.some((c) => c.id === 'travel');
const hasAppetite = (table: SummaryTable) => table.columns.some((c) => c.id === 'appetite');
const hasCee = (table: SummaryTable) => table.columns.some((c) => c.id === 'causeEventEffect');
const hasColumn = (table: SummaryTable, id: 'title' | 'treatment') => table.columns.some((c) => c.id === id);

/** Widths (in characters) that fit: short columns to their content, long text wrapped at a readable width. */
function columnWidths(table: SummaryTable): number[] {
  const longest = (values: string[], min: number, max: number) =>
    Math.min(max, Math.max(min, ...values.flatMap((v) => v.split('\n')).map((v) => v.length + 2)));
  const scoreTexts = table.rows.map((r) => (r.score === null ? '' : `${r.score} ${r.band?.name ?? ''}`));
  return [
    longest([...table.rows.map((r) => r.ref), ...table.key.map((k) => k.range)], 7, 14),
    longest([...table.rows.map((r) => r.category), ...table.key.map((k) => k.name)], 10, 24),
    50,
    5,
    5,
    longest([table.columns[5]?.header ?? 'Score', ...scoreTexts], 8, 16),
    60,
    longest(['Owner', ...table.rows.map((r) => ownersText(r.owners))], 8, 20),
    ...(hasTravel(table)
      ? [longest(['Direction of travel', ...table.rows.map((r) => r.travel ?? '')], 12, 30)]
      : []),
    ...(hasAppetite(table)
      ? [longest(['Appetite', ...table.rows.map((r) => r.appetite ?? '')], 12, 34)]
      : []),
    ...(hasCee(table) ? [50] : []),
    ...(hasColumn(table, 'title') ? [40] : []),
    ...(hasColumn(table, 'treatment') ? [12] : []),
  ];
}

/** Lines a text needs at a column width: a little generous, since Excel's text is narrower than its "0". */
function linesAt(text: string, width: number): number {
  const perLine = Math.max(1, Math.floor(width * 1.1) - 1);
  return text.split('\n').reduce((n, para) => n + Math.max(1, Math.ceil(para.length / perLine)), 0);
}

/** `0 "Amber"`: the cell stays the number 15 and shows "15 Amber". */
function bandFormat(name: string): string {
  return `0 "${name.replace(/["\\]/g, '')}"`;
}

function paintBand(cell: ExcelJS.Cell, band: SummaryBand): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(band.colour) } };
  cell.font = { bold: true, color: { argb: argb(band.textColour) } };
}

/** The zip bytes exceljs streams out, gathered in order. */
function collector(): { stream: Writable; bytes: () => Uint8Array } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, bytes: () => new Uint8Array(Buffer.concat(chunks)) };
}

const TOP_LEFT = { vertical: 'top', horizontal: 'left', wrapText: true } as const;
const TOP_CENTRE = { vertical: 'top', horizontal: 'center', wrapText: true } as const;

/**
 * Written with exceljs's streaming writer: each row is committed (styled, serialised and zipped) as it is made,
 * so a 100,000-risk summary never holds the whole sheet as cell objects; styles are shared objects, not one per
 * cell. Same look as before: band fills, bold frozen header, A4 landscape, the Key under the table.
 */
export async function summaryToXlsx(
  table: SummaryTable,
  created: Date,
  board?: WorkbookBoard,
): Promise<Uint8Array> {
  const out = collector();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out.stream,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Risk Register';
  wb.created = created;
  wb.modified = created;
  // The full history head in the document properties (File › Info › Comments); its prefix in the page footer.
  if (table.historyHead) wb.description = `History head ${table.historyHead}`;
  // With the board pack's model: Cover and Overview first, the table, then the scoring criteria.
  if (board) addBoardSheetsBefore(wb, board);
  const ws = wb.addWorksheet('Summary', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: {
      oddFooter: `&L${[table.title, table.historyNote].filter(Boolean).join(' · ').replace(/&/g, '&&')}&RPage &P of &N`,
    },
  });
  const widths = columnWidths(table);
  ws.columns = widths.map((width) => ({ width }));
  const last = table.columns.length;

  ws.getCell(1, 1).value = table.title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, last);
  ws.getCell(2, 1).value = table.subtitle;
  ws.getCell(2, 1).font = { italic: true, color: { argb: 'FF404040' } };
  ws.mergeCells(2, 1, 2, last);
  ws.getRow(1).commit();
  ws.getRow(2).commit();

  const header = ws.getRow(HEADER_ROW);
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = BORDER;
    cell.alignment = {
      vertical: 'middle',
      horizontal: ['impact', 'likelihood', 'score'].includes(c.id) ? 'center' : 'left',
      wrapText: true,
    };
  });
  header.commit();

  const travel = hasTravel(table);
  const appetite = hasAppetite(table);
  const cee = hasCee(table);
  const title = hasColumn(table, 'title');
  const treatment = hasColumn(table, 'treatment');
  const bandFill = new Map<string, { fill: ExcelJS.Fill; font: Partial<ExcelJS.Font>; numFmt: string }>();
  let r = HEADER_ROW + 1;
  for (const risk of table.rows) {
    const row = ws.getRow(r);
    const values: (string | number | null)[] = [
      risk.ref,
      risk.category,
      risk.description,
      risk.impact,
      risk.likelihood,
      risk.score,
      risk.mitigation,
      ownersText(risk.owners),
      ...(travel ? [risk.travel ?? ''] : []),
      ...(appetite ? [risk.appetite ?? ''] : []),
      ...(cee ? [risk.causeEventEffect ?? ''] : []),
      ...(title ? [risk.title ?? ''] : []),
      ...(treatment ? [risk.treatment ?? ''] : []),
    ];
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      cell.value = v;
      cell.border = BORDER;
      cell.alignment = i >= 3 && i <= 5 ? TOP_CENTRE : TOP_LEFT;
    });
    if (risk.band && risk.score !== null) {
      const b = risk.band;
      let look = bandFill.get(b.name);
      if (!look) {
        look = {
          fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(b.colour) } },
          font: { bold: true, color: { argb: argb(b.textColour) } },
          numFmt: bandFormat(b.name),
        };
        bandFill.set(b.name, look);
      }
      const score = row.getCell(6);
      score.fill = look.fill;
      score.font = look.font;
      score.numFmt = look.numFmt;
    }
    const lines = Math.max(
      1,
      ...values.map((v, i) => (typeof v === 'string' ? linesAt(v, widths[i] ?? 10) : 1)),
    );
    row.height = Math.max(15, lines * 15);
    row.commit();
    r += 1;
  }

  // The Key, under the table.
  r += 1;
  ws.getCell(r, 1).value = 'Key';
  ws.getCell(r, 1).font = { bold: true, size: 12 };
  ws.getRow(r).commit();
  r += 1;
  ['Score', 'RAG', 'Management action'].forEach((h, i) => {
    const cell = ws.getCell(r, i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = BORDER;
  });
  ws.getRow(r).commit();
  r += 1;
  for (const k of table.key) {
    const cells = [ws.getCell(r, 1), ws.getCell(r, 2), ws.getCell(r, 3)];
    const [range, name, action] = cells as [ExcelJS.Cell, ExcelJS.Cell, ExcelJS.Cell];
    range.value = k.range;
    name.value = k.name;
    action.value = k.action;
    paintBand(name, k);
    for (const c of cells) {
      c.border = BORDER;
      c.alignment = { vertical: 'top', wrapText: true };
    }
    ws.getRow(r).height = Math.max(15, linesAt(k.action, widths[2] ?? 50) * 15);
    ws.getRow(r).commit();
    r += 1;
  }

  ws.commit();
  if (board) addCriteriaSheet(wb, board);
  await wb.commit();
  return out.bytes();
}
