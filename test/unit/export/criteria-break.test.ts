/**
 * Where the board pack's long scoring criteria break (issue 12, "no near-empty pages"): the decision from heights
 * measured for print (shared/export/criteria-break.ts). The e2e proof with Chromium's real layout is
 * test/e2e/pack-shapes.test.ts (170 and 300 characters per descriptor).
 */
import { describe, expect, it } from 'vitest';
import type { CriteriaLayout } from '../../../shared/export/criteria-break.ts';
import {
  CRITERIA_MIN_FILL,
  criteriaBreak,
  criteriaPages,
  packPageBox,
} from '../../../shared/export/criteria-break.ts';

const page = packPageBox();

/** Heading and header of `head` px, five Impact rows of `row` px, a Likelihood table of `tail` px. */
function layout(head: number, row: number, tail: number, gap = 8): CriteriaLayout {
  const rows = [0, 1, 2, 3, 4].map((i) => ({ top: head + i * row, bottom: head + (i + 1) * row }));
  const top = head + 5 * row + gap;
  return { height: top + tail, headHeight: 16, rows, tail: { top, bottom: top + tail } };
}

const fill = (used: number) => (page.top + used) / page.sheet;

describe('criteriaBreak', () => {
  it('A4 landscape less the pack margins: 186 mm of content (≈ 703 px)', () => {
    expect(page.content).toBeCloseTo(703, 0);
  });

  it('leaves criteria that fit one page alone', () => {
    expect(criteriaBreak(layout(80, 60, 100))).toBeNull();
  });

  it('breaks before the last Impact row when the Likelihood table would be alone on a short page', () => {
    // The 170-character shape: four rows fill the first page, the fifth just fits, the table runs over.
    const l = layout(95, 118, 150);
    const natural = criteriaPages(l, page.content);
    expect(natural).toHaveLength(2);
    expect(fill(natural[1] ?? 0)).toBeLessThan(CRITERIA_MIN_FILL);
    const at = criteriaBreak(l);
    expect(at).toBe(4);
    const balanced = criteriaPages(l, page.content, at ?? undefined);
    expect(balanced).toHaveLength(2);
    for (const used of balanced) expect(fill(used)).toBeGreaterThanOrEqual(CRITERIA_MIN_FILL);
  });

  it('does nothing when Chromium’s own breaks already fill every page', () => {
    // The 300-character shape: three pages, the last the Likelihood table about half a page.
    const l = layout(95, 200, 280);
    const natural = criteriaPages(l, page.content);
    expect(natural.length).toBeGreaterThan(2);
    for (const used of natural) expect(fill(used)).toBeGreaterThanOrEqual(CRITERIA_MIN_FILL);
    expect(criteriaBreak(l)).toBeNull();
  });

  it('breaks earlier when the last row alone would still leave a short page', () => {
    // Short rows: before the last row the second page would be about a third filled; one row earlier both fill.
    const l = layout(40, 130, 60);
    expect(fill(criteriaPages(l, page.content, 4)[1] ?? 0)).toBeLessThan(CRITERIA_MIN_FILL);
    expect(criteriaBreak(l)).toBe(3);
    for (const used of criteriaPages(l, page.content, 3))
      expect(fill(used)).toBeGreaterThanOrEqual(CRITERIA_MIN_FILL);
  });
});
