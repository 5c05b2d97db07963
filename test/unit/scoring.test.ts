import { describe, expect, it } from 'vitest';
import { bandForScore, LGA_KEY } from '../../shared/band-key.ts';
import { parseInput } from '../../shared/dispatch.ts';
import { AppError } from '../../shared/errors.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, isScoreValue, POSSIBLE_SCORES, riskScore, SCORE_VALUES } from '../../shared/scoring.ts';

/** The LGA key as printed on the published summary, written out independently of LGA_KEY. */
function lgaBandByHand(score: number): string {
  if (score <= 5) return 'Green';
  if (score <= 10) return 'Yellow';
  if (score <= 15) return 'Amber';
  return 'Red';
}

const PAIRS: [ScoreValue, ScoreValue][] = SCORE_VALUES.flatMap((i) =>
  SCORE_VALUES.map((l): [ScoreValue, ScoreValue] => [i, l]),
);

describe('score and band under the LGA key', () => {
  it('covers all 25 impact × likelihood pairs', () => {
    expect(PAIRS).toHaveLength(25);
  });

  it.each(PAIRS)('impact %i × likelihood %i scores the product and takes the LGA band', (i, l) => {
    const a = assess(i, l, LGA_KEY);
    expect(a.score).toBe(i * l);
    expect(a.band.name).toBe(lgaBandByHand(i * l));
    expect(a.band).toBe(bandForScore(i * l, LGA_KEY));
  });

  it('puts every score 1–25 in the right band, including the boundaries 5/6, 10/11 and 15/16', () => {
    const bands = Array.from({ length: 25 }, (_, k) => bandForScore(k + 1, LGA_KEY).name);
    expect(bands).toEqual(Array.from({ length: 25 }, (_, k) => lgaBandByHand(k + 1)));
    expect([5, 6, 10, 11, 15, 16, 25].map((s) => `${s} ${bandForScore(s, LGA_KEY).name}`)).toEqual([
      '5 Green',
      '6 Yellow',
      '10 Yellow',
      '11 Amber',
      '15 Amber',
      '16 Red',
      '25 Red',
    ]);
  });

  it('lists exactly the scores that can occur', () => {
    expect([...POSSIBLE_SCORES]).toEqual([...new Set(PAIRS.map(([i, l]) => i * l))].sort((a, b) => a - b));
  });

  it('refuses a score the key does not cover', () => {
    expect(() => bandForScore(26, LGA_KEY)).toThrow('does not cover the score 26');
    expect(() => bandForScore(0, LGA_KEY)).toThrow('does not cover the score 0');
  });
});

describe('isScoreValue', () => {
  it('accepts the whole numbers 1 to 5', () => {
    expect([1, 2, 3, 4, 5].every(isScoreValue)).toBe(true);
  });

  it.each([0, 6, 2.5, '3', null, undefined, NaN, -1, Infinity])('rejects %j', (v) => {
    expect(isScoreValue(v)).toBe(false);
  });

  it('makes riskScore refuse a bad value with a sentence naming the field', () => {
    expect(() => riskScore(0 as ScoreValue, 3)).toThrow('Impact must be a whole number from 1 to 5, not 0.');
    expect(() => riskScore(3, 2.5 as ScoreValue)).toThrow(
      'Likelihood must be a whole number from 1 to 5, not 2.5.',
    );
  });
});

describe("the contract's score fields", () => {
  const base = { id: 'r1', version: 1, which: 'current', impact: 3, likelihood: 3 };

  function refusal(channel: 'risks:update-score' | 'risks:create', input: unknown): AppError {
    try {
      parseInput(channel, input);
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  }

  it('accepts a good score change and defaults to the current score', () => {
    expect(parseInput('risks:update-score', { id: 'r1', version: 2, impact: 5, likelihood: 1 })).toEqual({
      id: 'r1',
      version: 2,
      which: 'current',
      impact: 5,
      likelihood: 1,
    });
  });

  it.each([
    [0, 'Got 0.'],
    [6, 'Got 6.'],
    [2.5, 'Got 2.5.'],
    ['3', 'Got the text "3".'],
  ])('refuses impact %j with a message naming impact', (impact, got) => {
    const e = refusal('risks:update-score', { ...base, impact });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe(`Impact must be a whole number from 1 to 5. ${got}`);
    expect(e.details).toMatchObject({ issues: [{ path: ['impact'] }] });
  });

  it.each([0, 6, 2.5, '3'])('refuses likelihood %j with a message naming likelihood', (likelihood) => {
    const e = refusal('risks:update-score', { ...base, likelihood });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/^Likelihood must be a whole number from 1 to 5\. Got /);
    expect(e.details).toMatchObject({ issues: [{ path: ['likelihood'] }] });
  });

  it('refuses a null impact on its own, saying both must be given', () => {
    const e = refusal('risks:update-score', { ...base, impact: null });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('Give both impact and likelihood, or clear both.');
  });

  it('refuses clearing the current score', () => {
    const e = refusal('risks:update-score', { ...base, impact: null, likelihood: null });
    expect(e.message).toMatch(/^The current score cannot be cleared/);
  });

  it('refuses a null impact beside a likelihood on a new risk: both or neither (not yet assessed)', () => {
    const e = refusal('risks:create', {
      category: 'Finance',
      description: 'Budget overspend',
      impact: null,
      likelihood: 2,
    });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe(
      'Give both impact and likelihood, or leave both blank for a risk not yet assessed.',
    );
  });

  it('refuses an unknown score kind with a sentence listing the choices', () => {
    const e = refusal('risks:update-score', { ...base, which: 'residual' });
    expect(e.message).toBe('Which score to change: inherent, current or target.');
  });
});
