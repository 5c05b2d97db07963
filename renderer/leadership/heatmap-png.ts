/**
 * The heatmap drawn on a canvas (no library): the same cells, band names, counts, refs, appetite marks
 * and movement tracks as on screen, with axis labels and the key, saved as a PNG for board papers.
 */
import type { BandKey } from '../../shared/band-key.ts';
import { isOutsideTolerance } from '../../shared/appetite.ts';
import { textColourOn } from '../../shared/colour.ts';
import type { CategoryRecord, RiskRecord, ScoreKind } from '../../shared/domain.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import { formatDate } from '../format/dates.ts';
import type { Move } from './model.ts';
import { bandsInOrder, cellKey, CROWDED, pairOf, placeRisks } from './model.ts';

export interface PngInput {
  risks: readonly RiskRecord[];
  bandKey: BandKey;
  kind: ScoreKind;
  categories: readonly CategoryRecord[];
  moves: readonly Move[];
  title: string;
}

const FONT = "system-ui, 'Segoe UI', Roboto, Arial, sans-serif";
const CELL_W = 230;
const CELL_H = 140;
const LEFT = 220;
const TOP = 110;
const GAP = 6;
export const PNG_WIDTH = LEFT + 5 * (CELL_W + GAP) + 40;
export const PNG_HEIGHT = TOP + 5 * (CELL_H + GAP) + 190;

function wrapWords(ctx: CanvasRenderingContext2D, words: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line}  ${w}` : w;
    if (ctx.measureText(next).width > width && line) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export function drawHeatmap(ctx: CanvasRenderingContext2D, input: PngInput): void {
  const { risks, bandKey, kind, categories, moves, title } = input;
  const { byCell } = placeRisks(risks, kind);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, PNG_WIDTH, PNG_HEIGHT);
  ctx.fillStyle = '#1f2328';
  ctx.textBaseline = 'top';
  ctx.font = `600 30px ${FONT}`;
  ctx.fillText(title, 40, 28);
  ctx.font = `18px ${FONT}`;
  ctx.fillStyle = '#57606a';
  ctx.fillText(`As at ${formatDate(new Date())} · ${risks.length} risks`, 40, 66);

  const x0 = (l: number) => LEFT + (l - 1) * (CELL_W + GAP);
  const y0 = (i: number) => TOP + (5 - i) * (CELL_H + GAP);

  for (const impact of SCORE_VALUES) {
    for (const likelihood of SCORE_VALUES) {
      const a = assess(impact, likelihood, bandKey);
      const x = x0(likelihood);
      const y = y0(impact);
      ctx.fillStyle = a.band.colour;
      ctx.fillRect(x, y, CELL_W, CELL_H);
      ctx.strokeStyle = 'rgba(0,0,0,0.25)';
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, CELL_W - 1, CELL_H - 1);
    }
  }

  // Movement tracks under the text, along the foot of the cells: dark line on a white halo, arrowhead at the new cell.
  const centre = (i: number, l: number) => ({ x: x0(l) + CELL_W / 2, y: y0(i) + CELL_H - 22 });
  for (const m of moves) {
    const a = centre(m.from.impact, m.from.likelihood);
    const b = centre(m.to.impact, m.to.likelihood);
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const ux = (b.x - a.x) / len;
    const uy = (b.y - a.y) / len;
    const ex = b.x - ux * 34;
    const ey = b.y - uy * 34;
    for (const [colour, width] of [
      ['#ffffff', 8],
      ['#1f2328', 3],
    ] as const) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(ex, ey);
      ctx.stroke();
    }
    ctx.fillStyle = '#1f2328';
    ctx.beginPath();
    ctx.moveTo(ex + ux * 14, ey + uy * 14);
    ctx.lineTo(ex - uy * 8, ey + ux * 8);
    ctx.lineTo(ex + uy * 8, ey - ux * 8);
    ctx.closePath();
    ctx.fill();
    ctx.beginPath();
    ctx.arc(a.x, a.y, 6, 0, Math.PI * 2);
    ctx.fill();
  }

  for (const impact of SCORE_VALUES) {
    for (const likelihood of SCORE_VALUES) {
      const a = assess(impact, likelihood, bandKey);
      const x = x0(likelihood);
      const y = y0(impact);
      const fg = textColourOn(a.band.colour);
      ctx.fillStyle = fg;
      ctx.textBaseline = 'top';
      ctx.textAlign = 'left';
      ctx.font = `600 18px ${FONT}`;
      ctx.fillText(`${a.score} ${a.band.name}`, x + 12, y + 10);
      const here = byCell.get(cellKey(impact, likelihood)) ?? [];
      if (here.length === 0) continue;
      ctx.font = `700 34px ${FONT}`;
      ctx.textAlign = 'right';
      ctx.fillText(String(here.length), x + CELL_W - 12, y + 6);
      ctx.textAlign = 'left';
      ctx.font = `600 19px ${FONT}`;
      const refs =
        here.length > CROWDED
          ? [`${here.length} risks`]
          : here.map((r) => (isOutsideTolerance(r, categories, pairOf(r, kind)) ? `${r.ref}◆` : r.ref));
      wrapWords(ctx, refs, CELL_W - 24)
        .slice(0, 3)
        .forEach((line, n) => ctx.fillText(line, x + 12, y + 56 + n * 26));
    }
  }

  // Axes: numbers and words.
  ctx.fillStyle = '#1f2328';
  ctx.font = `17px ${FONT}`;
  ctx.textBaseline = 'middle';
  for (const impact of SCORE_VALUES) {
    ctx.textAlign = 'right';
    ctx.fillText(`${impact} ${IMPACT_LABELS[impact]}`, LEFT - 14, y0(impact) + CELL_H / 2);
  }
  const below = y0(1) + CELL_H + 22;
  for (const likelihood of SCORE_VALUES) {
    ctx.textAlign = 'center';
    ctx.fillText(`${likelihood} ${LIKELIHOOD_LABELS[likelihood]}`, x0(likelihood) + CELL_W / 2, below);
  }
  ctx.font = `600 16px ${FONT}`;
  ctx.fillStyle = '#57606a';
  ctx.fillText('LIKELIHOOD →', LEFT + (5 * (CELL_W + GAP)) / 2, below + 30);
  ctx.save();
  ctx.translate(40, TOP + (5 * (CELL_H + GAP)) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('IMPACT →', 0, 0);
  ctx.restore();

  // The key.
  let kx = LEFT;
  const ky = below + 70;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.font = `600 17px ${FONT}`;
  ctx.fillStyle = '#1f2328';
  ctx.fillText('Key', 40, ky + 16);
  for (const b of bandsInOrder(bandKey)) {
    const label = `${b.name} ${b.min}–${b.max}`;
    ctx.font = `600 17px ${FONT}`;
    const w = ctx.measureText(label).width + 28;
    ctx.fillStyle = b.colour;
    ctx.fillRect(kx, ky, w, 32);
    ctx.fillStyle = textColourOn(b.colour);
    ctx.fillText(label, kx + 14, ky + 16);
    kx += w + 12;
  }
  ctx.fillStyle = '#1f2328';
  ctx.font = `16px ${FONT}`;
  ctx.fillText('◆ outside appetite tolerance', kx + 16, ky + 16);
  if (moves.length > 0) {
    ctx.fillText(`Lines: ${moves.map((m) => m.text).join('; ')}`.slice(0, 180), LEFT, ky + 62);
  }
}

/** The heatmap as a PNG data URL, or null where the page cannot draw (no canvas). */
export function heatmapPng(input: PngInput, doc: Document = document): string | null {
  const canvas = doc.createElement('canvas');
  canvas.width = PNG_WIDTH;
  canvas.height = PNG_HEIGHT;
  let ctx: CanvasRenderingContext2D | null;
  try {
    ctx = canvas.getContext('2d');
  } catch {
    // jsdom without a canvas implementation throws "not implemented".
    ctx = null;
  }
  if (!ctx) return null;
  drawHeatmap(ctx, input);
  return canvas.toDataURL('image/png');
}

/** A file name for the picture: "Heatmap current 2026-11-22". */
export function pngName(kind: ScoreKind, now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Heatmap ${kind} ${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
