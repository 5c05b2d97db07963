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

const insideBox = (p: Pt, b: Box, pad: number) =>
  p[0] > b.x - pad && p[0] < b.x + b.w + pad && p[1] > b.y - pad && p[1] < b.y + b.h + pad;

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

/** A binary heap of lattice indices by priority. */
class Heap {
  private items: number[] = [];
  private prio: number[] = [];
  get size() {
    return this.items.length;
  }
  push(item: number, p: number) {
    const { items, prio } = this;
    let i = items.length;
    items.push(item);
    prio.push(p);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (at(prio, parent) <= p) break;
      items[i] = at(items, parent);
      prio[i] = at(prio, parent);
      i = parent;
    }
    items[i] = item;
    prio[i] = p;
  }
  pop(): number {
    const { items, prio } = this;
    const top = at(items, 0);
    const lastItem = items.pop() ?? top;
    const lastPrio = prio.pop() ?? 0;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && at(prio, r) < at(prio, l) ? r : l;
        if (at(prio, c) >= lastPrio) break;
        items[i] = at(items, c);
        prio[i] = at(prio, c);
        i = c;
      }
      items[i] = lastItem;
      prio[i] = lastPrio;
    }
    return top;
  }
}

/**
 * Route every move's arrow in turn over the area (the grid's cells), around the obstacles (every chip, cell
 * label and count; a move's own two chips are not obstacles to it), each label and path avoiding the ones placed
 * before it.
 */
export function routeArrows(
  moves: readonly MoveToRoute[],
  obstacles: readonly Box[],
  area: Box,
  options: RouteOptions,
): Arrow[] {
  const step = options.step ?? 4;
  const cols = Math.max(2, Math.ceil(area.w / step) + 1);
  const rows = Math.max(2, Math.ceil(area.h / step) + 1);
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
    for (const p of samples) {
      const ci = Math.round((p[0] - area.x) / step);
      const cj = Math.round((p[1] - area.y) / step);
      for (let dj = -2; dj <= 2; dj++)
        for (let di = -2; di <= 2; di++) {
          const i = ci + di;
          const j = cj + dj;
          if (i >= 0 && j >= 0 && i < cols && j < rows) near[j * cols + i] = 6;
        }
    }
  };

  // Labels keep clear of every arrow's ends (where arrows leave the lattice to reach a chip's edge).
  const ends = moves
    .flatMap((m) => [m.from, m.to])
    .map((b) => ({ x: b.x - 12, y: b.y - 12, w: b.w + 24, h: b.h + 24 }));
  const arrows: Arrow[] = [];
  for (const move of moves) {
    const others = obstacles.filter((o) => !sameBox(o, move.from) && !sameBox(o, move.to));
    const blockers = [...others, ...labels];
    // Blocked and near-obstacle lattice points.
    const blocked = new Uint8Array(cols * rows);
    const hug = new Uint8Array(cols * rows);
    const rasterise = (b: Box, pad: number, into: Uint8Array) => {
      const i0 = Math.max(0, Math.floor((b.x - pad - area.x) / step));
      const i1 = Math.min(cols - 1, Math.ceil((b.x + b.w + pad - area.x) / step));
      const j0 = Math.max(0, Math.floor((b.y - pad - area.y) / step));
      const j1 = Math.min(rows - 1, Math.ceil((b.y + b.h + pad - area.y) / step));
      for (let j = j0; j <= j1; j++) {
        const y = area.y + j * step;
        if (y <= b.y - pad || y >= b.y + b.h + pad) continue;
        for (let i = i0; i <= i1; i++) {
          const x = area.x + i * step;
          if (x > b.x - pad && x < b.x + b.w + pad) into[j * cols + i] = 1;
        }
      }
    };
    for (const b of blockers) {
      rasterise(b, PAD, blocked);
      rasterise(b, PAD + 6, hug);
    }
    // Its own chips are in the way too (the arrow leaves and reaches their edges, it does not cross them).
    rasterise(move.from, 0.5, blocked);
    rasterise(move.to, 0.5, blocked);

    const reach = PAD + step * 1.5;
    const sources: number[] = [];
    const isGoal = new Uint8Array(cols * rows);
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
    const cost = new Float32Array(cols * rows).fill(Infinity);
    const came = new Int32Array(cols * rows).fill(-1);
    const heap = new Heap();
    // Inflated (weighted A*): a cheap path, found quickly rather than the cheapest found slowly.
    const h = (k: number) => (2 * Math.max(0, dist(k, move.to) - reach - 12)) / step;
    for (const s of sources) {
      cost[s] = 0;
      heap.push(s, h(s));
    }
    let found = -1;
    const done = new Uint8Array(cols * rows);
    while (heap.size > 0) {
      const k = heap.pop();
      if (done[k]) continue;
      done[k] = 1;
      if (isGoal[k]) {
        found = k;
        break;
      }
      const i = k % cols;
      const j = Math.floor(k / cols);
      const ck = cost[k] ?? 0;
      for (let dj = -1; dj <= 1; dj++)
        for (let di = -1; di <= 1; di++) {
          if (!di && !dj) continue;
          const ni = i + di;
          const nj = j + dj;
          if (ni < 0 || nj < 0 || ni >= cols || nj >= rows) continue;
          const n = nj * cols + ni;
          if (blocked[n] || done[n]) continue;
          const c = ck + (di && dj ? Math.SQRT2 : 1) * (1 + (hug[n] ?? 0) * 1.5 + (near[n] ?? 0));
          if (c < (cost[n] ?? Infinity)) {
            cost[n] = c;
            came[n] = k;
            heap.push(n, c + h(n));
          }
        }
    }

    let pts: Pt[];
    if (found >= 0) {
      const lattice: Pt[] = [];
      for (let k = found; k >= 0; k = at(came, k)) lattice.unshift(pointOf(k));
      const start = nearestEdge(move.from, at(lattice, 0), 1);
      const end = nearestEdge(move.to, at(lattice, lattice.length - 1), 2);
      pts = pull([start, ...lattice, end], [...blockers, move.from, move.to]);
    } else {
      // No way through at all: a straight line, and its crossings counted.
      const c: Pt = [move.to.x + move.to.w / 2, move.to.y + move.to.h / 2];
      const start = nearestEdge(move.from, c, 1);
      pts = [start, nearestEdge(move.to, start, 2)];
    }
    // Round the corners where the rounding stays clear.
    let drawnShape = shape(pts, 7);
    if (countHits(drawnShape.samples, blockers, 0) > 0) drawnShape = shape(pts, 0);
    const label = placeLabel(
      drawnShape.samples,
      move,
      options.labelSize(move.ref),
      [...blockers, ...ends],
      drawn,
      area,
    );
    const lbox = boxAround(label, options.labelSize(move.ref));
    const crossings =
      countHits(drawnShape.samples, others, 0) + others.filter((o) => overlaps(lbox, o)).length;
    arrows.push({
      id: move.id,
      ref: move.ref,
      direction: move.direction,
      d: drawnShape.d,
      start: at(pts, 0),
      end: at(pts, pts.length - 1),
      label,
      crossings,
    });
    labels.push(lbox);
    drawn.push(drawnShape.samples);
    markPath(drawnShape.samples);
  }
  return arrows;
}

const sameBox = (a: Box, b: Box) =>
  Math.abs(a.x - b.x) < 0.01 &&
  Math.abs(a.y - b.y) < 0.01 &&
  Math.abs(a.w - b.w) < 0.01 &&
  Math.abs(a.h - b.h) < 0.01;

function countHits(samples: readonly Pt[], boxes: readonly Box[], pad: number): number {
  let n = 0;
  for (const b of boxes) if (samples.some((p) => insideBox(p, b, pad))) n++;
  return n;
}

/**
 * String pulling: from each kept point, go on along the lattice path while a straight segment from it stays clear,
 * and keep the last point reached.
 */
function pull(pts: readonly Pt[], boxes: readonly Box[]): Pt[] {
  const clear = (a: Pt, b: Pt) => {
    const near = boxes.filter(
      (o) =>
        Math.max(a[0], b[0]) > o.x - LINE_PAD &&
        Math.min(a[0], b[0]) < o.x + o.w + LINE_PAD &&
        Math.max(a[1], b[1]) > o.y - LINE_PAD &&
        Math.min(a[1], b[1]) < o.y + o.h + LINE_PAD,
    );
    return (
      near.length === 0 ||
      samplePolyline([a, b], 1).every((p) => !near.some((o) => insideBox(p, o, LINE_PAD)))
    );
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

function boxAround(c: Pt, size: { w: number; h: number }): Box {
  return { x: c[0] - size.w / 2, y: c[1] - size.h / 2, w: size.w, h: size.h };
}

/**
 * The label's centre: on the path, nearest its middle, else just beside it, where the label's box covers no
 * obstacle (own chips included), no earlier label or arrow, and stays in the area.
 */
function placeLabel(
  samples: readonly Pt[],
  move: MoveToRoute,
  size: { w: number; h: number },
  blockers: readonly Box[],
  drawn: readonly Pt[][],
  area: Box,
): Pt {
  const n = samples.length;
  const order: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    const a = Math.floor(n / 2) + k;
    const b = Math.floor(n / 2) - k;
    if (a < n) order.push(a);
    if (k && b >= 0) order.push(b);
  }
  const avoid = [...blockers, move.from, move.to];
  // On the line first; else beside it, nearer before further (a label stays next to its own arrow).
  const offsets = [
    0,
    ...[size.h / 2 + 4, size.w / 2 + 4, size.h / 2 + 10, size.w / 2 + 12, size.h + 14].flatMap((o) => [
      o,
      -o,
    ]),
  ];
  let best: { p: Pt; score: number } | null = null;
  for (const off of offsets)
    for (const idx of order) {
      const p = at(samples, idx);
      // Sideways from the path: perpendicular to it at that point.
      const q = at(samples, Math.min(n - 1, idx + 1));
      const r = at(samples, Math.max(0, idx - 1));
      const dx = q[0] - r[0];
      const dy = q[1] - r[1];
      const len = Math.hypot(dx, dy) || 1;
      const c: Pt = off === 0 ? p : [p[0] + (-dy / len) * off, p[1] + (dx / len) * off];
      const b = boxAround(c, size);
      if (b.x < area.x || b.y < area.y || b.x + b.w > area.x + area.w || b.y + b.h > area.y + area.h)
        continue;
      const score =
        avoid.filter((o) => overlaps(b, { x: o.x - 1, y: o.y - 1, w: o.w + 2, h: o.h + 2 })).length * 10 +
        drawn.filter((path) => path.some((s) => insideBox(s, b, 1))).length;
      if (score === 0) return c;
      if (!best || score < best.score) best = { p: c, score };
    }
  return best?.p ?? at(samples, Math.floor(n / 2));
}
