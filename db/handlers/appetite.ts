import type { Handlers } from '../../shared/contract/index.ts';
import { appetiteHistory, setLevel, setMapping, setRiskOverride, setStatement } from '../appetite.ts';
import { readAppetiteMapping } from '../appetite-mapping.ts';
import { listCategories } from '../categories.ts';
import { readTransaction, writeTransaction } from '../transaction.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';

type AppetiteHandlers = Pick<
  Handlers,
  | 'appetite:get'
  | 'appetite:set-level'
  | 'appetite:set-mapping'
  | 'appetite:set-statement'
  | 'appetite:history'
  | 'risks:set-appetite-override'
>;

export function appetiteHandlers(deps: HandlerDeps): AppetiteHandlers {
  const { session } = deps;
  const changed = () => deps.onRegisterChanged?.();
  return {
    'appetite:get': () =>
      readTransaction(session.db, () => ({
        levels: readAppetiteMapping(session.db),
        categories: listCategories(session.db),
      })),
    'appetite:set-level': ({ categoryId, level, reason }) => {
      const db = session.writable();
      const updated = writeTransaction(db, () => setLevel(db, categoryId, level, reason, writeContext(deps)));
      changed();
      return updated;
    },
    'appetite:set-mapping': ({ levels, reason }) => {
      const db = session.writable();
      const updated = writeTransaction(db, () => setMapping(db, levels, reason, writeContext(deps)));
      changed();
      return updated;
    },
    'appetite:set-statement': ({ categoryId, statement, approved, reason }) => {
      const db = session.writable();
      const updated = writeTransaction(db, () =>
        setStatement(db, categoryId, statement, approved, reason, writeContext(deps)),
      );
      changed();
      return updated;
    },
    'appetite:history': ({ categoryId }) => appetiteHistory(session.db, categoryId),
    'risks:set-appetite-override': ({ id, version, level, reason }) => {
      const db = session.writable();
      const updated = writeTransaction(db, () =>
        setRiskOverride(db, id, version, level, reason, writeContext(deps)),
      );
      changed();
      return updated;
    },
  };
}
