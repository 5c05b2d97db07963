/** Generated refs for rows without a usable one: the next free number of the commonest prefix (SR20 after SR19). */

/**
 * A ref as councils publish them: SR4, CR-07, CR/07, 4.2a, CR-07(a). Starts with a letter or digit; then letters,
 * digits, dots, dashes, slashes and round brackets. No spaces (they split a cell of refs) and nothing a
 * spreadsheet reads as a formula.
 */
export const REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/()-]*$/;
export const REF_MAX = 20;

/** Hands out refs one after another, never one already taken (compared without regard to case). */
export function refGenerator(taken: Iterable<string>): () => string {
  const used = new Set<string>();
  const byPrefix = new Map<string, number>();
  const maxOf = new Map<string, number>();
  for (const ref of taken) {
    used.add(ref.toLowerCase());
    const m = /^(.*?)(\d+)$/.exec(ref);
    if (!m) continue;
    const prefix = m[1] ?? '';
    byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
    maxOf.set(prefix, Math.max(maxOf.get(prefix) ?? 0, Number(m[2])));
  }
  let prefix = 'SR';
  let best = 0;
  for (const [p, n] of byPrefix) {
    if (n > best) {
      best = n;
      prefix = p;
    }
  }
  let next = (maxOf.get(prefix) ?? 0) + 1;
  return () => {
    while (used.has(`${prefix}${next}`.toLowerCase())) next += 1;
    const ref = `${prefix}${next}`;
    used.add(ref.toLowerCase());
    next += 1;
    return ref;
  };
}
