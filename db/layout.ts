/**
 * The register table's layout (columns, order, widths, sort, grouping), kept in the register's own
 * `settings` table under its own key, so every window on the file opens the table the same way.
 */
import type { Database } from 'better-sqlite3';
import type { TableLayout } from '../shared/contract/layout.ts';
import { stmt } from './statements.ts';

export const LAYOUT_KEY = 'workspace.tableLayout';

/** The saved layout, or null when none has been saved (or what is saved is not an object). */
export function readLayout(db: Database): TableLayout | null {
  const raw = stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(LAYOUT_KEY) as
    string | undefined;
  if (raw === undefined) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as TableLayout) : null;
  } catch {
    return null;
  }
}

export function writeLayout(db: Database, layout: TableLayout): void {
  stmt(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(LAYOUT_KEY, JSON.stringify(layout));
}
