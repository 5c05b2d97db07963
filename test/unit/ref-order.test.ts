import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRefs } from '../../shared/ref-order.ts';

const icu = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
const sign = (n: number) => Math.sign(n);

const letters = fc.stringMatching(/^[A-Za-z]{0,4}$/);
const digits = fc.stringMatching(/^[0-9]{1,15}$/);
const plain = fc.tuple(letters, digits).map(([l, d]) => l + d);
// Refs of other shapes, which must go to the collator (and so agree trivially) — mixed in to check the routing.
const other = fc.oneof(
  fc.constantFrom('SR-7', 'SR 7', 'ÉR7', 'sr7a', 'SR', '', 'SR1234567890123456', 'Ørg2', 'SR٣'),
  fc.string({ maxLength: 6 }),
);

describe('compareRefs', () => {
  it('orders plain refs exactly as the en-GB numeric collator does', () => {
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        expect(sign(compareRefs(a, b)), `${a} vs ${b}`).toBe(sign(icu.compare(a, b)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the collator on refs of any shape', () => {
    fc.assert(
      fc.property(fc.oneof(plain, other), fc.oneof(plain, other), (a, b) => {
        expect(sign(compareRefs(a, b)), `${a} vs ${b}`).toBe(sign(icu.compare(a, b)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('the cases the reasoning rests on', () => {
    const cases: [string, string][] = [
      ['SR2', 'SR10'],
      ['SR7', 'SRA1'],
      ['7', 'SR7'],
      ['sr7', 'SR7'],
      ['SR007', 'SR7'],
      ['ORG3', 'SR1'],
      ['SR999999999999999', 'SR1000000000000000'],
    ];
    for (const [a, b] of cases) expect(sign(compareRefs(a, b)), `${a} vs ${b}`).toBe(sign(icu.compare(a, b)));
    const refs = ['SR10', 'sr2', 'SR1', 'ORG-4', 'SR02', 'A9', 'SRA1'];
    expect([...refs].sort(compareRefs)).toEqual([...refs].sort(icu.compare));
  });
});
