/**
 * Migrations by `PRAGMA user_version`, numbered in steps of 10. All pending steps run in one transaction.
 * A database from a newer version of the app is never modified.
 */
import type { Database } from 'better-sqlite3';
import * as m0010 from './0010-initial.ts';
import * as m0020 from './0020-reviews-snapshots.ts';
import * as m0030 from './0030-category-appetite.ts';
import * as m0040 from './0040-workspace.ts';
import * as m0060 from './0060-board-pack.ts';
import { writeTransaction } from '../transaction.ts';
import * as m0080 from './0080-controls.ts';
import * as m0090 from './0090-objectives.ts';
import * as m0100 from './0100-team.ts';
import * as m0110 from './0110-title-not-assessed.ts';
import * as m0120 from './0120-appetite-levels.ts';
import * as m0140 from './0140-scoring-criteria.ts';
import * as m0150 from './0150-team-rows.ts';
import * as m0160 from './0160-team-directory-order.ts';
import * as m0170 from './0170-escalation-rule-off.ts';
import * as m0180 from './0180-archived-risks-index.ts';
import * as m0190 from './0190-risk-owners-order.ts';
import * as m0200 from './0200-capture-on-team-only.ts';
import * as m0210 from './0210-first-review-by-writer.ts';
import * as m0220 from './0220-import-index-trim.ts';

export interface Migration {
  version: number;
  name: string;
  up: string;
  /**
   * The step rebuilds a table that others reference (SQLite's twelve-step procedure): foreign keys are turned off
   * before the transaction (SQLite ignores the pragma inside one), checked with `foreign_key_check` before the
   * commit, and turned back on afterwards.
   */
  foreignKeysOff?: boolean;
  /** A step that depends on the register's contents (run after `up`, in the same transaction). */
  run?: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 10, name: 'initial', up: m0010.up },
  { version: 20, name: 'reviews-snapshots', up: m0020.up },
  { version: 30, name: 'category-appetite', up: m0030.up },
  { version: 40, name: 'workspace', up: m0040.up },
  { version: 60, name: 'board-pack', up: m0060.up },
  { version: 80, name: 'controls', up: m0080.up },
  { version: 90, name: 'objectives', up: m0090.up },
  { version: 100, name: 'team', up: m0100.up },
  { version: 110, name: 'title-not-assessed', up: m0110.up, foreignKeysOff: m0110.foreignKeysOff },
  { version: 120, name: 'appetite-levels', up: m0120.up },
  { version: 140, name: 'scoring-criteria', up: m0140.up },
  { version: 150, name: 'team-rows', up: m0150.up },
  { version: 160, name: 'team-directory-order', up: m0160.up },
  { version: 170, name: 'escalation-rule-off', up: m0170.up },
  { version: 180, name: 'archived-risks-index', up: m0180.up },
  { version: 190, name: 'risk-owners-order', up: m0190.up },
  { version: 200, name: 'capture-on-team-only', up: m0200.up, run: m0200.run },
  { version: 210, name: 'first-review-by-writer', up: m0210.up },
  { version: 220, name: 'import-index-trim', up: m0220.up },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies pending migrations; returns the versions applied. */
export function migrate(db: Database, upTo: number = LATEST_VERSION): number[] {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) return [];
  const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= upTo);
  if (!pending.length) return [];
  const fkWas = db.pragma('foreign_keys', { simple: true }) as number;
  const fkOff = fkWas === 1 && pending.some((m) => m.foreignKeysOff);
  if (fkOff) db.pragma('foreign_keys = OFF');
  try {
    writeTransaction(db, () => {
      for (const m of pending) {
        db.exec(m.up);
        m.run?.(db);
        db.pragma(`user_version = ${m.version}`);
      }
      if (fkOff) {
        const dangling = db.pragma('foreign_key_check') as unknown[];
        if (dangling.length) {
          throw new Error(
            `Migration left ${dangling.length} rows pointing at missing rows; nothing was changed.`,
          );
        }
      }
    });
  } finally {
    if (fkOff) db.pragma('foreign_keys = ON');
  }
  return pending.map((m) => m.version);
}
