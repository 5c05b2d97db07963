/**
 * The heatmap movement checks, in one place for test/e2e/movement.test.ts and the routing bench
 * (test/bench/routing.ts): the quarters of moves both use, how they are recorded and shown, and what an arrow must
 * not do. The geometry is read either from the page (DOM rects, the drawn path sampled every px) or from routed
 * arrows in Node (the path's SVG commands sampled every px, the label's text box from its routing size), and the
 * same pure function lists the problems of both: an arrow ends within 4 px of its chip's box and not inside it;
 * its line covers no chip, "was" chip, cell label, count, note or other arrow's label but its own two chips; its
 * label covers none of those, nor its own chips, nor another arrow's line; labels are at least 11 px.
 */
import type { Page } from 'playwright-core';
import type { Arrow, Box, MoveToRoute } from '../../renderer/leadership/movement.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import type { Backend } from '../renderer/backend.ts';
import type { movableClock } from '../renderer/history/clock.ts';

export type Quarter = readonly (readonly [string, ScoreValue, ScoreValue])[];

/** The usual quarter: five moves. */
export const USUAL_MOVES: Quarter = [
  ['SR4', 5, 4],
  ['SR15', 3, 3],
  ['SR12', 3, 2],
  ['SR1', 2, 5],
  ['SR9', 5, 5],
];

/**
 * A crowded quarter on the LGA sample: fifteen moves. Six risks leave the busiest cell (4×2) for every part of the
 * grid, moves cross the whole grid both ways (5×2 → 1×1, 3×1 → 5×5, 5×2 → 1×5), four arrive in a cell that then
 * holds seven risks, too many for chips (its count is their target), and arrows share the cells they pass through.
 */
export const CROWDED_MOVES: Quarter = [
  ['SR1', 5, 2],
  ['SR2', 5, 2],
  ['SR7', 5, 2],
  ['SR8', 5, 2],
  ['SR9', 5, 5],
  ['SR14', 2, 4],
  ['SR19', 2, 2],
  ['SR13', 1, 1],
  ['SR16', 1, 5],
  ['SR4', 1, 3],
  ['SR5', 4, 4],
  ['SR11', 3, 3],
  ['SR6', 5, 1],
  ['SR15', 5, 5],
  ['SR12', 2, 1],
];

/**
 * Record a review moving each risk, as of a quarter later (20/04/2026), reload (after `beforeReload`, e.g. an init
 * script), and show the heatmap's movement since the last review, waiting for an arrow per move.
 */
export async function recordQuarterAndShow(
  app: { page: Page; backend: Backend },
  clock: ReturnType<typeof movableClock>,
  moves: Quarter,
  beforeReload?: (page: Page) => Promise<void>,
): Promise<void> {
  const { page, backend } = app;
  await page.getByTestId('risk-table').waitFor();
  clock.set('2026-04-20T09:00:00Z');
  for (const [ref, impact, likelihood] of moves) {
    const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
    if (!r) throw new Error(`no ${ref}`);
    await backend.call('reviews:record', {
      id: r.id,
      version: r.version,
      note: 'Quarterly review',
      impact,
      likelihood,
    });
  }
  await beforeReload?.(page);
  await page.reload();
  await page.getByTestId('risk-table').waitFor();
  await page.getByTestId('nav-heatmap').click();
  await page.getByTestId('movement-against').selectOption('review');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="track-lines"] g[data-arrow]').length === n,
    moves.length,
  );
}

/** The picture an arrow check needs, from the page or from routed arrows. */
export interface MovementGeometry {
  /** Chips, "was" chips, cell labels, counts, notes, then every arrow's label. */
  obstacles: { name: string; box: Box }[];
  arrows: {
    ref: string;
    end: { x: number; y: number };
    /** Indices into `obstacles`: its chip now (or the crowded cell's count), its "was" chip, its label. */
    target: number;
    was: number;
    label: number;
    /** Its line, a point every px or so. */
    points: { x: number; y: number }[];
    /** Its label's font size in px. */
    labelFont: number;
    /**
     * Where its line starts, when checked: within 4 px of its "was" chip, not inside it. The board pack's
     * arrows carry no label of their own (`label` -1): they are labelled by their two chips, whose names must
     * then read "REF was" and "REF…" (see `readPackGeometry`).
     */
    start?: { x: number; y: number };
  }[];
}

/**
 * Read every arrow's path (sampled every 1 px along its length), its label's box, and every chip's, cell label's,
 * count's and note's DOMRect from the page.
 */
export function readMovementGeometry(page: Page): Promise<MovementGeometry> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    };
    const svg = document.querySelector('[data-testid="track-lines"]') as SVGSVGElement;
    const screen = (pt: DOMPoint) => pt.matrixTransform(svg.getScreenCTM() ?? undefined);
    const groups = [...svg.querySelectorAll('g[data-arrow]')];
    const labelOf = (g: Element) => g.querySelector('text') as SVGTextElement;
    const els = [
      ...document.querySelectorAll('.heat-ref, .heat-was, .heat-band, .heat-open, .heat-more'),
      ...groups.map(labelOf),
    ];
    const obstacles = els.map((el) =>
      el instanceof SVGTextElement
        ? { name: `arrow label ${el.closest('g')?.getAttribute('data-arrow') ?? ''}`, box: box(el) }
        : { name: `${el.className}:${el.textContent?.trim() ?? ''}`, box: box(el) },
    );
    return {
      obstacles,
      arrows: groups.map((g) => {
        const id = g.getAttribute('data-risk') ?? '';
        const cell = document.querySelector(`[data-testid="heat-cell-${g.getAttribute('data-to') ?? ''}"]`);
        const target = (cell?.querySelector(`[data-risk-id="${CSS.escape(id)}"]`) ??
          cell?.querySelector('.heat-open')) as Element;
        const was = document.querySelector(`[data-was="${CSS.escape(id)}"]`) as Element;
        const path = g.querySelector('path.track-line') as SVGPathElement;
        const label = labelOf(g);
        const len = path.getTotalLength();
        const end = screen(path.getPointAtLength(len));
        const steps = Math.ceil(len);
        return {
          ref: g.getAttribute('data-arrow') ?? '',
          end: { x: end.x, y: end.y },
          target: els.indexOf(target),
          was: els.indexOf(was),
          label: els.indexOf(label),
          points: Array.from({ length: steps - 1 }, (_, i) => {
            const p = screen(path.getPointAtLength((len * (i + 1)) / steps));
            return { x: p.x, y: p.y };
          }),
          labelFont: parseFloat(getComputedStyle(label).fontSize),
        };
      }),
    };
  });
}

/** The routing inputs the heatmap measured (Heatmap.tsx), as the bench reads and stores them. */
export interface RoutingInput {
  layout: string;
  moves: MoveToRoute[];
  obstacles: Box[];
  area: Box;
  labelSizes: Record<string, { w: number; h: number }>;
}

/** Points along an SVG path of M/L/Q commands (as movement.ts writes them), every px or so. */
function samplePath(d: string): { x: number; y: number }[] {
  const t = d.split(/\s+/);
  const out: { x: number; y: number }[] = [];
  let cur: [number, number] = [0, 0];
  const push = (x: number, y: number) => out.push({ x, y });
  for (let i = 0; i < t.length;) {
    const c = t[i++];
    const num = () => Number(t[i++]);
    if (c === 'M') {
      cur = [num(), num()];
    } else if (c === 'L') {
      const p: [number, number] = [num(), num()];
      const n = Math.max(1, Math.ceil(Math.hypot(p[0] - cur[0], p[1] - cur[1])));
      for (let k = 1; k <= n; k++)
        push(cur[0] + ((p[0] - cur[0]) * k) / n, cur[1] + ((p[1] - cur[1]) * k) / n);
      cur = p;
    } else if (c === 'Q') {
      const q: [number, number] = [num(), num()];
      const p: [number, number] = [num(), num()];
      for (let k = 1; k <= 12; k++) {
        const s = k / 12;
        const u = 1 - s;
        push(
          u * u * cur[0] + 2 * u * s * q[0] + s * s * p[0],
          u * u * cur[1] + 2 * u * s * q[1] + s * s * p[1],
        );
      }
      cur = p;
    }
  }
  // Like the page's samples: the line's inner points, not its two ends.
  return out.slice(0, -1);
}

const sameBox = (a: Box, b: Box) =>
  Math.abs(a.x - b.x) < 0.01 &&
  Math.abs(a.y - b.y) < 0.01 &&
  Math.abs(a.w - b.w) < 0.01 &&
  Math.abs(a.h - b.h) < 0.01;

/**
 * The same picture from arrows routed in Node on the heatmap's inputs: a label's text box is its routing box less
 * the halo padding (as Heatmap.tsx sizes it: text width + 6, font size + 5).
 */
export function routedGeometry(input: RoutingInput, arrows: readonly Arrow[]): MovementGeometry {
  const obstacles = input.obstacles.map((box, i) => ({ name: `obstacle ${i}`, box }));
  const first = obstacles.length;
  arrows.forEach((a) => {
    const s = input.labelSizes[a.ref] ?? { w: 30, h: 16 };
    obstacles.push({
      name: `arrow label ${a.ref}`,
      box: { x: a.label[0] - (s.w - 6) / 2, y: a.label[1] - (s.h - 5) / 2 - 1, w: s.w - 6, h: s.h - 3 },
    });
  });
  return {
    obstacles,
    arrows: arrows.map((a, i) => {
      const move = input.moves.find((m) => m.id === a.id);
      if (!move) throw new Error(`no move for ${a.ref}`);
      return {
        ref: a.ref,
        end: { x: a.end[0], y: a.end[1] },
        target: input.obstacles.findIndex((o) => sameBox(o, move.to)),
        was: input.obstacles.findIndex((o) => sameBox(o, move.from)),
        label: first + i,
        points: samplePath(a.d),
        labelFont: (input.labelSizes[a.ref]?.h ?? 16) - 5,
      };
    }),
  };
}

/** Everything wrong with the arrows (none when all is well), each naming the arrow and what it covers. */
export function movementProblems(g: MovementGeometry): string[] {
  const within = (p: { x: number; y: number }, b: Box) =>
    p.x > b.x && p.x < b.x + b.w && p.y > b.y && p.y < b.y + b.h;
  const overlap = (a: Box, b: Box) =>
    a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
  const out: string[] = [];
  for (const a of g.arrows) {
    const t = g.obstacles[a.target]?.box;
    const byChips = a.label === -1;
    // Labelled by its chips: a zero box no obstacle overlaps stands for the label.
    const lb = byChips ? { x: -1e6, y: -1e6, w: 0, h: 0 } : g.obstacles[a.label]?.box;
    if (!t || !lb || !g.obstacles[a.was]) {
      out.push(`${a.ref}: its chip, "was" chip or label not found`);
      continue;
    }
    if (byChips) {
      const word = new RegExp(`(^|:)${a.ref}\\b`);
      if (!new RegExp(`(^|:)${a.ref} was$`).test(g.obstacles[a.was]?.name ?? ''))
        out.push(`${a.ref}: starts at "${g.obstacles[a.was]?.name ?? ''}", not its "was" chip`);
      if (!word.test(g.obstacles[a.target]?.name ?? ''))
        out.push(`${a.ref}: ends at "${g.obstacles[a.target]?.name ?? ''}", not its chip`);
    }
    const w = g.obstacles[a.was]?.box;
    if (a.start && w) {
      const sx = Math.max(w.x - a.start.x, 0, a.start.x - (w.x + w.w));
      const sy = Math.max(w.y - a.start.y, 0, a.start.y - (w.y + w.h));
      const gap = Math.hypot(sx, sy);
      if (gap > 4) out.push(`${a.ref} starts ${gap.toFixed(1)} px from its "was" chip`);
    }
    const dx = Math.max(t.x - a.end.x, 0, a.end.x - (t.x + t.w));
    const dy = Math.max(t.y - a.end.y, 0, a.end.y - (t.y + t.h));
    const gap = Math.hypot(dx, dy);
    if (gap > 4) out.push(`${a.ref} ends ${gap.toFixed(1)} px from its chip`);
    const e = a.end;
    if (e.x > t.x + 1 && e.x < t.x + t.w - 1 && e.y > t.y + 1 && e.y < t.y + t.h - 1)
      out.push(`${a.ref} ends inside its chip`);
    const crossed = new Set<string>();
    g.obstacles.forEach((o, i) => {
      if (i === a.target || i === a.was || i === a.label) return;
      if (a.points.some((p) => within(p, o.box))) crossed.add(`line over ${o.name}`);
      if (overlap(lb, o.box)) crossed.add(`label over ${o.name}`);
    });
    if (overlap(lb, t)) crossed.add('label over its own chip');
    const was = g.obstacles[a.was]?.box;
    if (was && overlap(lb, was)) crossed.add('label over its own was-chip');
    for (const c of crossed) out.push(`${a.ref}: ${c}`);
    if (!byChips && a.labelFont < 11) out.push(`${a.ref}: label ${a.labelFont} px`);
  }
  return out;
}

/**
 * The same picture from the board pack's heatmap page (renderer/io/BoardPack.tsx, the page the PDF is printed
 * from): every chip (risks, "was" chips, "+N more"), cell label and count are obstacles, named
 * `chip:TEXT` / `label:TEXT` / `count:TEXT`; each arrow (`g[data-arrow]`, no label of its own: `label` -1)
 * starts at its "was" chip and ends at its risk's chip, and its line is sampled every px.
 */
export function readPackGeometry(page: Page): Promise<MovementGeometry> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    };
    const host = document.querySelector('.bp-heatmap-box') as HTMLElement;
    const svg = host.querySelector('[data-testid="bp-arrows"]') as SVGSVGElement;
    const screen = (pt: DOMPoint) => pt.matrixTransform(svg.getScreenCTM() ?? undefined);
    const els = [...host.querySelectorAll('.bp-chip, .bp-cell-label, .bp-cell-count')];
    const kind = (el: Element) =>
      el.classList.contains('bp-chip') ? 'chip' : el.classList.contains('bp-cell-label') ? 'label' : 'count';
    const obstacles = els.map((el) => ({
      name: `${kind(el)}:${(el.textContent ?? '').replace(/\s+/g, ' ').trim()}`,
      box: box(el),
    }));
    return {
      obstacles,
      arrows: [...svg.querySelectorAll('g[data-arrow]')].map((g) => {
        const ref = g.getAttribute('data-arrow') ?? '';
        const path = g.querySelector('path[marker-end]') as SVGPathElement;
        const len = path.getTotalLength();
        const at = (l: number) => {
          const p = screen(path.getPointAtLength(l));
          return { x: p.x, y: p.y };
        };
        const steps = Math.ceil(len);
        const target = host.querySelector(`[data-chip="${CSS.escape(ref)}"]`);
        const was = host.querySelector(`[data-was="${CSS.escape(ref)}"]`);
        return {
          ref,
          start: at(0),
          end: at(len),
          target: target ? els.indexOf(target) : -2,
          was: was ? els.indexOf(was) : -2,
          label: -1,
          points: Array.from({ length: steps - 1 }, (_, i) => at((len * (i + 1)) / steps)),
          labelFont: 0,
        };
      }),
    };
  });
}
