/**
 * The table's shown risks (renderer/workspace/table-model.ts `ShownRisks`), built lazily: ids in the order shown
 * and each risk's first place among the items, equal to a plain walk over the items whatever the grouping, and
 * the same answers before and after the look-up map is built (the fifth look-up on a list builds it).
 */
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type { TableItem } from '../../renderer/workspace/table-model.ts';
import { isGroup, tableView, toRows } from '../../renderer/workspace/table-model.ts';

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
