/**
 * Reviews: the owner looked at a risk (with or without a new score) and the next review date moves on by the
 * risk's cycle. Each function runs inside the caller's transaction, together with its history rows.
 */
import type { Database } from 'better-sqlite3';
import type { ReviewCycle, ReviewRecord, ReviewSchedule, ReviewsDue, RiskRecord } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import type { ScoreValue } from '../shared/scoring.ts';
import {
  daysBetween,
  endOfMonth,
  formatDate,
  isoDay,
  nextReviewDate,
  reviewStatus,
} from '../shared/travel.ts';
import { appendHistory, historyFor } from './history.ts';
import { uuidv7 } from './ids.ts';
import { updateRiskScore } from './risk-writes.ts';
import { getRisk, listRisks, OWNER_INITIALS } from './risks.ts';
import { compareRefs } from '../shared/ref-order.ts';
import type { WriteContext } from './write-context.ts';
import { stmt } from './statements.ts';

interface ReviewRow {
  id: string;
  risk_id: string;
  ref: string;
  at: string;
  by: string;
  note: string;
  impact: number;
  likelihood: number;
  score_changed: number;
  next_review: string;
}

function toReview(r: ReviewRow): ReviewRecord {
  return {
    id: r.id,
    riskId: r.risk_id,
    ref: r.ref,
    at: r.at,
    by: r.by,
    note: r.note,
    impact: r.impact as ScoreValue,
    likelihood: r.likelihood as ScoreValue,
    scoreChanged: r.score_changed === 1,
    nextReview: r.next_review,
  };
}

export interface ReviewState {
  cycle: ReviewCycle;
  nextReview: string;
}

export function reviewState(db: Database, riskId: string): ReviewState | undefined {
  const row = stmt(db, 'SELECT review_cycle AS cycle, next_review AS nextReview FROM risks WHERE id = ?').get(
    riskId,
  ) as ReviewState | undefined;
  return row;
}

/** Every risk's cycle and next review date, by risk id. */
export function reviewStates(db: Database): Map<string, ReviewState> {
  const rows = stmt(
    db,
    'SELECT id, review_cycle AS cycle, next_review AS nextReview FROM risks',
  ).all() as (ReviewState & { id: string })[];
  return new Map(rows.map((r) => [r.id, { cycle: r.cycle, nextReview: r.nextReview }]));
}

/** A risk's reviews, newest first. */
export function listReviews(db: Database, riskId: string): ReviewRecord[] {
  const rows = stmt(db, 'SELECT * FROM reviews WHERE risk_id = ? ORDER BY at DESC, rowid DESC').all(
    riskId,
  ) as ReviewRow[];
  return rows.map(toReview);
}

/** The latest review of every risk that has one, by risk id. */
export function lastReviews(db: Database): Map<string, { at: string; by: string }> {
  const rows = stmt(
    db,
    `SELECT risk_id AS riskId, at, by FROM reviews v
        WHERE rowid = (SELECT rowid FROM reviews w WHERE w.risk_id = v.risk_id ORDER BY at DESC, rowid DESC LIMIT 1)`,
  ).all() as { riskId: string; at: string; by: string }[];
  return new Map(rows.map((r) => [r.riskId, { at: r.at, by: r.by }]));
}

function loadLive(db: Database, id: string, doing: string): RiskRecord {
  const risk = getRisk(db, id);
  if (!risk) {
    throw new AppError(
      'NOT_FOUND',
      'This risk no longer exists. It may have been deleted in another window.',
    );
  }
  if (risk.archivedAt) {
    throw new AppError('VALIDATION', `${risk.ref} is archived. Restore it before ${doing} it.`);
  }
  return risk;
}

function conflict(db: Database, id: string): AppError {
  const current = getRisk(db, id);
  if (!current) {
    return new AppError(
      'NOT_FOUND',
      'This risk no longer exists. It may have been deleted in another window.',
    );
  }
  const last = historyFor(db, 'risk', id).at(-1);
  const d = last ? new Date(last.at) : null;
  const p = (n: number) => String(n).padStart(2, '0');
  const when = d ? ` at ${p(d.getHours())}:${p(d.getMinutes())} on ${formatDate(isoDay(d))}` : '';
  const who = last ? ` by ${last.by}` : '';
  return new AppError(
    'CONFLICT',
    `${current.ref} was changed${who}${when} after you opened it. The latest values are shown; review it again if your review still stands.`,
    { current },
  );
}

export interface ReviewInput {
  id: string;
  version: number;
  note: string;
  impact?: ScoreValue | undefined;
  likelihood?: ScoreValue | undefined;
}

/**
 * Record a review. A new score goes through `updateRiskScore`, so it is recorded in history exactly as a
 * score edit is (the note is its reason); then the review itself is recorded with action 'review', and
 * the next review moves to the review day + the risk's cycle.
 */
export function recordReview(
  db: Database,
  input: ReviewInput,
  ctx: WriteContext,
): { risk: RiskRecord; review: ReviewRecord } {
  const before = loadLive(db, input.id, 'reviewing');
  if (before.version !== input.version) throw conflict(db, input.id);
  const state = reviewState(db, input.id);
  if (!state) throw conflict(db, input.id);
  const note = input.note.trim();
  if (
    (before.impact === null || before.likelihood === null) &&
    (input.impact === undefined || input.likelihood === undefined)
  ) {
    throw new AppError(
      'VALIDATION',
      `${before.ref} is not yet scored, so a review needs a score: choose an impact and a likelihood from 1 to 5, then record the review.`,
      { field: 'impact' },
    );
  }

  let version = before.version;
  let scoreChanged = false;
  if (
    input.impact !== undefined &&
    input.likelihood !== undefined &&
    (input.impact !== before.impact || input.likelihood !== before.likelihood)
  ) {
    const after = updateRiskScore(
      db,
      input.id,
      input.version,
      'current',
      { impact: input.impact, likelihood: input.likelihood },
      note || undefined,
      ctx,
    );
    version = after.version;
    scoreChanged = true;
  }

  const reviewedOn = isoDay(new Date(ctx.now));
  const nextReview = nextReviewDate(reviewedOn, state.cycle);
  // A score change has already moved the version on; a review without one moves it once itself.
  const moved = stmt(
    db,
    `UPDATE risks SET next_review = @nextReview, version = version + @bump, updated_at = @now
        WHERE id = @id AND version = @version`,
  ).run({ nextReview, bump: scoreChanged ? 0 : 1, now: ctx.now, id: input.id, version });
  if (moved.changes !== 1) throw conflict(db, input.id);

  const risk = getRisk(db, input.id);
  if (!risk) throw conflict(db, input.id);
  // Scored above when it was not yet assessed; a pair is always there by now.
  if (risk.impact === null || risk.likelihood === null) throw conflict(db, input.id);
  const review: ReviewRecord = {
    id: uuidv7(),
    riskId: risk.id,
    ref: risk.ref,
    at: ctx.now,
    by: ctx.by,
    note,
    impact: risk.impact,
    likelihood: risk.likelihood,
    scoreChanged,
    nextReview,
  };
  stmt(
    db,
    `INSERT INTO reviews (id, risk_id, ref, at, by, note, impact, likelihood, score_changed, next_review)
     VALUES (@id, @riskId, @ref, @at, @by, @note, @impact, @likelihood, @scoreChanged, @nextReview)`,
  ).run({ ...review, scoreChanged: scoreChanged ? 1 : 0 });
  appendHistory(db, [
    {
      entity: 'risk',
      entityId: risk.id,
      label: risk.ref,
      action: 'review',
      field: 'review',
      oldValue: { nextReview: state.nextReview },
      newValue: { impact: risk.impact, likelihood: risk.likelihood, scoreChanged, nextReview },
      reason: note || null,
      at: ctx.now,
      by: ctx.by,
    },
  ]);
  return { risk, review };
}

export interface CycleInput {
  id: string;
  version: number;
  cycle: ReviewCycle;
  nextReview?: string | undefined;
  reason?: string | undefined;
}

/**
 * Change a risk's review cycle. Unless a date is given, the next review becomes the last review day (or the
 * day the risk was created) + the new cycle.
 */
export function setReviewCycle(
  db: Database,
  input: CycleInput,
  ctx: WriteContext,
): { risk: RiskRecord; cycle: ReviewCycle; nextReview: string } {
  const before = loadLive(db, input.id, 'changing the review cycle of');
  if (before.version !== input.version) throw conflict(db, input.id);
  const state = reviewState(db, input.id);
  if (!state) throw conflict(db, input.id);
  const last = listReviews(db, input.id)[0];
  const base = isoDay(new Date(last?.at ?? before.createdAt));
  const nextReview = input.nextReview ?? nextReviewDate(base, input.cycle);
  if (input.cycle === state.cycle && nextReview === state.nextReview) {
    return { risk: before, cycle: state.cycle, nextReview: state.nextReview };
  }
  const moved = stmt(
    db,
    `UPDATE risks SET review_cycle = @cycle, next_review = @nextReview, version = version + 1, updated_at = @now
        WHERE id = @id AND version = @version`,
  ).run({ cycle: input.cycle, nextReview, now: ctx.now, id: input.id, version: input.version });
  if (moved.changes !== 1) throw conflict(db, input.id);
  const changes: { field: string; old: string; new: string }[] = [];
  if (input.cycle !== state.cycle) changes.push({ field: 'reviewCycle', old: state.cycle, new: input.cycle });
  if (nextReview !== state.nextReview) {
    changes.push({ field: 'nextReview', old: state.nextReview, new: nextReview });
  }
  appendHistory(
    db,
    changes.map((c) => ({
      entity: 'risk' as const,
      entityId: before.id,
      label: before.ref,
      action: 'update' as const,
      field: c.field,
      oldValue: c.old,
      newValue: c.new,
      reason: input.reason ?? null,
      at: ctx.now,
      by: ctx.by,
    })),
  );
  const risk = getRisk(db, input.id);
  if (!risk) throw conflict(db, input.id);
  // Scored above when it was not yet assessed; a pair is always there by now.
  if (risk.impact === null || risk.likelihood === null) throw conflict(db, input.id);
  return { risk, cycle: input.cycle, nextReview };
}

/** The review schedule of every live risk on the day `asOf` (ISO date), in ref order. */
export function reviewSchedules(
  db: Database,
  asOf: string,
  /** The live risks in ref order (`listRisks`) when the caller has read them already (the board pack). */
  risks: readonly RiskRecord[] = listRisks(db),
): ReviewSchedule[] {
  const states = reviewStates(db);
  const last = lastReviews(db);
  const monthEnd = endOfMonth(asOf);
  return risks.map((r) => {
    const state = states.get(r.id) ?? { cycle: 'quarterly', nextReview: asOf };
    return schedule(r, state, last.get(r.id), reviewStatus(state.nextReview, asOf, monthEnd), asOf);
  });
}

/** One risk's review schedule from its review state and last review (the shape both readers below give). */
function schedule(
  r: RiskRecord,
  state: ReviewState,
  last: { at: string; by: string } | undefined,
  status: ReviewSchedule['status'],
  asOf: string,
): ReviewSchedule {
  return {
    riskId: r.id,
    ref: r.ref,
    description: r.description,
    owners: r.owners,
    cycle: state.cycle,
    nextReview: state.nextReview,
    lastReviewedAt: last?.at ?? null,
    lastReviewedBy: last?.by ?? null,
    status,
    daysOverdue: status === 'overdue' ? daysBetween(state.nextReview, asOf) : 0,
  };
}

let refOrder: Intl.Collator | undefined;

/** Soonest (most overdue) first, then by ref in natural order: the order of both lists of `reviewsDue`. */
function dueOrder(): (a: ReviewSchedule, b: ReviewSchedule) => number {
  // One collator for every comparison (`localeCompare` with options makes one per call).
  refOrder ??= new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
  const collator = refOrder;
  return (a, b) =>
    (a.nextReview < b.nextReview ? -1 : a.nextReview > b.nextReview ? 1 : 0) ||
    collator.compare(a.ref, b.ref);
}

/**
 * The overdue list of `reviewsDue` (the same schedules, in the same order) without a schedule, a state or a last
 * review of any other risk: the board pack reads only these, and at 100,000 risks a schedule of every risk is
 * ~100 MB of objects made to be dropped. `risks` as for `reviewSchedules`.
 */
export function overdueReviews(
  db: Database,
  asOf: string,
  risks: readonly RiskRecord[] = listRisks(db),
): ReviewSchedule[] {
  // `reviewStatus` is 'overdue' exactly when next_review < asOf (ISO dates compare as text, in SQL as in JS).
  const late = new Map(
    (
      stmt(
        db,
        'SELECT id, review_cycle AS cycle, next_review AS nextReview FROM risks WHERE next_review < ?',
      ).all(asOf) as (ReviewState & { id: string })[]
    ).map((r) => [r.id, r]),
  );
  if (!late.size) return [];
  const lastOf = stmt(
    db,
    'SELECT at, by FROM reviews WHERE risk_id = ? ORDER BY at DESC, rowid DESC LIMIT 1',
  );
  const out: ReviewSchedule[] = [];
  for (const r of risks) {
    const state = late.get(r.id);
    if (!state) continue;
    out.push(schedule(r, state, lastOf.get(r.id) as { at: string; by: string } | undefined, 'overdue', asOf));
  }
  return out.sort(dueOrder());
}

/**
 * Which live risks are in a list of `reviewsDue`: overdue is a next review before `asOf`; due, from `asOf` to the
 * end of its month (as `reviewStatus` says; ISO dates compare as text, in SQL as in JavaScript).
 */
const DUE_WHERE = {
  overdue: 'r.archived_at IS NULL AND r.next_review < @asOf',
  due: 'r.archived_at IS NULL AND r.next_review >= @asOf AND r.next_review <= @monthEnd',
};

/**
 * A risk's key in a list: rowid (ties of `compareRefs`, such as SR01 and SR1, keep the order of `listRisks`, whose
 * scan of the risks is in rowid order), ref and next review.
 */
const DUE_KEY_COLUMNS = 'r.rowid, r.ref, r.next_review';
const DUE_FROM = 'FROM risks r JOIN categories c ON c.id = r.category_id';
const DUE_KEY = `SELECT ${DUE_KEY_COLUMNS} ${DUE_FROM}`;

/** The rest of a schedule: the same columns as `listRisks` (its owners subquery) and `lastReviews` give. */
const DUE_DETAIL_COLUMNS = `r.id, r.description, r.review_cycle, ${OWNER_INITIALS} AS owners, v.at, v.by`;
const LAST_REVIEW = `
    LEFT JOIN reviews v
      ON v.rowid = (SELECT rowid FROM reviews w WHERE w.risk_id = r.id ORDER BY at DESC, rowid DESC LIMIT 1)`;
const DUE_DETAIL = `SELECT ${DUE_DETAIL_COLUMNS} FROM risks r ${LAST_REVIEW}`;

/** Key and detail in one row, for a list read whole. */
const DUE_ROW = `SELECT ${DUE_KEY_COLUMNS}, ${DUE_DETAIL_COLUMNS} ${DUE_FROM} ${LAST_REVIEW}`;

type DueKey = [number, string, string];
type DueDetail = [string, string, ReviewCycle, string, string | null, string | null];
type DueRow = [...DueKey, ...DueDetail];

/**
 * Up to this many schedules are made from the keys, each risk's detail then read by rowid; a longer list (or a
 * whole one) is read in one pass of key and detail together, as a by-rowid read costs more per risk than a scan.
 */
const BY_ROWID_MAX = 1_000;

/** The order of `reviewsDue`'s lists: soonest (most overdue) first, then ref in natural order, then `listRisks`'s. */
function byDue(a: DueKey | DueRow, b: DueKey | DueRow): number {
  return (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || compareRefs(a[1], b[1]) || a[0] - b[0];
}

function dueSchedule(
  [, ref, nextReview]: DueKey | DueRow,
  [id, description, cycle, owners, at, by]: DueDetail,
  status: 'due' | 'overdue',
  asOf: string,
): ReviewSchedule {
  return {
    riskId: id,
    ref,
    description,
    owners: JSON.parse(owners) as string[],
    cycle,
    nextReview,
    lastReviewedAt: at,
    lastReviewedBy: by,
    status,
    daysOverdue: status === 'overdue' ? daysBetween(nextReview, asOf) : 0,
  };
}

/**
 * One list of `reviewsDue`, sorted, and its count: with a short `limit`, every risk's key is read and sorted and the
 * first `limit` alone are made into schedules; else every risk in the list is read whole. Only the risks of the list
 * are read either way: the old way made a schedule of every risk of the register (`listRisks`, every last review)
 * and filtered them, ~0.5 s of the main process at 100,000 risks for the sidebar's badge, which shows two numbers.
 */
function dueList(
  db: Database,
  status: 'due' | 'overdue',
  asOf: string,
  monthEnd: string,
  limit: number | undefined,
): { list: ReviewSchedule[]; count: number } {
  const where = ` WHERE ${DUE_WHERE[status]}`;
  if (limit === undefined || limit > BY_ROWID_MAX) {
    const rows = (
      stmt(db, DUE_ROW + where)
        .raw()
        .all({ asOf, monthEnd }) as DueRow[]
    ).sort(byDue);
    const take = limit === undefined ? rows.length : Math.min(limit, rows.length);
    const list = new Array<ReviewSchedule>(take);
    for (let k = 0; k < take; k += 1) {
      const row = rows[k] as DueRow;
      list[k] = dueSchedule(row, row.slice(3) as DueDetail, status, asOf);
    }
    return { list, count: rows.length };
  }
  const keys = stmt(db, DUE_KEY + where)
    .raw()
    .all({ asOf, monthEnd }) as DueKey[];
  const take = Math.min(limit, keys.length);
  if (take === 0) return { list: [], count: keys.length };
  keys.sort(byDue);
  const detail = stmt(db, `${DUE_DETAIL} WHERE r.rowid = ?`).raw();
  const list = new Array<ReviewSchedule>(take);
  for (let k = 0; k < take; k += 1) {
    const key = keys[k] as DueKey;
    list[k] = dueSchedule(key, detail.get(key[0]) as DueDetail, status, asOf);
  }
  return { list, count: keys.length };
}

/**
 * The numbers of live risks overdue (next review before `asOf`) and due (from `asOf` to `monthEnd`), counted by
 * SQLite without a row leaving it: every risk's, less the archived ones' (on the small `risks_archived` index; the
 * unary `+` keeps SQLite from counting those on another index, row by row), as `countRisks` counts. One pass over
 * the risks; on an index of `next_review`, were there one, a pass over that index alone.
 */
function dueCounts(db: Database, asOf: string, monthEnd: string): { dueThisMonth: number; overdue: number } {
  const [overdue, due] = stmt(
    db,
    `SELECT every.overdue - archived.overdue, every.due - archived.due
       FROM (SELECT COUNT(*) FILTER (WHERE next_review < @asOf) AS overdue,
                    COUNT(*) FILTER (WHERE next_review >= @asOf AND next_review <= @monthEnd) AS due
               FROM risks) AS every,
            (SELECT COUNT(*) FILTER (WHERE +next_review < @asOf) AS overdue,
                    COUNT(*) FILTER (WHERE +next_review >= @asOf AND +next_review <= @monthEnd) AS due
               FROM risks WHERE archived_at IS NOT NULL) AS archived`,
  )
    .raw()
    .get({ asOf, monthEnd }) as [number, number];
  return { dueThisMonth: due, overdue };
}

/**
 * Reviews due from `asOf` to the end of its month, and those overdue, soonest (most overdue) first; with `limit`,
 * only that many of each list (the counts are of every risk; 0 gives the counts alone, counted in SQL). The same
 * answer as filtering and sorting `reviewSchedules` (test/integration/history/reviews-due-same.test.ts), with a
 * schedule made only for the risks listed.
 */
export function reviewsDue(db: Database, asOf: string, limit?: number): ReviewsDue {
  const monthEnd = endOfMonth(asOf);
  if (limit === 0) {
    return { asOf, monthEnd, dueThisMonth: [], overdue: [], counts: dueCounts(db, asOf, monthEnd) };
  }
  const due = dueList(db, 'due', asOf, monthEnd, limit);
  const late = dueList(db, 'overdue', asOf, monthEnd, limit);
  return {
    asOf,
    monthEnd,
    dueThisMonth: due.list,
    overdue: late.list,
    counts: { dueThisMonth: due.count, overdue: late.count },
  };
}
