/**
 * The register table's rows, pure: filter by band, category and owner, search the words, sort by any
 * column, and group with counts. @tanstack/react-table runs in manual mode over this pipeline (see
 * `use-risk-table.ts`): it reads react-table's own state (sorting, column filters, global filter, grouping)
 * and works on plain arrays, one pass each, so that 100,000 risks stay quick. react-table only ever sees
 * the rows on screen.
 */
import type { Band, BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { currentBand } from '../../shared/risk-view.ts';
import { NOT_SCORED_LABEL } from '../../shared/scoring.ts';

/** One table row: the stored risk with its derived score and band. */
export interface RiskRow {
  risk: RiskRecord;
  /** Score and band; both null while the risk is not yet assessed (shown as "Not yet scored"). */
  score: number | null;
  band: Band | null;
  /** The band's place in the key (0 = the lowest band, -1 = not yet scored), for sorting and grouping by band. */
  bandRank: number;
  /** The category's place in the register's category order (unknown categories come after). */
  categoryRank: number;
  /** Lower-case ref, description, mitigation and owners, for the search box. */
  haystack: string;
}

export type GroupBy = 'category' | 'band' | 'owners';
export const GROUP_LABELS: Record<GroupBy, string> = { category: 'Category', band: 'Band', owners: 'Owner' };

export interface Filters {
  /** Band names shown; empty shows every band. */
  bands: string[];
  category: string | null;
  owner: string | null;
}

export const NO_FILTERS: Filters = { bands: [], category: null, owner: null };

export interface SortKey {
  id: string;
  desc: boolean;
}

/** react-table's column filter entries (`ColumnFiltersState`), as the pipeline reads them. */
export interface ColumnFilter {
  id: string;
  value: unknown;
}

/** What the pipeline reads from react-table's state. */
export interface TableQuery {
  sorting: readonly SortKey[];
  columnFilters: readonly ColumnFilter[];
  /** The search box as typed. */
  globalFilter: string;
  /** Column ids; the first one groups ('category', 'band' or 'owners'). */
  grouping: readonly string[];
}

export const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

function rowOf(risk: RiskRecord, key: BandKey, rankOf: ReadonlyMap<string, number>, n: number): RiskRow {
  const { score, band } = currentBand(risk, key);
  return {
    risk,
    score,
    band,
    bandRank: band ? key.findIndex((b) => b.name === band.name) : -1,
    categoryRank: rankOf.get(risk.category) ?? n,
    haystack:
      `${risk.ref}\n${risk.title ?? ''}\n${risk.description}\n${risk.mitigation}\n${risk.owners.join(' ')}`.toLowerCase(),
  };
}

/**
 * A memo of prepared rows for one band key and category order: a risk object seen before (an edit
 * replaces only the risk it changes) reuses its row, so an edit prepares one row, not 100,000.
 */
export interface RowCache {
  key: BandKey;
  categories: readonly string[];
  rows: WeakMap<RiskRecord, RiskRow>;
  /** The last list made into rows, and its rows: a list that only appends to it (the next page) reuses them. */
  last?: { risks: readonly RiskRecord[]; rows: RiskRow[] };
}

/** True when `list` starts with every item of `prefix`, the same objects in the same places. */
export function startsWith<T>(list: readonly T[], prefix: readonly T[]): boolean {
  if (prefix.length > list.length) return false;
  for (let i = 0; i < prefix.length; i++) if (list[i] !== prefix[i]) return false;
  return true;
}

export function toRows(
  risks: readonly RiskRecord[],
  key: BandKey,
  categories: readonly string[],
  cache?: RowCache,
): RiskRow[] {
  const rankOf = new Map(categories.map((c, i) => [c, i]));
  const valid = cache && cache.key === key && cache.categories === categories ? cache : null;
  const memo = valid?.rows;
  const rowFor = (risk: RiskRecord): RiskRow => {
    const seen = memo?.get(risk);
    if (seen) return seen;
    const row = rowOf(risk, key, rankOf, categories.length);
    memo?.set(risk, row);
    return row;
  };
  // While the register arrives in pages each list is the last one plus a page: only the page's risks are looked at
  // (a pointer comparison per risk already there, instead of a look-up in the memo for each).
  const last = valid?.last;
  const rows =
    last && startsWith(risks, last.risks)
      ? last.rows.concat(risks.slice(last.risks.length).map(rowFor))
      : risks.map(rowFor);
  if (valid) valid.last = { risks, rows };
  return rows;
}

/** The search box's words, lower case; empty when there is nothing to search for. */
export function searchWords(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

export function isFiltered(f: Filters, search: string): boolean {
  return f.bands.length > 0 || f.category !== null || f.owner !== null || search.trim() !== '';
}

/** The table store's filters as react-table column filters (by column id). */
export function columnFiltersOf(f: Filters): ColumnFilter[] {
  const out: ColumnFilter[] = [];
  if (f.bands.length > 0) out.push({ id: 'band', value: f.bands });
  if (f.category !== null) out.push({ id: 'category', value: f.category });
  if (f.owner !== null) out.push({ id: 'owners', value: f.owner });
  return out;
}

/** Band (any of the names), category and owner filters, then every search word somewhere in the row. */
export function filterRows(
  rows: readonly RiskRow[],
  filters: readonly ColumnFilter[],
  globalFilter: string,
): RiskRow[] {
  let bands: Set<string> | null = null;
  let category: string | null = null;
  let owner: string | null = null;
  for (const f of filters) {
    if (f.id === 'band' && Array.isArray(f.value) && f.value.length > 0) bands = new Set(f.value as string[]);
    else if (f.id === 'category' && typeof f.value === 'string') category = f.value;
    else if (f.id === 'owners' && typeof f.value === 'string') owner = f.value;
  }
  const words = searchWords(globalFilter);
  if (!bands && category === null && owner === null && words.length === 0) return rows.slice();
  return rows.filter((r) => {
    if (bands && (!r.band || !bands.has(r.band.name))) return false;
    if (category !== null && r.risk.category !== category) return false;
    if (owner !== null && !r.risk.owners.includes(owner)) return false;
    for (const w of words) if (!r.haystack.includes(w)) return false;
    return true;
  });
}

/**
 * The last filter result for each row list: when the next search only narrows it (same filters, and every word
 * of the last search is inside one of the new words, as when typing on), the new result is the last one filtered
 * again, not the whole register: each keystroke after the first walks only the rows still shown.
 */
interface FilterMemo {
  filters: string;
  words: readonly string[];
  result: RiskRow[];
}
const filterMemos = new WeakMap<readonly RiskRow[], FilterMemo>();

/** True when every row matching `next` also matches `prev`: each old word is part of some new word. */
export function narrows(prev: readonly string[], next: readonly string[]): boolean {
  return prev.every((w) => next.some((n) => n.includes(w)));
}

/** `filterRows`, narrowing the last result for the same rows and filters when the search only narrowed. */
export function filterRowsNarrowing(
  rows: readonly RiskRow[],
  filters: readonly ColumnFilter[],
  globalFilter: string,
): RiskRow[] {
  const key = JSON.stringify(filters);
  const words = searchWords(globalFilter);
  const memo = filterMemos.get(rows);
  const from = memo && memo.filters === key && narrows(memo.words, words) ? memo.result : rows;
  // Rows already through the column filters need only the words; the result keeps the register's order.
  const result = from === rows ? filterRows(rows, filters, globalFilter) : filterRows(from, [], globalFilter);
  filterMemos.set(rows, { filters: key, words, result });
  return result;
}

type Value = string | number;

/**
 * The value a column sorts by, or null for a column that does not sort (travel, time in band, next review).
 * Refs sort naturally (SR2 before SR10); bands by their place in the key, then by score.
 */
export function sortValue(id: string): ((row: RiskRow) => Value) | null {
  switch (id) {
    case 'ref':
      return (row) => row.risk.ref;
    case 'category':
      return (row) => row.risk.category;
    case 'description':
      return (row) => row.risk.description;
    // Not yet scored sorts below every score (0; -1 for the band).
    case 'impact':
      return (row) => row.risk.impact ?? 0;
    case 'likelihood':
      return (row) => row.risk.likelihood ?? 0;
    case 'score':
      return (row) => row.score ?? 0;
    case 'band':
      return (row) => row.bandRank * 1000 + (row.score ?? 0);
    case 'mitigation':
      return (row) => row.risk.mitigation;
    case 'owners':
      return (row) => row.risk.owners.join(' ');
    case 'inherent':
      return (row) => (row.risk.inherent ? row.risk.inherent.impact * row.risk.inherent.likelihood : 0);
    case 'target':
      return (row) => (row.risk.target ? row.risk.target.impact * row.risk.target.likelihood : 0);
    default:
      return null;
  }
}

/**
 * Collation keys: a string per text whose plain (code unit) order is the collator's order, so a text column sorts
 * with `<` on keys made once per row, instead of ~1.7 million `collator.compare` calls at 100,000 rows. The
 * weights are read from the collator itself, once: every character the table knows is placed among the others by
 * `collator.compare` (equal ones, such as a and A at base sensitivity, share a weight; ignorable ones have none),
 * and a run of digits (the collator is numeric) becomes one token: the digits' weight, the run's length without
 * leading zeros, then the digits, so SR2 sorts before SR10. A text with a character outside the table (accented
 * letters, which may expand: æ sorts as "ae") has no key, and its column sorts with the collator as before.
 */
const KEYED_EXTRA = '\u2018\u2019\u201c\u201d\u2013\u2014\u00a3\u20ac';
let weights: Map<number, string> | null = null;
let digitWeight = '';

function collationWeights(): Map<number, string> {
  if (weights) return weights;
  const chars: string[] = ['\t', '\n', '\r'];
  for (let c = 32; c < 127; c++) if (c < 48 || c > 57) chars.push(String.fromCharCode(c));
  chars.push(...KEYED_EXTRA);
  const table = new Map<number, string>();
  const weighed = chars.filter((c) => {
    if (collator.compare(c, '') !== 0) return true;
    table.set(c.charCodeAt(0), '');
    return false;
  });
  // '5' stands for every digit run.
  const ordered = [...weighed, '5'].sort(collator.compare);
  let rank = 0;
  ordered.forEach((c, i) => {
    if (i > 0 && collator.compare(ordered[i - 1] as string, c) !== 0) rank += 1;
    const w = String.fromCharCode(0x100 + rank);
    if (c === '5') digitWeight = w;
    else table.set(c.charCodeAt(0), w);
  });
  weights = table;
  return table;
}

/** The text's collation key, or null when it has a character the key table does not cover. */
export function collationKey(text: string): string | null {
  const table = collationWeights();
  let key = '';
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      let k = i;
      while (k < j - 1 && text.charCodeAt(k) === 48) k++;
      key += digitWeight + String.fromCharCode(0x100 + (j - k)) + text.slice(k, j);
      i = j;
      continue;
    }
    const w = table.get(c);
    if (w === undefined) return null;
    key += w;
    i += 1;
  }
  return key;
}

/** Keys made for each text column, per row object (an edit makes a new row, so its key is made again). */
const keyCache = new Map<string, WeakMap<RiskRow, string | null>>();

/** The column's collation keys for the rows, or null when one of them has no key. */
function columnKeys(id: string, rows: readonly RiskRow[], value: (row: RiskRow) => Value): string[] | null {
  let cache = keyCache.get(id);
  if (!cache) keyCache.set(id, (cache = new WeakMap()));
  const keys = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as RiskRow;
    let k = cache.get(row);
    if (k === undefined) cache.set(row, (k = collationKey(String(value(row)))));
    if (k === null) return null;
    keys[i] = k;
  }
  return keys;
}

/** Rows by whole-number `values` from `min` to `max`, ascending, equal values in their given order. */
function countingSort(rows: readonly RiskRow[], values: Float64Array, min: number, max: number): RiskRow[] {
  const n = rows.length;
  const starts = new Int32Array(max - min + 2);
  for (let i = 0; i < n; i++) {
    const k = (values[i] as number) - min + 1;
    starts[k] = (starts[k] as number) + 1;
  }
  for (let k = 1; k < starts.length; k++) starts[k] = (starts[k] as number) + (starts[k - 1] as number);
  const out = new Array<RiskRow>(n);
  for (let i = 0; i < n; i++) {
    const k = (values[i] as number) - min;
    out[starts[k] as number] = rows[i] as RiskRow;
    starts[k] = (starts[k] as number) + 1;
  }
  return out;
}

/** Sort by the keys in turn; the register's own order (the list order) breaks ties. Stable. */
export function sortRows(rows: RiskRow[], sorting: readonly SortKey[]): RiskRow[] {
  const keys = sorting.flatMap((s) => {
    const value = sortValue(s.id);
    return value ? [{ id: s.id, value, desc: s.desc }] : [];
  });
  if (keys.length === 0) return rows;
  // One numeric key (score, impact, band…): the values read once into a typed array; whole numbers in a small
  // range (every numeric column: scores 0–25, band rank × 1000 + score) are placed by a counting sort, two
  // passes and no comparison, which keeps the register's order within equal values. Other whole numbers are
  // packed with the row's place into one typed array and sorted natively.
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only && rows[0] && typeof only.value(rows[0]) === 'number') {
    const n = rows.length;
    const values = new Float64Array(n);
    let whole = true;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n && whole; i++) {
      const v = only.value(rows[i] as RiskRow) as number;
      whole = Number.isInteger(v) && Math.abs(v) < 1e6;
      const x = only.desc ? -v : v;
      values[i] = x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (whole && max - min <= 1 << 16) return countingSort(rows, values, min, max);
    if (whole) {
      const packed = new Float64Array(n);
      for (let i = 0; i < n; i++) packed[i] = (values[i] as number) * n + i;
      packed.sort();
      const out = new Array<RiskRow>(n);
      for (let i = 0; i < n; i++) out[i] = rows[(((packed[i] as number) % n) + n) % n] as RiskRow;
      return out;
    }
  }
  // One value per row and key, read once (not at every comparison); numbers in a typed array.
  const cmps = keys.map((k): ((x: number, y: number) => number) => {
    const first = rows[0] ? k.value(rows[0]) : 0;
    if (typeof first === 'number') {
      const v = Float64Array.from(rows, (r) => Number(k.value(r)));
      return k.desc
        ? (x, y) => (v[y] as number) - (v[x] as number)
        : (x, y) => (v[x] as number) - (v[y] as number);
    }
    // Text: collation keys compared as plain strings when every row has one, else the collator.
    const keyed = columnKeys(k.id, rows, k.value);
    if (keyed)
      return k.desc
        ? (x, y) => ((keyed[y] as string) < (keyed[x] as string) ? -1 : keyed[y] === keyed[x] ? 0 : 1)
        : (x, y) => ((keyed[x] as string) < (keyed[y] as string) ? -1 : keyed[x] === keyed[y] ? 0 : 1);
    const v = rows.map((r) => String(k.value(r)));
    return k.desc
      ? (x, y) => collator.compare(v[y] as string, v[x] as string)
      : (x, y) => collator.compare(v[x] as string, v[y] as string);
  });
  const order = rows.map((_, i) => i);
  order.sort((x, y) => {
    for (const cmp of cmps) {
      const c = cmp(x, y);
      if (c !== 0) return c;
    }
    return x - y;
  });
  return order.map((i) => rows[i] as RiskRow);
}

/** One row's collation key for a text column (made once per row, as `columnKeys` makes them), or null. */
function keyOf(id: string, row: RiskRow, value: (row: RiskRow) => Value): string | null {
  let cache = keyCache.get(id);
  if (!cache) keyCache.set(id, (cache = new WeakMap()));
  let k = cache.get(row);
  if (k === undefined) cache.set(row, (k = collationKey(String(value(row)))));
  return k;
}

type SortValues = (string | number)[][];

/**
 * Each sort key's value for each row, in the rows' order (numbers as they are, text as its collation key), or null
 * when a text has no collation key (the collator then sorts, see `sortRows`).
 */
function sortValues(rows: readonly RiskRow[], sorting: readonly SortKey[]): SortValues | null {
  const out: SortValues = [];
  for (const s of sorting) {
    const value = sortValue(s.id);
    if (!value) continue;
    const v = new Array<string | number>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as RiskRow;
      const x = value(row);
      if (typeof x === 'number') v[i] = x;
      else {
        const k = keyOf(s.id, row, value);
        if (k === null) return null;
        v[i] = k;
      }
    }
    out.push(v);
  }
  return out;
}

/** The last text sort: the rows it was given, its keys, its answer and their values (see `sortRowsAppending`). */
let sortMemo: {
  input: readonly RiskRow[];
  sorting: string;
  output: RiskRow[];
  values: SortValues;
} | null = null;

/**
 * `sortRows`, but when a text column sorts and the rows are the last sorted rows plus more after them (the next
 * page of the register arriving), only the new rows are sorted and merged into the last answer: at 100,000 risks a
 * text sort of every row took ~0.2–0.4 s per page. Ties keep the register's order: every new row comes after every
 * old one there, so an old row goes first. Numeric sorts (a counting sort, O(n)) sort the whole list.
 */
export function sortRowsAppending(rows: RiskRow[], sorting: readonly SortKey[]): RiskRow[] {
  const text = sorting.some((s) => {
    const value = sortValue(s.id);
    return value !== null && rows[0] !== undefined && typeof value(rows[0]) !== 'number';
  });
  if (!text) {
    sortMemo = null;
    return sortRows(rows, sorting);
  }
  const key = JSON.stringify(sorting);
  const m = sortMemo;
  const desc = sorting.filter((s) => sortValue(s.id) !== null).map((s) => s.desc);
  if (m && m.sorting === key && m.input.length > 0 && startsWith(rows, m.input)) {
    const tail = sortRows(rows.slice(m.input.length), sorting);
    const tv = sortValues(tail, sorting);
    if (tv) {
      const old = m.output;
      const ov = m.values;
      const n = old.length + tail.length;
      const out = new Array<RiskRow>(n);
      const values: SortValues = ov.map(() => new Array<string | number>(n));
      // Old row i before new row j unless a key puts j first.
      const oldFirst = (i: number, j: number): boolean => {
        for (let k = 0; k < ov.length; k++) {
          const a = (ov[k] as (string | number)[])[i] as string | number;
          const b = (tv[k] as (string | number)[])[j] as string | number;
          if (a === b) continue;
          return a < b !== desc[k];
        }
        return true;
      };
      const take = (from: RiskRow[], fv: SortValues, i: number, at: number) => {
        out[at] = from[i] as RiskRow;
        for (let k = 0; k < values.length; k++)
          (values[k] as (string | number)[])[at] = (fv[k] as (string | number)[])[i] as string | number;
      };
      let i = 0;
      let j = 0;
      for (let at = 0; at < n; at++) {
        if (j >= tail.length || (i < old.length && oldFirst(i, j))) take(old, ov, i++, at);
        else take(tail, tv, j++, at);
      }
      sortMemo = { input: rows, sorting: key, output: out, values };
      return out;
    }
  }
  const out = sortRows(rows, sorting);
  const values = sortValues(out, sorting);
  sortMemo = values ? { input: rows, sorting: key, output: out, values } : null;
  return out;
}

/** A group heading: the category, band or owner ('' = no owner), and how many risks are under it. */
export interface GroupItem {
  kind: 'group';
  by: GroupBy;
  /** Stable key: `by:value`. */
  key: string;
  value: string;
  label: string;
  count: number;
  band?: Band;
}

/** What the table shows, top to bottom: group headings and risk rows (a risk may show under two owners). */
export type TableItem = GroupItem | RiskRow;

export function isGroup(item: TableItem): item is GroupItem {
  return (item as GroupItem).kind === 'group';
}

function isGroupBy(id: string | undefined): id is GroupBy {
  return id === 'category' || id === 'band' || id === 'owners';
}

/**
 * Rows under group headings. A risk with several owners shows under each of them; a risk with none under
 * "No owner". Groups follow the category order given (others after, alphabetically), the band key (worst
 * first), or owners alphabetically ("No owner" last). Rows keep their order within a group.
 */
export function groupRows(
  rows: readonly RiskRow[],
  grouping: readonly string[],
  opts: { categories: readonly string[]; key: BandKey },
): TableItem[] {
  const by = grouping[0];
  if (!isGroupBy(by)) return rows as RiskRow[];
  const groups = new Map<string, RiskRow[]>();
  const add = (k: string, row: RiskRow) => {
    const g = groups.get(k);
    if (g) g.push(row);
    else groups.set(k, [row]);
  };
  for (const row of rows) {
    if (by === 'category') add(row.risk.category, row);
    else if (by === 'band') add(row.band?.name ?? NOT_SCORED_LABEL, row);
    else if (row.risk.owners.length === 0) add('', row);
    else for (const o of new Set(row.risk.owners)) add(o, row);
  }
  let order: string[];
  if (by === 'category') {
    const known = opts.categories.filter((c) => groups.has(c));
    const rest = [...groups.keys()].filter((c) => !opts.categories.includes(c)).sort(collator.compare);
    order = [...known, ...rest];
  } else if (by === 'band') {
    order = [...opts.key]
      .reverse()
      .map((b) => b.name)
      .filter((n) => groups.has(n));
    for (const k of groups.keys()) if (!order.includes(k)) order.push(k);
  } else {
    order = [...groups.keys()].filter((k) => k !== '').sort(collator.compare);
    if (groups.has('')) order.push('');
  }
  const items: TableItem[] = [];
  for (const k of order) {
    const g = groups.get(k) ?? [];
    const band = by === 'band' ? (g[0]?.band ?? undefined) : undefined;
    items.push({
      kind: 'group',
      by,
      key: `${by}:${k}`,
      value: k,
      label: k === '' ? 'No owner' : k,
      count: g.length,
      ...(band ? { band } : {}),
    });
    for (const row of g) items.push(row);
  }
  return items;
}

/**
 * The risks shown, for the keyboard, ticks and the selection: their ids in order and where each first appears
 * among the items. Both are built only when asked for, so a keystroke in the search or a sort never builds a map
 * of 100,000 ids; a few single look-ups (the cursor, the selection) walk the items, and from the fifth look-up
 * on one list the map is built once.
 */
export class ShownRisks {
  private idList: string[] | null = null;
  private index: Map<string, number> | null = null;
  private lookups = 0;

  private readonly items: readonly TableItem[];
  private readonly rows: readonly RiskRow[];

  constructor(items: readonly TableItem[], rows: readonly RiskRow[]) {
    this.items = items;
    this.rows = rows;
  }

  /** How many risks are shown (a risk under two owners counts once). */
  get count(): number {
    return this.rows.length;
  }

  /** Risk ids in the order shown, top to bottom (a risk under two owners once, where it first appears). */
  ids(): readonly string[] {
    if (this.idList) return this.idList;
    if ((this.items as readonly unknown[]) === this.rows) this.idList = this.rows.map((r) => r.risk.id);
    else {
      const seen = new Set<string>();
      for (const it of this.items) if (!isGroup(it)) seen.add(it.risk.id);
      this.idList = [...seen];
    }
    return this.idList;
  }

  /** Where the risk first appears among the items, if shown. */
  indexOf(id: string): number | undefined {
    if (this.index) return this.index.get(id);
    this.lookups += 1;
    if (this.lookups <= 4) {
      for (let i = 0; i < this.items.length; i++) {
        const it = this.items[i] as TableItem;
        if (!isGroup(it) && it.risk.id === id) return i;
      }
      return undefined;
    }
    const index = new Map<string, number>();
    for (let i = 0; i < this.items.length; i++) {
      const it = this.items[i] as TableItem;
      if (!isGroup(it) && !index.has(it.risk.id)) index.set(it.risk.id, i);
    }
    this.index = index;
    return index.get(id);
  }

  has(id: string): boolean {
    return this.indexOf(id) !== undefined;
  }
}

/** The rows as shown, from react-table's state. */
export interface TableView {
  items: TableItem[];
  /** The risks shown: how many, their ids in order, where each is among the items. */
  shown: ShownRisks;
  /** Where each group heading is among the items, in order. */
  groupAt: number[];
}

export function tableView(
  rows: readonly RiskRow[],
  query: TableQuery,
  opts: { categories: readonly string[]; key: BandKey },
): TableView {
  const shown = sortRowsAppending(
    filterRowsNarrowing(rows, query.columnFilters, query.globalFilter),
    query.sorting,
  );
  const items = groupRows(shown, query.grouping, opts);
  const groupAt: number[] = [];
  if (items !== shown)
    for (let i = 0; i < items.length; i++) if (isGroup(items[i] as TableItem)) groupAt.push(i);
  return { items, shown: new ShownRisks(items, shown), groupAt };
}

/** The group heading an item sits under (the nearest one at or before it), if grouped. */
export function groupBefore(view: Pick<TableView, 'items' | 'groupAt'>, index: number): GroupItem | null {
  const at = view.groupAt;
  let lo = 0;
  let hi = at.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((at[mid] as number) <= index) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const item = found >= 0 ? view.items[at[found] as number] : undefined;
  return item && isGroup(item) ? item : null;
}

/** The last row list's owners (the set, and sorted), for the next list that only appends rows to it. */
let ownersMemo: { rows: readonly RiskRow[]; set: Set<string>; sorted: string[] } | null = null;

/**
 * Every owner named on the rows, sorted, for the owner filter. The same list asked again (the toolbar and the bulk
 * bar both ask) is answered from the last walk, and a list that starts with the last one's rows (the next page of
 * the register arriving) walks only the rows added: at 100,000 risks each page walked every row twice.
 */
export function ownersOf(rows: readonly RiskRow[]): string[] {
  const m = ownersMemo;
  if (m && m.rows === rows) return m.sorted;
  const grows = m !== null && startsWith(rows, m.rows);
  const set = grows ? new Set(m.set) : new Set<string>();
  for (let i = grows ? m.rows.length : 0; i < rows.length; i++)
    for (const o of (rows[i] as RiskRow).risk.owners) set.add(o);
  const sorted = grows && set.size === m.set.size ? m.sorted : [...set].sort(collator.compare);
  ownersMemo = { rows, set, sorted };
  return sorted;
}
