/** The leadership views' state: which score and filters the heatmap shows, what it compares with, and the data read for them. */
import { create } from 'zustand';
import type { RiskTravel, SnapshotComparison } from '../../shared/contract/history.ts';
import type { ControlRecord, FlaggedRisk } from '../../shared/controls.ts';
import type { FiredRule } from '../../shared/escalation.ts';
import type { ActionRecord, CategoryRecord, ScoreKind, SnapshotInfo } from '../../shared/domain.ts';

/** 'none', 'review' (the previous review), or a snapshot's id. */
export type Against = string;

export interface LeadershipState {
  kind: ScoreKind;
  category: string | null;
  owner: string | null;
  against: Against;
  /** The cell whose risks are listed, as impact-likelihood. */
  openCell: { impact: number; likelihood: number } | null;
  /** Full window, large type, for projecting. */
  presenting: boolean;
  /** The dashboard figure whose risks are listed. */
  openFigure: string | null;
  categories: CategoryRecord[];
  snapshots: SnapshotInfo[];
  travel: RiskTravel[];
  comparison: SnapshotComparison | null;
  /**
   * The day reviews are overdue before (the main process's today, from `reviews:due { limit: 0 }`): the dashboard
   * works each overdue review out from the risks it holds (`nextReview`), not from every overdue review sent over.
   */
  reviewsAsOf: string | null;
  overdueActions: ActionRecord[];
  /** Live controls, the risks flagged for assurance or acceptance, and the escalation rules firing. */
  controls: ControlRecord[];
  /**
   * `controls:flags { omitUnrecorded: true }`: the live risks with an assurance or a treatment recorded, with their
   * flags; every other live risk has `UNRECORDED_FLAGS` (`flagsOf`). Null until read (no risk is flagged then).
   */
  flags: FlaggedRisk[] | null;
  fired: FiredRule[];
  error: string | null;
  /** What the last PNG export did: "Saved …", or why it could not. */
  exportNote: { ok: boolean; text: string } | null;
}

export const initialLeadershipState: LeadershipState = {
  kind: 'current',
  category: null,
  owner: null,
  against: 'none',
  openCell: null,
  presenting: false,
  openFigure: null,
  categories: [],
  snapshots: [],
  travel: [],
  comparison: null,
  reviewsAsOf: null,
  overdueActions: [],
  controls: [],
  flags: null,
  fired: [],
  error: null,
  exportNote: null,
};

export const useLeadershipStore = create<LeadershipState>()(() => ({ ...initialLeadershipState }));
