/**
 * The open register's scoring criteria, read once per register revision (a criteria edit appends history, so
 * the revision moves and every window reads them again) and shared by the score pickers and Settings.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ScoringCriteria } from '../../shared/criteria.ts';
import { call } from '../api/client.ts';
import { useRisksStore } from '../stores/risks-store.ts';

interface CriteriaState {
  criteria: ScoringCriteria | null;
  /** `file@revision` the criteria were read at. */
  readAt: string | null;
}

export const useCriteriaStore = create<CriteriaState>()(() => ({ criteria: null, readAt: null }));

let inFlight: string | null = null;

/** Read the criteria again (after saving them, or when the register moved on). */
export async function loadCriteria(key: string | null = null): Promise<void> {
  inFlight = key;
  try {
    const criteria = await call('criteria:get', {});
    if (inFlight === key) useCriteriaStore.setState({ criteria, readAt: key });
  } catch {
    // No register open, or one from an older app: the pickers simply show no descriptors.
    if (inFlight === key) useCriteriaStore.setState({ criteria: null, readAt: key });
  }
}

/** The criteria for the register as the window last read it; null until read. */
export function useCriteria(): ScoringCriteria | null {
  const key = useRisksStore((s) => (s.revision === null ? null : `${s.revisionOf ?? ''}@${s.revision}`));
  const readAt = useCriteriaStore((s) => s.readAt);
  const criteria = useCriteriaStore((s) => s.criteria);
  useEffect(() => {
    if (key !== null && key !== readAt && key !== inFlight) void loadCriteria(key);
  }, [key, readAt]);
  return criteria;
}
