/** The team register's state for the window, read from the local replica (db/team/replica.ts). */
import type { Handlers } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import { stmt } from '../statements.ts';
import { listConflicts, teamStatus, typedValue } from '../team/replica.ts';
import type { HandlerDeps } from './deps.ts';

type TeamHandlers = Pick<
  Handlers,
  'team:status' | 'conflicts:list' | 'team:dismiss-rejected' | 'sync:now' | 'conflicts:resolve'
>;

function noSync(): never {
  throw new AppError(
    'FORBIDDEN',
    'Syncing runs in the Risk Register app. Here, run: risk-register sync --db FILE (or conflicts resolve ID --keep theirs|mine --db FILE).',
  );
}

export function teamHandlers(deps: HandlerDeps): TeamHandlers {
  const { session, teamSync } = deps;
  return {
    'team:status': () => teamStatus(session.db),
    'conflicts:list': () => (teamStatus(session.db) ? listConflicts(session.db) : []),
    'team:dismiss-rejected': ({ id }) => {
      const info = stmt(session.writable(), 'DELETE FROM team_rejected WHERE id = ?').run(id);
      return { dismissed: info.changes === 1 };
    },
    'sync:now': () => (teamSync ? teamSync.syncNow() : noSync()),
    'conflicts:resolve': ({ id, keep, value }) => {
      if (!teamSync) return noSync();
      const conflict = teamStatus(session.db)
        ? listConflicts(session.db).find((c) => c.id === id)
        : undefined;
      if (teamStatus(session.db) && !conflict) {
        throw new AppError(
          'NOT_FOUND',
          `There is no open conflict number ${id} on this register. Sync, then choose from the list.`,
        );
      }
      if (keep === 'value') {
        if (!conflict || value === undefined) {
          throw new AppError('VALIDATION', 'Type the value to apply, then resolve again.');
        }
        return teamSync.resolve(id, {
          value: typedValue(conflict.field, value, conflict.mine ?? conflict.theirs),
        });
      }
      return teamSync.resolve(id, keep);
    },
  };
}
