/**
 * The one place where a score and its band are decided.
 * Score = impact × likelihood, both whole numbers 1–5. The band follows from the register's key.
 */
import type { Band, BandKey } from './band-key.ts';
import { bandForScore } from './band-key.ts';

export type ScoreValue = 1 | 2 | 3 | 4 | 5;
export const SCORE_VALUES: readonly ScoreValue[] = [1, 2, 3, 4, 5];

/** True only for the numbers 1, 2, 3, 4 and 5 (not "3", not 2.5, not null). */
export function isScoreValue(value: unknown): value is ScoreValue {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** Every score that can occur: the products of two integers 1–5. */
export const POSSIBLE_SCORES: readonly number[] = [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25];

export function riskScore(impact: ScoreValue, likelihood: ScoreValue): number {
  if (!isScoreValue(impact))
    throw new RangeError(`Impact must be a whole number from 1 to 5, not ${String(impact)}.`);
  if (!isScoreValue(likelihood)) {
    throw new RangeError(`Likelihood must be a whole number from 1 to 5, not ${String(likelihood)}.`);
  }
  return impact * likelihood;
}

/** A scored risk: its pair, the product and the band of the register's key. */
export interface ScoredAssessment {
  assessed: true;
  impact: ScoreValue;
  likelihood: ScoreValue;
  score: number;
  band: Band;
}

/**
 * A risk not yet assessed: kept and listed, but it has no current score, so no band. It is counted apart
 * ("3 risks not yet scored"), never in a band's count.
 */
export interface NotAssessed {
  assessed: false;
  impact: null;
  likelihood: null;
  score: null;
  band: null;
}

export type Assessment = ScoredAssessment | NotAssessed;

/** What the table, panel and exports say where a not-yet-assessed risk's score would be. */
export const NOT_SCORED_LABEL = 'Not yet scored';

/** "3 risks not yet scored", "1 risk not yet scored". */
export function notScoredCount(n: number): string {
  return `${n} ${n === 1 ? 'risk' : 'risks'} not yet scored`;
}

const NOT_ASSESSED: NotAssessed = {
  assessed: false,
  impact: null,
  likelihood: null,
  score: null,
  band: null,
};

/**
 * Score and band of one impact/likelihood pair under a key. Both null: not yet assessed (no score, no band). One
 * without the other is a programming error (the database and the contract refuse it).
 */
export function assess(impact: ScoreValue, likelihood: ScoreValue, key: BandKey): ScoredAssessment;
export function assess(impact: ScoreValue | null, likelihood: ScoreValue | null, key: BandKey): Assessment;
export function assess(impact: ScoreValue | null, likelihood: ScoreValue | null, key: BandKey): Assessment {
  if (impact === null && likelihood === null) return NOT_ASSESSED;
  if (impact === null || likelihood === null) {
    throw new RangeError(
      'Impact and likelihood must both be given, or both be left blank (not yet assessed).',
    );
  }
  const score = riskScore(impact, likelihood);
  return { assessed: true, impact, likelihood, score, band: bandForScore(score, key) };
}

/** True when the risk has a current score. */
export function isAssessed(r: { impact: ScoreValue | null; likelihood: ScoreValue | null }): r is {
  impact: ScoreValue;
  likelihood: ScoreValue;
} {
  return r.impact !== null && r.likelihood !== null;
}

export const IMPACT_LABELS: Record<ScoreValue, string> = {
  1: 'Negligible',
  2: 'Minor',
  3: 'Moderate',
  4: 'Major',
  5: 'Severe',
};

export const LIKELIHOOD_LABELS: Record<ScoreValue, string> = {
  1: 'Rare',
  2: 'Unlikely',
  3: 'Possible',
  4: 'Likely',
  5: 'Almost certain',
};
