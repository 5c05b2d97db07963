/** The register's scoring criteria: what each impact and likelihood level means (shared/criteria.ts). */
import { z } from 'zod';
import type { ScoringCriteria } from '../criteria.ts';
import { AREA_LABELS, CRITERIA_AREAS, CRITERION_MAX, isCriteriaArea } from '../criteria.ts';
import { channel, noInput, reason, scoreValue } from './define.ts';

const area = z.custom<(typeof CRITERIA_AREAS)[number]>((v) => isCriteriaArea(v), {
  error: (issue) =>
    `The area must be one of ${CRITERIA_AREAS.join(', ')}; got ${JSON.stringify(issue.input) ?? 'nothing'}.`,
});

const change = z
  .object({
    area,
    level: scoreValue('The level'),
    text: z
      .string({ error: 'The descriptor must be text.' })
      .max(CRITERION_MAX, {
        error: () => `The descriptor is too long: at most ${CRITERION_MAX} characters. Say it more briefly.`,
      })
      .refine((s) => s.trim().length > 0, {
        error: 'The descriptor is empty: write what this level means, such as "£1m to £5m".',
      })
      .refine((s) => !/[\r\n]/.test(s), { error: 'The descriptor is one line: remove the line breaks.' }),
  })
  .strict();

export const criteriaChannels = {
  /** The register's scoring criteria: every area's descriptor for levels 1–5. */
  'criteria:get': channel<ScoringCriteria>()(noInput),
  /**
   * Change one or more descriptors, all or nothing, each recorded in the register's history with the old and
   * new text. Unchanged descriptors are not recorded. Returns the criteria as saved.
   */
  'criteria:set': channel<ScoringCriteria>()(
    z
      .object({
        changes: z
          .array(change, { error: 'changes must be a list of { area, level, text }.' })
          .min(1, { error: 'Give at least one descriptor to change.' })
          .max(CRITERIA_AREAS.length * 5, { error: 'At most 35 descriptors can change at once.' })
          .superRefine((list, ctx) => {
            const seen = new Set<string>();
            for (const [i, c] of list.entries()) {
              const k = `${c.area}:${c.level}`;
              if (seen.has(k))
                ctx.addIssue({
                  code: 'custom',
                  path: [i],
                  message: `${AREA_LABELS[c.area]} level ${c.level} is given twice: give each descriptor once.`,
                });
              seen.add(k);
            }
          }),
        reason,
      })
      .strict(),
  ),
} as const;
