/**
 * The register table as a @tanstack/react-table instance. Its state comes from the table store: sort,
 * grouping, shown columns, their order and widths (the layout, saved per register through `layout:set`),
 * plus this session's band/category/owner filters and search. The row models filter, group (with counts),
 * sort and expand; `RiskTable` virtualises `table.getRowModel().rows`.
 */
import type {
  ColumnFiltersState,
  ColumnOrderState,
  ColumnSizingInfoState,
  ColumnSizingState,
  SortingState,
  TableOptions,
  VisibilityState,
} from '@tanstack/react-table';
import {
  getCoreRowModel,
  getExpandedRowModel,
  getFilteredRowModel,
  getGroupedRowModel,
  getSortedRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { useMemo } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type { RiskRow } from '../components/risk-columns.tsx';
import {
  GROUP_COLUMN,
  HIDDEN_COLUMN_IDS,
  searchAllWords,
  TABLE_COLUMNS,
} from '../components/risk-columns.tsx';
import { useRisksStore } from '../stores/risks-store.ts';
import { setColumnSizing, setSizingInfo } from './table-actions.ts';
import type { Filters, GroupBy } from './table-model.ts';
import { isFiltered, rowsPerOwner, searchWords, toRows } from './table-model.ts';
import type { Layout } from './table-store.ts';
import { ALL_COLUMNS, useTableStore } from './table-store.ts';

const HIDDEN: VisibilityState = Object.fromEntries(HIDDEN_COLUMN_IDS.map((id) => [id, false]));

export function columnFilters(f: Filters): ColumnFiltersState {
  const out: ColumnFiltersState = [];
  if (f.bands.length > 0) out.push({ id: 'band', value: f.bands });
  if (f.category !== null) out.push({ id: 'category', value: f.category });
  if (f.owner !== null) out.push({ id: 'owners', value: f.owner });
  return out;
}

export function columnVisibility(visible: readonly string[]): VisibilityState {
  const v: VisibilityState = { ...HIDDEN };
  for (const id of ALL_COLUMNS) v[id] = visible.includes(id);
  return v;
}

/** The user's sort; when grouped, the groups first (in the register's order), then the user's sort within. */
export function sortingFor(sort: Layout['sort'], grouping: GroupBy | null): SortingState {
  return grouping ? [{ id: GROUP_COLUMN[grouping], desc: false }, ...sort] : sort;
}

/** Options shared by the hook and the timing script (no React). */
export function tableOptions(
  data: RiskRow[],
  state: {
    bandKey: BandKey;
    sorting: SortingState;
    columnFilters: ColumnFiltersState;
    globalFilter: readonly string[] | undefined;
    grouping: GroupBy | null;
    columnVisibility: VisibilityState;
    columnOrder: ColumnOrderState;
    columnSizing: ColumnSizingState;
    columnSizingInfo: ColumnSizingInfoState;
  },
): Omit<TableOptions<RiskRow>, 'onStateChange' | 'renderFallbackValue'> {
  return {
    data,
    columns: TABLE_COLUMNS,
    meta: { bandKey: state.bandKey },
    getRowId: (r) => (r.groupOwner === undefined ? r.risk.id : `${r.risk.id}\n${r.groupOwner}`),
    state: {
      sorting: state.sorting,
      columnFilters: state.columnFilters,
      globalFilter: state.globalFilter,
      grouping: state.grouping ? [GROUP_COLUMN[state.grouping]] : [],
      expanded: true,
      columnVisibility: state.columnVisibility,
      columnOrder: state.columnOrder,
      columnSizing: state.columnSizing,
      columnSizingInfo: state.columnSizingInfo,
    },
    defaultColumn: { minSize: 32, maxSize: 1200 },
    columnResizeMode: 'onChange',
    onColumnSizingChange: setColumnSizing,
    onColumnSizingInfoChange: setSizingInfo,
    globalFilterFn: searchAllWords,
    // The search reads one prepared string per row: offer it once, through the ref column.
    getColumnCanGlobalFilter: (column) => column.id === 'ref',
    groupedColumnMode: false,
    autoResetAll: false,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getGroupedRowModel: getGroupedRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
  };
}

/** The register table for these risks, with the counts the toolbar shows. */
export function useRiskTable(risks: readonly RiskRecord[], bandKey: BandKey) {
  const layout = useTableStore((s) => s.layout);
  const filters = useTableStore((s) => s.filters);
  const search = useTableStore((s) => s.search);
  const sizingInfo = useTableStore((s) => s.sizingInfo);
  const categories = useRisksStore((s) => s.categories);

  const all = useMemo(() => toRows(risks, bandKey, categories), [risks, bandKey, categories]);
  // Grouped by owner, a risk shows once under each of its owners.
  const data = useMemo(
    () => (layout.grouping === 'owners' ? rowsPerOwner(all) : all),
    [all, layout.grouping],
  );
  const filtersState = useMemo(() => columnFilters(filters), [filters]);
  const words = useMemo(() => searchWords(search), [search]);
  const sorting = useMemo(() => sortingFor(layout.sort, layout.grouping), [layout.sort, layout.grouping]);
  const visibility = useMemo(() => columnVisibility(layout.visible), [layout.visible]);

  // TanStack Table is not React Compiler-safe; the components using it are simply left unmemoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable(
    tableOptions(data, {
      bandKey,
      sorting,
      columnFilters: filtersState,
      globalFilter: words.length > 0 ? words : undefined,
      grouping: layout.grouping,
      columnVisibility: visibility,
      columnOrder: layout.order,
      columnSizing: layout.widths as ColumnSizingState,
      columnSizingInfo: sizingInfo,
    }),
  );

  const filteredRows = table.getFilteredRowModel().rows;
  // How many risks are shown (a risk under two owners counts once).
  const shownCount = useMemo(() => {
    if (layout.grouping !== 'owners') return filteredRows.length;
    const ids = new Set<string>();
    for (const r of filteredRows) ids.add(r.original.risk.id);
    return ids.size;
  }, [filteredRows, layout.grouping]);

  return { table, all, shownCount, filtered: isFiltered(filters, search) };
}

export type RiskTableModel = ReturnType<typeof useRiskTable>;
