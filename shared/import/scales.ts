/**
 * Words and letters in score columns (Rare … Almost certain, Insignificant … Catastrophic, Low/Medium/High, A–E):
 * recognised, turned into 1–5 by a table the user sees and can change (the mapping's `scales`), and never taken
 * silently: a word the user has not confirmed (in the mapping, or remembered from the last import) is a repair
 * to accept.
 */
import type { ScaleUse, SourceCell } from './types.ts';

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

function wordsOf(cells: readonly (SourceCell | undefined)[]): Map<string, string> {
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
  columns: readonly (readonly (SourceCell | undefined)[])[],
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

export type WordScoreRead = ScoreRead & { word?: { text: string; use: ScaleUse } };

/** A 1–5 score cell that may hold a word of the table. */
export function readScoreWith(
  cell: SourceCell | undefined,
  label: string,
  table: ReadonlyMap<string, ScaleUse>,
): WordScoreRead {
  const n = readNumber(cell);
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
