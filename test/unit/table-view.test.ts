/**
 * Sorting by a numeric column (a counting sort, or packed keys) equals a stable comparison sort. The table's shown risks (renderer/workspace/table-model.ts `ShownRisks`), built lazily: ids in the order shown
 * and each risk's first place among the items, equal to a plain walk over the items whatever the grouping, and
 * the same answers before and after the look-up map is built (the fifth look-up on a list builds it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type { TableItem } from '../../renderer/workspace/table-model.ts';
import { isGroup, sortRows, sortValue, tableView, toRows } from '../../renderer/workspace/table-model.ts';

function risk(n: number, owners: string[]): RiskRecord {
  return {
    id: `id-${n}`,
    ref: `SR${n}`,
    category: ['Finance', 'People'][n % 2] as string,
    description: `Risk ${n}`,
    impact: ((n % 5) + 1) as RiskRecord['impact'],
    likelihood: (((n >> 1) % 5) + 1) as RiskRecord['likelihood'],
    mitigation: '',
    owners,
  } as unknown as RiskRecord;
}

/** The slow way: ids where each first appears, and that place. */
function walk(items: readonly TableItem[]): { ids: string[]; at: Map<string, number> } {
  const at = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as TableItem;
    if (!isGroup(it) && !at.has(it.risk.id)) at.set(it.risk.id, i);
  }
  return { ids: [...at.keys()], at };
}

const risks = Array.from({ length: 60 }, (_, n) =>
  risk(n, n % 7 === 0 ? [] : n % 3 === 0 ? ['KB', 'AA'] : [['AA', 'KB', 'ZZ'][n % 3] as string]),
);
const rows = toRows(risks, LGA_KEY, ['People', 'Finance']);

describe('shown risks, built on demand', () => {
  for (const grouping of [[], ['category'], ['band'], ['owners']]) {
    it(`ids and places equal a walk over the items (grouping: ${grouping[0] ?? 'none'}, sorted by score)`, () => {
      const view = tableView(
        rows,
        { sorting: [{ id: 'score', desc: true }], columnFilters: [], globalFilter: 'sr', grouping },
        { categories: ['People', 'Finance'], key: LGA_KEY },
      );
      const want = walk(view.items);
      expect(view.shown.ids()).toEqual(want.ids);
      expect(view.shown.count).toBe(want.ids.length);
      // Look-ups before and after the map is built (five and more) agree with the walk.
      for (const id of [...want.ids, 'missing', ...want.ids.slice().reverse()]) {
        expect(view.shown.indexOf(id)).toBe(want.at.get(id));
        expect(view.shown.has(id)).toBe(want.at.has(id));
      }
      // Group headings where the items have them.
      expect(view.groupAt).toEqual(view.items.flatMap((it, i) => (isGroup(it) ? [i] : [])));
    });
  }
});

describe('sorting by a numeric column', () => {
  it('equals a stable comparison sort, ascending and descending, for every numeric column', () => {
    const columns = ['score', 'impact', 'likelihood', 'band', 'inherent', 'target'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(6), fc.nat(6)), { maxLength: 300 }),
        fc.constantFrom(...columns),
        fc.boolean(),
        (scores, id, desc) => {
          const list = scores.map(([i, l], n) => ({
            ...risk(n, []),
            impact: (i === 0 ? null : Math.min(i, 5)) as RiskRecord['impact'],
            likelihood: (i === 0 ? null : Math.min(l, 5) || 1) as RiskRecord['likelihood'],
            inherent: i > 2 ? { impact: i > 5 ? 5 : i, likelihood: 3 } : null,
          })) as RiskRecord[];
          const rs = toRows(list, LGA_KEY, []);
          const value = sortValue(id) as (r: (typeof rs)[number]) => number;
          const want = rs
            .map((r, n) => ({ r, n }))
            .sort((a, b) => (desc ? value(b.r) - value(a.r) : value(a.r) - value(b.r)) || a.n - b.n)
            .map((x) => x.r.risk.id);
          expect(sortRows(rs.slice(), [{ id, desc }]).map((r) => r.risk.id)).toEqual(want);
        },
      ),
    );
  });

  it('sorts values too far apart for counting by packed keys, still stable', () => {
    const rs = toRows([risk(1, []), risk(2, []), risk(3, [])], LGA_KEY, []);
    const spread = [900_000, -900_000, 900_000];
    const byId = new Map(rs.map((r, i) => [r.risk.id, spread[i] as number]));
    const sorted = sortRows(
      rs.map((r) => ({ ...r, score: byId.get(r.risk.id) as number })),
      [{ id: 'score', desc: true }],
    );
    expect(sorted.map((r) => r.risk.ref)).toEqual(['SR1', 'SR3', 'SR2']);
  });
});
