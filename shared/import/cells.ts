/**
 * Reading a row's cells whatever the file: a CSV cell is its text alone (a string), an XLSX cell an object that may
 * also say its number, date, formula or merge (issue 14: at 100,000 rows an object per CSV cell was ~30 MB, all of
 * it alive until the plan is made).
 */
import type { SourceCell } from './types.ts';

/** A cell's text ('' for a cell past the row's end). */
export function cellText(c: SourceCell | string | undefined): string {
  return c === undefined ? '' : typeof c === 'string' ? c : c.text;
}

/** XLSX: the cell is covered by a merge and is not its top-left cell. A CSV cell never is. */
export function isMerged(c: SourceCell | string | undefined): boolean {
  return typeof c === 'object' && c.merged === true;
}
