/** The workspace's dialogs and lists beyond the table: new risk, bulk results, archived risks. */
import { create } from 'zustand';
import type { RiskRecord } from '../../shared/domain.ts';

export interface WorkspaceState {
  /** The New risk form, with the ref suggested when it opened. */
  newRisk: { suggestedRef: string } | null;
  /** A bulk change on its way, or the last one's outcome. */
  bulk: { busy: boolean; error: string | null; done: string | null };
  /** Archived risks, as last read (null until the Archived view first reads them). */
  archived: RiskRecord[] | null;
  archivedError: string | null;
}

export const initialWorkspaceState: WorkspaceState = {
  newRisk: null,
  bulk: { busy: false, error: null, done: null },
  archived: null,
  archivedError: null,
};

export const useWorkspaceStore = create<WorkspaceState>()(() => ({ ...initialWorkspaceState }));
