/** The last column mapping used to import, kept in the register's `settings` table. */
import type { Database } from 'better-sqlite3';
import type { ImportField, ImportMapping } from '../../shared/import/types.ts';
import { IMPORT_FIELDS } from '../../shared/import/types.ts';
import { stmt } from '../statements.ts';

export const MAPPING_SETTING = 'import.mapping';

export function readRememberedMapping(db: Database): ImportMapping {
  const raw = stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(MAPPING_SETTING) as
    string | undefined;
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const out: ImportMapping = {};
  for (const [k, v] of Object.entries(parsed)) {
    if ((IMPORT_FIELDS as readonly string[]).includes(k) && (typeof v === 'string' || v === null)) {
      out[k as ImportField] = v;
    }
  }
  // Word scales confirmed by earlier imports (word → 1–5).
  const scales = (parsed as { scales?: unknown }).scales;
  if (typeof scales === 'object' && scales !== null) {
    const kept = Object.entries(scales).filter(
      (e): e is [string, number] => Number.isInteger(e[1]) && (e[1] as number) >= 1 && (e[1] as number) <= 5,
    );
    if (kept.length) out.scales = Object.fromEntries(kept);
  }
  return out;
}

/** Call inside the import's transaction. */
export function rememberMapping(db: Database, mapping: ImportMapping): void {
  stmt(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(MAPPING_SETTING, JSON.stringify(mapping));
}
