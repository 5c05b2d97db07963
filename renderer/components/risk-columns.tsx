/**
 * The register table's columns for @tanstack/react-table, at module scope: the published summary's columns,
 * the optional ones, and three hidden columns that only group (by category, band or owner, in the
 * register's own order). Sorting: refs naturally (SR2 before SR10), bands by their place in the key.
 */
import type { ColumnDef, FilterFn, Row, RowData, SortingFn } from '@tanstack/react-table';
import { createColumnHelper } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { ScorePair } from '../../shared/domain.ts';
import { assess } from '../../shared/scoring.ts';
import { TRAVEL_COLUMNS } from '../history/travel-columns.tsx';
import type { GroupBy, RiskRow } from '../workspace/table-model.ts';
import { collator } from '../workspace/table-model.ts';
import type { ColumnId } from '../workspace/table-store.ts';
import { BandBadge } from './BandBadge.tsx';

export type { RiskRow } from '../workspace/table-model.ts';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface TableMeta<TData extends RowData> {
    /** The register's band key, for the cells that show a band. */
    bandKey: BandKey;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The column's name in words (column chooser, sort and resize labels). */
    name: string;
    className: string;
    /** No starting width: the column takes what is left until the user sizes it. */
    flex?: boolean;
    /** The full text shown on hover when a long table cuts the cell to two lines. */
    clampTitle?: (row: RiskRow) => string;
  }
}

/** Natural order: SR2 before SR10. */
const naturalRef: SortingFn<RiskRow> = (a, b) => collator.compare(a.original.risk.ref, b.original.risk.ref);
const byText: SortingFn<RiskRow> = (a, b, id) =>
  collator.compare(String(a.getValue(id)), String(b.getValue(id)));
const byNumber: SortingFn<RiskRow> = (a, b, id) => Number(a.getValue(id)) - Number(b.getValue(id));
/** Bands by their place in the key, then by score within a band. */
const byBand: SortingFn<RiskRow> = (a, b) =>
  a.original.bandRank - b.original.bandRank || a.original.score - b.original.score;

/** Groups in the register's category order (others after, alphabetically). */
const categoryGroupOrder: SortingFn<RiskRow> = (a, b) =>
  a.original.categoryRank - b.original.categoryRank ||
  collator.compare(a.original.risk.category, b.original.risk.category);
/** Band groups worst first. */
const bandGroupOrder: SortingFn<RiskRow> = (a, b) => b.original.bandRank - a.original.bandRank;
/** Owners alphabetically, "No owner" last. */
const ownerGroupOrder: SortingFn<RiskRow> = (a, b) => {
  const x = a.original.groupOwner ?? '';
  const y = b.original.groupOwner ?? '';
  if (x === '' || y === '') return (x === '' ? 1 : 0) - (y === '' ? 1 : 0);
  return collator.compare(x, y);
};

const bandIn: FilterFn<RiskRow> = (row, _id, bands: readonly string[]) =>
  bands.includes(row.original.band.name);
const categoryIs: FilterFn<RiskRow> = (row, _id, category: string) => row.original.risk.category === category;
const ownedBy: FilterFn<RiskRow> = (row, _id, owner: string) => row.original.risk.owners.includes(owner);

/** The search box: every word somewhere in the ref, description, mitigation or owners. */
export const searchAllWords: FilterFn<RiskRow> = (row, _id, words: readonly string[]) => {
  const hay = row.original.haystack;
  for (const w of words) if (!hay.includes(w)) return false;
  return true;
};

function pairCell(pair: ScorePair | null, key: BandKey): ReactNode {
  if (!pair) return <span className="muted">Not set</span>;
  const a = assess(pair.impact, pair.likelihood, key);
  return (
    <span className="pair-cell">
      <span className="num">
        {pair.impact}×{pair.likelihood}
      </span>{' '}
      <BandBadge band={a.band} score={a.score} />
    </span>
  );
}

const pairScore = (pair: ScorePair | null) => (pair ? pair.impact * pair.likelihood : 0);

const col = createColumnHelper<RiskRow>();

/** The columns the user can show, hide, order, size and sort (every `ColumnId`). */
export const RISK_COLUMNS = [
  col.accessor((r) => r.risk.ref, {
    id: 'ref',
    header: 'Ref',
    size: 62,
    sortingFn: naturalRef,
    meta: { name: 'Ref', className: 'col-ref' },
  }),
  col.accessor((r) => r.risk.category, {
    id: 'category',
    header: 'Category',
    size: 116,
    sortingFn: byText,
    filterFn: categoryIs,
    meta: { name: 'Category', className: 'col-category', clampTitle: (r) => r.risk.category },
  }),
  col.accessor((r) => r.risk.description, {
    id: 'description',
    header: 'Description',
    sortingFn: byText,
    meta: {
      name: 'Description',
      className: 'col-description',
      flex: true,
      clampTitle: (r) => r.risk.description,
    },
  }),
  col.accessor((r) => r.risk.impact, {
    id: 'impact',
    header: () => <abbr title="Impact (1 Negligible to 5 Severe)">I</abbr>,
    size: 34,
    sortingFn: byNumber,
    meta: { name: 'Impact', className: 'col-num' },
  }),
  col.accessor((r) => r.risk.likelihood, {
    id: 'likelihood',
    header: () => <abbr title="Likelihood (1 Rare to 5 Almost certain)">L</abbr>,
    size: 34,
    sortingFn: byNumber,
    meta: { name: 'Likelihood', className: 'col-num' },
  }),
  col.accessor((r) => r.score, {
    id: 'score',
    header: 'Score',
    size: 64,
    sortingFn: byNumber,
    meta: { name: 'Score', className: 'col-num col-score' },
  }),
  col.accessor((r) => r.band.name, {
    id: 'band',
    header: 'Band',
    size: 84,
    sortingFn: byBand,
    filterFn: bandIn,
    cell: (c) => <BandBadge band={c.row.original.band} />,
    meta: { name: 'Band', className: 'col-band' },
  }),
  col.accessor((r) => r.risk.mitigation, {
    id: 'mitigation',
    header: 'Mitigation',
    sortingFn: byText,
    meta: {
      name: 'Mitigation',
      className: 'col-mitigation',
      flex: true,
      clampTitle: (r) => r.risk.mitigation,
    },
  }),
  col.accessor((r) => r.risk.owners.join(' '), {
    id: 'owners',
    header: 'Owner(s)',
    size: 76,
    sortingFn: byText,
    filterFn: ownedBy,
    meta: { name: 'Owner(s)', className: 'col-owners', clampTitle: (r) => r.risk.owners.join(' ') },
  }),
  col.accessor((r) => pairScore(r.risk.inherent), {
    id: 'inherent',
    header: 'Inherent',
    size: 120,
    sortingFn: byNumber,
    cell: (c) => pairCell(c.row.original.risk.inherent, c.table.options.meta?.bandKey ?? []),
    meta: { name: 'Inherent score', className: 'col-pair' },
  }),
  col.accessor((r) => pairScore(r.risk.target), {
    id: 'target',
    header: 'Target',
    size: 120,
    sortingFn: byNumber,
    cell: (c) => pairCell(c.row.original.risk.target, c.table.options.meta?.bandKey ?? []),
    meta: { name: 'Target score', className: 'col-pair' },
  }),
  // Travel, time in band and next review come from the travel store; they show but do not sort.
  ...TRAVEL_COLUMNS.map((t) =>
    col.accessor(() => '', {
      id: t.id,
      header: () => t.header,
      size: t.width ?? 110,
      enableSorting: false,
      cell: (c) => t.cell(c.row.original),
      meta: { name: t.name, className: t.className },
    }),
  ),
] as ColumnDef<RiskRow, unknown>[];

/** The hidden columns a grouping uses; sorting by them puts the groups in the register's order. */
export const GROUP_COLUMN: Record<GroupBy, string> = {
  category: 'groupCategory',
  band: 'groupBand',
  owners: 'groupOwner',
};

const GROUP_COLUMNS = [
  col.accessor((r) => r.risk.category, { id: GROUP_COLUMN.category, sortingFn: categoryGroupOrder }),
  col.accessor((r) => r.band.name, { id: GROUP_COLUMN.band, sortingFn: bandGroupOrder }),
  col.accessor((r) => r.groupOwner ?? '', { id: GROUP_COLUMN.owners, sortingFn: ownerGroupOrder }),
] as ColumnDef<RiskRow, unknown>[];

export const TABLE_COLUMNS: ColumnDef<RiskRow, unknown>[] = [...RISK_COLUMNS, ...GROUP_COLUMNS];
export const HIDDEN_COLUMN_IDS: readonly string[] = Object.values(GROUP_COLUMN);

const NAMES = new Map(RISK_COLUMNS.map((c) => [c.id, c.meta?.name ?? c.id]));

/** A column's name in words, for the column chooser. */
export function columnName(id: ColumnId): string {
  return NAMES.get(id) ?? id;
}

/** The label of a group heading row: the category, band or owner ("No owner" for none). */
export function groupLabel(row: Row<RiskRow>): string {
  const v = String(row.groupingValue ?? '');
  return v === '' ? 'No owner' : v;
}
