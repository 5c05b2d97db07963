/** Events from the shell: native menu commands, and "the register changed somewhere else". */
import type { MenuCommand } from '../../shared/contract/index.ts';
import { on } from '../api/client.ts';
import { refreshRegister, reloadRegister } from './register-actions.ts';
import { showView } from './view-actions.ts';
import { menuUndo } from '../workspace/keyboard.ts';
import { focusSearch, openNewRisk } from '../workspace/workspace-actions.ts';
import { openIoDialog, runRegisterExport } from '../io/io-actions.ts';
import { openTeamDialog } from '../team/team-ui-store.ts';

export function handleMenu(command: MenuCommand): void {
  switch (command) {
    case 'view-register':
      showView('register');
      break;
    case 'view-heatmap':
      showView('heatmap');
      break;
    case 'import':
      openIoDialog('import');
      break;
    case 'export':
      openIoDialog('export');
      break;
    case 'export-register':
      void runRegisterExport();
      break;
    case 'new-risk':
      void openNewRisk();
      break;
    case 'find':
      focusSearch();
      break;
    case 'undo':
      menuUndo(false);
      break;
    case 'redo':
      menuUndo(true);
      break;
    case 'share-register':
      openTeamDialog('share');
      break;
    default:
      break;
  }
}

/** Subscribe to the shell's events; returns the function that unsubscribes. */
export function listenToShell(): () => void {
  const offMenu = on('menu', handleMenu);
  const offChanged = on('register-changed', () => void refreshRegister());
  // After a team sync round the replica's history after the last pulled change was rewritten, so a revision the
  // window already saw may now hold other changes: read the register again in full, not just since a revision.
  const offTeam = on('team-sync-state', (s) => {
    if (s.kind === 'synced') void reloadRegister();
  });
  return () => {
    offMenu();
    offChanged();
    offTeam();
  };
}
