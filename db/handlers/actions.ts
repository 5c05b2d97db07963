/** Tracked actions: list (with the overdue rule applied from the clock), create, update, archive. */
import { localIsoDate } from '../../shared/actions.ts';
import type { Handlers } from '../../shared/contract/index.ts';
import { createAction, listActions, setActionArchived, updateAction } from '../actions.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';
import { writeTransaction } from '../transaction.ts';

type ActionHandlers = Pick<
  Handlers,
  'actions:list' | 'actions:create' | 'actions:update' | 'actions:archive'
>;

export function actionHandlers(deps: HandlerDeps): ActionHandlers {
  const { session } = deps;
  const changed = () => deps.onRegisterChanged?.();
  const today = () => localIsoDate(deps.now());

  return {
    'actions:list': (q) => listActions(session.db, q, today()),
    'actions:create': (input) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const a = writeTransaction(db, () => createAction(db, input, ctx, today()));
      changed();
      return a;
    },
    'actions:update': ({ id, version, changes, reason }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const a = writeTransaction(db, () => updateAction(db, id, version, changes, reason, ctx, today()));
      changed();
      return a;
    },
    'actions:archive': ({ id, version, reason }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const a = writeTransaction(db, () => setActionArchived(db, id, version, true, reason, ctx, today()));
      changed();
      return a;
    },
  };
}
