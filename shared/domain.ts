/** Domain records as they cross the IPC boundary: plain JSON, ISO date strings, no classes. */
import type { ActionStatus } from './actions.ts';
import type { AppetiteLevel } from './appetite.ts';
import type { BandKey } from './band-key.ts';
import type { ScoreValue } from './scoring.ts';

export type ScoreKind = 'inherent' | 'current' | 'target';
export const SCORE_KINDS: readonly ScoreKind[] = ['inherent', 'current', 'target'];

export interface ScorePair {
  impact: ScoreValue;
  likelihood: ScoreValue;
}

/** A current score that may be missing: both null while the risk is not yet assessed. */
export interface MaybePair {
  impact: ScoreValue | null;
  likelihood: ScoreValue | null;
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
  /**
   * The appetite threshold in force: the level's (through the register's mapping) or a custom number; scores above
   * it are outside appetite. Null when none is set. Resolved when read (shared/appetite.ts).
   */
  appetite: number | null;
  /** The category's appetite level (Orange Book scale), or null for a custom threshold or none. */
  appetiteLevel: AppetiteLevel | null;
  /** The tolerance ceiling in force (≥ appetite; equal to it for a custom threshold), or null when none is set. */
  tolerance: number | null;
  /** The appetite statement the board approved (free text, may be empty). */
  appetiteStatement: string;
  /** When the board approved the statement, yyyy-mm-dd, or null. */
  appetiteApproved: string | null;
  version: number;
}

/** A risk's own appetite level instead of its category's, with the reason, and the limits it maps to now. */
export interface AppetiteOverride {
  level: AppetiteLevel;
  reason: string;
  appetite: number;
  tolerance: number;
}

/** A risk as stored: only what people entered. Score and band are derived by `assess()`. */
export interface RiskRecord {
  id: string;
  ref: string;
  /** An optional short title (trimmed, one line, at most 200 characters); null when the risk has none. */
  title: string | null;
  category: string;
  description: string;
  /**
   * The current score: the one the summary and heatmap use. Both null while the risk is not yet assessed (never
   * one without the other); `assess()` decides what that means everywhere.
   */
  impact: ScoreValue | null;
  likelihood: ScoreValue | null;
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
  /**
   * Exempt from publication: left out of the board pack's public Part A and listed in its exempt Part B
   * (the Part A / Part B practice of council committees).
   */
  confidential: boolean;
  /** Its own appetite level instead of its category's, or null (shared/appetite.ts). */
  appetiteOverride: AppetiteOverride | null;
  /** "Because of …" (may be empty). */
  cause: string;
  /** "there is a risk that …" (may be empty). */
  event: string;
  /** "resulting in …" (may be empty). */
  effect: string;
  /** The next review date (yyyy-mm-dd), as read from the register; absent on records built without reading. */
  nextReview?: string | null;
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
  entity: 'risk' | 'owner' | 'category' | 'register' | 'action' | 'control' | 'assurance' | 'objective';
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
  /** Why the register is open read-only (null when it is writable); the banner explains it. */
  readOnlyReason?: ReadOnlyReason | null;
  /**
   * When changes left in a `-wal` file beside the register (after a crash, or copied from elsewhere) were applied
   * on opening: the copy of the file and its -wal kept from before. Null otherwise.
   */
  keptCopy?: string | null;
}

/**
 * Why a register is open read-only: saved by a newer version of the app; the file is marked read-only; its folder
 * cannot be written to (SQLite needs to create files beside it to save).
 */
export type ReadOnlyReason = 'newer-version' | 'file-read-only' | 'folder-read-only';

/** A verified backup offered when a register is damaged. */
export interface BackupOffer {
  path: string;
  /**
   * How the window names the backup to `register:open`: a grant the main process issued for it (windows may not
   * name raw paths). Set by the handler table; absent where the offer did not pass through it.
   */
  file?: string;
  /** When the backup file was written (its modification time), ISO 8601. */
  savedAt: string;
  /** The date as the user reads it, dd/mm/yyyy. */
  savedOn: string;
}

/** The details of a DAMAGED error: what was wrong, where the files went, and the backup to offer. */
export interface DamagedDetails {
  reason: string;
  movedTo: string;
  movedFiles: string[];
  backup: BackupOffer | null;
}

/** The user-facing reason and next step for each read-only reason (the banner and the READ_ONLY error). */
export const READ_ONLY_MESSAGES: Record<ReadOnlyReason, string> = {
  'newer-version':
    'This register was saved by a newer version of Risk Register, so it is open read-only. Update the app to edit it.',
  'file-read-only':
    'This register file is marked read-only, so it is open read-only. To edit it, clear the read-only mark in the file’s properties (or ask whoever manages it), then open it again.',
  'folder-read-only':
    'The folder this register is in cannot be saved to, so it is open read-only. To edit it, copy the register to a folder you can save in, such as Documents, and open the copy.',
};

/** How often a risk's owner is expected to look at it again. */
export type ReviewCycle = 'monthly' | 'quarterly' | 'half-yearly' | 'yearly';
export const REVIEW_CYCLES: readonly ReviewCycle[] = ['monthly', 'quarterly', 'half-yearly', 'yearly'];

/** One review: the owner looked at the risk, with or without a change of score. */
export interface ReviewRecord {
  id: string;
  riskId: string;
  /** The risk's ref at the time of the review. */
  ref: string;
  at: string;
  by: string;
  note: string;
  /** The current score as it stood after the review. */
  impact: ScoreValue;
  likelihood: ScoreValue;
  scoreChanged: boolean;
  /** The next review date this review set (ISO date, yyyy-mm-dd). */
  nextReview: string;
}

/** A risk's review schedule. */
export interface ReviewSchedule {
  riskId: string;
  ref: string;
  description: string;
  owners: string[];
  cycle: ReviewCycle;
  /** ISO date, yyyy-mm-dd. */
  nextReview: string;
  lastReviewedAt: string | null;
  lastReviewedBy: string | null;
  /** 'overdue' before today, 'due' from today to the end of this month, otherwise 'scheduled'. */
  status: 'overdue' | 'due' | 'scheduled';
  /** Days past the review date (0 when not overdue). */
  daysOverdue: number;
}

export interface ReviewsDue {
  /** The day the lists are worked out for (ISO date). */
  asOf: string;
  /** The last day of that month (ISO date). */
  monthEnd: string;
  /** Due from asOf to the end of the month, soonest first. */
  dueThisMonth: ReviewSchedule[];
  /** Review date before asOf, most overdue first. */
  overdue: ReviewSchedule[];
  counts: { dueThisMonth: number; overdue: number };
}

export interface SnapshotInfo {
  id: string;
  name: string;
  takenAt: string;
  takenBy: string;
  riskCount: number;
}

/** A risk as frozen in a snapshot (or as it stands now, for comparisons). Band is derived, never stored. */
export interface FrozenRisk {
  riskId: string;
  ref: string;
  category: string;
  description: string;
  /** Both null when the risk was not yet assessed. */
  impact: ScoreValue | null;
  likelihood: ScoreValue | null;
  inherent: ScorePair | null;
  target: ScorePair | null;
  owners: string[];
  mitigation: string;
}
