import type { Database } from 'better-sqlite3';
import type { AppetiteLevel, AppetiteMapping } from '../shared/appetite.ts';
import type { CategoryRecord } from '../shared/domain.ts';
import { readAppetiteMapping } from './appetite-mapping.ts';
import { uuidv7 } from './ids.ts';
import { stmt } from './statements.ts';

interface CategoryRow {
  id: string;
  name: string;
  position: number;
  /** The custom threshold (only when no level is set). */
  appetite: number | null;
  appetite_level: AppetiteLevel | null;
  appetite_statement: string;
  appetite_approved: string | null;
  version: number;
}

const COLS = 'id, name, position, appetite, appetite_level, appetite_statement, appetite_approved, version';

/** A row with its appetite resolved: a level's threshold and tolerance through the register's mapping. */
function toCategory(row: CategoryRow, mapping: AppetiteMapping): CategoryRecord {
  const limits = row.appetite_level ? mapping[row.appetite_level] : null;
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    appetite: limits ? limits.appetite : row.appetite,
    appetiteLevel: row.appetite_level,
    tolerance: limits ? limits.tolerance : row.appetite,
    appetiteStatement: row.appetite_statement,
    appetiteApproved: row.appetite_approved,
    version: row.version,
  };
}

function many(db: Database, rows: CategoryRow[]): CategoryRecord[] {
  if (!rows.length) return [];
  const mapping = readAppetiteMapping(db);
  return rows.map((r) => toCategory(r, mapping));
}

function one(db: Database, row: CategoryRow | undefined): CategoryRecord | undefined {
  return row ? toCategory(row, readAppetiteMapping(db)) : undefined;
}

export function listCategories(db: Database): CategoryRecord[] {
  return many(db, stmt(db, `SELECT ${COLS} FROM categories ORDER BY position, name`).all() as CategoryRow[]);
}

/** The category with this name (any case), created at the end of the list when new. */
export function ensureCategory(db: Database, name: string, now: string): CategoryRecord {
  const trimmed = name.trim();
  const found = one(
    db,
    stmt(db, `SELECT ${COLS} FROM categories WHERE name = ?`).get(trimmed) as CategoryRow | undefined,
  );
  if (found) return found;
  const position = (
    stmt(db, 'SELECT COALESCE(MAX(position), 0) + 1 AS p FROM categories').get() as { p: number }
  ).p;
  const rec: CategoryRecord = {
    id: uuidv7(),
    name: trimmed,
    position,
    appetite: null,
    appetiteLevel: null,
    tolerance: null,
    appetiteStatement: '',
    appetiteApproved: null,
    version: 1,
  };
  stmt(db, 'INSERT INTO categories (id, name, position, created_at) VALUES (?, ?, ?, ?)').run(
    rec.id,
    rec.name,
    rec.position,
    now,
  );
  return rec;
}

export function getCategory(db: Database, id: string): CategoryRecord | undefined {
  return one(db, stmt(db, `SELECT ${COLS} FROM categories WHERE id = ?`).get(id) as CategoryRow | undefined);
}

/** A custom numeric threshold (or none): clears the category's level. */
export function setCategoryAppetite(db: Database, id: string, appetite: number | null): void {
  stmt(db, 'UPDATE categories SET appetite = ?, appetite_level = NULL WHERE id = ?').run(appetite, id);
}

/** A level (clears any custom threshold), or none with null. */
export function setCategoryLevel(db: Database, id: string, level: AppetiteLevel | null): void {
  stmt(db, 'UPDATE categories SET appetite_level = ?, appetite = NULL WHERE id = ?').run(level, id);
}

export function setCategoryStatement(
  db: Database,
  id: string,
  statement: string,
  approved: string | null,
): void {
  stmt(db, 'UPDATE categories SET appetite_statement = ?, appetite_approved = ? WHERE id = ?').run(
    statement,
    approved,
    id,
  );
}

/** Rename if still at `version`; bumps the version. False when the row moved on or is gone. */
export function renameCategoryRow(db: Database, id: string, version: number, name: string): boolean {
  return (
    stmt(db, 'UPDATE categories SET name = ?, version = version + 1 WHERE id = ? AND version = ?').run(
      name,
      id,
      version,
    ).changes === 1
  );
}

/** Categories whose name matches in any case, except `exceptId`. */
export function categoriesNamed(db: Database, name: string, exceptId?: string): CategoryRecord[] {
  return many(
    db,
    stmt(db, `SELECT ${COLS} FROM categories WHERE name = ? COLLATE NOCASE AND id IS NOT ?`).all(
      name.trim(),
      exceptId ?? null,
    ) as CategoryRow[],
  );
}

/** Put categories in this order (positions 1…n). Order is not part of a category's version. */
export function setCategoryOrder(db: Database, ids: readonly string[]): void {
  const set = stmt(db, 'UPDATE categories SET position = @position WHERE id = @id AND position <> @position');
  ids.forEach((id, i) => set.run({ id, position: i + 1 }));
}

export function deleteCategoryRow(db: Database, id: string): void {
  stmt(db, 'DELETE FROM categories WHERE id = ?').run(id);
}
