/**
 * Where the board pack's scoring criteria break between pages when they are longer than one page (issue 12, "no
 * near-empty pages"). The criteria appendix then starts a page of its own; Chromium breaks the Impact table
 * between rows (a row never splits, its header row repeats) and keeps the two-row Likelihood table whole. At some
 * descriptor lengths (about 150–190 characters) that leaves the Likelihood table alone on a page about a third
 * filled. This works out, from the heights of the criteria as laid out for print, the Impact row to break before
 * so that every page of the criteria stays at least `minFill` filled, or `null` when Chromium's own breaks
 * already do (or no forced break would help). Pure: the renderer measures, this decides.
 */
import { PDF_MARGIN_MM } from './board-pack.ts';

/** A4 landscape, as the pack is printed. */
export const PACK_SHEET_MM = { width: 297, height: 210 } as const;

/** CSS pixels per millimetre (96 per inch). */
export const PX_PER_MM = 96 / 25.4;

/** The least fill for a page of the criteria: the pack-shapes rule (35 %) with a margin, so a Likelihood table left at 37 % is balanced too. */
export const CRITERIA_MIN_FILL = 0.4;

/** A box's top and bottom in CSS px, measured from the top of the criteria appendix. */
export interface Span {
  top: number;
  bottom: number;
}

/** The criteria appendix as laid out at the printed width, all in CSS px from the appendix's top. */
export interface CriteriaLayout {
  /** The appendix's whole height. */
  height: number;
  /** The Impact table's header row (repeated on each page the table continues on). */
  headHeight: number;
  /** The Impact table's rows, in order. */
  rows: Span[];
  /** The Likelihood table, caption included (kept whole). */
  tail: Span;
}

/** The printable height of a page and where its content starts, in CSS px. */
export function packPageBox(): { content: number; sheet: number; top: number } {
  const sheet = PACK_SHEET_MM.height * PX_PER_MM;
  const top = PDF_MARGIN_MM.top * PX_PER_MM;
  return { sheet, top, content: sheet - top - PDF_MARGIN_MM.bottom * PX_PER_MM };
}

/**
 * The filled height of each page of the criteria, as Chromium lays them out from a page's top, breaking before
 * a row that does not fit (and before `forced`, an Impact row's index, when given).
 */
export function criteriaPages(layout: CriteriaLayout, pageHeight: number, forced?: number): number[] {
  const used: number[] = [];
  const first = layout.rows[0];
  if (!first) return [layout.height];
  let y = first.top;
  let previous = first.top;
  layout.rows.forEach((row, i) => {
    const h = row.bottom - row.top;
    const gap = row.top - previous;
    if ((i === forced && i > 0) || y + gap + h > pageHeight) {
      used.push(y);
      y = layout.headHeight + h;
    } else y += gap + h;
    previous = row.bottom;
  });
  const h = layout.tail.bottom - layout.tail.top;
  const gap = layout.tail.top - previous;
  if (y + gap + h > pageHeight) {
    used.push(y);
    y = h;
  } else y += gap + h;
  used.push(y);
  return used;
}

/**
 * The Impact row (index) to force a page break before, or null. Only when the criteria run over more than one
 * page and a page of theirs would be under `minFill`; the latest break that leaves every page at least
 * `minFill` filled and adds no page is chosen.
 */
export function criteriaBreak(layout: CriteriaLayout, minFill = CRITERIA_MIN_FILL): number | null {
  const page = packPageBox();
  if (layout.height <= page.content || layout.rows.length < 2) return null;
  const fills = (used: number[]) => used.map((u) => (page.top + u) / page.sheet);
  const least = (used: number[]) => Math.min(...fills(used));
  const natural = criteriaPages(layout, page.content);
  if (least(natural) >= minFill) return null;
  let best: { at: number; pages: number } | null = null;
  for (let at = layout.rows.length - 1; at >= 1; at--) {
    const used = criteriaPages(layout, page.content, at);
    if (least(used) < minFill || used.length > natural.length) continue;
    if (!best || used.length < best.pages) best = { at, pages: used.length };
  }
  return best?.at ?? null;
}
