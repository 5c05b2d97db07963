/**
 * While the register arrives in pages each list is the last one plus a page: the table's rows and the owner list
 * (renderer/workspace/table-model.ts `toRows`, `ownersOf`) look only at the page's risks, and give what a walk over
 * the whole list gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type { RiskRow, RowCache } from '../../renderer/workspace/table-model.ts';
import {
  collator,
  ownersOf,
  sortRows,
  sortRowsAppending,
  startsWith,
  toRows,
} from '../../renderer/workspace/table-model.ts';

/** A risk whose owners count how often they are read. */
function risk(n: number, reads: { owners: number }): RiskRecord {
  const owners = [`O${n % 13}`, `P${n % 5}`];
  const r = {
    id: `id-${n}`,
    ref: `SR${n}`,
    category: ['Finance', 'People'][n % 2] as string,
    description: `Risk ${n}`,
    impact: ((n % 5) + 1) as RiskRecord['impact'],
    likelihood: (((n >> 1) % 5) + 1) as RiskRecord['likelihood'],
    mitigation: '',
  } as unknown as RiskRecord;
  Object.defineProperty(r, 'owners', {
    enumerable: true,
    get: () => {
      reads.owners += 1;
      return owners;
    },
  });
  return r;
}

/** A memo that counts its look-ups. */
class CountingMap extends WeakMap<RiskRecord, RiskRow> {
  gets = 0;
  override get(key: RiskRecord): RiskRow | undefined {
    this.gets += 1;
    return super.get(key);
  }
}

const categories = ['People', 'Finance'];

describe('appending a page to the table', () => {
  it('startsWith compares the same objects in the same places', () => {
    const a = { n: 1 };
    const b = { n: 2 };
    expect(startsWith([a, b], [a])).toBe(true);
    expect(startsWith([a, b], [])).toBe(true);
    expect(startsWith([a], [a, b])).toBe(false);
    expect(startsWith([b, a], [a])).toBe(false);
    expect(startsWith([{ n: 1 }, b], [a])).toBe(false);
  });

  it('toRows looks at the new page only, and gives the rows of the whole list', () => {
    const reads = { owners: 0 };
    const first = Array.from({ length: 200 }, (_, n) => risk(n, reads));
    const page = Array.from({ length: 50 }, (_, n) => risk(200 + n, reads));
    const memo = new CountingMap();
    const cache: RowCache = { key: LGA_KEY, categories, rows: memo };
    const rows1 = toRows(first, LGA_KEY, categories, cache);
    memo.gets = 0;
    const list = first.concat(page);
    const rows2 = toRows(list, LGA_KEY, categories, cache);
    expect(memo.gets).toBe(page.length);
    expect(rows2.slice(0, 200)).toEqual(rows1);
    rows1.forEach((r, i) => expect(rows2[i]).toBe(r));
    // The same rows as made from scratch.
    expect(rows2).toEqual(toRows(list, LGA_KEY, categories));
    // An edit (a record replaced in place) is not an append: every risk is looked up again (and one row made).
    const edited = list.slice();
    edited[3] = risk(3, reads);
    memo.gets = 0;
    const rows3 = toRows(edited, LGA_KEY, categories, cache);
    expect(memo.gets).toBe(edited.length);
    expect(rows3[3]).not.toBe(rows2[3]);
    expect(rows3[4]).toBe(rows2[4]);
  });

  it('ownersOf walks only the rows added, and answers the same list from its last walk', () => {
    const reads = { owners: 0 };
    const all = toRows(
      Array.from({ length: 300 }, (_, n) => risk(n, reads)),
      LGA_KEY,
      categories,
    );
    const first = all.slice(0, 200);
    const whole = first.concat(all.slice(200));
    reads.owners = 0;
    const o1 = ownersOf(first);
    expect(reads.owners).toBe(200);
    expect(ownersOf(first)).toBe(o1);
    expect(reads.owners).toBe(200);
    const o2 = ownersOf(whole);
    expect(reads.owners).toBe(300);
    const walked = (rows: readonly RiskRow[]) =>
      [...new Set(rows.flatMap((r) => r.risk.owners))].sort(collator.compare);
    expect(o2).toEqual(walked(all));
    // A list that is not an append of the last one is walked whole.
    const other = all.slice(100);
    reads.owners = 0;
    const o3 = ownersOf(other);
    expect(reads.owners).toBe(200);
    expect(o3).toEqual(walked(other));
  });

  it('sortRowsAppending merges an appended page into the last sort: the same order as sorting the whole list', () => {
    const texts = ['alpha', 'Alpha', 'beta', 'b2', 'b10', 'Zeta', 'ærø', '', 'x y'];
    const make = (n: number, t: number, i: number, l: number) =>
      ({
        id: `id-${n}`,
        ref: `SR${n}`,
        category: ['Finance', 'People', 'Delivery'][t % 3] as string,
        description: texts[t % texts.length] as string,
        impact: ((i % 5) + 1) as RiskRecord['impact'],
        likelihood: ((l % 5) + 1) as RiskRecord['likelihood'],
        mitigation: texts[(t + i) % texts.length] as string,
        owners: [],
      }) as unknown as RiskRecord;
    const ids = ['description', 'score', 'category', 'band', 'mitigation', 'ref', 'travel'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(20), fc.nat(4), fc.nat(4)), { minLength: 1, maxLength: 80 }),
        fc.array(fc.tuple(fc.constantFrom(...ids), fc.boolean()), { minLength: 1, maxLength: 2 }),
        fc.array(fc.nat(100), { minLength: 1, maxLength: 4 }),
        (spec, sortSpec, cuts) => {
          const risks = spec.map(([t, i, l], n) => make(n, t, i, l));
          const rows = toRows(risks, LGA_KEY, categories);
          const sorting = sortSpec.map(([id, desc]) => ({ id, desc }));
          // The list grows page by page; each step must equal a sort of the whole list so far.
          const ends = [...new Set(cuts.map((c) => 1 + (c % rows.length)))].sort((a, b) => a - b);
          if (ends.at(-1) !== rows.length) ends.push(rows.length);
          for (const end of ends) {
            const part = rows.slice(0, end);
            expect(sortRowsAppending(part, sorting)).toEqual(sortRows(part.slice(), sorting));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
