/**
 * `controls:flags { omitUnrecorded: true }` answers only the live risks with a live assurance source or a recorded
 * treatment; every other live risk has `UNRECORDED_FLAGS`. Put together by `flagsOf` for the risks a window shows
 * (the dashboard, under its category and owner filters), it must be exactly the whole answer (`controls:flags {}`)
 * restricted to those risks: same risks, same order, same JSON. Checked on generated registers (seeded): assurances
 * of every line and strength, some removed again, treatments of every kind, tolerated risks with and without an
 * acceptance (passed and not), a tolerance set back to nothing, appetites set and cleared, archived and restored
 * risks that have assurances, refs that tie in natural order (SR01, SR001, SR1); on several days.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRisk } from '../../../db/risk-writes.ts';
import { applyFilters, ownersOf } from '../../../renderer/leadership/model.ts';
import type { AssuranceLine, AssuranceStrength, FlaggedRisk, Treatment } from '../../../shared/controls.ts';
import { flagsOf, UNRECORDED_FLAGS } from '../../../shared/controls.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import type { Fixture } from '../history/setup.ts';
import { lgaRegister } from '../history/setup.ts';
import { seededRandom } from '../helpers.ts';

/** The test's draws, from the shared seeded generator. */
function random(seed: number) {
  const next = seededRandom(seed);
  return {
    int: (n: number) => Math.floor(next() * n),
    score: () => (1 + Math.floor(next() * 5)) as ScoreValue,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T,
  };
}

const STRENGTHS: AssuranceStrength[] = ['substantial', 'reasonable', 'limited', 'none'];
const TREATMENTS: (Treatment | null)[] = ['treat', 'tolerate', 'transfer', 'terminate', null];
const OWNERS = ['AB', 'CHo', 'SP', 'JK'];

let f: Fixture;
beforeEach(async () => {
  f = await lgaRegister('2026-01-05T09:00:00.000Z');
});
afterEach(() => f.done());

/** The whole answer restricted to `ids`, the reading the dashboard made of it (written apart from `flagsOf`). */
const within = (whole: readonly FlaggedRisk[], ids: Set<string>) => whole.filter((x) => ids.has(x.riskId));

async function compare(days: string[]): Promise<{ compared: number; listed: number; live: number }> {
  let compared = 0;
  let listed = 0;
  let liveCount = 0;
  for (const day of days) {
    f.clock.set(`${day}T09:00:00.000Z`);
    const live = await f.app.ok('risks:list', {});
    const whole = await f.app.ok('controls:flags', {});
    const recorded = await f.app.ok('controls:flags', { omitUnrecorded: true });
    // Every risk listed is live, with something recorded: never the whole register.
    const liveIds = new Set(live.map((r) => r.id));
    expect(recorded.every((x) => liveIds.has(x.riskId))).toBe(true);
    // In register order, as `risks:list` gives it (refs that tie too).
    const listedIds = new Set(recorded.map((x) => x.riskId));
    expect(recorded.map((x) => x.riskId)).toEqual(live.map((r) => r.id).filter((id) => listedIds.has(id)));
    listed += recorded.length;
    liveCount += live.length;
    // The window's filters: none, each category, each owner, and a category with an owner.
    const categories = [...new Set(live.map((r) => r.category))];
    const filters = [
      { category: null, owner: null },
      ...categories.map((category) => ({ category, owner: null })),
      ...ownersOf(live).map((owner) => ({ category: null, owner })),
      { category: categories[0] ?? null, owner: 'ab' },
    ];
    for (const filter of filters) {
      const shown = applyFilters(live, filter);
      const want = within(whole, new Set(shown.map((r) => r.id)));
      expect(JSON.stringify(flagsOf(shown, recorded))).toBe(JSON.stringify(want));
      compared += want.length;
    }
    // A listed risk carries the whole answer's flags (or none, when the whole answer leaves it out).
    const byId = new Map(whole.map((x) => [x.riskId, x]));
    for (const x of recorded) {
      expect(x).toEqual(byId.get(x.riskId) ?? { riskId: x.riskId, ref: x.ref, ...noFlags });
    }
  }
  return { compared, listed, live: liveCount };
}

const noFlags = { assuranceGaps: [], acceptanceNeeded: false, acceptanceExpired: false };

describe('controls:flags { omitUnrecorded }', () => {
  for (const seed of [1, 2, 3]) {
    it(`with UNRECORDED_FLAGS for the risks left out, is the whole answer, on generated register ${seed}`, async () => {
      const rnd = random(seed);
      const db = f.app.session.db;
      const cats = await f.app.ok('categories:list', {});
      for (let k = 0; k < 40; k += 1) {
        const unscored = rnd.chance(0.1);
        createRisk(
          db,
          {
            ref: `G${k}`,
            category: rnd.pick(cats).name,
            description: `Generated risk ${k}`,
            impact: unscored ? null : rnd.score(),
            likelihood: unscored ? null : rnd.score(),
            inherent: null,
            target: null,
            mitigation: '',
            owners: rnd.chance(0.2) ? [rnd.pick(OWNERS), rnd.pick(OWNERS)] : [rnd.pick(OWNERS)],
          },
          { now: '2026-01-05T09:00:00.000Z', by: 'Rita Manager' },
        );
      }
      // Refs that tie in natural order, each with an assurance: listed in the whole answer's order.
      for (const ref of ['SR001', 'SR01'])
        createRisk(
          db,
          {
            ref,
            category: 'Finance',
            description: `Tie ${ref}`,
            impact: 4,
            likelihood: 4,
            inherent: null,
            target: null,
            mitigation: '',
            owners: ['AB'],
          },
          { now: '2026-01-05T09:00:00.000Z', by: 'Rita Manager' },
        );
      for (const c of cats) {
        if (rnd.chance(0.6))
          await f.app.ok('categories:set-appetite', { id: c.id, appetite: 4 + rnd.int(12) });
      }
      const risks = await f.app.ok('risks:list', {});
      for (const r of risks) {
        const tie = ['SR1', 'SR01', 'SR001'].includes(r.ref);
        // Assurances: none, or up to three of any line and strength; now and then one removed again.
        const n = tie ? 1 + rnd.int(2) : rnd.chance(0.45) ? 0 : 1 + rnd.int(3);
        for (let a = 0; a < n; a += 1) {
          const made = await f.app.ok('assurances:create', {
            riskId: r.id,
            source: `Source ${a} of ${r.ref}`,
            line: (1 + rnd.int(4)) as AssuranceLine,
            strength: rnd.pick(STRENGTHS),
            date: null,
            gaps: '',
          });
          if (rnd.chance(0.2)) await f.app.ok('assurances:delete', { id: made.id, version: made.version });
        }
        // Treatments: none, any kind, tolerated with an acceptance that passes on one of the days, or set back.
        if (rnd.chance(0.5)) {
          const treatment = rnd.pick(TREATMENTS);
          const t = await f.app.ok('treatment:set', { riskId: r.id, version: 0, treatment });
          if (treatment === 'tolerate' && rnd.chance(0.6)) {
            await f.app.ok('treatment:set', {
              riskId: r.id,
              version: t.version,
              treatment,
              acceptance: {
                by: 'Audit Committee',
                why: 'Within what the council accepts',
                until: rnd.pick(['2026-03-31', '2026-12-31', '2027-12-31']),
              },
            });
          } else if (treatment !== null && rnd.chance(0.2)) {
            await f.app.ok('treatment:set', { riskId: r.id, version: t.version, treatment: null });
          }
        }
      }
      // Archived risks (some with assurances or a treatment), one restored; an appetite cleared.
      for (const r of risks.filter((_, k) => k % 9 === 4)) {
        const now = await f.byRef(r.ref);
        await f.app.ok('risks:archive', { id: now.id, version: now.version });
      }
      const back = await f.byRef(risks[4]?.ref ?? '');
      await f.app.ok('risks:restore', { id: back.id, version: back.version });
      const cleared = cats.find((c) => c.name === 'Finance');
      if (cleared) await f.app.ok('categories:set-appetite', { id: cleared.id, appetite: null });

      const { compared, listed, live } = await compare(['2026-02-01', '2026-09-30', '2027-06-01']);
      // Not a comparison of nothing: flagged risks compared, some risks listed, not every live risk.
      expect(compared).toBeGreaterThan(100);
      expect(listed).toBeGreaterThan(20);
      expect(listed).toBeLessThan(live);
      // The LGA sample's risks with nothing recorded are left out, and carry the unrecorded flags in the whole.
      const all = await f.app.ok('controls:flags', {});
      const omitted = new Set(
        (await f.app.ok('controls:flags', { omitUnrecorded: true })).map((x) => x.riskId),
      );
      const rest = all.filter((x) => !omitted.has(x.riskId));
      expect(rest.length).toBeGreaterThan(0);
      for (const x of rest) expect(x).toEqual({ riskId: x.riskId, ref: x.ref, ...UNRECORDED_FLAGS });
    });
  }

  it('answers nothing for a register with nothing recorded, and refuses malformed options', async () => {
    expect(await f.app.ok('controls:flags', { omitUnrecorded: true })).toEqual([]);
    const live = await f.app.ok('risks:list', {});
    expect(await f.app.ok('controls:flags', {})).toEqual(flagsOf(live, []));
    // A removed assurance is nothing recorded; a treatment alone is something.
    const sr2 = await f.byRef('SR2');
    const a = await f.app.ok('assurances:create', {
      riskId: sr2.id,
      source: 'Audit',
      line: 2,
      strength: 'none',
    });
    await f.app.ok('assurances:delete', { id: a.id, version: a.version });
    expect(await f.app.ok('controls:flags', { omitUnrecorded: true })).toEqual([]);
    const sr5 = await f.byRef('SR5');
    const t = await f.app.ok('treatment:set', { riskId: sr5.id, version: 0, treatment: 'tolerate' });
    await f.app.ok('treatment:set', {
      riskId: sr5.id,
      version: t.version,
      treatment: 'tolerate',
      acceptance: { by: 'Audit Committee', why: 'Accepted', until: '2025-12-31' },
    });
    const alone = await f.app.ok('controls:flags', { omitUnrecorded: true });
    expect(alone.map((x) => [x.ref, x.acceptanceExpired])).toEqual([['SR5', true]]);
    expect(flagsOf(live, alone)).toEqual(await f.app.ok('controls:flags', {}));
    const refused: [unknown, string][] = [
      [{ omitUnrecorded: false }, '"omitUnrecorded" must be true (leave it out for every flagged risk).'],
      [{ omitUnrecorded: 'yes' }, '"omitUnrecorded" must be true (leave it out for every flagged risk).'],
      [{ omit: true }, 'controls:flags takes "omitUnrecorded" only.'],
      [{ omitUnrecorded: true, riskId: 'x' }, 'controls:flags takes "omitUnrecorded" only.'],
      ['all', 'controls:flags takes an object, such as {} or { omitUnrecorded: true }.'],
      [[true], 'controls:flags takes an object, such as {} or { omitUnrecorded: true }.'],
    ];
    for (const [input, message] of refused) {
      const bad = await f.app.fail('controls:flags', input as never);
      expect({ input, ...bad }).toMatchObject({ input, code: 'VALIDATION', message });
    }
  });
});
