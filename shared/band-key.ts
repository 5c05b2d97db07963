import { deltaE, labSeen, VISION_WORDS, VISIONS } from './colour.ts';
import type { Lab, Vision } from './colour.ts';

/**
 * A register's band key: contiguous score ranges covering 1–25, each with a name, a colour and a
 * management action. The LGA key is the default.
 */
export interface Band {
  name: string;
  min: number;
  max: number;
  /** Background colour as #rrggbb. */
  colour: string;
  action: string;
}

export type BandKey = readonly Band[];

/**
 * The LGA's bands in colours that survive greyscale print and colour-blind readers: a clear lightness step
 * from pale green to deep red (L* 91 → 78 → 57 → 33), checked by `paletteProblems` under simulated
 * deuteranopia, protanopia and achromatopsia (test/unit/palette.test.ts).
 */
export const LGA_KEY: BandKey = [
  { name: 'Green', min: 1, max: 5, colour: '#cfeec2', action: 'Accept and monitor periodically' },
  {
    name: 'Yellow',
    min: 6,
    max: 10,
    colour: '#eeba26',
    action: 'Monitor regularly and take action if becomes more serious',
  },
  {
    name: 'Amber',
    min: 11,
    max: 15,
    colour: '#d8691c',
    action: 'Management action to address. Regular reports to SMT and Leadership Board',
  },
  {
    name: 'Red',
    min: 16,
    max: 25,
    colour: '#9a1a1a',
    action: 'Urgent action to address. Ensure political leadership briefed',
  },
];

export function bandForScore(score: number, key: BandKey): Band {
  const band = key.find((b) => score >= b.min && score <= b.max);
  if (!band) throw new RangeError(`The band key does not cover the score ${score}.`);
  return band;
}

export type KeyCheck = { ok: true } | { ok: false; problems: string[] };

/** A key must cover every score 1–25 exactly once, with named, coloured bands. */
export function checkKey(key: readonly Band[]): KeyCheck {
  const problems: string[] = [];
  if (key.length === 0) return { ok: false, problems: ['The key has no bands.'] };
  const names = new Set<string>();
  for (const b of key) {
    const label = b.name.trim() || '(unnamed)';
    if (!b.name.trim()) problems.push('Every band needs a name.');
    if (names.has(b.name.trim().toLowerCase())) problems.push(`Two bands are called "${label}".`);
    names.add(b.name.trim().toLowerCase());
    if (!Number.isInteger(b.min) || !Number.isInteger(b.max)) {
      problems.push(`Band "${label}" must start and end on whole numbers.`);
    } else if (b.min > b.max) {
      problems.push(`Band "${label}" starts at ${b.min}, after its end ${b.max}.`);
    }
    if (!/^#[0-9a-fA-F]{6}$/.test(b.colour)) problems.push(`Band "${label}" needs a colour like #c9302c.`);
  }
  if (problems.length) return { ok: false, problems };
  const sorted = [...key].sort((a, b) => a.min - b.min);
  let expected = 1;
  for (const b of sorted) {
    if (b.min > expected) {
      problems.push(
        b.min - 1 === expected
          ? `No band covers the score ${expected}.`
          : `No band covers the scores ${expected}–${b.min - 1}.`,
      );
    } else if (b.min < expected && b !== sorted[0]) {
      const prev = sorted.find((p) => p !== b && p.min <= b.min && p.max >= b.min);
      const end = Math.min(expected - 1, b.max);
      const range = end === b.min ? `${b.min}` : `${b.min}–${end}`;
      problems.push(`Bands "${prev?.name ?? '?'}" and "${b.name}" overlap on ${range}.`);
    }
    expected = Math.max(expected, b.max + 1);
  }
  if (sorted[0] && sorted[0].min < 1)
    problems.push(`Scores start at 1, but band "${sorted[0].name}" starts at ${sorted[0].min}.`);
  if (expected <= 25) {
    problems.push(
      expected === 25 ? 'No band covers the score 25.' : `No band covers the scores ${expected}–25.`,
    );
  } else if (expected > 26) {
    const last = sorted[sorted.length - 1];
    problems.push(`Scores end at 25, but band "${last?.name ?? '?'}" runs to ${expected - 1}.`);
  }
  return problems.length ? { ok: false, problems } : { ok: true };
}

/** Every two bands differ by at least this lightness step (CIE L*), under every simulated vision. */
export const MIN_DELTA_L = 10;
/** Every two bands differ by at least this colour difference (CIE76 ΔE*ab), in colour and under colour blindness. */
export const MIN_DELTA_E = 20;
/** WCAG 2.x AA for normal text: the band name on its colour. */
export const MIN_TEXT_CONTRAST = 4.5;

export interface PalettePair {
  a: string;
  b: string;
  vision: Vision;
  deltaL: number;
  deltaE: number;
}

/** Lightness and colour differences of every two bands of a key, under each simulated vision. */
export function palettePairs(key: readonly Band[]): PalettePair[] {
  const valid = [...key].filter((b) => /^#[0-9a-fA-F]{6}$/.test(b.colour)).sort((a, b) => a.min - b.min);
  const out: PalettePair[] = [];
  for (const vision of VISIONS) {
    const labs: Lab[] = valid.map((b) => labSeen(b.colour, vision));
    for (let i = 0; i < valid.length; i++) {
      for (let j = i + 1; j < valid.length; j++) {
        const [p, q, a, b] = [labs[i], labs[j], valid[i], valid[j]];
        if (!p || !q || !a || !b) continue;
        out.push({ a: a.name, b: b.name, vision, deltaL: Math.abs(p.l - q.l), deltaE: deltaE(p, q) });
      }
    }
  }
  return out;
}

/**
 * Why a key's colours would be hard to tell apart or to read: two bands too close in lightness (greyscale
 * print) or in colour (full colour, deuteranopia, protanopia). Empty when the key passes. Advice, not a
 * refusal: a register may keep its own colours. (Text contrast needs no check here: black or white, whichever
 * reads better, reaches at least 4.58:1 on any colour; the key editor shows each band's ratio.)
 */
export function paletteProblems(key: readonly Band[]): string[] {
  const problems: string[] = [];
  const byPair = new Map<string, string[]>();
  for (const p of palettePairs(key)) {
    const pair = `${p.a || 'A band'} and ${p.b || 'another band'}`;
    const why = byPair.get(pair) ?? [];
    // Lightness matters where hue is lost or muddled; in full colour the hue difference carries.
    if (p.vision !== 'normal' && p.deltaL < MIN_DELTA_L) {
      why.push(`${VISION_WORDS[p.vision]} (lightness step ${p.deltaL.toFixed(0)}, needs ${MIN_DELTA_L})`);
    } else if (p.vision !== 'achromatopsia' && p.deltaE < MIN_DELTA_E) {
      why.push(`${VISION_WORDS[p.vision]} (colour difference ${p.deltaE.toFixed(0)}, needs ${MIN_DELTA_E})`);
    }
    byPair.set(pair, why);
  }
  for (const [pair, why] of byPair) {
    if (why.length > 0) {
      problems.push(`${pair} look alike in ${why.join('; ')}: make one clearly lighter or darker.`);
    }
  }
  return problems;
}
