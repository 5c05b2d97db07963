/**
 * What the leadership views show, worked out from the register: which cell each risk sits in for the
 * chosen score, what moved since an earlier point, and the dashboard's figures. Pure functions: bands
 * always come from `assess()` with the register's key.
 */
import type { Band, BandKey } from '../../shared/band-key.ts';
import { appetiteStatusText, isOutsideAppetite } from '../../shared/appetite.ts';
import type { ControlRecord, FlaggedRisk } from '../../shared/controls.ts';
import type { FiredRule } from '../../shared/escalation.ts';
import { orangeFigures } from '../../shared/orange-figures.ts';
import type { RiskTravel, SnapshotComparison } from '../../shared/contract/history.ts';
import type {
  ActionRecord,
  CategoryRecord,
  RiskRecord,
  MaybePair,
  ScoreKind,
  ScorePair,
} from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess } from '../../shared/scoring.ts';
import { daysBetween } from '../../shared/travel.ts';

export const KIND_LABELS: Record<ScoreKind, string> = {
  inherent: 'Inherent',
  current: 'Current',
  target: 'Target',
};

/** The score of a risk for the chosen kind (null when that score was never set, or not yet assessed). */
export function pairOf(risk: RiskRecord, kind: ScoreKind): ScorePair | null {
  if (kind === 'current') {
    return risk.impact === null || risk.likelihood === null
      ? null
      : { impact: risk.impact, likelihood: risk.likelihood };
  }
  return risk[kind];
}

export interface Filters {
  category: string | null;
  owner: string | null;
}

export function applyFilters(risks: readonly RiskRecord[], f: Filters): RiskRecord[] {
  return risks.filter(
    (r) =>
      (f.category === null || r.category === f.category) &&
      (f.owner === null || r.owners.some((o) => o.toLowerCase() === f.owner?.toLowerCase())),
  );
}

/** Every owner's initials that appear on the risks, sorted. */
export function ownersOf(risks: readonly RiskRecord[]): string[] {
  const seen = new Map<string, string>();
  for (const r of risks)
    for (const o of r.owners) if (!seen.has(o.toLowerCase())) seen.set(o.toLowerCase(), o);
  return [...seen.values()].sort((a, b) => a.localeCompare(b, 'en-GB'));
}

/** More refs than this and a heatmap cell shows its count and a list on demand instead. */
export const CROWDED = 6;

export function cellKey(impact: number, likelihood: number): string {
  return `${impact}-${likelihood}`;
}

/** Risks by cell for the chosen score; risks without that score are returned apart. */
export function placeRisks(
  risks: readonly RiskRecord[],
  kind: ScoreKind,
): { byCell: Map<string, RiskRecord[]>; unscored: RiskRecord[] } {
  const byCell = new Map<string, RiskRecord[]>();
  const unscored: RiskRecord[] = [];
  for (const r of risks) {
    const p = pairOf(r, kind);
    if (!p) {
      unscored.push(r);
      continue;
    }
    const k = cellKey(p.impact, p.likelihood);
    byCell.set(k, [...(byCell.get(k) ?? []), r]);
  }
  return { byCell, unscored };
}

// ---------------------------------------------------------------------------------------------------------
// Movement

export interface Point {
  impact: ScoreValue;
  likelihood: ScoreValue;
  score: number;
  band: string;
}

export interface Move {
  riskId: string;
  ref: string;
  from: Point;
  to: Point;
  direction: 'up' | 'down' | 'unchanged';
  /** "SR4 up from 15 Amber to 20 Red" */
  text: string;
}

function point(pair: ScorePair, key: BandKey): Point {
  const a = assess(pair.impact, pair.likelihood, key);
  return { impact: a.impact, likelihood: a.likelihood, score: a.score, band: a.band.name };
}

export function describeMove(ref: string, from: Point, to: Point): string {
  if (to.score > from.score) return `${ref} up from ${from.score} ${from.band} to ${to.score} ${to.band}`;
  if (to.score < from.score) return `${ref} down from ${from.score} ${from.band} to ${to.score} ${to.band}`;
  return `${ref} moved from impact ${from.impact} × likelihood ${from.likelihood} to ${to.impact} × ${to.likelihood}, unchanged at ${to.score} ${to.band}`;
}

function move(
  riskId: string,
  ref: string,
  fromPair: ScorePair,
  toPair: ScorePair,
  key: BandKey,
): Move | null {
  if (fromPair.impact === toPair.impact && fromPair.likelihood === toPair.likelihood) return null;
  const from = point(fromPair, key);
  const to = point(toPair, key);
  const direction = to.score > from.score ? 'up' : to.score < from.score ? 'down' : 'unchanged';
  return { riskId, ref, from, to, direction, text: describeMove(ref, from, to) };
}

/** Current-score movement since the previous review (or creation), for risks that moved cell. */
export function movesSinceReview(
  travel: readonly RiskTravel[],
  risks: readonly RiskRecord[],
  key: BandKey,
): Move[] {
  const byId = new Map(risks.map((r) => [r.id, r]));
  const moves: Move[] = [];
  for (const t of travel) {
    const r = byId.get(t.riskId);
    const from = t.travel.from;
    if (!r || !from) continue;
    const now = pairOf(r, 'current');
    const m = now ? move(r.id, r.ref, from, now, key) : null;
    if (m) moves.push(m);
  }
  return moves;
}

/** Current-score movement since a snapshot (compared with the register as it stands). */
export function movesSinceSnapshot(
  comparison: SnapshotComparison,
  risks: readonly RiskRecord[],
  key: BandKey,
): Move[] {
  const byId = new Map(risks.map((r) => [r.id, r]));
  const moves: Move[] = [];
  for (const c of comparison.scoreChanges) {
    const r = byId.get(c.riskId);
    const now = r ? pairOf(r, 'current') : null;
    if (!r || !now) continue;
    const m = move(r.id, r.ref, c.from, now, key);
    if (m) moves.push(m);
  }
  return moves;
}

// ---------------------------------------------------------------------------------------------------------
// Dashboard

export interface Figure {
  id: string;
  label: string;
  /** The risks behind the figure, in register order. */
  risks: RiskRecord[];
  /** The number shown (the risk count, unless the figure counts something else, such as actions). */
  value: number;
  /** A line per risk explaining why it is counted (optional). */
  notes?: Map<string, string>;
  band?: Band;
  /** What the figure says when it counts nothing (a calm sentence, not a red zero). */
  empty?: string;
}

/** The dashboard's "Red or Amber for two or more reviews": this many reviews in band. */
export const LONG_IN_BAND_REVIEWS = 2;

/** The key's two highest bands ("Red or Amber"), whatever the register calls them, lowest first. */
export function topBandNames(key: BandKey): string[] {
  return bandsInOrder(key)
    .slice(-2)
    .map((b) => b.name);
}

/**
 * What the heatmap's arrows and the dashboard read of `risks:travel`, and no more: the risks whose score moved
 * since their previous review (`movesSinceReview`, "Band rose since last review") and those in one of the two
 * highest bands for `LONG_IN_BAND_REVIEWS` or more reviews. Every other risk's travel is left in the main process.
 */
export function leadershipTravel(key: BandKey) {
  return {
    against: 'review' as const,
    only: { moved: true as const, longInBand: { reviews: LONG_IN_BAND_REVIEWS, bands: topBandNames(key) } },
  };
}

/** Bands lowest first. */
export function bandsInOrder(key: BandKey): Band[] {
  return [...key].sort((a, b) => a.min - b.min);
}

export interface DashboardInput {
  risks: readonly RiskRecord[];
  key: BandKey;
  categories: readonly CategoryRecord[];
  /**
   * Travel of the risks that moved since their previous review and of those in one of the two highest bands for
   * `LONG_IN_BAND_REVIEWS` or more reviews (`leadershipTravel`): the only ones the figures read.
   */
  travel: readonly RiskTravel[];
  /** The day reviews are overdue before (null until known): each risk's `nextReview` is compared with it. */
  reviewsAsOf: string | null;
  overdueActions: readonly ActionRecord[];
  /** Live controls, the controls' flags and the escalation rules firing (shared/orange-figures.ts). */
  controls?: readonly ControlRecord[];
  flags?: readonly FlaggedRisk[];
  fired?: readonly FiredRule[];
}

export interface Dashboard {
  current: Figure[];
  target: Figure[];
  /** Risks without a target score. */
  noTarget: number;
  /** Risks not yet assessed: in no band's count ("3 risks not yet scored"). */
  notScored: RiskRecord[];
  attention: Figure[];
  /** The Orange Book figures: outside tolerance, controls ineffective, assurance gaps, acceptances, escalations. */
  orange: Figure[];
}

export function dashboard(input: DashboardInput): Dashboard {
  const { risks, key, categories, travel, reviewsAsOf, overdueActions } = input;
  const bands = bandsInOrder(key);
  // Null for a risk not yet assessed: it is in no band.
  const bandOf = (p: MaybePair) => assess(p.impact, p.likelihood, key).band?.name ?? null;
  // Each risk's bands worked out once (not once per band): the same lists, in register order.
  const byCurrent = new Map<string, RiskRecord[]>(bands.map((b) => [b.name, []]));
  const byTarget = new Map<string, RiskRecord[]>(bands.map((b) => [b.name, []]));
  for (const r of risks) {
    const now = bandOf(r);
    if (now !== null) byCurrent.get(now)?.push(r);
    const aim = r.target ? bandOf(r.target) : null;
    if (aim !== null) byTarget.get(aim)?.push(r);
  }
  const current = bands.map((b) => {
    const these = byCurrent.get(b.name) ?? [];
    return {
      id: `current-${b.name}`,
      label: `${b.name} (current)`,
      risks: these,
      value: these.length,
      band: b,
    };
  });
  const target = bands.map((b) => {
    const these = byTarget.get(b.name) ?? [];
    return {
      id: `target-${b.name}`,
      label: `${b.name} (target)`,
      risks: these,
      value: these.length,
      band: b,
    };
  });
  const ids = new Set(risks.map((r) => r.id));
  const inRegisterOrder = (want: Set<string>) => (want.size === 0 ? [] : risks.filter((r) => want.has(r.id)));

  const outside = risks.filter((r) => isOutsideAppetite(r, categories));
  const orange: Figure[] = orangeFigures({
    risks,
    categories,
    controls: input.controls ?? [],
    flags: input.flags ?? [],
    fired: input.fired ?? [],
  }).map((f) => {
    const want = new Set(f.riskIds);
    return {
      id: f.id,
      label: f.label,
      risks: inRegisterOrder(want),
      value: f.value,
      notes: f.notes,
      empty: f.empty,
    };
  });

  const actionNotes = new Map<string, string>();
  const actionCount = new Map<string, number>();
  let actionsOverdue = 0;
  for (const a of overdueActions) {
    if (!ids.has(a.riskId)) continue;
    actionsOverdue += 1;
    actionCount.set(a.riskId, (actionCount.get(a.riskId) ?? 0) + 1);
  }
  for (const [id, n] of actionCount)
    actionNotes.set(id, n === 1 ? '1 action overdue' : `${n} actions overdue`);

  const reviewNotes = new Map<string, string>();
  // Overdue exactly as `reviews:due` has it (a live risk whose next review is before the day), worked out from the
  // risks shown rather than from every overdue review in the register.
  if (reviewsAsOf !== null) {
    for (const r of risks) {
      const next = r.nextReview;
      if (r.archivedAt || !next || !(next < reviewsAsOf)) continue;
      const days = daysBetween(next, reviewsAsOf);
      reviewNotes.set(r.id, `review ${days === 1 ? '1 day' : `${days} days`} overdue`);
    }
  }

  const rank = (name: string) => bands.findIndex((b) => b.name === name);
  const roseNotes = new Map<string, string>();
  const stuckNotes = new Map<string, string>();
  const byId = new Map(risks.map((r) => [r.id, r]));
  // "Red or Amber": the key's two highest bands, whatever the register calls them.
  const topBands = new Set(topBandNames(key));
  for (const t of travel) {
    const r = byId.get(t.riskId);
    if (!r) continue;
    const from = t.travel.from;
    const to = t.travel.to;
    if (from && to) {
      const before = bandOf(from);
      const now = bandOf(r);
      if (before !== null && now !== null && rank(now) > rank(before)) {
        roseNotes.set(r.id, `up from ${from.score} ${before} to ${to.score} ${now}`);
      }
    }
    const band = bandOf(r);
    if (
      band !== null &&
      topBands.has(band) &&
      t.timeInBand.band === band &&
      t.timeInBand.reviews >= LONG_IN_BAND_REVIEWS
    ) {
      stuckNotes.set(r.id, t.timeInBand.text);
    }
  }
  const topNames = bands
    .slice(-2)
    .reverse()
    .map((b) => b.name)
    .join(' or ');

  const attention: Figure[] = [
    {
      id: 'outside-appetite',
      label: 'Risks above appetite',
      risks: outside,
      value: outside.length,
      notes: new Map(outside.map((r) => [r.id, appetiteStatusText(r, categories) ?? ''])),
    },
    {
      id: 'actions-overdue',
      label: 'Actions overdue',
      risks: inRegisterOrder(new Set(actionCount.keys())),
      value: actionsOverdue,
      notes: actionNotes,
    },
    {
      id: 'reviews-overdue',
      label: 'Reviews overdue',
      risks: inRegisterOrder(new Set(reviewNotes.keys())),
      value: reviewNotes.size,
      notes: reviewNotes,
    },
    {
      id: 'band-rose',
      label: 'Band rose since last review',
      risks: inRegisterOrder(new Set(roseNotes.keys())),
      value: roseNotes.size,
      notes: roseNotes,
    },
    {
      id: 'time-in-band',
      label: `${topNames} for two or more reviews`,
      risks: inRegisterOrder(new Set(stuckNotes.keys())),
      value: stuckNotes.size,
      notes: stuckNotes,
    },
  ];
  return {
    current,
    target,
    noTarget: risks.filter((r) => !r.target).length,
    notScored: risks.filter((r) => !pairOf(r, 'current')),
    attention,
    orange,
  };
}
