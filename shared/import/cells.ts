/**
 * Reading a row's cells whatever the file: a cell of text alone is its text (a string: every CSV cell, and an XLSX
 * cell holding only text), an XLSX cell holding only a number is that number, and an XLSX cell that says more (a
 * date, a formula, a merge) an object (issue 14: at 100,000 rows an object per cell was ~800,000 objects, all of
 * them alive until the plan is made).
 */
import type { CellValue } from './types.ts';

/** A cell's text ('' for a cell past the row's end; a number cell's text is `String(n)`, as the reader wrote it). */
export function cellText(c: CellValue | undefined): string {
  return c === undefined ? '' : typeof c === 'string' ? c : typeof c === 'number' ? String(c) : c.text;
}

/** XLSX: the cell is covered by a merge and is not its top-left cell. A CSV cell never is. */
export function isMerged(c: CellValue | undefined): boolean {
  return typeof c === 'object' && c.merged === true;
}
