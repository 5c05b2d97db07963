/**
 * Splitting an imported free-text Mitigation into controls (issue 13): one proposal per line, bullet or numbered
 * item, and, for a line that is running prose, one per sentence. Pure; the user edits or unticks proposals
 * before anything is written (`controls:split`), and the CLI's `controls split --dry-run` prints the same list.
 */

/** A bullet or a number at the start of a line: "•", "-", "*", "–", "1.", "2)", "(a)", "a)", "i.". */
const BULLET = /^\s*(?:[•●▪◦·*–—-]+|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])\s+/i;

/** Words whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'incl',
  'inc',
  'no',
  'nos',
  'vs',
  'approx',
  'cllr',
  'dr',
  'mr',
  'mrs',
  'ms',
  'st',
  'dept',
]);

function sentences(line: string): string[] {
  // A full stop, question or exclamation mark, then space, then what starts a sentence.
  const parts = line.split(/(?<=[.!?])\s+(?=[A-Z0-9“"‘'(])/);
  const out: string[] = [];
  for (const part of parts) {
    const prev = out.at(-1);
    const lastWord = prev?.slice(0, -1).split(/\s+/).at(-1)?.toLowerCase().replace(/^\(/, '');
    if (prev !== undefined && lastWord !== undefined && ABBREVIATIONS.has(lastWord)) {
      out[out.length - 1] = `${prev} ${part}`;
    } else out.push(part);
  }
  return out;
}

/**
 * The controls a Mitigation text proposes, in order, trimmed, without bullets, blanks or repeats (any case).
 * A text with bullets or several lines is split by line; a single paragraph by sentence.
 */
export function proposeControls(mitigation: string): string[] {
  const lines = mitigation
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const pieces: string[] = [];
  for (const line of lines) {
    const bulleted = BULLET.test(line);
    const body = line.replace(BULLET, '').trim();
    // A bullet is one control; a line of prose may hold several sentences.
    if (bulleted) pieces.push(body);
    else pieces.push(...sentences(body));
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of pieces) {
    const text = p.replace(/\s+/g, ' ').replace(/[;,]$/, '').trim();
    const key = text.toLowerCase().replace(/[.!]$/, '');
    if (!text || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}
