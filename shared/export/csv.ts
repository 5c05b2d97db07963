/**
 * The summary as CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends, numbers as numbers, and every
 * text cell safe from formula injection (a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'`).
 */
import type { SummaryTable } from './summary.ts';
import { ownersText } from './summary.ts';

export const BOM = '\uFEFF';

/** A text cell that a spreadsheet will show as text, never run as a formula. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(value: string): string {
  return quote(neutralise(value));
}

export function csvNumber(value: number | null): string {
  return value === null ? '' : String(value);
}

/**
 * The title and what was chosen, a blank line, the table (the band name has its own column, since CSV has no
 * colour), a blank line, then the Key.
 */
export function summaryToCsv(table: SummaryTable): string {
  const headers = table.columns.flatMap((c) => (c.id === 'score' ? [c.header, 'Band'] : [c.header]));
  const withTravel = table.columns.some((c) => c.id === 'travel');
  const withAppetite = table.columns.some((c) => c.id === 'appetite');
  const withCee = table.columns.some((c) => c.id === 'causeEventEffect');
  const withTitle = table.columns.some((c) => c.id === 'title');
  const withTreatment = table.columns.some((c) => c.id === 'treatment');
  // The history head is a second cell on the subtitle line: no row moves, and re-import (which looks for the
  // header row, then stops at the Key) reads past it as it reads past the title.
  const subtitle = [table.subtitle, ...(table.historyNote ? [table.historyNote] : [])].map(csvText).join(',');
  const lines = [csvText(table.title), subtitle, '', headers.map(csvText).join(',')];
  for (const r of table.rows) {
    lines.push(
      [
        csvText(r.ref),
        csvText(r.category),
        csvText(r.description),
        csvNumber(r.impact),
        csvNumber(r.likelihood),
        csvNumber(r.score),
        csvText(r.band?.name ?? ''),
        csvText(r.mitigation),
        csvText(ownersText(r.owners)),
        ...(withTravel ? [csvText(r.travel ?? '')] : []),
        ...(withAppetite ? [csvText(r.appetite ?? '')] : []),
        ...(withCee ? [csvText(r.causeEventEffect ?? '')] : []),
        ...(withTitle ? [csvText(r.title ?? '')] : []),
        ...(withTreatment ? [csvText(r.treatment ?? '')] : []),
      ].join(','),
    );
  }
  lines.push('', 'Key', ['Score', 'RAG', 'Management action'].map(csvText).join(','));
  for (const k of table.key) lines.push([csvText(k.range), csvText(k.name), csvText(k.action)].join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
