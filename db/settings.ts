import type { Database } from 'better-sqlite3';
import type { BandKey } from '../shared/band-key.ts';
import { LGA_KEY } from '../shared/band-key.ts';
import type { RegisterSettings } from '../shared/domain.ts';
import { stmt } from './statements.ts';

const DEFAULTS: RegisterSettings = { name: 'Strategic Risk Register', key: LGA_KEY, onboarded: false };

export function readSettings(db: Database): RegisterSettings {
  const rows = stmt(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const map = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return {
    name: (map.get('name') as string | undefined) ?? DEFAULTS.name,
    key: (map.get('key') as BandKey | undefined) ?? DEFAULTS.key,
    onboarded: (map.get('onboarded') as boolean | undefined) ?? DEFAULTS.onboarded,
  };
}

export function writeSetting<K extends keyof RegisterSettings>(
  db: Database,
  key: K,
  value: RegisterSettings[K],
): void {
  stmt(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}
