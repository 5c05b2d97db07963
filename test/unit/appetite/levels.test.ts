/** Appetite levels and tolerance (issue 13): the status of crafted risks at every level, decided in shared/appetite.ts. */
import { describe, expect, it } from 'vitest';
import type { AppetiteLevel, AppetiteMapping } from '../../../shared/appetite.ts';
import {
  APPETITE_LEVELS,
  appetiteAsOf,
  appetiteStatus,
  appetiteStatusText,
  appetiteSummary,
  checkAppetiteMapping,
  DEFAULT_APPETITE_MAPPING,
  isOutsideAppetite,
  isOutsideTolerance,
  levelForThreshold,
  riskAppetite,
} from '../../../shared/appetite.ts';
import type { HistoryEntry, ScorePair } from '../../../shared/domain.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';

const pair = (i: number, l: number): ScorePair => ({ impact: i as ScoreValue, likelihood: l as ScoreValue });

/** Every score a 5×5 matrix can give, with a pair that gives it. */
const SCORES: [number, ScorePair][] = [];
for (let i = 1; i <= 5; i += 1)
  for (let l = 1; l <= 5; l += 1) if (!SCORES.some(([s]) => s === i * l)) SCORES.push([i * l, pair(i, l)]);
SCORES.sort((a, b) => a[0] - b[0]);

function category(level: AppetiteLevel | null, appetite: number | null = null, tolerance = appetite) {
  const limits = level ? DEFAULT_APPETITE_MAPPING[level] : null;
  return {
    name: 'Finance',
    appetiteLevel: level,
    appetite: limits?.appetite ?? appetite,
    tolerance: limits?.tolerance ?? tolerance,
  };
}

describe('the default mapping', () => {
  it('is exactly the issue’s: averse ≤ 3 (≤ 5), minimal ≤ 5 (≤ 8), cautious ≤ 8 (≤ 12), open ≤ 12 (≤ 16), eager ≤ 16 (≤ 20)', () => {
    expect(DEFAULT_APPETITE_MAPPING).toEqual({
      averse: { appetite: 3, tolerance: 5 },
      minimal: { appetite: 5, tolerance: 8 },
      cautious: { appetite: 8, tolerance: 12 },
      open: { appetite: 12, tolerance: 16 },
      eager: { appetite: 16, tolerance: 20 },
    });
    expect(checkAppetiteMapping(DEFAULT_APPETITE_MAPPING)).toEqual([]);
  });
});

describe('status at every level, for every possible score', () => {
  const expected: Record<AppetiteLevel, { within: number[]; tolerance: number[]; outside: number[] }> = {
    averse: { within: [1, 2, 3], tolerance: [4, 5], outside: [6, 8, 9, 10, 12, 15, 16, 20, 25] },
    minimal: { within: [1, 2, 3, 4, 5], tolerance: [6, 8], outside: [9, 10, 12, 15, 16, 20, 25] },
    cautious: { within: [1, 2, 3, 4, 5, 6, 8], tolerance: [9, 10, 12], outside: [15, 16, 20, 25] },
    open: { within: [1, 2, 3, 4, 5, 6, 8, 9, 10, 12], tolerance: [15, 16], outside: [20, 25] },
    eager: { within: [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16], tolerance: [20], outside: [25] },
  };
  for (const level of APPETITE_LEVELS) {
    it(`${level}`, () => {
      const got = { within: [] as number[], tolerance: [] as number[], outside: [] as number[] };
      for (const [score, p] of SCORES) {
        const a = riskAppetite({ category: 'finance', ...p }, [category(level)]);
        expect(a?.level).toBe(level);
        expect(a?.source).toBe('category');
        const status = a?.status ?? 'missing';
        if (status === 'missing') throw new Error(`no status for ${score}`);
        got[status].push(score);
        expect(isOutsideAppetite({ category: 'Finance', ...p }, [category(level)])).toBe(status !== 'within');
        expect(isOutsideTolerance({ category: 'Finance', ...p }, [category(level)])).toBe(
          status === 'outside',
        );
      }
      expect(got).toEqual(expected[level]);
    });
  }
});

describe('the edges', () => {
  it('a score equal to the threshold is within appetite; equal to the tolerance is within tolerance', () => {
    const limits = { appetite: 8, tolerance: 12 };
    expect(appetiteStatus(pair(2, 4), limits)).toBe('within');
    expect(appetiteStatus(pair(3, 3), limits)).toBe('tolerance');
    expect(appetiteStatus(pair(3, 4), limits)).toBe('tolerance');
    expect(appetiteStatus(pair(3, 5), limits)).toBe('outside');
  });

  it('no score (not yet assessed) or no appetite gives no status', () => {
    expect(appetiteStatus(null, { appetite: 8, tolerance: 12 })).toBeNull();
    expect(appetiteStatus(pair(5, 5), null)).toBeNull();
    const r = riskAppetite({ category: 'Finance', ...pair(5, 5) }, [category('cautious')], null);
    expect(r).toMatchObject({ level: 'cautious', status: null });
    expect(riskAppetite({ category: 'Finance', ...pair(5, 5) }, [category(null)])).toBeNull();
    expect(riskAppetite({ category: 'Other', ...pair(5, 5) }, [category('cautious')])).toBeNull();
  });

  it('a custom threshold has no tolerance band: above it is outside tolerance', () => {
    const c = category(null, 10);
    expect(riskAppetite({ category: 'Finance', ...pair(2, 5) }, [c])).toMatchObject({
      level: null,
      status: 'within',
    });
    expect(riskAppetite({ category: 'Finance', ...pair(3, 4) }, [c])).toMatchObject({ status: 'outside' });
    // No level applies, so `list --json` says null.
    expect(appetiteSummary({ category: 'Finance', ...pair(3, 4) }, [c])).toBeNull();
  });

  it('a risk’s override wins over its category’s level', () => {
    const risk = {
      category: 'Finance',
      ...pair(3, 4),
      appetiteOverride: { level: 'open' as const, reason: 'Statutory duty', appetite: 12, tolerance: 16 },
    };
    expect(riskAppetite(risk, [category('averse')])).toMatchObject({
      level: 'open',
      source: 'risk',
      status: 'within',
    });
    expect(appetiteSummary(risk, [category('averse')])).toEqual({ level: 'open', status: 'within' });
    expect(appetiteSummary({ ...risk, appetiteOverride: null }, [category('averse')])).toEqual({
      level: 'averse',
      status: 'outside',
    });
  });

  it('judges another pair, such as the target', () => {
    const risk = { category: 'Finance', ...pair(5, 5) };
    expect(riskAppetite(risk, [category('cautious')], pair(2, 2))?.status).toBe('within');
  });
});

describe('words', () => {
  it('says the status, the score and the limit it is judged against', () => {
    const cats = [{ ...category('cautious'), name: 'Reputation' }];
    expect(appetiteStatusText({ category: 'Reputation', ...pair(5, 3) }, cats)).toBe(
      'Outside tolerance: 15 is above the Reputation tolerance of 12 (Cautious)',
    );
    expect(appetiteStatusText({ category: 'Reputation', ...pair(2, 5) }, cats)).toBe(
      'Within tolerance: 10 is above the Reputation appetite of 8, within the tolerance of 12 (Cautious)',
    );
    expect(appetiteStatusText({ category: 'Reputation', ...pair(2, 2) }, cats)).toBe(
      'Within appetite: 4 is within the Reputation appetite of 8 (Cautious)',
    );
  });
});

describe('the mapping', () => {
  it('refuses a tolerance below the appetite or a score outside 1–25, naming the level', () => {
    const bad: AppetiteMapping = {
      ...DEFAULT_APPETITE_MAPPING,
      open: { appetite: 12, tolerance: 10 },
      eager: { appetite: 0, tolerance: 26 },
    };
    expect(checkAppetiteMapping(bad)).toEqual([
      'Open: the tolerance (10) cannot be below the appetite (12).',
      'Eager: the appetite must be a whole score from 1 to 25.',
      'Eager: the tolerance must be a whole score from 1 to 25.',
      "Open: the tolerance (10) cannot be below Cautious's (12); levels run from averse to eager.",
    ]);
  });

  it('refuses levels that are not monotone, averse to eager, and accepts equal neighbours', () => {
    const crossed: AppetiteMapping = {
      ...DEFAULT_APPETITE_MAPPING,
      minimal: { appetite: 2, tolerance: 4 },
      open: { appetite: 8, tolerance: 12 },
    };
    expect(checkAppetiteMapping(crossed)).toEqual([
      "Minimal: the appetite (2) cannot be below Averse's (3); levels run from averse to eager.",
      "Minimal: the tolerance (4) cannot be below Averse's (5); levels run from averse to eager.",
    ]);
  });

  it('finds the level whose threshold equals a number', () => {
    expect(levelForThreshold(8, DEFAULT_APPETITE_MAPPING)).toBe('cautious');
    expect(levelForThreshold(10, DEFAULT_APPETITE_MAPPING)).toBeNull();
  });
});

describe('what the appetite was at a moment', () => {
  const entry = (seq: number, at: string, field: string, oldValue: unknown, newValue: unknown) =>
    ({ seq, at, field, oldValue, newValue, action: 'update' }) as Pick<
      HistoryEntry,
      'seq' | 'at' | 'field' | 'oldValue' | 'newValue' | 'action'
    >;

  it('undoes every change after the moment: level, custom threshold and the mapping', () => {
    const wider: AppetiteMapping = { ...DEFAULT_APPETITE_MAPPING, open: { appetite: 15, tolerance: 20 } };
    const history = [
      entry(1, '2026-01-10T09:00:00Z', 'appetiteLevel', null, 'cautious'),
      entry(2, '2026-01-10T09:00:00Z', 'appetite', 10, null),
      entry(3, '2026-03-01T09:00:00Z', 'appetiteLevel', 'cautious', 'open'),
      entry(4, '2026-05-01T09:00:00Z', 'appetiteLevels', DEFAULT_APPETITE_MAPPING, wider),
    ];
    const now = { appetiteLevel: 'open' as const, appetite: 15 };
    expect(appetiteAsOf(now, wider, history, '2026-06-01T00:00:00Z')).toEqual({
      level: 'open',
      limits: { appetite: 15, tolerance: 20 },
    });
    expect(appetiteAsOf(now, wider, history, '2026-04-01T00:00:00Z')).toEqual({
      level: 'open',
      limits: { appetite: 12, tolerance: 16 },
    });
    expect(appetiteAsOf(now, wider, history, '2026-02-01T00:00:00Z')).toEqual({
      level: 'cautious',
      limits: { appetite: 8, tolerance: 12 },
    });
    expect(appetiteAsOf(now, wider, history, '2026-01-01T00:00:00Z')).toEqual({
      level: null,
      limits: { appetite: 10, tolerance: 10 },
    });
  });
});
