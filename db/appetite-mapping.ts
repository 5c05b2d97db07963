/** The register's mapping of appetite levels to thresholds (settings key `appetiteLevels`; the default when absent). */
import type { Database } from 'better-sqlite3';
import type { AppetiteMapping } from '../shared/appetite.ts';
import { APPETITE_LEVELS, DEFAULT_APPETITE_MAPPING } from '../shared/appetite.ts';
import { stmt } from './statements.ts';

export const MAPPING_SETTING = 'appetiteLevels';

export function readAppetiteMapping(db: Database): AppetiteMapping {
  const raw = stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(MAPPING_SETTING) as
    string | undefined;
  if (raw === undefined) return DEFAULT_APPETITE_MAPPING;
  const stored = JSON.parse(raw) as Partial<AppetiteMapping>;
  // Every level present (a stored mapping is always complete; this keeps a damaged one from throwing later).
  return Object.fromEntries(
    APPETITE_LEVELS.map((l) => [l, stored[l] ?? DEFAULT_APPETITE_MAPPING[l]]),
  ) as AppetiteMapping;
}

export function writeAppetiteMapping(db: Database, mapping: AppetiteMapping): void {
  stmt(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(MAPPING_SETTING, JSON.stringify(mapping));
}
