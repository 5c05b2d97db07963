/**
 * The register table's rows, pure: filter by band, category and owner, search the words, sort by any
 * column, and group with counts. Works on plain arrays so that 100,000 risks stay quick (one pass each).
 */
import type { Band, BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { currentBand } from '../../shared/risk-view.ts';

/** One table row: the stored risk with its derived score and band. */
export interface RiskRow {
  risk: RiskRecord;
  score: number;
  band: Band;
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

export function toRows(risks: readonly RiskRecord[], key: BandKey): RiskRow[] {
  return risks.map((risk) => ({
    risk,
    ...currentBand(risk, key),
    haystack: `${risk.ref}\n${risk.description}\n${risk.mitigation}\n${risk.owners.join(' ')}`.toLowerCase(),
  }));
}

export function isFiltered(f: Filters, search: string): boolean {
  return f.bands.length > 0 || f.category !== null || f.owner !== null || search.trim() !== '';
}

export function filterRows(rows: readonly RiskRow[], f: Filters, search: string): RiskRow[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const bands = f.bands.length > 0 ? new Set(f.bands) : null;
  if (!bands && f.category === null && f.owner === null && words.length === 0) return rows.slice();
  return rows.filter(
    (r) =>
      (!bands || bands.has(r.band.name)) &&
      (f.category === null || r.risk.category === f.category) &&
      (f.owner === null || r.risk.owners.includes(f.owner)) &&
      words.every((w) => r.haystack.includes(w)),
  );
}

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

type Value = string | number;

/** The value a column sorts by. Refs sort naturally (SR2 before SR10); bands by their place in the key. */
export function sortValue(row: RiskRow, id: string): Value {
  const r = row.risk;
  switch (id) {
    case 'ref':
      return r.ref;
    case 'category':
      return r.category;
    case 'description':
      return r.description;
    case 'impact':
      return r.impact;
    case 'likelihood':
      return r.likelihood;
    case 'score':
    case 'band':
      return row.score;
    case 'mitigation':
      return r.mitigation;
    case 'owners':
      return r.owners.join(' ');
    case 'inherent':
      return r.inherent ? r.inherent.impact * r.inherent.likelihood : 0;
    case 'target':
      return r.target ? r.target.impact * r.target.likelihood : 0;
    case 'updated':
      return r.updatedAt;
    default:
      return '';
  }
}

function compare(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** Sort by the keys in turn; the register's own order (the list order) breaks ties. Stable. */
export function sortRows(rows: RiskRow[], sort: readonly SortKey[]): RiskRow[] {
  if (sort.length === 0) return rows;
  const keyed = rows.map((row, i) => ({ row, i, v: sort.map((s) => sortValue(row, s.id)) }));
  keyed.sort((x, y) => {
    for (let k = 0; k < sort.length; k++) {
      const c = compare(x.v[k] as Value, y.v[k] as Value);
      if (c !== 0) return sort[k]?.desc ? -c : c;
    }
    return x.i - y.i;
  });
  return keyed.map((k) => k.row);
}

export type TableItem =
  { kind: 'group'; key: string; label: string; count: number; band?: Band } | { kind: 'row'; row: RiskRow };

/**
 * Rows under group headings. A risk with several owners shows under each of them; a risk with none under
 * "No owner". Groups follow the category order given, the band key (worst first), or owner initials.
 */
export function groupRows(
  rows: readonly RiskRow[],
  by: GroupBy | null,
  opts: { categories: readonly string[]; key: BandKey },
): TableItem[] {
  if (!by) return rows.map((row) => ({ kind: 'row', row }));
  const groups = new Map<string, RiskRow[]>();
  const add = (k: string, row: RiskRow) => {
    const g = groups.get(k);
    if (g) g.push(row);
    else groups.set(k, [row]);
  };
  for (const row of rows) {
    if (by === 'category') add(row.risk.category, row);
    else if (by === 'band') add(row.band.name, row);
    else if (row.risk.owners.length === 0) add('', row);
    else for (const o of row.risk.owners) add(o, row);
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
  } else {
    order = [...groups.keys()].filter((k) => k !== '').sort(collator.compare);
    if (groups.has('')) order.push('');
  }
  const items: TableItem[] = [];
  for (const k of order) {
    const g = groups.get(k) ?? [];
    const band = by === 'band' ? opts.key.find((b) => b.name === k) : undefined;
    items.push({
      kind: 'group',
      key: `${by}:${k}`,
      label: k === '' ? 'No owner' : k,
      count: g.length,
      ...(band ? { band } : {}),
    });
    for (const row of g) items.push({ kind: 'row', row });
  }
  return items;
}

/** Every owner named on the rows, sorted, for the owner filter. */
export function ownersOf(rows: readonly RiskRow[]): string[] {
  const set = new Set<string>();
  for (const r of rows) for (const o of r.risk.owners) set.add(o);
  return [...set].sort(collator.compare);
}
