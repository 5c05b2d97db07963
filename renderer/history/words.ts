/** History in words: arrows with their text, field names as people say them, entries as sentences. */
import type { BandKey } from '../../shared/band-key.ts';
import type { HistoryEntry, ReviewCycle } from '../../shared/domain.ts';
import type { Direction, TimeInBand } from '../../shared/travel.ts';
import { CYCLE_LABELS, describeValue } from '../../shared/travel.ts';
import { formatDate, formatTime } from '../format/dates.ts';
import { orangeEntryWords } from './orange-words.ts';

/** ▲ up, ▼ down, ▶ unchanged, • new: always shown beside words, never alone. */
export const ARROWS: Record<Direction, string> = {
  up: '▲',
  down: '▼',
  unchanged: '▶',
  new: '•',
  unscored: '–',
};

const FIELD_LABELS: Record<string, string> = {
  current: 'Current score',
  inherent: 'Inherent score',
  target: 'Target score',
  description: 'Description',
  mitigation: 'Mitigation',
  category: 'Category',
  owners: 'Owner(s)',
  ref: 'Ref',
  review: 'Review',
  reviewCycle: 'Review cycle',
  nextReview: 'Next review',
  snapshot: 'Snapshot',
  name: 'Name',
  initials: 'Initials',
  appetite: 'Appetite',
  order: 'Order',
  owner: 'Owner',
  key: 'Band key',
};

export function fieldLabel(field: string | null): string {
  if (!field) return '';
  return (
    FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())
  );
}

const ACTION_WORDS: Record<HistoryEntry['action'], string> = {
  create: 'Created',
  update: 'Changed',
  archive: 'Archived',
  restore: 'Restored',
  delete: 'Deleted',
  import: 'Imported',
  export: 'Exported',
  review: 'Reviewed',
};

/** A recorded label for display: straight double quotes (as older entries wrote them) become “ and ”. */
export function labelWords(label: string): string {
  return label.replace(/"([^"]*)"/g, '“$1”').replace(/"/g, '”');
}

export function actionWord(action: HistoryEntry['action']): string {
  return ACTION_WORDS[action];
}

/** "22/11/2026 14:32" */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return `${formatDate(d)} ${formatTime(d)}`;
}

/** yyyy-mm-dd → dd/mm/yyyy */
export function formatDay(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** "Amber for 3 reviews", or "Amber for 12 days" before the first review in the band. */
export function timeInBandShort(t: TimeInBand): string {
  if (t.reviews > 0) return `${t.band} for ${t.reviews} ${t.reviews === 1 ? 'review' : 'reviews'}`;
  return `${t.band} for ${t.days} ${t.days === 1 ? 'day' : 'days'}`;
}

export interface EntryWords {
  what: string;
  old: string;
  new: string;
}

/** What an entry changed, in words: "Current score: 4 × 2 = 8 Yellow → 3 × 3 = 9 Yellow". */
export function describeEntry(e: HistoryEntry, key: BandKey): EntryWords {
  if (e.action === 'review') {
    const v = (e.newValue ?? {}) as { scoreChanged?: boolean };
    return {
      what: v.scoreChanged ? 'Reviewed, score changed' : 'Reviewed, score kept',
      old: '',
      new: describeValue(e.newValue, key),
    };
  }
  const orange = orangeEntryWords(e, key);
  if (orange) return orange;
  if (e.field === null) {
    return { what: actionWord(e.action), old: '', new: '' };
  }
  const label = fieldLabel(e.field);
  if (e.field === 'reviewCycle') {
    const cycle = (v: unknown) =>
      typeof v === 'string' && v in CYCLE_LABELS ? CYCLE_LABELS[v as ReviewCycle] : '';
    return { what: label, old: cycle(e.oldValue), new: cycle(e.newValue) };
  }
  return {
    what: e.action === 'update' ? label : `${actionWord(e.action)}: ${label}`,
    old: valueInWords(e.oldValue, key),
    new: valueInWords(e.newValue, key),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A band of a key: "Amber 11–15". */
function bandWords(o: Record<string, unknown>): string | null {
  if (typeof o.name !== 'string' || typeof o.min !== 'number' || typeof o.max !== 'number') return null;
  return `${o.name} ${o.min}–${o.max}`;
}

/**
 * A recorded value in words, never as raw JSON: scores, dates and lists as `describeValue` says them; a band
 * key as its bands ("Green 1–5, Yellow 6–10"); any other record as "Label: value" pairs (ids left out).
 */
export function valueInWords(value: unknown, key: BandKey, depth = 0): string {
  if (typeof value === 'number') return value.toLocaleString('en-GB');
  const plain = describeValue(value, key);
  if (!plain.startsWith('{') && !plain.startsWith('[')) return plain;
  if (depth > 2) return '';
  if (Array.isArray(value)) {
    const parts = value.map((v) =>
      isRecord(v) ? (bandWords(v) ?? valueInWords(v, key, depth + 1)) : valueInWords(v, key, depth + 1),
    );
    const words = parts.filter((p) => p !== '');
    return words.length ? words.join(', ') : '(none)';
  }
  if (isRecord(value)) {
    const band = bandWords(value);
    if (band) return band;
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (/(^id$|Id$)/.test(k) || v === null || v === undefined || v === '') continue;
      const words = valueInWords(v, key, depth + 1);
      if (words) parts.push(`${fieldLabel(k)}: ${words}`);
    }
    return parts.join('; ');
  }
  return plain;
}
