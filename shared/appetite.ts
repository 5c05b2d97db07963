/**
 * A category's risk appetite: the score above which a risk of that category is "outside appetite".
 * Pure, so the table, the heatmap, the dashboard and the exports decide it the same way.
 */
import type { CategoryRecord, MaybePair, RiskRecord } from './domain.ts';
import { riskScore } from './scoring.ts';

type CategoryAppetite = Pick<CategoryRecord, 'name' | 'appetite'>;

/** The appetite set for a category (matched by name, any case), or null when none is set. */
export function appetiteFor(category: string, categories: readonly CategoryAppetite[]): number | null {
  const name = category.trim().toLowerCase();
  return categories.find((c) => c.name.trim().toLowerCase() === name)?.appetite ?? null;
}

/**
 * Whether a risk's score is above its category's appetite. The current score by default; pass another
 * pair (such as the target) to ask about that. False when the category has no appetite set.
 */
export function isOutsideAppetite(
  risk: Pick<RiskRecord, 'category' | 'impact' | 'likelihood'>,
  categories: readonly CategoryAppetite[],
  pair: MaybePair | null = risk,
): boolean {
  // A risk not yet assessed has no score to compare with the appetite.
  if (!pair || pair.impact === null || pair.likelihood === null) return false;
  const appetite = appetiteFor(risk.category, categories);
  return appetite !== null && riskScore(pair.impact, pair.likelihood) > appetite;
}

/** "Outside appetite: 15 is above 12 for Reputation", or null when inside (or no appetite set). */
export function appetiteNote(
  risk: Pick<RiskRecord, 'category' | 'impact' | 'likelihood'>,
  categories: readonly CategoryAppetite[],
  pair: MaybePair | null = risk,
): string | null {
  if (!pair || pair.impact === null || pair.likelihood === null) return null;
  if (!isOutsideAppetite(risk, categories, pair)) return null;
  const appetite = appetiteFor(risk.category, categories);
  return `Outside appetite: ${riskScore(pair.impact, pair.likelihood)} is above ${appetite} for ${risk.category}`;
}
