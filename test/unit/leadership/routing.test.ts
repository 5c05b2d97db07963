/**
 * The heatmap's arrow routing (renderer/leadership/movement.ts) in Node, on the inputs the heatmap measured in
 * Chromium for the usual (5 moves) and crowded (15 moves) quarters of test/e2e/movement.test.ts, in the 8 layouts
 * (1280×720, 1366×768, 1440×900, 1920×1080, normal and presenting), captured by `npm run bench:routing` into
 * routing-inputs.json. The same checks as the e2e test (test/e2e/movement-check.ts): every arrow ends on its chip's
 * edge, no line or label covers a chip, "was" chip, cell label, count, other label or other line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeArrows } from '../../../renderer/leadership/movement.ts';
import type { RoutingInput } from '../../e2e/movement-check.ts';
import { movementProblems, routedGeometry } from '../../e2e/movement-check.ts';

const inputs = JSON.parse(
  readFileSync(new URL('./routing-inputs.json', import.meta.url), 'utf8'),
) as RoutingInput[];

const route = (input: RoutingInput) =>
  routeArrows(input.moves, input.obstacles, input.area, {
    labelSize: (ref) => input.labelSizes[ref] ?? { w: 30, h: 16 },
  });

describe('heatmap arrow routing on the captured layouts', () => {
  it('has all 16 layouts', () => {
    expect(inputs.map((i) => i.layout)).toHaveLength(16);
    expect(inputs.filter((i) => i.moves.length === 15)).toHaveLength(8);
  });

  it.each(inputs.map((i) => [i.layout, i] as const))(
    '%s: an arrow per move, crossing nothing, labels clear',
    (_layout, input) => {
      const arrows = route(input);
      expect(arrows.map((a) => a.ref).sort()).toEqual(input.moves.map((m) => m.ref).sort());
      expect(arrows.reduce((n, a) => n + a.crossings, 0)).toBe(0);
      expect(movementProblems(routedGeometry(input, arrows))).toEqual([]);
      // The same inputs give the same arrows (the heatmap's cache relies on it).
      expect(route(input)).toEqual(arrows);
    },
  );

  it('the checks find a label over a chip and a line across the grid', () => {
    const input = inputs.find((i) => i.moves.length === 15) as RoutingInput;
    const arrows = route(input);
    const chip = input.obstacles[0] as RoutingInput['area'];
    const [first, second, ...rest] = arrows;
    if (!first || !second) throw new Error('no arrows');
    const { area } = input;
    const spoilt = [
      { ...first, label: [chip.x + chip.w / 2, chip.y + chip.h / 2] as [number, number] },
      { ...second, d: `M ${area.x} ${area.y} L ${area.x + area.w} ${area.y + area.h}` },
      ...rest,
    ];
    const problems = movementProblems(routedGeometry(input, spoilt));
    expect(problems).toContain(`${first.ref}: label over obstacle 0`);
    expect(problems.filter((p) => p.startsWith(`${second.ref}: line over`)).length).toBeGreaterThan(0);
  });
});
