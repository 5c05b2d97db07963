/** Reading single cells: numbers, dd/mm/yyyy dates and RAG words, each with a message when it cannot be read. */
import type { BandKey } from '../band-key.ts';
import { cellText } from './cells.ts';
import type { CellValue } from './types.ts';

export type NumberCell =
  { kind: 'empty' } | { kind: 'number'; value: number } | { kind: 'text'; text: string };

/**
 * The reads of an empty cell and of the digits 0–9, one object each, shared by every cell that reads so (issue 14:
 * the check reads each score cell several times, ~1,000,000 objects at 100,000 rows). Frozen: nothing changes a read.
 */
const EMPTY_CELL: NumberCell = Object.freeze({ kind: 'empty' });
const DIGITS: readonly NumberCell[] = Object.freeze(
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((value) => Object.freeze({ kind: 'number', value }) as NumberCell),
);

export function readNumber(cell: CellValue | undefined): NumberCell {
  if (cell === undefined) return EMPTY_CELL;
  if (typeof cell === 'number') {
    // An XLSX score cell: a whole number 0–9 reads as the shared digit.
    return cell >= 0 && cell <= 9 && Number.isInteger(cell) && !Object.is(cell, -0)
      ? (DIGITS[cell] as NumberCell)
      : { kind: 'number', value: cell };
  }
  if (typeof cell === 'object' && cell.number !== undefined) return { kind: 'number', value: cell.number };
  // One digit (nearly every score cell, read several times per row by the check): no regular expression, no trim.
  const text = cellText(cell);
  if (text.length === 1) {
    const digit = text.charCodeAt(0) - 48;
    if (digit >= 0 && digit <= 9) return DIGITS[digit] as NumberCell;
  }
  const t = text.trim();
  if (!t) return EMPTY_CELL;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return { kind: 'number', value: Number(t) };
  return { kind: 'text', text: t };
}

/** How a value reads in a message: 2.5, “High”. */
export function shown(cell: NumberCell): string {
  if (cell.kind === 'number') return String(Number(cell.value.toFixed(6)));
  if (cell.kind === 'text') return `“${cell.text}”`;
  return 'nothing';
}

export type ScoreRead = { ok: true; value: 1 | 2 | 3 | 4 | 5 | null } | { ok: false; message: string };

/**
 * The reads of an empty score cell (at 0) and of the whole scores 1–5: one object each, shared by every cell that
 * reads so (issue 14: two score cells a row, each read twice by the check). Frozen: nothing changes a read.
 */
export const SCORE_READS: readonly ScoreRead[] = Object.freeze(
  [null, 1, 2, 3, 4, 5].map((value) => Object.freeze({ ok: true, value }) as ScoreRead),
);

/** A 1–5 score cell. Empty reads as null; 4.0 reads as 4; anything else is an error naming the field. */
export function readScoreValue(cell: CellValue | undefined, label: string): ScoreRead {
  const n = readNumber(cell);
  if (n.kind === 'empty') return SCORE_READS[0] as ScoreRead;
  if (n.kind === 'number' && Number.isInteger(n.value) && n.value >= 1 && n.value <= 5) {
    return SCORE_READS[n.value] as ScoreRead;
  }
  const lo = n.kind === 'number' ? Math.floor(n.value) : 0;
  const hi = n.kind === 'number' ? Math.ceil(n.value) : 0;
  const why =
    n.kind === 'number' && !Number.isInteger(n.value) && (n.value > 5 || n.value < 1)
      ? ' The file may use another scale (such as 1–6 or 0–10): convert its scores to 1–5 in the file, then import again.'
      : n.kind === 'number' && !Number.isInteger(n.value)
        ? ` Scores are whole numbers: correct it in the file (to ${lo} or ${hi}), then import again.`
        : ' Correct it in the file, then import again.';
  return {
    ok: false,
    message: `${label} must be a whole number from 1 to 5; the file has ${shown(n)}.${why}`,
  };
}

export type DateRead =
  | { ok: true; iso: string | null }
  | { ok: false; message: string }
  | { ok: 'month-first?'; day: number; month: number; year: number };

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date written dd/mm/yyyy (also d/m/yyyy, with - or . between), yyyy-mm-dd, or held as a date by Excel.
 * Two-digit years and words are refused rather than guessed.
 */
export function readDate(cell: CellValue | undefined, label: string): DateRead {
  if (cell === undefined) return { ok: true, iso: null };
  if (typeof cell === 'object' && cell.date) return { ok: true, iso: cell.date };
  const t = cellText(cell).trim();
  if (!t) return { ok: true, iso: null };
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (validDate(y, m, d)) return { ok: true, iso: t };
    return {
      ok: false,
      message: `${label} “${t}” is not a real date. Write it as dd/mm/yyyy, then import again.`,
    };
  }
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(t);
  if (!dmy) {
    return {
      ok: false,
      message: `${label} “${t}” is not a date the register can read. Write it as dd/mm/yyyy, such as 31/03/2026, then import again.`,
    };
  }
  const [a, b, yText] = [Number(dmy[1]), Number(dmy[2]), dmy[3] ?? ''];
  if (yText.length !== 4) {
    return {
      ok: false,
      message: `${label} “${t}” has a ${yText.length}-digit year, which could mean more than one century. Write the year in full (dd/mm/yyyy), then import again.`,
    };
  }
  const y = Number(yText);
  if (b > 12 && a <= 12 && validDate(y, a, b)) return { ok: 'month-first?', day: b, month: a, year: y };
  if (!validDate(y, b, a)) {
    return {
      ok: false,
      message: `${label} “${t}” is not a real date read as dd/mm/yyyy. Correct it, then import again.`,
    };
  }
  return { ok: true, iso: `${y}-${pad(b)}-${pad(a)}` };
}

/** yyyy-mm-dd → dd/mm/yyyy. */
export function ukDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export type RagRead =
  | { kind: 'empty' }
  | { kind: 'band'; name: string }
  | { kind: 'score'; value: number }
  | { kind: 'unknown'; text: string };

/** A RAG cell: a band name ("Amber"), its initial ("A") when only one band starts with it, or a score. */
export function readRag(cell: CellValue | undefined, key: BandKey): RagRead {
  const n = readNumber(cell);
  if (n.kind === 'empty') return { kind: 'empty' };
  if (n.kind === 'number') return { kind: 'score', value: n.value };
  const t = n.text.trim();
  // "15 Amber" (as this app exports it) or "Amber (15)".
  const words = t.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
  for (const w of [t, ...words]) {
    const byName = key.find((b) => b.name.toLowerCase() === w.toLowerCase());
    if (byName) return { kind: 'band', name: byName.name };
  }
  if (t.length === 1) {
    const byInitial = key.filter((b) => b.name[0]?.toLowerCase() === t.toLowerCase());
    if (byInitial.length === 1 && byInitial[0]) return { kind: 'band', name: byInitial[0].name };
  }
  return { kind: 'unknown', text: t };
}
