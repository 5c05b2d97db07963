/**
 * The register table's data, pure: one row per risk with its derived score and band and what the sorting,
 * filtering and grouping of @tanstack/react-table read (see `renderer/components/risk-columns.tsx`).
 */
import type { Band, BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { currentBand } from '../../shared/risk-view.ts';

/** One table row: the stored risk with its derived score and band. */
export interface RiskRow {
  risk: RiskRecord;
  score: number;
  band: Band;
  /** The band's place in the key (0 = the lowest band), for sorting and grouping by band. */
  bandRank: number;
  /** The category's place in the register's category order (unknown categories come after). */
  categoryRank: number;
  /** Lower-case ref, description, mitigation and owners, for the search box. */
  haystack: string;
  /** When grouped by owner: the owner this copy of the row is shown under ('' for no owner). */
  groupOwner?: string;
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

export const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

export function toRows(risks: readonly RiskRecord[], key: BandKey, categories: readonly string[]): RiskRow[] {
  const rankOf = new Map(categories.map((c, i) => [c, i]));
  return risks.map((risk) => {
    const { score, band } = currentBand(risk, key);
    return {
      risk,
      score,
      band,
      bandRank: key.findIndex((b) => b.name === band.name),
      categoryRank: rankOf.get(risk.category) ?? categories.length,
      haystack:
        `${risk.ref}\n${risk.description}\n${risk.mitigation}\n${risk.owners.join(' ')}`.toLowerCase(),
    };
  });
}

/** For grouping by owner: a risk with several owners shows under each of them, with none under "No owner". */
export function rowsPerOwner(rows: readonly RiskRow[]): RiskRow[] {
  const out: RiskRow[] = [];
  for (const row of rows) {
    if (row.risk.owners.length === 0) out.push({ ...row, groupOwner: '' });
    else for (const o of new Set(row.risk.owners)) out.push({ ...row, groupOwner: o });
  }
  return out;
}

/** The search box's words, lower case; empty when there is nothing to search for. */
export function searchWords(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

export function isFiltered(f: Filters, search: string): boolean {
  return f.bands.length > 0 || f.category !== null || f.owner !== null || search.trim() !== '';
}

/** Every owner named on the rows, sorted, for the owner filter. */
export function ownersOf(rows: readonly RiskRow[]): string[] {
  const set = new Set<string>();
  for (const r of rows) for (const o of r.risk.owners) set.add(o);
  return [...set].sort(collator.compare);
}
