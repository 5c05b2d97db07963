/**
 * Registers scored on a 3×3, 4×4 or 6×6 matrix. A 6-point file shows itself (a 6 in a score column); a 3- or
 * 4-point file does not — its 1–3 or 1–4 are valid 1–5 numbers — so it is recognised only when every score is
 * within 1–3 (or 1–4) AND the file says so: a "3 × 3" / "4x4" / "4-point" key or title, or a header such as
 * "Impact (1-4)". Then a conversion is proposed and the import waits until the user confirms one (the wizard's
 * choice, or `convert` in the mapping): `--accept-repairs` never applies it. Pure.
 */
import { cellText, isMerged } from './cells.ts';
import { evenConversion } from './scales.ts';
import type { CellValue, SourceRow } from './types.ts';
import { readNumber } from './values.ts';

export interface OtherScale {
  points: 3 | 4 | 6;
  /** What showed it: “4 × 4” in row 1; the header “Impact (1-4)”; a 6 in the score columns. */
  why: string;
  /** The even conversion offered ({1:1, 2:3, 3:5} for 3 points). */
  proposed: Record<string, number>;
  /** The conversion the mapping gives, if any. */
  chosen: Record<string, number> | null;
}

const MATRIX = /\b([346])\s*(?:x|×|by|\*)\s*([346])\b/i;
const POINTS = /\b([346])[\s-]*point\b/i;
const RANGE = /\b1\s*(?:-|–|—|to)\s*([346])\b/;

/** The hint in a text, if it names a 3-, 4- or 6-point scale. */
function hintIn(text: string): number | null {
  const m = MATRIX.exec(text);
  if (m && m[1] === m[2]) return Number(m[1]);
  const p = POINTS.exec(text);
  if (p) return Number(p[1]);
  return null;
}

/**
 * The other scale a file uses, or null. `scoreColumns` holds the cells of each score column (data rows);
 * `headers` the score columns' headers; `around` the rows outside the table (titles above, notes below), asked for
 * only when the numbers leave the question open (issue 14: finding them tests every data row).
 */
export function detectOtherScale(
  scoreColumns: readonly (readonly (CellValue | undefined)[])[],
  headers: readonly string[],
  around: () => readonly SourceRow[],
  convert: Record<string, number> | undefined,
): OtherScale | null {
  let largest = 0;
  let any = false;
  for (const col of scoreColumns)
    for (const cell of col) {
      const n = readNumber(cell);
      if (n.kind !== 'number') continue;
      any = true;
      largest = Math.max(largest, n.value);
    }
  if (!any) return null;
  const chosen = convert ?? null;
  if (Math.ceil(largest) === 6) {
    return { points: 6, why: 'the score columns go up to 6', proposed: evenConversion(6), chosen };
  }
  if (largest > 4) return null;
  for (const h of headers) {
    const r = RANGE.exec(h);
    const points = r ? Number(r[1]) : hintIn(h);
    if ((points === 3 || points === 4) && largest <= points) {
      return { points, why: `the header “${h.trim()}”`, proposed: evenConversion(points), chosen };
    }
  }
  for (const row of around()) {
    for (const cell of row.cells) {
      if (isMerged(cell)) continue;
      const text = cellText(cell);
      const points = hintIn(text);
      if ((points === 3 || points === 4) && largest <= points) {
        const quote = MATRIX.exec(text)?.[0] ?? POINTS.exec(text)?.[0] ?? '';
        return { points, why: `“${quote}” in row ${row.row}`, proposed: evenConversion(points), chosen };
      }
    }
  }
  return null;
}

/** "1 → 1, 2 → 3, 3 → 5". */
export function describeConversion(c: Record<string, number>): string {
  return Object.entries(c)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([k, v]) => `${k} → ${v}`)
    .join(', ');
}

/** The file error while a 3- or 4-point file has no conversion chosen (a 6-point one is refused row by row). */
export function otherScaleError(s: OtherScale): string | null {
  if (s.chosen || s.points === 6) return null;
  return (
    `The file seems to use a ${s.points}-point scale (${s.why}, and every score is from 1 to ${s.points}), so its numbers ` +
    `are not yet 1–5. Confirm a conversion: the even one (${describeConversion(s.proposed)}), your own, or keep the ` +
    `numbers as they are (${describeConversion(evenIdentity(s.points))}) — in the wizard's choices, or as "convert" in the ` +
    `mapping, such as "convert": ${JSON.stringify(s.proposed)}. Then preview again.`
  );
}

/** Each point kept as the same number: what "keep the numbers as they are" means. */
export function evenIdentity(points: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let v = 1; v <= points; v++) out[String(v)] = v;
  return out;
}
