/**
 * Objectives, the risks linked to them, and the register's escalation rules: rows ↔ records, and the writes with
 * their history rows (entity "objective"; the rule list as a register-wide entry). Write functions expect to run
 * inside the caller's transaction.
 */
import type { Database } from 'better-sqlite3';
import type { CategoryRecord } from '../shared/domain.ts';
import type { EscalationRule, EscalationRuleInput, FiredRule, RuleCondition } from '../shared/escalation.ts';
import { evaluateRules } from '../shared/escalation.ts';
import { AppError } from '../shared/errors.ts';
import type {
  ObjectiveImportOutcome,
  ObjectiveRecord,
  ObjectiveStatus,
  ObjectiveWithExposure,
  PlannedObjective,
} from '../shared/objectives.ts';
import { objectiveExposure } from '../shared/objectives.ts';
import { scoreTimeline } from '../shared/travel.ts';
import { riskHistories } from './audit.ts';
import { listCategories } from './categories.ts';
import { historyFor } from './history.ts';
import { uuidv7 } from './ids.ts';
import { getRisk, listRisks } from './risks.ts';
import { readSettings } from './settings.ts';
import { stmt } from './statements.ts';
import type { WriteContext } from './write-context.ts';
import { expectVersion, fieldChanges, recordChanges, updateVersioned } from './versioned.ts';

interface ObjectiveRow {
  id: string;
  ref: string;
  title: string;
  lead: string;
  status: ObjectiveStatus;
  version: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

const SELECT =
  'SELECT id, ref, title, lead, status, version, created_at, updated_at, archived_at FROM objectives';

/** Linked live risks by objective id, in register order. */
function linksByObjective(db: Database): Map<string, { id: string; ref: string }[]> {
  const rows = stmt(
    db,
    `SELECT l.objective_id AS objectiveId, r.id, r.ref FROM risk_objectives l JOIN risks r ON r.id = l.risk_id
      WHERE r.archived_at IS NULL ORDER BY r.position, r.ref`,
  ).all() as { objectiveId: string; id: string; ref: string }[];
  const out = new Map<string, { id: string; ref: string }[]>();
  for (const r of rows) {
    const list = out.get(r.objectiveId) ?? [];
    list.push({ id: r.id, ref: r.ref });
    out.set(r.objectiveId, list);
  }
  return out;
}

function toRecord(row: ObjectiveRow, links: { id: string; ref: string }[]): ObjectiveRecord {
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    lead: row.lead,
    status: row.status,
    riskIds: links.map((l) => l.id),
    riskRefs: links.map((l) => l.ref),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

/** Objectives in ref order (natural: F2 before F10). Archived ones only when asked. */
export function listObjectives(db: Database, opts: { includeArchived?: boolean } = {}): ObjectiveRecord[] {
  const rows = stmt(
    db,
    `${SELECT} ${opts.includeArchived ? '' : 'WHERE archived_at IS NULL'}`,
  ).all() as ObjectiveRow[];
  const links = linksByObjective(db);
  const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
  return rows.sort((a, b) => collator.compare(a.ref, b.ref)).map((r) => toRecord(r, links.get(r.id) ?? []));
}

export function getObjective(db: Database, id: string): ObjectiveRecord | undefined {
  const row = stmt(db, `${SELECT} WHERE id = ?`).get(id) as ObjectiveRow | undefined;
  return row ? toRecord(row, linksByObjective(db).get(id) ?? []) : undefined;
}

export function objectiveByRef(db: Database, ref: string): ObjectiveRecord | undefined {
  const row = stmt(db, `${SELECT} WHERE ref = ? COLLATE NOCASE`).get(ref.trim()) as ObjectiveRow | undefined;
  return row ? toRecord(row, linksByObjective(db).get(row.id) ?? []) : undefined;
}

function mustObjective(db: Database, id: string): ObjectiveRecord {
  const o = getObjective(db, id);
  if (!o) {
    throw new AppError(
      'NOT_FOUND',
      'This objective no longer exists. Reopen the Objectives view to see the current list.',
    );
  }
  return o;
}

function conflict(db: Database, id: string): AppError {
  const current = mustObjective(db, id);
  const last = historyFor(db, 'objective', id).at(-1);
  return new AppError(
    'CONFLICT',
    `Objective ${current.ref} was changed${last ? ` by ${last.by}` : ''} after you opened it. The latest values are shown; apply your change again if it still stands.`,
    { current },
  );
}

/** What history keeps of an objective. */
function snapshot(o: Pick<ObjectiveRecord, 'ref' | 'title' | 'lead' | 'status'>): Record<string, unknown> {
  return { ref: o.ref, title: o.title, lead: o.lead, status: o.status };
}

export interface NewObjective {
  ref: string;
  title: string;
  lead: string;
  status: ObjectiveStatus;
}

function refTaken(db: Database, ref: string, exceptId?: string): ObjectiveRecord | undefined {
  const o = objectiveByRef(db, ref);
  return o && o.id !== exceptId ? o : undefined;
}

export function createObjective(
  db: Database,
  input: NewObjective,
  reason: string | undefined,
  ctx: WriteContext,
  action: 'create' | 'import' = 'create',
): ObjectiveRecord {
  const ref = input.ref.trim();
  const taken = refTaken(db, ref);
  if (taken) {
    throw new AppError(
      'VALIDATION',
      `There is already an objective ${taken.ref}${taken.archivedAt ? ' (archived)' : ''}. Choose another ref.`,
    );
  }
  const id = uuidv7();
  stmt(
    db,
    `INSERT INTO objectives (id, ref, title, lead, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, ref, input.title.trim(), input.lead.trim(), input.status, ctx.now, ctx.now);
  const created = mustObjective(db, id);
  recordChanges(
    db,
    { entity: 'objective', entityId: id, label: ref },
    [{ action, oldValue: null, newValue: snapshot(created) }],
    reason,
    ctx,
  );
  return created;
}

export interface ObjectiveChanges {
  ref?: string | undefined;
  title?: string | undefined;
  lead?: string | undefined;
  status?: ObjectiveStatus | undefined;
}

/** Change an objective still at `version`; one history row per changed field. No change: returned as is. */
export function updateObjective(
  db: Database,
  id: string,
  version: number,
  changes: ObjectiveChanges,
  reason: string | undefined,
  ctx: WriteContext,
): ObjectiveRecord {
  const before = mustObjective(db, id);
  const refused = () => conflict(db, id);
  expectVersion(before.version, version, refused);
  const next = {
    ref: changes.ref?.trim() ?? before.ref,
    title: changes.title?.trim() ?? before.title,
    lead: changes.lead?.trim() ?? before.lead,
    status: changes.status ?? before.status,
  };
  const changed = fieldChanges(['ref', 'title', 'lead', 'status'], before, next);
  if (!changed.length) return before;
  if (next.ref !== before.ref) {
    const taken = refTaken(db, next.ref, id);
    if (taken)
      throw new AppError('VALIDATION', `There is already an objective ${taken.ref}. Choose another ref.`);
  }
  return updateVersioned(db, {
    table: 'objectives',
    id,
    version,
    set: 'ref = @ref, title = @title, lead = @lead, status = @status',
    params: next,
    subject: { entity: 'objective', entityId: id, label: next.ref },
    changes: changed,
    reason,
    ctx,
    conflict: refused,
    read: () => mustObjective(db, id),
  });
}

/** Archive (or restore) an objective still at `version`. Its links stay, so a restore brings them back. */
export function setObjectiveArchived(
  db: Database,
  id: string,
  version: number,
  archived: boolean,
  reason: string | undefined,
  ctx: WriteContext,
): ObjectiveRecord {
  const before = mustObjective(db, id);
  const refused = () => conflict(db, id);
  expectVersion(before.version, version, refused);
  if ((before.archivedAt !== null) === archived) return before;
  return updateVersioned(db, {
    table: 'objectives',
    id,
    version,
    set: 'archived_at = @archivedAt',
    params: { archivedAt: archived ? ctx.now : null },
    subject: { entity: 'objective', entityId: id, label: before.ref },
    changes: [
      {
        action: archived ? 'archive' : 'restore',
        oldValue: before.archivedAt,
        newValue: archived ? ctx.now : null,
      },
    ],
    reason,
    ctx,
    conflict: refused,
    read: () => mustObjective(db, id),
  });
}

/**
 * Link a risk to an objective (or unlink it). Recorded in the objective's history as the change of its list of
 * risk refs. Linking needs a live risk and a live objective; a link that is already so is returned as is.
 */
export function setRiskLinked(
  db: Database,
  objectiveId: string,
  riskId: string,
  linked: boolean,
  reason: string | undefined,
  ctx: WriteContext,
): ObjectiveRecord {
  const o = mustObjective(db, objectiveId);
  const risk = getRisk(db, riskId);
  if (!risk) {
    throw new AppError(
      'NOT_FOUND',
      'This risk no longer exists. It may have been deleted in another window.',
    );
  }
  if (linked && risk.archivedAt !== null) {
    throw new AppError(
      'VALIDATION',
      `${risk.ref} is archived. Restore it before linking it to an objective.`,
    );
  }
  if (linked && o.archivedAt !== null) {
    throw new AppError(
      'VALIDATION',
      `Objective ${o.ref} is archived. Restore it before linking risks to it.`,
    );
  }
  const exists =
    stmt(db, 'SELECT 1 FROM risk_objectives WHERE risk_id = ? AND objective_id = ?').get(
      riskId,
      objectiveId,
    ) !== undefined;
  if (exists === linked) return o;
  if (linked) {
    stmt(db, 'INSERT INTO risk_objectives (risk_id, objective_id, linked_at) VALUES (?, ?, ?)').run(
      riskId,
      objectiveId,
      ctx.now,
    );
  } else {
    stmt(db, 'DELETE FROM risk_objectives WHERE risk_id = ? AND objective_id = ?').run(riskId, objectiveId);
  }
  const after = mustObjective(db, objectiveId);
  recordChanges(
    db,
    { entity: 'objective', entityId: objectiveId, label: o.ref },
    [{ action: 'update', field: 'risks', oldValue: o.riskRefs, newValue: after.riskRefs }],
    reason ?? (linked ? `${risk.ref} linked` : `${risk.ref} unlinked`),
    ctx,
  );
  return after;
}

/** The objectives a risk is linked to (live ones), in ref order. */
export function objectivesOfRisk(db: Database, riskId: string): ObjectiveRecord[] {
  return listObjectives(db).filter((o) => o.riskIds.includes(riskId));
}

/**
 * Write a checked import plan (see `planObjectiveImport`): a new ref is created, a known ref gets the file's
 * title, lead and status (one history row per changed field). The caller's transaction makes it all or nothing.
 */
export function importObjectives(
  db: Database,
  plan: readonly PlannedObjective[],
  fileName: string,
  ctx: WriteContext,
): ObjectiveImportOutcome {
  const out = { fileName, created: 0, updated: 0, unchanged: 0 };
  const reason = `Imported from ${fileName}`;
  for (const p of plan) {
    const existing = objectiveByRef(db, p.ref);
    if (!existing) {
      createObjective(db, p, reason, ctx, 'import');
      out.created += 1;
      continue;
    }
    const after = updateObjective(
      db,
      existing.id,
      existing.version,
      { title: p.title, lead: p.lead, status: p.status },
      reason,
      ctx,
    );
    if (after.version === existing.version) out.unchanged += 1;
    else out.updated += 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Exposure

export function objectivesWithExposure(
  db: Database,
  opts: { includeArchived?: boolean } = {},
): ObjectiveWithExposure[] {
  const key = readSettings(db).key;
  const categories: CategoryRecord[] = listCategories(db);
  const risks = new Map(listRisks(db).map((r) => [r.id, r]));
  return listObjectives(db, opts).map((o) => ({
    ...o,
    exposure: objectiveExposure(
      o.riskIds.map((id) => risks.get(id)).filter((r) => r !== undefined),
      key,
      categories,
    ),
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Escalation rules

interface RuleRow {
  id: string;
  label: string;
  condition: string;
  outcome: EscalationRule['then'];
  escalate_to: string;
  disabled_at: string | null;
}

export function listRules(db: Database): EscalationRule[] {
  const rows = stmt(
    db,
    'SELECT id, label, condition, outcome, escalate_to, disabled_at FROM escalation_rules ORDER BY position',
  ).all() as RuleRow[];
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    when: JSON.parse(r.condition) as RuleCondition,
    then: r.outcome,
    to: r.escalate_to,
    ...(r.disabled_at === null ? {} : { disabled: true as const }),
  }));
}

/** The history entries of the rule list: one register-wide entry a change, with the old and new lists. */
export const RULES = { entityId: 'escalation-rules', field: 'escalationRules' } as const;

/** A rule as history records it; `disabled: true` only for a rule that is off, so older entries read the same. */
export const ruleSnapshot = (r: EscalationRuleInput) => ({
  label: r.label,
  when: r.when,
  then: r.then,
  to: r.to,
  ...(r.disabled ? { disabled: true } : {}),
});

/**
 * Replace the register's rules with this (already validated) list, keeping the ids of rules that name one.
 * Recorded in history as one register-wide change with the old and new lists. The same list: returned as is.
 */
export function setRules(
  db: Database,
  rules: readonly EscalationRuleInput[],
  reason: string | undefined,
  ctx: WriteContext,
): EscalationRule[] {
  const before = listRules(db);
  const oldValue = before.map(ruleSnapshot);
  const newValue = rules.map(ruleSnapshot);
  if (JSON.stringify(oldValue) === JSON.stringify(newValue)) return before;
  // A rule already off keeps the moment it was switched off; one switched off now takes this change's.
  const offSince = new Map(
    (
      stmt(db, 'SELECT id, disabled_at FROM escalation_rules WHERE disabled_at IS NOT NULL').all() as {
        id: string;
        disabled_at: string;
      }[]
    ).map((r) => [r.id, r.disabled_at]),
  );
  stmt(db, 'DELETE FROM escalation_rules').run();
  const insert = stmt(
    db,
    `INSERT INTO escalation_rules (id, position, label, condition, outcome, escalate_to, created_at, disabled_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    const id = r.id && !ids.has(r.id) ? r.id : uuidv7();
    ids.add(id);
    const disabledAt = r.disabled ? (offSince.get(id) ?? ctx.now) : null;
    insert.run(id, i + 1, r.label, JSON.stringify(r.when), r.then, r.to, ctx.now, disabledAt);
  });
  recordChanges(
    db,
    { entity: 'register', entityId: RULES.entityId, label: 'Escalation rules' },
    [{ action: 'update', field: RULES.field, oldValue, newValue }],
    reason,
    ctx,
  );
  return listRules(db);
}

/** The rules that fire now, over every live risk and its score history. `today` is yyyy-mm-dd. */
export function currentEscalations(db: Database, today: string): FiredRule[] {
  return escalationsFor(db, listRules(db), today);
}

/**
 * The rules given (checked already; saved or not) evaluated now over every live risk, exactly as the dashboard
 * evaluates the saved ones: the Settings editor shows what a draft rule would fire on before it is saved.
 */
export function escalationsFor(db: Database, rules: readonly EscalationRule[], today: string): FiredRule[] {
  if (!rules.length) return [];
  const histories = riskHistories(db);
  const ctx = { key: readSettings(db).key, categories: listCategories(db), today };
  return evaluateRules(
    rules,
    listRisks(db).map((risk) => ({ risk, timeline: scoreTimeline(histories.get(risk.id) ?? []) })),
    ctx,
  );
}
