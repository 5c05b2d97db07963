/**
 * The handler table: one function per channel of the contract. It never imports `electron`;
 * everything it needs from its host arrives in `deps`. Bound to ipcMain in the app, to a Playwright
 * bridge in browser tests, and called directly by the CLI and vitest.
 */
import type { Handlers } from '../../shared/contract/index.ts';
import { type RegisterSession, WritingElsewhere } from '../session.ts';
import { actionHandlers } from './actions.ts';
import { boardPackHandlers } from './board-pack.ts';
import type { HandlerDeps } from './deps.ts';
import { backupHandlers } from './backup.ts';
import { directoryHandlers } from './directory.ts';
import { historyHandlers } from './history.ts';
import { ioHandlers } from './io.ts';
import { keyHandlers } from './key.ts';
import { layoutHandlers } from './layout.ts';
import { leadershipHandlers } from './leadership.ts';
import { prefsHandlers } from './prefs.ts';
import { registerHandlers } from './register.ts';
import { riskAdminHandlers } from './risk-admin.ts';
import { riskHandlers } from './risks.ts';
import { syncHandlers } from './sync.ts';
import { boardHandlers } from './board.ts';
import { controlHandlers } from './controls.ts';
import { objectiveHandlers } from './objectives.ts';
import { teamHandlers } from './team.ts';
import { appetiteHandlers } from './appetite.ts';
import { criteriaHandlers } from './criteria.ts';

type AnyHandler = (input: unknown) => unknown;

/**
 * The write gate (issue 14): while an import's commit writes into the open register from the worker
 * (io.ts, `session.holdWrites`), a handler that asks `session.writable()` (or opens or creates a register) gets
 * `WritingElsewhere`; here it waits for the import to end, off this thread's back, and runs again from the start,
 * so the write lands after the import as if it had been sent then (it sees the imported rows; an optimistic
 * version check applies as usual). Several writes waiting run in the order they came. Reads never meet the gate.
 * Running a handler again is safe because every handler asks for `writable()` before it does anything that shows
 * or changes anything (a dialog, a file, a server, a row); the few that must do something first (a dialog, a
 * server, an export file) wait for the gate themselves before writing (`session.writingElsewhere`). A handler
 * that returns at once still returns at once when no import runs.
 */
function gated(session: RegisterSession, handler: AnyHandler): AnyHandler {
  const again = (e: unknown, input: unknown): Promise<unknown> => {
    if (e instanceof WritingElsewhere) return e.until.then(() => run(input));
    throw e;
  };
  const run = (input: unknown): unknown => {
    let out: unknown;
    try {
      out = handler(input);
    } catch (e) {
      return again(e, input);
    }
    return out instanceof Promise ? out.catch((e: unknown) => again(e, input)) : out;
  };
  return run;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const table = allHandlers(deps);
  for (const channel of Object.keys(table) as (keyof Handlers)[]) {
    (table as Record<string, AnyHandler>)[channel] = gated(deps.session, table[channel] as AnyHandler);
  }
  return table;
}

function allHandlers(deps: HandlerDeps): Handlers {
  return {
    ...registerHandlers(deps),
    ...riskHandlers(deps),
    ...riskAdminHandlers(deps),
    ...actionHandlers(deps),
    ...directoryHandlers(deps),
    ...layoutHandlers(deps),
    ...keyHandlers(deps),
    ...leadershipHandlers(deps),
    ...historyHandlers(deps),
    ...ioHandlers(deps),
    ...prefsHandlers(deps),
    ...backupHandlers(deps),
    ...boardPackHandlers(deps),
    ...syncHandlers(deps),
    ...boardHandlers(deps),
    ...controlHandlers(deps),
    ...objectiveHandlers(deps),
    ...teamHandlers(deps),
    ...appetiteHandlers(deps),
    ...criteriaHandlers(deps),
  };
}

export type { HandlerDeps } from './deps.ts';
