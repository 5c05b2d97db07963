/** The open register's risks, as last read from the handler table, and which one is selected. */
import { create } from 'zustand';
import type { RiskRecord } from '../../shared/domain.ts';

export interface RisksState {
  loaded: boolean;
  /**
   * Replaced as a whole on every change to the register (a new array even when only an action, a snapshot
   * or the day moved, so views keyed on it read their figures again); risks that did not change keep their
   * record object, so the table and the travel figures redo only the changed ones.
   */
  risks: RiskRecord[];
  categories: string[];
  selectedId: string | null;
  /** Why the list could not be read, if it could not. */
  error: string | null;
  /**
   * The register's revision (highest history seq) `risks` reflects, and the register file it was read from;
   * null until first read. On `register-changed` only what changed since it is read (`risks:changes`).
   */
  revision: number | null;
  revisionOf: string | null;
  /** The handler's day (yyyy-mm-dd) at that read: date-dependent figures are read again when it turns. */
  day: string | null;
  /**
   * While the list arrives in pages: how many risks are in the store so far of how many. `risks` is then only
   * part of the register (and `revision` is null): views that count, search or sort say so until it is null.
   */
  progress: { done: number; total: number } | null;
}

export const initialRisksState: RisksState = {
  loaded: false,
  risks: [],
  categories: [],
  selectedId: null,
  error: null,
  revision: null,
  revisionOf: null,
  day: null,
  progress: null,
};

export const useRisksStore = create<RisksState>()(() => ({ ...initialRisksState }));

/**
 * The list once it is whole; null while it arrives in pages. Effects that read other figures again whenever the list
 * moves (review counts, team status, categories, travel, the leadership views' reads) key on this, so they run once
 * when the list is whole rather than once per page: at 100,000 risks each page would otherwise ask the main process
 * for ~1 s of work (`reviews:due`) and hold the next page behind it.
 */
export function settledRisks(s: RisksState): RiskRecord[] | null {
  return s.progress ? null : s.risks;
}

export function selectedRisk(s: RisksState): RiskRecord | null {
  return s.risks.find((r) => r.id === s.selectedId) ?? null;
}

/** Refs sort naturally (SR2 before SR10), as the handler table lists them. */
const REF_ORDER = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/**
 * The live list after `risks:changes`: each changed risk replaces its old record where it stands (kept
 * as the same object when its version did not move, so nothing redraws for it), archived and deleted ones
 * drop out, and risks new to the list (created or restored) are appended in ref order. Returns `risks`
 * itself when nothing differs, so the table sees a new array only when something changed.
 */
export function mergeChanges(
  risks: RiskRecord[],
  changed: readonly RiskRecord[],
  removedIds: readonly string[],
): RiskRecord[] {
  if (changed.length === 0 && removedIds.length === 0) return risks;
  const incoming = new Map(changed.map((r) => [r.id, r]));
  const removed = new Set(removedIds);
  let differs = false;
  const next: RiskRecord[] = [];
  for (const r of risks) {
    const fresh = incoming.get(r.id);
    if (fresh) {
      incoming.delete(r.id);
      if (fresh.archivedAt) differs = true;
      else if (fresh.version === r.version && fresh.updatedAt === r.updatedAt) next.push(r);
      else {
        next.push(fresh);
        differs = true;
      }
    } else if (removed.has(r.id)) differs = true;
    else next.push(r);
  }
  const added = [...incoming.values()]
    .filter((r) => !r.archivedAt)
    .sort((a, b) => REF_ORDER.compare(a.ref, b.ref));
  if (added.length) {
    next.push(...added);
    differs = true;
  }
  return differs ? next : risks;
}
