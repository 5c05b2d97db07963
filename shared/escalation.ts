/**
 * Escalation rules: data, not code. A rule says when a risk should go up (or back down) a level of oversight:
 *
 *   { "label": "Red for two reviews", "when": { "metric": "current-score", "op": ">=", "value": 15,
 *     "forReviews": 2 }, "then": "escalate", "to": "Leadership board" }
 *
 * Conditions (`when`):
 * - `current-score` with `op` (>=, >, <=, <, =, !=) and a whole-number `value` 1–25;
 * - `band` with `op` = or != and `value` a band name of the register's key (such as "Red");
 * - `appetite` with `op` = and `value` "within" (score at or below its category's appetite) or "outside";
 * - `target` with `op` "not-met-by" and `value` a date (yyyy-mm-dd): after that day the current score is still
 *   above the target score.
 * The first three may last: `forReviews: K` (true at each of the risk's last K reviews, and now) or
 * `forQuarters: K` (true throughout the last K × 3 months: at the start of that window and at every change and
 * review since, and now). Without either, the condition is about now.
 *
 * A rule may be switched off (`"disabled": true`): it is kept, listed as "Off", and never fires until it is switched
 * on again.
 *
 * The evaluator reads the score history the register already keeps (`scoreTimeline` in shared/travel.ts), so
 * rules are worked out afresh on every change and review: nothing fired is stored.
 */
import { z } from 'zod';
import type { CategoryRecord, RiskRecord, ScorePair } from './domain.ts';
import type { BandKey } from './band-key.ts';
import { appetiteFor } from './appetite.ts';
import { assess, riskScore } from './scoring.ts';
import type { TimelinePoint } from './travel.ts';
import { addMonths, dayOf, formatDate, isIsoDate } from './travel.ts';
import { cap, describeCondition, plural } from './escalation-words.ts';

export { describeRule } from './escalation-words.ts';

export const RULE_OPS = ['>=', '>', '<=', '<', '=', '!='] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export const RULE_OUTCOMES = ['escalate', 'de-escalate'] as const;
export type RuleOutcome = (typeof RULE_OUTCOMES)[number];
export const MAX_RULES = 50;

const duration = {
  forReviews: z
    .number({ error: 'forReviews must be a whole number of reviews, 1 to 12.' })
    .int({ error: 'forReviews must be a whole number of reviews, 1 to 12.' })
    .min(1, { error: 'forReviews must be a whole number of reviews, 1 to 12.' })
    .max(12, { error: 'forReviews must be a whole number of reviews, 1 to 12.' })
    .optional(),
  forQuarters: z
    .number({ error: 'forQuarters must be a whole number of quarters, 1 to 8.' })
    .int({ error: 'forQuarters must be a whole number of quarters, 1 to 8.' })
    .min(1, { error: 'forQuarters must be a whole number of quarters, 1 to 8.' })
    .max(8, { error: 'forQuarters must be a whole number of quarters, 1 to 8.' })
    .optional(),
};

const scoreCondition = z
  .object({
    metric: z.literal('current-score'),
    op: z.enum(RULE_OPS, { error: `op must be one of ${RULE_OPS.join(' ')}.` }),
    value: z
      .number({ error: 'A current-score rule needs a whole-number value from 1 to 25.' })
      .int({ error: 'A current-score rule needs a whole-number value from 1 to 25.' })
      .min(1, { error: 'A current-score rule needs a whole-number value from 1 to 25.' })
      .max(25, { error: 'A current-score rule needs a whole-number value from 1 to 25.' }),
    ...duration,
  })
  .strict();

const bandCondition = z
  .object({
    metric: z.literal('band'),
    op: z.enum(['=', '!='], { error: 'A band rule takes op "=" or "!=".' }),
    value: z
      .string({ error: 'A band rule needs the name of a band, such as "Red".' })
      .trim()
      .min(1, { error: 'A band rule needs the name of a band, such as "Red".' }),
    ...duration,
  })
  .strict();

const appetiteCondition = z
  .object({
    metric: z.literal('appetite'),
    op: z.literal('=', { error: 'An appetite rule takes op "=".' }),
    value: z.enum(['within', 'outside'], { error: 'An appetite rule needs value "within" or "outside".' }),
    ...duration,
  })
  .strict();

const targetCondition = z
  .object({
    metric: z.literal('target'),
    op: z.literal('not-met-by', { error: 'A target rule takes op "not-met-by".' }),
    value: z
      .string({ error: 'A target rule needs a date written as yyyy-mm-dd, such as 2027-03-31.' })
      .refine(isIsoDate, {
        error: 'A target rule needs a real date written as yyyy-mm-dd, such as 2027-03-31.',
      }),
  })
  .strict();

export const ruleCondition = z
  .discriminatedUnion('metric', [scoreCondition, bandCondition, appetiteCondition, targetCondition], {
    error: 'The condition\'s metric must be "current-score", "band", "appetite" or "target".',
  })
  .refine((c) => !('forReviews' in c && 'forQuarters' in c && c.forReviews && c.forQuarters), {
    error: 'A condition lasts either forReviews or forQuarters, not both.',
  });

export const escalationRule = z
  .object({
    id: z.string().min(1).max(64).optional(),
    label: z
      .string({ error: 'Every rule needs a label, such as "Red for two reviews".' })
      .trim()
      .min(1, { error: 'Every rule needs a label, such as "Red for two reviews".' })
      .max(200, { error: 'A rule label is at most 200 characters.' }),
    when: ruleCondition,
    then: z.enum(RULE_OUTCOMES, { error: 'then must be "escalate" or "de-escalate".' }),
    to: z
      .string({ error: 'Every rule needs "to": who it goes to, such as "Leadership board".' })
      .trim()
      .min(1, { error: 'Every rule needs "to": who it goes to, such as "Leadership board".' })
      .max(200, { error: '"to" is at most 200 characters.' }),
    /** Switched off: the rule is kept (and listed as "Off") but never fires. Absent means on. */
    disabled: z.boolean({ error: 'disabled must be true (the rule is off) or false (it is on).' }).optional(),
  })
  .strict();

export const escalationRuleList = z
  .array(escalationRule, { error: 'The rules must be a JSON list of rules.' })
  .max(MAX_RULES, { error: `A register has at most ${MAX_RULES} escalation rules.` });

export type RuleCondition = z.output<typeof ruleCondition>;
export type EscalationRuleInput = z.output<typeof escalationRule>;
export interface EscalationRule extends EscalationRuleInput {
  /** The register's rules carry `disabled: true` only when switched off, so a rule that is on reads as before. */
  id: string;
}

/** Is this rule switched on (the only rules that fire)? */
export const ruleIsOn = (rule: Pick<EscalationRuleInput, 'disabled'>): boolean => rule.disabled !== true;

/**
 * What the schema cannot know: band names must be in the register's key, and labels unique.
 * Returns one sentence per problem, naming the rule by its position and label.
 */
export function checkRules(rules: readonly EscalationRuleInput[], key: BandKey): string[] {
  const problems: string[] = [];
  const labels = new Set<string>();
  rules.forEach((r, i) => {
    const name = `Rule ${i + 1} ("${r.label}")`;
    const l = r.label.trim().toLowerCase();
    if (labels.has(l))
      problems.push(`${name}: another rule has the same label. Give each rule its own label.`);
    labels.add(l);
    if (r.when.metric === 'band') {
      const wanted = r.when.value.trim().toLowerCase();
      if (!key.some((b) => b.name.trim().toLowerCase() === wanted)) {
        problems.push(
          `${name}: the register's key has no band "${r.when.value}". Use one of ${key.map((b) => b.name).join(', ')}.`,
        );
      }
    }
  });
  return problems;
}

/** Parse and check a rule list (from a JSON file or the window); the problems, or the rules. */
export function validateRules(
  input: unknown,
  key: BandKey,
): { ok: true; rules: EscalationRuleInput[] } | { ok: false; problems: string[] } {
  const parsed = escalationRuleList.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const at = i.path.length ? `${describePath(i.path)}: ` : '';
        return `${at}${i.message}`;
      }),
    };
  }
  const problems = checkRules(parsed.data, key);
  return problems.length ? { ok: false, problems } : { ok: true, rules: parsed.data };
}

function describePath(path: readonly PropertyKey[]): string {
  const [first, ...rest] = path;
  const head = typeof first === 'number' ? `Rule ${first + 1}` : String(first);
  return rest.length ? `${head}, ${rest.map(String).join('.')}` : head;
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

export interface RuleContext {
  key: BandKey;
  categories: readonly Pick<CategoryRecord, 'name' | 'appetite'>[];
  /** The day the rules are worked out for, yyyy-mm-dd. */
  today: string;
}

export type RuleRisk = Pick<
  RiskRecord,
  'id' | 'ref' | 'description' | 'category' | 'impact' | 'likelihood' | 'target' | 'archivedAt'
>;

export interface FiredRule {
  riskId: string;
  ref: string;
  description: string;
  ruleId: string;
  label: string;
  then: RuleOutcome;
  to: string;
  /** Why it fired, as a sentence. */
  because: string;
}

function compare(a: number, op: RuleOp, b: number): boolean {
  switch (op) {
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case '=':
      return a === b;
    case '!=':
      return a !== b;
  }
}

/** Does the condition hold for this score (the rest of the risk as it is now)? */
function holdsAt(c: RuleCondition, pair: ScorePair, risk: RuleRisk, ctx: RuleContext): boolean {
  const score = riskScore(pair.impact, pair.likelihood);
  switch (c.metric) {
    case 'current-score':
      return compare(score, c.op, c.value);
    case 'band': {
      const same =
        assess(pair.impact, pair.likelihood, ctx.key).band.name.trim().toLowerCase() ===
        c.value.trim().toLowerCase();
      return c.op === '=' ? same : !same;
    }
    case 'appetite': {
      const appetite = appetiteFor(risk.category, ctx.categories);
      if (appetite === null) return false;
      return c.value === 'within' ? score <= appetite : score > appetite;
    }
    case 'target':
      if (!risk.target || ctx.today <= c.value) return false;
      return score > riskScore(risk.target.impact, risk.target.likelihood);
  }
}

/**
 * Does one rule fire for one risk? `timeline` is the risk's current-score history, oldest first
 * (`scoreTimeline`). Archived risks never fire.
 */
export function ruleFires(
  rule: Pick<EscalationRule, 'when'>,
  risk: RuleRisk,
  timeline: readonly TimelinePoint[],
  ctx: RuleContext,
): string | null {
  if (risk.archivedAt !== null) return null;
  const c = rule.when;
  // A risk not yet assessed has no score for a rule to test.
  if (risk.impact === null || risk.likelihood === null) return null;
  const now: ScorePair = { impact: risk.impact, likelihood: risk.likelihood };
  if (!holdsAt(c, now, risk, ctx)) return null;
  const what = describeCondition(c);
  if (c.metric === 'target' || (!c.forReviews && !c.forQuarters)) {
    return `${cap(what)} (now ${riskScore(now.impact, now.likelihood)}).`;
  }
  if (c.forReviews) {
    const reviews = timeline.filter((p) => p.kind === 'reviewed');
    if (reviews.length < c.forReviews) return null;
    const last = reviews.slice(-c.forReviews);
    if (!last.every((p) => holdsAt(c, p, risk, ctx))) return null;
    return `${cap(what)} at each of the last ${plural(c.forReviews, 'review')} (${last
      .map((p) => `${riskScore(p.impact, p.likelihood)} on ${formatDate(dayOf(p.at))}`)
      .join(', ')}).`;
  }
  const quarters = c.forQuarters ?? 1;
  const start = addMonths(ctx.today, -3 * quarters);
  const sorted = [...timeline].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const before = sorted.filter((p) => dayOf(p.at) <= start);
  const atStart = before.at(-1);
  // The risk's recorded history must reach back to the start of the window.
  if (!atStart) return null;
  const inside = sorted.filter((p) => dayOf(p.at) > start);
  if (![atStart, ...inside].every((p) => holdsAt(c, p, risk, ctx))) return null;
  return `${cap(what)} throughout the last ${plural(quarters, 'quarter')} (since ${formatDate(start)}).`;
}

/** Every rule that fires, risk by risk in the order given, rules in their order. A rule switched off never fires. */
export function evaluateRules(
  rules: readonly EscalationRule[],
  risks: readonly { risk: RuleRisk; timeline: readonly TimelinePoint[] }[],
  ctx: RuleContext,
): FiredRule[] {
  const fired: FiredRule[] = [];
  const on = rules.filter(ruleIsOn);
  for (const { risk, timeline } of risks) {
    for (const rule of on) {
      const because = ruleFires(rule, risk, timeline, ctx);
      if (because) {
        fired.push({
          riskId: risk.id,
          ref: risk.ref,
          description: risk.description,
          ruleId: rule.id,
          label: rule.label,
          then: rule.then,
          to: rule.to,
          because,
        });
      }
    }
  }
  return fired;
}
