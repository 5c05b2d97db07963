import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from './setup.ts';
import { lgaRegister } from './setup.ts';

let f: Fixture;
beforeEach(async () => {
  f = await lgaRegister('2019-03-29T16:00:00.000Z');
});
afterEach(() => f.done());

/** The scripted quarter: snapshot, then SR15 3 → 9, SR4 15 → 20, a new SR20. Nothing archived or deleted. */
async function scriptedQuarter() {
  const q4 = await f.app.ok('snapshots:take', { name: 'Q4 2018/19' });
  f.clock.set('2019-05-14T10:00:00.000Z');
  const sr15 = await f.byRef('SR15');
  await f.app.ok('risks:update-score', { id: sr15.id, version: sr15.version, impact: 3, likelihood: 3 });
  const sr4 = await f.byRef('SR4');
  await f.app.ok('risks:update-score', { id: sr4.id, version: sr4.version, impact: 5, likelihood: 4 });
  await f.app.ok('risks:create', {
    ref: 'SR20',
    category: 'Organisation',
    description: 'The move to the new building disrupts services.',
    impact: 3,
    likelihood: 2,
    owners: ['CHa'],
  });
  return q4;
}

describe('snapshots', () => {
  it('freeze every live risk under a name and date, recorded in history', async () => {
    f.app.setUser('Risk Manager');
    const q4 = await f.app.ok('snapshots:take', { name: '  Q4 2018/19 ' });
    expect(q4).toMatchObject({
      name: 'Q4 2018/19',
      takenAt: '2019-03-29T16:00:00.000Z',
      takenBy: 'Risk Manager',
      riskCount: 19,
    });
    expect(await f.app.ok('snapshots:list', {})).toEqual([q4]);
    const entry = (await f.app.ok('audit:list', { limit: 1 })).entries[0];
    expect(entry).toMatchObject({
      entity: 'register',
      entityId: q4.id,
      action: 'create',
      field: 'snapshot',
      by: 'Risk Manager',
      newValue: { name: 'Q4 2018/19', risks: 19 },
    });
  });

  it('keep the scores of the day they were taken', async () => {
    const q4 = await scriptedQuarter();
    const detail = await f.app.ok('snapshots:get', { id: q4.id });
    expect(detail.risks).toHaveLength(19);
    const frozen = Object.fromEntries(detail.risks.map((r) => [r.ref, [r.impact, r.likelihood]]));
    expect(frozen.SR4).toEqual([5, 3]);
    expect(frozen.SR15).toEqual([3, 1]);
    expect(frozen.SR20).toBeUndefined();
    expect(detail.risks.find((r) => r.ref === 'SR12')?.owners).toEqual(['CH', 'PAs', 'HGOs']);
  });

  it('refuse a second snapshot with the same name, in any case', async () => {
    await f.app.ok('snapshots:take', { name: 'Q4 2018/19' });
    const err = await f.app.fail('snapshots:take', { name: 'q4 2018/19' });
    expect(err).toMatchObject({
      code: 'DUPLICATE',
      message: 'There is already a snapshot called "Q4 2018/19" (taken 29/03/2019). Choose another name.',
    });
    expect(await f.app.ok('snapshots:list', {})).toHaveLength(1);
  });

  it('are read-only in the file itself: no update, no delete, nothing added later', async () => {
    const q4 = await f.app.ok('snapshots:take', { name: 'Q4 2018/19' });
    const db = f.app.session.db;
    expect(() => db.prepare("UPDATE snapshot_risks SET impact = 1 WHERE ref = 'SR4'").run()).toThrow(
      /snapshots are read-only/,
    );
    expect(() => db.prepare('DELETE FROM snapshot_risks').run()).toThrow(/snapshots are read-only/);
    expect(() => db.prepare("UPDATE snapshots SET name = 'Q1'").run()).toThrow(/snapshots are read-only/);
    expect(() => db.prepare('DELETE FROM snapshots').run()).toThrow(/snapshots are read-only/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO snapshot_risks (snapshot_id, risk_id, ref, category, description, impact, likelihood)
           VALUES (?, 'x', 'SR99', 'Made up', 'Added afterwards', 5, 5)`,
        )
        .run(q4.id),
    ).toThrow(/snapshots are read-only/);
    expect((await f.app.ok('snapshots:get', { id: q4.id })).risks).toHaveLength(19);
  });
});

describe('comparing "Q4 2018/19" with now, after the scripted quarter', () => {
  it('shows SR15 and SR4 up a band, SR20 new, nothing closed', async () => {
    const q4 = await scriptedQuarter();
    const c = await f.app.ok('snapshots:compare', { from: q4.id, to: 'now' });
    expect(c.from.name).toBe('Q4 2018/19');
    expect(c.to).toMatchObject({ id: 'now', name: 'Now', riskCount: 20 });
    expect(c.bandUp.map((m) => [m.ref, m.from.band, m.to.band, m.text])).toEqual([
      ['SR4', 'Amber', 'Red', 'up from 15 Amber to 20 Red'],
      ['SR15', 'Green', 'Yellow', 'up from 3 Green to 9 Yellow'],
    ]);
    expect(c.bandDown).toEqual([]);
    expect(c.newRisks.map((r) => [r.ref, r.score?.score, r.score?.band])).toEqual([['SR20', 6, 'Yellow']]);
    expect(c.closedRisks).toEqual([]);
    expect(c.scoreChanges.map((m) => m.ref)).toEqual(['SR4', 'SR15']);
    expect(c.ownerChanges).toEqual([]);
    expect(c.unchanged).toBe(17);
    // Heatmap positions come with the moves.
    expect(c.bandUp[0]?.from).toEqual({ impact: 5, likelihood: 3, score: 15, band: 'Amber' });
    expect(c.bandUp[0]?.to).toEqual({ impact: 5, likelihood: 4, score: 20, band: 'Red' });
  });

  it('gives the same answer between two snapshots, and the reverse going back', async () => {
    const q4 = await scriptedQuarter();
    const q1 = await f.app.ok('snapshots:take', { name: 'Q1 2019/20' });
    const forward = await f.app.ok('snapshots:compare', { from: q4.id, to: q1.id });
    expect(forward.to.name).toBe('Q1 2019/20');
    expect(forward.bandUp.map((m) => m.ref)).toEqual(['SR4', 'SR15']);
    expect(forward.newRisks.map((r) => r.ref)).toEqual(['SR20']);
    const back = await f.app.ok('snapshots:compare', { from: q1.id, to: q4.id });
    expect(back.bandDown.map((m) => m.text)).toEqual([
      'down from 20 Red to 15 Amber',
      'down from 9 Yellow to 3 Green',
    ]);
    expect(back.closedRisks.map((r) => r.ref)).toEqual(['SR20']);
  });

  it('lists owner changes and risks archived since as closed', async () => {
    const q4 = await scriptedQuarter();
    const sr1 = await f.byRef('SR1');
    await f.app.ok('risks:update', { id: sr1.id, version: sr1.version, changes: { owners: ['SP', 'JG'] } });
    // Archiving belongs to the workspace; here the row is marked archived directly.
    f.app.session.db
      .prepare("UPDATE risks SET archived_at = '2019-05-20T00:00:00.000Z' WHERE ref = 'SR11'")
      .run();
    const c = await f.app.ok('snapshots:compare', { from: q4.id, to: 'now' });
    expect(c.ownerChanges).toEqual([
      { riskId: sr1.id, ref: 'SR1', from: ['SP', 'VV'], to: ['SP', 'JG'], added: ['JG'], removed: ['VV'] },
    ]);
    expect(c.closedRisks.map((r) => [r.ref, r.score?.score, r.score?.band])).toEqual([['SR11', 15, 'Amber']]);
  });

  it('uses the register key of today for both sides', async () => {
    const q4 = await scriptedQuarter();
    const key = await f.app.ok('key:get', {});
    // Move the Amber/Red boundary so that 15 is already Red: SR4 then moves inside Red.
    const amber = key.find((b) => b.name === 'Amber');
    const red = key.find((b) => b.name === 'Red');
    if (!amber || !red) throw new Error('LGA key expected');
    await f.app.ok('key:set', {
      key: key.map((b) =>
        b.name === 'Amber' ? { ...b, max: 14 } : b.name === 'Red' ? { ...b, min: 15 } : { ...b },
      ),
    });
    const c = await f.app.ok('snapshots:compare', { from: q4.id, to: 'now' });
    expect(c.bandUp.map((m) => m.ref)).toEqual(['SR15']);
    expect(c.scoreChanges.find((m) => m.ref === 'SR4')?.text).toBe('up from 15 to 20, still Red');
  });

  it('refuses a snapshot that does not exist', async () => {
    const err = await f.app.fail('snapshots:compare', { from: 'no-such-id', to: 'now' });
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('direction of travel for the table', () => {
  it('since a snapshot: SR4 up from 15 Amber, SR20 new, SR1 unchanged', async () => {
    const q4 = await scriptedQuarter();
    const travel = await f.app.ok('risks:travel', { against: q4.id });
    const by = Object.fromEntries(travel.map((t) => [t.ref, t.travel]));
    expect(by.SR4).toMatchObject({
      direction: 'up',
      arrow: '↑',
      text: 'up from 15 Amber',
      basis: 'snapshot',
    });
    expect(by.SR15?.text).toBe('up from 3 Green');
    expect(by.SR20).toMatchObject({ direction: 'new', text: 'new' });
    expect(by.SR1).toMatchObject({ direction: 'unchanged', text: 'unchanged at 8 Yellow' });
  });

  it('since the previous review, with time in band, after reviews on a fixed clock', async () => {
    const sr4 = await f.byRef('SR4');
    f.clock.set('2019-06-28T10:00:00.000Z');
    const first = await f.app.ok('reviews:record', { id: sr4.id, version: sr4.version, note: 'On track' });
    f.clock.set('2019-09-27T10:00:00.000Z');
    await f.app.ok('reviews:record', {
      id: sr4.id,
      version: first.risk.version,
      note: 'Contracts slipping',
      impact: 5,
      likelihood: 4,
    });
    f.clock.set('2019-10-07T10:00:00.000Z');
    const t = (await f.app.ok('risks:travel', {})).find((x) => x.ref === 'SR4');
    expect(t?.travel).toMatchObject({ direction: 'up', text: 'up from 15 Amber', basis: 'review' });
    expect(t?.travel.since).toBe('2019-06-28T10:00:00.000Z');
    expect(t?.timeInBand).toMatchObject({
      band: 'Red',
      days: 10,
      reviews: 1,
      text: 'Red for 10 days (1 review)',
    });
    expect(t).toMatchObject({ cycle: 'quarterly', nextReview: '2019-12-27', reviewStatus: 'scheduled' });

    const sr1 = (await f.app.ok('risks:travel', {})).find((x) => x.ref === 'SR1');
    expect(sr1?.travel.text).toBe('unchanged at 8 Yellow');
    expect(sr1?.timeInBand).toMatchObject({ band: 'Yellow', days: 192, reviews: 0 });
    expect(sr1?.reviewStatus).toBe('overdue');
  });
});
