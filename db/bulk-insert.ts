/**
 * Many rows into one table with multi-row `INSERT … VALUES (…), (…), …` statements: the same rows, in the same
 * order, as one `INSERT` per row, for far less work per row. SQLite pays a fixed price per statement run (the
 * statement's sub-transaction, its trigger and foreign-key set-up, the reset) and better-sqlite3 one crossing
 * from JavaScript per run; for the risks, owner links and history rows of a 100,000-risk import that fixed price
 * was about half of the commit (issue 14). Row-level triggers still fire once per row, in row order, and a failing
 * row undoes its whole statement (and the caller's transaction then undoes the rest).
 */
import type { Database, Statement } from 'better-sqlite3';
import { stmt } from './statements.ts';

/**
 * At most this many rows per statement: past ~50 rows the gain flattens, and 64 rows of the widest row written
 * here (21 columns) stay far under SQLite's 32,766 bound parameters.
 */
const MAX_LOG2 = 6;
export const MAX_ROWS_PER_INSERT = 1 << MAX_LOG2;

/**
 * Insert `values.length / width` rows: `values` holds each row's values one after another in `columns`' order.
 * Rows go in runs of 64, then 32, 16… 1, so at most seven statements are prepared (and cached) per table.
 */
export function insertRows(
  db: Database,
  table: string,
  columns: string,
  width: number,
  values: unknown[],
): void {
  const rows = values.length / width;
  if (!Number.isInteger(rows))
    throw new Error(`insertRows(${table}): ${values.length} values for ${width} columns`);
  const shapes = statementsFor(db, table, columns, width);
  let done = 0;
  while (done < rows) {
    let size = MAX_LOG2;
    while (1 << size > rows - done) size -= 1;
    const n = 1 << size;
    let s = shapes[size];
    if (!s) {
      const one = `(${'?, '.repeat(width - 1)}?)`;
      s = stmt(db, `INSERT INTO ${table} (${columns}) VALUES ${`${one}, `.repeat(n - 1)}${one}`);
      shapes[size] = s;
    }
    s.run(n === rows ? values : values.slice(done * width, (done + n) * width));
    done += n;
  }
}

/**
 * Each table's statements by log2 of their row count, kept per connection: not looked up in `stmt`'s cache by
 * their SQL, a text of up to 5 KB to build and hash per run.
 */
const shapesByDb = new WeakMap<Database, Map<string, (Statement | undefined)[]>>();

function statementsFor(
  db: Database,
  table: string,
  columns: string,
  width: number,
): (Statement | undefined)[] {
  let byTable = shapesByDb.get(db);
  if (!byTable) {
    byTable = new Map();
    shapesByDb.set(db, byTable);
  }
  const key = `${table}\n${columns}\n${width}`;
  let shapes = byTable.get(key);
  if (!shapes) {
    shapes = [];
    byTable.set(key, shapes);
  }
  return shapes;
}
