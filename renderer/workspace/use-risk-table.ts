/**
 * The register table: @tanstack/react-table in manual mode over a pure pipeline (the documented
 * "server-side" pattern, with `table-model.ts` as the server). react-table holds the state — sorting,
 * column filters, global search, grouping, column visibility, order and widths (the layout, saved per
 * register through `layout:set`) — and draws headers and cells from the module-scope column definitions.
 * The pipeline reads that state and filters, sorts and groups plain arrays; the virtualiser windows over
 * its output, and only the risks in the window are handed to react-table as `data`, so react-table's row
 * model costs as much as the rows on screen, not the register (its own row models took over a second and
 * ~550 MB per edit at 100,000 risks).
 */
import type {
  ColumnFiltersState,
  ColumnSizingState,
  GroupingState,
  SortingState,
  TableOptions,
  VisibilityState,
} from '@tanstack/react-table';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { RISK_COLUMNS } from '../components/risk-columns.tsx';
import { useRisksStore } from '../stores/risks-store.ts';
import { setColumnSizing, setSizingInfo } from './table-actions.ts';
import type { Filters, RiskRow, RowCache, TableItem, TableQuery } from './table-model.ts';
import { columnFiltersOf, groupBefore, isFiltered, isGroup, tableView, toRows } from './table-model.ts';
import type { Layout, TableState } from './table-store.ts';
import { ALL_COLUMNS, useTableStore } from './table-store.ts';

export function columnFilters(f: Filters): ColumnFiltersState {
  return columnFiltersOf(f);
}

export function columnVisibility(visible: readonly string[]): VisibilityState {
  const v: VisibilityState = {};
  for (const id of ALL_COLUMNS) v[id] = visible.includes(id);
  return v;
}

/** react-table's grouping state for the layout's grouping (the grouped column's id). */
export function groupingFor(grouping: Layout['grouping']): GroupingState {
  return grouping ? [grouping] : [];
}

/** The register's rows, filtered, sorted and grouped by the pipeline from react-table's state. */
export function useRiskTable(risks: readonly RiskRecord[], bandKey: BandKey) {
  const layout = useTableStore((s) => s.layout);
  const filters = useTableStore((s) => s.filters);
  const search = useTableStore((s) => s.search);
  const categories = useRisksStore((s) => s.categories);
  // Rows are prepared once per risk object for this key and category order (an edit prepares one).
  const cache = useMemo(
    (): RowCache => ({ key: bandKey, categories, rows: new WeakMap() }),
    [bandKey, categories],
  );

  const all = useMemo(() => toRows(risks, bandKey, categories, cache), [risks, bandKey, categories, cache]);
  const query = useMemo(
    (): TableQuery & {
      sorting: SortingState;
      columnFilters: ColumnFiltersState;
      grouping: GroupingState;
    } => ({
      sorting: layout.sort,
      columnFilters: columnFilters(filters),
      globalFilter: search,
      grouping: groupingFor(layout.grouping),
    }),
    [layout.sort, layout.grouping, filters, search],
  );
  const view = useMemo(
    () => tableView(all, query, { categories, key: bandKey }),
    [all, query, categories, bandKey],
  );

  const filtered = isFiltered(filters, search);
  return useMemo(
    () => ({
      all,
      bandKey,
      query,
      ...view,
      /** How many risks are shown (a risk under two owners counts once). */
      shownCount: view.shown.count,
      filtered,
    }),
    [all, bandKey, query, view, filtered],
  );
}

export type RiskTableModel = ReturnType<typeof useRiskTable>;

/**
 * The risks among the items from `start` to `end` (inclusive), with their row ids: the risk, and under
 * which owner when grouped by owner (a risk shows under each of its owners).
 */
function windowData(model: RiskTableModel, start: number, end: number): { data: RiskRow[]; ids: string[] } {
  const data: RiskRow[] = [];
  const ids: string[] = [];
  const first = groupBefore(model, start);
  let owner: string | null = first?.by === 'owners' ? first.value : null;
  for (let i = start; i <= end && i < model.items.length; i++) {
    const it = model.items[i] as TableItem;
    if (isGroup(it)) {
      owner = it.by === 'owners' ? it.value : null;
      continue;
    }
    data.push(it);
    ids.push(owner === null ? it.risk.id : `${it.risk.id}\n${owner}`);
  }
  return { data, ids };
}

/** Options for the window's table (shared with the timing script; no React). */
export function tableOptions(
  data: RiskRow[],
  ids: readonly string[],
  model: Pick<RiskTableModel, 'bandKey' | 'query'>,
  state: Pick<TableState, 'layout' | 'sizingInfo'>,
): Omit<TableOptions<RiskRow>, 'onStateChange' | 'renderFallbackValue'> {
  return {
    data,
    columns: RISK_COLUMNS,
    meta: { bandKey: model.bandKey },
    getRowId: (r, i) => ids[i] ?? r.risk.id,
    state: {
      ...model.query,
      columnVisibility: columnVisibility(state.layout.visible),
      columnOrder: state.layout.order,
      columnSizing: state.layout.widths as ColumnSizingState,
      columnSizingInfo: state.sizingInfo,
    },
    // The pipeline has already filtered, sorted and grouped: react-table only lays out the rows it is given.
    manualSorting: true,
    manualFiltering: true,
    manualGrouping: true,
    manualExpanding: true,
    groupedColumnMode: false,
    defaultColumn: { minSize: 32, maxSize: 1200 },
    columnResizeMode: 'onChange',
    onColumnSizingChange: setColumnSizing,
    onColumnSizingInfoChange: setSizingInfo,
    autoResetAll: false,
    getCoreRowModel: getCoreRowModel(),
  };
}

/**
 * The react-table instance for the items the virtualiser shows (`start` to `end`, inclusive): `data` is the
 * memoised slice of risks in that window, and the table's rows come back in the same order.
 */
export function useWindowTable(model: RiskTableModel, start: number, end: number) {
  const layout = useTableStore((s) => s.layout);
  const sizingInfo = useTableStore((s) => s.sizingInfo);
  const { data, ids } = useMemo(() => windowData(model, start, end), [model, start, end]);
  // TanStack Table is not React Compiler-safe; the components using it are simply left unmemoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  return useReactTable(tableOptions(data, ids, model, { layout, sizingInfo }));
}
