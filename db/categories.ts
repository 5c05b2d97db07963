import type { Database } from 'better-sqlite3';
import type { CategoryRecord } from '../shared/domain.ts';
import { uuidv7 } from './ids.ts';

export function listCategories(db: Database): CategoryRecord[] {
  return db
    .prepare('SELECT id, name, position, appetite FROM categories ORDER BY position, name')
    .all() as CategoryRecord[];
}

/** The category with this name (any case), created at the end of the list when new. */
export function ensureCategory(db: Database, name: string, now: string): CategoryRecord {
  const trimmed = name.trim();
  const found = db
    .prepare('SELECT id, name, position, appetite FROM categories WHERE name = ?')
    .get(trimmed) as CategoryRecord | undefined;
  if (found) return found;
  const position = (
    db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM categories').get() as { p: number }
  ).p;
  const rec: CategoryRecord = { id: uuidv7(), name: trimmed, position, appetite: null };
  db.prepare('INSERT INTO categories (id, name, position, created_at) VALUES (?, ?, ?, ?)').run(
    rec.id,
    rec.name,
    rec.position,
    now,
  );
  return rec;
}

export function getCategory(db: Database, id: string): CategoryRecord | undefined {
  return db.prepare('SELECT id, name, position, appetite FROM categories WHERE id = ?').get(id) as
    CategoryRecord | undefined;
}

export function setCategoryAppetite(db: Database, id: string, appetite: number | null): void {
  db.prepare('UPDATE categories SET appetite = ? WHERE id = ?').run(appetite, id);
}
