/**
 * `overdueReviews` (db/reviews.ts), the board pack's read of the overdue reviews, makes a schedule for the overdue
 * risks alone: it must give exactly the overdue list of `reviewsDue` (the same schedules, last reviews and order) —
 * on the LGA sample after the Orange Book script (reviews recorded, a risk archived) on days before, inside and long
 * after the review dates, with and without the risks passed in; and on generated risks whose review dates tie (the
 * order then falls to the ref in natural order) and whose refs do not sort as text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { overdueReviews, reviewsDue } from '../../../db/reviews.ts';
import { createRisk } from '../../../db/risk-writes.ts';
import { listRisks } from '../../../db/risks.ts';
import type { RegisterSession } from '../../../db/session.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import type { TempDir } from '../helpers.ts';
import { openClockedRegister } from './clocked-register.ts';
import type { Ok } from './orange-script.ts';
import { scriptOrange } from './orange-script.ts';

let tmp: TempDir;
let session: RegisterSession;
let clock: Date;
let ok: Ok;

beforeEach(() => {
  clock = new Date('2026-04-01T09:00:00Z');
  ({ tmp, session, ok } = openClockedRegister('rr-overdue-reviews-', () => clock));
});
afterEach(() => {
  session.close();
  tmp.cleanup();
});

describe('the overdue reviews the board pack reads', () => {
  it('are the overdue list of reviewsDue on the LGA sample after the Orange Book script', async () => {
    await ok('register:onboard', { choice: 'sample' });
    await scriptOrange(ok, (iso) => (clock = new Date(iso)));
    const [a] = listRisks(session.db);
    if (!a) throw new Error('the sample has risks');
    await ok('risks:archive', { id: a.id, version: a.version });
    // One risk reviewed later moves its next review past the others'.
    const b = listRisks(session.db).at(-1);
    if (!b) throw new Error('the sample has risks');
    clock = new Date('2026-06-20T09:00:00Z');
    await ok('reviews:record', { id: b.id, version: b.version, note: 'Looked at again' });
    const risks = listRisks(session.db);
    const seen = new Set<number>();
    for (const asOf of ['2025-01-01', '2026-04-01', '2026-08-01', '2026-12-31', '2030-01-01']) {
      const expected = reviewsDue(session.db, asOf).overdue;
      seen.add(expected.length);
      expect(overdueReviews(session.db, asOf)).toEqual(expected);
      expect(overdueReviews(session.db, asOf, risks)).toEqual(expected);
    }
    // None overdue, some, and every live risk: the days cover each case.
    expect([...seen].sort((x, y) => x - y)).toEqual([0, risks.length - 1, risks.length]);
    const late = overdueReviews(session.db, '2030-01-01');
    expect(late.some((s) => s.lastReviewedAt !== null)).toBe(true);
    expect(late.some((s) => s.riskId === a.id)).toBe(false);
  });

  it('are the overdue list of reviewsDue on generated risks with tied review dates', () => {
    let seed = 5;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const score = () => (1 + Math.floor(rnd() * 5)) as ScoreValue;
    const days = ['2026-01-31', '2026-02-28', '2026-03-31', '2026-05-01'];
    writeTransaction(session.db, () => {
      for (let i = 0; i < 300; i += 1)
        createRisk(
          session.db,
          {
            // Out of ref order, refs that sort differently as text (SR10 before SR9 as text).
            ref: `SR${((i * 7) % 300) + 1}`,
            category: 'Finance',
            description: `Risk ${i}`,
            impact: score(),
            likelihood: score(),
            inherent: null,
            target: null,
            mitigation: '',
            owners: [],
            nextReview: days[Math.floor(rnd() * days.length)] as string,
          },
          { now: '2026-01-01T00:00:00.000Z', by: 'Rita Manager' },
          'import',
        );
    });
    const expected = reviewsDue(session.db, '2026-04-01').overdue;
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.length).toBeLessThan(300);
    expect(overdueReviews(session.db, '2026-04-01', listRisks(session.db))).toEqual(expected);
  });
});
