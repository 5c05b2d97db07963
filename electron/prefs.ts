/** A small JSON file of shell preferences in the user-data folder: the last register opened, the display name. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Prefs {
  lastRegister?: string;
  /** The name history records instead of the OS account name. */
  displayName?: string;
}

/** The saved prefs, or empty ones when the file is missing or unreadable (it is only a convenience). */
export function readPrefs(file: string): Prefs {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  const prefs: Prefs = {};
  if (raw && typeof raw === 'object' && 'lastRegister' in raw && typeof raw.lastRegister === 'string') {
    prefs.lastRegister = raw.lastRegister;
  }
  if (raw && typeof raw === 'object' && 'displayName' in raw && typeof raw.displayName === 'string') {
    prefs.displayName = raw.displayName;
  }
  return prefs;
}

/** Write the prefs to a temp file, then rename it over the old one, so a crash never leaves half a file. */
export function writePrefs(file: string, prefs: Prefs): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(prefs, null, 2)}\n`, 'utf8');
  renameSync(tmp, file);
}

export function updatePrefs(file: string, change: Partial<Prefs>): Prefs {
  const next = { ...readPrefs(file), ...change };
  writePrefs(file, next);
  return next;
}

/** The display name kept in the prefs file, for the handler table's `identity`. */
export function prefsIdentity(file: string, osUser: string) {
  return {
    osUser,
    displayName: (): string | null => readPrefs(file).displayName?.trim() || null,
    setDisplayName: (name: string | null): void => {
      const next = readPrefs(file);
      if (name) next.displayName = name;
      else delete next.displayName;
      writePrefs(file, next);
    },
  };
}
