import type { Handlers } from '../../shared/contract/index.ts';
import { readCriteria, writeCriteria } from '../criteria.ts';
import { readTransaction, writeTransaction } from '../transaction.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';

type CriteriaHandlers = Pick<Handlers, 'criteria:get' | 'criteria:set'>;

export function criteriaHandlers(deps: HandlerDeps): CriteriaHandlers {
  const { session } = deps;
  return {
    'criteria:get': () => {
      const db = session.db;
      return readTransaction(db, () => readCriteria(db));
    },
    'criteria:set': ({ changes, reason }) => {
      const db = session.writable();
      const saved = writeTransaction(db, () => writeCriteria(db, changes, reason, writeContext(deps)));
      deps.onRegisterChanged?.();
      return saved;
    },
  };
}
