/**
 * What moved and for how long: direction of travel, time in band, snapshot comparison and review dates.
 * Pure functions over history entries and frozen risks. Bands always come from `assess()` with the
 * register's key of today: nothing here reads a stored band.
 */
import type { BandKey } from './band-key.ts';
import type { FrozenRisk, HistoryEntry, MaybePair, ReviewCycle, ScorePair } from './domain.ts';
import type { ScoreValue } from './scoring.ts';
import { assess, isScoreValue, NOT_SCORED_LABEL } from './scoring.ts';

// ---------------------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;

export const CYCLE_MONTHS: Record<ReviewCycle, number> = {
  monthly: 1,
  quarterly: 3,
  'half-yearly': 6,
  yearly: 12,
};

export const CYCLE_LABELS: Record<ReviewCycle, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  'half-yearly': 'Half-yearly',
  yearly: 'Yearly',
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day of a moment, as yyyy-mm-dd in the local time zone. */
export function isoDay(d: Date): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new RangeError(`Not a date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Months later, kept inside the target month: 31/01 + 1 month is 28/02 (or 29/02), never 03/03.
 * The same rule as SQLite's `date(x, '+N months', 'floor')`, which migration 20 uses.
 */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = parts(isoDate);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

export function endOfMonth(isoDate: string): string {
  const [y, m] = parts(isoDate);
  return `${pad(y, 4)}-${pad(m)}-${pad(daysInMonth(y, m))}`;
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS);
}

/** The local calendar day of an ISO date (kept as is) or timestamp. */
export function dayOf(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : isoDay(new Date(iso));
}

/** dd/mm/yyyy */
export function formatDate(iso: string): string {
  const [y, m, d] = parts(iso);
  return `${pad(d)}/${pad(m)}/${pad(y, 4)}`;
}

/** The next review date after a review on `reviewedOn`. */
export function nextReviewDate(reviewedOn: string, cycle: ReviewCycle): string {
  return addMonths(reviewedOn, CYCLE_MONTHS[cycle]);
}

export type ReviewStatus = 'overdue' | 'due' | 'scheduled';

/** Overdue before `asOf`; due from `asOf` to the end of its month; scheduled after that. */
export function reviewStatus(
  nextReview: string,
  asOf: string,
  /** `endOfMonth(asOf)`, when the caller works it out once for many risks. */
  monthEnd: string = endOfMonth(asOf),
): ReviewStatus {
  if (nextReview < asOf) return 'overdue';
  if (nextReview <= monthEnd) return 'due';
  return 'scheduled';
}

// ---------------------------------------------------------------------------------------------------------
// A risk's score over time, read from its history

export interface TimelinePoint {
  at: string;
  /** created (or imported), changed (a score edit), reviewed (with or without a change). */
  kind: 'created' | 'changed' | 'reviewed';
  impact: ScoreValue;
  likelihood: ScoreValue;
}

function asPair(v: unknown): ScorePair | null {
  if (!v || typeof v !== 'object') return null;
  const { impact, likelihood } = v as { impact?: unknown; likelihood?: unknown };
  return isScoreValue(impact) && isScoreValue(likelihood) ? { impact, likelihood } : null;
}

/**
 * The current score's points in time, oldest first: the score it was created with, every change of the
 * current score, and every review (with the score the review left it at).
 */
export function scoreTimeline(entries: readonly HistoryEntry[]): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  for (const e of sorted) {
    if (e.entity !== 'risk') continue;
    let pair: ScorePair | null = null;
    let kind: TimelinePoint['kind'] | null = null;
    if ((e.action === 'create' || e.action === 'import') && e.field === null) {
      pair = asPair((e.newValue as { current?: unknown } | null)?.current);
      kind = 'created';
    } else if (e.action === 'update' && e.field === 'current') {
      pair = asPair(e.newValue);
      kind = 'changed';
    } else if (e.action === 'review') {
      pair = asPair(e.newValue);
      kind = 'reviewed';
    }
    if (pair && kind) points.push({ at: e.at, kind, ...pair });
  }
  return points;
}

// ---------------------------------------------------------------------------------------------------------
// Direction of travel

export type Direction = 'up' | 'down' | 'unchanged' | 'new' | 'unscored';

export const DIRECTION_ARROWS: Record<Direction, string> = {
  up: '↑',
  down: '↓',
  unchanged: '→',
  new: '•',
  unscored: '–',
};

export interface ScorePoint {
  impact: ScoreValue;
  likelihood: ScoreValue;
  score: number;
  band: string;
}

export interface Travel {
  direction: Direction;
  /** ↑ ↓ → or • (new): always shown with `text`, never alone. */
  arrow: string;
  /** "up from 10 Yellow", "down from 15 Amber", "unchanged at 8 Yellow", "new". */
  text: string;
  /** The score compared against; null when there is nothing to compare with. */
  from: ScorePoint | null;
  /** The score now; null while the risk is not yet assessed (direction 'unscored'). */
  to: ScorePoint | null;
  /** Whether the band changed as well as the score. */
  bandChanged: boolean;
  /** What `from` is: the previous review, the score the risk was created with, or a snapshot. */
  basis: 'review' | 'created' | 'snapshot' | 'none';
  /** When `from` was recorded (ISO), when known. */
  since: string | null;
}

export function scorePoint(pair: ScorePair, key: BandKey): ScorePoint;
export function scorePoint(pair: MaybePair, key: BandKey): ScorePoint | null;
export function scorePoint(pair: MaybePair, key: BandKey): ScorePoint | null {
  const a = assess(pair.impact, pair.likelihood, key);
  if (!a.assessed) return null;
  return { impact: a.impact, likelihood: a.likelihood, score: a.score, band: a.band.name };
}

/**
 * Compare a score with an earlier one. Direction follows the score; the band is named in the text. A risk not yet
 * assessed has no direction ('unscored', "not yet scored"); a baseline that was not yet assessed counts as none.
 */
export function travel(
  current: MaybePair,
  baselinePair: MaybePair | null,
  key: BandKey,
  basis: Travel['basis'] = baselinePair ? 'review' : 'none',
  since: string | null = null,
): Travel {
  const to = scorePoint(current, key);
  const baseline = baselinePair && scorePoint(baselinePair, key) ? baselinePair : null;
  if (!to) {
    return {
      direction: 'unscored',
      arrow: DIRECTION_ARROWS.unscored,
      text: 'not yet scored',
      from: null,
      to: null,
      bandChanged: false,
      basis: 'none',
      since: null,
    };
  }
  if (!baseline) {
    return {
      direction: 'new',
      arrow: DIRECTION_ARROWS.new,
      text: 'new',
      from: null,
      to,
      bandChanged: false,
      basis: 'none',
      since: null,
    };
  }
  const from = scorePoint(baseline, key);
  if (!from) return travel(current, null, key);
  const direction: Direction = to.score > from.score ? 'up' : to.score < from.score ? 'down' : 'unchanged';
  const text =
    direction === 'unchanged'
      ? `unchanged at ${to.score} ${to.band}`
      : `${direction} from ${from.score} ${from.band}`;
  return {
    direction,
    arrow: DIRECTION_ARROWS[direction],
    text,
    from,
    to,
    bandChanged: from.band !== to.band,
    basis,
    since,
  };
}

/**
 * The point a risk's direction of travel is measured from: the previous review.
 * - If the score changed after the last review, that last review is the previous one.
 * - Otherwise the last review settled the current score, so the review before it is the previous one.
 * - With no such review, the score the risk was created with.
 */
export function previousReviewPoint(timeline: readonly TimelinePoint[]): TimelinePoint | null {
  let last = -1;
  for (let i = timeline.length - 1; i >= 0; i--) {
    if (timeline[i]?.kind === 'reviewed') {
      last = i;
      break;
    }
  }
  if (last >= 0) {
    const changedSince = timeline.slice(last + 1).some((p) => p.kind === 'changed');
    if (changedSince) return timeline[last] ?? null;
    for (let i = last - 1; i >= 0; i--) if (timeline[i]?.kind === 'reviewed') return timeline[i] ?? null;
  }
  return timeline.find((p) => p.kind === 'created') ?? null;
}

/** Direction of travel since the previous review (see `previousReviewPoint`). */
export function travelSinceReview(
  current: MaybePair,
  timeline: readonly TimelinePoint[],
  key: BandKey,
): Travel {
  const base = previousReviewPoint(timeline);
  if (!base) return travel(current, null, key);
  return travel(current, base, key, base.kind === 'reviewed' ? 'review' : 'created', base.at);
}

/** Direction of travel since a snapshot; a risk that was not in it is "new". */
export function travelSinceSnapshot(
  current: MaybePair,
  frozen: Pick<FrozenRisk, 'impact' | 'likelihood'> | null,
  key: BandKey,
  takenAt: string,
): Travel {
  return frozen ? travel(current, frozen, key, 'snapshot', takenAt) : travel(current, null, key);
}

// ---------------------------------------------------------------------------------------------------------
// Time in band

export interface TimeInBand {
  band: string;
  /** When the risk entered its current band (ISO). */
  since: string;
  /** Whole days from `since` to the day asked about. */
  days: number;
  /** Reviews recorded while the risk has been in this band. */
  reviews: number;
  /** "Red for 400 days (4 reviews)". */
  text: string;
}

/**
 * How long a risk has stayed in its current band: from the earliest point of the unbroken run of
 * points in that band up to `asOf`. Score changes inside the band do not break the run.
 */
export function timeInBand(
  current: MaybePair,
  timeline: readonly TimelinePoint[],
  key: BandKey,
  asOf: string,
  createdAt?: string,
): TimeInBand {
  const now = assess(current.impact, current.likelihood, key);
  if (!now.assessed) {
    return { band: NOT_SCORED_LABEL, since: createdAt ?? asOf, days: 0, reviews: 0, text: NOT_SCORED_LABEL };
  }
  const band = now.band.name;
  let since: string | null = null;
  let reviews = 0;
  for (let i = timeline.length - 1; i >= 0; i--) {
    const p = timeline[i];
    if (!p || assess(p.impact, p.likelihood, key).band.name !== band) break;
    since = p.at;
    if (p.kind === 'reviewed') reviews += 1;
  }
  // No history at all (or history that ends in another band): count from creation, else from now.
  const start = since ?? (timeline.length === 0 && createdAt ? createdAt : asOf);
  const days = Math.max(0, daysBetween(dayOf(start), dayOf(asOf)));
  const dayWord = days === 1 ? 'day' : 'days';
  const reviewWord = reviews === 1 ? 'review' : 'reviews';
  return {
    band,
    since: start,
    days,
    reviews,
    text: `${band} for ${days} ${dayWord} (${reviews} ${reviewWord})`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Snapshot comparison

export interface RiskLine {
  riskId: string;
  ref: string;
  description: string;
  category: string;
  /** Null while the risk is not yet assessed. */
  score: ScorePoint | null;
  owners: string[];
}

export interface RiskMove {
  riskId: string;
  ref: string;
  description: string;
  from: ScorePoint;
  to: ScorePoint;
  /** Direction of the score; `bandChange` says whether (and which way) the band moved too. */
  direction: 'up' | 'down';
  bandChange: 'up' | 'down' | null;
  text: string;
}

export interface OwnerChange {
  riskId: string;
  ref: string;
  from: string[];
  to: string[];
  added: string[];
  removed: string[];
}

export interface Comparison {
  /** In `to` but not in `from`. */
  newRisks: RiskLine[];
  /** In `from` but not in `to` (archived or removed since). */
  closedRisks: RiskLine[];
  /** Risks whose band went up (a subset of `scoreChanges`). */
  bandUp: RiskMove[];
  bandDown: RiskMove[];
  /** Every risk whose score changed, with or without a change of band. */
  scoreChanges: RiskMove[];
  ownerChanges: OwnerChange[];
  unchanged: number;
}

/** One collator, made on first use (`localeCompare` with options builds one per comparison). */
let refCollator: Intl.Collator | undefined;

function byRef<T extends { ref: string }>(a: T, b: T): number {
  refCollator ??= new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
  return refCollator.compare(a.ref, b.ref);
}

function line(r: FrozenRisk, key: BandKey): RiskLine {
  return {
    riskId: r.riskId,
    ref: r.ref,
    description: r.description,
    category: r.category,
    score: scorePoint(r, key),
    owners: r.owners,
  };
}

/** Band position in the key, lowest first: bands compare by order, not by name. */
function bandRank(name: string, key: BandKey): number {
  const sorted = [...key].sort((a, b) => a.min - b.min);
  return sorted.findIndex((b) => b.name === name);
}

/** What changed between two states of the register, risk by risk (matched by id, so renamed refs still match). */
export function compareRisks(
  from: readonly FrozenRisk[],
  to: readonly FrozenRisk[],
  key: BandKey,
): Comparison {
  const before = new Map(from.map((r) => [r.riskId, r]));
  const after = new Map(to.map((r) => [r.riskId, r]));
  const result: Comparison = {
    newRisks: [],
    closedRisks: [],
    bandUp: [],
    bandDown: [],
    scoreChanges: [],
    ownerChanges: [],
    unchanged: 0,
  };
  for (const r of to) if (!before.has(r.riskId)) result.newRisks.push(line(r, key));
  for (const r of from) if (!after.has(r.riskId)) result.closedRisks.push(line(r, key));
  for (const b of from) {
    const a = after.get(b.riskId);
    if (!a) continue;
    const t = travel(a, b, key, 'snapshot');
    let changed = false;
    if (t.from && t.to && (t.direction === 'up' || t.direction === 'down')) {
      const rankFrom = bandRank(t.from.band, key);
      const rankTo = bandRank(t.to.band, key);
      const move: RiskMove = {
        riskId: a.riskId,
        ref: a.ref,
        description: a.description,
        from: t.from,
        to: t.to,
        direction: t.direction,
        bandChange: rankTo > rankFrom ? 'up' : rankTo < rankFrom ? 'down' : null,
        text:
          rankTo === rankFrom
            ? `${t.direction} from ${t.from.score} to ${t.to.score}, still ${t.to.band}`
            : `${t.direction} from ${t.from.score} ${t.from.band} to ${t.to.score} ${t.to.band}`,
      };
      result.scoreChanges.push(move);
      if (move.bandChange === 'up') result.bandUp.push(move);
      if (move.bandChange === 'down') result.bandDown.push(move);
      changed = true;
    }
    if (JSON.stringify(a.owners) !== JSON.stringify(b.owners)) {
      result.ownerChanges.push({
        riskId: a.riskId,
        ref: a.ref,
        from: b.owners,
        to: a.owners,
        added: a.owners.filter((o) => !b.owners.includes(o)),
        removed: b.owners.filter((o) => !a.owners.includes(o)),
      });
      changed = true;
    }
    if (!changed) result.unchanged += 1;
  }
  for (const list of [
    result.newRisks,
    result.closedRisks,
    result.bandUp,
    result.bandDown,
    result.scoreChanges,
    result.ownerChanges,
  ]) {
    (list as { ref: string }[]).sort(byRef);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// History values in words (audit view and exports)

/**
 * A history value as a person would read it: "4 × 2 = 8 Yellow", "SP, VV", "16/07/2026",
 * "3 × 3 = 9 Yellow; next review 16/07/2026", "(none)".
 */
export function describeValue(value: unknown, key: BandKey): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return isIsoDate(value) ? formatDate(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value.length ? value.join(', ') : '(none)';
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const known = new Set(['impact', 'likelihood', 'nextReview', 'scoreChanged']);
    if (Object.keys(o).every((k) => known.has(k))) {
      const parts: string[] = [];
      const p = asPair(o);
      if (p) {
        const s = scorePoint(p, key);
        parts.push(`${s.impact} × ${s.likelihood} = ${s.score} ${s.band}`);
      }
      if (typeof o.nextReview === 'string' && isIsoDate(o.nextReview)) {
        parts.push(`next review ${formatDate(o.nextReview)}`);
      }
      if (parts.length) return parts.join('; ');
    }
  }
  return JSON.stringify(value);
}
