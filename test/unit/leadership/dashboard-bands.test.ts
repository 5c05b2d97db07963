/**
 * The dashboard's band figures work each risk's bands out once (`dashboard`, renderer/leadership/model.ts) instead
 * of once per band: they must list exactly the risks, in exactly the order, that filtering the register band by band
 * gave (kept below as `before`), for current and target scores, with risks not yet assessed, without targets, and a
 * key of five bands as well as the LGA's four. The attention figures that count nothing list nothing.
 */
import { describe, expect, it } from 'vitest';
import type { BandKey } from '../../../shared/band-key.ts';
import { LGA_KEY } from '../../../shared/band-key.ts';
import type { MaybePair, RiskRecord } from '../../../shared/domain.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import { assess } from '../../../shared/scoring.ts';
import { bandsInOrder, dashboard } from '../../../renderer/leadership/model.ts';

const FIVE: BandKey = [
  { name: 'Low', min: 1, max: 3, colour: '#cfeec2', action: 'Accept' },
  { name: 'Minor', min: 4, max: 6, colour: '#eeba26', action: 'Watch' },
  { name: 'Medium', min: 7, max: 11, colour: '#e0701e', action: 'Act' },
  { name: 'High', min: 12, max: 19, colour: '#b0241c', action: 'Act now' },
  { name: 'Severe', min: 20, max: 25, colour: '#6d0f0f', action: 'Escalate' },
];

/** The band figures as they were: the register filtered once per band. */
function before(risks: RiskRecord[], key: BandKey) {
  const bandOf = (p: MaybePair) => assess(p.impact, p.likelihood, key).band?.name ?? null;
  return {
    current: bandsInOrder(key).map((b) => risks.filter((r) => bandOf(r) === b.name).map((r) => r.ref)),
    target: bandsInOrder(key).map((b) =>
      risks.filter((r) => r.target && bandOf(r.target) === b.name).map((r) => r.ref),
    ),
  };
}

function risks(seed: number, n: number): RiskRecord[] {
  let a = seed;
  const next = () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
  const score = () => (1 + Math.floor(next() * 5)) as ScoreValue;
  return Array.from({ length: n }, (_, k) => {
    const unscored = next() < 0.1;
    return {
      id: `id-${k}`,
      ref: `R${k}`,
      title: null,
      category: 'Finance',
      description: `Risk ${k}`,
      impact: unscored ? null : score(),
      likelihood: unscored ? null : score(),
      inherent: null,
      target: next() < 0.4 ? null : { impact: score(), likelihood: score() },
      mitigation: '',
      owners: ['SP'],
      version: 1,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      archivedAt: null,
      confidential: false,
      appetiteOverride: null,
      cause: '',
      event: '',
      effect: '',
    };
  });
}

describe('the dashboard’s band figures', () => {
  for (const [name, key] of [
    ['LGA', LGA_KEY],
    ['five bands', FIVE],
  ] as const) {
    it(`list what filtering band by band listed (${name})`, () => {
      for (const seed of [1, 2, 3, 4]) {
        const all = risks(seed, 400);
        const d = dashboard({
          risks: all,
          key,
          categories: [],
          travel: [],
          reviewsAsOf: null,
          overdueActions: [],
        });
        const want = before(all, key);
        expect(d.current.map((f) => f.risks.map((r) => r.ref))).toEqual(want.current);
        expect(d.target.map((f) => f.risks.map((r) => r.ref))).toEqual(want.target);
        expect(d.current.map((f) => f.value)).toEqual(want.current.map((l) => l.length));
        expect(d.target.map((f) => f.value)).toEqual(want.target.map((l) => l.length));
        expect(d.notScored.length + d.current.reduce((n, f) => n + f.value, 0)).toBe(all.length);
        for (const f of d.attention) expect(f.risks).toHaveLength(f.id === 'actions-overdue' ? 0 : f.value);
      }
    });
  }
});
