/**
 * Risk lifecycle and bulk edits: archive (soft delete), restore, permanent delete of an archived risk,
 * and all-or-nothing bulk changes. Each function expects to run inside the caller's transaction.
 */
import type { Database } from 'better-sqlite3';
import type { RiskRecord } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import { actionSnapshot, listActions } from './actions.ts';
import { appendHistory } from './history.ts';
import { loadRisk, riskConflict, snapshot, updateRiskText } from './risk-writes.ts';
import { getRisk, updateRiskColumns } from './risks.ts';
import type { WriteContext } from './write-context.ts';
import { stmt } from './statements.ts';

/** Archive or restore a risk still at `version`. Already in that state: returned as is, nothing recorded. */
export function setRiskArchived(
  db: Database,
  id: string,
  version: number,
  archived: boolean,
  reason: string | undefined,
  ctx: WriteContext,
): RiskRecord {
  const before = loadRisk(db, id);
  if (before.version !== version) throw riskConflict(db, id);
  if ((before.archivedAt !== null) === archived) return before;
  const archivedAt = archived ? ctx.now : null;
  if (!updateRiskColumns(db, id, version, { archived_at: archivedAt }, ctx.now)) throw riskConflict(db, id);
  appendHistory(db, [
    {
      entity: 'risk',
      entityId: id,
      label: before.ref,
      action: archived ? 'archive' : 'restore',
      field: null,
      oldValue: before.archivedAt,
      newValue: archivedAt,
      reason: reason ?? null,
      at: ctx.now,
      by: ctx.by,
    },
  ]);
  return loadRisk(db, id);
}

/**
 * Delete an archived risk for good, with its owners' links and its actions. History keeps a snapshot of the
 * risk and its actions in the 'delete' entry, and every earlier entry stays.
 */
export function deleteArchivedRisk(
  db: Database,
  id: string,
  version: number,
  reason: string | undefined,
  ctx: WriteContext,
  today: string,
): { id: string; ref: string } {
  const before = loadRisk(db, id);
  if (before.version !== version) throw riskConflict(db, id);
  if (before.archivedAt === null) {
    throw new AppError(
      'VALIDATION',
      `${before.ref} is not archived. Archive it first: only an archived risk can be deleted permanently.`,
    );
  }
  const actions = listActions(db, { riskId: id, includeArchived: true }, today).map(actionSnapshot);
  stmt(db, 'DELETE FROM risks WHERE id = ? AND version = ?').run(id, version);
  appendHistory(db, [
    {
      entity: 'risk',
      entityId: id,
      label: before.ref,
      action: 'delete',
      field: null,
      oldValue: { ...snapshot(before), archivedAt: before.archivedAt, actions },
      newValue: null,
      reason: reason ?? null,
      at: ctx.now,
      by: ctx.by,
    },
  ]);
  return { id, ref: before.ref };
}

export type BulkOp =
  | { op: 'assign-owner'; owner: string; mode: 'replace' | 'add' }
  | { op: 'change-category'; category: string }
  | { op: 'archive' };

/**
 * Apply one change to many risks, all or nothing: if any risk has moved on since the caller read it,
 * nothing changes and the CONFLICT names every stale risk and carries their fresh values.
 */
export function bulkUpdateRisks(
  db: Database,
  targets: readonly { id: string; version: number }[],
  change: BulkOp,
  reason: string | undefined,
  ctx: WriteContext,
): RiskRecord[] {
  const stale: RiskRecord[] = [];
  const missing: string[] = [];
  const current: RiskRecord[] = [];
  for (const t of targets) {
    const r = getRisk(db, t.id);
    if (!r) missing.push(t.id);
    else if (r.version !== t.version) stale.push(r);
    else current.push(r);
  }
  if (missing.length) {
    throw new AppError(
      'NOT_FOUND',
      `${missing.length === 1 ? 'One of the selected risks no longer exists' : `${missing.length} of the selected risks no longer exist`}. Nothing was changed; refresh and select again.`,
      { missing },
    );
  }
  if (stale.length) {
    const refs = stale.map((r) => r.ref).join(', ');
    throw new AppError(
      'CONFLICT',
      `${refs} ${stale.length === 1 ? 'was' : 'were'} changed after you selected ${stale.length === 1 ? 'it' : 'them'}. Nothing was changed. The latest values are shown; check them and apply the change again.`,
      { stale },
    );
  }
  return current.map((r) => {
    switch (change.op) {
      case 'archive':
        return setRiskArchived(db, r.id, r.version, true, reason, ctx);
      case 'change-category':
        return updateRiskText(db, r.id, r.version, { category: change.category }, reason, ctx);
      case 'assign-owner': {
        const owner = change.owner.trim();
        const owners = change.mode === 'replace' ? [owner] : [...r.owners, owner];
        return updateRiskText(db, r.id, r.version, { owners }, reason, ctx);
      }
    }
  });
}
