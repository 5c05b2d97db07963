/**
 * Appetite writes with their history rows (issue 13): a category's level, its statement, the register's mapping
 * of levels to thresholds, and a risk's own override. Each expects to run inside the caller's write transaction,
 * so a change and its history commit together or not at all. Every change is a history entry, so "what was the
 * appetite when this was decided" is answered by `appetiteHistory` (and `appetiteAsOf` in shared/appetite.ts).
 */
import type { Database } from 'better-sqlite3';
import type { AppetiteLevel, AppetiteMapping } from '../shared/appetite.ts';
import { APPETITE_LEVEL_LABELS, checkAppetiteMapping } from '../shared/appetite.ts';
import type { CategoryRecord, HistoryEntry, RiskRecord } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import { MAPPING_SETTING, readAppetiteMapping, writeAppetiteMapping } from './appetite-mapping.ts';
import { getCategory, listCategories, setCategoryLevel, setCategoryStatement } from './categories.ts';
import { historyFor, toHistoryEntry } from './history.ts';
import type { HistoryRow } from './history.ts';
import { loadRisk, riskConflict } from './risk-writes.ts';
import { updateRiskColumns } from './risks.ts';
import { stmt } from './statements.ts';
import type { WriteContext } from './write-context.ts';
import type { Change } from './versioned.ts';
import { recordChanges } from './versioned.ts';

/** The history entity id of the register's mapping entries. */
export const MAPPING_ENTITY_ID = 'appetite-levels';

function loadCategory(db: Database, id: string): CategoryRecord {
  const c = getCategory(db, id);
  if (!c) throw new AppError('NOT_FOUND', 'This category no longer exists. Choose one from the list.');
  return c;
}

/** The category with this name (any case), or a NOT_FOUND naming the categories there are. */
export function categoryByName(db: Database, name: string): CategoryRecord {
  const all = listCategories(db);
  const want = name.trim().toLowerCase();
  const found = all.find((c) => c.name.toLowerCase() === want);
  if (!found)
    throw new AppError(
      'NOT_FOUND',
      `There is no category called "${name.trim()}". Categories: ${all.map((c) => c.name).join(', ') || '(none yet)'}.`,
    );
  return found;
}

/** The category's level (or none, with null); a custom threshold is replaced. */
export function setLevel(
  db: Database,
  id: string,
  level: AppetiteLevel | null,
  reason: string | undefined,
  ctx: WriteContext,
): CategoryRecord {
  const before = loadCategory(db, id);
  if (before.appetiteLevel === level && (level !== null || before.appetite === null)) return before;
  setCategoryLevel(db, id, level);
  const changes: Change[] = [
    { action: 'update', field: 'appetiteLevel', oldValue: before.appetiteLevel, newValue: level },
  ];
  // A custom threshold it replaces is recorded too, so the history says what the appetite was before.
  if (before.appetiteLevel === null && before.appetite !== null)
    changes.push({ action: 'update', field: 'appetite', oldValue: before.appetite, newValue: null });
  recordChanges(db, { entity: 'category', entityId: id, label: before.name }, changes, reason, ctx);
  return loadCategory(db, id);
}

/** The appetite statement the board approved, and when (yyyy-mm-dd or null). */
export function setStatement(
  db: Database,
  id: string,
  statement: string,
  approved: string | null,
  reason: string | undefined,
  ctx: WriteContext,
): CategoryRecord {
  const before = loadCategory(db, id);
  const text = statement.trim();
  if (before.appetiteStatement === text && before.appetiteApproved === approved) return before;
  setCategoryStatement(db, id, text, approved);
  recordChanges(
    db,
    { entity: 'category', entityId: id, label: before.name },
    [
      {
        action: 'update',
        field: 'appetiteStatement',
        oldValue: { statement: before.appetiteStatement, approved: before.appetiteApproved },
        newValue: { statement: text, approved },
      },
    ],
    reason,
    ctx,
  );
  return loadCategory(db, id);
}

/** Replace the register's mapping of levels to thresholds; refused, naming every problem, when unsound. */
export function setMapping(
  db: Database,
  mapping: AppetiteMapping,
  reason: string | undefined,
  ctx: WriteContext,
): AppetiteMapping {
  const problems = checkAppetiteMapping(mapping);
  if (problems.length)
    throw new AppError('VALIDATION', `The appetite levels were not changed. ${problems.join(' ')}`, {
      problems,
    });
  const before = readAppetiteMapping(db);
  if (JSON.stringify(before) === JSON.stringify(mapping)) return before;
  writeAppetiteMapping(db, mapping);
  recordChanges(
    db,
    { entity: 'register', entityId: MAPPING_ENTITY_ID, label: 'Appetite levels' },
    [{ action: 'update', field: MAPPING_SETTING, oldValue: before, newValue: mapping }],
    reason,
    ctx,
  );
  return readAppetiteMapping(db);
}

/** A risk's own level instead of its category's (a reason is required), or back to the category's with null. */
export function setRiskOverride(
  db: Database,
  id: string,
  version: number,
  level: AppetiteLevel | null,
  reason: string | undefined,
  ctx: WriteContext,
): RiskRecord {
  const before = loadRisk(db, id);
  if (before.version !== version) throw riskConflict(db, id);
  const why = reason?.trim() ?? '';
  if (level !== null && !why)
    throw new AppError(
      'VALIDATION',
      `Give a reason for setting ${before.ref}'s appetite to ${APPETITE_LEVEL_LABELS[level]} instead of its category's.`,
      { field: 'reason' },
    );
  const old = before.appetiteOverride
    ? { level: before.appetiteOverride.level, reason: before.appetiteOverride.reason }
    : null;
  const next = level === null ? null : { level, reason: why };
  if (JSON.stringify(old) === JSON.stringify(next)) return before;
  const cols = { appetite_level: level, appetite_reason: level === null ? null : why };
  if (!updateRiskColumns(db, id, version, cols, ctx.now)) throw riskConflict(db, id);
  recordChanges(
    db,
    { entity: 'risk', entityId: id, label: before.ref },
    [{ action: 'update', field: 'appetiteOverride', oldValue: old, newValue: next }],
    why || null,
    ctx,
  );
  return loadRisk(db, id);
}

const APPETITE_FIELDS = ['appetite', 'appetiteLevel', 'appetiteStatement', 'create', 'name'];

/**
 * The history of a category's appetite: its own level, threshold and statement entries and the register's
 * mapping changes (which move every level's threshold), oldest first.
 */
export function appetiteHistory(db: Database, categoryId: string): HistoryEntry[] {
  loadCategory(db, categoryId);
  const own = historyFor(db, 'category', categoryId).filter(
    (e) => e.action !== 'update' || APPETITE_FIELDS.includes(e.field ?? ''),
  );
  const mapping = (
    stmt(db, "SELECT * FROM history WHERE entity = 'register' AND entity_id = ? ORDER BY seq").all(
      MAPPING_ENTITY_ID,
    ) as HistoryRow[]
  ).map(toHistoryEntry);
  return [...own, ...mapping].sort((a, b) => a.seq - b.seq);
}
