/**
 * The PDF board pack: the print route the renderer draws it at, and Chromium's print settings (A4 landscape,
 * colours kept, page numbers and the as-at date in the footer). Pure, so the Electron shell, the CLI and the
 * tests print it the same way.
 */
import type { SummaryScores, SummarySort } from './summary.ts';

export interface BoardPackRequest {
  scores: SummaryScores;
  /** Band names to include; null for all. */
  bands: string[] | null;
  sort: SummarySort;
  /** The "as at" day, yyyy-mm-dd. */
  asAt: string;
  /** A direction-of-travel column (current scores only). */
  travel: boolean;
  /** The protective marking printed on every page; the register's own (OFFICIAL by default) when absent. */
  marking?: string | undefined;
  /** With the exempt Part B (confidential risks); the public Part A only when false. */
  exempt?: boolean | undefined;
}

/** The cover's register settings. */
export interface BoardSettings {
  /** Government Security Classifications marking: OFFICIAL by default. */
  marking: string;
  /** The paper's version, such as "1.0" or "Draft 2". */
  version: string;
  preparedBy: string;
  approvedBy: string;
}

export const DEFAULT_BOARD_SETTINGS: BoardSettings = {
  marking: 'OFFICIAL',
  version: '1.0',
  preparedBy: '',
  approvedBy: '',
};

export const MARKING_MAX = 60;
export const BOARD_TEXT_MAX = 120;

export const BOARD_PACK_PATH = '#/print/board-pack';

/**
 * The function the print view puts on its `window` (renderer/main.tsx) so a printer that keeps its page open (a
 * warm print page: db/pdf/chromium.ts, electron/pdf.ts) can hand it the next request's route: it returns true once
 * the previous pack is gone and the new one is on the page, not yet ready (false for a route that is not the
 * pack's); the printer then waits for ready as after a navigation.
 */
export const PRINT_NEXT_FUNCTION = '__rrPrintNext';

/** yyyy-mm-dd of a date, in local time (as the "as at" date is printed). */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The local midnight of a yyyy-mm-dd day, or null when it is not one. */
export function dayFromIso(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDay(d) === day ? d : null;
}

/** `#/print/board-pack?scores=current&sort=ref&asAt=2026-11-22&band=Red&band=Amber` */
export function boardPackRoute(request: BoardPackRequest): string {
  const pairs: [string, string][] = [
    ['scores', request.scores],
    ['sort', request.sort],
    ['asAt', request.asAt],
    ...(request.travel ? [['travel', '1'] as [string, string]] : []),
    ...(request.marking ? [['marking', request.marking] as [string, string]] : []),
    ...(request.exempt ? [['exempt', '1'] as [string, string]] : []),
    ...(request.bands ?? []).map((b): [string, string] => ['band', b]),
  ];
  const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${BOARD_PACK_PATH}?${query}`;
}

/** Query pairs of `a=1&b=2`, decoded; a malformed one is left out. */
function queryPairs(query: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of query.split('&')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    try {
      out.push([part.slice(0, at), decodeURIComponent(part.slice(at + 1).replace(/\+/g, ' '))]);
    } catch {
      // Not valid percent-encoding: ignore the pair.
    }
  }
  return out;
}

/** The request in a location hash, or null when the hash is not the board pack's. */
export function parseBoardPackRoute(hash: string): BoardPackRequest | null {
  if (hash !== BOARD_PACK_PATH && !hash.startsWith(`${BOARD_PACK_PATH}?`)) return null;
  const pairs = queryPairs(hash.slice(BOARD_PACK_PATH.length + 1));
  const get = (key: string) => pairs.find(([k]) => k === key)?.[1] ?? '';
  const bands = pairs.filter(([k, v]) => k === 'band' && v.trim() !== '').map(([, v]) => v);
  const asAt = get('asAt');
  return {
    scores: get('scores') === 'target' ? 'target' : 'current',
    sort: get('sort') === 'score' ? 'score' : 'ref',
    bands: bands.length > 0 ? bands : null,
    asAt: dayFromIso(asAt) ? asAt : isoDay(new Date()),
    travel: get('travel') === '1',
    ...(get('marking').trim() ? { marking: get('marking').trim() } : {}),
    exempt: get('exempt') === '1',
  };
}

/** Page margins in millimetres; the bottom one leaves room for the footer. */
export const PDF_MARGIN_MM = { top: 10, right: 10, bottom: 14, left: 10 } as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Chromium draws no header. */
export const PDF_HEADER_TEMPLATE = '<span></span>';

/**
 * The footer on every page: the register and as-at date on the left, "Page 2 of 3" on the right. Chromium
 * fills the `pageNumber` and `totalPages` spans; the template has no stylesheet, so its styles are inline.
 */
export function pdfFooterTemplate(text: string): string {
  const font = "font-family: system-ui, 'Segoe UI', Roboto, Arial, sans-serif; font-size: 8pt; color: #444;";
  return (
    `<div style="${font} width: 100%; margin: 0 ${PDF_MARGIN_MM.left}mm; display: flex; ` +
    `justify-content: space-between; -webkit-print-color-adjust: exact;">` +
    `<span>${escapeHtml(text)}</span>` +
    `<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
  );
}

/** What a board pack PDF must start with. */
export function looksLikePdf(data: Uint8Array): boolean {
  return data.length > 4 && String.fromCharCode(...data.subarray(0, 5)) === '%PDF-';
}
