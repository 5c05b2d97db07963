import type { Handlers } from '../../shared/contract/index.ts';
import type { ScorePair } from '../../shared/domain.ts';
import { dayFromIso, isoDay } from '../../shared/export/board-pack.ts';
import type { ScoreChange } from '../../shared/export/board-pack-model.ts';
import { buildBoardPack } from '../../shared/export/board-pack-model.ts';
import { AppError } from '../../shared/errors.ts';
import { isScoreValue } from '../../shared/scoring.ts';
import { previousReviewPoint, scoreTimeline } from '../../shared/travel.ts';
import { listActions } from '../actions.ts';
import { riskHistories } from '../audit.ts';
import { readBoardSettings } from '../board.ts';
import { listCategories } from '../categories.ts';
import { summaryTable } from '../export/summary.ts';
import { listOwners } from '../owners.ts';
import { reviewsDue } from '../reviews.ts';
import { listRisks } from '../risks.ts';
import { readSettings } from '../settings.ts';
import { listSnapshots, snapshotRisks } from '../snapshots.ts';
import type { HandlerDeps } from './deps.ts';

type BoardPackHandlers = Pick<Handlers, 'export:board-pack'>;

function pairOf(v: unknown): ScorePair | null {
  if (!v || typeof v !== 'object') return null;
  const { impact, likelihood } = v as { impact?: unknown; likelihood?: unknown };
  return isScoreValue(impact) && isScoreValue(likelihood) ? { impact, likelihood } : null;
}

export function boardPackHandlers(deps: HandlerDeps): BoardPackHandlers {
  return {
    'export:board-pack': ({ scores, bands, sort, asAt, travel, marking, exempt }) => {
      const db = deps.session.db;
      const date = asAt === undefined ? deps.now() : dayFromIso(asAt);
      if (!date) throw new AppError('VALIDATION', `${asAt ?? ''} is not a date: write it yyyy-mm-dd.`);
      const table = summaryTable(db, { format: 'pdf', scores, bands, sort, travel }, date);
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
      const pack = buildBoardPack({
        registerName: settings.name,
        key: settings.key,
        asAt: date,
        settings: marking ? { ...board, marking: marking.trim() } : board,
        risks,
        categories: listCategories(db),
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
      });
      return { table, bandKey: settings.key, pack };
    },
  };
}
