/** The team register's state for the window, read from the local replica (db/team/replica.ts). */
import type pg from 'pg';
import type { Handlers } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import { stmt } from '../statements.ts';
import { listConflicts, teamRow, teamStatus, typedValue } from '../team/replica.ts';
import { joinFromApp } from '../team/join-app.ts';
import { addPerson, listPeople, removePerson, setPersonRole } from '../team/people.ts';
import { publishFromApp } from '../team/publish-app.ts';
import { changeTeamLogin } from '../team/settings-app.ts';
import type { HandlerDeps } from './deps.ts';
import { registerStatus } from './register.ts';

type TeamHandlers = Pick<
  Handlers,
  | 'team:status'
  | 'conflicts:list'
  | 'team:dismiss-rejected'
  | 'sync:now'
  | 'conflicts:resolve'
  | 'team:save-password'
  | 'team:sync-state'
  | 'team:join'
  | 'team:publish'
  | 'team:people'
  | 'team:add-person'
  | 'team:set-role'
  | 'team:remove-person'
>;

function noSync(): never {
  throw new AppError(
    'FORBIDDEN',
    'Syncing runs in the Risk Register app. Here, run: risk-register sync --db FILE (or conflicts resolve ID --keep theirs|mine --db FILE).',
  );
}

export function teamHandlers(deps: HandlerDeps): TeamHandlers {
  const { session, teamSync, teamShell } = deps;

  /** People and adding a person: online, as the replica's user, through the main process's sync service. */
  const onServer = <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    if (!teamRow(session.db)) {
      throw new AppError(
        'VALIDATION',
        'This register is not shared with a team server, so it has no people to list. Share it first (File › Share register…).',
      );
    }
    if (!teamSync?.withServer) {
      throw new AppError(
        'FORBIDDEN',
        'People are read from the team server by the Risk Register app. Here, run: risk-register team add-user NAME --role manager|owner|viewer --server URL.',
      );
    }
    return teamSync.withServer(fn);
  };
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
    'team:save-password': async ({ password, server, user, insecureTls }) => {
      const team = teamRow(session.db);
      if (!team) {
        throw new AppError(
          'VALIDATION',
          'This register is not shared with a team server, so it needs no team password. Open your team register first.',
        );
      }
      if (!teamShell) {
        throw new AppError(
          'FORBIDDEN',
          'The team password is kept by the Risk Register app. Here, give it with PGPASSWORD or in the server URL.',
        );
      }
      if (server === undefined || user === undefined) {
        teamShell.savePassword(team.server, team.user, password);
        teamShell.syncSoon();
        return { saved: true as const, user: team.user, server: team.server };
      }
      // A new address or login is tried on the server first (the encryption rule as at Join and Share).
      const next = await changeTeamLogin(session.writable(), team, {
        server,
        user,
        password,
        ...(insecureTls === undefined ? {} : { insecureTls }),
      });
      teamShell.savePassword(next.server, next.user, password);
      if (next.changed) deps.onRegisterChanged?.();
      teamShell.syncSoon();
      return { saved: true as const, user: next.user, server: next.server };
    },
    'team:sync-state': () =>
      teamShell && session.isOpen && teamRow(session.db) ? teamShell.syncState() : null,
    'team:join': async (input) => {
      if (!teamShell) {
        throw new AppError(
          'FORBIDDEN',
          'Joining a team register from a window needs the Risk Register app. Here, run: risk-register team join --server URL --db FILE.',
        );
      }
      const joined = await joinFromApp(input, () => deps.dialogs.chooseNewRegisterPath());
      if (!joined) return null;
      const { path } = joined;
      // The replica exists and holds everything: open it (after an import being written into the register open
      // now: the write gate), then keep the password for the loop's rounds.
      while (session.writingElsewhere) await session.writingElsewhere;
      session.open(path);
      deps.onRegisterOpened?.(path);
      deps.onRegisterChanged?.();
      try {
        teamShell.savePassword(joined.server, joined.user, input.password);
      } catch {
        // No key store: the replica is made and open; the chip then says no password is kept, and Team settings
        // says why it cannot be kept. The join itself is not undone.
      }
      const status = registerStatus(session);
      if (!status) throw new AppError('NO_REGISTER', `${path} was made but could not be opened. Open it.`);
      return status;
    },
    'team:publish': async (input) => {
      if (!teamShell) {
        throw new AppError(
          'FORBIDDEN',
          'Sharing a register from a window needs the Risk Register app. Here, run: risk-register team publish --db FILE --server URL.',
        );
      }
      const path = session.path;
      if (!path) throw new AppError('NO_REGISTER', 'Open the register to share first, then share it.');
      session.writable();
      const team = teamRow(session.db);
      if (team) {
        throw new AppError(
          'VALIDATION',
          `This register is already shared on ${team.server}, so there is nothing to publish. Its changes sync by themselves.`,
        );
      }
      const done = await publishFromApp(path, input);
      // The file is now the first replica: open it again so the window shows the sync chip.
      while (session.writingElsewhere) await session.writingElsewhere;
      session.open(path);
      deps.onRegisterOpened?.(path);
      deps.onRegisterChanged?.();
      try {
        teamShell.savePassword(done.server, done.user, input.password);
      } catch {
        // No key store: the register is published and open; the chip says no password is kept, and Team settings
        // says why it cannot be kept. The publish itself is not undone.
      }
      const status = registerStatus(session);
      if (!status) throw new AppError('NO_REGISTER', `${path} was shared but could not be opened. Open it.`);
      return status;
    },
    'team:people': () => onServer((client) => listPeople(client, session.db)),
    'team:add-person': (input) => onServer((client) => addPerson(client, session.db, input)),
    'team:set-role': (input) => onServer((client) => setPersonRole(client, input)),
    'team:remove-person': ({ name }) => onServer((client) => removePerson(client, name)),
  };
}
