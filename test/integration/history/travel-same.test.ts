/**
 * `risks:travel` of the whole register reads only the columns it uses (`travelRisks`, db/risks.ts) instead of every
 * risk's full record (`listRisks`) and every review state: the answer must be the one it gave before, byte for byte
 * (kept below as `before`), against the previous review and against a snapshot, on the LGA sample after reviews,
 * score changes, an archived risk, a risk with no review date and refs that tie in natural order (SR01 beside SR1).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { lastReviews, reviewStates } from '../../../db/reviews.ts';
import { createRisk } from '../../../db/risk-writes.ts';
import { listRisks } from '../../../db/risks.ts';
import { readSettings } from '../../../db/settings.ts';
import { getSnapshotInfo, snapshotRisks } from '../../../db/snapshots.ts';
import { scoreTimelines } from '../../../db/timelines.ts';
import type { RiskTravel } from '../../../shared/contract/history.ts';
import { reviewStatus, timeInBand, travelSinceReview, travelSinceSnapshot } from '../../../shared/travel.ts';
import type { Fixture } from './setup.ts';
import { lgaRegister } from './setup.ts';

/** The whole-register `risks:travel` as it was: from `listRisks`, `reviewStates` and `lastReviews`. */
function before(db: Database, against: string, day: string): RiskTravel[] {
  const key = readSettings(db).key;
  const timelines = scoreTimelines(db);
  const states = reviewStates(db);
  const last = lastReviews(db);
  const frozen = against === 'review' ? null : new Map(snapshotRisks(db, against).map((r) => [r.riskId, r]));
  const takenAt = against === 'review' ? '' : getSnapshotInfo(db, against).takenAt;
  return listRisks(db).map((r) => {
    const timeline = timelines.get(r.id) ?? [];
    const state = states.get(r.id) ?? { cycle: 'quarterly' as const, nextReview: day };
    return {
      riskId: r.id,
      ref: r.ref,
      travel: frozen
        ? travelSinceSnapshot(r, frozen.get(r.id) ?? null, key, takenAt)
        : travelSinceReview(r, timeline, key),
      timeInBand: timeInBand(r, timeline, key, day, r.createdAt),
      cycle: state.cycle,
      nextReview: state.nextReview,
      lastReviewedAt: last.get(r.id)?.at ?? null,
      reviewStatus: reviewStatus(state.nextReview, day),
    };
  });
}

let f: Fixture;
beforeEach(async () => {
  f = await lgaRegister();
});
afterEach(() => f.done());

describe('risks:travel of the whole register', () => {
  it('gives the answer it gave when it read every full record', async () => {
    const db = f.app.session.db;
    const snapshot = await f.app.ok('snapshots:take', { name: 'Q1' });
    const sr4 = await f.byRef('SR4');
    f.clock.set('2026-06-20T14:30:00.000Z');
    await f.app.ok('reviews:record', {
      id: sr4.id,
      version: sr4.version,
      note: 'Up',
      impact: 5,
      likelihood: 5,
    });
    const sr2 = await f.byRef('SR2');
    await f.app.ok('risks:update-score', { id: sr2.id, version: sr2.version, impact: 1, likelihood: 1 });
    const sr3 = await f.byRef('SR3');
    await f.app.ok('risks:archive', { id: sr3.id, version: sr3.version });
    const sr5 = await f.byRef('SR5');
    db.prepare('UPDATE risks SET next_review = NULL WHERE id = ?').run(sr5.id);
    for (const ref of ['SR01', 'SR002', 'sr7a1'])
      createRisk(
        db,
        {
          ref,
          category: 'Finance',
          description: `Risk ${ref}`,
          impact: ref === 'SR002' ? null : 2,
          likelihood: ref === 'SR002' ? null : 4,
          inherent: null,
          target: null,
          mitigation: '',
          owners: ['AB'],
        },
        { now: '2026-05-01T00:00:00.000Z', by: 'Rita Manager' },
      );
    for (const day of ['2026-06-20', '2026-07-01', '2027-03-31']) {
      for (const against of ['review', snapshot.id]) {
        const expected = before(db, against, day);
        const actual = await f.app.ok('risks:travel', { against, asOf: day });
        expect(actual).toEqual(expected);
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
      }
    }
    const refs = (await f.app.ok('risks:travel', {})).map((t) => t.ref);
    expect(refs.indexOf('SR01')).toBe(refs.indexOf('SR1') + 1);
    expect(refs).not.toContain('SR3');
  });
});
