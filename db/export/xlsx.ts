/**
 * The summary as an Excel workbook that needs no retouching: real band fills with legible text, a bold frozen
 * header, wrapped text, widths that fit, A4 landscape fitted to the page width, and the Key under the table.
 * Every text cell is written as a string, never a formula.
 */
import type { SummaryTable } from '../../shared/export/summary.ts';
import { ownersText } from '../../shared/export/summary.ts';
import type { WorkbookBoard } from './xlsx-board.ts';
import { addBoardSheetsBefore, addCriteriaSheet } from './xlsx-board.ts';
import type { CellLook, CellValue } from './xlsx-writer.ts';
import { XlsxWriter, joinPieces } from './xlsx-writer.ts';

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } } as const;
const solid = (hex: string) => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: argb(hex) } }) as const;

/** Rows of the sheet: title, subtitle, blank, then the header. */
export const HEADER_ROW = 4;

const hasTravel = (table: SummaryTable) => table.columns.some((c) => c.id === 'travel');
const hasAppetite = (table: SummaryTable) => table.columns.some((c) => c.id === 'appetite');
const hasCee = (table: SummaryTable) => table.columns.some((c) => c.id === 'causeEventEffect');
const hasColumn = (table: SummaryTable, id: 'title' | 'treatment') => table.columns.some((c) => c.id === id);

/** The longest line (in characters) of any paragraph of `text`, counted in place, without splitting it. */
function longestLine(text: string): number {
  let most = 0;
  for (let start = 0; ;) {
    const end = text.indexOf('\n', start);
    const length = (end === -1 ? text.length : end) - start;
    if (length > most) most = length;
    if (end === -1) return most;
    start = end + 1;
  }
}

/**
 * Widths (in characters) that fit: short columns to their content, long text wrapped at a readable width. Each
 * width is its longest line plus 2, between `min` and `max`; worked out in one pass over the rows, with no array
 * of every cell's lines (at 100,000 rows that array was most of this function's time).
 */
function columnWidths(table: SummaryTable): number[] {
  const fit = (longest: number, min: number, max: number) => Math.min(max, Math.max(min, longest + 2));
  const travel = hasTravel(table);
  const appetite = hasAppetite(table);
  let ref = 0;
  let category = 0;
  let score = longestLine(table.columns[5]?.header ?? 'Score');
  let owner = longestLine('Owner');
  let travelWidth = longestLine('Direction of travel');
  let appetiteWidth = longestLine('Appetite');
  for (const r of table.rows) {
    ref = Math.max(ref, longestLine(r.ref));
    category = Math.max(category, longestLine(r.category));
    score = Math.max(score, longestLine(r.score === null ? '' : `${r.score} ${r.band?.name ?? ''}`));
    owner = Math.max(owner, longestLine(ownersText(r.owners)));
    if (travel) travelWidth = Math.max(travelWidth, longestLine(r.travel ?? ''));
    if (appetite) appetiteWidth = Math.max(appetiteWidth, longestLine(r.appetite ?? ''));
  }
  for (const k of table.key) {
    ref = Math.max(ref, longestLine(k.range));
    category = Math.max(category, longestLine(k.name));
  }
  // No text at all counts as 0 + 2, below every minimum: the minimum, as before.
  return [
    fit(ref, 7, 14),
    fit(category, 10, 24),
    50,
    5,
    5,
    fit(score, 8, 16),
    60,
    fit(owner, 8, 20),
    ...(travel ? [fit(travelWidth, 12, 30)] : []),
    ...(appetite ? [fit(appetiteWidth, 12, 34)] : []),
    ...(hasCee(table) ? [50] : []),
    ...(hasColumn(table, 'title') ? [40] : []),
    ...(hasColumn(table, 'treatment') ? [12] : []),
  ];
}

/** Lines a text needs at a column width: a little generous, since Excel's text is narrower than its "0". */
function linesAt(text: string, width: number): number {
  const perLine = Math.max(1, Math.floor(width * 1.1) - 1);
  // Each paragraph (between line breaks) takes at least one line; counted in place, without splitting the text.
  let lines = 0;
  for (let start = 0; ;) {
    const end = text.indexOf('\n', start);
    const length = (end === -1 ? text.length : end) - start;
    lines += Math.max(1, Math.ceil(length / perLine));
    if (end === -1) return lines;
    start = end + 1;
  }
}

/** `0 "Amber"`: the cell stays the number 15 and shows "15 Amber". */
function bandFormat(name: string): string {
  return `0 "${name.replace(/["\\]/g, '')}"`;
}

const TOP_LEFT = { vertical: 'top', horizontal: 'left', wrapText: true } as const;
const TOP_CENTRE = { vertical: 'top', horizontal: 'center', wrapText: true } as const;

/**
 * Written with the small SpreadsheetML writer (xlsx-writer.ts): each row goes out as XML text the moment it is made,
 * with cell formats looked up once per band and column, never per cell; the sheet's text is deflated as it grows.
 * The look is the one exceljs gave it before: band fills, bold frozen header, A4 landscape, the Key under the table.
 */
export async function summaryToXlsx(
  table: SummaryTable,
  created: Date,
  board?: WorkbookBoard,
): Promise<Uint8Array> {
  return joinPieces(await summaryXlsxPieces(table, created, board));
}

/** `summaryToXlsx`'s file in the pieces it was made in, for `writeFileAtomic` to write without joining them. */
export async function summaryXlsxPieces(
  table: SummaryTable,
  created: Date,
  board?: WorkbookBoard,
): Promise<Buffer[]> {
  const wb = new XlsxWriter(
    {
      creator: 'Risk Register',
      created,
      // The full history head in the document properties (File › Info › Comments); its prefix in the page footer.
      description: table.historyHead ? `History head ${table.historyHead}` : undefined,
    },
    // The large sheets' slices deflate in a thread of their own while the next rows are made.
    { deflateThread: true },
  );
  try {
    return await writeSummaryBook(wb, table, board);
  } finally {
    // The deflate thread stopped even when writing failed (finishPieces stops it when it did not).
    await wb.close();
  }
}

async function writeSummaryBook(
  wb: XlsxWriter,
  table: SummaryTable,
  board: WorkbookBoard | undefined,
): Promise<Buffer[]> {
  // With the board pack's model: Cover and Overview first, the table, then the scoring criteria.
  if (board) await addBoardSheetsBefore(wb, board);
  const widths = columnWidths(table);
  const ws = wb.addSheet('Summary', {
    widths,
    landscape: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    frozenRows: HEADER_ROW,
    printTitlesRow: HEADER_ROW,
    horizontalCentered: true,
    oddFooter: `&L${[table.title, table.historyNote].filter(Boolean).join(' · ').replace(/&/g, '&&')}&RPage &P of &N`,
  });
  const last = table.columns.length;
  const style = (look: CellLook) => ws.style(look);
  const filled = <T>(n: number, v: T) => Array.from({ length: n }, () => v);

  // Title and subtitle, each merged across the table (the covered cells carry the same look, as before).
  const titleStyle = style({ font: { bold: true, size: 14 } });
  ws.row(1, [table.title], filled(last, titleStyle));
  ws.merge(1, 1, last);
  const subtitleStyle = style({ font: { italic: true, color: { argb: 'FF404040' } } });
  ws.row(2, [table.subtitle], filled(last, subtitleStyle));
  ws.merge(2, 1, last);

  ws.row(
    HEADER_ROW,
    table.columns.map((c) => c.header),
    table.columns.map((c) =>
      style({
        font: { bold: true },
        fill: HEADER_FILL,
        border: 'thin',
        alignment: {
          vertical: 'middle',
          horizontal: ['impact', 'likelihood', 'score'].includes(c.id) ? 'center' : 'left',
          wrapText: true,
        },
      }),
    ),
  );

  const travel = hasTravel(table);
  const appetite = hasAppetite(table);
  const cee = hasCee(table);
  const title = hasColumn(table, 'title');
  const treatment = hasColumn(table, 'treatment');
  const left = style({ border: 'thin', alignment: TOP_LEFT });
  const centre = style({ border: 'thin', alignment: TOP_CENTRE });
  const plain = Array.from({ length: last }, (_, i) => (i >= 3 && i <= 5 ? centre : left));
  const banded = new Map<string, number[]>();
  let r = HEADER_ROW + 1;
  for (const risk of table.rows) {
    const values: CellValue[] = [
      risk.ref,
      risk.category,
      risk.description,
      risk.impact,
      risk.likelihood,
      risk.score,
      risk.mitigation,
      ownersText(risk.owners),
    ];
    if (travel) values.push(risk.travel ?? '');
    if (appetite) values.push(risk.appetite ?? '');
    if (cee) values.push(risk.causeEventEffect ?? '');
    if (title) values.push(risk.title ?? '');
    if (treatment) values.push(risk.treatment ?? '');
    let styles = plain;
    if (risk.band && risk.score !== null) {
      const b = risk.band;
      const found = banded.get(b.name);
      if (found) styles = found;
      else {
        styles = [...plain];
        styles[5] = style({
          font: { bold: true, color: { argb: argb(b.textColour) } },
          fill: solid(b.colour),
          border: 'thin',
          alignment: TOP_CENTRE,
          numFmt: bandFormat(b.name),
        });
        banded.set(b.name, styles);
      }
    }
    let lines = 1;
    for (let i = 0; i < values.length; i += 1) {
      const v = values[i];
      if (typeof v === 'string') lines = Math.max(lines, linesAt(v, widths[i] ?? 10));
    }
    ws.row(r, values, styles, Math.max(15, lines * 15));
    r += 1;
    // The deflate thread has as many slices as it takes: wait for one (rather than deflate the next one here).
    if (wb.backlogged) await wb.drain();
  }

  // The Key, under the table.
  r += 1;
  ws.row(r, ['Key'], [style({ font: { bold: true, size: 12 } })]);
  r += 1;
  const keyHeader = style({ font: { bold: true }, fill: HEADER_FILL, border: 'thin' });
  ws.row(r, ['Score', 'RAG', 'Management action'], [keyHeader, keyHeader, keyHeader]);
  r += 1;
  const keyAlign = { vertical: 'top', wrapText: true } as const;
  const keyCell = style({ border: 'thin', alignment: keyAlign });
  for (const k of table.key) {
    const band = style({
      font: { bold: true, color: { argb: argb(k.textColour) } },
      fill: solid(k.colour),
      border: 'thin',
      alignment: keyAlign,
    });
    ws.row(
      r,
      [k.range, k.name, k.action],
      [keyCell, band, keyCell],
      Math.max(15, linesAt(k.action, widths[2] ?? 50) * 15),
    );
    r += 1;
  }

  wb.endSheet(ws);
  if (board) await addCriteriaSheet(wb, board);
  return wb.finishPieces();
}
