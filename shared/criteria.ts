/**
 * Scoring criteria: what each impact level means in each area (finance, service delivery, reputation,
 * people/safety, legal/compliance) and what each likelihood level means as a probability and a time frame.
 * Stored per register (migration 0140), shown in the score picker, printed in the board pack's appendix.
 * Pure: no DOM, no Node.
 */
import type { ScoreValue } from './scoring.ts';
import { SCORE_VALUES } from './scoring.ts';

export const IMPACT_AREAS = ['finance', 'service', 'reputation', 'people', 'legal'] as const;
export const LIKELIHOOD_AREAS = ['probability', 'timeframe'] as const;
export const CRITERIA_AREAS = [...IMPACT_AREAS, ...LIKELIHOOD_AREAS] as const;

export type ImpactArea = (typeof IMPACT_AREAS)[number];
export type LikelihoodArea = (typeof LIKELIHOOD_AREAS)[number];
export type CriteriaArea = (typeof CRITERIA_AREAS)[number];

/** The longest descriptor, in characters: a cell in a printed table, not an essay. */
export const CRITERION_MAX = 300;

export const AREA_LABELS: Record<CriteriaArea, string> = {
  finance: 'Finance',
  service: 'Service delivery',
  reputation: 'Reputation',
  people: 'People and safety',
  legal: 'Legal and compliance',
  probability: 'Probability',
  timeframe: 'Time frame',
};

/** Every area's text per level, 1–5. */
export type ScoringCriteria = Record<CriteriaArea, Record<ScoreValue, string>>;

/** One descriptor as the CLI and the settings screen name it. */
export interface CriterionChange {
  area: CriteriaArea;
  level: ScoreValue;
  text: string;
}

/**
 * A plain default for an English or Welsh council of middling size (net revenue budget in the hundreds of
 * millions). Councils are expected to change the money figures to fit their own budget.
 */
export const DEFAULT_CRITERIA: ScoringCriteria = {
  finance: {
    1: 'Under £50k, absorbed within the service budget',
    2: '£50k to £250k, met within the directorate',
    3: '£250k to £1m, needs a budget virement or use of reserves',
    4: '£1m to £5m, affects the medium-term financial plan',
    5: 'Over £5m, or a section 114 notice is a real possibility',
  },
  service: {
    1: 'No noticeable effect on services',
    2: 'Minor disruption to one service for up to a day',
    3: 'A service disrupted for up to a week, or a statutory deadline missed',
    4: 'A key or statutory service fails for more than a week',
    5: 'Several key services fail for a long period; outside help needed',
  },
  reputation: {
    1: 'Internal only; no public interest',
    2: 'Local complaints or a short local news item',
    3: 'Sustained local media coverage; councillors raise concerns',
    4: 'National media coverage; loss of confidence among partners',
    5: 'Sustained national coverage; government intervention or resignations',
  },
  people: {
    1: 'No injury; minor effect on staff wellbeing',
    2: 'Minor injury needing first aid; short-term staff shortages',
    3: 'Injury needing medical treatment, or a vulnerable person at risk of harm',
    4: 'Serious injury or serious harm to a vulnerable person; reportable to HSE',
    5: 'A death, or several serious injuries',
  },
  legal: {
    1: 'A minor breach of internal policy',
    2: 'A breach of regulations dealt with informally',
    3: 'A formal complaint upheld, a regulator’s enquiry, or a claim under £250k',
    4: 'Regulatory enforcement, an adverse audit opinion, or a claim over £250k',
    5: 'Prosecution, judicial review lost, or statutory intervention',
  },
  probability: {
    1: 'Rare: under 5 %',
    2: 'Unlikely: 5 % to 20 %',
    3: 'Possible: 20 % to 50 %',
    4: 'Likely: 50 % to 80 %',
    5: 'Almost certain: over 80 %',
  },
  timeframe: {
    1: 'Not expected in the next 10 years',
    2: 'Could happen in the next 5 to 10 years',
    3: 'Could happen in the next 1 to 5 years',
    4: 'Expected within the next year',
    5: 'Expected within the next 3 months, or already happening',
  },
};

export function isCriteriaArea(v: unknown): v is CriteriaArea {
  return typeof v === 'string' && (CRITERIA_AREAS as readonly string[]).includes(v);
}

export function isImpactArea(area: CriteriaArea): area is ImpactArea {
  return (IMPACT_AREAS as readonly string[]).includes(area);
}

/** A copy of the defaults. */
export function defaultCriteria(): ScoringCriteria {
  return Object.fromEntries(CRITERIA_AREAS.map((a) => [a, { ...DEFAULT_CRITERIA[a] }])) as ScoringCriteria;
}

/** The descriptors for one level of one scale, in the order they are shown: `[area label, text]`. */
export function descriptorsFor(
  criteria: ScoringCriteria,
  scale: 'impact' | 'likelihood',
  level: ScoreValue,
): { area: CriteriaArea; label: string; text: string }[] {
  const areas: readonly CriteriaArea[] = scale === 'impact' ? IMPACT_AREAS : LIKELIHOOD_AREAS;
  return areas
    .map((area) => ({ area, label: AREA_LABELS[area], text: criteria[area][level] }))
    .filter((d) => d.text.trim() !== '');
}

/** Rows for a printed or spreadsheet table: one per area, the five levels in order. */
export function criteriaRows(criteria: ScoringCriteria, scale: 'impact' | 'likelihood') {
  const areas: readonly CriteriaArea[] = scale === 'impact' ? IMPACT_AREAS : LIKELIHOOD_AREAS;
  return areas.map((area) => ({
    area,
    label: AREA_LABELS[area],
    levels: SCORE_VALUES.map((l) => criteria[area][l]),
  }));
}
