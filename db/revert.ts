/**
 * Undo and redo as one primitive: revert history entry `seq` — put back its old value, if what it changed
 * still holds its new value — and record that as a new entry with the reason "Undo of change #seq".
 * Redo is a revert of the undo's own entry. Each function expects to run inside the caller's transaction.
 *
 * Revertible: risk field, score and owner changes, archive ↔ restore, and a create or import (undone by
 * archiving); action field changes, archive ↔ restore and create; owner detail changes and create;
 * category rename and appetite; the category order; a risk's treatment and its acceptance; controls (added,
 * deleted, fields, assessments, links), assurance (added, removed, fields) and objectives (added, archive ↔
 * restore, fields, risk links; not an import). Anything else is refused with a clear message.
 */
import type { Database } from 'better-sqlite3';
import type { RevertOutcome, RevertResult } from '../shared/contract/risk-admin.ts';
import type { HistoryEntry, RiskRecord, ScoreKind, ScorePair } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import { getAction, setActionArchived, updateAction } from './actions.ts';
import type { AssuranceChanges, ControlChanges } from './controls.ts';
import {
  assuranceSnapshot,
  controlSnapshot,
  deleteAssurance,
  getAssurance,
  getControl,
  getTreatment,
  setControlLink,
  setTreatment,
  updateAssurance,
  updateControl,
} from './controls.ts';
import type { ControlRecord, Effectiveness, Treatment } from '../shared/controls.ts';
import type { ObjectiveChanges } from './objectives.ts';
import {
  getObjective,
  listRules,
  RULES,
  ruleSnapshot,
  setObjectiveArchived,
  setRiskLinked,
  setRules,
  updateObjective,
} from './objectives.ts';
import type { EscalationRuleInput } from '../shared/escalation.ts';
import type { ActionChanges } from './actions.ts';
import { getCategory, listCategories, setCategoryAppetite } from './categories.ts';
import { CATEGORY_ORDER, deleteOwner, renameCategory, reorderCategories, updateOwner } from './directory.ts';
import { getOwner } from './owners.ts';
import { setRiskArchived } from './risk-admin.ts';
import type { RiskTextChanges } from './risk-writes.ts';
import { updateRiskScore, updateRiskText } from './risk-writes.ts';
import { getRisk } from './risks.ts';
import type { WriteContext } from './write-context.ts';
import { stmt } from './statements.ts';
import type { HistoryRow } from './history.ts';
import { HISTORY_COLUMNS, toHistoryEntry } from './history.ts';
import { recordChanges, updateVersioned } from './versioned.ts';

// ── Reading history ─────────────────────────────────────────────────────────────────────────────────────

export function getHistoryEntry(db: Database, seq: number): HistoryEntry | undefined {
  const row = stmt(db, `SELECT ${HISTORY_COLUMNS} FROM history WHERE seq = ?`).get(seq) as
    HistoryRow | undefined;
  return row ? toHistoryEntry(row) : undefined;
}

export interface HistoryQuery {
  entity?: HistoryEntry['entity'] | undefined;
  entityId?: string | undefined;
  /** Only the entries of the change made at this instant (a record's `updatedAt`). */
  at?: string | undefined;
  afterSeq?: number | undefined;
  limit: number;
}

/** Entries oldest first, filtered. */
export function queryHistory(db: Database, q: HistoryQuery): HistoryEntry[] {
  const where: string[] = ['1 = 1'];
  if (q.entity !== undefined) where.push('entity = @entity');
  if (q.entityId !== undefined) where.push('entity_id = @entityId');
  if (q.at !== undefined) where.push('at = @at');
  if (q.afterSeq !== undefined) where.push('seq > @afterSeq');
  const rows = stmt(
    db,
    `SELECT ${HISTORY_COLUMNS} FROM history WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`,
  ).all({
    entity: q.entity ?? null,
    entityId: q.entityId ?? null,
    at: q.at ?? null,
    afterSeq: q.afterSeq ?? null,
    limit: q.limit,
  }) as HistoryRow[];
  return rows.map(toHistoryEntry);
}

function lastSeq(db: Database): number {
  return (stmt(db, 'SELECT COALESCE(MAX(seq), 0) FROM history').pluck().get() as number) ?? 0;
}

// ── Describing values ───────────────────────────────────────────────────────────────────────────────────

/** Deep equality of JSON values, key order ignored. */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

const FIELD_LABELS: Record<string, string> = {
  ref: 'ref',
  category: 'category',
  description: 'description',
  mitigation: 'controls in place',
  owners: 'owners',
  current: 'current score',
  inherent: 'inherent score',
  target: 'target score',
  text: 'text',
  owner: 'owner',
  dueDate: 'due date',
  status: 'status',
  initials: 'initials',
  name: 'name',
  role: 'role',
  email: 'email',
  appetite: 'appetite',
  order: 'order',
  archived: 'archived state',
  treatment: 'treatment',
  acceptance: 'acceptance',
  type: 'type',
  effectiveness: 'effectiveness',
  nextAssessmentDue: 'next assessment date',
  source: 'source',
  line: 'line',
  strength: 'strength',
  date: 'date',
  gaps: 'gaps',
  title: 'title',
  lead: 'lead',
  risks: 'linked risks',
};

function describe(field: string, v: unknown): string {
  if (v === null || v === undefined) return field === 'owner' ? 'nobody' : 'not set';
  if (field === 'archived') return v ? 'archived' : 'not archived';
  if (typeof v === 'object' && v !== null && 'impact' in v && 'likelihood' in v) {
    const p = v as ScorePair;
    return `impact ${p.impact} × likelihood ${p.likelihood}`;
  }
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  if ((field === 'dueDate' || field === 'date' || field === 'nextAssessmentDue') && typeof v === 'string')
    return v.split('-').reverse().join('/');
  if (field === 'status' && typeof v === 'string') return v.replace('_', ' ');
  if (field === 'acceptance' && typeof v === 'object') {
    const a = v as { by?: unknown; until?: unknown };
    return `accepted by ${String(a.by)} until ${String(a.until).split('-').reverse().join('/')}`;
  }
  const s = String(v);
  return `"${s.length > 60 ? `${s.slice(0, 57)}…` : s}"`;
}

function when(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())} on ${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** The CONFLICT for a change whose new value no longer holds: what it is now, and who changed it since. */
function changedSince(
  db: Database,
  e: HistoryEntry,
  field: string,
  current: unknown,
  record: unknown,
  touches: (later: HistoryEntry) => boolean,
): AppError {
  const since = queryHistory(db, {
    entity: e.entity,
    entityId: e.entityId,
    afterSeq: e.seq,
    limit: 1000,
  }).filter(touches);
  const last = since.at(-1);
  const name = FIELD_LABELS[field] ?? field;
  const by = last ? `, changed by ${last.by} at ${when(last.at)} (change #${last.seq})` : '';
  const hint = last
    ? ' Undo the later change first, or edit the value directly.'
    : ' Edit the value directly.';
  return new AppError(
    'CONFLICT',
    `Change #${e.seq} cannot be undone: the ${name} of ${e.label} is now ${describe(field, current)}${by}, not ${describe(field, e.newValue)}.${hint}`,
    { current: record, entry: e, since },
  );
}

/** The CONFLICT for a control, assurance or objective whose lifecycle moved on since entry `e`. */
function movedOn(
  db: Database,
  e: HistoryEntry,
  what: string,
  record: unknown,
  touches: (later: HistoryEntry) => boolean = (l) => l.action !== 'update',
): AppError {
  const since = queryHistory(db, {
    entity: e.entity,
    entityId: e.entityId,
    afterSeq: e.seq,
    limit: 1000,
  }).filter(touches);
  const last = since.at(-1);
  const by = last ? ` by ${last.by} at ${when(last.at)} (change #${last.seq})` : '';
  return new AppError(
    'CONFLICT',
    `Change #${e.seq} cannot be undone: ${e.label} has been ${what} since${by}. Undo the later change first.`,
    { current: record, entry: e, since },
  );
}

function cannot(e: HistoryEntry, why: string): AppError {
  return new AppError('VALIDATION', `Change #${e.seq} (${e.action} of ${e.label}) cannot be undone: ${why}`, {
    entry: e,
  });
}

const isLifecycle = (l: HistoryEntry) => l.action === 'archive' || l.action === 'restore';
const isField = (f: string) => (l: HistoryEntry) => l.action === 'update' && l.field === f;

// ── Reverting ───────────────────────────────────────────────────────────────────────────────────────────

const RISK_TEXT = new Set(['ref', 'category', 'description', 'mitigation', 'owners']);
const SCORES = new Set<string>(['inherent', 'current', 'target']);

function riskValue(r: RiskRecord, field: string): unknown {
  if (field === 'current') return { impact: r.impact, likelihood: r.likelihood };
  return (r as unknown as Record<string, unknown>)[field];
}

function revertRisk(db: Database, e: HistoryEntry, reason: string, ctx: WriteContext): RevertOutcome {
  const r = getRisk(db, e.entityId);
  if (!r) throw cannot(e, `${e.label} has been deleted permanently.`);
  const archived = r.archivedAt !== null;
  if (e.action === 'archive' || e.action === 'restore' || e.action === 'create' || e.action === 'import') {
    const expectArchived = e.action === 'archive';
    if (archived !== expectArchived) throw changedSince(db, e, 'archived', archived, r, isLifecycle);
    return { entity: 'risk', record: setRiskArchived(db, r.id, r.version, !expectArchived, reason, ctx) };
  }
  if (e.action !== 'update' || e.field === null) throw cannot(e, 'this kind of change has no earlier value.');
  const field = e.field;
  if (field === 'treatment' || field === 'acceptance') return revertTreatment(db, e, r, reason, ctx);
  if (!RISK_TEXT.has(field) && !SCORES.has(field)) {
    throw cannot(e, `changes to the ${field} are not undone here.`);
  }
  const now = riskValue(r, field);
  if (!same(now, e.newValue)) throw changedSince(db, e, field, now, r, isField(field));
  if (SCORES.has(field)) {
    const pair = (e.oldValue ?? null) as ScorePair | null;
    if (field === 'current' && pair === null) throw cannot(e, 'the current score cannot be cleared.');
    return {
      entity: 'risk',
      record: updateRiskScore(db, r.id, r.version, field as ScoreKind, pair, reason, ctx),
    };
  }
  const changes = { [field]: e.oldValue } as RiskTextChanges;
  return { entity: 'risk', record: updateRiskText(db, r.id, r.version, changes, reason, ctx) };
}

/**
 * A risk's treatment or its acceptance, each entry on its own: the value must still be what the entry set, and the
 * risk live. Putting back an acceptance needs the treatment to be tolerate again (undo that change first).
 */
function revertTreatment(
  db: Database,
  e: HistoryEntry,
  r: RiskRecord,
  reason: string,
  ctx: WriteContext,
): RevertOutcome {
  if (r.archivedAt !== null) throw cannot(e, `${r.ref} is archived. Restore it first, then undo the change.`);
  const t = getTreatment(db, r.id);
  const words = (a: typeof t.acceptance) => (a ? { by: a.by, why: a.why, until: a.until } : null);
  const latest = () => getRisk(db, r.id) ?? r;
  if (e.field === 'treatment') {
    if (!same(t.treatment, e.newValue))
      throw changedSince(db, e, 'treatment', t.treatment, t, isField('treatment'));
    const old = (e.oldValue ?? null) as Treatment | null;
    setTreatment(db, { riskId: r.id, version: t.version, treatment: old, reason }, ctx);
    return { entity: 'risk', record: latest() };
  }
  const now = words(t.acceptance);
  if (!same(now, e.newValue)) throw changedSince(db, e, 'acceptance', now, t, isField('acceptance'));
  const old = (e.oldValue ?? null) as { by: string; why: string; until: string } | null;
  if (old !== null && t.treatment !== 'tolerate') {
    throw cannot(
      e,
      `the acceptance belongs to a tolerated risk and ${r.ref} is no longer tolerated. Undo the later treatment change first.`,
    );
  }
  setTreatment(
    db,
    { riskId: r.id, version: t.version, treatment: t.treatment, acceptance: old, reason },
    ctx,
  );
  return { entity: 'risk', record: latest() };
}

const ACTION_FIELDS = new Set(['text', 'owner', 'dueDate', 'status']);

function revertAction(
  db: Database,
  e: HistoryEntry,
  reason: string,
  ctx: WriteContext,
  today: string,
): RevertOutcome {
  const a = getAction(db, e.entityId, today);
  if (!a) throw cannot(e, 'the action was deleted with its risk.');
  const archived = a.archivedAt !== null;
  if (e.action === 'archive' || e.action === 'restore' || e.action === 'create') {
    const expectArchived = e.action === 'archive';
    if (archived !== expectArchived) throw changedSince(db, e, 'archived', archived, a, isLifecycle);
    return {
      entity: 'action',
      record: setActionArchived(db, a.id, a.version, !expectArchived, reason, ctx, today),
    };
  }
  if (e.action !== 'update' || e.field === null || !ACTION_FIELDS.has(e.field)) {
    throw cannot(e, 'this kind of change to an action is not undone here.');
  }
  const field = e.field as keyof ActionChanges;
  if (!same(a[field], e.newValue)) throw changedSince(db, e, field, a[field], a, isField(field));
  const changes = { [field]: e.oldValue } as ActionChanges;
  return { entity: 'action', record: updateAction(db, a.id, a.version, changes, reason, ctx, today) };
}

const OWNER_FIELDS = new Set(['initials', 'name', 'role', 'email']);

function revertOwner(db: Database, e: HistoryEntry, reason: string, ctx: WriteContext): RevertOutcome {
  const o = getOwner(db, e.entityId);
  if (!o) throw cannot(e, `the owner ${e.label} has since been merged or deleted.`);
  if (e.action === 'create') {
    deleteOwner(db, o.id, o.version, reason, ctx);
    return { entity: 'owner', record: null };
  }
  if (e.action !== 'update' || e.field === null || !OWNER_FIELDS.has(e.field)) {
    throw cannot(e, 'this kind of change to an owner is not undone here.');
  }
  const field = e.field as 'initials' | 'name' | 'role' | 'email';
  if (!same(o[field], e.newValue)) throw changedSince(db, e, field, o[field], o, isField(field));
  return {
    entity: 'owner',
    record: updateOwner(db, o.id, o.version, { [field]: String(e.oldValue ?? '') }, reason, ctx),
  };
}

function revertCategory(db: Database, e: HistoryEntry, reason: string, ctx: WriteContext): RevertOutcome {
  const c = getCategory(db, e.entityId);
  if (!c) throw cannot(e, `the category ${e.label} has since been merged.`);
  if (e.action === 'update' && e.field === 'name') {
    if (!same(c.name, e.newValue)) throw changedSince(db, e, 'name', c.name, c, isField('name'));
    return {
      entity: 'category',
      record: renameCategory(db, c.id, c.version, String(e.oldValue), reason, ctx),
    };
  }
  if (e.action === 'update' && e.field === 'appetite') {
    if (!same(c.appetite, e.newValue))
      throw changedSince(db, e, 'appetite', c.appetite, c, isField('appetite'));
    const old = (e.oldValue ?? null) as number | null;
    setCategoryAppetite(db, c.id, old);
    recordChanges(
      db,
      { entity: 'category', entityId: c.id, label: c.name },
      [{ action: 'update', field: 'appetite', oldValue: c.appetite, newValue: old }],
      reason,
      ctx,
    );
    return { entity: 'category', record: { ...c, appetite: old } };
  }
  throw cannot(e, 'this kind of change to a category is not undone here.');
}

function revertRegister(db: Database, e: HistoryEntry, reason: string, ctx: WriteContext): RevertOutcome {
  if (e.entityId === RULES.entityId && e.field === RULES.field) return revertRules(db, e, reason, ctx);
  if (e.entityId !== CATEGORY_ORDER.entityId || e.field !== CATEGORY_ORDER.field) {
    throw cannot(e, 'register settings are changed back in Settings.');
  }
  const current = listCategories(db);
  const names = current.map((c) => c.name);
  if (!same(names, e.newValue)) {
    throw changedSince(db, e, 'order', names, current, isField(CATEGORY_ORDER.field));
  }
  const byName = new Map(current.map((c) => [c.name, c.id]));
  const ids = (e.oldValue as string[]).map((n) => byName.get(n));
  if (ids.some((id) => id === undefined) || ids.length !== current.length) {
    throw cannot(e, 'the categories it ordered have changed since.');
  }
  return { entity: 'register', record: reorderCategories(db, ids as string[], reason, ctx) };
}

/**
 * A change to the escalation rules (a rule added, edited, switched off or on, deleted, or the list reordered):
 * the list goes back to the one before it, if the rules are still the ones it saved. A rule that comes back keeps
 * its id where it is still in the list in the same words, so a rule already off keeps when it was switched off.
 */
function revertRules(db: Database, e: HistoryEntry, reason: string, ctx: WriteContext): RevertOutcome {
  const current = listRules(db);
  const now = current.map(ruleSnapshot);
  if (!same(now, e.newValue)) {
    const since = queryHistory(db, {
      entity: 'register',
      entityId: RULES.entityId,
      afterSeq: e.seq,
      limit: 1000,
    });
    const last = since.at(-1);
    const by = last ? ` by ${last.by} at ${when(last.at)} (change #${last.seq})` : '';
    throw new AppError(
      'CONFLICT',
      `Change #${e.seq} cannot be undone: the escalation rules have been changed since${by}. Undo the later change first, or edit the rules in Settings › Escalation rules.`,
      { current, entry: e, since },
    );
  }
  const old = (Array.isArray(e.oldValue) ? e.oldValue : []) as EscalationRuleInput[];
  // The same rule (its words, on or off aside) keeps its id: its place in the dashboard and its switch-off time.
  const words = (r: EscalationRuleInput) => canonical({ ...ruleSnapshot(r), disabled: undefined });
  const free = [...current];
  const back = old.map((r) => {
    const i = free.findIndex((c) => words(c) === words(r));
    const id = i >= 0 ? free.splice(i, 1)[0]?.id : undefined;
    return { ...ruleSnapshot(r), ...(id ? { id } : {}) } as EscalationRuleInput;
  });
  return { entity: 'register', record: setRules(db, back, reason, ctx) };
}

// ── Controls, assurance and objectives ──────────────────────────────────────────────────────────────────

/** A risk by its ref (refs are unique, case-insensitive), live or archived. */
function riskByRef(db: Database, ref: string): { id: string; ref: string; archived: boolean } | undefined {
  const row = stmt(db, 'SELECT id, ref, archived_at FROM risks WHERE ref = ? COLLATE NOCASE').get(ref) as
    { id: string; ref: string; archived_at: string | null } | undefined;
  return row ? { id: row.id, ref: row.ref, archived: row.archived_at !== null } : undefined;
}

const CONTROL_FIELDS = new Set(['text', 'owner', 'type', 'nextAssessmentDue']);

/**
 * Control entries. Added (or restored) → deleted again, with the links that entry made, if no risk has been
 * linked to it since; deleted → restored with its links if every linked risk is still live; a field or an
 * assessment → set back if the value is still the one the entry wrote; a link ↔ the reverse.
 */
function revertControl(
  db: Database,
  e: HistoryEntry,
  reason: string,
  ctx: WriteContext,
  today: string,
): RevertOutcome {
  const c = getControl(db, e.entityId, today);
  if (!c) throw cannot(e, 'the control no longer exists.');
  const deleted = c.archivedAt !== null;
  if (e.action === 'create' || e.action === 'restore') {
    if (deleted) throw movedOn(db, e, 'deleted', c);
    return { entity: 'control', record: unaddControl(db, e, c, reason, ctx, today) };
  }
  if (e.action === 'delete') {
    if (!deleted) throw movedOn(db, e, 'restored', c);
    return { entity: 'control', record: restoreControl(db, e, c, reason, ctx, today) };
  }
  if (e.action !== 'update' || e.field === null) throw cannot(e, 'this kind of change has no earlier value.');
  if (deleted) throw cannot(e, `the control "${e.label}" has been deleted since. Undo its deletion first.`);
  const field = e.field;
  if (field === 'risks') return { entity: 'control', record: relinkControl(db, e, c, reason, ctx, today) };
  if (field === 'effectiveness') {
    return { entity: 'control', record: unassessControl(db, e, c, reason, ctx, today) };
  }
  if (!CONTROL_FIELDS.has(field)) throw cannot(e, `changes to the ${field} are not undone here.`);
  const key = field as 'text' | 'owner' | 'type' | 'nextAssessmentDue';
  if (!same(c[key], e.newValue)) throw changedSince(db, e, key, c[key], c, isField(key));
  if (key === 'owner' && e.oldValue !== null) {
    const known = stmt(db, 'SELECT 1 FROM owners WHERE initials = ?').get(e.oldValue);
    if (known === undefined) {
      throw cannot(
        e,
        `the owner ${String(e.oldValue)} is no longer in the directory (merged or deleted). Choose the owner in the risk panel instead.`,
      );
    }
  }
  const changes = { [key]: e.oldValue } as ControlChanges;
  return { entity: 'control', record: updateControl(db, c.id, c.version, changes, reason, ctx, today) };
}

/** Undo of adding (or restoring) a control: unlink what that entry linked, then delete it. */
function unaddControl(
  db: Database,
  e: HistoryEntry,
  c: ControlRecord,
  reason: string,
  ctx: WriteContext,
  today: string,
): ControlRecord {
  const links = stmt(
    db,
    'SELECT risk_id AS riskId, linked_at AS linkedAt FROM risk_controls WHERE control_id = ?',
  ).all(c.id) as { riskId: string; linkedAt: string }[];
  const since = links
    .filter((l) => l.linkedAt !== e.at)
    .map((l) => c.risks.find((r) => r.riskId === l.riskId)?.ref);
  if (since.length) {
    throw cannot(
      e,
      `the control has been linked to ${since.join(', ')} since. Unlink it from ${since.length === 1 ? 'that risk' : 'those risks'} first.`,
    );
  }
  stmt(db, 'DELETE FROM risk_controls WHERE control_id = ?').run(c.id);
  return updateVersioned(db, {
    table: 'controls',
    id: c.id,
    version: null,
    set: 'archived_at = @now',
    subject: { entity: 'control', entityId: c.id, label: e.label },
    changes: [{ action: 'delete', oldValue: controlSnapshot(c), newValue: null }],
    reason,
    ctx,
    conflict: () => cannot(e, 'the control no longer exists.'),
    read: () => getControl(db, c.id, today) ?? c,
  });
}

/** Undo of deleting a control: bring it back with the links its snapshot names, all or nothing. */
function restoreControl(
  db: Database,
  e: HistoryEntry,
  c: ControlRecord,
  reason: string,
  ctx: WriteContext,
  today: string,
): ControlRecord {
  const refs = ((e.oldValue as { risks?: unknown } | null)?.risks ?? []) as string[];
  const risks = refs.map((ref) => ({ ref, risk: riskByRef(db, ref) }));
  const gone = risks.filter((r) => !r.risk || r.risk.archived);
  if (gone.length) {
    const names = gone.map((g) => `${g.ref} (${g.risk ? 'archived' : 'no longer in the register'})`);
    throw cannot(
      e,
      `it served ${names.join(', ')}. Restore ${gone.length === 1 ? 'that risk' : 'those risks'} first, or add the control again.`,
    );
  }
  const link = stmt(
    db,
    'INSERT OR IGNORE INTO risk_controls (risk_id, control_id, linked_at) VALUES (?, ?, ?)',
  );
  for (const r of risks) if (r.risk) link.run(r.risk.id, c.id, ctx.now);
  // The snapshot names the links just made (it does not carry the deleted mark the write below clears).
  const linked = getControl(db, c.id, today) ?? c;
  return updateVersioned(db, {
    table: 'controls',
    id: c.id,
    version: null,
    set: 'archived_at = NULL',
    subject: { entity: 'control', entityId: c.id, label: e.label },
    changes: [{ action: 'restore', oldValue: null, newValue: controlSnapshot(linked) }],
    reason,
    ctx,
    conflict: () => cannot(e, 'the control no longer exists.'),
    read: () => getControl(db, c.id, today) ?? linked,
  });
}

/** Undo of a link (unlink it) or of an unlink (link it again). */
function relinkControl(
  db: Database,
  e: HistoryEntry,
  c: ControlRecord,
  reason: string,
  ctx: WriteContext,
  today: string,
): ControlRecord {
  const linked = e.newValue !== null;
  const ref = String(linked ? e.newValue : e.oldValue);
  const link = c.risks.find((r) => r.ref.toLowerCase() === ref.toLowerCase());
  if (linked) {
    if (!link) throw cannot(e, `the control no longer serves ${ref}; it has been unlinked since.`);
    return setControlLink(db, c.id, link.riskId, false, reason, ctx, today);
  }
  if (link) throw cannot(e, `the control serves ${ref} again already.`);
  const risk = riskByRef(db, ref);
  if (!risk) throw cannot(e, `${ref} is no longer in the register.`);
  if (risk.archived) throw cannot(e, `${ref} is archived. Restore it first, then undo the change.`);
  return setControlLink(db, c.id, risk.id, true, reason, ctx, today);
}

/** A control's rating with the date and assessor that go with it. */
interface Assessment {
  value: Effectiveness;
  at: string | null;
  by: string | null;
}

/**
 * The assessment in force just before and just after each `effectiveness` entry of a control, replayed from its
 * history: an ordinary entry is an assessment made then, by its author; an undo ("Undo of change #k") puts back
 * what was in force just before entry k, date and assessor included.
 */
function assessments(entries: readonly HistoryEntry[]): {
  before: (seq: number) => Assessment;
  after: (seq: number) => Assessment;
} {
  const made = entries.find((l) => l.action === 'create' || l.action === 'import');
  const first = String((made?.newValue as { effectiveness?: unknown } | null)?.effectiveness ?? 'unassessed');
  const start: Assessment =
    first === 'unassessed' || !made
      ? { value: 'unassessed', at: null, by: null }
      : { value: first as Effectiveness, at: made.at, by: made.by };
  const rated = entries.filter(isField('effectiveness'));
  const bySeq = new Map(rated.map((l) => [l.seq, l]));
  const memo = new Map<number, Assessment>();
  const before = (seq: number): Assessment => {
    const prev = rated.filter((l) => l.seq < seq).at(-1);
    return prev ? after(prev.seq) : start;
  };
  const after = (seq: number): Assessment => {
    const known = memo.get(seq);
    if (known) return known;
    const l = bySeq.get(seq);
    let out: Assessment = start;
    if (l) {
      const k = /^Undo of change #(\d+)$/.exec(l.reason ?? '');
      const undone = k ? bySeq.get(Number(k[1])) : undefined;
      out =
        undone && undone.seq < seq
          ? { ...before(undone.seq), value: String(l.newValue) as Effectiveness }
          : { value: String(l.newValue) as Effectiveness, at: l.at, by: l.by };
    }
    memo.set(seq, out);
    return out;
  };
  return { before, after };
}

/**
 * Undo of an assessment: refused unless the rating and its date are still the ones that entry wrote; then the
 * assessment in force before it comes back — rating, date and assessor (unassessed: no date, nobody).
 */
function unassessControl(
  db: Database,
  e: HistoryEntry,
  c: ControlRecord,
  reason: string,
  ctx: WriteContext,
  today: string,
): ControlRecord {
  const all = queryHistory(db, { entity: 'control', entityId: c.id, limit: 100_000 });
  const replay = assessments(all);
  const wrote = replay.after(e.seq);
  if (!same(c.effectiveness, e.newValue)) {
    throw changedSince(db, e, 'effectiveness', c.effectiveness, c, isField('effectiveness'));
  }
  if (c.assessedAt !== wrote.at) {
    throw movedOn(db, e, 'assessed again', c, isField('effectiveness'));
  }
  const back = replay.before(e.seq);
  const old = String(e.oldValue) as Effectiveness;
  return updateVersioned(db, {
    table: 'controls',
    id: c.id,
    version: null,
    set: 'effectiveness = @old, assessed_at = @at, assessed_by = @by',
    params: { old, at: back.at, by: back.by },
    subject: { entity: 'control', entityId: c.id, label: e.label },
    changes: [{ action: 'update', field: 'effectiveness', oldValue: c.effectiveness, newValue: old }],
    reason,
    ctx,
    conflict: () => cannot(e, 'the control no longer exists.'),
    read: () => getControl(db, c.id, today) ?? c,
  });
}

const ASSURANCE_FIELDS = new Set(['source', 'line', 'strength', 'date', 'gaps']);

/** Assurance entries: added ↔ removed (the risk must be live to bring one back), and field changes. */
function revertAssurance(db: Database, e: HistoryEntry, reason: string, ctx: WriteContext): RevertOutcome {
  const a = getAssurance(db, e.entityId);
  if (!a) throw cannot(e, `the assurance was deleted with its risk.`);
  const removed = a.archivedAt !== null;
  const risk = getRisk(db, a.riskId);
  if (e.action === 'create' || e.action === 'restore') {
    if (removed) throw movedOn(db, e, 'removed', a);
    return { entity: 'assurance', record: deleteAssurance(db, a.id, a.version, reason, ctx) };
  }
  if (!risk || risk.archivedAt !== null) {
    throw cannot(e, `${a.riskRef} is archived. Restore it first, then undo the change.`);
  }
  if (e.action === 'delete') {
    if (!removed) throw movedOn(db, e, 'restored', a);
    const record = updateVersioned(db, {
      table: 'assurances',
      id: a.id,
      version: null,
      set: 'archived_at = NULL',
      subject: { entity: 'assurance', entityId: a.id, label: e.label },
      changes: [{ action: 'restore', oldValue: null, newValue: assuranceSnapshot(a) }],
      reason,
      ctx,
      conflict: () => cannot(e, 'the assurance was deleted with its risk.'),
      read: () => getAssurance(db, a.id) ?? a,
    });
    return { entity: 'assurance', record };
  }
  if (e.action !== 'update' || e.field === null || !ASSURANCE_FIELDS.has(e.field)) {
    throw cannot(e, 'this kind of change to assurance is not undone here.');
  }
  if (removed) throw cannot(e, 'the assurance has been removed since. Undo its removal first.');
  const field = e.field as keyof AssuranceChanges;
  if (!same(a[field], e.newValue)) throw changedSince(db, e, field, a[field], a, isField(field));
  const changes = { [field]: e.oldValue } as AssuranceChanges;
  return { entity: 'assurance', record: updateAssurance(db, a.id, a.version, changes, reason, ctx) };
}

const OBJECTIVE_FIELDS = new Set(['ref', 'title', 'lead', 'status']);

/**
 * Objective entries: added → archived (the register keeps objectives, it does not delete them) if no risk is
 * linked; archive ↔ restore; field changes; a risk link ↔ unlink. An imported objective is refused: it came with
 * the rest of its file.
 */
function revertObjective(db: Database, e: HistoryEntry, reason: string, ctx: WriteContext): RevertOutcome {
  const o = getObjective(db, e.entityId);
  if (!o) throw cannot(e, 'the objective no longer exists.');
  const archived = o.archivedAt !== null;
  if (e.action === 'import') {
    throw cannot(
      e,
      `${o.ref} came in with the rest of its file (${e.reason ?? 'an import'}), and undoing one row of an import would leave the register half-imported. Archive ${o.ref} in the Objectives view if it should go.`,
    );
  }
  if (e.action === 'create') {
    if (archived) throw movedOn(db, e, 'archived', o);
    const linked = stmt(
      db,
      'SELECT r.ref FROM risk_objectives l JOIN risks r ON r.id = l.risk_id WHERE l.objective_id = ? ORDER BY r.position',
    )
      .pluck()
      .all(o.id) as string[];
    if (linked.length) {
      throw cannot(
        e,
        `${linked.join(', ')} ${linked.length === 1 ? 'has' : 'have'} been linked to ${o.ref} since. Unlink ${linked.length === 1 ? 'it' : 'them'} first.`,
      );
    }
    return { entity: 'objective', record: setObjectiveArchived(db, o.id, o.version, true, reason, ctx) };
  }
  if (e.action === 'archive' || e.action === 'restore') {
    const expectArchived = e.action === 'archive';
    if (archived !== expectArchived) throw changedSince(db, e, 'archived', archived, o, isLifecycle);
    return {
      entity: 'objective',
      record: setObjectiveArchived(db, o.id, o.version, !expectArchived, reason, ctx),
    };
  }
  if (e.action !== 'update' || e.field === null) throw cannot(e, 'this kind of change has no earlier value.');
  if (e.field === 'risks') {
    const before = (e.oldValue ?? []) as string[];
    const after = (e.newValue ?? []) as string[];
    const added = after.filter((r) => !before.includes(r));
    const dropped = before.filter((r) => !after.includes(r));
    const ref = added[0] ?? dropped[0];
    if (ref === undefined || added.length + dropped.length !== 1) {
      throw cannot(e, 'it did not change exactly one link to a live risk. Link or unlink the risk directly.');
    }
    const link = added.length === 1;
    const risk = riskByRef(db, ref);
    if (!risk) throw cannot(e, `${ref} is no longer in the register.`);
    const isLinked =
      stmt(db, 'SELECT 1 FROM risk_objectives WHERE risk_id = ? AND objective_id = ?').get(risk.id, o.id) !==
      undefined;
    if (isLinked !== link) {
      throw cannot(e, `${ref} has been ${link ? 'unlinked from' : 'linked to'} ${o.ref} again since.`);
    }
    if (!link && risk.archived)
      throw cannot(e, `${ref} is archived. Restore it first, then undo the change.`);
    if (!link && archived) throw cannot(e, `${o.ref} is archived. Restore it first, then undo the change.`);
    return { entity: 'objective', record: setRiskLinked(db, o.id, risk.id, !link, reason, ctx) };
  }
  if (!OBJECTIVE_FIELDS.has(e.field)) throw cannot(e, `changes to the ${e.field} are not undone here.`);
  const field = e.field as keyof ObjectiveChanges;
  if (!same(o[field], e.newValue)) throw changedSince(db, e, field, o[field], o, isField(field));
  const changes = { [field]: e.oldValue } as ObjectiveChanges;
  return { entity: 'objective', record: updateObjective(db, o.id, o.version, changes, reason, ctx) };
}

/** Revert one history entry. Returns what it changed and the seq of the entry that records the revert. */
export function revertEntry(db: Database, seq: number, ctx: WriteContext, today: string): RevertResult {
  const e = getHistoryEntry(db, seq);
  if (!e) throw new AppError('NOT_FOUND', `There is no change #${seq} in this register's history.`);
  const reason = `Undo of change #${seq}`;
  const before = lastSeq(db);
  let outcome: RevertOutcome;
  switch (e.entity) {
    case 'risk':
      outcome = revertRisk(db, e, reason, ctx);
      break;
    case 'action':
      outcome = revertAction(db, e, reason, ctx, today);
      break;
    case 'owner':
      outcome = revertOwner(db, e, reason, ctx);
      break;
    case 'category':
      outcome = revertCategory(db, e, reason, ctx);
      break;
    case 'register':
      outcome = revertRegister(db, e, reason, ctx);
      break;
    case 'control':
      outcome = revertControl(db, e, reason, ctx, today);
      break;
    case 'assurance':
      outcome = revertAssurance(db, e, reason, ctx);
      break;
    case 'objective':
      outcome = revertObjective(db, e, reason, ctx);
      break;
  }
  const after = lastSeq(db);
  if (after === before) throw cannot(e, 'it made no difference.');
  return { ...outcome, seq: after };
}
