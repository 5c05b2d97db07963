/**
 * Feedback on edits in the risk panel: refusals next to their field, and conflicts with someone else's
 * change. Each keeps what the user tried, per risk, so that moving to another risk loses nothing.
 */
import { create } from 'zustand';
import type { RiskRecord } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';

export type TextField =
  'title' | 'description' | 'mitigation' | 'category' | 'owners' | 'cause' | 'event' | 'effect';
export type EditField = TextField | 'score';

/** What the user tried to save. */
export type AttemptedChange =
  | {
      field: 'title' | 'description' | 'mitigation' | 'category' | 'cause' | 'event' | 'effect';
      value: string;
    }
  | { field: 'owners'; value: string[] }
  | { field: 'score'; impact: ScoreValue; likelihood: ScoreValue; reason: string };

export type TextChange = Exclude<AttemptedChange, { field: 'score' }>;

export interface FieldFailure {
  message: string;
  attempted: AttemptedChange;
}

export interface ConflictNotice {
  riskId: string;
  ref: string;
  message: string;
  /** The values in the register now (the error's `details.current`). */
  theirs: RiskRecord;
  mine: AttemptedChange;
}

export interface EditState {
  /** Refusals by risk id, then field, in the handler's words. */
  failures: Record<string, Partial<Record<EditField, FieldFailure>>>;
  conflict: ConflictNotice | null;
  /** Counts conflicts, so that fields can drop a draft whose change is now kept in the conflict notice. */
  conflictSeq: number;
  /** The save on its way, if any. */
  pending: { riskId: string; field: EditField } | null;
}

export const initialEditState: EditState = { failures: {}, conflict: null, conflictSeq: 0, pending: null };

export const useEditStore = create<EditState>()(() => ({ ...initialEditState }));

const NONE: Partial<Record<EditField, FieldFailure>> = {};

export function failuresFor(s: EditState, riskId: string | null): Partial<Record<EditField, FieldFailure>> {
  return (riskId && s.failures[riskId]) || NONE;
}
