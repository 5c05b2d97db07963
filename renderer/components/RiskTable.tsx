/**
 * The register table: sortable, resizable columns in the order the user chose, rows filtered and grouped
 * by the table store, virtualised when long (only the rows in view, plus a few, are in the page), ticks for
 * bulk actions, and the keyboard: ↑/↓/Home/End move, Enter opens, Space ticks.
 */
import type { Rect, Virtualizer } from '@tanstack/react-virtual';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import type { KeyboardEvent, MouseEvent, PointerEvent } from 'react';
import { useEffect, useMemo, useRef } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { selectRisk } from '../actions/risk-actions.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import {
  checkRow,
  clearChecked,
  cycleSort,
  resizeColumn,
  saveLayout,
  setChecked,
  setCursor,
} from '../workspace/table-actions.ts';
import type { RiskRow, TableItem } from '../workspace/table-model.ts';
import { filterRows, groupRows, isFiltered, sortRows, toRows } from '../workspace/table-model.ts';
import type { ColumnId } from '../workspace/table-store.ts';
import { useTableStore } from '../workspace/table-store.ts';
import { BandBadge } from './BandBadge.tsx';
import type { RiskColumn } from './risk-columns.tsx';
import { COLUMN_BY_ID } from './risk-columns.tsx';
import '../workspace/workspace.css';

/** Below this many rows every row is in the page (printing, find-in-page); above, only a window. */
export const VIRTUALISE_FROM = 150;
/**
 * In a long (virtualised) table every row has one fixed height: cells show two lines with the full text on
 * hover, so scrolling never measures rows (measuring 100,000 variable rows stalls the scroll).
 */
const ROW_HEIGHT = 62;
const GROUP_HEIGHT = 36;
/** Before the scroll box has a size (or where nothing is laid out), assume a screenful. */
const FALLBACK_RECT: Rect = { width: 1000, height: 700 };

function observeRect(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  return observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT));
}

/** The rows as shown: filtered, searched, sorted and grouped. Shared with the toolbar's counts. */
export function useTableItems(risks: readonly RiskRecord[], bandKey: BandKey) {
  const filters = useTableStore((s) => s.filters);
  const search = useTableStore((s) => s.search);
  const sort = useTableStore((s) => s.layout.sort);
  const grouping = useTableStore((s) => s.layout.grouping);
  const categories = useRisksStore((s) => s.categories);
  const all = useMemo(() => toRows(risks, bandKey), [risks, bandKey]);
  const shown = useMemo(() => sortRows(filterRows(all, filters, search), sort), [all, filters, search, sort]);
  const items = useMemo(
    () => groupRows(shown, grouping, { categories, key: bandKey }),
    [shown, grouping, categories, bandKey],
  );
  return { all, shown, items, filtered: isFiltered(filters, search) };
}

/** The full text shown on hover for cells that may be cut to two lines. */
const CLAMP_TITLE: Partial<Record<string, (r: RiskRow) => string>> = {
  description: (r) => r.risk.description,
  mitigation: (r) => r.risk.mitigation,
  category: (r) => r.risk.category,
  owners: (r) => r.risk.owners.join(' '),
};

function rowKey(item: TableItem, i: number): string {
  return item.kind === 'group' ? `g-${item.key}` : `r-${item.row.risk.id}-${i}`;
}

export type TableModel = ReturnType<typeof useTableItems>;

export function RiskTable({
  model,
  bandKey,
  selectedId,
}: {
  /** The rows as shown, from `useTableItems`. */
  model: TableModel;
  bandKey: BandKey;
  selectedId: string | null;
}) {
  const { all, shown, items, filtered } = model;
  const layout = useTableStore((s) => s.layout);
  const checked = useTableStore((s) => s.checked);
  const cursorId = useTableStore((s) => s.cursorId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusWanted = useRef(false);

  const columns = useMemo(
    () =>
      layout.order
        .filter((id) => layout.visible.includes(id))
        .map((id) => COLUMN_BY_ID.get(id))
        .filter((c): c is RiskColumn => c !== undefined),
    [layout.order, layout.visible],
  );
  // The rows in the order they appear (grouping reorders them; a risk under two owners counts once).
  const shownIds = useMemo(() => {
    const seen = new Set<string>();
    const ids: string[] = [];
    for (const it of items) {
      if (it.kind === 'row' && !seen.has(it.row.risk.id)) {
        seen.add(it.row.risk.id);
        ids.push(it.row.risk.id);
      }
    }
    return ids;
  }, [items]);
  // Refs never break or clip: the column is as wide as the longest ref (SR100000 needs more than SR4).
  const refWidth = useMemo(() => {
    let longest = 0;
    for (const r of all) longest = Math.max(longest, r.risk.ref.length);
    return Math.max(62, Math.ceil(longest * 9.5) + 18);
  }, [all]);
  // Indexes of risk rows among the items, for the keyboard (group headings are skipped).
  const rowIndex = useMemo(() => {
    const m = new Map<string, number>();
    items.forEach((it, i) => {
      if (it.kind === 'row' && !m.has(it.row.risk.id)) m.set(it.row.risk.id, i);
    });
    return m;
  }, [items]);

  const virtual = items.length >= VIRTUALISE_FROM;
  // TanStack Virtual is not React Compiler-safe; this component is simply left unmemoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? items.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (items[i]?.kind === 'group' ? GROUP_HEIGHT : ROW_HEIGHT),
    observeElementRect: observeRect,
    getItemKey: (i) => {
      const it = items[i];
      return it ? rowKey(it, i) : i;
    },
  });

  const windowed = virtual ? virtualizer.getVirtualItems() : null;
  const visibleItems = windowed
    ? windowed.map((v) => ({ item: items[v.index] as TableItem, index: v.index }))
    : items.map((item, index) => ({ item, index }));
  const padTop = windowed && windowed.length > 0 ? (windowed[0]?.start ?? 0) : 0;
  const padBottom =
    windowed && windowed.length > 0
      ? virtualizer.getTotalSize() - (windowed[windowed.length - 1]?.end ?? 0)
      : 0;

  // After a keyboard move, put focus on the row once it is in the page.
  useEffect(() => {
    if (!focusWanted.current || !cursorId) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-risk-id="${CSS.escape(cursorId)}"]`);
    if (el) {
      focusWanted.current = false;
      el.focus({ preventScroll: virtual });
    }
  });

  const moveTo = (id: string | undefined) => {
    if (!id) return;
    setCursor(id);
    focusWanted.current = true;
    const i = rowIndex.get(id);
    if (virtual && i !== undefined) virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const onKey = (e: KeyboardEvent, id: string) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const at = shownIds.indexOf(id);
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        moveTo(shownIds[Math.min(at + 1, shownIds.length - 1)]);
        break;
      case 'ArrowUp':
        e.preventDefault();
        moveTo(shownIds[Math.max(at - 1, 0)]);
        break;
      case 'Home':
        e.preventDefault();
        moveTo(shownIds[0]);
        break;
      case 'End':
        e.preventDefault();
        moveTo(shownIds[shownIds.length - 1]);
        break;
      case 'Enter':
        e.preventDefault();
        selectRisk(id);
        break;
      case ' ':
        e.preventDefault();
        checkRow(id, { range: e.shiftKey, shown: shownIds });
        break;
      default:
        break;
    }
  };

  const onRowClick = (e: MouseEvent, id: string) => {
    setCursor(id);
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      // Shift-click ticks a range, Ctrl-click one more row; neither opens the risk.
      e.preventDefault();
      checkRow(id, { range: e.shiftKey, shown: shownIds });
      return;
    }
    selectRisk(id);
  };

  const tickedShown = shownIds.filter((id) => checked[id]).length;
  const allTicked = shownIds.length > 0 && tickedShown === shownIds.length;
  // The first row takes the Tab stop when no row has been moved to yet.
  const tabStop = cursorId && rowIndex.has(cursorId) ? cursorId : (selectedId ?? shownIds[0]);
  const tabStopId = tabStop && rowIndex.has(tabStop) ? tabStop : shownIds[0];

  return (
    <div className="table-scroll" ref={scrollRef} data-testid="table-scroll">
      <table
        className={virtual ? 'risk-table virtual' : 'risk-table'}
        data-testid="risk-table"
        aria-rowcount={items.length + 1}
        aria-multiselectable="true"
      >
        <colgroup>
          <col className="col-check" />
          {columns.map((c) => (
            <col key={c.id} style={{ width: layout.widths[c.id] ?? (c.id === 'ref' ? refWidth : c.width) }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <td className="col-check">
              <input
                type="checkbox"
                aria-label={allTicked ? 'Untick all rows shown' : 'Tick all rows shown'}
                data-testid="check-all"
                checked={allTicked}
                ref={(el) => {
                  if (el) el.indeterminate = tickedShown > 0 && !allTicked;
                }}
                onChange={() => (allTicked ? clearChecked() : setChecked(shownIds))}
              />
            </td>
            {columns.map((c) => (
              <HeaderCell key={c.id} column={c} sort={layout.sort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr className="virtual-pad" aria-hidden="true">
              <td colSpan={columns.length + 1} style={{ height: padTop }} />
            </tr>
          )}
          {visibleItems.map(({ item, index }) =>
            item.kind === 'group' ? (
              <tr
                key={rowKey(item, index)}
                className="group-row"
                data-index={index}
                data-testid={`table-group-${item.label}`}
              >
                <th colSpan={columns.length + 1} scope="rowgroup">
                  {item.band ? (
                    <BandBadge band={item.band} />
                  ) : (
                    <span className="group-label">{item.label}</span>
                  )}
                  <span className="group-count num">
                    {item.count} {item.count === 1 ? 'risk' : 'risks'}
                  </span>
                </th>
              </tr>
            ) : (
              <Row
                key={rowKey(item, index)}
                index={index}
                row={item.row}
                columns={columns}
                bandKey={bandKey}
                selected={item.row.risk.id === selectedId}
                ticked={checked[item.row.risk.id] === true}
                tabStop={item.row.risk.id === tabStopId && rowIndex.get(item.row.risk.id) === index}
                clamp={virtual}
                onKey={onKey}
                onClick={onRowClick}
                onTick={(id, range) => checkRow(id, { range, shown: shownIds })}
              />
            ),
          )}
          {padBottom > 0 && (
            <tr className="virtual-pad" aria-hidden="true">
              <td colSpan={columns.length + 1} style={{ height: padBottom }} />
            </tr>
          )}
          {all.length === 0 && (
            <tr>
              <td colSpan={columns.length + 1} className="empty">
                This register has no risks yet.
              </td>
            </tr>
          )}
          {all.length > 0 && shown.length === 0 && filtered && (
            <tr>
              <td colSpan={columns.length + 1} className="empty" data-testid="no-matches">
                No risk matches the search and filters. Clear them to see every risk.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function Row({
  index,
  row,
  columns,
  bandKey,
  selected,
  ticked,
  tabStop,
  clamp,
  onKey,
  onClick,
  onTick,
}: {
  index: number;
  row: RiskRow;
  columns: readonly RiskColumn[];
  bandKey: BandKey;
  selected: boolean;
  ticked: boolean;
  tabStop: boolean;
  /** Two lines per cell, full text on hover (long tables). */
  clamp: boolean;
  onKey: (e: KeyboardEvent, id: string) => void;
  onClick: (e: MouseEvent, id: string) => void;
  onTick: (id: string, range: boolean) => void;
}) {
  const id = row.risk.id;
  const classes = [selected ? 'selected' : '', ticked ? 'ticked' : ''].filter(Boolean).join(' ');
  return (
    <tr
      data-testid={`risk-row-${row.risk.ref}`}
      data-risk-id={id}
      data-index={index}
      className={classes || undefined}
      aria-selected={selected}
      aria-rowindex={index + 2}
      tabIndex={tabStop ? 0 : -1}
      onClick={(e) => onClick(e, id)}
      onKeyDown={(e) => onKey(e, id)}
      onFocus={(e) => {
        if (e.target === e.currentTarget) setCursor(id);
      }}
    >
      <td className="col-check" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Tick ${row.risk.ref}`}
          data-testid={`check-${row.risk.ref}`}
          checked={ticked}
          onChange={() => undefined}
          onClick={(e) => onTick(id, e.shiftKey)}
        />
      </td>
      {columns.map((c) => (
        <td key={c.id} className={c.className} data-col={c.id}>
          {clamp ? (
            <div className="cell-clamp" title={CLAMP_TITLE[c.id]?.(row)}>
              {c.cell(row, bandKey)}
            </div>
          ) : (
            c.cell(row, bandKey)
          )}
        </td>
      ))}
    </tr>
  );
}

function HeaderCell({
  column,
  sort,
}: {
  column: RiskColumn;
  sort: readonly { id: string; desc: boolean }[];
}) {
  const at = sort.findIndex((s) => s.id === column.id);
  const s = at >= 0 ? sort[at] : undefined;
  const ariaSort = !s ? undefined : s.desc ? 'descending' : 'ascending';
  const onResizeStart = (e: PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const th = e.currentTarget.parentElement;
    if (!th) return;
    const startX = e.clientX;
    const startW = th.getBoundingClientRect().width;
    const move = (ev: globalThis.PointerEvent) => resizeColumn(column.id, startW + ev.clientX - startX);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      void saveLayout();
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onResizeKey = (e: KeyboardEvent<HTMLSpanElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const th = e.currentTarget.parentElement;
    const w = th?.getBoundingClientRect().width ?? column.width ?? 100;
    resizeColumn(column.id, w + (e.key === 'ArrowRight' ? 16 : -16), true);
  };
  return (
    <th scope="col" className={column.className} aria-sort={ariaSort} data-col={column.id}>
      <button
        type="button"
        className="sort-button"
        data-testid={`sort-${column.id}`}
        title={`Sort by ${column.name}${s && !s.desc ? ', highest first' : ''} (Shift-click adds a second sort)`}
        onClick={(e) => cycleSort(column.id as ColumnId, e.shiftKey)}
      >
        {column.header}
        {s && (
          <span className="sort-mark" aria-hidden="true">
            {s.desc ? '▼' : '▲'}
            {sort.length > 1 ? at + 1 : ''}
          </span>
        )}
      </button>
      <span
        className="col-resize"
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize ${column.name} (arrow keys)`}
        tabIndex={0}
        onPointerDown={onResizeStart}
        onKeyDown={onResizeKey}
      />
    </th>
  );
}
