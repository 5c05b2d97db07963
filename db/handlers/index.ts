/**
 * The handler table: one function per channel of the contract. It never imports `electron`;
 * everything it needs from its host arrives in `deps`. Bound to ipcMain in the app, to a Playwright
 * bridge in browser tests, and called directly by the CLI and vitest.
 */
import type { Handlers } from '../../shared/contract/index.ts';
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

export function createHandlers(deps: HandlerDeps): Handlers {
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
