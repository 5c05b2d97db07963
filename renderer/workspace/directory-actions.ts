/** The owners directory and the category list: read, add, edit, merge, delete, reorder. */
import { create } from 'zustand';
import type { CategoryRecord, OwnerRecord } from '../../shared/domain.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { loadRisks } from '../actions/risk-actions.ts';
import { markSaved } from '../actions/view-actions.ts';
import { onUndoApplied, recordLatest } from './undo-actions.ts';

export interface DirectoryState {
  owners: OwnerRecord[] | null;
  categories: CategoryRecord[] | null;
  error: string | null;
}

export const initialDirectoryState: DirectoryState = { owners: null, categories: null, error: null };

export const useDirectoryStore = create<DirectoryState>()(() => ({ ...initialDirectoryState }));

/** A result: null when it worked, else the handler's sentence. */
export type Outcome = string | null;

export async function loadOwners(): Promise<void> {
  try {
    useDirectoryStore.setState({ owners: await call('owners:list', {}), error: null });
  } catch (e) {
    useDirectoryStore.setState({ error: messageOf(e) });
  }
}

export async function loadCategories(): Promise<void> {
  try {
    useDirectoryStore.setState({ categories: await call('categories:list', {}), error: null });
  } catch (e) {
    useDirectoryStore.setState({ error: messageOf(e) });
  }
}

// After an undo, lists that are showing read again.
onUndoApplied(() => {
  const s = useDirectoryStore.getState();
  if (s.owners) void loadOwners();
  if (s.categories) void loadCategories();
});

async function attempt(work: () => Promise<unknown>, after: () => Promise<void>): Promise<Outcome> {
  try {
    await work();
    markSaved();
    await Promise.all([after(), loadRisks()]);
    return null;
  } catch (e) {
    await after();
    return messageOf(e);
  }
}

export function createOwner(o: {
  initials: string;
  name: string;
  role: string;
  email: string;
}): Promise<Outcome> {
  return attempt(async () => {
    const r = await call('owners:create', o);
    await recordLatest('owner', r.id, `owner ${r.initials} added`);
  }, loadOwners);
}

export function updateOwner(
  owner: OwnerRecord,
  changes: Partial<Pick<OwnerRecord, 'initials' | 'name' | 'role' | 'email'>>,
): Promise<Outcome> {
  return attempt(async () => {
    const r = await call('owners:update', { id: owner.id, version: owner.version, changes });
    await recordLatest('owner', r.id, `owner ${r.initials} details`);
  }, loadOwners);
}

/** Merge `from` into `into`: all their risks and actions move. Not undoable (say so before). */
export function mergeOwners(from: OwnerRecord, into: OwnerRecord): Promise<Outcome> {
  return attempt(() => call('owners:merge', { fromId: from.id, intoId: into.id }), loadOwners);
}

export function deleteOwner(owner: OwnerRecord): Promise<Outcome> {
  return attempt(() => call('owners:delete', { id: owner.id, version: owner.version }), loadOwners);
}

export function createCategory(name: string): Promise<Outcome> {
  return attempt(() => call('categories:create', { name }), loadCategories);
}

export function renameCategory(c: CategoryRecord, name: string): Promise<Outcome> {
  return attempt(async () => {
    const r = await call('categories:rename', { id: c.id, version: c.version, name });
    await recordLatest('category', r.id, `category ${c.name} renamed`);
  }, loadCategories);
}

export function mergeCategories(from: CategoryRecord, into: CategoryRecord): Promise<Outcome> {
  return attempt(() => call('categories:merge', { fromId: from.id, intoId: into.id }), loadCategories);
}

/** Move a category one place up (-1) or down (+1). */
export function moveCategory(list: readonly CategoryRecord[], id: string, by: -1 | 1): Promise<Outcome> {
  const ids = list.map((c) => c.id);
  const i = ids.indexOf(id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= ids.length) return Promise.resolve(null);
  [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
  return attempt(async () => {
    await call('categories:reorder', { ids });
    // The order is recorded against the register (entity id "categories").
    await recordLatest('register', 'categories', 'category order');
  }, loadCategories);
}
