/** Which team dialog is open in this window: File › Share register… or People. */
import { create } from 'zustand';

export interface TeamUiState {
  dialog: 'share' | 'people' | null;
}

export const useTeamUiStore = create<TeamUiState>()(() => ({ dialog: null }));

export function openTeamDialog(dialog: 'share' | 'people'): void {
  useTeamUiStore.setState({ dialog });
}

export function closeTeamDialog(): void {
  useTeamUiStore.setState({ dialog: null });
}
