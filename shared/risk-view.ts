/** A risk with its derived scores and bands: what the table, the CLI and the exports show. */
import type { Band, BandKey } from './band-key.ts';
import type { RiskRecord, ScorePair } from './domain.ts';
import { assess } from './scoring.ts';

export interface ScoreSummary {
  impact: number;
  likelihood: number;
  score: number;
  band: string;
}

export interface RiskSummary {
  ref: string;
  category: string;
  description: string;
  /** The current pair, score and band; all four null while the risk is not yet assessed. */
  impact: number | null;
  likelihood: number | null;
  score: number | null;
  band: string | null;
  owners: string[];
  mitigation: string;
  inherent: ScoreSummary | null;
  target: ScoreSummary | null;
  /** The risk's short title, or null. */
  title: string | null;
  /** The next review date (yyyy-mm-dd), or null when not known. */
  nextReview: string | null;
}

export function scoreSummary(pair: ScorePair | null, key: BandKey): ScoreSummary | null {
  if (!pair) return null;
  const a = assess(pair.impact, pair.likelihood, key);
  return { impact: a.impact, likelihood: a.likelihood, score: a.score, band: a.band.name };
}

/** The current score and band; both null while the risk is not yet assessed. */
export function currentBand(
  risk: Pick<RiskRecord, 'impact' | 'likelihood'>,
  key: BandKey,
): { score: number; band: Band } | { score: null; band: null } {
  const a = assess(risk.impact, risk.likelihood, key);
  return a.assessed ? { score: a.score, band: a.band } : { score: null, band: null };
}

export function summariseRisk(risk: RiskRecord, key: BandKey): RiskSummary {
  const current = currentBand(risk, key);
  return {
    ref: risk.ref,
    category: risk.category,
    description: risk.description,
    impact: risk.impact,
    likelihood: risk.likelihood,
    score: current.score,
    band: current.band?.name ?? null,
    owners: risk.owners,
    mitigation: risk.mitigation,
    inherent: scoreSummary(risk.inherent, key),
    target: scoreSummary(risk.target, key),
    title: risk.title,
    nextReview: risk.nextReview ?? null,
  };
}

/**
 * "Because of …, there is a risk that …, resulting in …": the Orange Book's one-sentence form, or null unless all
 * three parts are given. Trailing full stops of the parts are dropped so the sentence reads once.
 */
export function causeEventEffect(r: Pick<RiskRecord, 'cause' | 'event' | 'effect'>): string | null {
  // Most registers leave the three parts empty: no trimming or pattern for them (40 ms of a 100,000-risk export).
  if (r.cause === '' || r.event === '' || r.effect === '') return null;
  const part = (s: string) => s.trim().replace(/[.\s]+$/, '');
  const [c, e, f] = [part(r.cause), part(r.event), part(r.effect)];
  if (!c || !e || !f) return null;
  return `Because of ${c}, there is a risk that ${e}, resulting in ${f}.`;
}
