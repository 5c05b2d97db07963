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

export interface Assessment {
  impact: ScoreValue;
  likelihood: ScoreValue;
  score: number;
  band: Band;
}

/** Score and band of one impact/likelihood pair under a key. */
export function assess(impact: ScoreValue, likelihood: ScoreValue, key: BandKey): Assessment {
  const score = riskScore(impact, likelihood);
  return { impact, likelihood, score, band: bandForScore(score, key) };
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
