/** The open register's risks, as last read from the handler table, and which one is selected. */
import { create } from 'zustand';
import type { RiskRecord } from '../../shared/domain.ts';

export interface RisksState {
  loaded: boolean;
  /** Replaced as a whole on every change, so the table sees a new array only when something changed. */
  risks: RiskRecord[];
  categories: string[];
  selectedId: string | null;
  /** Why the list could not be read, if it could not. */
  error: string | null;
}

export const initialRisksState: RisksState = {
  loaded: false,
  risks: [],
  categories: [],
  selectedId: null,
  error: null,
};

export const useRisksStore = create<RisksState>()(() => ({ ...initialRisksState }));

export function selectedRisk(s: RisksState): RiskRecord | null {
  return s.risks.find((r) => r.id === s.selectedId) ?? null;
}
