import { describe, expect, it } from 'vitest';
import { appetiteFor, appetiteNote, isOutsideAppetite } from '../../../shared/appetite.ts';

const categories = [
  { name: 'Reputation', appetite: 12 },
  { name: 'Finance', appetite: null },
];

describe('risk appetite per category', () => {
  it('is outside appetite only when the score is above the category’s appetite', () => {
    expect(isOutsideAppetite({ category: 'Reputation', impact: 5, likelihood: 3 }, categories)).toBe(true);
    expect(isOutsideAppetite({ category: 'Reputation', impact: 4, likelihood: 3 }, categories)).toBe(false);
    expect(isOutsideAppetite({ category: 'reputation ', impact: 5, likelihood: 5 }, categories)).toBe(true);
  });

  it('never marks a risk whose category has no appetite, or an unknown category', () => {
    expect(isOutsideAppetite({ category: 'Finance', impact: 5, likelihood: 5 }, categories)).toBe(false);
    expect(isOutsideAppetite({ category: 'Other', impact: 5, likelihood: 5 }, categories)).toBe(false);
    expect(appetiteFor('Other', categories)).toBeNull();
  });

  it('can judge another score, such as the target', () => {
    const risk = { category: 'Reputation', impact: 5 as const, likelihood: 3 as const };
    expect(isOutsideAppetite(risk, categories, { impact: 2, likelihood: 3 })).toBe(false);
    expect(isOutsideAppetite(risk, categories, null)).toBe(false);
    expect(appetiteNote(risk, categories)).toBe(
      'Outside tolerance: 15 is above the Reputation tolerance of 12',
    );
  });
});
