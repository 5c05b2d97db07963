/**
 * Undo and redo for every edit made in this window. After a write, `recordChange` finds the history seqs
 * it made (`history:list` by record and instant) and pushes them; undo is `history:revert-many` of them,
 * and the revert's own seqs are what redo reverts. Each undo is itself recorded in the register's history.
 */
import type { HistoryEntry } from '../../shared/domain.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { refreshRisks } from '../actions/risk-actions.ts';
import { markSaved } from '../actions/view-actions.ts';
import type { UndoEntry } from './undo-store.ts';
import { useUndoStore } from './undo-store.ts';

type Entity = HistoryEntry['entity'];

/** Views that keep their own lists (owners, categories, actions) re-read them after an undo. */
const reloaders = new Set<() => void>();
export function onUndoApplied(reload: () => void): () => void {
  reloaders.add(reload);
  return () => reloaders.delete(reload);
}

const FIELD_WORDS: Record<string, string> = {
  current: 'current score',
  inherent: 'inherent score',
  target: 'target score',
  owners: 'owners',
  owner: 'owner',
  dueDate: 'due date',
};

/** "SR4 current score", "SR4 archived", "3 risks: owner", from the entries of one change. */
export function describeChange(entries: readonly HistoryEntry[]): string {
  const first = entries[0];
  if (!first) return 'change';
  const labels = [...new Set(entries.map((e) => e.label))];
  const who = labels.length === 1 ? first.label : `${labels.length} records`;
  const fields = [...new Set(entries.map((e) => e.field).filter((f): f is string => f !== null))];
  if (first.action === 'create') return `${who} created`;
  if (first.action === 'archive') return `${who} archived`;
  if (first.action === 'restore') return `${who} restored`;
  const what = fields.map((f) => FIELD_WORDS[f] ?? f).join(', ');
  return what ? `${who} ${what}` : who;
}

let pending: Promise<void> = Promise.resolve();

function push(entry: UndoEntry): void {
  const { undo } = useUndoStore.getState();
  useUndoStore.setState({ undo: [...undo.slice(-199), entry], redo: [] });
}

/** Remember the change just made to a record (found by its `updatedAt`) so that it can be undone. */
export function recordChange(
  entity: Entity,
  record: { id: string; updatedAt: string },
  label?: string,
): Promise<void> {
  pending = pending.then(async () => {
    try {
      const entries = await call('history:list', { entity, entityId: record.id, at: record.updatedAt });
      if (entries.length === 0) return;
      push({ seqs: entries.map((e) => e.seq), label: label ?? describeChange(entries) });
    } catch {
      // Not undoable, but the change itself stands.
    }
  });
  return pending;
}

/**
 * Remember the latest change to a record without an `updatedAt` (owners, categories): the entries of its
 * newest instant in history.
 */
export function recordLatest(entity: Entity, id: string, label?: string): Promise<void> {
  pending = pending.then(async () => {
    try {
      const entries = await call('history:list', { entity, entityId: id, limit: 5000 });
      const last = entries[entries.length - 1];
      if (!last) return;
      const group = entries.filter((e) => e.at === last.at);
      push({ seqs: group.map((e) => e.seq), label: label ?? describeChange(group) });
    } catch {
      // Not undoable, but the change itself stands.
    }
  });
  return pending;
}

/**
 * Remember one change that wrote to several records at once (a mitigation split into controls): the entries of
 * each record at its `updatedAt`, as one undo.
 */
export function recordChanges(
  records: readonly { entity: Entity; id: string; updatedAt: string }[],
  label: string,
): Promise<void> {
  pending = pending.then(async () => {
    try {
      const groups = await Promise.all(
        records.map((r) => call('history:list', { entity: r.entity, entityId: r.id, at: r.updatedAt })),
      );
      const seqs = [...new Set(groups.flat().map((e) => e.seq))];
      if (seqs.length > 0) push({ seqs, label });
    } catch {
      // Not undoable, but the change itself stands.
    }
  });
  return pending;
}

/** The newest history seq of one record (0 when it has none): taken before a write whose record has no `updatedAt`. */
export async function latestSeq(entity: Entity, id: string): Promise<number> {
  let after = 0;
  for (;;) {
    const page = await call('history:list', { entity, entityId: id, afterSeq: after, limit: 5000 });
    const last = page[page.length - 1];
    if (!last) return after;
    after = last.seq;
    if (page.length < 5000) return after;
  }
}

/**
 * Remember a write to a record without an `updatedAt` (a treatment, an objective's links): its entries after
 * `mark` (from `latestSeq` before the write), newest instant only. Nothing is pushed when the write changed
 * nothing.
 */
export function recordAfter(entity: Entity, id: string, mark: number, label: string): Promise<void> {
  pending = pending.then(async () => {
    try {
      const entries = await call('history:list', { entity, entityId: id, afterSeq: mark, limit: 5000 });
      const last = entries[entries.length - 1];
      if (!last) return;
      push({ seqs: entries.filter((e) => e.at === last.at).map((e) => e.seq), label });
    } catch {
      // Not undoable, but the change itself stands.
    }
  });
  return pending;
}

/** Remember a change whose seqs the handler returned (bulk edits). */
export function recordSeqs(seqs: readonly number[], label: string): void {
  if (seqs.length > 0) push({ seqs: [...seqs], label });
}

async function apply(from: 'undo' | 'redo'): Promise<boolean> {
  await pending;
  const state = useUndoStore.getState();
  const stack = state[from];
  const entry = stack[stack.length - 1];
  if (!entry || state.busy) {
    if (!entry) {
      useUndoStore.setState({
        status: { text: from === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.', error: false },
      });
    }
    return false;
  }
  useUndoStore.setState({ busy: true });
  try {
    const result = await call('history:revert-many', { seqs: entry.seqs });
    const moved = { seqs: result.seqs, label: entry.label };
    const s = useUndoStore.getState();
    useUndoStore.setState(
      from === 'undo'
        ? {
            undo: s.undo.slice(0, -1),
            redo: [...s.redo, moved],
            status: { text: `Undone: ${entry.label}`, error: false },
            busy: false,
          }
        : {
            redo: s.redo.slice(0, -1),
            undo: [...s.undo, moved],
            status: { text: `Redone: ${entry.label}`, error: false },
            busy: false,
          },
    );
    markSaved();
    await refreshRisks();
    for (const r of reloaders) r();
    return true;
  } catch (e) {
    const s = useUndoStore.getState();
    // The change cannot be reverted any more (changed since, or gone): drop it and say why.
    useUndoStore.setState({
      [from]: s[from].slice(0, -1),
      status: { text: `Could not ${from} ${entry.label}: ${messageOf(e)}`, error: true },
      busy: false,
    });
    await refreshRisks();
    return false;
  }
}

/** After a change was undone outside the stack (the Audit trail's Undo): mark saved, re-read lists and views. */
export async function revertApplied(): Promise<void> {
  markSaved();
  await refreshRisks();
  for (const r of reloaders) r();
}

export function undo(): Promise<boolean> {
  return apply('undo');
}

export function redo(): Promise<boolean> {
  return apply('redo');
}

export function clearUndoStatus(): void {
  useUndoStore.setState({ status: null });
}
