/** Label conflicts of routed arrows, counted the way test/e2e/movement.test.ts counts them (used by routing.ts). */
import type { Box, MoveToRoute, routeArrows } from '../../renderer/leadership/movement.ts';

export interface Input {
  layout: string;
  moves: MoveToRoute[];
  obstacles: Box[];
  area: Box;
  labelSizes: Record<string, { w: number; h: number }>;
}

const inside = (p: [number, number], b: Box) =>
  p[0] > b.x && p[0] < b.x + b.w && p[1] > b.y && p[1] < b.y + b.h;
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;

/** Points along an SVG path of M/L/Q commands, every px or so. */
function samplePath(d: string): [number, number][] {
  const t = d.split(/\s+/);
  const out: [number, number][] = [];
  let cur: [number, number] = [0, 0];
  for (let i = 0; i < t.length;) {
    const c = t[i++];
    const num = () => Number(t[i++]);
    if (c === 'M') {
      cur = [num(), num()];
      out.push(cur);
    } else if (c === 'L') {
      const p: [number, number] = [num(), num()];
      const n = Math.max(1, Math.ceil(Math.hypot(p[0] - cur[0], p[1] - cur[1])));
      for (let k = 1; k <= n; k++)
        out.push([cur[0] + ((p[0] - cur[0]) * k) / n, cur[1] + ((p[1] - cur[1]) * k) / n]);
      cur = p;
    } else if (c === 'Q') {
      const q: [number, number] = [num(), num()];
      const p: [number, number] = [num(), num()];
      for (let k = 1; k <= 12; k++) {
        const s = k / 12;
        const u = 1 - s;
        out.push([
          u * u * cur[0] + 2 * u * s * q[0] + s * s * p[0],
          u * u * cur[1] + 2 * u * s * q[1] + s * s * p[1],
        ]);
      }
      cur = p;
    }
  }
  return out;
}

/** Label conflicts as the e2e test counts them, with the label's routing box (a little larger than the text). */
export function labelConflicts(input: Input, arrows: ReturnType<typeof routeArrows>): string[] {
  const out: string[] = [];
  const boxes = arrows.map((a) => {
    const s = input.labelSizes[a.ref] ?? { w: 30, h: 16 };
    // The text's own box: the routing box less the halo padding.
    return { x: a.label[0] - (s.w - 6) / 2, y: a.label[1] - (s.h - 5) / 2 - 1, w: s.w - 6, h: s.h - 3 };
  });
  const paths = arrows.map((a) => samplePath(a.d));
  arrows.forEach((a, i) => {
    const lb = boxes[i] as Box;
    for (const o of input.obstacles) if (overlap(lb, o)) out.push(`${a.ref} label over a chip or cell label`);
    boxes.forEach(
      (b, j) => j !== i && overlap(lb, b) && out.push(`${a.ref} label over ${arrows[j]?.ref} label`),
    );
    paths.forEach(
      (p, j) =>
        j !== i && p.some((q) => inside(q, lb)) && out.push(`${arrows[j]?.ref} line over ${a.ref} label`),
    );
  });
  return out;
}
