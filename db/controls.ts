/**
 * Controls (shared by risks), assurance per risk, and each risk's treatment and acceptance: rows ↔ records, and
 * the writes with their history rows. Write functions expect to run inside the caller's transaction, as in
 * db/actions.ts: history entities `control` and `assurance`; treatment and acceptance are `risk` entries.
 */
import type { Database } from 'better-sqlite3';
import { isOutsideAppetite } from '../shared/appetite.ts';
import type {
  Acceptance,
  AssuranceLine,
  AssuranceRecord,
  AssuranceStrength,
  ControlRecord,
  ControlRiskLink,
  ControlType,
  Effectiveness,
  FlaggedRisk,
  RiskControlsView,
  RiskFlags,
  Treatment,
  TreatmentRecord,
} from '../shared/controls.ts';
import { acceptanceFlags, assuranceGaps, isFlagged } from '../shared/controls.ts';
import type { RiskRecord } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import { listCategories } from './categories.ts';
import { historyFor } from './history.ts';
import { uuidv7 } from './ids.ts';
import { ensureOwner } from './owners.ts';
import { getRisk, listRisks, listRisksIn } from './risks.ts';
import { updateRiskText } from './risk-writes.ts';
import { stmt } from './statements.ts';
import type { WriteContext } from './write-context.ts';
import type { Change } from './versioned.ts';
import { expectVersion, fieldChanges, recordChanges, updateVersioned } from './versioned.ts';

// ---------------------------------------------------------------- controls

interface ControlRow {
  id: string;
  text: string;
  owner: string | null;
  type: ControlType | null;
  effectiveness: Effectiveness;
  assessed_at: string | null;
  assessed_by: string | null;
  next_assessment_due: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

const SELECT_CONTROL = `
  SELECT c.id, c.text, o.initials AS owner, c.type, c.effectiveness, c.assessed_at, c.assessed_by,
         c.next_assessment_due, c.version, c.created_at, c.updated_at, c.archived_at
    FROM controls c LEFT JOIN owners o ON o.id = c.owner_id`;

function linksOf(db: Database, controlId: string): ControlRiskLink[] {
  const rows = stmt(
    db,
    `SELECT r.id AS riskId, r.ref, r.archived_at IS NOT NULL AS archived
       FROM risk_controls rc JOIN risks r ON r.id = rc.risk_id
      WHERE rc.control_id = ? ORDER BY r.position`,
  ).all(controlId) as { riskId: string; ref: string; archived: number }[];
  return rows.map((r) => ({ riskId: r.riskId, ref: r.ref, archived: r.archived === 1 }));
}

function toControl(db: Database, row: ControlRow, today: string): ControlRecord {
  return {
    id: row.id,
    text: row.text,
    owner: row.owner,
    type: row.type,
    effectiveness: row.effectiveness,
    assessedAt: row.assessed_at,
    assessedBy: row.assessed_by,
    nextAssessmentDue: row.next_assessment_due,
    assessmentOverdue:
      row.archived_at === null && row.next_assessment_due !== null && row.next_assessment_due < today,
    risks: linksOf(db, row.id),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

export interface ControlQuery {
  riskId?: string | undefined;
  includeArchived?: boolean | undefined;
}

/** Controls in the order they were added (UUID v7 ids sort by time); with `riskId`, that risk's controls. */
export function listControls(db: Database, q: ControlQuery, today: string): ControlRecord[] {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (q.riskId !== undefined) {
    where.push('c.id IN (SELECT control_id FROM risk_controls WHERE risk_id = @riskId)');
    params.riskId = q.riskId;
  }
  if (!q.includeArchived) where.push('c.archived_at IS NULL');
  const sql = `${SELECT_CONTROL}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id`;
  return (stmt(db, sql).all(params) as ControlRow[]).map((r) => toControl(db, r, today));
}

export function getControl(db: Database, id: string, today: string): ControlRecord | undefined {
  const row = stmt(db, `${SELECT_CONTROL} WHERE c.id = ?`).get(id) as ControlRow | undefined;
  return row ? toControl(db, row, today) : undefined;
}

const GONE = 'This control no longer exists. Read the list again to see the current controls.';

function mustControl(db: Database, id: string, today: string, live = true): ControlRecord {
  const c = getControl(db, id, today);
  if (!c) throw new AppError('NOT_FOUND', GONE);
  if (live && c.archivedAt !== null) {
    throw new AppError(
      'VALIDATION',
      `The control "${short(c.text)}" has been deleted; it cannot be changed.`,
    );
  }
  return c;
}

function controlConflict(db: Database, id: string, today: string): AppError {
  const current = getControl(db, id, today);
  if (!current) return new AppError('NOT_FOUND', GONE);
  const last = historyFor(db, 'control', id).at(-1);
  const who = last ? ` by ${last.by}` : '';
  return new AppError(
    'CONFLICT',
    `The control "${short(current.text)}" was changed${who} after you opened it. The latest values are shown; apply your change again if it still stands.`,
    { current },
  );
}

/** A history label: the control's words, cut to 60 characters. */
function short(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
}

function liveRisk(db: Database, riskId: string, doing: string): RiskRecord {
  const risk = getRisk(db, riskId);
  if (!risk) {
    throw new AppError(
      'NOT_FOUND',
      'This risk no longer exists. It may have been deleted in another window.',
    );
  }
  if (risk.archivedAt !== null) {
    throw new AppError('VALIDATION', `${risk.ref} is archived. Restore it before ${doing}.`);
  }
  return risk;
}

/** What history keeps of a control. */
export function controlSnapshot(c: ControlRecord): Record<string, unknown> {
  return {
    text: c.text,
    owner: c.owner,
    type: c.type,
    effectiveness: c.effectiveness,
    nextAssessmentDue: c.nextAssessmentDue,
    risks: c.risks.map((r) => r.ref),
  };
}

export interface NewControl {
  text: string;
  riskIds: readonly string[];
  owner?: string | null | undefined;
  type?: ControlType | null | undefined;
  effectiveness: Effectiveness;
  nextAssessmentDue?: string | null | undefined;
  reason?: string | undefined;
}

export function createControl(
  db: Database,
  input: NewControl,
  ctx: WriteContext,
  today: string,
): ControlRecord {
  const riskIds = [...new Set(input.riskIds)];
  const risks = riskIds.map((id) => liveRisk(db, id, 'linking controls to it'));
  const owner = input.owner?.trim() || null;
  const id = uuidv7();
  const assessed = input.effectiveness !== 'unassessed';
  stmt(
    db,
    `INSERT INTO controls (id, text, owner_id, type, effectiveness, assessed_at, assessed_by, next_assessment_due,
                           created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.text.trim(),
    owner === null ? null : ensureOwner(db, owner, ctx.now),
    input.type ?? null,
    input.effectiveness,
    assessed ? ctx.now : null,
    assessed ? ctx.by : null,
    input.nextAssessmentDue ?? null,
    ctx.now,
    ctx.now,
  );
  const link = stmt(db, 'INSERT INTO risk_controls (risk_id, control_id, linked_at) VALUES (?, ?, ?)');
  for (const r of risks) link.run(r.id, id, ctx.now);
  const created = mustControl(db, id, today);
  recordChanges(
    db,
    { entity: 'control', entityId: id, label: short(created.text) },
    [{ action: 'create', oldValue: null, newValue: controlSnapshot(created) }],
    input.reason,
    ctx,
  );
  return created;
}

export interface SplitInput {
  riskId: string;
  /** The risk's version when its Mitigation was read. */
  version: number;
  controls: readonly { text: string; type: ControlType | null; effectiveness: Effectiveness }[];
  mitigation: 'keep' | 'clear';
  reason?: string | undefined;
}

/**
 * Split a risk's Mitigation into controls: the risk must still be at `version` (its Mitigation unchanged), each
 * control is created linked to it (a `control` create row each), and the Mitigation is cleared when asked (a
 * `risk` update row). Run inside the caller's transaction: all or nothing.
 */
export function splitIntoControls(
  db: Database,
  input: SplitInput,
  ctx: WriteContext,
  today: string,
): { controls: ControlRecord[]; risk: RiskRecord } {
  const risk = liveRisk(db, input.riskId, 'splitting its Mitigation into controls');
  // Checks the version (CONFLICT naming who changed it) and, when asked, clears the Mitigation with history.
  const after = updateRiskText(
    db,
    risk.id,
    input.version,
    input.mitigation === 'clear' ? { mitigation: '' } : {},
    input.reason,
    ctx,
  );
  const controls = input.controls.map((c) =>
    createControl(
      db,
      {
        text: c.text,
        riskIds: [risk.id],
        type: c.type,
        effectiveness: c.effectiveness,
        reason: input.reason,
      },
      ctx,
      today,
    ),
  );
  return { controls, risk: after };
}

export interface ControlChanges {
  text?: string | undefined;
  owner?: string | null | undefined;
  type?: ControlType | null | undefined;
  nextAssessmentDue?: string | null | undefined;
}

/** Change a control still at `version`; one history row per changed field. No change: returned as is. */
export function updateControl(
  db: Database,
  id: string,
  version: number,
  changes: ControlChanges,
  reason: string | undefined,
  ctx: WriteContext,
  today: string,
): ControlRecord {
  const before = mustControl(db, id, today);
  const conflict = () => controlConflict(db, id, today);
  expectVersion(before.version, version, conflict);
  const next = {
    text: changes.text === undefined ? before.text : changes.text.trim(),
    owner: changes.owner === undefined ? before.owner : changes.owner?.trim() || null,
    type: changes.type === undefined ? before.type : changes.type,
    nextAssessmentDue:
      changes.nextAssessmentDue === undefined ? before.nextAssessmentDue : changes.nextAssessmentDue,
  };
  const changed = fieldChanges(['text', 'owner', 'type', 'nextAssessmentDue'], before, next);
  if (!changed.length) return before;
  return updateVersioned(db, {
    table: 'controls',
    id,
    version,
    set: 'text = @text, owner_id = @ownerId, type = @type, next_assessment_due = @due',
    params: {
      text: next.text,
      ownerId: next.owner === null ? null : ensureOwner(db, next.owner, ctx.now),
      type: next.type,
      due: next.nextAssessmentDue,
    },
    subject: { entity: 'control', entityId: id, label: short(before.text) },
    changes: changed,
    reason,
    ctx,
    conflict,
    read: () => mustControl(db, id, today),
  });
}

/**
 * Record an assessment: the effectiveness with the date and who assessed it. Always a history entry (even
 * when the rating stays the same, a fresh assessment is a fact worth keeping).
 */
export function assessControl(
  db: Database,
  id: string,
  version: number,
  effectiveness: Effectiveness,
  nextAssessmentDue: string | null | undefined,
  reason: string | undefined,
  ctx: WriteContext,
  today: string,
): ControlRecord {
  const before = mustControl(db, id, today);
  const conflict = () => controlConflict(db, id, today);
  expectVersion(before.version, version, conflict);
  const due = nextAssessmentDue === undefined ? before.nextAssessmentDue : nextAssessmentDue;
  const changes: Change[] = [
    { action: 'update', field: 'effectiveness', oldValue: before.effectiveness, newValue: effectiveness },
  ];
  if (due !== before.nextAssessmentDue) {
    changes.push({
      action: 'update',
      field: 'nextAssessmentDue',
      oldValue: before.nextAssessmentDue,
      newValue: due,
    });
  }
  return updateVersioned(db, {
    table: 'controls',
    id,
    version,
    set: `effectiveness = @effectiveness, assessed_at = @now, assessed_by = @by, next_assessment_due = @due`,
    params: { effectiveness, by: ctx.by, due },
    subject: { entity: 'control', entityId: id, label: short(before.text) },
    changes,
    reason,
    ctx,
    conflict,
    read: () => mustControl(db, id, today),
  });
}

/** Link a control to a live risk (or unlink it). Already in that state: returned as is. */
export function setControlLink(
  db: Database,
  id: string,
  riskId: string,
  linked: boolean,
  reason: string | undefined,
  ctx: WriteContext,
  today: string,
): ControlRecord {
  const before = mustControl(db, id, today);
  const risk = linked
    ? liveRisk(db, riskId, 'linking controls to it')
    : (getRisk(db, riskId) ??
      (() => {
        throw new AppError(
          'NOT_FOUND',
          'This risk no longer exists. It may have been deleted in another window.',
        );
      })());
  const isLinked = before.risks.some((r) => r.riskId === riskId);
  if (isLinked === linked) return before;
  if (linked) {
    stmt(db, 'INSERT INTO risk_controls (risk_id, control_id, linked_at) VALUES (?, ?, ?)').run(
      riskId,
      id,
      ctx.now,
    );
  } else {
    stmt(db, 'DELETE FROM risk_controls WHERE risk_id = ? AND control_id = ?').run(riskId, id);
  }
  return updateVersioned(db, {
    table: 'controls',
    id,
    version: null,
    subject: { entity: 'control', entityId: id, label: short(before.text) },
    changes: [
      {
        action: 'update',
        field: 'risks',
        oldValue: linked ? null : risk.ref,
        newValue: linked ? risk.ref : null,
      },
    ],
    reason,
    ctx,
    conflict: () => controlConflict(db, id, today),
    read: () => mustControl(db, id, today),
  });
}

/**
 * Delete a control still at `version`. Refused while it is linked to any risk (archived ones included), naming
 * them; the row is kept (marked deleted) so its history still reads.
 */
export function deleteControl(
  db: Database,
  id: string,
  version: number,
  reason: string | undefined,
  ctx: WriteContext,
  today: string,
): ControlRecord {
  const before = mustControl(db, id, today);
  const conflict = () => controlConflict(db, id, today);
  expectVersion(before.version, version, conflict);
  if (before.risks.length) {
    const refs = before.risks.map((r) => (r.archived ? `${r.ref} (archived)` : r.ref));
    throw new AppError(
      'VALIDATION',
      `The control "${short(before.text)}" still serves ${refs.length === 1 ? 'risk' : 'risks'} ${refs.join(', ')}. Unlink it from ${refs.length === 1 ? 'that risk' : 'those risks'} first, then delete it.`,
      { risks: before.risks },
    );
  }
  return updateVersioned(db, {
    table: 'controls',
    id,
    version,
    set: 'archived_at = @now',
    subject: { entity: 'control', entityId: id, label: short(before.text) },
    changes: [{ action: 'delete', oldValue: controlSnapshot(before), newValue: null }],
    reason,
    ctx,
    conflict,
    read: () => mustControl(db, id, today, false),
  });
}

// ---------------------------------------------------------------- assurance

interface AssuranceRow {
  id: string;
  risk_id: string;
  risk_ref: string;
  source: string;
  line: AssuranceLine;
  strength: AssuranceStrength;
  assured_on: string | null;
  gaps: string;
  version: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

const SELECT_ASSURANCE = `
  SELECT a.id, a.risk_id, r.ref AS risk_ref, a.source, a.line, a.strength, a.assured_on, a.gaps, a.version,
         a.created_at, a.updated_at, a.archived_at
    FROM assurances a JOIN risks r ON r.id = a.risk_id`;

function toAssurance(row: AssuranceRow): AssuranceRecord {
  return {
    id: row.id,
    riskId: row.risk_id,
    riskRef: row.risk_ref,
    source: row.source,
    line: row.line,
    strength: row.strength,
    date: row.assured_on,
    gaps: row.gaps,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

/** A risk's live assurance sources, by line and then the order they were added. */
export function listAssurances(db: Database, riskId: string): AssuranceRecord[] {
  const rows = stmt(
    db,
    `${SELECT_ASSURANCE} WHERE a.risk_id = ? AND a.archived_at IS NULL ORDER BY a.line, a.position`,
  ).all(riskId) as AssuranceRow[];
  return rows.map(toAssurance);
}

export function getAssurance(db: Database, id: string): AssuranceRecord | undefined {
  const row = stmt(db, `${SELECT_ASSURANCE} WHERE a.id = ?`).get(id) as AssuranceRow | undefined;
  return row ? toAssurance(row) : undefined;
}

const ASSURANCE_GONE = 'This assurance no longer exists. Its risk may have been deleted in another window.';

function mustAssurance(db: Database, id: string): AssuranceRecord {
  const a = getAssurance(db, id);
  if (!a) throw new AppError('NOT_FOUND', ASSURANCE_GONE);
  return a;
}

function assuranceConflict(db: Database, id: string): AppError {
  const current = getAssurance(db, id);
  if (!current) return new AppError('NOT_FOUND', ASSURANCE_GONE);
  const last = historyFor(db, 'assurance', id).at(-1);
  const who = last ? ` by ${last.by}` : '';
  return new AppError(
    'CONFLICT',
    `This assurance on ${current.riskRef} was changed${who} after you opened it. The latest values are shown; apply your change again if it still stands.`,
    { current },
  );
}

export function assuranceSnapshot(a: AssuranceRecord): Record<string, unknown> {
  return {
    riskRef: a.riskRef,
    source: a.source,
    line: a.line,
    strength: a.strength,
    date: a.date,
    gaps: a.gaps,
  };
}

export interface NewAssurance {
  riskId: string;
  source: string;
  line: AssuranceLine;
  strength: AssuranceStrength;
  date?: string | null | undefined;
  gaps?: string | undefined;
  reason?: string | undefined;
}

export function createAssurance(db: Database, input: NewAssurance, ctx: WriteContext): AssuranceRecord {
  const risk = liveRisk(db, input.riskId, 'recording assurance on it');
  const id = uuidv7();
  const position = stmt(db, 'SELECT COALESCE(MAX(position), 0) + 1 FROM assurances WHERE risk_id = ?')
    .pluck()
    .get(risk.id) as number;
  stmt(
    db,
    `INSERT INTO assurances (id, risk_id, source, line, strength, assured_on, gaps, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    risk.id,
    input.source.trim(),
    input.line,
    input.strength,
    input.date ?? null,
    (input.gaps ?? '').trim(),
    position,
    ctx.now,
    ctx.now,
  );
  const created = mustAssurance(db, id);
  recordChanges(
    db,
    { entity: 'assurance', entityId: id, label: risk.ref },
    [{ action: 'create', oldValue: null, newValue: assuranceSnapshot(created) }],
    input.reason,
    ctx,
  );
  return created;
}

export interface AssuranceChanges {
  source?: string | undefined;
  line?: AssuranceLine | undefined;
  strength?: AssuranceStrength | undefined;
  date?: string | null | undefined;
  gaps?: string | undefined;
}

export function updateAssurance(
  db: Database,
  id: string,
  version: number,
  changes: AssuranceChanges,
  reason: string | undefined,
  ctx: WriteContext,
): AssuranceRecord {
  const before = mustAssurance(db, id);
  if (before.archivedAt !== null) {
    throw new AppError(
      'VALIDATION',
      `This assurance on ${before.riskRef} has been removed; it cannot be changed.`,
    );
  }
  const conflict = () => assuranceConflict(db, id);
  expectVersion(before.version, version, conflict);
  liveRisk(db, before.riskId, 'changing its assurance');
  const next = {
    source: changes.source === undefined ? before.source : changes.source.trim(),
    line: changes.line ?? before.line,
    strength: changes.strength ?? before.strength,
    date: changes.date === undefined ? before.date : changes.date,
    gaps: changes.gaps === undefined ? before.gaps : changes.gaps.trim(),
  };
  const changed = fieldChanges(['source', 'line', 'strength', 'date', 'gaps'], before, next);
  if (!changed.length) return before;
  return updateVersioned(db, {
    table: 'assurances',
    id,
    version,
    set: 'source = @source, line = @line, strength = @strength, assured_on = @date, gaps = @gaps',
    params: next,
    subject: { entity: 'assurance', entityId: id, label: before.riskRef },
    changes: changed,
    reason,
    ctx,
    conflict,
    read: () => mustAssurance(db, id),
  });
}

export function deleteAssurance(
  db: Database,
  id: string,
  version: number,
  reason: string | undefined,
  ctx: WriteContext,
): AssuranceRecord {
  const before = mustAssurance(db, id);
  if (before.archivedAt !== null) return before;
  const conflict = () => assuranceConflict(db, id);
  expectVersion(before.version, version, conflict);
  return updateVersioned(db, {
    table: 'assurances',
    id,
    version,
    set: 'archived_at = @now',
    subject: { entity: 'assurance', entityId: id, label: before.riskRef },
    changes: [{ action: 'delete', oldValue: assuranceSnapshot(before), newValue: null }],
    reason,
    ctx,
    conflict,
    read: () => mustAssurance(db, id),
  });
}

// ---------------------------------------------------------------- treatment and acceptance

interface TreatmentRow {
  risk_id: string;
  treatment: Treatment | null;
  accepted_by: string | null;
  accepted_because: string | null;
  accepted_until: string | null;
  accepted_at: string | null;
  version: number;
}

function toTreatment(riskId: string, row: TreatmentRow | undefined): TreatmentRecord {
  if (!row) return { riskId, treatment: null, acceptance: null, version: 0 };
  const acceptance: Acceptance | null =
    row.accepted_by !== null && row.accepted_until !== null
      ? {
          by: row.accepted_by,
          why: row.accepted_because ?? '',
          until: row.accepted_until,
          recordedAt: row.accepted_at ?? '',
        }
      : null;
  return { riskId, treatment: row.treatment, acceptance, version: row.version };
}

export function getTreatment(db: Database, riskId: string): TreatmentRecord {
  const row = stmt(db, 'SELECT * FROM risk_treatments WHERE risk_id = ?').get(riskId) as
    TreatmentRow | undefined;
  return toTreatment(riskId, row);
}

export interface TreatmentInput {
  riskId: string;
  version: number;
  treatment: Treatment | null;
  /** Undefined: keep the acceptance (cleared anyway when the treatment is no longer tolerate). */
  acceptance?: { by: string; why: string; until: string } | null | undefined;
  reason?: string | undefined;
}

/** Set a risk's treatment and acceptance; history rows on the risk for each part that changed. */
export function setTreatment(db: Database, input: TreatmentInput, ctx: WriteContext): TreatmentRecord {
  const risk = liveRisk(db, input.riskId, 'recording its treatment');
  const before = getTreatment(db, risk.id);
  if (before.version !== input.version) {
    const last = historyFor(db, 'risk', risk.id)
      .filter((e) => e.field === 'treatment' || e.field === 'acceptance')
      .at(-1);
    throw new AppError(
      'CONFLICT',
      `The treatment of ${risk.ref} was changed${last ? ` by ${last.by}` : ''} after you opened it. The latest values are shown; apply your change again if it still stands.`,
      { current: before },
    );
  }
  let acceptance: Acceptance | null =
    input.acceptance === undefined
      ? before.acceptance
      : input.acceptance === null
        ? null
        : {
            by: input.acceptance.by.trim(),
            why: input.acceptance.why.trim(),
            until: input.acceptance.until,
            recordedAt: ctx.now,
          };
  if (input.acceptance && input.treatment !== 'tolerate') {
    throw new AppError(
      'VALIDATION',
      `An acceptance records why a tolerated risk stays as it is. Set the treatment of ${risk.ref} to tolerate to record one.`,
    );
  }
  if (input.treatment !== 'tolerate') acceptance = null;
  const sameAcceptance =
    (acceptance === null && before.acceptance === null) ||
    (acceptance !== null &&
      before.acceptance !== null &&
      acceptance.by === before.acceptance.by &&
      acceptance.why === before.acceptance.why &&
      acceptance.until === before.acceptance.until);
  if (sameAcceptance) acceptance = before.acceptance;
  const treatmentChanged = input.treatment !== before.treatment;
  if (!treatmentChanged && sameAcceptance) return before;
  stmt(
    db,
    `INSERT INTO risk_treatments (risk_id, treatment, accepted_by, accepted_because, accepted_until, accepted_at,
                                  version, updated_at)
     VALUES (@riskId, @treatment, @by, @why, @until, @at, 1, @now)
     ON CONFLICT (risk_id) DO UPDATE SET treatment = excluded.treatment, accepted_by = excluded.accepted_by,
       accepted_because = excluded.accepted_because, accepted_until = excluded.accepted_until,
       accepted_at = excluded.accepted_at, version = risk_treatments.version + 1, updated_at = excluded.updated_at`,
  ).run({
    riskId: risk.id,
    treatment: input.treatment,
    by: acceptance?.by ?? null,
    why: acceptance?.why ?? null,
    until: acceptance?.until ?? null,
    at: acceptance?.recordedAt ?? null,
    now: ctx.now,
  });
  const changes: Change[] = [];
  if (treatmentChanged) {
    changes.push({
      action: 'update',
      field: 'treatment',
      oldValue: before.treatment,
      newValue: input.treatment,
    });
  }
  if (!sameAcceptance) {
    const words = (a: Acceptance | null) => (a ? { by: a.by, why: a.why, until: a.until } : null);
    changes.push({
      action: 'update',
      field: 'acceptance',
      oldValue: words(before.acceptance),
      newValue: words(acceptance),
    });
  }
  recordChanges(db, { entity: 'risk', entityId: risk.id, label: risk.ref }, changes, input.reason, ctx);
  return getTreatment(db, risk.id);
}

// ---------------------------------------------------------------- flags and views

function flagsFor(
  risk: RiskRecord,
  assurances: readonly AssuranceRecord[],
  treatment: TreatmentRecord,
  categories: ReturnType<typeof listCategories>,
  today: string,
): RiskFlags {
  return {
    assuranceGaps: assuranceGaps(assurances),
    ...acceptanceFlags(treatment, isOutsideAppetite(risk, categories), today),
  };
}

export function riskControlsView(db: Database, riskId: string, today: string): RiskControlsView {
  const risk = getRisk(db, riskId);
  if (!risk) {
    throw new AppError(
      'NOT_FOUND',
      'This risk no longer exists. It may have been deleted in another window.',
    );
  }
  const assurances = listAssurances(db, riskId);
  const treatment = getTreatment(db, riskId);
  return {
    riskId,
    controls: listControls(db, { riskId }, today),
    assurances,
    treatment,
    flags: flagsFor(risk, assurances, treatment, listCategories(db), today),
  };
}

/**
 * The live risks with a live assurance source or a recorded treatment, each with its flags (flagged or not), in
 * register order: `controls:flags { omitUnrecorded: true }`. Every other live risk has nothing recorded and the
 * flags `UNRECORDED_FLAGS`. Only these risks are read (a register of 100,000 with a few hundred assured risks reads
 * a few hundred records, not 100,000), and the flags are worked out by the same rule as `flaggedRisks`.
 */
export function recordedRiskFlags(db: Database, today: string): FlaggedRisk[] {
  // Nothing recorded anywhere (a register just imported): no scan of the register at all.
  const any = stmt(
    db,
    `SELECT EXISTS (SELECT 1 FROM assurances WHERE archived_at IS NULL) OR EXISTS (SELECT 1 FROM risk_treatments)`,
  )
    .pluck()
    .get();
  if (!any) return [];
  const risks = listRisksIn(
    db,
    'SELECT risk_id FROM assurances WHERE archived_at IS NULL UNION SELECT risk_id FROM risk_treatments',
  );
  if (risks.length === 0) return [];
  return flagsOfRisks(db, risks, listCategories(db), today, false);
}

/** Live risks that need attention for their assurance or acceptance, in register order. */
export function flaggedRisks(
  db: Database,
  today: string,
  /** The live risks and categories when the caller has read them already (the board pack), else read here. */
  read?: { risks: readonly RiskRecord[]; categories: ReturnType<typeof listCategories> },
): FlaggedRisk[] {
  return flagsOfRisks(
    db,
    read?.risks ?? listRisks(db, {}),
    read?.categories ?? listCategories(db),
    today,
    true,
  );
}

/** `risks`' flags, in their order: only the flagged ones when `flaggedOnly`. */
function flagsOfRisks(
  db: Database,
  risks: readonly RiskRecord[],
  categories: ReturnType<typeof listCategories>,
  today: string,
  flaggedOnly: boolean,
): FlaggedRisk[] {
  const byRisk = new Map<string, AssuranceRecord[]>();
  const rows = stmt(db, `${SELECT_ASSURANCE} WHERE a.archived_at IS NULL`).all() as AssuranceRow[];
  for (const row of rows) {
    const list = byRisk.get(row.risk_id) ?? [];
    list.push(toAssurance(row));
    byRisk.set(row.risk_id, list);
  }
  const treatments = new Map(
    (stmt(db, 'SELECT * FROM risk_treatments').all() as TreatmentRow[]).map((t) => [t.risk_id, t]),
  );
  const out: FlaggedRisk[] = [];
  for (const risk of risks) {
    const f = flagsFor(
      risk,
      byRisk.get(risk.id) ?? [],
      toTreatment(risk.id, treatments.get(risk.id)),
      categories,
      today,
    );
    if (!flaggedOnly || isFlagged(f)) out.push({ riskId: risk.id, ref: risk.ref, ...f });
  }
  return out;
}

/**
 * Every risk's live assurance sources (by line, then the order they were added) and recorded treatment, by risk
 * id, in two queries: what `listAssurances` and `getTreatment` give per risk, for a whole-register export
 * (the board pack and the summary workbook at 100,000 risks would otherwise ask 200,000 times).
 */
export function assuranceAndTreatmentByRisk(db: Database): {
  assurances: Map<string, AssuranceRecord[]>;
  treatment: (riskId: string) => TreatmentRecord;
  /** False when the risk has no treatment row (its `treatment` is then none, with no acceptance). */
  hasTreatment: (riskId: string) => boolean;
} {
  const assurances = new Map<string, AssuranceRecord[]>();
  const rows = stmt(
    db,
    `${SELECT_ASSURANCE} WHERE a.archived_at IS NULL ORDER BY a.risk_id, a.line, a.position`,
  ).all() as AssuranceRow[];
  for (const row of rows) {
    const list = assurances.get(row.risk_id);
    if (list) list.push(toAssurance(row));
    else assurances.set(row.risk_id, [toAssurance(row)]);
  }
  const treatments = new Map(
    (stmt(db, 'SELECT * FROM risk_treatments').all() as TreatmentRow[]).map((r) => [r.risk_id, r]),
  );
  return {
    assurances,
    treatment: (riskId) => toTreatment(riskId, treatments.get(riskId)),
    hasTreatment: (riskId) => treatments.has(riskId),
  };
}
