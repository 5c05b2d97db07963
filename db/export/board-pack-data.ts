/**
 * Gathers the records the cabinet board pack is built from (shared/export/board-pack-model.ts): the PDF's print
 * view (through `export:board-pack`) and the XLSX summary's Cover and Overview sheets read the same model, so the
 * two cannot disagree.
 */
import type { Database } from 'better-sqlite3';
import type { PackHistory, TimelinePoints } from '../timelines.ts';
import { packHistory } from '../timelines.ts';
import { isoDay } from '../../shared/export/board-pack.ts';
import type {
  BoardPackInputs,
  BoardPackModel,
  ScoreChange,
  WorkbookPackModel,
} from '../../shared/export/board-pack-model.ts';
import { buildBoardPack, buildWorkbookPack } from '../../shared/export/board-pack-model.ts';
import { listActions } from '../actions.ts';
import { readBoardSettings } from '../board.ts';
import { listCategories } from '../categories.ts';
import { ownerNames } from '../owners.ts';
import { overdueReviews } from '../reviews.ts';
import { listRisks } from '../risks.ts';
import { readSettings } from '../settings.ts';
import { listSnapshots, snapshotRisks } from '../snapshots.ts';
import { isOutsideAppetite } from '../../shared/appetite.ts';
import type { ControlRecord } from '../../shared/controls.ts';
import { acceptanceFlags, assuranceGaps } from '../../shared/controls.ts';
import type { CategoryRecord, RiskRecord } from '../../shared/domain.ts';
import type { RiskControlsInput } from '../../shared/export/board-pack-orange.ts';
import { assuranceAndTreatmentByRisk, flaggedRisks, listControls } from '../controls.ts';
import { currentEscalations, listObjectives } from '../objectives.ts';

/**
 * Every live risk's controls, assurance, treatment and flags, as the board pack's appendix reads them: `byRisk` for
 * the risks with something recorded, and `nothing`, the input of every other live risk. A risk with no control, no
 * assurance and no treatment decision has exactly that input (no assurance is a gap; with no decision nothing is
 * tolerated or accepted, whatever the appetite), so one object serves them all, and it is not entered in the map for
 * each of them: at 100,000 risks, mostly with nothing recorded, a map entry per risk was ~40 ms of the export.
 */
export function gatherControls(
  db: Database,
  risks: readonly RiskRecord[],
  categories: readonly CategoryRecord[],
  today: string,
  controls: readonly ControlRecord[] = listControls(db, {}, today),
): { byRisk: Map<string, RiskControlsInput>; nothing: RiskControlsInput } {
  const byRisk = new Map<string, ControlRecord[]>();
  for (const c of controls) {
    for (const link of c.risks) {
      const list = byRisk.get(link.riskId) ?? [];
      list.push(c);
      byRisk.set(link.riskId, list);
    }
  }
  const out = new Map<string, RiskControlsInput>();
  const live = assuranceAndTreatmentByRisk(db);
  const nothing: RiskControlsInput = {
    controls: [],
    assurances: [],
    treatment: { treatment: null, acceptance: null },
    flags: {
      assuranceGaps: assuranceGaps([]),
      ...acceptanceFlags({ treatment: null, acceptance: null }, false, today),
    },
  };
  for (const r of risks) {
    if (r.archivedAt !== null) continue;
    const mine = byRisk.get(r.id);
    const assurances = live.assurances.get(r.id);
    if (!mine && !assurances && !live.hasTreatment(r.id)) continue;
    const treatment = live.treatment(r.id);
    if (!mine && !assurances && treatment.treatment === null && treatment.acceptance === null) continue;
    out.set(r.id, {
      controls: mine ?? [],
      assurances: assurances ?? [],
      treatment,
      flags: {
        assuranceGaps: assuranceGaps(assurances ?? []),
        ...acceptanceFlags(treatment, isOutsideAppetite(r, categories), today),
      },
    });
  }
  return { byRisk: out, nothing };
}

/** What the pack reads that the summary table reads too: an export reads them once for both. */
export interface BoardPackReads {
  /** The live risks in ref order: `listRisks(db)`, or `exportRisks(db)` (the same records, read row by row). */
  risks: RiskRecord[];
  /** `packHistory(db)` (or `packHistoryOf(scoreHistory(db))`): previous-review scores and score changes. */
  history: PackHistory;
  /** Every risk's score timeline, when it was read (for the summary's travel column). */
  timelines?: TimelinePoints | undefined;
}

/** The board pack model of the register as at `date`; `marking` overrides the saved one for this print. */
export function gatherBoardPack(
  db: Database,
  date: Date,
  options: { marking?: string | undefined; exempt?: boolean | undefined },
  reads?: BoardPackReads,
): BoardPackModel {
  return buildBoardPack(packInputs(db, date, options, reads, true));
}

/**
 * The part of the model the summary workbook writes (`buildWorkbookPack`): Part A without the table of every risk
 * or the Orange Book figures, so neither they nor the reads behind the figures alone (flags, fired rules) are made.
 */
export function gatherWorkbookPack(
  db: Database,
  date: Date,
  { marking }: { marking?: string | undefined },
  reads?: BoardPackReads,
): WorkbookPackModel {
  return buildWorkbookPack(packInputs(db, date, { marking, exempt: false }, reads, false));
}

function packInputs(
  db: Database,
  date: Date,
  { marking, exempt }: { marking?: string | undefined; exempt?: boolean | undefined },
  reads: BoardPackReads | undefined,
  orange: boolean,
): BoardPackInputs {
  const settings = readSettings(db);
  const board = readBoardSettings(db);
  const risks = reads?.risks ?? listRisks(db);
  // Every risk's previous-review score (the model looks up the listed risks' only), and the listed risks' changes.
  const { previous, changes: changesByRisk, previousInOrder } = reads?.history ?? packHistory(db);
  const changes: ScoreChange[] = [];
  for (const r of risks) {
    const mine = changesByRisk.get(r.id);
    if (mine) for (const c of mine) changes.push(c);
  }
  changes.sort((a, b) => a.at.localeCompare(b.at));
  const last = listSnapshots(db)[0];
  const today = isoDay(date);
  const categories = listCategories(db);
  const controls = listControls(db, {}, today);
  return {
    registerName: settings.name,
    key: settings.key,
    asAt: date,
    settings: marking ? { ...board, marking: marking.trim() } : board,
    risks,
    categories,
    ownerNames: ownerNames(db),
    snapshot: last
      ? {
          name: last.name,
          takenAt: last.takenAt,
          scores: new Map(
            snapshotRisks(db, last.id).flatMap((f) =>
              // A risk not yet assessed at the snapshot has no baseline score.
              f.impact === null || f.likelihood === null
                ? []
                : [[f.riskId, { impact: f.impact, likelihood: f.likelihood }] as const],
            ),
          ),
        }
      : null,
    previous,
    ...(previousInOrder ? { previousInOrder } : {}),
    changes,
    overdueReviews: overdueReviews(db, today, risks),
    overdueActions: listActions(db, { overdueOnly: true }, today).map((a) => ({
      riskId: a.riskId,
      text: a.text,
      owner: a.owner,
      dueDate: a.dueDate ?? '',
    })),
    exempt: exempt ?? false,
    // `reads.risks` and `listRisks` are sorted by ref (see `BoardPackReads`).
    inRefOrder: true,
    ...(() => {
      const { byRisk, nothing } = gatherControls(db, risks, categories, today, controls);
      return { controls: byRisk, controlsOtherwise: nothing };
    })(),
    objectives: listObjectives(db),
    // The dashboard's Orange Book figures read the same three lists (controls:list, controls:flags, escalation:list).
    ...(orange
      ? {
          orange: {
            controls,
            flags: flaggedRisks(db, today, { risks, categories }),
            fired: currentEscalations(db, today),
          },
        }
      : {}),
  };
}
