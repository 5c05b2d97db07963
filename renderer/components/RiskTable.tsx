/**
 * The register table: rows filtered, sorted and grouped by the pipeline (`useRiskTable`), virtualised when
 * long (only the rows in view, plus a few, are in the page), and drawn by a @tanstack/react-table instance
 * over just those rows (`useWindowTable`): sortable, resizable columns in the order the user chose, cells by
 * `flexRender`. Ticks for bulk actions, and the keyboard: ↑/↓/Home/End move, Enter opens, Space ticks.
 */
import type { Cell, Header, Row as TableRow, Table } from '@tanstack/react-table';
import { flexRender } from '@tanstack/react-table';
import type { KeyboardEvent, MouseEvent, ReactNode, TouchEvent } from 'react';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { selectRisk } from '../actions/risk-actions.ts';
import {
  checkRow,
  clearChecked,
  cycleSort,
  resizeColumn,
  setChecked,
  setCursor,
} from '../workspace/table-actions.ts';
import type { ColumnId } from '../workspace/table-store.ts';
import { useTableStore } from '../workspace/table-store.ts';
import type { GroupItem, TableItem } from '../workspace/table-model.ts';
import { isGroup } from '../workspace/table-model.ts';
import type { RiskTableModel } from '../workspace/use-risk-table.ts';
import { useWindowTable } from '../workspace/use-risk-table.ts';
import { useFixedWindow } from '../workspace/fixed-window.ts';
import { formatCount } from '../format/text.ts';
import { EmptyRegister } from '../workspace/EmptyRegister.tsx';
import { BandBadge } from './BandBadge.tsx';
import type { RiskRow } from './risk-columns.tsx';
import '../workspace/workspace.css';

/** Below this many rows every row is in the page (printing, find-in-page); above, only a window. */
export const VIRTUALISE_FROM = 150;
/**
 * In a long (virtualised) table every row has one fixed height (workspace.css sets the same): cells show two
 * lines with the full text on hover, so nothing is ever measured and where a row starts is arithmetic
 * (`fixed-window.ts`), whatever the number of rows.
 */
export const ROW_HEIGHT = 62;
export const GROUP_HEIGHT = 36;

/**
 * React keys for the items drawn in a long table, as slots: an item that stays in the window keeps its slot (its
 * DOM is left alone while scrolling), and an item entering the window takes a slot freed by one that left (the
 * smallest free one), so a jump to another part of the table updates the text of the rows already in the page
 * instead of unmounting them and mounting new ones (creating ~20 rows of 14 cells was most of a jump's script,
 * style and layout). Slots are unique within the window and never more than its length.
 */
export function assignSlots(
  prev: ReadonlyMap<number, number>,
  start: number,
  end: number,
): Map<number, number> {
  const next = new Map<number, number>();
  const used = new Set<number>();
  for (let i = start; i <= end; i++) {
    const slot = prev.get(i);
    if (slot !== undefined) {
      next.set(i, slot);
      used.add(slot);
    }
  }
  let free = 0;
  for (let i = start; i <= end; i++) {
    if (next.has(i)) continue;
    while (used.has(free)) free += 1;
    next.set(i, free);
    used.add(free);
  }
  return next;
}

/** The last window's slots, and the next window's from them. */
class SlotMemo {
  private last: ReadonlyMap<number, number> = new Map();

  window(virtual: boolean, start: number, end: number): ReadonlyMap<number, number> {
    this.last = virtual ? assignSlots(this.last, start, end) : new Map();
    return this.last;
  }
}

/** The first risk among the items (after the first group heading, if grouped). */
function firstRiskId(items: readonly TableItem[]): string | undefined {
  for (const it of items) if (!isGroup(it)) return it.risk.id;
  return undefined;
}

/** A column's width: the user's, else its starting width; flexible columns take what is left. */
function widthOf(table: Table<RiskRow>, header: Header<RiskRow, unknown>, refWidth: number) {
  const id = header.column.id;
  if (table.getState().columnSizing[id] !== undefined) return header.getSize();
  if (id === 'ref') return refWidth;
  return header.column.columnDef.meta?.flex ? undefined : header.getSize();
}

/** Readable width for a column that takes what is left (Description, Mitigation): no word broken mid-way. */
export const MIN_FLEX_WIDTH = 200;
const CHECK_WIDTH = 30;

/** The table never gets narrower than its fixed columns plus a readable width for each flexible one. */
function minTableWidth(table: Table<RiskRow>, headers: Header<RiskRow, unknown>[], refWidth: number): number {
  let sum = CHECK_WIDTH;
  for (const h of headers) sum += widthOf(table, h, refWidth) ?? MIN_FLEX_WIDTH;
  return sum;
}

export function RiskTable({
  model,
  selectedId,
  footer,
}: {
  model: RiskTableModel;
  selectedId: string | null;
  /** Shown under the table inside the same scroll area (the key). */
  footer?: ReactNode;
}) {
  const { all, items, shown, shownCount, filtered } = model;
  const checked = useTableStore((s) => s.checked);
  const cursorId = useTableStore((s) => s.cursorId);
  const sort = useTableStore((s) => s.layout.sort);
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusWanted = useRef(false);

  // Refs never break or clip: the column is as wide as the longest ref (SR100000 needs more than SR4).
  const refWidth = useMemo(() => {
    let longest = 0;
    for (const r of all) longest = Math.max(longest, r.risk.ref.length);
    return Math.max(62, Math.ceil(longest * 9.5) + 18);
  }, [all]);

  const virtual = items.length >= VIRTUALISE_FROM;
  // Fixed heights: a new list of items (search, sort, filter) re-measures nothing; a scroll draws only when
  // it changes which items are in the window.
  const geometry = useMemo(
    () => ({ count: items.length, groupAt: model.groupAt, row: ROW_HEIGHT, group: GROUP_HEIGHT }),
    [items.length, model.groupAt],
  );
  const windowed = useFixedWindow(scrollRef, geometry, virtual);
  // The items on screen (a contiguous run); react-table is given only the risks among them.
  const start = virtual ? windowed.start : 0;
  const end = virtual ? windowed.end : items.length - 1;
  const table = useWindowTable(model, start, end);
  const tableRows = table.getRowModel().rows;
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const columnCount = headers.length;
  const visibleItems: ({ index: number; group: GroupItem } | { index: number; row: TableRow<RiskRow> })[] =
    [];
  for (let i = start, j = 0; i <= end; i++) {
    const it = items[i];
    if (!it) break;
    if (isGroup(it)) visibleItems.push({ index: i, group: it });
    else {
      const row = tableRows[j++];
      if (row) visibleItems.push({ index: i, row });
    }
  }
  // Slots carried over from the last window drawn. Any answer is a valid set of keys (unique in the window), so a
  // render React throws away only costs some reuse.
  const [slotMemo] = useState(() => new SlotMemo());
  const slots = useMemo(() => slotMemo.window(virtual, start, end), [slotMemo, virtual, start, end]);
  const padTop = virtual ? windowed.padTop : 0;
  const padBottom = virtual ? windowed.padBottom : 0;

  // After a keyboard move, put focus on the row once it is in the page.
  useEffect(() => {
    if (!focusWanted.current || !cursorId) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-risk-id="${CSS.escape(cursorId)}"]`);
    if (el) {
      focusWanted.current = false;
      el.focus({ preventScroll: virtual });
    }
  });

  // The selected risk stays in view: opening the panel, or selecting from elsewhere, scrolls to its row.
  useEffect(() => {
    if (!selectedId) return;
    const i = shown.indexOf(selectedId);
    if (i === undefined) return;
    if (virtual) windowed.scrollToIndex(i);
    else {
      const el = scrollRef.current?.querySelector<HTMLElement>(
        `tr[data-risk-id="${CSS.escape(selectedId)}"]`,
      );
      el?.scrollIntoView?.({ block: 'nearest' });
    }
    // Only when the selection changes, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);

  const moveTo = (id: string | undefined) => {
    if (!id) return;
    setCursor(id);
    focusWanted.current = true;
    const i = shown.indexOf(id);
    if (virtual && i !== undefined) windowed.scrollToIndex(i);
  };

  const onKeyNow = (e: KeyboardEvent, id: string) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const shownIds = shown.ids();
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

  const onRowClickNow = (e: MouseEvent, id: string) => {
    setCursor(id);
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      // Shift-click ticks a range, Ctrl-click one more row; neither opens the risk.
      e.preventDefault();
      checkRow(id, { range: e.shiftKey, shown: shown.ids() });
      return;
    }
    selectRisk(id);
  };

  // The rows' handlers keep their identity across renders (so a memoised row redraws only when its own props
  // change) and call the latest closures, which see this render's list.
  const latest = useRef({ onKeyNow, onRowClickNow, shown });
  useLayoutEffect(() => {
    latest.current = { onKeyNow, onRowClickNow, shown };
  });
  const onKey = useCallback((e: KeyboardEvent, id: string) => latest.current.onKeyNow(e, id), []);
  const onRowClick = useCallback((e: MouseEvent, id: string) => latest.current.onRowClickNow(e, id), []);
  const onTick = useCallback(
    (id: string, range: boolean) => checkRow(id, { range, shown: latest.current.shown.ids() }),
    [],
  );
  const layout = useTableStore((s) => s.layout);

  // How many shown risks are ticked: a walk over the ticks (few, usually), once per change of ticks or rows,
  // never over every shown row on each render.
  const tickedShown = useMemo(() => {
    let n = 0;
    for (const id in checked) if (checked[id] && shown.has(id)) n += 1;
    return n;
  }, [checked, shown]);
  const allTicked = shownCount > 0 && tickedShown === shownCount;
  // The first row takes the Tab stop when no row has been moved to yet. Looked up once per list, cursor and
  // selection (not on each scroll step).
  const tabStopAt = useMemo(() => {
    const firstId = firstRiskId(items);
    const wanted = cursorId && shown.has(cursorId) ? cursorId : (selectedId ?? firstId);
    const id = wanted && shown.has(wanted) ? wanted : firstId;
    return id === undefined ? -1 : (shown.indexOf(id) ?? -1);
  }, [items, shown, cursorId, selectedId]);

  return (
    <div
      className={virtual ? 'table-scroll long' : 'table-scroll'}
      ref={scrollRef}
      data-testid="table-scroll"
    >
      <table
        className={virtual ? 'risk-table virtual' : 'risk-table'}
        data-testid="risk-table"
        aria-rowcount={items.length + 1}
        style={{ minWidth: minTableWidth(table, headers, refWidth) }}
      >
        <colgroup>
          <col className="col-check" />
          {headers.map((h) => (
            <col key={h.id} style={{ width: widthOf(table, h, refWidth) }} />
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
                onChange={() => (allTicked ? clearChecked() : setChecked(shown.ids()))}
              />
            </td>
            {headers.map((h) => (
              <HeaderCell key={h.id} header={h} sort={sort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr className="virtual-pad" aria-hidden="true">
              <td colSpan={columnCount + 1} style={{ height: padTop }} />
            </tr>
          )}
          {visibleItems.map((v) =>
            'group' in v ? (
              <GroupRow
                key={virtual ? (slots.get(v.index) ?? v.index) : `g-${v.group.key}`}
                group={v.group}
                index={v.index}
                span={columnCount + 1}
              />
            ) : (
              <Row
                key={virtual ? (slots.get(v.index) ?? v.index) : v.row.id}
                index={v.index}
                row={v.row}
                selected={v.row.original.risk.id === selectedId}
                ticked={checked[v.row.original.risk.id] === true}
                tabStop={v.index === tabStopAt}
                visible={layout.visible}
                order={layout.order}
                onKey={onKey}
                onClick={onRowClick}
                onTick={onTick}
              />
            ),
          )}
          {padBottom > 0 && (
            <tr className="virtual-pad" aria-hidden="true">
              <td colSpan={columnCount + 1} style={{ height: padBottom }} />
            </tr>
          )}
          {all.length === 0 && (
            <tr>
              <td colSpan={columnCount + 1} className="empty">
                <EmptyRegister />
              </td>
            </tr>
          )}
          {all.length > 0 && shownCount === 0 && filtered && (
            <tr>
              <td colSpan={columnCount + 1} className="empty" data-testid="no-matches">
                No risk matches the search and filters. Clear them to see every risk.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {footer}
    </div>
  );
}

/** A group heading: the category, band (as its badge) or owner, and how many risks are under it. */
function GroupRow({ group, index, span }: { group: GroupItem; index: number; span: number }) {
  const { label, count } = group;
  return (
    <tr className="group-row" data-index={index} data-testid={`table-group-${label}`}>
      <th colSpan={span} scope="rowgroup">
        {group.band ? <BandBadge band={group.band} /> : <span className="group-label">{label}</span>}
        <span className="group-count num">
          {formatCount(count)} {count === 1 ? 'risk' : 'risks'}
        </span>
      </th>
    </tr>
  );
}

interface RowProps {
  index: number;
  row: TableRow<RiskRow>;
  selected: boolean;
  ticked: boolean;
  tabStop: boolean;
  /** The layout's visible columns and their order: the cells change when either does. */
  visible: readonly string[];
  order: readonly string[];
  onKey: (e: KeyboardEvent, id: string) => void;
  onClick: (e: MouseEvent, id: string) => void;
  onTick: (id: string, range: boolean) => void;
}

/**
 * A row redraws only when what it shows changes: the same risk row (react-table's row object is new whenever the
 * window moves, its `original` is the pipeline's row, one object per risk and band key), the same row id, place,
 * selection, tick, Tab stop and columns. A scroll step, a tick elsewhere or a travel answer leaves the others alone.
 */
export function sameRow(a: RowProps, b: RowProps): boolean {
  return (
    a.row.original === b.row.original &&
    a.row.id === b.row.id &&
    a.index === b.index &&
    a.selected === b.selected &&
    a.ticked === b.ticked &&
    a.tabStop === b.tabStop &&
    a.visible === b.visible &&
    a.order === b.order &&
    a.onKey === b.onKey &&
    a.onClick === b.onClick &&
    a.onTick === b.onTick
  );
}

const Row = memo(function Row({ index, row, selected, ticked, tabStop, onKey, onClick, onTick }: RowProps) {
  const { risk } = row.original;
  const id = risk.id;
  const classes = [selected ? 'selected' : '', ticked ? 'ticked' : ''].filter(Boolean).join(' ');
  return (
    <tr
      data-testid={`risk-row-${risk.ref}`}
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
          aria-label={`Tick ${risk.ref}`}
          data-testid={`check-${risk.ref}`}
          checked={ticked}
          onChange={() => undefined}
          onClick={(e) => onTick(id, e.shiftKey)}
        />
      </td>
      {row.getVisibleCells().map((cell) => (
        <BodyCell key={cell.column.id} cell={cell} />
      ))}
    </tr>
  );
}, sameRow);

/**
 * Every cell is cut to a few lines (three, two in a long table) so one long risk never fills the screen; the
 * full text is on hover and in the risk panel.
 */
function BodyCell({ cell }: { cell: Cell<RiskRow, unknown> }) {
  const meta = cell.column.columnDef.meta;
  const content = flexRender(cell.column.columnDef.cell, cell.getContext());
  return (
    <td className={meta?.className} data-col={cell.column.id}>
      <div className="cell-clamp" title={meta?.clampTitle?.(cell.row.original)}>
        {content}
      </div>
    </td>
  );
}

function HeaderCell({
  header,
  sort,
}: {
  header: Header<RiskRow, unknown>;
  sort: readonly { id: string; desc: boolean }[];
}) {
  const column = header.column;
  const name = column.columnDef.meta?.name ?? column.id;
  const at = sort.findIndex((s) => s.id === column.id);
  const s = at >= 0 ? sort[at] : undefined;
  const ariaSort = !s ? undefined : s.desc ? 'descending' : 'ascending';
  // Drag to resize with react-table's handler (saved when the drag ends). A column still taking what is
  // left starts from its width on screen.
  const onResizeStart = (e: MouseEvent<HTMLSpanElement> | TouchEvent<HTMLSpanElement>) => {
    e.stopPropagation();
    if (e.type === 'mousedown') e.preventDefault(); // no text selection while dragging
    const th = e.currentTarget.parentElement;
    const table = header.getContext().table;
    if (th && table.getState().columnSizing[column.id] === undefined) {
      const width = th.getBoundingClientRect().width;
      if (width > 0) flushSync(() => resizeColumn(column.id as ColumnId, width));
    }
    header.getResizeHandler()(e);
  };
  return (
    <th scope="col" className={column.columnDef.meta?.className} aria-sort={ariaSort} data-col={column.id}>
      <button
        type="button"
        className="sort-button"
        data-testid={`sort-${column.id}`}
        title={`Sort by ${name}${s && !s.desc ? ', highest first' : ''} (Shift-click adds a second sort)`}
        onClick={(e) => cycleSort(column.id as ColumnId, e.shiftKey)}
      >
        {flexRender(column.columnDef.header, header.getContext())}
        {s && (
          <span className="sort-mark" aria-hidden="true">
            {s.desc ? '▼' : '▲'}
            {sort.length > 1 ? at + 1 : ''}
          </span>
        )}
      </button>
      {/* Pointer only, out of the Tab order: the keyboard sizes columns in the Columns menu. */}
      <span
        className={header.column.getIsResizing() ? 'col-resize resizing' : 'col-resize'}
        aria-hidden="true"
        data-testid={`resize-${column.id}`}
        title={`Drag to resize ${name}`}
        onMouseDown={onResizeStart}
        onTouchStart={onResizeStart}
      />
    </th>
  );
}
