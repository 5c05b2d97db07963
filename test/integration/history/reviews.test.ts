import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from './setup.ts';
import { lgaRegister } from './setup.ts';

let f: Fixture;
beforeEach(async () => {
  f = await lgaRegister();
});
afterEach(() => f.done());

describe('reviewing a risk', () => {
  it('without a change of score: records the note, keeps the score, moves the next review on a quarter', async () => {
    const sr4 = await f.byRef('SR4');
    f.clock.set('2026-06-20T14:30:00.000Z');
    f.app.setUser('Carol Hope');
    const { risk, review } = await f.app.ok('reviews:record', {
      id: sr4.id,
      version: sr4.version,
      note: 'Transition group met; on track.',
    });
    expect(risk).toMatchObject({ impact: 5, likelihood: 3, version: sr4.version + 1 });
    expect(review).toMatchObject({
      ref: 'SR4',
      by: 'Carol Hope',
      note: 'Transition group met; on track.',
      impact: 5,
      likelihood: 3,
      scoreChanged: false,
      nextReview: '2026-09-20',
    });
    expect(await f.app.ok('reviews:list', { id: sr4.id })).toEqual([review]);

    const last = (await f.app.ok('risks:history', { id: sr4.id })).at(-1);
    expect(last).toMatchObject({
      action: 'review',
      by: 'Carol Hope',
      reason: 'Transition group met; on track.',
      oldValue: { nextReview: '2026-07-01' },
      newValue: { impact: 5, likelihood: 3, scoreChanged: false, nextReview: '2026-09-20' },
    });
  });

  it('with a new score: the change is recorded exactly like a score edit, then the review', async () => {
    const sr4 = await f.byRef('SR4');
    const before = f.historyCount();
    f.clock.set('2026-06-20T14:30:00.000Z');
    const { risk, review } = await f.app.ok('reviews:record', {
      id: sr4.id,
      version: sr4.version,
      note: 'Two contracts slipped',
      impact: 5,
      likelihood: 4,
    });
    expect(risk).toMatchObject({ impact: 5, likelihood: 4 });
    expect(review).toMatchObject({ impact: 5, likelihood: 4, scoreChanged: true });
    const entries = (await f.app.ok('risks:history', { id: sr4.id })).slice(-2);
    expect(f.historyCount()).toBe(before + 2);
    expect(entries.map((e) => [e.action, e.field, e.oldValue, e.newValue, e.reason])).toEqual([
      [
        'update',
        'current',
        { impact: 5, likelihood: 3 },
        { impact: 5, likelihood: 4 },
        'Two contracts slipped',
      ],
      [
        'review',
        'review',
        { nextReview: '2026-07-01' },
        { impact: 5, likelihood: 4, scoreChanged: true, nextReview: '2026-09-20' },
        'Two contracts slipped',
      ],
    ]);
    // The risk can be edited again with the version the review returned.
    await f.app.ok('risks:update-score', { id: sr4.id, version: risk.version, impact: 5, likelihood: 3 });
  });

  it('refuses a stale version: CONFLICT, and no review, no history, no new date', async () => {
    const sr4 = await f.byRef('SR4');
    await f.app.ok('risks:update', { id: sr4.id, version: sr4.version, changes: { mitigation: 'Weekly' } });
    const before = f.historyCount();
    const err = await f.app.fail('reviews:record', {
      id: sr4.id,
      version: sr4.version,
      note: 'Looked at it',
      impact: 4,
      likelihood: 4,
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/^SR4 was changed by Alice Example at \d\d:\d\d on 01\/04\/2026/);
    expect(f.historyCount()).toBe(before);
    expect(await f.app.ok('reviews:list', { id: sr4.id })).toEqual([]);
    expect((await f.app.ok('risks:travel', {})).find((t) => t.ref === 'SR4')?.nextReview).toBe('2026-07-01');
    expect(await f.byRef('SR4')).toMatchObject({ impact: 5, likelihood: 3 });
  });

  it('rolls the score change back when the review itself cannot be written (one transaction)', async () => {
    const sr4 = await f.byRef('SR4');
    const before = f.historyCount();
    f.app.session.db.exec(
      "CREATE TEMP TRIGGER fail_review BEFORE INSERT ON reviews BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    const err = await f.app.fail('reviews:record', {
      id: sr4.id,
      version: sr4.version,
      note: '',
      impact: 2,
      likelihood: 2,
    });
    expect(err.code).toBe('INTERNAL');
    expect(await f.byRef('SR4')).toMatchObject({ impact: 5, likelihood: 3, version: sr4.version });
    expect(f.historyCount()).toBe(before);
  });

  it('asks for both impact and likelihood, or neither', async () => {
    const sr4 = await f.byRef('SR4');
    const err = await f.app.fail('reviews:record', { id: sr4.id, version: sr4.version, impact: 4 });
    expect(err).toMatchObject({
      code: 'VALIDATION',
      message: 'To change the score at a review, give both impact and likelihood; to keep it, give neither.',
    });
  });
});

describe('review cycles', () => {
  it('every sample risk starts quarterly, due 3 months after it was loaded', async () => {
    const travel = await f.app.ok('risks:travel', {});
    expect(travel).toHaveLength(19);
    expect(new Set(travel.map((t) => `${t.cycle} ${t.nextReview}`))).toEqual(
      new Set(['quarterly 2026-07-01']),
    );
  });

  it('a new cycle counts from the last review (or creation), and is recorded in history', async () => {
    const sr15 = await f.byRef('SR15');
    const monthly = await f.app.ok('reviews:set-cycle', {
      id: sr15.id,
      version: sr15.version,
      cycle: 'monthly',
      reason: 'Key staff leaving',
    });
    expect(monthly).toMatchObject({ cycle: 'monthly', nextReview: '2026-05-01' });
    const entries = (await f.app.ok('risks:history', { id: sr15.id })).slice(-2);
    expect(entries.map((e) => [e.field, e.oldValue, e.newValue, e.reason])).toEqual([
      ['reviewCycle', 'quarterly', 'monthly', 'Key staff leaving'],
      ['nextReview', '2026-07-01', '2026-05-01', 'Key staff leaving'],
    ]);

    f.clock.set('2026-05-10T10:00:00.000Z');
    const r = await f.app.ok('reviews:record', { id: sr15.id, version: monthly.risk.version, note: 'ok' });
    expect(r.review.nextReview).toBe('2026-06-10');
    const yearly = await f.app.ok('reviews:set-cycle', {
      id: sr15.id,
      version: r.risk.version,
      cycle: 'yearly',
    });
    expect(yearly.nextReview).toBe('2027-05-10');
    const byHand = await f.app.ok('reviews:set-cycle', {
      id: sr15.id,
      version: yearly.risk.version,
      cycle: 'yearly',
      nextReview: '2026-12-01',
    });
    expect(byHand.nextReview).toBe('2026-12-01');
  });

  it('refuses a cycle it does not know, and a date that is not a date', async () => {
    const sr1 = await f.byRef('SR1');
    const bad = await f.app.fail('reviews:set-cycle', {
      id: sr1.id,
      version: sr1.version,
      cycle: 'weekly' as 'monthly',
    });
    expect(bad.message).toBe('The review cycle must be monthly, quarterly, half-yearly or yearly.');
    const badDate = await f.app.fail('reviews:set-cycle', {
      id: sr1.id,
      version: sr1.version,
      cycle: 'monthly',
      nextReview: '31/02/2027',
    });
    expect(badDate.message).toMatch(/^The next review date must be a real date written as yyyy-mm-dd/);
  });
});

describe('reviews due and overdue, on a fixed clock', () => {
  it('lists nothing before the month the reviews fall in', async () => {
    f.clock.set('2026-06-15T09:00:00.000Z');
    const due = await f.app.ok('reviews:due', {});
    expect(due).toMatchObject({
      asOf: '2026-06-15',
      monthEnd: '2026-06-30',
      counts: { dueThisMonth: 0, overdue: 0 },
    });
  });

  it('lists all 19 as due on the day, then overdue the day after; a review takes one off', async () => {
    f.clock.set('2026-07-01T08:00:00.000Z');
    const onTheDay = await f.app.ok('reviews:due', {});
    expect(onTheDay.counts).toEqual({ dueThisMonth: 19, overdue: 0 });
    expect(onTheDay.dueThisMonth.map((s) => s.ref).slice(0, 3)).toEqual(['SR1', 'SR2', 'SR3']);

    f.clock.set('2026-07-10T09:00:00.000Z');
    const later = await f.app.ok('reviews:due', {});
    expect(later.counts).toEqual({ dueThisMonth: 0, overdue: 19 });
    expect(later.overdue[0]).toMatchObject({
      ref: 'SR1',
      status: 'overdue',
      daysOverdue: 9,
      nextReview: '2026-07-01',
    });

    const sr4 = await f.byRef('SR4');
    await f.app.ok('reviews:record', { id: sr4.id, version: sr4.version, note: 'Reviewed at SMT' });
    const after = await f.app.ok('reviews:due', {});
    expect(after.counts).toEqual({ dueThisMonth: 0, overdue: 18 });
    expect(after.overdue.map((s) => s.ref)).not.toContain('SR4');
    // On 1 October SR4 is due again, the others still overdue.
    const october = await f.app.ok('reviews:due', { asOf: '2026-10-01' });
    expect(october.dueThisMonth.map((s) => [s.ref, s.nextReview, s.lastReviewedBy])).toEqual([
      ['SR4', '2026-10-10', 'Alice Example'],
    ]);
    expect(october.overdue[0]).toMatchObject({ ref: 'SR1', daysOverdue: 92 });
  });

  it('puts the most overdue first', async () => {
    const sr9 = await f.byRef('SR9');
    await f.app.ok('reviews:set-cycle', { id: sr9.id, version: sr9.version, cycle: 'monthly' });
    const due = await f.app.ok('reviews:due', { asOf: '2026-07-05' });
    expect(due.overdue.map((s) => s.ref).slice(0, 2)).toEqual(['SR9', 'SR1']);
    expect(due.overdue[0]?.daysOverdue).toBe(65);
  });

  it('with a limit sends that many of each list and the counts of all (0: the counts alone)', async () => {
    const sr9 = await f.byRef('SR9');
    await f.app.ok('reviews:set-cycle', { id: sr9.id, version: sr9.version, cycle: 'monthly' });
    const all = await f.app.ok('reviews:due', { asOf: '2026-07-05' });
    const counts = await f.app.ok('reviews:due', { asOf: '2026-07-05', limit: 0 });
    expect(counts).toEqual({ ...all, overdue: [], dueThisMonth: [] });
    expect(counts.counts.overdue).toBe(19);
    const two = await f.app.ok('reviews:due', { asOf: '2026-07-05', limit: 2 });
    expect(two.overdue).toEqual(all.overdue.slice(0, 2));
    expect(two.counts).toEqual(all.counts);
    const bad = await f.app.fail('reviews:due', { limit: -1 });
    expect(bad).toMatchObject({
      code: 'VALIDATION',
      message: 'The limit must be a whole number from 0 to 200,000.',
    });
  });
});
