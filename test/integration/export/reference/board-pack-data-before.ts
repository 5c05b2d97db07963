/**
 * REFERENCE ONLY (tests): db/export/board-pack-data.ts as it was before the board pack was gathered in one pass
 * (every risk history row read into entry objects by `riskHistories`, `listRisks` and `listControls` read again),
 * building the model with the model code of that time (./board-pack-model-before.ts). The board pack tests check
 * that today's gathering gives exactly this model.
 *
 * Gathers the records the cabinet board pack is built from (shared/export/board-pack-model.ts): the PDF's print
 * view (through `export:board-pack`) and the XLSX summary's Cover and Overview sheets read the same model, so the
 * two cannot disagree.
 */
import type { Database } from 'better-sqlite3';
import type { ScorePair } from '../../../../shared/domain.ts';
import { isoDay } from '../../../../shared/export/board-pack.ts';
import type { BoardPackModel, ScoreChange } from './board-pack-model-before.ts';
import { buildBoardPack } from './board-pack-model-before.ts';
import { isScoreValue } from '../../../../shared/scoring.ts';
import { previousReviewPoint, scoreTimeline } from '../../../../shared/travel.ts';
import { listActions } from '../../../../db/actions.ts';
import { riskHistories } from '../../../../db/audit.ts';
import { readBoardSettings } from '../../../../db/board.ts';
import { listCategories } from '../../../../db/categories.ts';
import { listOwners } from '../../../../db/owners.ts';
import { reviewsDue } from '../../../../db/reviews.ts';
import { listRisks } from '../../../../db/risks.ts';
import { readSettings } from '../../../../db/settings.ts';
import { listSnapshots, snapshotRisks } from '../../../../db/snapshots.ts';
import { isOutsideAppetite } from '../../../../shared/appetite.ts';
import type { ControlRecord } from '../../../../shared/controls.ts';
import { acceptanceFlags, assuranceGaps } from '../../../../shared/controls.ts';
import type { CategoryRecord, RiskRecord } from '../../../../shared/domain.ts';
import type { RiskControlsInput } from '../../../../shared/export/board-pack-orange.ts';
import { assuranceAndTreatmentByRisk, flaggedRisks, listControls } from '../../../../db/controls.ts';
import { currentEscalations, listObjectives } from '../../../../db/objectives.ts';

/** Every live risk's controls, assurance, treatment and flags, as the board pack's appendix reads them. */
export function gatherControls(
  db: Database,
  risks: readonly RiskRecord[],
  categories: readonly CategoryRecord[],
  today: string,
): Map<string, RiskControlsInput> {
  const byRisk = new Map<string, ControlRecord[]>();
  for (const c of listControls(db, {}, today)) {
    for (const link of c.risks) {
      const list = byRisk.get(link.riskId) ?? [];
      list.push(c);
      byRisk.set(link.riskId, list);
    }
  }
  const out = new Map<string, RiskControlsInput>();
  const live = assuranceAndTreatmentByRisk(db);
  for (const r of risks) {
    if (r.archivedAt !== null) continue;
    const assurances = live.assurances.get(r.id) ?? [];
    const treatment = live.treatment(r.id);
    out.set(r.id, {
      controls: byRisk.get(r.id) ?? [],
      assurances,
      treatment,
      flags: {
        assuranceGaps: assuranceGaps(assurances),
        ...acceptanceFlags(treatment, isOutsideAppetite(r, categories), today),
      },
    });
  }
  return out;
}

function pairOf(v: unknown): ScorePair | null {
  if (!v || typeof v !== 'object') return null;
  const { impact, likelihood } = v as { impact?: unknown; likelihood?: unknown };
  return isScoreValue(impact) && isScoreValue(likelihood) ? { impact, likelihood } : null;
}

/** The board pack model of the register as at `date`; `marking` overrides the saved one for this print. */
export function gatherBoardPack(
  db: Database,
  date: Date,
  { marking, exempt }: { marking?: string | undefined; exempt?: boolean | undefined },
): BoardPackModel {
  const settings = readSettings(db);
  const board = readBoardSettings(db);
  const risks = listRisks(db);
  const histories = riskHistories(db);
  const changes: ScoreChange[] = [];
  const previous = new Map<string, ScorePair>();
  for (const r of risks) {
    const entries = histories.get(r.id) ?? [];
    for (const e of entries) {
      const to = pairOf(e.newValue);
      if (e.entity === 'risk' && e.action === 'update' && e.field === 'current' && to) {
        changes.push({
          riskId: r.id,
          at: e.at,
          by: e.by,
          from: pairOf(e.oldValue),
          to,
          reason: e.reason,
        });
      }
    }
    const base = previousReviewPoint(scoreTimeline(entries));
    if (base) previous.set(r.id, { impact: base.impact, likelihood: base.likelihood });
  }
  changes.sort((a, b) => a.at.localeCompare(b.at));
  const last = listSnapshots(db)[0];
  const today = isoDay(date);
  const categories = listCategories(db);
  const pack = buildBoardPack({
    registerName: settings.name,
    key: settings.key,
    asAt: date,
    settings: marking ? { ...board, marking: marking.trim() } : board,
    risks,
    categories,
    ownerNames: new Map(listOwners(db).map((o) => [o.initials, o.name])),
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
    changes,
    overdueReviews: reviewsDue(db, today).overdue,
    overdueActions: listActions(db, { overdueOnly: true }, today).map((a) => ({
      riskId: a.riskId,
      text: a.text,
      owner: a.owner,
      dueDate: a.dueDate ?? '',
    })),
    exempt: exempt ?? false,
    controls: gatherControls(db, risks, categories, today),
    objectives: listObjectives(db),
    // The dashboard's Orange Book figures read the same three lists (controls:list, controls:flags, escalation:list).
    orange: {
      controls: listControls(db, {}, today),
      flags: flaggedRisks(db, today),
      fired: currentEscalations(db, today),
    },
  });
  return pack;
}
