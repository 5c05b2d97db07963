/**
 * Tracked actions on a risk: rows ↔ ActionRecord, and the writes with their history rows.
 * Write functions expect to run inside the caller's transaction.
 *
 * The free-text mitigation of an imported register stays on the risk as its "controls in place" note
 * (`risks.mitigation`); actions are separate records, added by people, never generated from that text.
 */
import type { Database } from 'better-sqlite3';
import type { ActionStatus } from '../shared/actions.ts';
import { isOverdue } from '../shared/actions.ts';
import type { ActionRecord } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import { historyFor } from './history.ts';
import { uuidv7 } from './ids.ts';
import { ensureOwner } from './owners.ts';
import { getRisk } from './risks.ts';
import type { WriteContext } from './write-context.ts';
import { stmt } from './statements.ts';
import { expectVersion, fieldChanges, recordChanges, updateVersioned } from './versioned.ts';

interface ActionRow {
  id: string;
  risk_id: string;
  risk_ref: string;
  text: string;
  owner: string | null;
  due_date: string | null;
  status: ActionStatus;
  version: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

const SELECT = `
  SELECT a.id, a.risk_id, r.ref AS risk_ref, a.text, o.initials AS owner, a.due_date, a.status, a.version,
         a.created_at, a.updated_at, a.archived_at
    FROM actions a JOIN risks r ON r.id = a.risk_id LEFT JOIN owners o ON o.id = a.owner_id`;

function toRecord(row: ActionRow, today: string): ActionRecord {
  const rec = {
    id: row.id,
    riskId: row.risk_id,
    riskRef: row.risk_ref,
    text: row.text,
    owner: row.owner,
    dueDate: row.due_date,
    status: row.status,
    overdue: false,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
  rec.overdue = rec.archivedAt === null && isOverdue(rec, today);
  return rec;
}

export interface ActionQuery {
  /** Only this risk's actions (archived risk or not). Without it: actions of live risks only. */
  riskId?: string | undefined;
  includeArchived?: boolean | undefined;
  overdueOnly?: boolean | undefined;
}

/** Actions in register order (risk position, then the order they were added). `today` is yyyy-mm-dd. */
export function listActions(db: Database, q: ActionQuery, today: string): ActionRecord[] {
  const where: string[] = [];
  const params: Record<string, string> = { today };
  if (q.riskId !== undefined) {
    where.push('a.risk_id = @riskId');
    params.riskId = q.riskId;
  } else {
    where.push('r.archived_at IS NULL');
  }
  if (!q.includeArchived || q.overdueOnly) where.push('a.archived_at IS NULL');
  if (q.overdueOnly) where.push("a.due_date IS NOT NULL AND a.due_date < @today AND a.status <> 'done'");
  const rows = stmt(db, `${SELECT} WHERE ${where.join(' AND ')} ORDER BY r.position, a.position`).all(
    params,
  ) as ActionRow[];
  return rows.map((r) => toRecord(r, today));
}

export function getAction(db: Database, id: string, today: string): ActionRecord | undefined {
  const row = stmt(db, `${SELECT} WHERE a.id = ?`).get(id) as ActionRow | undefined;
  return row ? toRecord(row, today) : undefined;
}

function mustAction(db: Database, id: string, today: string): ActionRecord {
  const a = getAction(db, id, today);
  if (!a) {
    throw new AppError(
      'NOT_FOUND',
      'This action no longer exists. Its risk may have been deleted in another window.',
    );
  }
  return a;
}

function actionConflict(db: Database, id: string, today: string): AppError {
  const current = getAction(db, id, today);
  if (!current) {
    return new AppError(
      'NOT_FOUND',
      'This action no longer exists. Its risk may have been deleted in another window.',
    );
  }
  const last = historyFor(db, 'action', id).at(-1);
  const who = last ? ` by ${last.by}` : '';
  return new AppError(
    'CONFLICT',
    `This action on ${current.riskRef} was changed${who} after you opened it. The latest values are shown; apply your change again if it still stands.`,
    { current },
  );
}

/** What history keeps of an action. */
export function actionSnapshot(a: ActionRecord): Record<string, unknown> {
  return { riskRef: a.riskRef, text: a.text, owner: a.owner, dueDate: a.dueDate, status: a.status };
}

export interface NewAction {
  riskId: string;
  text: string;
  owner?: string | null | undefined;
  dueDate?: string | null | undefined;
  status: ActionStatus;
  reason?: string | undefined;
}

export function createAction(db: Database, input: NewAction, ctx: WriteContext, today: string): ActionRecord {
  const risk = getRisk(db, input.riskId);
  if (!risk)
    throw new AppError(
      'NOT_FOUND',
      'This risk no longer exists. It may have been deleted in another window.',
    );
  if (risk.archivedAt !== null) {
    throw new AppError('VALIDATION', `${risk.ref} is archived. Restore it before adding actions to it.`);
  }
  const owner = input.owner?.trim() || null;
  const id = uuidv7();
  const position = stmt(db, 'SELECT COALESCE(MAX(position), 0) + 1 FROM actions WHERE risk_id = ?')
    .pluck()
    .get(input.riskId) as number;
  stmt(
    db,
    `INSERT INTO actions (id, risk_id, text, owner_id, due_date, status, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.riskId,
    input.text.trim(),
    owner === null ? null : ensureOwner(db, owner, ctx.now),
    input.dueDate ?? null,
    input.status,
    position,
    ctx.now,
    ctx.now,
  );
  const created = mustAction(db, id, today);
  recordChanges(
    db,
    { entity: 'action', entityId: id, label: risk.ref },
    [{ action: 'create', oldValue: null, newValue: actionSnapshot(created) }],
    input.reason,
    ctx,
  );
  return created;
}

export interface ActionChanges {
  text?: string | undefined;
  owner?: string | null | undefined;
  dueDate?: string | null | undefined;
  status?: ActionStatus | undefined;
}

/** Change an action still at `version`; one history row per changed field. No change: returns it as is. */
export function updateAction(
  db: Database,
  id: string,
  version: number,
  changes: ActionChanges,
  reason: string | undefined,
  ctx: WriteContext,
  today: string,
): ActionRecord {
  const before = mustAction(db, id, today);
  const conflict = () => actionConflict(db, id, today);
  expectVersion(before.version, version, conflict);
  const next = {
    text: changes.text === undefined ? before.text : changes.text.trim(),
    owner: changes.owner === undefined ? before.owner : changes.owner?.trim() || null,
    dueDate: changes.dueDate === undefined ? before.dueDate : changes.dueDate,
    status: changes.status ?? before.status,
  };
  const changed = fieldChanges(['text', 'owner', 'dueDate', 'status'], before, next);
  if (!changed.length) return before;
  return updateVersioned(db, {
    table: 'actions',
    id,
    version,
    set: 'text = @text, owner_id = @ownerId, due_date = @dueDate, status = @status',
    params: {
      text: next.text,
      ownerId: next.owner === null ? null : ensureOwner(db, next.owner, ctx.now),
      dueDate: next.dueDate,
      status: next.status,
    },
    subject: { entity: 'action', entityId: id, label: before.riskRef },
    changes: changed,
    reason,
    ctx,
    conflict,
    read: () => mustAction(db, id, today),
  });
}

/** Archive (or restore) an action still at `version`. Already in that state: returned as is. */
export function setActionArchived(
  db: Database,
  id: string,
  version: number,
  archived: boolean,
  reason: string | undefined,
  ctx: WriteContext,
  today: string,
): ActionRecord {
  const before = mustAction(db, id, today);
  const conflict = () => actionConflict(db, id, today);
  expectVersion(before.version, version, conflict);
  if ((before.archivedAt !== null) === archived) return before;
  return updateVersioned(db, {
    table: 'actions',
    id,
    version,
    set: 'archived_at = @archivedAt',
    params: { archivedAt: archived ? ctx.now : null },
    subject: { entity: 'action', entityId: id, label: before.riskRef },
    changes: [
      {
        action: archived ? 'archive' : 'restore',
        oldValue: before.archivedAt,
        newValue: archived ? ctx.now : null,
      },
    ],
    reason,
    ctx,
    conflict,
    read: () => mustAction(db, id, today),
  });
}
