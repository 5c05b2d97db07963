/**
 * The long table's search, text sorts and row keys (renderer/workspace/table-model.ts, RiskTable), each against
 * the plain way: collation keys order texts exactly as the collator does; a text column sorted by keys equals a
 * stable sort with `collator.compare` (and texts the keys do not cover still sort by the collator); typing on in
 * the search (narrowing the last result) gives what a fresh filter over every row gives; and the rows' React keys
 * are unique within any window.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import {
  collationKey,
  collator,
  filterRows,
  filterRowsNarrowing,
  narrows,
  sortRows,
  sortValue,
  toRows,
} from '../../renderer/workspace/table-model.ts';
import { assignSlots } from '../../renderer/components/RiskTable.tsx';

/** Letters of both cases, digits (runs, leading zeros), spaces, tabs, punctuation, curly quotes, dashes, £ and €. */
const ALPHABET = [
  ...'aAbBcCmMzZ eEyY0123456789000\t\n-_.,;:!?\'"()[]/\\&@#%*+=<>|~`^$',
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2013',
  '\u2014',
  '\u00a3',
  '\u20ac',
];
const text = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 12 }).map((cs) => cs.join(''));

function risk(n: number, fields: Partial<RiskRecord>): RiskRecord {
  return {
    id: `id-${n}`,
    ref: `SR${n}`,
    category: 'Finance',
    description: `Risk ${n}`,
    impact: 3,
    likelihood: 2,
    mitigation: '',
    owners: [],
    ...fields,
  } as unknown as RiskRecord;
}

describe('collation keys', () => {
  it('order any two texts as the collator does (numeric, base sensitivity)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ka = collationKey(a);
        const kb = collationKey(b);
        expect(ka).not.toBeNull();
        expect(kb).not.toBeNull();
        const got = (ka as string) < (kb as string) ? -1 : ka === kb ? 0 : 1;
        expect(got).toBe(Math.sign(collator.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('covers refs, leading zeros and long numbers', () => {
    const refs = [
      'SR10',
      'sr2',
      'SR02',
      'SR2a',
      'SR',
      'SR 2',
      'AB1',
      'ABC1',
      'SR100000000000000000001',
      'SR9',
    ];
    const byKey = refs.slice().sort((a, b) => {
      const ka = collationKey(a) as string;
      const kb = collationKey(b) as string;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    const byCollator = refs.slice().sort(collator.compare);
    for (let i = 0; i < refs.length; i++)
      expect(collator.compare(byKey[i] as string, byCollator[i] as string)).toBe(0);
  });

  it('has no key for a text with a character outside its table', () => {
    expect(collationKey('Café')).toBeNull();
    expect(collationKey('Æsir')).toBeNull();
  });
});

describe('sorting by a text column', () => {
  const columns = ['ref', 'category', 'description', 'mitigation', 'owners'] as const;
  const plain = (rs: ReturnType<typeof toRows>, id: string, desc: boolean) => {
    const value = sortValue(id) as (r: (typeof rs)[number]) => string;
    return rs
      .map((r, n) => ({ r, n }))
      .sort((a, b) => {
        const c = collator.compare(value(a.r), value(b.r));
        return (desc ? -c : c) || a.n - b.n;
      })
      .map((x) => x.r.risk.id);
  };

  it('equals a stable sort with the collator, ascending and descending, for every text column', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(text, text, fc.array(fc.constantFrom('AB', 'ab', 'KB', 'Z1', 'z01'), { maxLength: 3 })),
          {
            maxLength: 200,
          },
        ),
        fc.constantFrom(...columns),
        fc.boolean(),
        fc.boolean(),
        (values, id, desc, accented) => {
          const list = values.map(([a, b, owners], n) =>
            risk(n, {
              ref: `${a.slice(0, 3)}${n % 13}`,
              category: b.slice(0, 4),
              // One row the keys do not cover makes the column sort with the collator: both ways agree.
              description: accented && n === 0 ? `Café ${a}` : a,
              mitigation: b,
              owners,
            }),
          );
          const rs = toRows(list, LGA_KEY, []);
          expect(sortRows(rs.slice(), [{ id, desc }]).map((r) => r.risk.id)).toEqual(plain(rs, id, desc));
          // Twice: the second sort reads the keys made by the first.
          expect(sortRows(rs.slice(), [{ id, desc }]).map((r) => r.risk.id)).toEqual(plain(rs, id, desc));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('search narrowing the last result', () => {
  it('gives what a fresh filter over every row gives, for any sequence of searches and filters', () => {
    const word = fc.constantFrom('f', 'fu', 'fun', 'fund', 'und', 'sr1', 'sr', 'x', 'a b', 'fund a', '');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.constantFrom('fund', 'fun', 'sr', 'xfa')), {
          minLength: 1,
          maxLength: 80,
        }),
        fc.array(fc.tuple(word, fc.constantFrom<string | null>(null, 'Finance', 'People')), {
          maxLength: 12,
        }),
        (values, searches) => {
          const list = values.map(([a, b], n) =>
            risk(n, { description: `${a} ${b}`, category: n % 3 ? 'Finance' : 'People' }),
          );
          const rs = toRows(list, LGA_KEY, []);
          for (const [search, category] of searches) {
            const filters = category ? [{ id: 'category', value: category }] : [];
            const got = filterRowsNarrowing(rs, filters, search);
            expect(got.map((r) => r.risk.id)).toEqual(filterRows(rs, filters, search).map((r) => r.risk.id));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('narrows only when every old word is inside a new one', () => {
    expect(narrows(['fu'], ['fund'])).toBe(true);
    expect(narrows(['fu', 'sr'], ['sr1', 'fund'])).toBe(true);
    expect(narrows([], ['a'])).toBe(true);
    expect(narrows(['fund'], ['fun'])).toBe(false);
    expect(narrows(['a', 'b'], ['ab'])).toBe(true);
    expect(narrows(['a'], [])).toBe(false);
  });
});

describe("the long table's row keys", () => {
  it('are unique and within the window length; an item that stays in the window keeps its key', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2_000), fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 30 }),
        (windows) => {
          let prev: ReadonlyMap<number, number> = new Map();
          for (const [start, length] of windows) {
            const end = start + length - 1;
            const next = assignSlots(prev, start, end);
            // Exactly the window's items, each with its own slot below the window's length.
            expect([...next.keys()].sort((a, b) => a - b)).toEqual(
              Array.from({ length }, (_, k) => start + k),
            );
            expect(new Set(next.values()).size).toBe(length);
            for (const slot of next.values()) expect(slot).toBeLessThan(Math.max(length, prev.size + length));
            // Items in both windows keep their slot.
            for (const [i, slot] of prev) if (i >= start && i <= end) expect(next.get(i)).toBe(slot);
            prev = next;
          }
        },
      ),
    );
  });

  it('reuses the slots of the rows that left: a jump keeps every slot in use', () => {
    const first = assignSlots(new Map(), 0, 19);
    const jumped = assignSlots(first, 5_000, 5_019);
    expect(new Set(jumped.values())).toEqual(new Set(first.values()));
  });
});
