/**
 * Escalation rules in words (shared/escalation.ts): the sentences the Settings view, the audit trail and the
 * register's history show. Kept apart from the rules' schemas (zod) so the window can word a rule without building
 * them at start-up (issue 14, first rows); shared/escalation.ts re-exports `describeRule`.
 */
import { formatDate } from './travel.ts';

type ScoreOp = '>=' | '>' | '<=' | '<' | '=' | '!=';

/** How long a condition must last (escalation.ts's `forReviews` / `forQuarters`). */
interface Lasting {
  forReviews?: number | undefined;
  forQuarters?: number | undefined;
}

/** A rule's condition as it is worded: the shape of escalation.ts's `RuleCondition` (its schema's output). */
export type WordedCondition =
  | ({ metric: 'current-score'; op: ScoreOp; value: number } & Lasting)
  | ({ metric: 'band'; op: '=' | '!='; value: string } & Lasting)
  | ({ metric: 'appetite'; op: '='; value: 'within' | 'outside' } & Lasting)
  | { metric: 'target'; op: 'not-met-by'; value: string };

/** What `describeRule` reads of a rule (escalation.ts's `EscalationRuleInput` fits it). */
export interface WordedRule {
  when: WordedCondition;
  then: 'escalate' | 'de-escalate';
  to: string;
}

const OP_WORDS: Record<ScoreOp, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=', '!=': '≠' };

export function describeCondition(c: WordedCondition): string {
  switch (c.metric) {
    case 'current-score':
      return `current score ${OP_WORDS[c.op]} ${c.value}`;
    case 'band':
      return c.op === '=' ? `in band ${c.value}` : `not in band ${c.value}`;
    case 'appetite':
      return c.value === 'within' ? 'within appetite' : 'outside appetite';
    case 'target':
      return `target not met by ${formatDate(c.value)}`;
  }
}

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How long a condition must hold, in words ("for 2 reviews", "for 1 quarter"), or '' when it is about now. */
function describeDuration(c: WordedCondition): string {
  if ('forReviews' in c && c.forReviews) return ` for ${plural(c.forReviews, 'review')}`;
  if ('forQuarters' in c && c.forQuarters) return ` for ${plural(c.forQuarters, 'quarter')}`;
  return '';
}

/**
 * A rule in words, as the Settings view and the audit trail show it:
 * "Current score ≥ 15 for 2 reviews → escalate to Leadership board".
 */
export function describeRule(rule: WordedRule): string {
  const outcome = rule.then === 'escalate' ? 'escalate' : 'propose de-escalation';
  return `${cap(describeCondition(rule.when))}${describeDuration(rule.when)} → ${outcome} to ${rule.to}`;
}
