import { z } from 'zod';
import type { BandKey } from '../band-key.ts';
import { checkKey } from '../band-key.ts';
import type { CategoryRecord, RegisterStatus } from '../domain.ts';
import { channel, entityId, reason } from './define.ts';

const band = z
  .object({
    name: z
      .string({ error: 'Every band needs a name, such as Amber.' })
      .trim()
      .min(1, { error: 'Every band needs a name, such as Amber.' })
      .max(40, { error: 'A band name is at most 40 characters.' }),
    min: z.number({ error: 'Every band needs a lowest score (min), a whole number.' }),
    max: z.number({ error: 'Every band needs a highest score (max), a whole number.' }),
    colour: z.string({ error: 'Every band needs a colour, such as #c9302c.' }),
    action: z
      .string({ error: 'Every band needs a management action (it may be empty text).' })
      .max(500, { error: 'A management action is at most 500 characters.' }),
  })
  .strict();

/** A band key: its shape, then the rule that it covers every score 1–25 exactly once. */
export const bandKey = z
  .array(band, { error: 'A key is a list of bands.' })
  .min(1, { error: 'The key has no bands.' })
  .max(10, { error: 'A key has at most 10 bands.' })
  .superRefine((bands, ctx) => {
    const check = checkKey(bands);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: `The key is not valid: ${check.problems.join(' ')}` });
    }
  })
  .transform((bands) => bands as BandKey);

export const keyChannels = {
  'key:get': channel<BandKey>()(z.object({}).strict()),
  /** Replace the register's band key. Every view and export re-bands at once; recorded in history. */
  'key:set': channel<RegisterStatus>()(z.object({ key: bandKey, reason }).strict()),
  /** The score above which a risk of this category is outside the register's appetite (null: none set). */
  'categories:set-appetite': channel<CategoryRecord>()(
    z
      .object({
        id: entityId,
        appetite: z
          .number({ error: 'The appetite is a score from 1 to 25, or empty for none.' })
          .int({ error: 'The appetite is a whole-number score from 1 to 25.' })
          .min(1, { error: 'The appetite is a score from 1 to 25.' })
          .max(25, { error: 'The appetite is a score from 1 to 25.' })
          .nullable(),
        reason,
      })
      .strict(),
  ),
} as const;
