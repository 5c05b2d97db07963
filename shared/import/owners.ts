/**
 * Owner cells as councils write them: initials (`SP/VV`, `DS DH`, `CH PA's HGO's`) and job titles
 * (`Head of Legal Services`, `Clerk/RFO, Chair, Full Council`). A job title is one owner, never split into words.
 *
 * Rules (the mapping's `ownerRule`):
 * - `one`: the whole cell is one owner.
 * - `split`: split on `/ , ; & +` only; each piece is one owner, spaces and all.
 * - `initials`: split on those and on spaces and the word "and" (every piece is a set of initials).
 * - without a rule, each cell is split safely: on `/ , ; & +`, and on spaces only inside a piece that is a run of
 *   short initials (`DS DH HGO's`); any other piece with spaces (`Full Council`) is one owner.
 */
import { normaliseOwnerToken, splitOwners } from '../owners.ts';

export const OWNER_RULES = ['one', 'split', 'initials'] as const;
export type OwnerRule = (typeof OWNER_RULES)[number];

const upper = (t: string) => (t.match(/\p{Lu}/gu) ?? []).length;

/** Initials such as SP, CHo, HGOs, PAs; short words with a capital (Cho) only beside clearer initials. */
function initialsLike(token: string, strong: boolean): boolean {
  if (!/^\p{Lu}[\p{L}]{0,3}$/u.test(token)) return false;
  return upper(token) >= 2 || (strong && token.length <= 3);
}

/** A piece of a cell that is a run of short initials: `DS DH`, `SP Cho JG`, `DS and DH`. */
export function isInitialsRun(piece: string): boolean {
  const tokens = piece
    .split(/\s+/)
    .map(normaliseOwnerToken)
    .filter((t) => t && t.toLowerCase() !== 'and');
  if (tokens.length < 2) return false;
  const strong = tokens.some((t) => initialsLike(t, false));
  return strong && tokens.every((t) => initialsLike(t, strong));
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The owners one cell names, by the rule (or the safe default). Each at most once, in order. */
export function ownersOfCell(cell: string, rule?: OwnerRule): string[] {
  const text = collapse(cell);
  if (!text) return [];
  if (rule === 'initials') return splitOwners(text);
  if (rule === 'one') return [normaliseOwnerToken(text)].filter(Boolean);
  const out: string[] = [];
  for (const raw of text.split(/\s*[/,;&+]\s*/)) {
    const piece = collapse(raw);
    if (!piece) continue;
    if (rule !== 'split' && isInitialsRun(piece)) out.push(...splitOwners(piece));
    else out.push(normaliseOwnerToken(piece));
  }
  return [...new Set(out.filter(Boolean))];
}

/** An owner that is a job title or a name (spaces in it), not a set of initials. */
export function isTitleOwner(owner: string): boolean {
  return /\s/.test(owner);
}

const SMALL_WORDS = new Set(['of', 'and', 'the', 'for', 'to', 'in', 'on', 'at', 'a', 'an', '&']);

/**
 * The key (initials) a job-title owner gets in the owners directory: the capitals of its words, small words left
 * out ("Head of Legal Services" → HLS, "Full Council" → FC). The importer adds 2, 3… when another owner already
 * has that key under another name.
 */
export function titleKey(title: string): string {
  const letters = title
    .split(/\s+/)
    .filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()))
    .map((w) => (/\p{L}|\p{N}/u.exec(w)?.[0] ?? '').toUpperCase())
    .join('');
  return (letters || 'OWNER').slice(0, 30);
}
