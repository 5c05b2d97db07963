/** Put the workspace's stores back to their first state (tests call this through `resetStores`). */
import { initialDirectoryState, useDirectoryStore } from './directory-actions.ts';
import { initialPanelState, usePanelStore } from './panel-actions.ts';
import { initialTableState, useTableStore } from './table-store.ts';
import { initialUndoState, useUndoStore } from './undo-store.ts';
import { initialWorkspaceState, useWorkspaceStore } from './workspace-store.ts';

export function resetWorkspaceStores(): void {
  useTableStore.setState({ ...initialTableState }, true);
  useUndoStore.setState({ ...initialUndoState }, true);
  useWorkspaceStore.setState({ ...initialWorkspaceState }, true);
  useDirectoryStore.setState({ ...initialDirectoryState }, true);
  usePanelStore.setState({ ...initialPanelState }, true);
}
