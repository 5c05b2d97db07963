/**
 * A CSV reader for registers saved from Excel and other tools: quoted cells with embedded commas, quotes
 * and line breaks, CRLF or LF, comma, semicolon or tab separators. Blank lines are left out, but row
 * numbers stay those the user sees in Excel.
 */
import { AppError } from '../errors.ts';
import type { SourceTable } from './types.ts';

export type Delimiter = ',' | ';' | '\t';

/**
 * CSV text, whole or in pieces that are each a run of whole lines (every piece but the last ends with a line feed):
 * db/import/decode.ts decodes a file so, so that one line with a character beyond Latin-1 leaves the rest of the
 * text one byte per character.
 */
export type CsvText = string | readonly string[];

const pieces = (text: CsvText): readonly string[] => (typeof text === 'string' ? [text] : text);

/** The separator used in the first line: the one of `,` `;` tab that occurs most outside quotes. */
export function detectDelimiter(text: CsvText): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  scan: for (const piece of pieces(text)) {
    for (let i = 0; i < piece.length; i++) {
      const ch = piece[i];
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === '\n' || ch === '\r')) break scan;
      else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
    }
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

export interface ParsedRecord {
  /** 1-based record number, counting blank lines, as Excel numbers the rows once the file is open. */
  row: number;
  cells: string[];
}

/** Split CSV text into records. Throws a VALIDATION error for a quote that is never closed. */
export function parseCsvRecords(text: CsvText, delimiter: Delimiter = detectDelimiter(text)): ParsedRecord[] {
  return parse(text, delimiter, (c) => c);
}

/** The reader, each cell made by `make`; records with nothing but blanks left out. */
function parse<T>(
  text: CsvText,
  delimiter: Delimiter,
  make: (cell: string) => T,
): { row: number; cells: T[] }[] {
  const records: { row: number; cells: T[] }[] = [];
  let cells: T[] = [];
  /** The record has a cell with anything but blanks in it. */
  let filled = false;
  let cell = '';
  const pushCell = () => {
    if (!filled && cell.trim() !== '') filled = true;
    cells.push(make(cell));
    cell = '';
  };
  let quoted = false;
  /** Record number (Excel's row) and physical line (a text editor's line). */
  let row = 1;
  let line = 1;
  let quoteOpened = { row: 0, line: 0 };
  const endRecord = () => {
    pushCell();
    // A copy cut to its length: a list that was pushed to has room for 16 cells, so 100,000 rows of 9 cells kept
    // ~6 MB of empty slots alive until the plan is made (issue 14: the import's peak).
    if (filled) records.push({ row, cells: cells.slice() });
    cells = [];
    filled = false;
  };
  const delim = delimiter.charCodeAt(0);
  const QUOTE = 34;
  const CR = 13;
  const LF = 10;
  let first = true;
  for (const piece of pieces(text)) {
    const src = first && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece;
    first = false;
    let i = 0;
    // Cells are cut out of the text in slices (runs between separators, quotes and line ends), not built a
    // character at a time: the same rules, a fraction of the work on a 100,000-row file. A piece ends with a line
    // end, or inside a quoted cell that goes on in the next piece.
    while (i < src.length) {
      if (quoted) {
        let q = src.indexOf('"', i);
        const closes = q >= 0;
        if (!closes) q = src.length; // not closed in this piece: the rest is the cell's
        let chunk = src.slice(i, q);
        if (chunk.includes('\r') || chunk.includes('\n')) {
          chunk = chunk.replace(/\r\n?/g, '\n');
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line += 1;
        }
        cell += chunk;
        if (!closes) break;
        if (src.charCodeAt(q + 1) === QUOTE) {
          cell += '"';
          i = q + 2;
          continue;
        }
        quoted = false;
        i = q + 1;
        continue;
      }
      let j = i;
      let c = src.charCodeAt(j);
      while (j < src.length && c !== delim && c !== CR && c !== LF && c !== QUOTE) c = src.charCodeAt(++j);
      if (j > i) cell += src.slice(i, j);
      i = j;
      if (i >= src.length) break;
      if (c === QUOTE) {
        if (cell.trim() === '') {
          // A quote opens a quoted cell only at its start (spaces before it are dropped, as Excel does).
          cell = '';
          quoted = true;
          quoteOpened = { row, line };
        } else {
          cell += '"';
        }
        i += 1;
        continue;
      }
      if (c === delim) {
        pushCell();
        i += 1;
        continue;
      }
      // A line end: CRLF, LF or a lone CR.
      endRecord();
      i += c === CR && src.charCodeAt(i + 1) === LF ? 2 : 1;
      row += 1;
      line += 1;
    }
  }
  if (quoted) {
    throw new AppError(
      'VALIDATION',
      `Row ${quoteOpened.row} (line ${quoteOpened.line} in a text editor) opens a quoted cell (") that is never closed, ` +
        'so the rest of the file cannot be read. Close the quote on that line, then import again.',
      quoteOpened,
    );
  }
  if (cell !== '' || cells.length) endRecord();
  return records;
}

/**
 * CSV text → rows of cells, blank rows left out (built as it reads: no records made first and copied). Each cell is
 * its text alone, not a `{ text }` object (shared/import/cells.ts reads either): at 100,000 rows of 9 columns that
 * is 900,000 objects fewer alive until the plan is made.
 */
export function csvToTable(text: CsvText): SourceTable {
  return { rows: parseCsvRecords(text, detectDelimiter(text)) };
}
