/** The team register's state for the window, read from the local replica (db/team/replica.ts). */
import type { Handlers } from '../../shared/contract/index.ts';
import { stmt } from '../statements.ts';
import { listConflicts, teamStatus } from '../team/replica.ts';
import type { HandlerDeps } from './deps.ts';

type TeamHandlers = Pick<Handlers, 'team:status' | 'conflicts:list' | 'team:dismiss-rejected'>;

export function teamHandlers(deps: HandlerDeps): TeamHandlers {
  const { session } = deps;
  return {
    'team:status': () => teamStatus(session.db),
    'conflicts:list': () => (teamStatus(session.db) ? listConflicts(session.db) : []),
    'team:dismiss-rejected': ({ id }) => {
      const info = stmt(session.writable(), 'DELETE FROM team_rejected WHERE id = ?').run(id);
      return { dismissed: info.changes === 1 };
    },
  };
}
