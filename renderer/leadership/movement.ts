/**
 * The heatmap's movement layer: for each moved risk, an arrow from its faded "was" chip (in its old cell) to its
 * chip now, with the ref written on it. Measured from the DOM after layout (pure geometry here, DOM reading in
 * the hook in Heatmap.tsx).
 *
 * Routing: the grid's area is laid over with a lattice of points a few pixels apart; a point is blocked when it
 * lies on (or within a small margin of) any chip, cell label, cell count or arrow label already placed. A* finds
 * the cheapest lattice path from beside the "was" chip to beside the chip now (points next to obstacles and to
 * arrows already drawn cost more, so arrows keep their distance from text and from each other), the path is
 * pulled straight wherever a straight segment stays clear, and its corners are rounded only where the rounding
 * stays clear too. The label goes at the first place along the path, nearest its middle, where its box covers no
 * chip, label, count or earlier arrow. So an arrow crosses nothing but its own two ends whenever there is any way
 * through, however crowded the grid; `crossings` counts what it still covers when there is none.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Arrow {
  id: string;
  ref: string;
  direction: 'up' | 'down' | 'unchanged';
  /** SVG path: straight runs with rounded corners, from the was-chip's edge to the chip's edge. */
  d: string;
  start: [number, number];
  end: [number, number];
  /** The label's centre. */
  label: [number, number];
  /** A thin leader from the label to its line, when the label could only go a little away from it. */
  leader?: [[number, number], [number, number]];
  /** How many obstacles the path or its label still covers (0 unless there is no way through). */
  crossings: number;
}

export interface MoveToRoute {
  id: string;
  ref: string;
  direction: Arrow['direction'];
  from: Box;
  to: Box;
}

export interface RouteOptions {
  /** The label's box size for a ref (measured text plus padding). */
  labelSize: (ref: string) => { w: number; h: number };
  /** Lattice spacing in px (4). */
  step?: number;
}

type Pt = [number, number];

/** An index known to be in range (the arrays here are sized before they are read). */
function at<T>(xs: ArrayLike<T>, i: number): T {
  const v = xs[i];
  if (v === undefined) throw new Error(`index ${i} out of range`);
  return v;
}

/** Margin kept around obstacles by the lattice, and by straight runs. */
const PAD = 2.5;
const LINE_PAD = 1;

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;

/** How many of the boxes (but the one at index `skip`) the box overlaps. */
function overlapping(b: Box, boxes: readonly Box[], skip: number): number {
  let n = 0;
  for (let j = 0; j < boxes.length; j++) if (j !== skip && overlaps(b, at(boxes, j))) n++;
  return n;
}

const insideBox = (p: Pt, b: Box, pad: number) => insideAt(p[0], p[1], b, pad);
const insideAt = (x: number, y: number, b: Box, pad: number) =>
  x > b.x - pad && x < b.x + b.w + pad && y > b.y - pad && y < b.y + b.h + pad;

/** The point of the box's edge nearest to `p`, pushed `gap` px out towards `p`. */
export function nearestEdge(b: Box, p: Pt, gap: number): Pt {
  const cx = Math.min(Math.max(p[0], b.x), b.x + b.w);
  const cy = Math.min(Math.max(p[1], b.y), b.y + b.h);
  const dx = p[0] - cx;
  const dy = p[1] - cy;
  const len = Math.hypot(dx, dy);
  if (len > 0) return [cx + (dx / len) * gap, cy + (dy / len) * gap];
  // On the edge or inside: leave through the nearest side.
  const sides: [number, Pt][] = [
    [p[0] - b.x, [b.x - gap, p[1]]],
    [b.x + b.w - p[0], [b.x + b.w + gap, p[1]]],
    [p[1] - b.y, [p[0], b.y - gap]],
    [b.y + b.h - p[1], [p[0], b.y + b.h + gap]],
  ];
  sides.sort((a, c) => a[0] - c[0]);
  return at(sides, 0)[1];
}

/** Points every `every` px along a polyline. */
function samplePolyline(pts: readonly Pt[], every = 1.5): Pt[] {
  const out: Pt[] = [];
  for (let i = 1; i < pts.length; i++) {
    const [a, b] = [at(pts, i - 1), at(pts, i)];
    const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / every));
    for (let k = i === 1 ? 0 : 1; k <= n; k++)
      out.push([a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n]);
  }
  return out;
}

function quad(a: Pt, c: Pt, b: Pt, t: number): Pt {
  const u = 1 - t;
  return [u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]];
}

/** The drawn shape: straight runs, each corner rounded by up to `radius` px. Returns the SVG path and samples. */
function shape(pts: readonly Pt[], radius: number): { d: string; samples: Pt[] } {
  const f = (p: Pt) => `${p[0].toFixed(1)} ${p[1].toFixed(1)}`;
  const first = at(pts, 0);
  let d = `M ${f(first)}`;
  const samples: Pt[] = [first];
  let cur: Pt = first;
  const lineTo = (p: Pt) => {
    samples.push(...samplePolyline([cur, p]).slice(1));
    d += ` L ${f(p)}`;
    cur = p;
  };
  for (let i = 1; i < pts.length - 1; i++) {
    const [a, p, b] = [at(pts, i - 1), at(pts, i), at(pts, i + 1)];
    const la = Math.hypot(p[0] - a[0], p[1] - a[1]);
    const lb = Math.hypot(b[0] - p[0], b[1] - p[1]);
    const r = Math.min(radius, la / 2, lb / 2);
    if (r < 1) {
      lineTo(p);
      continue;
    }
    const inPt: Pt = [p[0] - ((p[0] - a[0]) / la) * r, p[1] - ((p[1] - a[1]) / la) * r];
    const outPt: Pt = [p[0] + ((b[0] - p[0]) / lb) * r, p[1] + ((b[1] - p[1]) / lb) * r];
    lineTo(inPt);
    for (let k = 1; k <= 8; k++) samples.push(quad(inPt, p, outPt, k / 8));
    d += ` Q ${f(p)} ${f(outPt)}`;
    cur = outPt;
  }
  lineTo(at(pts, pts.length - 1));
  return { d, samples };
}

/**
 * A binary heap of lattice indices by priority, in typed arrays that grow by doubling and are reused from one
 * search to the next (`clear`), so a search allocates nothing per push.
 */
class Heap {
  private items = new Int32Array(1024);
  private prio = new Float64Array(1024);
  private n = 0;
  get size() {
    return this.n;
  }
  clear() {
    this.n = 0;
  }
  push(item: number, p: number) {
    if (this.n === this.items.length) {
      const items = new Int32Array(this.n * 2);
      const prio = new Float64Array(this.n * 2);
      items.set(this.items);
      prio.set(this.prio);
      this.items = items;
      this.prio = prio;
    }
    const { items, prio } = this;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pp = prio[parent] ?? 0;
      if (pp <= p) break;
      items[i] = items[parent] ?? 0;
      prio[i] = pp;
      i = parent;
    }
    items[i] = item;
    prio[i] = p;
  }
  pop(): number {
    const { items, prio } = this;
    if (this.n === 0) throw new Error('pop from an empty heap');
    const top = items[0] ?? 0;
    const n = --this.n;
    const lastItem = items[n] ?? 0;
    const lastPrio = prio[n] ?? 0;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const pl = prio[l] ?? 0;
        const pr = r < n ? (prio[r] ?? 0) : Infinity;
        const c = pr < pl ? r : l;
        const pc = c === r ? pr : pl;
        if (pc >= lastPrio) break;
        items[i] = items[c] ?? 0;
        prio[i] = pc;
        i = c;
      }
      items[i] = lastItem;
      prio[i] = lastPrio;
    }
    return top;
  }
}

/** The cells of a `res`-px grid over the area (with a 4-cell margin) that a box grown by `pad` touches, clamped. */
function cellRange(
  x0: number,
  y0: number,
  res: number,
  cols: number,
  rows: number,
  b: Box,
  pad: number,
): [number, number, number, number] {
  return [
    Math.max(0, Math.floor((b.x - pad - x0) / res)),
    Math.min(cols - 1, Math.floor((b.x + b.w + pad - x0 - 1e-6) / res)),
    Math.max(0, Math.floor((b.y - pad - y0) / res)),
    Math.min(rows - 1, Math.floor((b.y + b.h + pad - y0 - 1e-6) / res)),
  ];
}

/**
 * The obstacles for label placement, answering "does this box touch a cell an obstacle touches" on the same 2 px
 * cells as the lines' `Raster`, without a raster: each obstacle is kept as its rectangle of cells, and a box
 * touches a marked cell exactly when its own rectangle of cells meets one of them. The rectangles are filed in
 * buckets of 16×16 cells, so a question reads the few obstacles near the box. (It was a summed-area table over
 * the whole area, built cell by cell on every routing: tens of thousands of cells, most of the cost of a first,
 * uncompiled routing of a quiet quarter.)
 */
class ObstacleCells {
  private readonly x0: number;
  private readonly y0: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly bcols: number;
  private readonly buckets: number[][];
  /** Each obstacle's cell rectangle: i0, i1, j0, j1. */
  private readonly ranges: number[] = [];
  private readonly res: number;
  private static readonly B = 16;
  constructor(area: Box, res: number, boxes: readonly Box[]) {
    this.res = res;
    this.x0 = area.x - 4 * res;
    this.y0 = area.y - 4 * res;
    this.cols = Math.ceil(area.w / res) + 9;
    this.rows = Math.ceil(area.h / res) + 9;
    const B = ObstacleCells.B;
    this.bcols = Math.ceil(this.cols / B);
    this.buckets = Array.from({ length: this.bcols * Math.ceil(this.rows / B) }, () => []);
    for (const b of boxes) {
      const [i0, i1, j0, j1] = cellRange(this.x0, this.y0, res, this.cols, this.rows, b, 0);
      if (i1 < i0 || j1 < j0) continue; // marks no cell
      const n = this.ranges.length;
      this.ranges.push(i0, i1, j0, j1);
      for (let bj = Math.floor(j0 / B); bj <= Math.floor(j1 / B); bj++)
        for (let bi = Math.floor(i0 / B); bi <= Math.floor(i1 / B); bi++)
          at(this.buckets, bj * this.bcols + bi).push(n);
    }
  }
  touches(b: Box): boolean {
    const [i0, i1, j0, j1] = cellRange(this.x0, this.y0, this.res, this.cols, this.rows, b, 0);
    if (i1 < i0 || j1 < j0) return false;
    const B = ObstacleCells.B;
    const r = this.ranges;
    for (let bj = Math.floor(j0 / B); bj <= Math.floor(j1 / B); bj++)
      for (let bi = Math.floor(i0 / B); bi <= Math.floor(i1 / B); bi++)
        for (const n of at(this.buckets, bj * this.bcols + bi))
          if ((r[n] ?? 0) <= i1 && (r[n + 1] ?? 0) >= i0 && (r[n + 2] ?? 0) <= j1 && (r[n + 3] ?? 0) >= j0)
            return true;
    return false;
  }
}

/**
 * Occupancy counts on a grid of `res`-px cells over the area (with a margin), used for label placement: "does this
 * box touch a line drawn so far". It grows as arrows are drawn and answers by scanning the box's cells, skipping
 * empty rows, and stops at the first mark, so adding a line costs only the cells it marks.
 */
class Raster {
  readonly cols: number;
  readonly rows: number;
  private readonly x0: number;
  private readonly y0: number;
  private readonly res: number;
  private readonly counts: Uint16Array;
  /** Marks per row, to skip empty rows. */
  private readonly rowMarks: Int32Array;
  private stamp: Int32Array | null = null;
  private stampId = 0;
  constructor(area: Box, res: number) {
    this.res = res;
    this.x0 = area.x - 4 * res;
    this.y0 = area.y - 4 * res;
    this.cols = Math.ceil(area.w / res) + 9;
    this.rows = Math.ceil(area.h / res) + 9;
    this.counts = new Uint16Array(this.cols * this.rows);
    this.rowMarks = new Int32Array(this.rows);
  }
  private range(b: Box, pad: number): [number, number, number, number] {
    return cellRange(this.x0, this.y0, this.res, this.cols, this.rows, b, pad);
  }
  private mark(k: number) {
    this.counts[k] = (this.counts[k] ?? 0) + 1;
    const j = Math.floor(k / this.cols);
    this.rowMarks[j] = (this.rowMarks[j] ?? 0) + 1;
  }
  /** The cells a path's samples (each grown by `pad`) touch, each once. */
  cellsOfPath(samples: readonly Pt[], pad: number): number[] {
    this.stamp ??= new Int32Array(this.cols * this.rows);
    const stamp = this.stamp;
    const id = ++this.stampId;
    const out: number[] = [];
    for (const p of samples) {
      const [i0, i1, j0, j1] = this.range({ x: p[0], y: p[1], w: 0, h: 0 }, pad);
      for (let j = j0; j <= j1; j++)
        for (let i = i0; i <= i1; i++) {
          const k = j * this.cols + i;
          if (stamp[k] === id) continue;
          stamp[k] = id;
          out.push(k);
        }
    }
    return out;
  }
  /** Mark the cells a path's samples (each grown by `pad`) touch, each cell once per path. */
  addPath(samples: readonly Pt[], pad: number) {
    for (const k of this.cellsOfPath(samples, pad)) this.mark(k);
  }
  /**
   * Whether the box touches a marked cell; with `besides`, a cell marked more often than `besides` marks it (a
   * path's own cells, from `cellsOfPath`, so that only other paths count).
   */
  touches(b: Box, besides?: Uint8Array): boolean {
    const [i0, i1, j0, j1] = this.range(b, 0);
    if (i1 < i0 || j1 < j0) return false;
    const { counts, cols, rowMarks } = this;
    for (let j = j0; j <= j1; j++) {
      if (!rowMarks[j]) continue;
      const row = j * cols;
      for (let i = i0; i <= i1; i++) {
        const n = counts[row + i] ?? 0;
        if (n > (besides ? (besides[row + i] ?? 0) : 0)) return true;
      }
    }
    return false;
  }
}

/**
 * Route every move's arrow in turn over the area (the grid's cells), around the obstacles (every chip, cell
 * label and count; a move's own two chips are not obstacles to it), each label and path avoiding the ones placed
 * before it; then place again any label that a later arrow's line crosses (see `settleLabels`).
 */
export function routeArrows(
  moves: readonly MoveToRoute[],
  obstacles: readonly Box[],
  area: Box,
  options: RouteOptions,
): Arrow[] {
  const steps = routeArrowsStepwise(moves, obstacles, area, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The same routing, one arrow per step (and a last step placing the labels again), so that a caller can spread
 * the work over several tasks and never hold the main thread for long (Heatmap.tsx does).
 */
export function* routeArrowsStepwise(
  moves: readonly MoveToRoute[],
  obstacles: readonly Box[],
  area: Box,
  options: RouteOptions,
): Generator<number, Arrow[], void> {
  // For label placement: every obstacle (2 px cells), the same for both orders.
  const fixed = new ObstacleCells(area, 2, obstacles);
  // The lattice points the obstacles block or come near, the same for both orders (each order takes a copy).
  const { step, cols, rows } = latticeSize(area, options);
  const base = { blocked: new Uint16Array(cols * rows), hug: new Uint16Array(cols * rows) };
  for (const o of obstacles) {
    rasteriseBox(o, PAD, base.blocked, 1, area, step, cols, rows);
    rasteriseBox(o, PAD + 6, base.hug, 1, area, step, cols, rows);
  }
  const first = yield* routeInOrder(moves, obstacles, area, options, fixed, base);
  if (first.stuck.size === 0) return first.arrows;
  // A label with no clear place anywhere: route again with those moves first, so that their labels are placed
  // while the grid is open and the later lines go round them (lines can detour, labels cannot go far).
  const again = yield* routeInOrder(
    [...moves.filter((m) => first.stuck.has(m.id)), ...moves.filter((m) => !first.stuck.has(m.id))],
    obstacles,
    area,
    options,
    fixed,
    base,
  );
  const total = (xs: readonly Arrow[]) => xs.reduce((n, a) => n + a.crossings, 0);
  return total(again.arrows) < total(first.arrows) ? again.arrows : first.arrows;
}

/** The routing lattice's spacing and size over the area. */
function latticeSize(area: Box, options: RouteOptions): { step: number; cols: number; rows: number } {
  const step = options.step ?? 4;
  return {
    step,
    cols: Math.max(2, Math.ceil(area.w / step) + 1),
    rows: Math.max(2, Math.ceil(area.h / step) + 1),
  };
}

/**
 * Add `delta` at every lattice point strictly inside the box grown by `pad`. The points inside a row are a run
 * (x grows with the column), so its two ends are found by the same test and the run between them is filled.
 */
function rasteriseBox(
  b: Box,
  pad: number,
  into: Uint16Array,
  delta: number,
  area: Box,
  step: number,
  cols: number,
  rows: number,
) {
  const i0 = Math.max(0, Math.floor((b.x - pad - area.x) / step));
  const i1 = Math.min(cols - 1, Math.ceil((b.x + b.w + pad - area.x) / step));
  const j0 = Math.max(0, Math.floor((b.y - pad - area.y) / step));
  const j1 = Math.min(rows - 1, Math.ceil((b.y + b.h + pad - area.y) / step));
  const inX = (i: number) => {
    const x = area.x + i * step;
    return x > b.x - pad && x < b.x + b.w + pad;
  };
  let lo = i0;
  let hi = i1;
  while (lo <= hi && !inX(lo)) lo++;
  while (hi >= lo && !inX(hi)) hi--;
  if (hi < lo) return;
  for (let j = j0; j <= j1; j++) {
    const y = area.y + j * step;
    if (y <= b.y - pad || y >= b.y + b.h + pad) continue;
    const row = j * cols;
    for (let i = lo; i <= hi; i++) into[row + i] = (into[row + i] ?? 0) + delta;
  }
}

function* routeInOrder(
  moves: readonly MoveToRoute[],
  obstacles: readonly Box[],
  area: Box,
  options: RouteOptions,
  fixed: ObstacleCells,
  base: { blocked: Uint16Array; hug: Uint16Array },
): Generator<number, { arrows: Arrow[]; stuck: Set<string> }, void> {
  const { step, cols, rows } = latticeSize(area, options);
  const px = (k: number) => area.x + (k % cols) * step;
  const py = (k: number) => area.y + Math.floor(k / cols) * step;
  const pointOf = (k: number): Pt => [px(k), py(k)];
  const dist = (k: number, b: Box) =>
    Math.hypot(Math.max(b.x - px(k), 0, px(k) - (b.x + b.w)), Math.max(b.y - py(k), 0, py(k) - (b.y + b.h)));
  const labels: Box[] = [];
  const drawn: Pt[][] = [];
  // Lattice points near an earlier arrow cost more (arrows keep apart; they may still cross where they must).
  const near = new Float32Array(cols * rows);
  const markPath = (samples: readonly Pt[]) => {
    // (Samples are 1.5 px apart: a run of them rounds to the same lattice point, marked once.)
    let lastI = NaN;
    let lastJ = NaN;
    for (const p of samples) {
      const ci = Math.round((p[0] - area.x) / step);
      const cj = Math.round((p[1] - area.y) / step);
      if (ci === lastI && cj === lastJ) continue;
      lastI = ci;
      lastJ = cj;
      for (let dj = -2; dj <= 2; dj++)
        for (let di = -2; di <= 2; di++) {
          const i = ci + di;
          const j = cj + dj;
          if (i >= 0 && j >= 0 && i < cols && j < rows) near[j * cols + i] = 6;
        }
    }
  };
  // Blocked and near-obstacle lattice points, as counts of the boxes covering them: built once for the layout,
  // labels added as they are placed, a move's own chips taken out (and put back) around its own search.
  const blocked = base.blocked.slice();
  const hug = base.hug.slice();
  const rasterise = (b: Box, pad: number, into: Uint16Array, delta: number) =>
    rasteriseBox(b, pad, into, delta, area, step, cols, rows);
  const block = (b: Box, delta: number) => {
    rasterise(b, PAD, blocked, delta);
    rasterise(b, PAD + 6, hug, delta);
  };
  // For label placement: the lines drawn so far (2 px cells; the obstacles are in `fixed`).
  const lines = new Raster(area, 2);

  // Labels keep clear of every arrow's ends (where arrows leave the lattice to reach a chip's edge).
  const ends = moves
    .flatMap((m) => [m.from, m.to])
    .map((b) => ({ x: b.x - 12, y: b.y - 12, w: b.w + 24, h: b.h + 24 }));
  const cost = new Float32Array(cols * rows);
  const came = new Int32Array(cols * rows);
  const done = new Uint8Array(cols * rows);
  const isGoal = new Uint8Array(cols * rows);
  const lattice: Lattice = {
    cols,
    rows,
    step,
    x0: area.x,
    y0: area.y,
    blocked,
    hug,
    near,
    cost,
    came,
    done,
    isGoal,
  };
  const arrows: Arrow[] = [];
  const samplesOf: Pt[][] = [];
  for (const move of moves) {
    const own = obstacles.filter((o) => sameBox(o, move.from) || sameBox(o, move.to));
    const others = obstacles.filter((o) => !own.includes(o));
    const blockers = [...others, ...labels];
    // Its own chips are in the way too, but only just (the arrow leaves and reaches their edges).
    for (const o of own) block(o, -1);
    rasterise(move.from, 0.5, blocked, 1);
    rasterise(move.to, 0.5, blocked, 1);

    const reach = PAD + step * 1.5;
    const sources: number[] = [];
    for (let extra = 0; extra <= 12 && (sources.length === 0 || !isGoal.includes(1)); extra += 3) {
      sources.length = 0;
      isGoal.fill(0);
      for (const [b, mark] of [
        [move.from, (k: number) => sources.push(k)],
        [move.to, (k: number) => (isGoal[k] = 1)],
      ] as const) {
        const r = reach + extra;
        const i0 = Math.max(0, Math.floor((b.x - r - area.x) / step));
        const i1 = Math.min(cols - 1, Math.ceil((b.x + b.w + r - area.x) / step));
        const j0 = Math.max(0, Math.floor((b.y - r - area.y) / step));
        const j1 = Math.min(rows - 1, Math.ceil((b.y + b.h + r - area.y) / step));
        for (let j = j0; j <= j1; j++)
          for (let i = i0; i <= i1; i++) {
            const k = j * cols + i;
            if (!blocked[k] && dist(k, b) <= r) mark(k);
          }
      }
    }
    const found = searchLattice(lattice, sources, move.to, reach);
    rasterise(move.from, 0.5, blocked, -1);
    rasterise(move.to, 0.5, blocked, -1);
    for (const o of own) block(o, 1);

    let pts: Pt[];
    if (found >= 0) {
      const path: Pt[] = [];
      for (let k = found; k >= 0; k = at(came, k)) path.push(pointOf(k));
      path.reverse();
      const start = nearestEdge(move.from, at(path, 0), 1);
      const end = nearestEdge(move.to, at(path, path.length - 1), 2);
      pts = pull([start, ...path, end], [...blockers, move.from, move.to]);
    } else {
      // No way through at all: a straight line, and its crossings counted.
      const c: Pt = [move.to.x + move.to.w / 2, move.to.y + move.to.h / 2];
      const start = nearestEdge(move.from, c, 1);
      pts = [start, nearestEdge(move.to, start, 2)];
    }
    // Round the corners where the rounding stays clear.
    let drawnShape = shape(pts, 7);
    if (countHits(drawnShape.samples, blockers, 0) > 0) drawnShape = shape(pts, 0);
    const size = options.labelSize(move.ref);
    // The label: clear of every obstacle, every label and line so far, and (if it can) of every arrow's ends.
    // (Summed cheapest first, stopping once the sum reaches `bound`: the candidate cannot win any more.)
    const score = (b: Box, _anchor: Pt | undefined, bound: number) => {
      let sc = fixed.touches(b) ? 10 : 0;
      if (sc >= bound) return sc;
      sc += ends.some((e) => overlaps(b, e)) ? 10 : 0;
      if (sc >= bound) return sc;
      sc += overlapping(b, labels, -1) * 10;
      if (sc >= bound) return sc;
      return sc + (lines.touches(b) ? 1 : 0);
    };
    const label = placeLabel(labelCandidates(drawnShape.samples, move, size, false), size, area, score).c;
    const lbox = boxAround(label, size);
    arrows.push({
      id: move.id,
      ref: move.ref,
      direction: move.direction,
      d: drawnShape.d,
      start: at(pts, 0),
      end: at(pts, pts.length - 1),
      label,
      crossings: countHits(drawnShape.samples, others, 0),
    });
    labels.push(lbox);
    block(lbox, 1);
    drawn.push(drawnShape.samples);
    samplesOf.push(drawnShape.samples);
    lines.addPath(drawnShape.samples, 0.5);
    markPath(drawnShape.samples);
    yield arrows.length;
  }
  const stuck = settleLabels(arrows, samplesOf, labels, fixed, lines, area, options, moves, ends);
  return { arrows, stuck };
}

/** The routing lattice of one layout: its size and the per-point arrays, reused from one search to the next. */
interface Lattice {
  cols: number;
  rows: number;
  step: number;
  x0: number;
  y0: number;
  blocked: Uint16Array;
  hug: Uint16Array;
  near: Float32Array;
  cost: Float32Array;
  came: Int32Array;
  done: Uint8Array;
  isGoal: Uint8Array;
}

const searchHeap = new Heap();
/** Per column and per row, the x and y parts of a lattice point's distance to the chip now (reused). */
let hxOf = new Float64Array(0);
let hyOf = new Float64Array(0);
/** The eight neighbours' steps and lengths, row above first, left to right. */
const DI = [-1, 0, 1, -1, 1, -1, 0, 1] as const;
const DJ = [-1, -1, -1, 0, 0, 1, 1, 1] as const;
const DW = [Math.SQRT2, 1, Math.SQRT2, 1, 1, Math.SQRT2, 1, Math.SQRT2] as const;

/**
 * A* over the lattice from the sources to the first goal point reached (its index, or -1), `came` holding the
 * way back. Kept apart from the routing's other work, and small: a window's first routing runs it before the JIT
 * has compiled anything, and a small function is compiled soon and cheaply where the whole routing was not.
 */
function searchLattice(g: Lattice, sources: readonly number[], to: Box, reach: number): number {
  const { cols, rows, step, x0, y0, blocked, hug, near, cost, came, done, isGoal } = g;
  const heap = searchHeap;
  cost.fill(Infinity);
  came.fill(-1);
  done.fill(0);
  heap.clear();
  // Inflated (weighted A*): a cheap path, found quickly rather than the cheapest found slowly. The distance to
  // the chip now from lattice point (i, j), as the routing's `dist` works it out: its x part depends on the column
  // only and its y part on the row only, so both are worked out once per search.
  const hx = hxOf.length >= cols ? hxOf : (hxOf = new Float64Array(cols * 2));
  const hy = hyOf.length >= rows ? hyOf : (hyOf = new Float64Array(rows * 2));
  for (let i = 0; i < cols; i++) {
    const x = x0 + i * step;
    hx[i] = Math.max(to.x - x, 0, x - (to.x + to.w));
  }
  for (let j = 0; j < rows; j++) {
    const y = y0 + j * step;
    hy[j] = Math.max(to.y - y, 0, y - (to.y + to.h));
  }
  for (const s of sources) {
    cost[s] = 0;
    const si = s % cols;
    const sj = Math.floor(s / cols);
    heap.push(s, (2 * Math.max(0, Math.hypot(hx[si] ?? 0, hy[sj] ?? 0) - reach - 12)) / step);
  }
  while (heap.size > 0) {
    const k = heap.pop();
    if (done[k]) continue;
    done[k] = 1;
    if (isGoal[k]) return k;
    const i = k % cols;
    const j = (k - i) / cols;
    const ck = cost[k] ?? 0;
    // The eight neighbours, in the order the search has always taken them (ties in the heap depend on it).
    for (let d = 0; d < 8; d++) {
      const ni = i + (DI[d] ?? 0);
      const nj = j + (DJ[d] ?? 0);
      if (ni < 0 || nj < 0 || ni >= cols || nj >= rows) continue;
      const n = nj * cols + ni;
      if (blocked[n] || done[n]) continue;
      const c = ck + (DW[d] ?? 1) * (1 + (hug[n] ? 1.5 : 0) + (near[n] ?? 0));
      if (c < (cost[n] ?? Infinity)) {
        cost[n] = c;
        came[n] = k;
        heap.push(n, c + (2 * Math.max(0, Math.hypot(hx[ni] ?? 0, hy[nj] ?? 0) - reach - 12)) / step);
      }
    }
  }
  return -1;
}

/**
 * Lines routed later may cross a label placed earlier, and a crowded grid may have left a label no clear place
 * beside its own line. Every label that covers a chip, a cell label, a count, another label or another arrow's
 * line is placed again against the whole picture: along its line, beside it, then beside its chip now and its
 * "was" chip. What still covers something (no clear place anywhere) is counted in the arrow's `crossings`.
 */
function settleLabels(
  arrows: Arrow[],
  samplesOf: readonly Pt[][],
  labels: Box[],
  fixed: ObstacleCells,
  lines: Raster,
  area: Box,
  options: RouteOptions,
  moves: readonly MoveToRoute[],
  ends: readonly Box[],
): Set<string> {
  const stuck = new Set<string>();
  // The cells of the arrow's own line (only the other lines count against its label), cleared after each.
  const own = new Uint8Array(lines.cols * lines.rows);
  let ownCells: number[] = [];
  arrows.forEach((arrow, i) => {
    for (const k of ownCells) own[k] = 0;
    const move = at(moves, i);
    const samples = at(samplesOf, i);
    const size = options.labelSize(move.ref);
    ownCells = lines.cellsOfPath(samples, 0.5);
    for (const k of ownCells) own[k] = 1;
    // Hard conflicts (what the label must not cover) and a preference (keep off arrows' ends).
    const hard = (b: Box) =>
      (fixed.touches(b) ? 1 : 0) + overlapping(b, labels, i) + (lines.touches(b, own) ? 1 : 0);
    if (hard(at(labels, i)) === 0) return;
    // A leader crosses nothing either: no obstacle, no label, no other line.
    // (The points `samplePolyline([a, z], 2)` gives, less the first and the last two, without making them.)
    // Counting stops once `hits * 10` reaches `bound`.
    const leaderHits = (b: Box, anchor: Pt, bound: number) => {
      const [a, z] = leaderOf(b, anchor);
      const n = Math.max(1, Math.ceil(Math.hypot(z[0] - a[0], z[1] - a[1]) / 2));
      let hits = 0;
      for (let k = 1; k <= n - 2 && hits * 10 < bound; k++) {
        const x = a[0] + ((z[0] - a[0]) * k) / n;
        const y = a[1] + ((z[1] - a[1]) * k) / n;
        if (hard({ x: x - 0.5, y: y - 0.5, w: 1, h: 1 }) > 0) hits++;
      }
      return hits;
    };
    // hard(b) * 10 + leaderHits * 10 + (over an end ? 1 : 0), summed cheapest first and only while the
    // candidate can still win (its score so far under `bound`, the best so far).
    const placed = placeLabel(labelCandidates(samples, move, size, true), size, area, (b, anchor, bound) => {
      let sc = fixed.touches(b) ? 10 : 0;
      if (sc >= bound) return sc;
      sc += overlapping(b, labels, i) * 10;
      if (sc >= bound) return sc;
      sc += ends.some((e) => overlaps(b, e)) ? 1 : 0;
      if (sc >= bound) return sc;
      sc += lines.touches(b, own) ? 10 : 0;
      if (sc >= bound || !anchor) return sc;
      return sc + leaderHits(b, anchor, bound - sc) * 10;
    });
    const lbox = boxAround(placed.c, size);
    labels[i] = lbox;
    arrow.label = placed.c;
    if (placed.anchor) arrow.leader = leaderOf(lbox, placed.anchor);
    const left = hard(lbox);
    arrow.crossings += left;
    if (left > 0) stuck.add(arrow.id);
  });
  return stuck;
}
const sameBox = (a: Box, b: Box) =>
  Math.abs(a.x - b.x) < 0.01 &&
  Math.abs(a.y - b.y) < 0.01 &&
  Math.abs(a.w - b.w) < 0.01 &&
  Math.abs(a.h - b.h) < 0.01;

function countHits(samples: readonly Pt[], boxes: readonly Box[], pad: number): number {
  // The samples' bounds first: most boxes lie wholly off them.
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const p of samples) {
    x0 = Math.min(x0, p[0]);
    x1 = Math.max(x1, p[0]);
    y0 = Math.min(y0, p[1]);
    y1 = Math.max(y1, p[1]);
  }
  let n = 0;
  for (const b of boxes) {
    if (x1 <= b.x - pad || x0 >= b.x + b.w + pad || y1 <= b.y - pad || y0 >= b.y + b.h + pad) continue;
    if (samples.some((p) => insideBox(p, b, pad))) n++;
  }
  return n;
}

/**
 * String pulling: from each kept point, go on along the lattice path while a straight segment from it stays clear,
 * and keep the last point reached.
 */
function pull(pts: readonly Pt[], boxes: readonly Box[]): Pt[] {
  // Each box's bounds grown by LINE_PAD, worked out once for all the segments tested.
  const m = boxes.length;
  const bx0 = new Float64Array(m);
  const bx1 = new Float64Array(m);
  const by0 = new Float64Array(m);
  const by1 = new Float64Array(m);
  for (let q = 0; q < m; q++) {
    const o = at(boxes, q);
    bx0[q] = o.x - LINE_PAD;
    bx1[q] = o.x + o.w + LINE_PAD;
    by0[q] = o.y - LINE_PAD;
    by1[q] = o.y + o.h + LINE_PAD;
  }
  const clear = (a: Pt, b: Pt) => {
    const ax = Math.max(a[0], b[0]);
    const ix = Math.min(a[0], b[0]);
    const ay = Math.max(a[1], b[1]);
    const iy = Math.min(a[1], b[1]);
    let n = 0;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    for (let q = 0; q < m; q++) {
      const x0 = bx0[q] ?? 0;
      const x1 = bx1[q] ?? 0;
      const y0 = by0[q] ?? 0;
      const y1 = by1[q] ?? 0;
      // Only a box near the segment can hold one of its points.
      if (!(ax > x0 && ix < x1 && ay > y0 && iy < y1)) continue;
      // The points `samplePolyline([a, b], 1)` gives, without making them: only the run of points whose x and y
      // both fall in the box's span (a point outside that run cannot be inside it), widened by one point each way
      // against rounding, each tested exactly as before.
      if (n === 0) n = Math.max(1, Math.ceil(Math.hypot(dx, dy) / 1));
      const [xlo, xhi] = sampleSpan(a[0], dx, n, x0, x1);
      const [ylo, yhi] = sampleSpan(a[1], dy, n, y0, y1);
      const k1 = Math.min(xhi, yhi);
      for (let k = Math.max(xlo, ylo); k <= k1; k++) {
        const x = a[0] + (dx * k) / n;
        const y = a[1] + (dy * k) / n;
        if (x > x0 && x < x1 && y > y0 && y < y1) return false;
      }
    }
    return true;
  };
  const out: Pt[] = [at(pts, 0)];
  let i = 0;
  while (i < pts.length - 1) {
    let j = i + 1;
    while (j + 1 < pts.length && clear(at(pts, i), at(pts, j + 1))) j++;
    out.push(at(pts, j));
    i = j;
  }
  return out;
}

/**
 * The sample indices k in 0..n whose coordinate `p0 + (d * k) / n` may fall strictly between lo and hi: the exact
 * run widened by one index each way (the caller tests each point exactly); an empty run is [1, 0].
 */
function sampleSpan(p0: number, d: number, n: number, lo: number, hi: number): [number, number] {
  if (d === 0) return p0 > lo && p0 < hi ? [0, n] : [1, 0];
  const a = ((lo - p0) * n) / d;
  const b = ((hi - p0) * n) / d;
  return [Math.max(0, Math.floor(Math.min(a, b)) - 1), Math.min(n, Math.ceil(Math.max(a, b)) + 1)];
}

function boxAround(c: Pt, size: { w: number; h: number }): Box {
  return { x: c[0] - size.w / 2, y: c[1] - size.h / 2, w: size.w, h: size.h };
}

/**
 * Where a label may go, best first: on its line nearest the middle, then beside it, nearer before further (a
 * label stays next to its own arrow); with `wider`, then beside its chip now and beside its "was" chip.
 */
function* labelCandidates(
  samples: readonly Pt[],
  move: MoveToRoute,
  size: { w: number; h: number },
  wider: boolean,
): Generator<{ c: Pt; anchor?: Pt }> {
  const n = samples.length;
  const order: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    const a = Math.floor(n / 2) + k;
    const b = Math.floor(n / 2) - k;
    if (a < n) order.push(a);
    if (k && b >= 0) order.push(b);
  }
  const offsets = [
    0,
    ...[size.h / 2 + 4, size.w / 2 + 4, size.h / 2 + 10, size.w / 2 + 12, size.h + 14].flatMap((o) => [
      o,
      -o,
    ]),
  ];
  for (const off of offsets)
    for (const idx of order) {
      const p = at(samples, idx);
      if (off === 0) {
        yield { c: p };
        continue;
      }
      // Sideways from the path: perpendicular to it at that point.
      const q = at(samples, Math.min(n - 1, idx + 1));
      const r = at(samples, Math.max(0, idx - 1));
      const dx = q[0] - r[0];
      const dy = q[1] - r[1];
      const len = Math.hypot(dx, dy) || 1;
      yield { c: [p[0] + (-dy / len) * off, p[1] + (dx / len) * off] };
    }
  if (!wider) return;
  for (const b of [move.to, move.from])
    for (const gap of [3, 8, 16, 26])
      for (const [fx, fy] of [
        [1, 0],
        [-1, 0],
        [0, -1],
        [0, 1],
        [1, -1],
        [-1, -1],
        [1, 1],
        [-1, 1],
      ] as const) {
        const cx = b.x + b.w / 2 + fx * (b.w / 2 + gap + size.w / 2);
        const cy = b.y + b.h / 2 + fy * (b.h / 2 + gap + size.h / 2);
        yield { c: [cx, cy] };
      }
  // Last: a little further from the line, anywhere around it, joined to it by a leader.
  const anchors = [4, 2, 6, 1, 3, 5, 7, 8, 0].map((e) =>
    at(samples, Math.min(n - 1, Math.floor((e * n) / 8))),
  );
  for (const r of [22, 30, 40, 52, 66, 82, 100, 120])
    for (const anchor of anchors)
      for (let k = 0; k < 16; k++) {
        const t = (k * Math.PI) / 8;
        yield {
          c: [anchor[0] + Math.cos(t) * (r + size.w / 2), anchor[1] + Math.sin(t) * (r + size.h / 2)],
          anchor,
        };
      }
}

/** The leader's two ends: from the label box's edge nearest the anchor, to the anchor on the line. */
function leaderOf(b: Box, anchor: Pt): [Pt, Pt] {
  return [nearestEdge(b, anchor, 0), anchor];
}

/**
 * The first candidate whose box stays in the area and scores 0, else the first lowest-scoring one. `score` is
 * given the best score so far as `bound` and may stop adding once it reaches it (any score ≥ bound loses).
 */
function placeLabel(
  candidates: Iterable<{ c: Pt; anchor?: Pt }>,
  size: { w: number; h: number },
  area: Box,
  score: (b: Box, anchor: Pt | undefined, bound: number) => number,
): { c: Pt; anchor?: Pt } {
  let best: { p: { c: Pt; anchor?: Pt }; score: number } | null = null;
  let first: { c: Pt; anchor?: Pt } | null = null;
  for (const cand of candidates) {
    first ??= cand;
    const b = boxAround(cand.c, size);
    if (b.x < area.x || b.y < area.y || b.x + b.w > area.x + area.w || b.y + b.h > area.y + area.h) continue;
    const sc = score(b, cand.anchor, best ? best.score : Infinity);
    if (sc === 0) return cand;
    if (!best || sc < best.score) best = { p: cand, score: sc };
  }
  return best?.p ?? first ?? { c: [area.x + area.w / 2, area.y + area.h / 2] };
}
