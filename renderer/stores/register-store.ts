/** Which register is open, and whether we have asked yet. */
import { create } from 'zustand';
import type { BandKey } from '../../shared/band-key.ts';
import { LGA_KEY } from '../../shared/band-key.ts';
import type { BackupOffer, RegisterStatus } from '../../shared/domain.ts';

export interface RegisterState {
  /** False until the first `register:status` answer. */
  loaded: boolean;
  status: RegisterStatus | null;
  /** A dialog or onboarding call is running. */
  busy: boolean;
  /** The last refusal from opening, creating or onboarding, in the handler's words. */
  error: string | null;
  /** A damaged register was refused: its newest verified backup, offered on the start screen. */
  backupOffer?: BackupOffer | null;
}

export const initialRegisterState: RegisterState = {
  loaded: false,
  status: null,
  busy: false,
  error: null,
  backupOffer: null,
};

export const useRegisterStore = create<RegisterState>()(() => ({ ...initialRegisterState }));

/** The open register's band key (the LGA key until a register is open). */
export function selectBandKey(s: RegisterState): BandKey {
  return s.status?.settings.key ?? LGA_KEY;
}
