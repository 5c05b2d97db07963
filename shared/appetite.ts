/**
 * Risk appetite, as HM Treasury's Risk Appetite Guidance Note defines it: each category has a **level** (averse,
 * minimal, cautious, open, eager), which the register maps to an appetite threshold and a tolerance band above
 * it. A risk is *within appetite* (score at or below the threshold), *within tolerance* (above the threshold, at or
 * below the tolerance) or *outside tolerance*. A risk may override its category's level, with a reason.
 *
 * A category may instead keep a **custom** numeric threshold (from before levels existed, see migration 0120): its
 * tolerance equals its threshold, so a score above it is outside tolerance, as "outside appetite" meant before.
 *
 * This file is the one place the status is decided: the table, the panel, the heatmap, the dashboard, the exports,
 * the board pack and the CLI all call `riskAppetite` / `appetiteStatus`. Pure, no I/O.
 */
import type { CategoryRecord, HistoryEntry, MaybePair, RiskRecord } from './domain.ts';
import { riskScore } from './scoring.ts';

export const APPETITE_LEVELS = ['averse', 'minimal', 'cautious', 'open', 'eager'] as const;
export type AppetiteLevel = (typeof APPETITE_LEVELS)[number];

export const APPETITE_LEVEL_LABELS: Record<AppetiteLevel, string> = {
  averse: 'Averse',
  minimal: 'Minimal',
  cautious: 'Cautious',
  open: 'Open',
  eager: 'Eager',
};

/** A score threshold and the tolerance ceiling above it (tolerance ≥ appetite), both 1–25. */
export interface AppetiteLimits {
  appetite: number;
  tolerance: number;
}

export type AppetiteMapping = Record<AppetiteLevel, AppetiteLimits>;

/** The default mapping (issue 13), until the register changes it. */
export const DEFAULT_APPETITE_MAPPING: AppetiteMapping = {
  averse: { appetite: 3, tolerance: 5 },
  minimal: { appetite: 5, tolerance: 8 },
  cautious: { appetite: 8, tolerance: 12 },
  open: { appetite: 12, tolerance: 16 },
  eager: { appetite: 16, tolerance: 20 },
};

export type AppetiteStatus = 'within' | 'tolerance' | 'outside';

export const APPETITE_STATUS_LABELS: Record<AppetiteStatus, string> = {
  within: 'Within appetite',
  tolerance: 'Within tolerance',
  outside: 'Outside tolerance',
};

/**
 * The glyph printed beside the words (never colour alone, never ▲, which means "up" in the travel column):
 * ✓ within appetite, ◇ within tolerance, ◆ outside tolerance.
 */
export const APPETITE_STATUS_GLYPHS: Record<AppetiteStatus, string> = {
  within: '✓',
  tolerance: '◇',
  outside: '◆',
};

export function isAppetiteLevel(v: unknown): v is AppetiteLevel {
  return typeof v === 'string' && (APPETITE_LEVELS as readonly string[]).includes(v);
}

/**
 * Problems with a mapping, in words (empty when it is sound): whole scores 1–25, tolerance ≥ appetite, and levels
 * monotone (each level's appetite and tolerance at least the more averse level's).
 */
export function checkAppetiteMapping(m: AppetiteMapping): string[] {
  const problems: string[] = [];
  for (const level of APPETITE_LEVELS) {
    const l = m[level];
    const name = APPETITE_LEVEL_LABELS[level];
    if (!Number.isInteger(l.appetite) || l.appetite < 1 || l.appetite > 25)
      problems.push(`${name}: the appetite must be a whole score from 1 to 25.`);
    if (!Number.isInteger(l.tolerance) || l.tolerance < 1 || l.tolerance > 25)
      problems.push(`${name}: the tolerance must be a whole score from 1 to 25.`);
    if (l.tolerance < l.appetite)
      problems.push(`${name}: the tolerance (${l.tolerance}) cannot be below the appetite (${l.appetite}).`);
  }
  // Levels are monotone: a more willing level never has a lower appetite or tolerance than a more averse one.
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 25;
  for (let i = 1; i < APPETITE_LEVELS.length; i++) {
    const lower = APPETITE_LEVELS[i - 1] as AppetiteLevel;
    const level = APPETITE_LEVELS[i] as AppetiteLevel;
    const [a, b] = [m[lower], m[level]];
    const [was, name] = [APPETITE_LEVEL_LABELS[lower], APPETITE_LEVEL_LABELS[level]];
    if (valid(a.appetite) && valid(b.appetite) && b.appetite < a.appetite)
      problems.push(
        `${name}: the appetite (${b.appetite}) cannot be below ${was}'s (${a.appetite}); levels run from averse to eager.`,
      );
    if (valid(a.tolerance) && valid(b.tolerance) && b.tolerance < a.tolerance)
      problems.push(
        `${name}: the tolerance (${b.tolerance}) cannot be below ${was}'s (${a.tolerance}); levels run from averse to eager.`,
      );
  }
  return problems;
}

/** The level a numeric threshold stands for under a mapping (the first whose appetite equals it), or null. */
export function levelForThreshold(threshold: number, mapping: AppetiteMapping): AppetiteLevel | null {
  return APPETITE_LEVELS.find((l) => mapping[l].appetite === threshold) ?? null;
}

/**
 * The status of a score against limits; null when there is no score (not yet assessed) or no limits.
 * Takes a pair or null so a "not yet assessed" risk simply has no status.
 */
export function appetiteStatus(pair: MaybePair | null, limits: AppetiteLimits | null): AppetiteStatus | null {
  // A risk not yet assessed has no score to compare with the appetite.
  if (!pair || !limits || pair.impact === null || pair.likelihood === null) return null;
  const score = riskScore(pair.impact, pair.likelihood);
  if (score <= limits.appetite) return 'within';
  if (score <= limits.tolerance) return 'tolerance';
  return 'outside';
}

/** What a category carries for appetite (effective values, resolved by the register when read). */
export type CategoryAppetite = Pick<CategoryRecord, 'name' | 'appetite'> &
  Partial<Pick<CategoryRecord, 'tolerance' | 'appetiteLevel'>>;

type RiskForAppetite = Pick<RiskRecord, 'category' | 'impact' | 'likelihood'> &
  Partial<Pick<RiskRecord, 'appetiteOverride'>>;

function findCategory(
  category: string,
  categories: readonly CategoryAppetite[],
): CategoryAppetite | undefined {
  const name = category.trim().toLowerCase();
  return categories.find((c) => c.name.trim().toLowerCase() === name);
}

/** The appetite threshold set for a category (matched by name, any case), or null when none is set. */
export function appetiteFor(category: string, categories: readonly CategoryAppetite[]): number | null {
  return findCategory(category, categories)?.appetite ?? null;
}

export interface RiskAppetite {
  /** The level that applies, or null for a category's custom threshold. */
  level: AppetiteLevel | null;
  /** Where it comes from: the risk's own override, or its category. */
  source: 'risk' | 'category';
  appetite: number;
  tolerance: number;
  /** Null when the score is missing (not yet assessed). */
  status: AppetiteStatus | null;
}

/**
 * The appetite that applies to a risk (its override, else its category's level or custom threshold) and the
 * status of a score against it (the current score by default; pass the target to ask about that). Null when no
 * appetite applies.
 */
export function riskAppetite(
  risk: RiskForAppetite,
  categories: readonly CategoryAppetite[],
  pair: MaybePair | null = risk,
): RiskAppetite | null {
  const o = risk.appetiteOverride;
  if (o) {
    const limits = { appetite: o.appetite, tolerance: o.tolerance };
    return { level: o.level, source: 'risk', ...limits, status: appetiteStatus(pair, limits) };
  }
  const c = findCategory(risk.category, categories);
  if (!c || c.appetite === null) return null;
  const limits = { appetite: c.appetite, tolerance: Math.max(c.tolerance ?? c.appetite, c.appetite) };
  return {
    level: c.appetiteLevel ?? null,
    source: 'category',
    ...limits,
    status: appetiteStatus(pair, limits),
  };
}

/** The `appetite` field of `list --json`: the level and status, or null where no level applies. */
export function appetiteSummary(
  risk: RiskForAppetite,
  categories: readonly CategoryAppetite[],
): { level: AppetiteLevel; status: AppetiteStatus } | null {
  const a = riskAppetite(risk, categories);
  return a && a.level && a.status ? { level: a.level, status: a.status } : null;
}

/** Whether a score is above the appetite threshold (within tolerance or outside it). False when none applies. */
export function isOutsideAppetite(
  risk: RiskForAppetite,
  categories: readonly CategoryAppetite[],
  pair: MaybePair | null = risk,
): boolean {
  const s = riskAppetite(risk, categories, pair)?.status;
  return s === 'tolerance' || s === 'outside';
}

/** Whether a score is above the tolerance. False when no appetite applies. */
export function isOutsideTolerance(
  risk: RiskForAppetite,
  categories: readonly CategoryAppetite[],
  pair: MaybePair | null = risk,
): boolean {
  return riskAppetite(risk, categories, pair)?.status === 'outside';
}

/** "Cautious: appetite up to 8, tolerance up to 12" (or "Custom: appetite up to 10"). */
export function describeLimits(a: Pick<RiskAppetite, 'level' | 'appetite' | 'tolerance'>): string {
  const name = a.level ? APPETITE_LEVEL_LABELS[a.level] : 'Custom';
  return a.tolerance > a.appetite
    ? `${name}: appetite up to ${a.appetite}, tolerance up to ${a.tolerance}`
    : `${name}: appetite up to ${a.appetite}`;
}

/**
 * The status in words for hover, screen readers and print: "Outside tolerance: 15 is above the Cautious tolerance
 * of 12 for Reputation". Null when no appetite applies or no score.
 */
export function appetiteStatusText(
  risk: RiskForAppetite,
  categories: readonly CategoryAppetite[],
  pair: MaybePair | null = risk,
): string | null {
  const a = riskAppetite(risk, categories, pair);
  if (!a || !a.status || !pair || pair.impact === null || pair.likelihood === null) return null;
  const score = riskScore(pair.impact, pair.likelihood);
  const name = a.level ? ` (${APPETITE_LEVEL_LABELS[a.level]})` : '';
  const whose = a.source === 'risk' ? 'this risk’s own' : `the ${risk.category}`;
  switch (a.status) {
    case 'within':
      return `Within appetite: ${score} is within ${whose} appetite of ${a.appetite}${name}`;
    case 'tolerance':
      return `Within tolerance: ${score} is above ${whose} appetite of ${a.appetite}, within the tolerance of ${a.tolerance}${name}`;
    case 'outside':
      return `Outside tolerance: ${score} is above ${whose} tolerance of ${a.tolerance}${name}`;
  }
}

/** The note shown only when a score is above appetite (within tolerance or outside it); null otherwise. */
export function appetiteNote(
  risk: RiskForAppetite,
  categories: readonly CategoryAppetite[],
  pair: MaybePair | null = risk,
): string | null {
  return isOutsideAppetite(risk, categories, pair) ? appetiteStatusText(risk, categories, pair) : null;
}

/** What a category's appetite was at a moment: its level (or custom threshold) and the limits it mapped to. */
export interface AppetiteAt {
  level: AppetiteLevel | null;
  /** Null when no appetite was set. */
  limits: AppetiteLimits | null;
}

type AppetiteHistoryEntry = Pick<HistoryEntry, 'seq' | 'at' | 'field' | 'oldValue' | 'newValue' | 'action'>;

/**
 * "What was the appetite when this was decided": start from the category as it is now and undo, newest first,
 * every appetite change recorded after `at` (its level, custom threshold, and the register's mapping).
 * `history` is the category's appetite history (`appetite:history`), in any order.
 */
export function appetiteAsOf(
  now: Pick<CategoryRecord, 'appetite' | 'appetiteLevel'>,
  mapping: AppetiteMapping,
  history: readonly AppetiteHistoryEntry[],
  at: string,
): AppetiteAt {
  let level = now.appetiteLevel;
  let custom = now.appetiteLevel ? null : now.appetite;
  let map = mapping;
  const later = history.filter((e) => e.action === 'update' && e.at > at).sort((a, b) => b.seq - a.seq);
  for (const e of later) {
    if (e.field === 'appetiteLevel') level = isAppetiteLevel(e.oldValue) ? e.oldValue : null;
    else if (e.field === 'appetite') custom = typeof e.oldValue === 'number' ? e.oldValue : null;
    else if (e.field === 'appetiteLevels' && e.oldValue && typeof e.oldValue === 'object')
      map = e.oldValue as AppetiteMapping;
  }
  if (level) return { level, limits: map[level] };
  return { level: null, limits: custom === null ? null : { appetite: custom, tolerance: custom } };
}
