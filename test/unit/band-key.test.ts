import { describe, expect, it } from 'vitest';
import type { Band } from '../../shared/band-key.ts';
import { bandForScore, checkKey, LGA_KEY } from '../../shared/band-key.ts';

const band = (name: string, min: number, max: number, colour = '#336699'): Band => ({
  name,
  min,
  max,
  colour,
  action: `${name} action`,
});

function problems(key: Band[]): string[] {
  const check = checkKey(key);
  return check.ok ? [] : check.problems;
}

describe('checkKey accepts keys that cover 1–25 exactly once', () => {
  it('accepts the LGA key', () => {
    expect(checkKey(LGA_KEY)).toEqual({ ok: true });
  });

  it('accepts a three-band key', () => {
    const key = [band('Low', 1, 6), band('Medium', 8, 14), band('High', 15, 25)];
    expect(problems(key)).toEqual(['No band covers the score 7.']);
    key[1] = band('Medium', 7, 14);
    expect(checkKey(key)).toEqual({ ok: true });
  });

  it('accepts a 6–8 / 9–11 / 12–15 / 16–20 key with 1–5 and 21–25 covered, in any order', () => {
    const key = [
      band('Extreme', 21, 25),
      band('Very low', 1, 5),
      band('Low', 6, 8),
      band('Medium', 9, 11),
      band('High', 12, 15),
      band('Very high', 16, 20),
    ];
    expect(checkKey(key)).toEqual({ ok: true });
    expect([5, 6, 8, 9, 11, 12, 15, 16, 20, 21, 25].map((s) => bandForScore(s, key).name)).toEqual([
      'Very low',
      'Low',
      'Low',
      'Medium',
      'Medium',
      'High',
      'High',
      'Very high',
      'Very high',
      'Extreme',
      'Extreme',
    ]);
  });
});

describe('checkKey names what is wrong', () => {
  it('finds a one-score gap', () => {
    expect(problems([band('Green', 1, 5), band('Yellow', 7, 10), band('Red', 11, 25)])).toEqual([
      'No band covers the score 6.',
    ]);
  });

  it('finds a wider gap', () => {
    expect(problems([band('Green', 1, 5), band('Yellow', 6, 10), band('Red', 16, 25)])).toEqual([
      'No band covers the scores 11–15.',
    ]);
  });

  it('finds overlaps and names both bands', () => {
    expect(problems([band('Green', 1, 5), band('Yellow', 5, 10), band('Red', 11, 25)])).toEqual([
      'Bands "Green" and "Yellow" overlap on 5.',
    ]);
    expect(problems([band('Green', 1, 8), band('Yellow', 6, 10), band('Red', 11, 25)])).toEqual([
      'Bands "Green" and "Yellow" overlap on 6–8.',
    ]);
  });

  it('finds missing coverage at the top and the bottom', () => {
    expect(problems([band('Green', 1, 5), band('Yellow', 6, 15)])).toEqual([
      'No band covers the scores 16–25.',
    ]);
    expect(problems([band('Green', 1, 5), band('Red', 6, 24)])).toEqual(['No band covers the score 25.']);
    expect(problems([band('Green', 2, 5), band('Red', 6, 25)])).toEqual(['No band covers the score 1.']);
    expect(problems([band('Green', 3, 5), band('Red', 6, 25)])).toEqual(['No band covers the scores 1–2.']);
  });

  it('reports every problem of a broken key, not just the first', () => {
    expect(problems([band('Low', 1, 5), band('Mid', 6, 10), band('High', 12, 20)])).toEqual([
      'No band covers the score 11.',
      'No band covers the scores 21–25.',
    ]);
  });

  it('refuses bands outside 1–25', () => {
    expect(problems([band('Green', 0, 5), band('Red', 6, 25)])).toEqual([
      'Scores start at 1, but band "Green" starts at 0.',
    ]);
    expect(problems([band('Green', 1, 5), band('Red', 6, 30)])).toEqual([
      'Scores end at 25, but band "Red" runs to 30.',
    ]);
  });

  it('refuses an empty key, nameless or duplicate bands, bad colours and reversed ranges', () => {
    expect(problems([])).toEqual(['The key has no bands.']);
    expect(problems([band(' ', 1, 25)])).toEqual(['Every band needs a name.']);
    expect(problems([band('Red', 1, 10), band('red', 11, 25)])).toEqual(['Two bands are called "red".']);
    expect(problems([band('Red', 1, 25, 'red')])).toEqual(['Band "Red" needs a colour like #c9302c.']);
    expect(problems([band('Low', 10, 1), band('High', 11, 25)])).toEqual([
      'Band "Low" starts at 10, after its end 1.',
    ]);
    expect(problems([band('Low', 1, 5.5), band('High', 6, 25)])).toEqual([
      'Band "Low" must start and end on whole numbers.',
    ]);
  });
});
