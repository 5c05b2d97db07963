/**
 * Windowing for the long register table without measuring anything: every risk row is `row` pixels high and
 * every group heading `group` pixels (the design clamps cells to two lines, issue 12), so where item `i` starts
 * is arithmetic on its index and the number of headings before it (a binary search over the headings' places).
 * A new item list (a keystroke in the search, a sort, a filter) therefore costs nothing here, where a measuring
 * virtualiser walks all 100,000 items to rebuild its offsets; a scroll step is two binary searches.
 */
import type { RefObject } from 'react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

export interface FixedGeometry {
  /** How many items (rows and group headings). */
  count: number;
  /** The places of the group headings among the items, ascending. */
  groupAt: readonly number[];
  /** A risk row's height, px. */
  row: number;
  /** A group heading's height, px. */
  group: number;
}

/** How many group headings sit before item `i` (places < i). */
export function groupsBefore(groupAt: readonly number[], i: number): number {
  let lo = 0;
  let hi = groupAt.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((groupAt[mid] as number) < i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where item `i` starts (px from the first item's top); `offsetOf(g, g.count)` is the whole height. */
export function offsetOf(g: FixedGeometry, i: number): number {
  const at = Math.max(0, Math.min(i, g.count));
  return at * g.row + groupsBefore(g.groupAt, at) * (g.group - g.row);
}

/** The item at `y` px from the first item's top (clamped to the first and last item); -1 when there is none. */
export function indexAt(g: FixedGeometry, y: number): number {
  if (g.count === 0) return -1;
  let lo = 0;
  let hi = g.count - 1;
  // The last item starting at or before y.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsetOf(g, mid) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The items from `start` to `end` (inclusive) cover `top` to `top + height`, plus `overscan` on each side. */
export function windowAt(
  g: FixedGeometry,
  top: number,
  height: number,
  overscan: number,
): { start: number; end: number } {
  if (g.count === 0) return { start: 0, end: -1 };
  const first = indexAt(g, Math.max(0, top));
  const last = indexAt(g, Math.max(0, top + height));
  return { start: Math.max(0, first - overscan), end: Math.min(g.count - 1, last + overscan) };
}

/**
 * The scroll position that brings item `i` fully into view with the least movement ("auto"), or null when it is
 * already in view. `viewTop` and `viewHeight` are the part of the scroll box the items show in (under a sticky
 * heading of `headHeight` px).
 */
export function scrollFor(
  g: FixedGeometry,
  i: number,
  scrollTop: number,
  viewHeight: number,
  headHeight: number,
): number | null {
  if (i < 0 || i >= g.count) return null;
  const start = offsetOf(g, i);
  const end = offsetOf(g, i + 1);
  const shown = Math.max(0, viewHeight - headHeight);
  if (start < scrollTop) return start;
  if (end > scrollTop + shown) return Math.max(0, end - shown);
  return null;
}

/** Before the scroll box has a size (or where nothing is laid out, as in jsdom), assume a screenful. */
const FALLBACK_HEIGHT = 700;

function viewOf(el: HTMLElement | null): { top: number; height: number } {
  const height = el && el.clientHeight > 0 ? el.clientHeight : FALLBACK_HEIGHT;
  return { top: el?.scrollTop ?? 0, height };
}

/**
 * The window of items to draw in the scroll box `scrollRef` for the geometry `g` (nothing when `enabled` is
 * false), redrawn only when a scroll or resize changes which items are in it; and `scrollToIndex`.
 */
export function useFixedWindow(
  scrollRef: RefObject<HTMLElement | null>,
  g: FixedGeometry,
  enabled: boolean,
  overscan = 4,
): {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
  scrollToIndex: (i: number) => void;
} {
  // The last scroll position and box height; a redraw is asked for only when they change the window.
  const [view, setView] = useState(() => ({ top: 0, height: FALLBACK_HEIGHT }));
  const geometry = useRef(g);
  const drawn = useRef({ start: 0, end: -1 });

  useEffect(() => {
    const el = scrollRef.current;
    if (!enabled || !el) return;
    const update = (sync: boolean) => {
      const next = viewOf(el);
      const w = windowAt(geometry.current, next.top, next.height, overscan);
      // A scroll inside the rows already drawn redraws nothing.
      if (w.start === drawn.current.start && w.end === drawn.current.end) return;
      // Drawn before the frame is painted, so a jump never shows an empty gap.
      if (sync) flushSync(() => setView(next));
      else setView(next);
    };
    update(false);
    const onScroll = () => update(true);
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => update(false));
    ro?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro?.disconnect();
    };
  }, [scrollRef, enabled, overscan]);

  // A new item list is windowed at the last scroll position the box reported (a scroll that changed nothing
  // drawn kept the same window, so `view` can lag the box by less than the overscan).
  const w = enabled ? windowAt(g, view.top, view.height, overscan) : { start: 0, end: -1 };
  useLayoutEffect(() => {
    geometry.current = g;
    drawn.current = w;
  });
  const total = offsetOf(g, g.count);
  const padTop = w.end >= w.start ? offsetOf(g, w.start) : 0;
  const padBottom = w.end >= w.start ? total - offsetOf(g, w.end + 1) : 0;

  const scrollToIndex = useCallback(
    (i: number) => {
      const box = scrollRef.current;
      if (!box) return;
      const head = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const { top, height } = viewOf(box);
      const to = scrollFor(geometry.current, i, top, height, head);
      if (to !== null) box.scrollTop = to;
    },
    [scrollRef],
  );

  return { start: w.start, end: w.end, padTop, padBottom, scrollToIndex };
}
