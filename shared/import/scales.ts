/**
 * Words and letters in score columns (Rare … Almost certain, Insignificant … Catastrophic, Low/Medium/High, A–E):
 * recognised, turned into 1–5 by a table the user sees and can change (the mapping's `scales`), and never taken
 * silently: a word the user has not confirmed (in the mapping, or remembered from the last import) is a repair
 * to accept.
 */
import type { CellValue, ScaleUse } from './types.ts';

export type { ScaleUse };
import { readNumber, readScoreValue, type ScoreRead } from './values.ts';

/** A known scale: its name as shown, and each word's value on 1–5. */
interface KnownScale {
  name: string;
  words: Record<string, number>;
}

/**
 * Tried in this order for each column: the first scale holding every word of the column is proposed. Low/Medium/
 * High alone is a 3-point scale spread over 1, 3 and 5; with "Very low" or "Very high" it is the 5-point scale.
 * Letters follow the usual local-government matrix, A the most likely or severe: A=5 … E=1 (change it in `scales`
 * when the file's key says otherwise).
 */
export const KNOWN_SCALES: readonly KnownScale[] = [
  {
    name: 'Rare … Almost certain',
    words: { rare: 1, unlikely: 2, possible: 3, likely: 4, 'almost certain': 5 },
  },
  {
    name: 'Insignificant … Catastrophic',
    words: { insignificant: 1, negligible: 1, minor: 2, moderate: 3, major: 4, catastrophic: 5 },
  },
  { name: 'Low / Medium / High (3 points → 1, 3, 5)', words: { low: 1, medium: 3, med: 3, high: 5 } },
  {
    name: 'Very low … Very high',
    words: { 'very low': 1, low: 2, medium: 3, med: 3, high: 4, 'very high': 5 },
  },
  { name: 'A … E (A highest)', words: { a: 5, b: 4, c: 3, d: 2, e: 1 } },
];

/** How a word is compared: lower case, single spaces, no surrounding punctuation. */
export function scaleKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s.:;-]+|[\s.:;-]+$/g, '');
}

function wordsOf(cells: readonly (CellValue | undefined)[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cells) {
    const n = readNumber(c);
    if (n.kind !== 'text') continue;
    const k = scaleKey(n.text);
    if (k && !out.has(k)) out.set(k, n.text.trim());
  }
  return out;
}

function lookup(table: Record<string, number> | undefined, key: string): number | undefined {
  if (!table) return undefined;
  for (const [k, v] of Object.entries(table)) if (scaleKey(k) === key) return v;
  return undefined;
}

/**
 * The word → number table for the score columns of a file: `columns` holds, for each score column, its cells.
 * Words that no table names and no known scale covers are left out (the row check names them as errors).
 */
export function proposeScales(
  columns: readonly (readonly (CellValue | undefined)[])[],
  supplied: Record<string, number> | undefined,
  remembered: Record<string, number> | undefined,
): Map<string, ScaleUse> {
  const table = new Map<string, ScaleUse>();
  const conflicts = new Set<string>();
  for (const cells of columns) {
    const words = wordsOf(cells);
    const open: string[] = [];
    for (const [key, word] of words) {
      const s = lookup(supplied, key);
      const r = s === undefined ? lookup(remembered, key) : undefined;
      if (s !== undefined) table.set(key, { word, value: s, source: 'supplied', cells: 0 });
      else if (r !== undefined && !table.has(key))
        table.set(key, { word, value: r, source: 'remembered', cells: 0 });
      else if (r === undefined) open.push(key);
    }
    if (!open.length) continue;
    const scale = KNOWN_SCALES.find((k) => open.every((w) => k.words[w] !== undefined));
    if (!scale) continue;
    for (const key of open) {
      const value = scale.words[key] ?? 0;
      const had = table.get(key);
      if (had && had.source === 'proposed' && had.value !== value) conflicts.add(key);
      if (!had)
        table.set(key, {
          word: words.get(key) ?? key,
          value,
          source: 'proposed',
          scale: scale.name,
          cells: 0,
        });
    }
  }
  // A word two columns would read differently (Low = 1 on a 3-point column, 2 on a 5-point one) is not guessed.
  for (const k of conflicts) table.delete(k);
  for (const cells of columns)
    for (const c of cells) {
      const n = readNumber(c);
      if (n.kind !== 'text') continue;
      const use = table.get(scaleKey(n.text));
      if (use) use.cells += 1;
    }
  return table;
}

export type WordScoreRead = ScoreRead & {
  word?: { text: string; use: ScaleUse };
  /** A number made whole or converted from another scale: what the file had, and how. */
  converted?: { published: string; how: string };
};

export interface NumberChoices {
  rounding?: 'half-up' | 'up' | 'down' | undefined;
  convert?: Record<string, number> | undefined;
  /** The largest number in the score columns, to name a scale that is not 1–5. */
  largest?: number | undefined;
}

function rounded(n: number, rule: 'half-up' | 'up' | 'down'): number {
  const x = Number(n.toFixed(9));
  return rule === 'up' ? Math.ceil(x) : rule === 'down' ? Math.floor(x) : Math.floor(x + 0.5);
}

/** A conversion to offer for a scale of `points` points: spread evenly over 1–5 ({1:1, 2:3, 3:5} for 3). */
export function evenConversion(points: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let v = 1; v <= points; v++) out[String(v)] = Math.floor(1 + ((v - 1) * 4) / (points - 1) + 0.5);
  return out;
}

function convertHint(largest: number | undefined): string {
  if (largest !== 6) return '';
  return (
    ` The score columns go up to ${largest}, so the file seems to use a ${largest}-point scale: say how each point becomes 1–5 ` +
    `in the mapping's convert, such as "convert": ${JSON.stringify(evenConversion(largest))}.`
  );
}

/** A number cell on another scale, or a decimal: converted only as the mapping says, never guessed. */
function readNumberWith(cell: CellValue | undefined, label: string, choices: NumberChoices): WordScoreRead {
  const n = readNumber(cell);
  if (n.kind !== 'number') return readScoreValue(cell, label);
  const published = String(Number(n.value.toFixed(6)));
  const hows: string[] = [];
  let v = n.value;
  if (!Number.isInteger(v)) {
    if (!choices.rounding) {
      return {
        ok: false,
        message:
          `${label} is ${published}, not a whole number (an average, perhaps). Choose how decimals are made whole in the ` +
          `mapping ("rounding": "half-up", "up" or "down"); the published value is kept in the import's history.` +
          convertHint(choices.largest),
      };
    }
    v = rounded(v, choices.rounding);
    hows.push(`rounded ${choices.rounding}`);
  }
  if (choices.convert) {
    const to = choices.convert[String(v)];
    if (to === undefined) {
      return {
        ok: false,
        message: `${label} is ${published}${hows.length ? ` (${v} once ${hows.join(', ')})` : ''}, but the mapping's convert does not say what ${v} becomes. Add it to convert, then preview again.`,
      };
    }
    if (to !== v || hows.length) hows.push(`converted ${v} → ${to}`);
    v = to;
  } else if (v < 1 || v > 5) {
    return {
      ok: false,
      message:
        `${label} must be a whole number from 1 to 5; the file has ${published}` +
        (hows.length ? ` (${v} once ${hows.join(', ')})` : '') +
        '.' +
        (convertHint(choices.largest) || ' Correct it in the file, then import again.'),
    };
  }
  const read: WordScoreRead = { ok: true, value: v as 1 | 2 | 3 | 4 | 5 };
  if (hows.length) read.converted = { published, how: hows.join(', ') };
  return read;
}

/** A 1–5 score cell that may hold a word of the table. */
export function readScoreWith(
  cell: CellValue | undefined,
  label: string,
  table: ReadonlyMap<string, ScaleUse>,
  choices: NumberChoices = {},
): WordScoreRead {
  const n = readNumber(cell);
  if (
    n.kind === 'number' &&
    (choices.rounding || choices.convert || !Number.isInteger(n.value) || n.value > 5)
  )
    return readNumberWith(cell, label, choices);
  if (n.kind !== 'text') return readScoreValue(cell, label);
  const use = table.get(scaleKey(n.text));
  if (use) {
    if (!Number.isInteger(use.value) || use.value < 1 || use.value > 5) {
      return {
        ok: false,
        message: `${label} “${n.text}” is mapped to ${use.value}, but scores are whole numbers from 1 to 5. Correct the mapping's scales.`,
      };
    }
    return { ok: true, value: use.value as 1 | 2 | 3 | 4 | 5, word: { text: n.text, use } };
  }
  const known = KNOWN_SCALES.some((k) => k.words[scaleKey(n.text)] !== undefined);
  return {
    ok: false,
    message:
      `${label} must be a whole number from 1 to 5; the file has “${n.text}”` +
      (known
        ? ', a word that the other columns read differently, so it is not guessed.'
        : ', which is not a word of a known scale.') +
      ` Say what it means in the mapping's scales, such as "scales": { "${n.text}": 4 }, or correct the file, then import again.`,
  };
}
