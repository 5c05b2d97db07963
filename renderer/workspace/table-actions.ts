/** Changing the table's layout, filters, search and ticks. The layout is saved per register at once. */
import type { ColumnSizingInfoState, Updater } from '@tanstack/react-table';
import { functionalUpdate } from '@tanstack/react-table';
import type { TableLayout } from '../../shared/contract/layout.ts';
import { call } from '../api/client.ts';
import type { Filters, GroupBy } from './table-model.ts';
import type { ColumnId, Layout } from './table-store.ts';
import { ALL_COLUMNS, DEFAULT_LAYOUT, isColumnId, useTableStore } from './table-store.ts';

const GROUPS: readonly string[] = ['category', 'band', 'owners'];

/** A saved layout, read defensively: unknown columns are dropped, new columns are added at the end. */
export function layoutFromSaved(saved: TableLayout | null): Layout {
  if (!saved) return DEFAULT_LAYOUT;
  const order = (saved.order ?? []).filter(isColumnId);
  for (const c of ALL_COLUMNS) if (!order.includes(c)) order.push(c);
  const visible = saved.visible ? saved.visible.filter(isColumnId) : [...DEFAULT_LAYOUT.visible];
  const widths: Layout['widths'] = {};
  for (const [k, w] of Object.entries(saved.widths ?? {})) if (isColumnId(k)) widths[k] = w;
  const g = saved.grouping?.[0];
  return {
    visible: visible.length > 0 ? visible : [...DEFAULT_LAYOUT.visible],
    order,
    widths,
    sort: (saved.sort ?? []).filter((s) => isColumnId(s.id)),
    grouping: g && GROUPS.includes(g) ? (g as GroupBy) : null,
  };
}

function toSaved(l: Layout): TableLayout {
  return {
    visible: l.visible,
    order: l.order,
    widths: l.widths,
    sort: l.sort,
    grouping: l.grouping ? [l.grouping] : [],
  };
}

/** Read the open register's layout (once per register). A failure keeps the default: it is a preference. */
export async function loadLayout(path: string): Promise<void> {
  if (useTableStore.getState().layoutFor === path) return;
  useTableStore.setState({
    layoutFor: path,
    layout: DEFAULT_LAYOUT,
    checked: {},
    filters: { ...noFilters() },
  });
  try {
    const saved = await call('layout:get', {});
    if (useTableStore.getState().layoutFor === path)
      useTableStore.setState({ layout: layoutFromSaved(saved) });
  } catch {
    // Keep the default layout.
  }
}

function noFilters(): Filters {
  return { bands: [], category: null, owner: null };
}

let saving: Promise<unknown> = Promise.resolve();

function setLayout(change: (l: Layout) => Layout, save = true): void {
  const layout = change(useTableStore.getState().layout);
  useTableStore.setState({ layout });
  if (save) saveLayout();
}

/** Save the layout as it stands, after any save still on its way (last one wins). */
export function saveLayout(): Promise<unknown> {
  const layout = toSaved(useTableStore.getState().layout);
  saving = saving.then(() => call('layout:set', { layout }).catch(() => undefined));
  return saving;
}

/** Click on a header: ascending, then descending, then the register's order. Shift adds a second key. */
export function cycleSort(id: ColumnId, add = false): void {
  setLayout((l) => {
    const current = l.sort.find((s) => s.id === id);
    const others = add ? l.sort.filter((s) => s.id !== id) : [];
    const next = !current ? { id, desc: false } : !current.desc ? { id, desc: true } : null;
    return { ...l, sort: next ? [...others, next] : others };
  });
}

export function setGrouping(grouping: GroupBy | null): void {
  setLayout((l) => ({ ...l, grouping }));
}

export function toggleColumn(id: ColumnId): void {
  setLayout((l) => {
    const shown = l.visible.includes(id);
    if (shown && l.visible.length === 1) return l;
    return { ...l, visible: shown ? l.visible.filter((c) => c !== id) : [...l.visible, id] };
  });
}

/** Move a column one place left (-1) or right (+1) among the columns. */
export function moveColumn(id: ColumnId, by: -1 | 1): void {
  setLayout((l) => {
    const order = [...l.order];
    const i = order.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= order.length) return l;
    [order[i], order[j]] = [order[j] as ColumnId, order[i] as ColumnId];
    return { ...l, order };
  });
}

const MIN_WIDTH = 32;
const MAX_WIDTH = 1200;
const clampWidth = (width: number) => Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round(width)));

/** Resize one column (the keyboard's arrows); saved at once unless `save` is false. */
export function resizeColumn(id: ColumnId, width: number, save = false): void {
  setLayout((l) => ({ ...l, widths: { ...l.widths, [id]: clampWidth(width) } }), save);
}

/**
 * react-table's `onColumnSizingChange`: widths while dragging (saved when the drag ends, below). Only the
 * table's own columns are kept.
 */
export function setColumnSizing(change: Updater<Record<string, number>>): void {
  setLayout((l) => {
    const next = functionalUpdate(change, l.widths as Record<string, number>);
    const widths: Layout['widths'] = {};
    for (const [k, w] of Object.entries(next)) if (isColumnId(k)) widths[k] = clampWidth(w);
    return { ...l, widths };
  }, false);
}

/** react-table's `onColumnSizingInfoChange`: applied at once (the drag reads it back); saves when it ends. */
export function setSizingInfo(change: Updater<ColumnSizingInfoState>): void {
  const before = useTableStore.getState().sizingInfo;
  const sizingInfo = functionalUpdate(change, before);
  useTableStore.setState({ sizingInfo });
  if (before.isResizingColumn !== false && sizingInfo.isResizingColumn === false) void saveLayout();
}

export function resetLayout(): void {
  setLayout(() => DEFAULT_LAYOUT);
}

export function setFilters(change: Partial<Filters>): void {
  useTableStore.setState((s) => ({ filters: { ...s.filters, ...change } }));
}

export function toggleBandFilter(band: string): void {
  const { bands } = useTableStore.getState().filters;
  setFilters({ bands: bands.includes(band) ? bands.filter((b) => b !== band) : [...bands, band] });
}

export function clearFilters(): void {
  useTableStore.setState({ filters: noFilters(), search: '' });
}

export function setSearch(search: string): void {
  useTableStore.setState({ search });
}

export function setCursor(id: string | null): void {
  if (useTableStore.getState().cursorId !== id) useTableStore.setState({ cursorId: id });
}

/**
 * Tick a row. Plain: toggle it. Shift: tick every row from the last ticked one to this one (in the order
 * shown). The order is the rows as displayed.
 */
export function checkRow(id: string, opts: { range: boolean; shown: readonly string[] }): void {
  const { checked, anchorId } = useTableStore.getState();
  if (opts.range && anchorId) {
    const a = opts.shown.indexOf(anchorId);
    const b = opts.shown.indexOf(id);
    if (a >= 0 && b >= 0) {
      const next = { ...checked };
      for (let i = Math.min(a, b); i <= Math.max(a, b); i++) next[opts.shown[i] as string] = true;
      useTableStore.setState({ checked: next, anchorId: id });
      return;
    }
  }
  const next: Record<string, true> = checked[id]
    ? Object.fromEntries(Object.entries(checked).filter(([k]) => k !== id))
    : { ...checked, [id]: true };
  useTableStore.setState({ checked: next, anchorId: id });
}

export function setChecked(ids: readonly string[]): void {
  useTableStore.setState({ checked: Object.fromEntries(ids.map((id) => [id, true as const])) });
}

export function clearChecked(): void {
  useTableStore.setState({ checked: {}, anchorId: null });
}
