/**
 * `risks:travel { only }` answers the risks a leadership view draws and no others: it must be exactly the whole
 * register's answer (the answer `risks:travel` gave without `only`) filtered here by the view's own reading of it —
 * a score then and now with another impact or likelihood ("moved"), or `timeInBand.reviews` at least N, in the named
 * bands when named — same risks, same order, same JSON. Checked on generated registers (seeded): reviews with and
 * without a new score, several on one instant, score edits between reviews, scores set back to where they were,
 * risks not yet assessed, archived and restored risks, risks created after the snapshot; against the previous
 * review and against a snapshot, on several days; with `ids`; and on a register where more than 1,000 risks moved
 * (their last reviews read all at once rather than one by one).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRisk } from '../../../db/risk-writes.ts';
import type { RiskTravel, TravelOnly } from '../../../shared/contract/history.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import type { Fixture } from './setup.ts';
import { lgaRegister } from './setup.ts';
import { seededRandom } from '../helpers.ts';

/** The view's reading of the whole answer, written independently of the handler's filter. */
function expected(whole: RiskTravel[], only: TravelOnly): RiskTravel[] {
  return whole.filter((t) => {
    const { from, to } = t.travel;
    const moved = !!from && !!to && (from.impact !== to.impact || from.likelihood !== to.likelihood);
    const long =
      !!only.longInBand &&
      t.timeInBand.reviews >= only.longInBand.reviews &&
      (!only.longInBand.bands || only.longInBand.bands.includes(t.timeInBand.band));
    return (only.moved === true && moved) || long;
  });
}

const ONLY: TravelOnly[] = [
  { moved: true },
  { longInBand: { reviews: 1 } },
  { longInBand: { reviews: 2 } },
  { longInBand: { reviews: 2, bands: ['Red', 'Amber'] } },
  { moved: true, longInBand: { reviews: 2, bands: ['Red', 'Amber'] } },
  { moved: true, longInBand: { reviews: 3, bands: ['Green', 'No such band'] } },
];

/** The test's draws, from the shared seeded generator. */
function random(seed: number) {
  const next = seededRandom(seed);
  return {
    int: (n: number) => Math.floor(next() * n),
    score: () => (1 + Math.floor(next() * 5)) as ScoreValue,
    chance: (p: number) => next() < p,
  };
}

let f: Fixture;
beforeEach(async () => {
  f = await lgaRegister('2026-01-05T09:00:00.000Z');
});
afterEach(() => f.done());

async function compareAll(against: string[], days: string[]): Promise<number> {
  let kept = 0;
  for (const day of days) {
    for (const a of against) {
      const whole = await f.app.ok('risks:travel', { against: a, asOf: day });
      for (const only of ONLY) {
        const actual = await f.app.ok('risks:travel', { against: a, asOf: day, only });
        const want = expected(whole, only);
        expect(JSON.stringify(actual)).toBe(JSON.stringify(want));
        kept += actual.length;
        // With ids: the same filter over those risks (some archived or unknown ones left out, as before).
        const ids = [...whole.filter((_, k) => k % 3 === 0).map((t) => t.riskId), 'no-such-risk'];
        const someWhole = await f.app.ok('risks:travel', { against: a, asOf: day, ids });
        const some = await f.app.ok('risks:travel', { against: a, asOf: day, ids, only });
        expect(JSON.stringify(some)).toBe(JSON.stringify(expected(someWhole, only)));
      }
    }
  }
  return kept;
}

describe('risks:travel { only }', () => {
  for (const seed of [1, 2, 3]) {
    it(`is the whole answer filtered, on generated register ${seed}`, async () => {
      const rnd = random(seed);
      const db = f.app.session.db;
      for (let k = 0; k < 30; k += 1) {
        const unscored = rnd.chance(0.15);
        createRisk(
          db,
          {
            ref: `G${k}`,
            category: 'Finance',
            description: `Generated risk ${k}`,
            impact: unscored ? null : rnd.score(),
            likelihood: unscored ? null : rnd.score(),
            inherent: null,
            target: null,
            mitigation: '',
            owners: ['AB'],
          },
          { now: '2026-01-05T09:00:00.000Z', by: 'Rita Manager' },
        );
      }
      const snapshot = await f.app.ok('snapshots:take', { name: 'Start' });
      const refs = (await f.app.ok('risks:list', {})).map((r) => r.ref);
      for (let month = 2; month <= 7; month += 1) {
        // Several changes on one instant now and then (the same second for a run of operations).
        f.clock.set(`2026-0${month}-1${rnd.int(2)}T09:00:00.000Z`);
        for (let n = 0; n < 25; n += 1) {
          const ref = refs[rnd.int(refs.length)] as string;
          const r = await f.byRef(ref);
          const op = rnd.int(10);
          if (r.archivedAt) {
            if (op < 5) await f.app.ok('risks:restore', { id: r.id, version: r.version });
            continue;
          }
          if (op < 4 && r.impact !== null) {
            await f.app.ok('reviews:record', { id: r.id, version: r.version, note: 'Review' });
          } else if (op < 6) {
            await f.app.ok('reviews:record', {
              id: r.id,
              version: r.version,
              note: 'Review with a score',
              impact: rnd.score(),
              likelihood: rnd.score(),
            });
          } else if (op < 8) {
            await f.app.ok('risks:update-score', {
              id: r.id,
              version: r.version,
              impact: rnd.score(),
              likelihood: rnd.score(),
            });
          } else if (op < 9 && r.impact !== null && r.likelihood !== null) {
            // Back and forth: the score changes and then returns to where it was at the review.
            const back = { impact: r.impact, likelihood: r.likelihood };
            const moved = await f.app.ok('risks:update-score', {
              id: r.id,
              version: r.version,
              impact: back.impact === 5 ? 1 : ((back.impact + 1) as ScoreValue),
              likelihood: back.likelihood,
            });
            await f.app.ok('risks:update-score', { id: r.id, version: moved.version, ...back });
          } else {
            await f.app.ok('risks:archive', { id: r.id, version: r.version });
          }
        }
      }
      f.clock.set('2026-07-20T09:00:00.000Z');
      createRisk(
        db,
        {
          ref: 'LATE1',
          category: 'Finance',
          description: 'After the snapshot',
          impact: 4,
          likelihood: 4,
          inherent: null,
          target: null,
          mitigation: '',
          owners: ['AB'],
        },
        { now: '2026-07-20T09:00:00.000Z', by: 'Rita Manager' },
      );
      // Refs that tie in natural order (SR01, SR001 beside SR1), all moved: kept in the whole answer's order.
      for (const ref of ['SR001', 'SR01'])
        createRisk(
          db,
          {
            ref,
            category: 'Finance',
            description: `Tie ${ref}`,
            impact: 2,
            likelihood: 2,
            inherent: null,
            target: null,
            mitigation: '',
            owners: ['AB'],
          },
          { now: '2026-07-20T09:00:00.000Z', by: 'Rita Manager' },
        );
      for (const ref of ['SR01', 'SR1', 'SR001']) {
        const r = await f.byRef(ref);
        await f.app.ok('risks:update-score', { id: r.id, version: r.version, impact: 1, likelihood: 5 });
      }
      const kept = await compareAll(['review', snapshot.id], ['2026-07-20', '2026-09-30', '2027-03-31']);
      // The generated history does give risks that moved and risks long in band: the comparison is not of nothing.
      expect(kept).toBeGreaterThan(50);
      const moved = await f.app.ok('risks:travel', { only: { moved: true } });
      const whole = await f.app.ok('risks:travel', {});
      expect(moved.length).toBeGreaterThan(0);
      expect(moved.length).toBeLessThan(whole.length);
    });
  }

  it('reads the last reviews of more than 1,000 risks that moved all at once, with the same answer', async () => {
    const db = f.app.session.db;
    const ctx = { now: '2026-01-05T09:00:00.000Z', by: 'Rita Manager' };
    db.transaction(() => {
      for (let k = 0; k < 1_050; k += 1)
        createRisk(
          db,
          {
            ref: `M${k}`,
            category: 'Finance',
            description: `Risk ${k}`,
            impact: 2,
            likelihood: 2,
            inherent: null,
            target: null,
            mitigation: '',
            owners: ['AB'],
          },
          ctx,
          'import',
        );
    })();
    f.clock.set('2026-02-05T09:00:00.000Z');
    const risks = (await f.app.ok('risks:list', {})).filter((r) => r.ref.startsWith('M'));
    for (const [k, r] of risks.entries()) {
      await f.app.ok('reviews:record', {
        id: r.id,
        version: r.version,
        note: 'Up',
        impact: 3,
        likelihood: k % 2 ? 3 : 4,
      });
    }
    const kept = await f.app.ok('risks:travel', { only: { moved: true } });
    expect(kept.length).toBeGreaterThan(1_000);
    expect(kept.every((t) => t.lastReviewedAt === '2026-02-05T09:00:00.000Z' || !t.ref.startsWith('M'))).toBe(
      true,
    );
    await compareAll(['review'], ['2026-02-05']);
  }, 60_000);
});

describe('risks:travel { only } at the door', () => {
  it('refuses an unknown or malformed option with a clear message, and takes the good ones', async () => {
    const refused: [unknown, string][] = [
      [{ moved: true }, 'The travel is asked with "against", "asOf", "ids" and "only" only.'],
      [{ only: { moved: true, stuck: 2 } }, '"only" takes "moved" and "longInBand" only.'],
      [
        { only: {} },
        'Say which risks to keep: "moved", "longInBand" or both (or leave "only" out for every risk).',
      ],
      [{ only: 'moved' }, '"only" must be written { moved, longInBand }, such as { moved: true }.'],
      [
        { only: { moved: false } },
        '"moved" must be true (leave it out to keep the risks that did not move).',
      ],
      [
        { only: { longInBand: { reviews: 0 } } },
        'The reviews in band must be a whole number from 1 to 1,000.',
      ],
      [
        { only: { longInBand: { reviews: 2.5 } } },
        'The reviews in band must be a whole number from 1 to 1,000.',
      ],
      [{ only: { longInBand: {} } }, 'The reviews in band must be a whole number from 1 to 1,000.'],
      [
        { only: { longInBand: { reviews: 2, band: 'Red' } } },
        '"longInBand" takes "reviews" and "bands" only.',
      ],
      [
        { only: { longInBand: { reviews: 2, bands: [] } } },
        'Name at least one band, or leave "bands" out for every band.',
      ],
      [
        { only: { longInBand: { reviews: 2, bands: 'Red' } } },
        'The bands must be a list of band names, such as ["Red", "Amber"].',
      ],
      [{ only: { longInBand: { reviews: 2, bands: ['  '] } } }, 'A band name cannot be empty.'],
      [
        { only: { longInBand: 2 } },
        '"longInBand" must be written { reviews, bands }, such as { reviews: 2, bands: ["Red", "Amber"] }.',
      ],
    ];
    for (const [input, message] of refused) {
      const bad = await f.app.fail('risks:travel', input as never);
      expect({ input, ...bad }).toMatchObject({ input, code: 'VALIDATION', message });
    }
    const sr4 = await f.byRef('SR4');
    await f.app.ok('reviews:record', {
      id: sr4.id,
      version: sr4.version,
      note: 'Up',
      impact: 5,
      likelihood: 5,
    });
    const moved = await f.app.ok('risks:travel', { only: { moved: true } });
    expect(moved.map((t) => t.ref)).toEqual(['SR4']);
    expect(
      await f.app.ok('risks:travel', { only: { longInBand: { reviews: 1, bands: [' Red '] } } }),
    ).toEqual(moved);
  });
});
