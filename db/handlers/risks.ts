import type { Handlers } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import { listCategories } from '../categories.ts';
import { historyFor } from '../history.ts';
import { listOwners } from '../owners.ts';
import { createRisk, updateRiskScore, updateRiskText } from '../risk-writes.ts';
import { getRisk, getRiskByRef, listRisks } from '../risks.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';
import { writeTransaction } from '../transaction.ts';

type RiskHandlers = Pick<
  Handlers,
  | 'risks:list'
  | 'risks:get'
  | 'risks:create'
  | 'risks:update'
  | 'risks:update-score'
  | 'risks:history'
  | 'categories:list'
  | 'owners:list'
  | 'risks:find-by-ref'
>;

export function riskHandlers(deps: HandlerDeps): RiskHandlers {
  const { session } = deps;
  const changed = () => deps.onRegisterChanged?.();

  return {
    'risks:list': ({ includeArchived }) => listRisks(session.db, { includeArchived }),
    'risks:find-by-ref': ({ ref }) => getRiskByRef(session.db, ref) ?? null,
    'risks:get': ({ id }) => {
      const r = getRisk(session.db, id);
      if (!r)
        throw new AppError(
          'NOT_FOUND',
          'This risk no longer exists. It may have been deleted in another window.',
        );
      return r;
    },
    'risks:create': (input) => {
      const db = session.writable();
      const created = writeTransaction(db, () => createRisk(db, input, writeContext(deps)));
      changed();
      return created;
    },
    'risks:update': ({ id, version, changes, reason }) => {
      const db = session.writable();
      const updated = writeTransaction(db, () =>
        updateRiskText(db, id, version, changes, reason, writeContext(deps)),
      );
      changed();
      return updated;
    },
    'risks:update-score': (input) => {
      const db = session.writable();
      const next =
        input.impact === null || input.likelihood === null
          ? null
          : { impact: input.impact, likelihood: input.likelihood };
      const updated = writeTransaction(db, () =>
        updateRiskScore(db, input.id, input.version, input.which, next, input.reason, writeContext(deps)),
      );
      changed();
      return updated;
    },
    'risks:history': ({ id }) => historyFor(session.db, 'risk', id),
    'categories:list': () => listCategories(session.db),
    'owners:list': () => listOwners(session.db),
  };
}
