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

export const LGA_KEY: BandKey = [
  { name: 'Green', min: 1, max: 5, colour: '#5cb85c', action: 'Accept and monitor periodically' },
  {
    name: 'Yellow',
    min: 6,
    max: 10,
    colour: '#f5d53f',
    action: 'Monitor regularly and take action if becomes more serious',
  },
  {
    name: 'Amber',
    min: 11,
    max: 15,
    colour: '#f0962e',
    action: 'Management action to address. Regular reports to SMT and Leadership Board',
  },
  {
    name: 'Red',
    min: 16,
    max: 25,
    colour: '#c9302c',
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
