/**
 * How the register table is laid out and narrowed: columns (shown, order, widths), sort, grouping (all
 * remembered per register through `layout:set`), plus this session's filters, search and ticked rows.
 * `renderer/workspace/use-risk-table.ts` hands these to @tanstack/react-table as its state.
 */
import type { ColumnSizingInfoState } from '@tanstack/react-table';
import { create } from 'zustand';
import type { Filters, GroupBy, SortKey } from './table-model.ts';
import { NO_FILTERS } from './table-model.ts';

/** Every column the table can show, in the published summary's order first. */
export const ALL_COLUMNS = [
  'ref',
  'category',
  'description',
  'impact',
  'likelihood',
  'score',
  'band',
  'travel',
  'mitigation',
  'owners',
  'inherent',
  'target',
  'timeInBand',
  'nextReview',
] as const;
export type ColumnId = (typeof ALL_COLUMNS)[number];

/** The published summary's columns plus the direction of travel; the rest are in the column chooser. */
export const DEFAULT_VISIBLE: readonly ColumnId[] = ALL_COLUMNS.filter(
  (c) => !['inherent', 'target', 'timeInBand', 'nextReview'].includes(c),
);

export interface Layout {
  visible: ColumnId[];
  order: ColumnId[];
  widths: Partial<Record<ColumnId, number>>;
  sort: SortKey[];
  grouping: GroupBy | null;
}

export const DEFAULT_LAYOUT: Layout = {
  visible: [...DEFAULT_VISIBLE],
  order: [...ALL_COLUMNS],
  widths: {},
  sort: [],
  grouping: null,
};

export interface TableState {
  layout: Layout;
  /** The register whose layout is loaded (its path), so another register starts from its own. */
  layoutFor: string | null;
  filters: Filters;
  search: string;
  /** Ticked rows for bulk actions, by risk id. */
  checked: Record<string, true>;
  /** The row that has keyboard focus (a risk id), which may differ from the open one. */
  cursorId: string | null;
  /** The last ticked row, for Shift-click ranges. */
  anchorId: string | null;
  /** react-table's state of a column drag in progress (kept here so every step applies at once). */
  sizingInfo: ColumnSizingInfoState;
}

export const NOT_RESIZING: ColumnSizingInfoState = {
  startOffset: null,
  startSize: null,
  deltaOffset: null,
  deltaPercentage: null,
  isResizingColumn: false,
  columnSizingStart: [],
};

export const initialTableState: TableState = {
  layout: DEFAULT_LAYOUT,
  layoutFor: null,
  filters: NO_FILTERS,
  search: '',
  checked: {},
  cursorId: null,
  anchorId: null,
  sizingInfo: NOT_RESIZING,
};

export const useTableStore = create<TableState>()(() => ({ ...initialTableState }));

export function isColumnId(s: unknown): s is ColumnId {
  return typeof s === 'string' && (ALL_COLUMNS as readonly string[]).includes(s);
}
