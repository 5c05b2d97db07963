/**
 * The owners directory and the category list: writes with their history rows.
 * Each function expects to run inside the caller's transaction.
 */
import type { Database } from 'better-sqlite3';
import type { CategoryRecord, OwnerRecord } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import type { NewHistoryEntry } from './history.ts';
import { appendHistory } from './history.ts';
import {
  categoriesNamed,
  deleteCategoryRow,
  ensureCategory,
  getCategory,
  listCategories,
  renameCategoryRow,
  setCategoryOrder,
} from './categories.ts';
import { uuidv7 } from './ids.ts';
import type { OwnerDetails } from './owners.ts';
import {
  actionsOwnedBy,
  deleteOwnerRow,
  getOwner,
  insertOwner,
  ownersLike,
  risksOwnedBy,
  setRiskOwners,
  updateOwnerRow,
} from './owners.ts';
import { getRisk, updateRiskColumns } from './risks.ts';
import type { WriteContext } from './write-context.ts';
import { stmt } from './statements.ts';

type Entry = Omit<NewHistoryEntry, 'at' | 'by'>;

function record(db: Database, ctx: WriteContext, entries: Entry[]): void {
  appendHistory(
    db,
    entries.map((e) => ({ ...e, at: ctx.now, by: ctx.by })),
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

// ── Owners ──────────────────────────────────────────────────────────────────────────────────────────────

function mustOwner(db: Database, id: string): OwnerRecord {
  const o = getOwner(db, id);
  if (!o)
    throw new AppError(
      'NOT_FOUND',
      'This owner no longer exists. They may have been merged or deleted in another window.',
    );
  return o;
}

function assertInitialsFree(db: Database, initials: string, exceptId?: string): void {
  const same = ownersLike(db, initials, exceptId);
  const exact = same.find((o) => o.initials === initials);
  if (exact) {
    throw new AppError(
      'DUPLICATE',
      `An owner with the initials ${initials} already exists${exact.name ? ` (${exact.name})` : ''}. Choose other initials, or merge the two owners.`,
      { field: 'initials', existing: exact },
    );
  }
  const like = same[0];
  if (like) {
    throw new AppError(
      'DUPLICATE',
      `${initials} differs from the existing owner ${like.initials} only in capital letters. If they are the same person, use ${like.initials}, or merge the two owners.`,
      { field: 'initials', existing: like },
    );
  }
}

function ownerDetails(o: OwnerRecord): OwnerDetails {
  return { initials: o.initials, name: o.name, role: o.role, email: o.email };
}

export function createOwner(
  db: Database,
  input: OwnerDetails,
  reason: string | undefined,
  ctx: WriteContext,
): OwnerRecord {
  assertInitialsFree(db, input.initials);
  const id = uuidv7();
  insertOwner(db, id, input, ctx.now);
  record(db, ctx, [
    {
      entity: 'owner',
      entityId: id,
      label: input.initials,
      action: 'create',
      field: null,
      oldValue: null,
      newValue: input,
      reason: reason ?? null,
    },
  ]);
  return mustOwner(db, id);
}

export function updateOwner(
  db: Database,
  id: string,
  version: number,
  changes: Partial<OwnerDetails>,
  reason: string | undefined,
  ctx: WriteContext,
): OwnerRecord {
  const before = mustOwner(db, id);
  if (before.version !== version) {
    throw new AppError(
      'CONFLICT',
      `The owner ${before.initials} was changed after you opened them. The latest details are shown; apply your change again if it still stands.`,
      { current: before },
    );
  }
  const old = ownerDetails(before);
  const next: OwnerDetails = { ...old };
  for (const f of ['initials', 'name', 'role', 'email'] as const) {
    const v = changes[f];
    if (v !== undefined) next[f] = v.trim();
  }
  const fields = (['initials', 'name', 'role', 'email'] as const).filter((f) => next[f] !== old[f]);
  if (!fields.length) return before;
  if (next.initials !== old.initials) assertInitialsFree(db, next.initials, id);
  if (!updateOwnerRow(db, id, version, next))
    throw new AppError('CONFLICT', `The owner ${before.initials} was changed in another window.`);
  record(
    db,
    ctx,
    fields.map((f) => ({
      entity: 'owner' as const,
      entityId: id,
      label: next.initials,
      action: 'update' as const,
      field: f,
      oldValue: old[f],
      newValue: next[f],
      reason: reason ?? null,
    })),
  );
  return mustOwner(db, id);
}

export interface OwnerMergeOutcome {
  /** The owner that remains, with its new counts. */
  owner: OwnerRecord;
  /** Refs of the risks that moved (archived ones included). */
  movedRisks: string[];
  movedActions: number;
}

/**
 * Merge `fromId` into `intoId`: every risk and action of `from` moves to `into` (a risk that had both keeps
 * `into` once, where it stood first), each affected risk and action records the change, and `from` is removed.
 */
export function mergeOwners(
  db: Database,
  fromId: string,
  intoId: string,
  reason: string | undefined,
  ctx: WriteContext,
): OwnerMergeOutcome {
  if (fromId === intoId) throw new AppError('VALIDATION', 'Choose two different owners to merge.');
  const from = mustOwner(db, fromId);
  const into = mustOwner(db, intoId);
  const why = reason ?? `Owner ${from.initials} merged into ${into.initials}`;
  const entries: Entry[] = [];
  const moved: string[] = [];
  for (const link of risksOwnedBy(db, fromId)) {
    const risk = getRisk(db, link.id);
    if (!risk) continue;
    const owners = [...new Set(risk.owners.map((i) => (i === from.initials ? into.initials : i)))];
    setRiskOwners(db, risk.id, owners, ctx.now);
    updateRiskColumns(db, risk.id, risk.version, {}, ctx.now);
    moved.push(risk.ref);
    entries.push({
      entity: 'risk',
      entityId: risk.id,
      label: risk.ref,
      action: 'update',
      field: 'owners',
      oldValue: risk.owners,
      newValue: owners,
      reason: why,
    });
  }
  const actionIds = actionsOwnedBy(db, fromId);
  const moveAction = stmt(
    db,
    'UPDATE actions SET owner_id = ?, version = version + 1, updated_at = ? WHERE id = ?',
  );
  const actionRef = stmt(
    db,
    'SELECT r.ref FROM actions a JOIN risks r ON r.id = a.risk_id WHERE a.id = ?',
  ).pluck();
  for (const actionId of actionIds) {
    moveAction.run(intoId, ctx.now, actionId);
    entries.push({
      entity: 'action',
      entityId: actionId,
      label: (actionRef.get(actionId) as string | undefined) ?? '',
      action: 'update',
      field: 'owner',
      oldValue: from.initials,
      newValue: into.initials,
      reason: why,
    });
  }
  // Controls (db/controls.ts) owned by the merged owner move with them.
  const ownedControls = stmt(db, 'SELECT id, text FROM controls WHERE owner_id = ? ORDER BY id').all(
    fromId,
  ) as {
    id: string;
    text: string;
  }[];
  for (const c of ownedControls) {
    stmt(db, 'UPDATE controls SET owner_id = ?, version = version + 1, updated_at = ? WHERE id = ?').run(
      intoId,
      ctx.now,
      c.id,
    );
    entries.push({
      entity: 'control',
      entityId: c.id,
      label: c.text.length > 60 ? `${c.text.slice(0, 59)}…` : c.text,
      action: 'update',
      field: 'owner',
      oldValue: from.initials,
      newValue: into.initials,
      reason: why,
    });
  }
  deleteOwnerRow(db, fromId);
  stmt(db, 'UPDATE owners SET version = version + 1 WHERE id = ?').run(intoId);
  entries.push(
    {
      entity: 'owner',
      entityId: fromId,
      label: from.initials,
      action: 'delete',
      field: 'merged-into',
      oldValue: ownerDetails(from),
      newValue: { id: intoId, initials: into.initials },
      reason: why,
    },
    {
      entity: 'owner',
      entityId: intoId,
      label: into.initials,
      action: 'update',
      field: 'merged-from',
      oldValue: null,
      newValue: { id: fromId, initials: from.initials, risks: moved, actions: actionIds.length },
      reason: why,
    },
  );
  record(db, ctx, entries);
  return { owner: mustOwner(db, intoId), movedRisks: moved, movedActions: actionIds.length };
}

/** Delete an owner who owns nothing. Refused, with what they still own, otherwise. */
export function deleteOwner(
  db: Database,
  id: string,
  version: number,
  reason: string | undefined,
  ctx: WriteContext,
): { id: string; initials: string } {
  const before = mustOwner(db, id);
  if (before.version !== version) {
    throw new AppError(
      'CONFLICT',
      `The owner ${before.initials} was changed after you opened them. The latest details are shown.`,
      { current: before },
    );
  }
  const risks = risksOwnedBy(db, id);
  const actions = actionsOwnedBy(db, id);
  const controls = stmt(db, 'SELECT COUNT(*) FROM controls WHERE owner_id = ? AND archived_at IS NULL')
    .pluck()
    .get(id) as number;
  if (risks.length || actions.length || controls) {
    const archived = risks.filter((r) => r.archived).length;
    const parts: string[] = [];
    if (risks.length) {
      const shown = risks.slice(0, 10).map((r) => r.ref);
      const more = risks.length > shown.length ? ` and ${risks.length - shown.length} more` : '';
      parts.push(
        `${plural(risks.length, 'risk')}${archived ? ` (${archived} archived)` : ''}: ${shown.join(', ')}${more}`,
      );
    }
    if (actions.length) parts.push(plural(actions.length, 'action'));
    if (controls) parts.push(plural(controls, 'control'));
    throw new AppError(
      'VALIDATION',
      `${before.initials} cannot be deleted: they still own ${parts.join(' and ')}. Give those to someone else, or merge ${before.initials} into another owner.`,
      { risks: risks.map((r) => r.ref), actions: actions.length },
    );
  }
  deleteOwnerRow(db, id);
  record(db, ctx, [
    {
      entity: 'owner',
      entityId: id,
      label: before.initials,
      action: 'delete',
      field: null,
      oldValue: ownerDetails(before),
      newValue: null,
      reason: reason ?? null,
    },
  ]);
  return { id, initials: before.initials };
}

// ── Categories ──────────────────────────────────────────────────────────────────────────────────────────

function mustCategory(db: Database, id: string): CategoryRecord {
  const c = getCategory(db, id);
  if (!c)
    throw new AppError(
      'NOT_FOUND',
      'This category no longer exists. It may have been merged in another window.',
    );
  return c;
}

function categoryConflict(c: CategoryRecord): AppError {
  return new AppError(
    'CONFLICT',
    `The category ${c.name} was changed after you opened it. The latest name is shown; apply your change again if it still stands.`,
    { current: c },
  );
}

function assertCategoryFree(db: Database, name: string, exceptId?: string): void {
  const clash = categoriesNamed(db, name, exceptId)[0];
  if (clash) {
    throw new AppError(
      'DUPLICATE',
      `There is already a category called ${clash.name}. Choose another name, or merge the two categories.`,
      { field: 'name', existing: clash },
    );
  }
}

export function createCategory(
  db: Database,
  name: string,
  reason: string | undefined,
  ctx: WriteContext,
): CategoryRecord {
  assertCategoryFree(db, name);
  const created = ensureCategory(db, name, ctx.now);
  record(db, ctx, [
    {
      entity: 'category',
      entityId: created.id,
      label: created.name,
      action: 'create',
      field: null,
      oldValue: null,
      newValue: { name: created.name, position: created.position },
      reason: reason ?? null,
    },
  ]);
  return created;
}

export function renameCategory(
  db: Database,
  id: string,
  version: number,
  name: string,
  reason: string | undefined,
  ctx: WriteContext,
): CategoryRecord {
  const before = mustCategory(db, id);
  if (before.version !== version) throw categoryConflict(before);
  const next = name.trim();
  if (next === before.name) return before;
  assertCategoryFree(db, next, id);
  if (!renameCategoryRow(db, id, version, next)) throw categoryConflict(mustCategory(db, id));
  record(db, ctx, [
    {
      entity: 'category',
      entityId: id,
      label: next,
      action: 'update',
      field: 'name',
      oldValue: before.name,
      newValue: next,
      reason: reason ?? null,
    },
  ]);
  return mustCategory(db, id);
}

export interface CategoryMergeOutcome {
  category: CategoryRecord;
  movedRisks: string[];
}

/** Move every risk of `from` (archived too) to `into`, record it on each risk, and remove `from`. */
export function mergeCategories(
  db: Database,
  fromId: string,
  intoId: string,
  reason: string | undefined,
  ctx: WriteContext,
): CategoryMergeOutcome {
  if (fromId === intoId) throw new AppError('VALIDATION', 'Choose two different categories to merge.');
  const from = mustCategory(db, fromId);
  const into = mustCategory(db, intoId);
  const why = reason ?? `Category ${from.name} merged into ${into.name}`;
  const risks = stmt(db, 'SELECT id, ref, version FROM risks WHERE category_id = ? ORDER BY position').all(
    fromId,
  ) as { id: string; ref: string; version: number }[];
  const entries: Entry[] = [];
  for (const r of risks) {
    updateRiskColumns(db, r.id, r.version, { category_id: intoId }, ctx.now);
    entries.push({
      entity: 'risk',
      entityId: r.id,
      label: r.ref,
      action: 'update',
      field: 'category',
      oldValue: from.name,
      newValue: into.name,
      reason: why,
    });
  }
  deleteCategoryRow(db, fromId);
  stmt(db, 'UPDATE categories SET version = version + 1 WHERE id = ?').run(intoId);
  setCategoryOrder(
    db,
    listCategories(db).map((c) => c.id),
  );
  const moved = risks.map((r) => r.ref);
  entries.push(
    {
      entity: 'category',
      entityId: fromId,
      label: from.name,
      action: 'delete',
      field: 'merged-into',
      oldValue: { name: from.name, appetite: from.appetite },
      newValue: { id: intoId, name: into.name },
      reason: why,
    },
    {
      entity: 'category',
      entityId: intoId,
      label: into.name,
      action: 'update',
      field: 'merged-from',
      oldValue: null,
      newValue: { id: fromId, name: from.name, risks: moved },
      reason: why,
    },
  );
  record(db, ctx, entries);
  return { category: mustCategory(db, intoId), movedRisks: moved };
}

/** The history label and value of the category order: names, first to last. */
export const CATEGORY_ORDER = { entityId: 'categories', label: 'Category order', field: 'order' } as const;

/**
 * Put the categories in this order. `ids` must name every category exactly once; when the list has changed
 * since the caller read it (one added, merged or removed in another window), nothing changes: CONFLICT.
 */
export function reorderCategories(
  db: Database,
  ids: readonly string[],
  reason: string | undefined,
  ctx: WriteContext,
): CategoryRecord[] {
  const before = listCategories(db);
  const known = new Set(before.map((c) => c.id));
  const given = new Set(ids);
  if (given.size !== ids.length)
    throw new AppError('VALIDATION', 'Each category may appear only once in the order.');
  if (given.size !== known.size || ids.some((id) => !known.has(id))) {
    throw new AppError(
      'CONFLICT',
      'The list of categories changed after you opened it (one was added, merged or removed). The latest list is shown; put it in order again.',
      { current: before },
    );
  }
  const oldNames = before.map((c) => c.name);
  const byId = new Map(before.map((c) => [c.id, c.name]));
  const newNames = ids.map((id) => byId.get(id) ?? id);
  if (JSON.stringify(oldNames) === JSON.stringify(newNames)) return before;
  setCategoryOrder(db, ids);
  record(db, ctx, [
    {
      entity: 'register',
      entityId: CATEGORY_ORDER.entityId,
      label: CATEGORY_ORDER.label,
      action: 'update',
      field: CATEGORY_ORDER.field,
      oldValue: oldNames,
      newValue: newNames,
      reason: reason ?? null,
    },
  ]);
  return listCategories(db);
}
