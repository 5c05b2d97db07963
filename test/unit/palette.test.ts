import { describe, expect, it } from 'vitest';
import type { Band } from '../../shared/band-key.ts';
import {
  LGA_KEY,
  MIN_DELTA_E,
  MIN_DELTA_L,
  MIN_TEXT_CONTRAST,
  palettePairs,
  paletteProblems,
} from '../../shared/band-key.ts';
import {
  contrastRatio,
  deltaE,
  hexOf,
  labOf,
  labSeen,
  linearRgb,
  simulate,
  textColourOn,
} from '../../shared/colour.ts';

/** The LGA key as it shipped before: Green and Amber the same grey, both khaki to a deuteranope. */
const OLD_COLOURS = ['#5cb85c', '#f5d53f', '#f0962e', '#c9302c'];
const oldKey: Band[] = LGA_KEY.map((b, i) => ({ ...b, colour: OLD_COLOURS[i] ?? b.colour }));

describe('colour science', () => {
  it('L*a*b* matches published reference values (sRGB, D65)', () => {
    expect(labOf(linearRgb('#ffffff')).l).toBeCloseTo(100, 1);
    expect(labOf(linearRgb('#000000')).l).toBeCloseTo(0, 5);
    // sRGB red is L* 53.24, a* 80.09, b* 67.20 (Lindbloom's calculator).
    const red = labOf(linearRgb('#ff0000'));
    expect(red.l).toBeCloseTo(53.24, 1);
    expect(red.a).toBeCloseTo(80.09, 0);
    expect(red.b).toBeCloseTo(67.2, 0);
    // Mid grey #777777: L* 50.0.
    expect(labOf(linearRgb('#777777')).l).toBeCloseTo(50.03, 1);
  });

  it('greyscale keeps the luminance and loses the hue', () => {
    const g = simulate(linearRgb('#d8691c'), 'achromatopsia');
    expect(g[0]).toBe(g[1]);
    expect(g[1]).toBe(g[2]);
    const lab = labOf(g);
    expect(Math.abs(lab.a) + Math.abs(lab.b)).toBeLessThan(0.01);
    expect(lab.l).toBeCloseTo(labSeen('#d8691c', 'normal').l, 1);
  });

  it('the Machado matrices leave greys grey and fold red and green together', () => {
    for (const v of ['deuteranopia', 'protanopia'] as const) {
      const grey = simulate(linearRgb('#808080'), v);
      expect(hexOf(grey)).toMatch(/^#(7f|80|81){3}$/);
      // Pure red and a green of similar lightness become far closer than they are in full colour.
      const full = deltaE(labSeen('#cc3333', 'normal'), labSeen('#6b8e23', 'normal'));
      const seen = deltaE(labSeen('#cc3333', v), labSeen('#6b8e23', v));
      expect(seen).toBeLessThan(full / 2);
    }
  });
});

describe('the default palette survives greyscale and colour blindness', () => {
  it.each(['deuteranopia', 'protanopia', 'achromatopsia'] as const)(
    'every two LGA bands differ by ΔL* ≥ %s under %s',
    (vision) => {
      const pairs = palettePairs(LGA_KEY).filter((p) => p.vision === vision);
      expect(pairs).toHaveLength(6);
      for (const p of pairs) expect(p.deltaL, `${p.a}/${p.b}`).toBeGreaterThanOrEqual(MIN_DELTA_L);
    },
  );

  it.each(['normal', 'deuteranopia', 'protanopia'] as const)(
    'every two LGA bands differ by ΔE ≥ 20 in %s vision',
    (vision) => {
      for (const p of palettePairs(LGA_KEY).filter((q) => q.vision === vision)) {
        expect(p.deltaE, `${p.a}/${p.b}`).toBeGreaterThanOrEqual(MIN_DELTA_E);
      }
    },
  );

  it('steps down in lightness from Green to Red in greyscale', () => {
    const l = LGA_KEY.map((b) => labSeen(b.colour, 'achromatopsia').l);
    for (let i = 1; i < l.length; i++)
      expect((l[i - 1] ?? 0) - (l[i] ?? 0)).toBeGreaterThanOrEqual(MIN_DELTA_L);
  });

  it('writes every band name at WCAG AA contrast', () => {
    for (const b of LGA_KEY) {
      expect(contrastRatio(b.colour, textColourOn(b.colour))).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    }
    expect(paletteProblems(LGA_KEY)).toEqual([]);
  });
});

describe('the warning for a custom key', () => {
  it('catches the old default: Green and Amber one grey, khaki to a deuteranope', () => {
    const problems = paletteProblems(oldKey);
    expect(problems[0]).toMatch(
      /^Green and Amber look alike in .*greyscale print and achromatopsia \(lightness step 2, needs 10\)/,
    );
    expect(problems.join('\n')).toContain('Yellow and Amber look alike in deuteranopia');
  });

  it('needs no text-contrast warning: black or white reaches AA on any colour', () => {
    let worst = Infinity;
    for (let v = 0; v < 4096; v++) {
      const hex = `#${[v >> 8, (v >> 4) & 15, v & 15].map((c) => (c * 17).toString(16).padStart(2, '0')).join('')}`;
      worst = Math.min(worst, contrastRatio(hex, textColourOn(hex)));
    }
    expect(worst).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('passes two bands far apart and ignores a colour not yet valid', () => {
    const key: Band[] = [
      { name: 'Low', min: 1, max: 12, colour: '#ffffff', action: '' },
      { name: 'High', min: 13, max: 25, colour: '#9a1a1a', action: '' },
      { name: 'Typing', min: 26, max: 26, colour: '#12', action: '' },
    ];
    expect(paletteProblems(key)).toEqual([]);
  });
});
