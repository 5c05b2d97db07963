/** The register's scoring criteria (migration 0140): read, and change with a history row per descriptor. */
import type { Database } from 'better-sqlite3';
import type { CriterionChange, ScoringCriteria } from '../shared/criteria.ts';
import { AREA_LABELS, defaultCriteria, isCriteriaArea } from '../shared/criteria.ts';
import { isScoreValue } from '../shared/scoring.ts';
import type { NewHistoryEntry } from './history.ts';
import { appendHistory } from './history.ts';
import { stmt } from './statements.ts';
import type { WriteContext } from './write-context.ts';

/** The history entries' entity id: the register-wide setting that changed. */
export const CRITERIA_ENTITY_ID = 'scoring-criteria';

export function readCriteria(db: Database): ScoringCriteria {
  const criteria = defaultCriteria();
  const rows = stmt(db, 'SELECT area, level, text FROM scoring_criteria').all() as {
    area: string;
    level: number;
    text: string;
  }[];
  for (const r of rows)
    if (isCriteriaArea(r.area) && isScoreValue(r.level)) criteria[r.area][r.level] = r.text;
  return criteria;
}

/**
 * Apply the changes (trimmed) in the caller's transaction; each descriptor that differs gets its own history
 * row (field `criteria.AREA.LEVEL`, the old and new text). Returns the criteria as saved.
 */
export function writeCriteria(
  db: Database,
  changes: readonly CriterionChange[],
  reason: string | undefined,
  ctx: WriteContext,
): ScoringCriteria {
  const before = readCriteria(db);
  const upsert = stmt(
    db,
    `INSERT INTO scoring_criteria (area, level, text) VALUES (?, ?, ?)
     ON CONFLICT(area, level) DO UPDATE SET text = excluded.text`,
  );
  const entries: NewHistoryEntry[] = [];
  for (const c of changes) {
    const text = c.text.trim();
    const old = before[c.area][c.level];
    if (text === old) continue;
    upsert.run(c.area, c.level, text);
    entries.push({
      entity: 'register',
      entityId: CRITERIA_ENTITY_ID,
      label: `Scoring criteria: ${AREA_LABELS[c.area]} ${c.level}`,
      action: 'update',
      field: `criteria.${c.area}.${c.level}`,
      oldValue: old,
      newValue: text,
      reason: reason ?? null,
      at: ctx.now,
      by: ctx.by,
    });
  }
  appendHistory(db, entries);
  return readCriteria(db);
}
