/**
 * The Objectives view's data: read through the typed client, and read again whenever the risk list changes (it
 * is a new array after every change in any window, see ARCHITECTURE.md "Refreshing after a change").
 */
import { useCallback, useEffect, useState } from 'react';
import type { FiredRule } from '../../shared/escalation.ts';
import type { ObjectiveWithExposure } from '../../shared/objectives.ts';
import { call } from '../api/client.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { latestSeq, onUndoApplied, recordAfter } from '../workspace/undo-actions.ts';

export function useReload<T>(read: () => Promise<T>): {
  data: T | null;
  error: string | null;
  reload: () => void;
} {
  const risks = useRisksStore((s) => s.risks);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    read().then(
      (v) => {
        if (!live) return;
        setData(v);
        setError(null);
      },
      (e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read again when the list or the tick moves
  }, [risks, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // An undo or redo of a link need not move the risk list: read again after every one.
  useEffect(() => onUndoApplied(reload), [reload]);
  return { data, error, reload };
}

export const readObjectives = (): Promise<ObjectiveWithExposure[]> => call('objectives:list', {});
export const readEscalations = (): Promise<FiredRule[]> => call('escalation:list', {});

/** Link (or unlink) a risk; returns the refusal's message, or null when done. */
export async function linkRisk(objectiveId: string, riskId: string, linked: boolean): Promise<string | null> {
  try {
    const mark = await latestSeq('objective', objectiveId);
    const o = await call('objectives:link', { objectiveId, riskId, linked });
    const ref = useRisksStore.getState().risks.find((r) => r.id === riskId)?.ref ?? 'risk';
    void recordAfter(
      'objective',
      objectiveId,
      mark,
      `${ref} ${linked ? 'linked to' : 'unlinked from'} objective ${o.ref}`,
    );
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
