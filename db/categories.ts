import type { Database } from 'better-sqlite3';
import type { CategoryRecord } from '../shared/domain.ts';
import { uuidv7 } from './ids.ts';
import { stmt } from './statements.ts';

export function listCategories(db: Database): CategoryRecord[] {
  return stmt(
    db,
    'SELECT id, name, position, appetite, version FROM categories ORDER BY position, name',
  ).all() as CategoryRecord[];
}

/** The category with this name (any case), created at the end of the list when new. */
export function ensureCategory(db: Database, name: string, now: string): CategoryRecord {
  const trimmed = name.trim();
  const found = stmt(db, 'SELECT id, name, position, appetite, version FROM categories WHERE name = ?').get(
    trimmed,
  ) as CategoryRecord | undefined;
  if (found) return found;
  const position = (
    stmt(db, 'SELECT COALESCE(MAX(position), 0) + 1 AS p FROM categories').get() as { p: number }
  ).p;
  const rec: CategoryRecord = { id: uuidv7(), name: trimmed, position, appetite: null, version: 1 };
  stmt(db, 'INSERT INTO categories (id, name, position, created_at) VALUES (?, ?, ?, ?)').run(
    rec.id,
    rec.name,
    rec.position,
    now,
  );
  return rec;
}

export function getCategory(db: Database, id: string): CategoryRecord | undefined {
  return stmt(db, 'SELECT id, name, position, appetite, version FROM categories WHERE id = ?').get(id) as
    CategoryRecord | undefined;
}

export function setCategoryAppetite(db: Database, id: string, appetite: number | null): void {
  stmt(db, 'UPDATE categories SET appetite = ? WHERE id = ?').run(appetite, id);
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
  return stmt(
    db,
    'SELECT id, name, position, appetite, version FROM categories WHERE name = ? COLLATE NOCASE AND id IS NOT ?',
  ).all(name.trim(), exceptId ?? null) as CategoryRecord[];
}

/** Put categories in this order (positions 1…n). Order is not part of a category's version. */
export function setCategoryOrder(db: Database, ids: readonly string[]): void {
  const set = stmt(db, 'UPDATE categories SET position = @position WHERE id = @id AND position <> @position');
  ids.forEach((id, i) => set.run({ id, position: i + 1 }));
}

export function deleteCategoryRow(db: Database, id: string): void {
  stmt(db, 'DELETE FROM categories WHERE id = ?').run(id);
}
