/** Put every store back to its first state (tests call this between cases). */
import { initialLeadershipState, useLeadershipStore } from '../leadership/leadership-store.ts';
import { initialEditState, useEditStore } from './edit-store.ts';
import { initialRegisterState, useRegisterStore } from './register-store.ts';
import { initialRisksState, useRisksStore } from './risks-store.ts';
import { initialUiState, useUiStore } from './ui-store.ts';
import { resetWorkspaceStores } from '../workspace/reset-workspace.ts';
import { initialIoState, useIoStore } from '../io/io-store.ts';
import { resetHistoryStores } from '../history/stores.ts';
import { useCriteriaStore } from '../settings/criteria-store.ts';

export function resetStores(): void {
  useRegisterStore.setState({ ...initialRegisterState }, true);
  useRisksStore.setState({ ...initialRisksState }, true);
  useUiStore.setState({ ...initialUiState }, true);
  useEditStore.setState({ ...initialEditState }, true);
  resetWorkspaceStores();
  useIoStore.setState({ ...initialIoState }, true);
  resetHistoryStores();
  useLeadershipStore.setState({ ...initialLeadershipState }, true);
  useCriteriaStore.setState({ criteria: null, readAt: null }, true);
}
