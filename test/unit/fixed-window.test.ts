/**
 * The long table's windowing arithmetic (renderer/workspace/fixed-window.ts) against a plain walk over the items'
 * heights: where each item starts, which item is at a scroll position, the window for a viewport, and the scroll
 * that brings an item into view. Random layouts of rows and group headings, including none and all headings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixedGeometry } from '../../renderer/workspace/fixed-window.ts';
import {
  groupsBefore,
  indexAt,
  offsetOf,
  scrollFor,
  windowAt,
} from '../../renderer/workspace/fixed-window.ts';

/** Item heights in order, the slow way. */
function heights(g: FixedGeometry): number[] {
  const groups = new Set(g.groupAt);
  return Array.from({ length: g.count }, (_, i) => (groups.has(i) ? g.group : g.row));
}

function starts(g: FixedGeometry): number[] {
  const out: number[] = [];
  let y = 0;
  for (const h of heights(g)) {
    out.push(y);
    y += h;
  }
  out.push(y);
  return out;
}

const geometry = fc
  .record({
    count: fc.integer({ min: 0, max: 400 }),
    marks: fc.array(fc.nat(), { maxLength: 60 }),
    row: fc.integer({ min: 10, max: 80 }),
    group: fc.integer({ min: 10, max: 80 }),
  })
  .map(({ count, marks, row, group }): FixedGeometry => {
    const at = count === 0 ? [] : [...new Set(marks.map((m) => m % count))].sort((a, b) => a - b);
    return { count, groupAt: at, row, group };
  });

describe('fixed-height windowing', () => {
  it('puts every item where the sum of the heights before it says', () => {
    fc.assert(
      fc.property(geometry, (g) => {
        const s = starts(g);
        for (let i = 0; i <= g.count; i++) expect(offsetOf(g, i)).toBe(s[i]);
      }),
    );
  });

  it('finds the item under any scroll position', () => {
    fc.assert(
      fc.property(geometry, fc.double({ min: -50, max: 1, noNaN: true }), (g, f) => {
        const s = starts(g);
        const total = s[g.count] as number;
        const y = f * (total + 100);
        const want =
          g.count === 0
            ? -1
            : Math.max(
                0,
                s.findLastIndex((v, i) => i < g.count && v <= y),
              );
        expect(indexAt(g, y)).toBe(want);
      }),
    );
  });

  it('draws a window that covers the viewport, with the overscan on each side', () => {
    fc.assert(
      fc.property(
        geometry,
        fc.nat(30_000),
        fc.integer({ min: 1, max: 2000 }),
        fc.nat(6),
        (g, top, h, over) => {
          const { start, end } = windowAt(g, top, h, over);
          if (g.count === 0) {
            expect(end).toBeLessThan(start);
            return;
          }
          const s = starts(g);
          // Every item that overlaps [top, top + h] is in the window.
          for (let i = 0; i < g.count; i++) {
            const overlaps = (s[i + 1] as number) > top && (s[i] as number) <= top + h;
            if (overlaps) {
              expect(i).toBeGreaterThanOrEqual(start);
              expect(i).toBeLessThanOrEqual(end);
            }
          }
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeLessThanOrEqual(g.count - 1);
        },
      ),
    );
  });

  it('scrolls the least to show an item whole under the heading, and not at all when it shows', () => {
    const g: FixedGeometry = { count: 1000, groupAt: [0, 10, 500], row: 62, group: 36 };
    const head = 40;
    // Item 20 starts at 20 × 62 − 2 × 26 = 1188.
    expect(offsetOf(g, 20)).toBe(1188);
    expect(scrollFor(g, 20, 5000, 700, head)).toBe(1188); // above: its top at the top
    expect(scrollFor(g, 20, 0, 700, head)).toBe(1188 + 62 - 660); // below: its bottom at the bottom
    expect(scrollFor(g, 20, 1000, 700, head)).toBeNull(); // in view
    expect(scrollFor(g, 1000, 0, 700, head)).toBeNull(); // no such item
    expect(groupsBefore(g.groupAt, 10)).toBe(1);
    expect(groupsBefore(g.groupAt, 11)).toBe(2);
  });
});
