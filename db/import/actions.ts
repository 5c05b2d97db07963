/**
 * The tracked actions an import creates on a risk it has just written (shared/import/continuation.ts reads them):
 * each through the actions model (db/actions.ts), so each has its own history row, inside the import's one
 * transaction. Returns what the import's history entry keeps of them, as published.
 */
import type { Database } from 'better-sqlite3';
import type { PlannedRisk } from '../../shared/import/check.ts';
import { isTitleOwner } from '../../shared/import/owners.ts';
import { createAction } from '../actions.ts';
import type { WriteContext } from '../write-context.ts';

export interface ImportedActionLog {
  row: number;
  ref: string;
  /** The action created (absent for a continuation row that held no action). */
  action?: { text: string; owner: string | null; dueDate: string | null; status: string };
  /** The status as published, when it was a word other than the register's. */
  publishedStatus?: string;
  /** What the row held in other columns (continuation rows), not imported into the risk. */
  kept?: Record<string, string>;
}

export function createImportedActions(
  db: Database,
  riskId: string,
  risk: PlannedRisk,
  reason: string,
  ctx: WriteContext,
  titleOwnerKey: (title: string) => string,
): ImportedActionLog[] {
  const log: ImportedActionLog[] = [];
  const kept = new Map((risk.continuation ?? []).map((c) => [c.row, c.values]));
  const today = ctx.now.slice(0, 10);
  for (const a of risk.actions) {
    const owner = a.owner && isTitleOwner(a.owner) ? titleOwnerKey(a.owner) : a.owner;
    const made = createAction(
      db,
      { riskId, text: a.text, owner, dueDate: a.dueDate, status: a.status, reason },
      ctx,
      today,
    );
    const values = kept.get(a.row);
    kept.delete(a.row);
    log.push({
      row: a.row,
      ref: risk.ref,
      action: { text: made.text, owner: made.owner, dueDate: made.dueDate, status: made.status },
      ...(a.publishedStatus && a.publishedStatus.toLowerCase() !== made.status.replace('_', ' ')
        ? { publishedStatus: a.publishedStatus }
        : {}),
      ...(values ? { kept: values } : {}),
    });
  }
  for (const [row, values] of kept) log.push({ row, ref: risk.ref, kept: values });
  return log.sort((x, y) => x.row - y.row);
}
