/**
 * Natural order of risk refs (SR2 before SR10), as `Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' })`
 * orders them, without making the collator for the common shape: letters A–Z (any case) then digits, such as "SR7",
 * "ORG12", "7". Making the collator loads ICU's collation data, about 0.1 s of every CLI `list` (issue 14); refs of
 * any other shape (punctuation, spaces, accents, long numbers) are compared by the collator, made on first use.
 *
 * Why the fast path agrees with the collator: at primary strength case is ignored, Latin letters sort alphabetically,
 * digits sort before letters, and a run of digits compares by its numeric value (leading zeros ignored). Comparing
 * the lower-cased letter prefixes ordinally gives the same answer: where they differ at a letter it is alphabetical,
 * and where one prefix is the start of the other, the shorter is followed by a digit and the longer by a letter.
 * test/unit/ref-order.test.ts checks this against the collator on generated refs.
 */
let collator: Intl.Collator | undefined;

function collate(a: string, b: string): number {
  collator ??= new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b);
}

/**
 * The length of a plain ref's letters (`/^[A-Za-z]*\d{1,15}$/`), or -1 for a ref of any other shape. Scanned by
 * character code, with no regular expression, substring or lower-cased copy: a whole-register sort or order check
 * compares 100,000 refs or more, and the summary export makes three such passes.
 */
function lettersOf(ref: string): number {
  const n = ref.length;
  let i = 0;
  // `| 0x20` folds A–Z onto a–z and leaves no other code in a–z.
  while (i < n && ((ref.charCodeAt(i) | 0x20) - 97) >>> 0 < 26) i += 1;
  const digits = n - i;
  if (digits < 1 || digits > 15) return -1;
  for (let j = i; j < n; j += 1) if ((ref.charCodeAt(j) - 48) >>> 0 > 9) return -1;
  return i;
}

/** The value of a plain ref's digits (at most 15: exact in a double). */
function numberOf(ref: string, from: number): number {
  let value = 0;
  for (let j = from; j < ref.length; j += 1) value = value * 10 + (ref.charCodeAt(j) - 48);
  return value;
}

export function compareRefs(a: string, b: string): number {
  const la = lettersOf(a);
  const lb = la < 0 ? -1 : lettersOf(b);
  if (la < 0 || lb < 0) return collate(a, b);
  // The lower-cased letters compared as strings: the first differing letter, else the shorter first.
  const common = la < lb ? la : lb;
  for (let k = 0; k < common; k += 1) {
    const ca = a.charCodeAt(k) | 0x20;
    const cb = b.charCodeAt(k) | 0x20;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  if (la !== lb) return la < lb ? -1 : 1;
  const na = numberOf(a, la);
  const nb = numberOf(b, lb);
  return na === nb ? 0 : na < nb ? -1 : 1;
}
