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
 * Rows go in runs of 64, then 32, 16… 1, so at most seven statements are prepared (and cached) per table and shape.
 *
 * `shared` names columns (by index) that often hold one value in every row of a call (an import's clock, author,
 * reason): when one does, it is bound once per statement as a named parameter (`@s3`) used by every row, instead of
 * once per row. Binding a value costs better-sqlite3 a type check and, for text, a UTF-8 copy (~0.1 µs); an
 * import's history rows have 7 such columns of 13. Each row gets exactly the value it would have been given.
 */
export function insertRows(
  db: Database,
  table: string,
  columns: string,
  width: number,
  values: unknown[],
  shared: readonly number[] = [],
): void {
  const rows = values.length / width;
  if (!Number.isInteger(rows))
    throw new Error(`insertRows(${table}): ${values.length} values for ${width} columns`);
  // Which of the shared columns hold one value in every row (bit k for shared[k]).
  let mask = 0;
  const named: Record<string, unknown> = {};
  if (rows > 1) {
    shared.forEach((c, k) => {
      const v = values[c];
      for (let r = 1; r < rows; r += 1) if (values[r * width + c] !== v) return;
      mask |= 1 << k;
      named[`s${c}`] = v;
    });
  }
  let shapes = statementsFor(db, table, columns, width, mask);
  if (!shapes) {
    // This table has had its fill of shared-column sets on this connection: every value bound per row.
    mask = 0;
    shapes = statementsFor(db, table, columns, width, 0) ?? [];
  }
  const own = mask === 0 ? null : ownColumns(width, shared, mask);
  let done = 0;
  while (done < rows) {
    let size = MAX_LOG2;
    while (1 << size > rows - done) size -= 1;
    const n = 1 << size;
    let s = shapes[size];
    if (!s) {
      const one = `(${Array.from({ length: width }, (_, c) => (own && !own.includes(c) ? `@s${c}` : '?')).join(', ')})`;
      s = stmt(db, `INSERT INTO ${table} (${columns}) VALUES ${`${one}, `.repeat(n - 1)}${one}`);
      shapes[size] = s;
    }
    // Each value as its own argument, not one array: better-sqlite3 then reads them from the call's arguments
    // instead of asking N-API for each element of the array (~500 instructions per value).
    if (!own) s.run(...(n === rows ? values : values.slice(done * width, (done + n) * width)));
    else {
      const run: unknown[] = [];
      for (let r = done; r < done + n; r += 1) for (const c of own) run.push(values[r * width + c]);
      s.run(...run, named);
    }
    done += n;
  }
}

/** The columns bound per row when the shared columns in `mask` are bound once. */
function ownColumns(width: number, shared: readonly number[], mask: number): number[] {
  const once = new Set(shared.filter((_, k) => mask & (1 << k)));
  return Array.from({ length: width }, (_, c) => c).filter((c) => !once.has(c));
}

/**
 * Each table's statements by log2 of their row count, kept per connection: not looked up in `stmt`'s cache by
 * their SQL, a text of up to 5 KB to build and hash per run.
 */
const shapesByDb = new WeakMap<Database, Map<string, Map<number, (Statement | undefined)[]>>>();

/**
 * At most this many sets of shared columns (masks) per table and columns on a connection. Each set prepares up to
 * seven statements that live as long as the connection (`stmt`); a file whose rare values (a title here, a cause
 * there) fall differently in every batch would otherwise prepare a set per combination.
 */
export const MAX_SHARED_SETS = 16;

/** The statements for this mask, or undefined when the table already has `MAX_SHARED_SETS` others. */
function statementsFor(
  db: Database,
  table: string,
  columns: string,
  width: number,
  mask: number,
): (Statement | undefined)[] | undefined {
  let byTable = shapesByDb.get(db);
  if (!byTable) {
    byTable = new Map();
    shapesByDb.set(db, byTable);
  }
  const key = `${table}\n${columns}\n${width}`;
  let byMask = byTable.get(key);
  if (!byMask) {
    byMask = new Map();
    byTable.set(key, byMask);
  }
  let shapes = byMask.get(mask);
  if (!shapes) {
    if (mask !== 0 && byMask.size >= MAX_SHARED_SETS) return undefined;
    shapes = [];
    byMask.set(mask, shapes);
  }
  return shapes;
}

/** How many sets of shared columns `insertRows` holds statements for (for tests: bounded by `MAX_SHARED_SETS`). */
export function sharedSets(db: Database, table: string, columns: string, width: number): number {
  return shapesByDb.get(db)?.get(`${table}\n${columns}\n${width}`)?.size ?? 0;
}
