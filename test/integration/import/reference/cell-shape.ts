/**
 * The readers before held every XLSX cell as an object; the reader now holds a cell of text alone as its text, a
 * string, as a CSV cell is (db/import/xlsx.ts, issue 14), and only a cell that says more (a number, a date, a
 * formula, a merge) as an object. `cellText` and `isMerged` (shared/import/cells.ts) read both shapes alike, so the
 * two are the same answer; this turns a reference reader's answer into the shape the reader now gives, and nothing
 * else: an object with any key besides `text` is kept as it is.
 */
import type { SourceCell } from '../../../../shared/import/types.ts';

export function textCellsAsStrings<T extends { table: { rows: { cells: (SourceCell | string)[] }[] } }>(
  read: T,
): T {
  return {
    ...read,
    table: {
      ...read.table,
      rows: read.table.rows.map((r) => ({
        ...r,
        cells: r.cells.map((c) =>
          typeof c === 'object' && Object.keys(c).length === 1 && 'text' in c ? c.text : c,
        ),
      })),
    },
  };
}
