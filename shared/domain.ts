/** Domain records as they cross the IPC boundary: plain JSON, ISO date strings, no classes. */
import type { ActionStatus } from './actions.ts';
import type { BandKey } from './band-key.ts';
import type { ScoreValue } from './scoring.ts';

export type ScoreKind = 'inherent' | 'current' | 'target';
export const SCORE_KINDS: readonly ScoreKind[] = ['inherent', 'current', 'target'];

export interface ScorePair {
  impact: ScoreValue;
  likelihood: ScoreValue;
}

export interface OwnerRecord {
  id: string;
  initials: string;
  name: string;
  role: string;
  email: string;
  /** Number of live risks this owner is attached to. */
  riskCount: number;
  /** Number of actions (not archived) this owner is responsible for. */
  actionCount: number;
  version: number;
}

export interface CategoryRecord {
  id: string;
  name: string;
  position: number;
  /** Scores above this are outside the register's appetite; null when none is set. */
  appetite: number | null;
  version: number;
}

/** A risk as stored: only what people entered. Score and band are derived by `assess()`. */
export interface RiskRecord {
  id: string;
  ref: string;
  category: string;
  description: string;
  /** The current score: the one the summary and heatmap use. */
  impact: ScoreValue;
  likelihood: ScoreValue;
  inherent: ScorePair | null;
  target: ScorePair | null;
  /** Controls in place: the published summary's free-text "Mitigation" column. */
  mitigation: string;
  /** Owner initials in the order they were given. */
  owners: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/** A tracked action on a risk: what will be done, by whom, by when. */
export interface ActionRecord {
  id: string;
  riskId: string;
  /** The risk's ref now. */
  riskRef: string;
  text: string;
  /** Owner initials, or null when nobody is named. */
  owner: string | null;
  /** ISO date, yyyy-mm-dd, or null. */
  dueDate: string | null;
  status: ActionStatus;
  /** Derived when read, from the clock: due date before today and not done (see `isOverdue`). Never stored. */
  overdue: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface HistoryEntry {
  seq: number;
  entity: 'risk' | 'owner' | 'category' | 'register' | 'action';
  entityId: string;
  /** The risk's ref (or other human label) at the time of the change. */
  label: string;
  action: 'create' | 'update' | 'archive' | 'restore' | 'delete' | 'import' | 'export' | 'review';
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
  at: string;
  by: string;
}

export interface RegisterSettings {
  name: string;
  key: BandKey;
  /** False until the user chose "Load the sample" or "Start empty" on first run. */
  onboarded: boolean;
}

export interface RegisterStatus {
  path: string;
  settings: RegisterSettings;
  riskCount: number;
  schemaVersion: number;
  readOnly: boolean;
}
