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

/**
 * The first row of each ref in a file, compared without regard to case, for refs of REF_PATTERN (ASCII). Issue 14: a
 * Map of lower-cased refs, asked then added to on every row, was the check's largest line at 100,000 rows (a copy of
 * each ref, and a look-up in a table too large for the cache). A ref that is a prefix and a number without a leading
 * zero (SR12, CR-7, 4) is kept in a list by its number, one list per prefix, the prefix compared as written with the
 * last one's first (the next ref almost always shares it); any other ref (SR012, 4.2a, CR-07(a)) by its lower case in a
 * Map, as before. Case never changes digits, so two refs that differ only in case are always kept the same way.
 */
export class RefRows {
  private readonly byKey = new Map<string, number>();
  private readonly byPrefix = new Map<string, number[]>();
  /** The last numbered ref's prefix as written, and its list. */
  private lastPrefix: string | null = null;
  private lastList: number[] = [];
  /** Where `locate` found the ref: its prefix's list (undefined when there is none yet) and its number. */
  private list: number[] | undefined;
  private n = 0;

  /** Whether the ref is a prefix and a number; if so, sets `list` (made when `make`) and `n`. */
  private locate(ref: string, make: boolean): boolean {
    const len = ref.length;
    let d = len;
    while (d > 0) {
      const c = ref.charCodeAt(d - 1);
      if (c < 48 || c > 57) break;
      d--;
    }
    const digits = len - d;
    if (digits === 0 || digits > 9 || (digits > 1 && ref.charCodeAt(d) === 48)) return false;
    let n = 0;
    for (let k = d; k < len; k++) n = n * 10 + ref.charCodeAt(k) - 48;
    this.n = n;
    const last = this.lastPrefix;
    if (last !== null && last.length === d && ref.startsWith(last)) {
      this.list = this.lastList;
      return true;
    }
    const prefix = ref.slice(0, d);
    const key = prefix.toLowerCase();
    let list = this.byPrefix.get(key);
    if (!list && make) {
      list = [];
      this.byPrefix.set(key, list);
    }
    this.list = list;
    if (list) {
      this.lastPrefix = prefix;
      this.lastList = list;
    }
    return true;
  }

  get(ref: string): number | undefined {
    return this.locate(ref, false) ? this.list?.[this.n] : this.byKey.get(ref.toLowerCase());
  }

  set(ref: string, row: number): void {
    if (this.locate(ref, true)) (this.list as number[])[this.n] = row;
    else this.byKey.set(ref.toLowerCase(), row);
  }
}
