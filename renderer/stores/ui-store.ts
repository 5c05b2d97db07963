/** Which view is showing, and the quiet "Saved · 14:32" line. */
import { create } from 'zustand';

export type View =
  | 'register'
  | 'heatmap'
  | 'archived'
  | 'owners'
  | 'categories'
  | 'reviews'
  | 'audit'
  | 'snapshots'
  | 'dashboard'
  | 'band-key'
  | 'your-name'
  | 'controls'
  | 'objectives'
  | 'scoring-criteria'
  | 'board-settings'
  | 'risk-appetite'
  | 'escalation-rules';

export interface UiState {
  view: View;
  /** ISO time of the last successful save in this window. */
  lastSavedAt: string | null;
}

export const initialUiState: UiState = { view: 'register', lastSavedAt: null };

export const useUiStore = create<UiState>()(() => ({ ...initialUiState }));
