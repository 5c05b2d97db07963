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
const PLAIN = /^([A-Za-z]*)(\d{1,15})$/;

let collator: Intl.Collator | undefined;

function collate(a: string, b: string): number {
  collator ??= new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b);
}

export function compareRefs(a: string, b: string): number {
  const ma = PLAIN.exec(a);
  const mb = ma ? PLAIN.exec(b) : null;
  if (!ma || !mb) return collate(a, b);
  const pa = (ma[1] as string).toLowerCase();
  const pb = (mb[1] as string).toLowerCase();
  if (pa !== pb) return pa < pb ? -1 : 1;
  const na = Number(ma[2]);
  const nb = Number(mb[2]);
  return na === nb ? 0 : na < nb ? -1 : 1;
}
