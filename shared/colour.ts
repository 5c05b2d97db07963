/** Colour arithmetic for legible band cells (WCAG 2.x relative luminance and contrast). */

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`Not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => channel(parseInt(x ?? '0', 16)));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

const textColours = new Map<string, '#000000' | '#ffffff'>();

/**
 * Black or white, whichever reads better on the given background. Remembered per colour (a register has a handful
 * of band colours, and the board pack asks once per risk: 100,000 times in a large summary workbook).
 */
export function textColourOn(background: string): '#000000' | '#ffffff' {
  const known = textColours.get(background);
  if (known) return known;
  const text =
    contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
  if (textColours.size >= 1024) textColours.clear();
  textColours.set(background, text);
  return text;
}

/*
 * Colour-vision simulation and perceptual distance, for checking that a band key survives greyscale print and
 * colour-blind readers. Simulations work in linear sRGB: protanopia and deuteranopia with the severity-1.0
 * matrices of Machado, Oliveira and Fernandes (2009), achromatopsia as the relative luminance Y (the grey a
 * greyscale printer lays down). Distances are CIE 1976 L*a*b* (D65): ΔL* is the lightness step, ΔE*ab the whole.
 */

export type Vision = 'normal' | 'deuteranopia' | 'protanopia' | 'achromatopsia';

export const VISIONS: readonly Vision[] = ['normal', 'deuteranopia', 'protanopia', 'achromatopsia'];

/** How each vision is named in a warning. */
export const VISION_WORDS: Record<Vision, string> = {
  normal: 'full colour',
  deuteranopia: 'deuteranopia (red–green, green-blind)',
  protanopia: 'protanopia (red–green, red-blind)',
  achromatopsia: 'greyscale print and achromatopsia',
};

type Matrix = readonly [
  readonly [number, number, number],
  readonly [number, number, number],
  readonly [number, number, number],
];

const MACHADO: Record<'deuteranopia' | 'protanopia', Matrix> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
};

export type Rgb = readonly [number, number, number];

/** #rrggbb as linear-light sRGB components, 0–1. */
export function linearRgb(hex: string): Rgb {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`Not a #rrggbb colour: ${hex}`);
  return [
    channel(parseInt(m[1] ?? '0', 16)),
    channel(parseInt(m[2] ?? '0', 16)),
    channel(parseInt(m[3] ?? '0', 16)),
  ];
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** The linear sRGB colour as a person with the given vision sees it. */
export function simulate(rgb: Rgb, vision: Vision): Rgb {
  if (vision === 'normal') return rgb;
  const [r, g, b] = rgb;
  if (vision === 'achromatopsia') {
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return [y, y, y];
  }
  const m = MACHADO[vision];
  const row = (k: 0 | 1 | 2) => clamp01(m[k][0] * r + m[k][1] * g + m[k][2] * b);
  return [row(0), row(1), row(2)];
}

export interface Lab {
  l: number;
  a: number;
  b: number;
}

/** CIE L*a*b* (D65) of a linear sRGB colour. */
export function labOf(rgb: Rgb): Lab {
  const [r, g, b] = rgb;
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [fx, fy, fz] = [f(x), f(y), f(z)];
  return { l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

/** L*a*b* of a #rrggbb colour as seen with the given vision. */
export function labSeen(hex: string, vision: Vision): Lab {
  return labOf(simulate(linearRgb(hex), vision));
}

export function deltaE(p: Lab, q: Lab): number {
  return Math.hypot(p.l - q.l, p.a - q.a, p.b - q.b);
}

/** The #rrggbb a simulated colour is drawn with (for previews and screenshots). */
export function hexOf(rgb: Rgb): string {
  const enc = (c: number) => {
    const s = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
    return Math.round(clamp01(s) * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${enc(rgb[0])}${enc(rgb[1])}${enc(rgb[2])}`;
}
