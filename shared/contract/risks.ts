import { z } from 'zod';
import { titleProblem } from '../risk-title.ts';
import type { CategoryRecord, HistoryEntry, OwnerRecord, RiskRecord } from '../domain.ts';
import {
  channel,
  entityId,
  LIMITS,
  noInput,
  ownerList,
  reason,
  refText,
  scorePair,
  scoreValue,
  text,
  version,
} from './define.ts';

const description = text('The description', LIMITS.description, { required: true });
const mitigation = text('The mitigation', LIMITS.mitigation);
const category = text('The category', LIMITS.category, { required: true });
/** Cause, event and effect: "Because of …, there is a risk that …, resulting in …" (each optional). */
export const CAUSE_EVENT_EFFECT_MAX = 2000;
const cause = text('The cause', CAUSE_EVENT_EFFECT_MAX);
const event = text('The event', CAUSE_EVENT_EFFECT_MAX);
const effect = text('The effect', CAUSE_EVENT_EFFECT_MAX);
/** An optional short title: one line, at most 200 characters once trimmed; blank or null means none. */
const title = z
  .string({ error: 'The title must be text (or null for none).' })
  .superRefine((s, ctx) => {
    const problem = titleProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .nullable();

export const riskChannels = {
  'risks:list': channel<RiskRecord[]>()(z.object({ includeArchived: z.boolean().default(false) }).strict()),
  'risks:get': channel<RiskRecord>()(z.object({ id: entityId }).strict()),
  'risks:create': channel<RiskRecord>()(
    z
      .object({
        ref: refText.optional(),
        title: title.default(null),
        category,
        description,
        // Both null: the risk is kept as not yet assessed (a published combined score with no pair, say).
        impact: scoreValue('Impact').nullable(),
        likelihood: scoreValue('Likelihood').nullable(),
        inherent: scorePair('Inherent').nullable().default(null),
        target: scorePair('Target').nullable().default(null),
        mitigation: mitigation.default(''),
        owners: ownerList.default([]),
        cause: cause.optional(),
        event: event.optional(),
        effect: effect.optional(),
        reason,
      })
      .strict()
      .refine((v) => (v.impact === null) === (v.likelihood === null), {
        error: 'Give both impact and likelihood, or leave both blank for a risk not yet assessed.',
      }),
  ),
  /** Edit the words of a risk. Scores change through `risks:update-score`. */
  'risks:update': channel<RiskRecord>()(
    z
      .object({
        id: entityId,
        version,
        changes: z
          .object({
            ref: refText.optional(),
            title: title.optional(),
            category: category.optional(),
            description: description.optional(),
            mitigation: mitigation.optional(),
            owners: ownerList.optional(),
            cause: cause.optional(),
            event: event.optional(),
            effect: effect.optional(),
          })
          .strict(),
        reason,
      })
      .strict(),
  ),
  /** Change one of the three scores. Inherent and target may be cleared with `null`. */
  'risks:update-score': channel<RiskRecord>()(
    z
      .object({
        id: entityId,
        version,
        which: z
          .enum(['inherent', 'current', 'target'], {
            error: 'Which score to change: inherent, current or target.',
          })
          .default('current'),
        impact: scoreValue('Impact').nullable(),
        likelihood: scoreValue('Likelihood').nullable(),
        reason,
      })
      .strict()
      .refine((v) => (v.impact === null) === (v.likelihood === null), {
        error: 'Give both impact and likelihood, or clear both.',
      })
      .refine((v) => v.which !== 'current' || v.impact !== null, {
        error: 'The current score cannot be cleared: give an impact and a likelihood from 1 to 5.',
      }),
  ),
  'risks:history': channel<HistoryEntry[]>()(z.object({ id: entityId }).strict()),
  'categories:list': channel<CategoryRecord[]>()(noInput),
  'owners:list': channel<OwnerRecord[]>()(noInput),
  /** The live (not archived) risk with this ref, in any case (sr4 finds SR4), or null: one index look-up. */
  'risks:find-by-ref': channel<RiskRecord | null>()(z.object({ ref: refText }).strict()),
} as const;
