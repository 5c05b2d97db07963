import { describe, expect, it } from 'vitest';
import type { BandKey } from '../../../shared/band-key.ts';
import { LGA_KEY } from '../../../shared/band-key.ts';
import type { FrozenRisk, HistoryEntry, ScorePair } from '../../../shared/domain.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import {
  addMonths,
  compareRisks,
  daysBetween,
  describeValue,
  endOfMonth,
  formatDate,
  isIsoDate,
  nextReviewDate,
  previousReviewPoint,
  reviewStatus,
  scoreTimeline,
  timeInBand,
  travel,
  travelSinceReview,
  travelSinceSnapshot,
} from '../../../shared/travel.ts';

// ---------------------------------------------------------------------------------------------------------
// Crafted histories: what db/risk-writes.ts and db/reviews.ts write, one risk at a time.

type I = ScoreValue;
const pair = (impact: I, likelihood: I): ScorePair => ({ impact, likelihood });

function historyOf(...steps: ((seq: number) => HistoryEntry)[]): HistoryEntry[] {
  return steps.map((step, i) => step(i + 1));
}

const base = (seq: number, at: string) => ({
  seq,
  entity: 'risk' as const,
  entityId: 'r1',
  label: 'SR4',
  reason: null,
  at,
  by: 'Alice',
});

const created =
  (at: string, impact: I, likelihood: I, action: 'create' | 'import' = 'create') =>
  (seq: number): HistoryEntry => ({
    ...base(seq, at),
    action,
    field: null,
    oldValue: null,
    newValue: {
      ref: 'SR4',
      current: pair(impact, likelihood),
      inherent: null,
      target: null,
      owners: ['Cho'],
    },
  });

const changed =
  (at: string, from: ScorePair, impact: I, likelihood: I, field = 'current') =>
  (seq: number): HistoryEntry => ({
    ...base(seq, at),
    action: 'update',
    field,
    oldValue: from,
    newValue: pair(impact, likelihood),
  });

const reviewed =
  (at: string, impact: I, likelihood: I, scoreChanged = false) =>
  (seq: number): HistoryEntry => ({
    ...base(seq, at),
    action: 'review',
    field: 'review',
    oldValue: { nextReview: '2026-01-01' },
    newValue: { impact, likelihood, scoreChanged, nextReview: '2026-04-01' },
  });

const edited =
  (at: string, field: string, value: unknown) =>
  (seq: number): HistoryEntry => ({
    ...base(seq, at),
    action: 'update',
    field,
    oldValue: null,
    newValue: value,
  });

/** A review that changed the score writes the score change first, then the review (one transaction). */
const reviewedWithChange = (at: string, from: ScorePair, impact: I, likelihood: I) => [
  changed(at, from, impact, likelihood),
  reviewed(at, impact, likelihood, true),
];

// ---------------------------------------------------------------------------------------------------------

describe('scoreTimeline', () => {
  it('reads the created score, current-score changes and reviews; ignores other fields', () => {
    const h = historyOf(
      created('2025-01-10T09:00:00.000Z', 2, 5),
      edited('2025-02-01T09:00:00.000Z', 'description', 'New words'),
      changed('2025-03-01T09:00:00.000Z', pair(4, 4), 5, 5, 'target'),
      changed('2025-04-01T09:00:00.000Z', pair(2, 5), 3, 5),
      reviewed('2025-05-01T09:00:00.000Z', 3, 5),
    );
    expect(scoreTimeline(h)).toEqual([
      { at: '2025-01-10T09:00:00.000Z', kind: 'created', impact: 2, likelihood: 5 },
      { at: '2025-04-01T09:00:00.000Z', kind: 'changed', impact: 3, likelihood: 5 },
      { at: '2025-05-01T09:00:00.000Z', kind: 'reviewed', impact: 3, likelihood: 5 },
    ]);
  });

  it('treats an imported risk as created, and sorts by entry number', () => {
    const h = historyOf(
      created('2019-04-01T00:00:00.000Z', 5, 3, 'import'),
      reviewed('2019-07-01T00:00:00Z', 5, 3),
    );
    expect(scoreTimeline([...h].reverse()).map((p) => p.kind)).toEqual(['created', 'reviewed']);
  });
});

describe('direction of travel since the previous review', () => {
  const at = (d: string) => `${d}T10:00:00.000Z`;

  it('with no review yet, compares with the score the risk was created with', () => {
    const h = historyOf(created(at('2025-01-01'), 5, 2), changed(at('2025-02-01'), pair(5, 2), 5, 3));
    const t = travelSinceReview(pair(5, 3), scoreTimeline(h), LGA_KEY);
    expect(t).toMatchObject({ direction: 'up', arrow: '↑', text: 'up from 10 Yellow', basis: 'created' });
    expect(t.from).toEqual({ impact: 5, likelihood: 2, score: 10, band: 'Yellow' });
    expect(t.to).toEqual({ impact: 5, likelihood: 3, score: 15, band: 'Amber' });
    expect(t.bandChanged).toBe(true);
  });

  it('after a review that raised the score, compares with the review before it', () => {
    const h = historyOf(
      created(at('2025-01-01'), 5, 2),
      reviewed(at('2025-04-01'), 5, 2),
      ...reviewedWithChange(at('2025-07-01'), pair(5, 2), 5, 3),
    );
    const t = travelSinceReview(pair(5, 3), scoreTimeline(h), LGA_KEY);
    expect(t.text).toBe('up from 10 Yellow');
    expect(t.basis).toBe('review');
    expect(t.since).toBe(at('2025-04-01'));
  });

  it('after a review that confirmed the score, reads unchanged', () => {
    const h = historyOf(
      created(at('2025-01-01'), 5, 2),
      ...reviewedWithChange(at('2025-04-01'), pair(5, 2), 5, 3),
      reviewed(at('2025-07-01'), 5, 3),
    );
    const t = travelSinceReview(pair(5, 3), scoreTimeline(h), LGA_KEY);
    expect(t).toMatchObject({ direction: 'unchanged', arrow: '→', text: 'unchanged at 15 Amber' });
    expect(t.since).toBe(at('2025-04-01'));
  });

  it('when the score changed since the last review, compares with that last review', () => {
    const h = historyOf(
      created(at('2025-01-01'), 5, 4),
      reviewed(at('2025-04-01'), 5, 4),
      reviewed(at('2025-07-01'), 4, 4),
      changed(at('2025-08-15'), pair(4, 4), 3, 4),
    );
    const t = travelSinceReview(pair(3, 4), scoreTimeline(h), LGA_KEY);
    expect(t).toMatchObject({ direction: 'down', arrow: '↓', text: 'down from 16 Red', basis: 'review' });
    expect(previousReviewPoint(scoreTimeline(h))?.at).toBe(at('2025-07-01'));
  });

  it('a change and back again since the last review reads unchanged against that review', () => {
    const h = historyOf(
      created(at('2025-01-01'), 2, 3),
      reviewed(at('2025-04-01'), 2, 3),
      changed(at('2025-05-01'), pair(2, 3), 5, 5),
      changed(at('2025-05-02'), pair(5, 5), 2, 3),
    );
    expect(travelSinceReview(pair(2, 3), scoreTimeline(h), LGA_KEY).text).toBe('unchanged at 6 Yellow');
  });

  it('names the band even when the score moves inside it', () => {
    const t = travel(pair(3, 3), pair(3, 2), LGA_KEY);
    expect(t).toMatchObject({ direction: 'up', text: 'up from 6 Yellow', bandChanged: false });
  });

  it('uses the register key of today for old scores too', () => {
    const strict: BandKey = [
      { name: 'Low', min: 1, max: 4, colour: '#00aa00', action: '' },
      { name: 'High', min: 5, max: 25, colour: '#aa0000', action: '' },
    ];
    expect(travel(pair(3, 3), pair(2, 2), strict).text).toBe('up from 4 Low');
    expect(travel(pair(3, 3), pair(2, 2), LGA_KEY).text).toBe('up from 4 Green');
  });

  it('with no history at all the risk is new', () => {
    expect(travelSinceReview(pair(4, 2), [], LGA_KEY)).toMatchObject({
      direction: 'new',
      text: 'new',
      from: null,
      basis: 'none',
    });
  });

  it('against a snapshot: compared with the frozen score, or new when the risk was not in it', () => {
    const taken = '2019-03-31T17:00:00.000Z';
    expect(travelSinceSnapshot(pair(5, 4), pair(5, 3), LGA_KEY, taken)).toMatchObject({
      text: 'up from 15 Amber',
      basis: 'snapshot',
      since: taken,
    });
    expect(travelSinceSnapshot(pair(5, 4), null, LGA_KEY, taken).direction).toBe('new');
  });
});

describe('time in band', () => {
  const at = (d: string) => `${d}T10:00:00.000Z`;

  it('counts days and reviews since the risk entered its band', () => {
    const h = historyOf(
      created(at('2024-06-01'), 3, 3),
      ...reviewedWithChange(at('2025-03-12'), pair(3, 3), 4, 4), // into Red
      reviewed(at('2025-06-12'), 4, 4),
      changed(at('2025-08-01'), pair(4, 4), 4, 5), // 20: still Red
      reviewed(at('2025-09-12'), 4, 5),
      reviewed(at('2025-12-12'), 4, 5),
    );
    const t = timeInBand(pair(4, 5), scoreTimeline(h), LGA_KEY, '2026-04-16');
    expect(t).toEqual({
      band: 'Red',
      since: at('2025-03-12'),
      days: 400,
      reviews: 4,
      text: 'Red for 400 days (4 reviews)',
    });
  });

  it('starts again when the band changes, and again when it comes back', () => {
    const h = historyOf(
      created(at('2025-01-01'), 4, 4), // Red
      changed(at('2025-02-01'), pair(4, 4), 3, 4), // Amber
      reviewed(at('2025-03-01'), 3, 4),
      changed(at('2025-04-01'), pair(3, 4), 4, 4), // Red again
    );
    const t = timeInBand(pair(4, 4), scoreTimeline(h), LGA_KEY, '2025-04-11');
    expect(t).toMatchObject({ band: 'Red', since: at('2025-04-01'), days: 10, reviews: 0 });
    expect(t.text).toBe('Red for 10 days (0 reviews)');
  });

  it('a risk never moved has been in its band since it was created', () => {
    const h = historyOf(created(at('2026-04-01'), 1, 3), reviewed(at('2026-04-02'), 1, 3));
    expect(timeInBand(pair(1, 3), scoreTimeline(h), LGA_KEY, '2026-04-02').text).toBe(
      'Green for 1 day (1 review)',
    );
  });

  it('follows the key: under a key where 12 and 16 share a band, the move did not change band', () => {
    const twoBands: BandKey = [
      { name: 'Tolerable', min: 1, max: 11, colour: '#00aa00', action: '' },
      { name: 'Intolerable', min: 12, max: 25, colour: '#aa0000', action: '' },
    ];
    const h = historyOf(created(at('2025-01-01'), 3, 4), changed(at('2025-06-01'), pair(3, 4), 4, 4));
    expect(timeInBand(pair(4, 4), scoreTimeline(h), twoBands, '2025-06-11').since).toBe(at('2025-01-01'));
    expect(timeInBand(pair(4, 4), scoreTimeline(h), LGA_KEY, '2025-06-11').since).toBe(at('2025-06-01'));
  });

  it('with no history, counts from the day the risk was created', () => {
    expect(timeInBand(pair(2, 2), [], LGA_KEY, '2026-01-11', at('2026-01-01')).days).toBe(10);
  });
});

describe('review dates', () => {
  it('adds months without running into the next month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('moves the next review on by the cycle', () => {
    expect(nextReviewDate('2026-04-16', 'monthly')).toBe('2026-05-16');
    expect(nextReviewDate('2026-04-16', 'quarterly')).toBe('2026-07-16');
    expect(nextReviewDate('2026-08-31', 'half-yearly')).toBe('2027-02-28');
    expect(nextReviewDate('2026-04-16', 'yearly')).toBe('2027-04-16');
  });

  it('sorts a review date into overdue, due this month, or scheduled', () => {
    const asOf = '2026-04-16';
    expect(reviewStatus('2026-04-15', asOf)).toBe('overdue');
    expect(reviewStatus('2025-12-01', asOf)).toBe('overdue');
    expect(reviewStatus('2026-04-16', asOf)).toBe('due');
    expect(reviewStatus('2026-04-30', asOf)).toBe('due');
    expect(reviewStatus('2026-05-01', asOf)).toBe('scheduled');
  });

  it('counts days, finds month ends, checks and formats dates the UK way', () => {
    expect(daysBetween('2026-03-28', '2026-04-02')).toBe(5);
    expect(daysBetween('2026-04-02', '2026-03-28')).toBe(-5);
    expect(endOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('16/04/2026')).toBe(false);
    expect(formatDate('2026-04-06')).toBe('06/04/2026');
  });
});

describe('compareRisks', () => {
  const risk = (
    riskId: string,
    ref: string,
    impact: I,
    likelihood: I,
    owners: string[] = ['SP'],
  ): FrozenRisk => ({
    riskId,
    ref,
    category: 'Effectiveness',
    description: `Risk ${ref}`,
    impact,
    likelihood,
    inherent: null,
    target: null,
    owners,
    mitigation: '',
  });

  it('finds new and closed risks, band moves, score moves inside a band and owner changes', () => {
    const before = [
      risk('a', 'SR1', 4, 2), // 8 Yellow → 12 Amber: band up
      risk('b', 'SR2', 4, 4), // 16 Red → 10 Yellow: band down
      risk('c', 'SR3', 3, 2), // 6 → 9: score up, still Yellow
      risk('d', 'SR4', 5, 3, ['Cho']), // owner change only
      risk('e', 'SR5', 1, 1), // closed
      risk('f', 'SR6', 2, 2), // unchanged
    ];
    const after = [
      risk('a', 'SR1', 4, 3),
      risk('b', 'SR2', 5, 2),
      risk('c', 'SR3', 3, 3),
      risk('d', 'SR4', 5, 3, ['Cho', 'DH']),
      risk('f', 'SR6', 2, 2),
      risk('g', 'SR20', 3, 3), // new
    ];
    const c = compareRisks(before, after, LGA_KEY);
    expect(c.newRisks.map((r) => [r.ref, r.score?.score, r.score?.band])).toEqual([['SR20', 9, 'Yellow']]);
    expect(c.closedRisks.map((r) => r.ref)).toEqual(['SR5']);
    expect(c.bandUp.map((m) => m.text)).toEqual(['up from 8 Yellow to 12 Amber']);
    expect(c.bandDown.map((m) => m.text)).toEqual(['down from 16 Red to 10 Yellow']);
    expect(c.scoreChanges.map((m) => [m.ref, m.bandChange, m.text])).toEqual([
      ['SR1', 'up', 'up from 8 Yellow to 12 Amber'],
      ['SR2', 'down', 'down from 16 Red to 10 Yellow'],
      ['SR3', null, 'up from 6 to 9, still Yellow'],
    ]);
    expect(c.ownerChanges).toEqual([
      { riskId: 'd', ref: 'SR4', from: ['Cho'], to: ['Cho', 'DH'], added: ['DH'], removed: [] },
    ]);
    expect(c.unchanged).toBe(1);
  });

  it('matches risks by id, so a renamed ref is neither new nor closed', () => {
    const c = compareRisks([risk('a', 'SR1', 2, 2)], [risk('a', 'CR1', 2, 2)], LGA_KEY);
    expect(c.newRisks).toEqual([]);
    expect(c.closedRisks).toEqual([]);
    expect(c.unchanged).toBe(1);
  });

  it('orders each list by ref, naturally (SR2 before SR10)', () => {
    const c = compareRisks([], [risk('x', 'SR10', 1, 1), risk('y', 'SR2', 1, 1)], LGA_KEY);
    expect(c.newRisks.map((r) => r.ref)).toEqual(['SR2', 'SR10']);
  });
});

describe('describeValue', () => {
  it('reads scores with their band, owner lists and empty values as words', () => {
    expect(describeValue({ impact: 4, likelihood: 2 }, LGA_KEY)).toBe('4 × 2 = 8 Yellow');
    expect(describeValue(['SP', 'VV'], LGA_KEY)).toBe('SP, VV');
    expect(describeValue([], LGA_KEY)).toBe('(none)');
    expect(describeValue(null, LGA_KEY)).toBe('');
    expect(describeValue('quarterly', LGA_KEY)).toBe('quarterly');
    expect(describeValue('2026-07-16', LGA_KEY)).toBe('16/07/2026');
    expect(
      describeValue({ impact: 3, likelihood: 3, scoreChanged: true, nextReview: '2026-07-16' }, LGA_KEY),
    ).toBe('3 × 3 = 9 Yellow; next review 16/07/2026');
    expect(describeValue({ nextReview: '2026-04-01' }, LGA_KEY)).toBe('next review 01/04/2026');
  });
});
