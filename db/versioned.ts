/**
 * The one way a versioned record (an action, a control, an assurance source, an objective) is changed, and the one
 * way a change's history rows are built: compare the version the caller read, write the columns, bump the version
 * and `updated_at`, append the history entries with their before and after values, and read the record back.
 * Every write function of db/actions.ts, db/controls.ts, db/objectives.ts and db/appetite.ts (and the undo of
 * them in db/revert.ts) goes through here, so the rows, the hash chain and the CONFLICT they give stay alike.
 * Run inside the caller's write transaction: the change and its history commit together or not at all.
 */
import type { Database } from 'better-sqlite3';
import type { HistoryEntry } from '../shared/domain.ts';
import type { AppError } from '../shared/errors.ts';
import { appendHistory } from './history.ts';
import type { NewHistoryEntry } from './history.ts';
import { stmt } from './statements.ts';
import type { WriteContext } from './write-context.ts';

/** What a history row is about: its entity, id and the label the Audit trail shows. */
export interface Subject {
  entity: HistoryEntry['entity'];
  entityId: string;
  label: string;
}

/** One change to a subject: a history row without who, when and why (those are the write's). */
export interface Change {
  action: HistoryEntry['action'];
  field?: string | null | undefined;
  oldValue: unknown;
  newValue: unknown;
}

/** The history entries for `changes` to `subject`, made by `ctx` for `reason` (none: null). */
export function historyEntries(
  subject: Subject,
  changes: readonly Change[],
  reason: string | null | undefined,
  ctx: WriteContext,
): NewHistoryEntry[] {
  return changes.map((c) => ({
    entity: subject.entity,
    entityId: subject.entityId,
    label: subject.label,
    action: c.action,
    field: c.field ?? null,
    oldValue: c.oldValue,
    newValue: c.newValue,
    reason: reason ?? null,
    at: ctx.now,
    by: ctx.by,
  }));
}

/** Append the history rows for `changes` to `subject` (see `historyEntries`). */
export function recordChanges(
  db: Database,
  subject: Subject,
  changes: readonly Change[],
  reason: string | null | undefined,
  ctx: WriteContext,
): void {
  appendHistory(db, historyEntries(subject, changes, reason, ctx));
}

/** One `update` change per field whose value differs, in the order of `fields`. */
export function fieldChanges<K extends string>(
  fields: readonly K[],
  before: Readonly<Record<K, unknown>>,
  next: Readonly<Record<K, unknown>>,
): Change[] {
  return fields
    .filter((f) => next[f] !== before[f])
    .map((f) => ({ action: 'update', field: f, oldValue: before[f], newValue: next[f] }));
}

/** The tables whose rows carry `id`, `version` and `updated_at`. */
export type VersionedTable = 'actions' | 'controls' | 'assurances' | 'objectives';

export interface VersionedUpdate<R> {
  table: VersionedTable;
  id: string;
  /** The version the caller read: the write happens only while the row is still at it. Null: no compare. */
  version: number | null;
  /** `column = @param` pairs besides the version and `updated_at` (none: only those two move). */
  set?: string | undefined;
  /** The named parameters `set` uses; `now`, `id` and `version` are the write's own. */
  params?: Readonly<Record<string, unknown>> | undefined;
  subject: Subject;
  changes: readonly Change[];
  reason: string | null | undefined;
  ctx: WriteContext;
  /** The refusal when the row has moved on (its version is no longer `version`). */
  conflict: () => AppError;
  /** The record as it is after the write. */
  read: () => R;
}

/**
 * Update a versioned row: `SET …, version = version + 1, updated_at = now` while it is still at `version` (else the
 * caller's CONFLICT), then the history rows, then the record read back.
 */
export function updateVersioned<R>(db: Database, u: VersionedUpdate<R>): R {
  const compare = u.version === null ? '' : ' AND version = @version';
  const info = stmt(
    db,
    `UPDATE ${u.table} SET ${u.set ? `${u.set}, ` : ''}version = version + 1, updated_at = @now
      WHERE id = @id${compare}`,
  ).run({
    ...u.params,
    now: u.ctx.now,
    id: u.id,
    ...(u.version === null ? {} : { version: u.version }),
  });
  if (info.changes !== 1) throw u.conflict();
  recordChanges(db, u.subject, u.changes, u.reason, u.ctx);
  return u.read();
}

/** The caller read `current`; it asked to change the record at `expected`: refused with its CONFLICT if not. */
export function expectVersion(current: number, expected: number, conflict: () => AppError): void {
  if (current !== expected) throw conflict();
}
