/**
 * The heatmap's movement layer: for each moved risk, an arrow from its faded "was" chip (in its old cell) to its
 * chip now, curved so that it crosses no other chip or cell label, its arrowhead stopping at the chip's edge,
 * with the ref written on it. Measured from the DOM after layout (pure geometry here, DOM reading in the hook).
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  /** How much crossing it costs: chips and labels 10, a cell's count 1 (avoided, but before a chip). */
  weight?: number;
}

export interface Arrow {
  id: string;
  ref: string;
  direction: 'up' | 'down' | 'unchanged';
  /** SVG path: a quadratic curve from the was-chip's edge to the chip's edge. */
  d: string;
  start: [number, number];
  end: [number, number];
  label: [number, number];
  /** What the chosen curve still crosses, weighted (0 unless the grid is too crowded to avoid everything). */
  crossings: number;
}

const centre = (b: Box): [number, number] => [b.x + b.w / 2, b.y + b.h / 2];

/** Where the ray from the box's centre towards `p` leaves the box, pushed out by `gap` pixels. */
export function edgeToward(b: Box, p: [number, number], gap = 0): [number, number] {
  const [cx, cy] = centre(b);
  const dx = p[0] - cx;
  const dy = p[1] - cy;
  const len = Math.hypot(dx, dy) || 1;
  const t = Math.min(
    dx === 0 ? Infinity : b.w / 2 / Math.abs(dx),
    dy === 0 ? Infinity : b.h / 2 / Math.abs(dy),
  );
  return [cx + dx * t + (dx / len) * gap, cy + dy * t + (dy / len) * gap];
}

function quad(a: [number, number], c: [number, number], b: [number, number], t: number): [number, number] {
  const u = 1 - t;
  return [u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]];
}

const inside = (p: [number, number], b: Box, pad: number) =>
  p[0] > b.x - pad && p[0] < b.x + b.w + pad && p[1] > b.y - pad && p[1] < b.y + b.h + pad;

/** The label's box around a point (the ref in 11 px type). */
export function labelBox(at: [number, number], ref: string): Box {
  const w = ref.length * 7 + 6;
  return { x: at[0] - w / 2, y: at[1] - 8, w, h: 16 };
}

/**
 * Route one arrow: try curves bending further and further to either side, keep the first whose line and
 * label cross no obstacle (other chips, cell labels and counts, labels already placed).
 */
export function routeArrow(
  move: { id: string; ref: string; direction: Arrow['direction'] },
  from: Box,
  to: Box,
  obstacles: readonly Box[],
): Arrow {
  const a = centre(from);
  const b = centre(to);
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  const n: [number, number] = [-dy / len, dx / len];
  const mid: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  let best: Arrow | null = null;
  const bends = [0.25, 0.1, 0.4, 0.6, 0.8, 1, 1.3, 1.6, 2, 2.5].flatMap((k) => [k, -k]);
  const controls: [number, number][] = bends.map((bend) => {
    const off = bend * Math.max(60, len * 0.5);
    return [mid[0] + n[0] * off, mid[1] + n[1] * off];
  });
  // Then arrive from each side of the chip in turn (from below, from the left…), further and further out.
  for (const reach of [50, 90, 140])
    for (const [ux, uy] of [
      [0, 1],
      [-1, 0],
      [1, 0],
      [0, -1],
      [-0.7, 0.7],
      [0.7, 0.7],
      [-0.7, -0.7],
      [0.7, -0.7],
    ] as const)
      controls.push([b[0] + ux * reach, b[1] + uy * reach]);
  for (const c of controls) {
    const start = edgeToward(from, c, 1);
    const end = edgeToward(to, c, 2);
    const label = quad(start, c, end, 0.5);
    const lbox = labelBox(label, move.ref);
    let crossings = 0;
    for (const o of obstacles) {
      let hit = false;
      for (let i = 1; i < 48 && !hit; i++) if (inside(quad(start, c, end, i / 48), o, 2)) hit = true;
      // The label's box overlapping the obstacle's.
      if (!hit)
        hit = lbox.x < o.x + o.w && lbox.x + lbox.w > o.x && lbox.y < o.y + o.h && lbox.y + lbox.h > o.y;
      if (hit) crossings += o.weight ?? 10;
    }
    const arrow: Arrow = {
      ...move,
      d: `M ${start[0].toFixed(1)} ${start[1].toFixed(1)} Q ${c[0].toFixed(1)} ${c[1].toFixed(1)} ${end[0].toFixed(1)} ${end[1].toFixed(1)}`,
      start,
      end,
      label,
      crossings,
    };
    if (crossings === 0) return arrow;
    if (!best || crossings < best.crossings) best = arrow;
  }
  return best as Arrow;
}
