/** Opening, creating and onboarding a register. Module functions: call the client, then set the store. */
import type { DamagedDetails, RegisterStatus } from '../../shared/domain.ts';
import { isApiError, messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { loadRisks, refreshRisks } from './risk-actions.ts';

function opened(status: RegisterStatus | null): void {
  useRegisterStore.setState({ loaded: true, status, busy: false, error: null, backupOffer: null });
}

/** A damaged register's error carries its newest verified backup (or null): offer it. */
function backupOfferOf(e: unknown): DamagedDetails['backup'] {
  if (!isApiError(e, 'DAMAGED')) return null;
  return (e.details as DamagedDetails | undefined)?.backup ?? null;
}

/** Read the register's status; if it is set up, read its risks with `readRisks`, else clear them. */
async function readRegister(readRisks: () => Promise<void>): Promise<void> {
  try {
    const status = await call('register:status', {});
    opened(status);
    if (status?.settings.onboarded) {
      await readRisks();
    } else {
      useRisksStore.setState({
        risks: [],
        loaded: false,
        selectedId: null,
        revision: null,
        revisionOf: null,
        day: null,
        progress: null,
      });
    }
  } catch (e) {
    useRegisterStore.setState({ loaded: true, busy: false, error: messageOf(e) });
  }
}

/** Ask which register is open and, if it is set up, read its risks. */
export function loadRegister(): Promise<void> {
  return readRegister(loadRisks);
}

/**
 * After `register-changed` (a write here or in another window, or another register opened by the shell):
 * read the status again and only the risks that changed (`refreshRisks` falls back to a full read).
 */
export function refreshRegister(): Promise<void> {
  return readRegister(refreshRisks);
}

/**
 * After a team sync round: read the status and every risk again, whatever revision the window holds (the round
 * rewrote the replica's history after the last pulled change, so revisions may repeat or go back).
 */
export function reloadRegister(): Promise<void> {
  return readRegister(() => loadRisks({ force: true }));
}

async function run(work: () => Promise<RegisterStatus | null>): Promise<void> {
  useRegisterStore.setState({ busy: true, error: null, backupOffer: null });
  try {
    const status = await work();
    if (status === null) {
      // Cancelled in the dialog: nothing changes.
      useRegisterStore.setState({ busy: false });
      return;
    }
    opened(status);
    useRisksStore.setState({ selectedId: null });
    if (status.settings.onboarded) await loadRisks();
  } catch (e) {
    useRegisterStore.setState({ busy: false, error: messageOf(e), backupOffer: backupOfferOf(e) });
  }
}

/** Open the verified backup offered after a damaged register was moved aside. */
/** `file`: the grant the main process attached to the offer (db/handlers/register.ts). */
export function openOfferedBackup(file: string): Promise<void> {
  return run(() => call('register:open', { path: file }));
}

/** First run: fill the register with the LGA sample, or start it empty. */
export function onboard(choice: 'sample' | 'empty'): Promise<void> {
  return run(() => call('register:onboard', { choice }));
}

export function createRegisterWithDialog(sample: boolean): Promise<void> {
  return run(() => call('register:create-dialog', { sample }));
}

export function openRegisterWithDialog(): Promise<void> {
  return run(() => call('register:open-dialog', {}));
}

/**
 * Join a team register (start screen): the main process asks where to save the replica, makes it and opens it.
 * False when the save dialog was cancelled; a refusal (address, login, TLS, server) is thrown for the dialog.
 */
export async function joinTeamRegister(input: {
  server: string;
  user: string;
  password: string;
  insecureTls?: boolean;
}): Promise<boolean> {
  const status = await call('team:join', input);
  if (!status) return false;
  opened(status);
  useRisksStore.setState({ selectedId: null });
  if (status.settings.onboarded) await loadRisks();
  return true;
}

/** File › Share register…: the main process publishes the open register; the window then shows the replica. */
export async function shareRegister(input: {
  server: string;
  user: string;
  password: string;
  insecureTls?: boolean;
}): Promise<void> {
  const status = await call('team:publish', input);
  opened(status);
  if (status.settings.onboarded) await loadRisks();
}
