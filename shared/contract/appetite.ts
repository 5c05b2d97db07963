/**
 * Appetite levels (issue 13): each category's level on the Orange Book scale, the register's mapping of levels to
 * an appetite threshold and a tolerance, the board-approved appetite statement, a risk's own override, and the
 * appetite's history. The status of a risk is derived in shared/appetite.ts, never stored.
 */
import { z } from 'zod';
import { isIsoDate } from '../actions.ts';
import type { AppetiteLevel, AppetiteMapping } from '../appetite.ts';
import { APPETITE_LEVELS } from '../appetite.ts';
import type { CategoryRecord, HistoryEntry, RiskRecord } from '../domain.ts';
import { channel, entityId, noInput, reason, text, version } from './define.ts';
import { APPETITE_STATEMENT_MAX } from './limits.ts';

export { APPETITE_STATEMENT_MAX };

export const appetiteLevel = z.enum(APPETITE_LEVELS as unknown as [AppetiteLevel, ...AppetiteLevel[]], {
  error: 'The appetite level must be averse, minimal, cautious, open or eager.',
});

const score = (label: string) =>
  z
    .number({ error: `${label} must be a whole score from 1 to 25.` })
    .int({ error: `${label} must be a whole score from 1 to 25.` })
    .min(1, { error: `${label} must be a whole score from 1 to 25.` })
    .max(25, { error: `${label} must be a whole score from 1 to 25.` });

const limits = (name: string) =>
  z
    .object({ appetite: score(`${name}'s appetite`), tolerance: score(`${name}'s tolerance`) })
    .strict()
    .refine((l) => l.tolerance >= l.appetite, {
      error: `${name}'s tolerance cannot be below its appetite.`,
    });

export const appetiteMapping = z
  .object({
    averse: limits('Averse'),
    minimal: limits('Minimal'),
    cautious: limits('Cautious'),
    open: limits('Open'),
    eager: limits('Eager'),
  })
  .strict()
  .transform((m) => m as AppetiteMapping);

export interface AppetiteOverview {
  levels: AppetiteMapping;
  categories: CategoryRecord[];
}

export const appetiteChannels = {
  /** The register's mapping of levels to thresholds and every category with its appetite. */
  'appetite:get': channel<AppetiteOverview>()(noInput),
  /** Set a category's level (null: none); replaces a custom threshold. Recorded in the category's history. */
  'appetite:set-level': channel<CategoryRecord>()(
    z.object({ categoryId: entityId, level: appetiteLevel.nullable(), reason }).strict(),
  ),
  /** Change the register's mapping of levels to thresholds and tolerances. Recorded in history. */
  'appetite:set-mapping': channel<AppetiteMapping>()(z.object({ levels: appetiteMapping, reason }).strict()),
  /** The appetite statement the board approved for a category, and the date it approved it (yyyy-mm-dd). */
  'appetite:set-statement': channel<CategoryRecord>()(
    z
      .object({
        categoryId: entityId,
        statement: text('The appetite statement', APPETITE_STATEMENT_MAX),
        approved: z
          .string({ error: 'The approval date must be written yyyy-mm-dd, such as 2026-03-31.' })
          .refine(isIsoDate, {
            error: 'The approval date must be a real date written yyyy-mm-dd, such as 2026-03-31.',
          })
          .nullable(),
        reason,
      })
      .strict(),
  ),
  /** A category's appetite history: its level, threshold and statement changes and the mapping's, oldest first. */
  'appetite:history': channel<HistoryEntry[]>()(z.object({ categoryId: entityId }).strict()),
  /** A risk's own appetite level instead of its category's (a reason is required), or null to follow it again. */
  'risks:set-appetite-override': channel<RiskRecord>()(
    z.object({ id: entityId, version, level: appetiteLevel.nullable(), reason }).strict(),
  ),
} as const;
