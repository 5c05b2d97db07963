/** The owners directory and the category list: create, edit, merge, delete, reorder. */
import type { Handlers } from '../../shared/contract/index.ts';
import {
  createCategory,
  createOwner,
  deleteOwner,
  mergeCategories,
  mergeOwners,
  renameCategory,
  reorderCategories,
  updateOwner,
} from '../directory.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';
import { writeTransaction } from '../transaction.ts';

type DirectoryHandlers = Pick<
  Handlers,
  | 'owners:create'
  | 'owners:update'
  | 'owners:merge'
  | 'owners:delete'
  | 'categories:create'
  | 'categories:rename'
  | 'categories:merge'
  | 'categories:reorder'
>;

export function directoryHandlers(deps: HandlerDeps): DirectoryHandlers {
  const { session } = deps;
  /** Run a write in one immediate transaction, then tell the other windows. */
  function write<T>(fn: (db: ReturnType<typeof session.writable>) => T): T {
    const db = session.writable();
    const result = writeTransaction(db, () => fn(db));
    deps.onRegisterChanged?.();
    return result;
  }

  return {
    'owners:create': ({ reason, ...details }) =>
      write((db) => createOwner(db, details, reason, writeContext(deps))),
    'owners:update': ({ id, version, changes, reason }) =>
      write((db) => updateOwner(db, id, version, changes, reason, writeContext(deps))),
    'owners:merge': ({ fromId, intoId, reason }) =>
      write((db) => mergeOwners(db, fromId, intoId, reason, writeContext(deps))),
    'owners:delete': ({ id, version, reason }) =>
      write((db) => deleteOwner(db, id, version, reason, writeContext(deps))),
    'categories:create': ({ name, reason }) =>
      write((db) => createCategory(db, name, reason, writeContext(deps))),
    'categories:rename': ({ id, version, name, reason }) =>
      write((db) => renameCategory(db, id, version, name, reason, writeContext(deps))),
    'categories:merge': ({ fromId, intoId, reason }) =>
      write((db) => mergeCategories(db, fromId, intoId, reason, writeContext(deps))),
    'categories:reorder': ({ ids, reason }) =>
      write((db) => reorderCategories(db, ids, reason, writeContext(deps))),
  };
}
