/**
 * The readers before held every XLSX cell as an object; the reader now holds a cell of text alone as its text, a
 * string (as a CSV cell is), a cell of a number alone as that number, and only a cell that says more (a date, a
 * formula, a merge) as an object (db/import/xlsx.ts, shared/import/types.ts `CellValue`, issue 14). `cellText`,
 * `isMerged` and the readers in shared/import/values.ts read the shapes alike, so the two are the same answer; this
 * turns a reference reader's answer into the shape the reader now gives, and nothing else: `{ text }` becomes the
 * text, `{ text, number }` the number when the text is `String(number)`, and any other object is kept as it is.
 */
import type { CellValue } from '../../../../shared/import/types.ts';

function held(c: CellValue): CellValue {
  if (typeof c !== 'object') return c;
  const keys = Object.keys(c);
  if (keys.length === 1 && keys[0] === 'text') return c.text;
  if (
    keys.length === 2 &&
    keys[0] === 'text' &&
    keys[1] === 'number' &&
    c.number !== undefined &&
    String(c.number) === c.text
  )
    return c.number;
  return c;
}

export function cellsAsHeld<T extends { table: { rows: { cells: CellValue[] }[] } }>(read: T): T {
  return {
    ...read,
    table: { ...read.table, rows: read.table.rows.map((r) => ({ ...r, cells: r.cells.map(held) })) },
  };
}
