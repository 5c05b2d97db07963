import type { Handlers } from '../../shared/contract/index.ts';
import type { RiskTravel, SnapshotComparison, TravelOnly } from '../../shared/contract/history.ts';
import type { FrozenRisk, RiskRecord, SnapshotInfo } from '../../shared/domain.ts';
import type { TimeInBand, TimelinePoint, Travel } from '../../shared/travel.ts';
import {
  compareRisks,
  isoDay,
  previousReviewPoint,
  reviewStatus,
  timeInBand,
  travelSinceReview,
  travelSinceSnapshot,
} from '../../shared/travel.ts';
import { auditFacets, checkChain, exportAudit, listAudit } from '../audit.ts';
import { historyHead } from '../history.ts';
import {
  lastReviews,
  listReviews,
  recordReview,
  reviewsDue,
  reviewState,
  setReviewCycle,
} from '../reviews.ts';
import type { TravelRisk } from '../risks.ts';
import { getRisk, travelRisks } from '../risks.ts';
import { readSettings } from '../settings.ts';
import { scoreTimelines } from '../timelines.ts';
import { frozenNow, getSnapshotInfo, listSnapshots, snapshotRisks, takeSnapshot } from '../snapshots.ts';
import { AppError } from '../../shared/errors.ts';
import { compareRefs } from '../../shared/ref-order.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';
import { writeTransaction } from '../transaction.ts';

type HistoryHandlers = Pick<
  Handlers,
  | 'reviews:record'
  | 'reviews:set-cycle'
  | 'reviews:due'
  | 'reviews:list'
  | 'snapshots:take'
  | 'snapshots:list'
  | 'snapshots:get'
  | 'snapshots:compare'
  | 'risks:travel'
  | 'audit:list'
  | 'audit:facets'
  | 'audit:verify'
  | 'audit:head'
  | 'audit:export'
>;

/** Up to this many risks answered, their last reviews are read one by one rather than every risk's at once. */
const FEW = 1000;

/**
 * `risks:travel`'s `only`: a risk is kept when its score moved since the point compared against (a score then and
 * now, a different impact or likelihood), or when it has stayed in its band for at least `longInBand.reviews`
 * reviews (in one of `longInBand.bands`, when named).
 */
export function travelFilter(only: TravelOnly): (travel: Travel, inBand: TimeInBand) => boolean {
  const long = only.longInBand;
  const bands = long?.bands ? new Set(long.bands) : null;
  return (travel, inBand) =>
    (only.moved === true &&
      travel.from !== null &&
      travel.to !== null &&
      (travel.from.impact !== travel.to.impact || travel.from.likelihood !== travel.to.likelihood)) ||
    (long !== undefined && inBand.reviews >= long.reviews && (bands === null || bands.has(inBand.band)));
}

/**
 * Whether `only` could keep a risk, from its raw scores and timeline alone: a necessary condition of `travelFilter`
 * (a risk that fails it cannot be kept), cheap enough to run on every risk so that only the few that pass have their
 * travel and time in band worked out. Moved: a point to compare with and a current score, not the same pair (the
 * same pair gives the same assessed point). Long in band: at least that many reviews in the timeline at all.
 * `frozen`: the snapshot's record of the risk (null: not in it), or undefined when compared with the last review.
 */
function mayKeep(
  only: TravelOnly,
  r: TravelRisk,
  timeline: readonly TimelinePoint[],
  frozen: FrozenRisk | null | undefined,
): boolean {
  if (only.moved && r.impact !== null && r.likelihood !== null) {
    const base = frozen === undefined ? previousReviewPoint(timeline) : frozen;
    if (base && (base.impact !== r.impact || base.likelihood !== r.likelihood)) return true;
  }
  if (only.longInBand) {
    let reviews = 0;
    for (const p of timeline) if (p.kind === 'reviewed') reviews += 1;
    if (reviews >= only.longInBand.reviews) return true;
  }
  return false;
}

export function historyHandlers(deps: HandlerDeps): HistoryHandlers {
  const { session } = deps;
  const changed = () => deps.onRegisterChanged?.();
  const today = () => isoDay(deps.now());

  return {
    'reviews:record': (input) => {
      const db = session.writable();
      const outcome = writeTransaction(db, () => recordReview(db, input, writeContext(deps)));
      changed();
      return outcome;
    },
    'reviews:set-cycle': (input) => {
      const db = session.writable();
      const outcome = writeTransaction(db, () => setReviewCycle(db, input, writeContext(deps)));
      changed();
      return outcome;
    },
    'reviews:due': ({ asOf, limit }) => reviewsDue(session.db, asOf ?? today(), limit),
    'reviews:list': ({ id }) => {
      if (!getRisk(session.db, id)) {
        throw new AppError(
          'NOT_FOUND',
          'This risk no longer exists. It may have been deleted in another window.',
        );
      }
      return listReviews(session.db, id);
    },

    'snapshots:take': ({ name }) => {
      const db = session.writable();
      const info = writeTransaction(db, () => takeSnapshot(db, name, writeContext(deps)));
      changed();
      return info;
    },
    'snapshots:list': () => listSnapshots(session.db),
    'snapshots:get': ({ id }) => ({
      snapshot: getSnapshotInfo(session.db, id),
      risks: snapshotRisks(session.db, id),
    }),
    'snapshots:compare': ({ from, to }): SnapshotComparison => {
      const db = session.db;
      const key = readSettings(db).key;
      const fromInfo = getSnapshotInfo(db, from);
      let toInfo: SnapshotInfo;
      let toRisks: FrozenRisk[];
      if (to === 'now') {
        toRisks = frozenNow(db);
        toInfo = {
          id: 'now',
          name: 'Now',
          takenAt: deps.now().toISOString(),
          takenBy: deps.user(),
          riskCount: toRisks.length,
        };
      } else {
        toInfo = getSnapshotInfo(db, to);
        toRisks = snapshotRisks(db, to);
      }
      return { from: fromInfo, to: toInfo, ...compareRisks(snapshotRisks(db, from), toRisks, key) };
    },

    'risks:travel': ({ against, asOf, ids, only }): RiskTravel[] => {
      const db = session.db;
      const key = readSettings(db).key;
      const day = asOf ?? today();
      // With `ids`, read only those risks' history (by the history_entity index) and reviews. Either way only the
      // score points of history are read, extracted by SQLite (db/timelines.ts), never each row's whole JSON; and
      // for the whole register only the columns used (`travelRisks`), not every risk's full record.
      const timelines = scoreTimelines(db, ids);
      let frozen: Map<string, FrozenRisk> | null = null;
      let takenAt = '';
      if (against !== 'review') {
        const info = getSnapshotInfo(db, against);
        takenAt = info.takenAt;
        frozen = new Map(snapshotRisks(db, against).map((r) => [r.riskId, r]));
      }
      const risks: TravelRisk[] = ids
        ? [...new Set(ids)]
            .map((id) => getRisk(db, id))
            .filter((r): r is RiskRecord => r !== undefined && !r.archivedAt)
            .map((r) => {
              const state = reviewState(db, r.id) ?? { cycle: 'quarterly' as const, nextReview: day };
              return { ...r, cycle: state.cycle, nextReview: state.nextReview };
            })
        : // Narrowed, the whole register is read in scan order and only the risks kept are sorted.
          travelRisks(db, !only);
      const keep = only ? travelFilter(only) : null;
      const kept: { r: TravelRisk; travel: Travel; inBand: TimeInBand }[] = [];
      for (const r of risks) {
        const timeline = timelines.get(r.id) ?? [];
        // Most risks neither moved nor sat long in a band: a cheap test that cannot miss one spares them the rest.
        if (only && !mayKeep(only, r, timeline, frozen ? (frozen.get(r.id) ?? null) : undefined)) continue;
        const travel = frozen
          ? travelSinceSnapshot(r, frozen.get(r.id) ?? null, key, takenAt)
          : travelSinceReview(r, timeline, key);
        const inBand = timeInBand(r, timeline, key, day, r.createdAt);
        if (!keep || keep(travel, inBand)) kept.push({ r, travel, inBand });
      }
      // Stable, like the whole list's sort: the kept risks in the order the whole answer would have given them.
      if (only && !ids) kept.sort((a, b) => compareRefs(a.r.ref, b.r.ref));
      // The last review of each risk answered: all at once for a long answer, one by one (by the reviews' risk
      // index) for the few a leadership view draws or the ids asked for.
      const last = ids || kept.length <= FEW ? null : lastReviews(db);
      const lastOf = (id: string) => (last ? last.get(id) : listReviews(db, id)[0]);
      return kept.map(({ r, travel, inBand }) => ({
        riskId: r.id,
        ref: r.ref,
        travel,
        timeInBand: inBand,
        cycle: r.cycle,
        nextReview: r.nextReview as string,
        lastReviewedAt: lastOf(r.id)?.at ?? null,
        reviewStatus: reviewStatus(r.nextReview as string, day),
      }));
    },

    'audit:list': ({ limit, offset, ...filters }) => listAudit(session.db, filters, limit, offset),
    'audit:facets': () => auditFacets(session.db),
    'audit:verify': ({ anchor }) => checkChain(session.db, anchor),
    'audit:head': () => historyHead(session.db),
    'audit:export': async ({ format, path, ...filters }) => {
      const db = session.writable();
      const target =
        path !== undefined
          ? deps.files.resolve(path, `audit-write:${format}`)
          : await deps.dialogs.chooseExportPath(`Audit trail ${today()}.${format}`, format);
      if (!target) return null;
      const outcome = await exportAudit(
        db,
        filters,
        format,
        target,
        readSettings(db).key,
        writeContext(deps),
        deps.work,
        () => session.writingElsewhere,
      );
      changed();
      return outcome;
    },
  };
}
