/**
 * Undo and redo as one primitive: revert history entry `seq` — put back its old value, if what it changed
 * still holds its new value — and record that as a new entry with the reason "Undo of change #seq".
 * Redo is a revert of the undo's own entry. Each function expects to run inside the caller's transaction.
 *
 * Revertible: risk field, score and owner changes, archive ↔ restore, and a create or import (undone by
 * archiving); action field changes, archive ↔ restore and create; owner detail changes and create;
 * category rename and appetite; the category order; a risk's treatment and its acceptance. Anything else is refused
 * with a clear message.
 */
import type { Database } from 'better-sqlite3';
import type { RevertOutcome, RevertResult } from '../shared/contract/risk-admin.ts';
import type { HistoryEntry, RiskRecord, ScoreKind, ScorePair } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import { getAction, setActionArchived, updateAction } from './actions.ts';
import { getTreatment, setTreatment } from './controls.ts';
import type { Treatment } from '../shared/controls.ts';
import type { ActionChanges } from './actions.ts';
import { getCategory, listCategories, setCategoryAppetite } from './categories.ts';
import { CATEGORY_ORDER, deleteOwner, renameCategory, reorderCategories, updateOwner } from './directory.ts';
import { appendHistory } from './history.ts';
import { getOwner } from './owners.ts';
import { setRiskArchived } from './risk-admin.ts';
import type { RiskTextChanges } from './risk-writes.ts';
import { updateRiskScore, updateRiskText } from './risk-writes.ts';
import { getRisk } from './risks.ts';
import type { WriteContext } from './write-context.ts';
import { stmt } from './statements.ts';
import type { HistoryRow } from './history.ts';
import { HISTORY_COLUMNS, toHistoryEntry } from './history.ts';

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
};

function describe(field: string, v: unknown): string {
  if (v === null || v === undefined) return field === 'owner' ? 'nobody' : 'not set';
  if (field === 'archived') return v ? 'archived' : 'not archived';
  if (typeof v === 'object' && v !== null && 'impact' in v && 'likelihood' in v) {
    const p = v as ScorePair;
    return `impact ${p.impact} × likelihood ${p.likelihood}`;
  }
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  if (field === 'dueDate' && typeof v === 'string') return v.split('-').reverse().join('/');
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
    appendHistory(db, [
      {
        entity: 'category',
        entityId: c.id,
        label: c.name,
        action: 'update',
        field: 'appetite',
        oldValue: c.appetite,
        newValue: old,
        reason,
        at: ctx.now,
        by: ctx.by,
      },
    ]);
    return { entity: 'category', record: { ...c, appetite: old } };
  }
  throw cannot(e, 'this kind of change to a category is not undone here.');
}

function revertRegister(db: Database, e: HistoryEntry, reason: string, ctx: WriteContext): RevertOutcome {
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
    case 'assurance':
      throw cannot(
        e,
        `changes to ${e.entity === 'control' ? 'controls' : 'assurance'} are not undone here; change it again in the risk panel.`,
      );
    case 'objective':
      throw cannot(e, 'change the objective or its links again in the Objectives view instead.');
  }
  const after = lastSeq(db);
  if (after === before) throw cannot(e, 'it made no difference.');
  return { ...outcome, seq: after };
}
