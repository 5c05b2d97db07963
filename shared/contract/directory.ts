/**
 * The owners directory and the category list (managed in settings). Every write is recorded in history;
 * edits carry the `version` the caller read and are refused with CONFLICT (fresh record in
 * `details.current`) when someone else changed it first.
 */
import { z } from 'zod';
import type { CategoryRecord, OwnerRecord } from '../domain.ts';
import { channel, entityId, LIMITS, reason, text, version } from './define.ts';

export const OWNER_TEXT_MAX = 200;
export const EMAIL_MAX = 254;

/**
 * Initials as they appear in owner cells, such as CHo or HGOs. Case matters (Cho and CHo are kept apart
 * until merged), and they may not hold the characters that separate owners in a cell.
 */
export const ownerInitials = z
  .string({ error: 'Initials are required, such as CHo.' })
  .trim()
  .min(1, { error: 'Initials are required, such as CHo.' })
  .max(LIMITS.ownerInitials, { error: `Initials are at most ${LIMITS.ownerInitials} characters.` })
  .regex(/^[^\s/,;&+]+$/, {
    error: 'Initials cannot contain spaces or / , ; & + (these separate owners), such as CHo.',
  })
  .refine((s) => s.toLowerCase() !== 'and', { error: '"and" cannot be used as initials.' });

const ownerText = (label: string) => text(label, OWNER_TEXT_MAX).trim();

/** An email address, or empty text for none. */
export const email = z
  .string({ error: 'The email address must be text.' })
  .trim()
  .max(EMAIL_MAX, { error: `The email address is at most ${EMAIL_MAX} characters.` })
  .refine((s) => s === '' || /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s), {
    error: 'The email address is not valid: write it as name@example.gov.uk, or leave it empty.',
  });

const categoryName = text('The category name', LIMITS.category, { required: true }).trim();

export interface OwnerMergeResult {
  /** The owner that remains, with new counts and version. */
  owner: OwnerRecord;
  /** Refs of the risks that moved to that owner (archived ones included). */
  movedRisks: string[];
  movedActions: number;
}

export interface CategoryMergeResult {
  /** The category that remains. */
  category: CategoryRecord;
  /** Refs of the risks that moved into it (archived ones included). */
  movedRisks: string[];
}

export const directoryChannels = {
  /**
   * Add someone to the owners directory. Refused (DUPLICATE) when the initials exist, in any case —
   * `cho` when `CHo` exists — with a hint to merge instead.
   */
  'owners:create': channel<OwnerRecord>()(
    z
      .object({
        initials: ownerInitials,
        name: ownerText('The full name').default(''),
        role: ownerText('The role or group').default(''),
        email: email.default(''),
        reason,
      })
      .strict(),
  ),
  /**
   * Change an owner's details. New initials show at once on every risk and action they own. Refused with
   * DUPLICATE when the new initials are taken, CONFLICT when `version` is stale.
   */
  'owners:update': channel<OwnerRecord>()(
    z
      .object({
        id: entityId,
        version,
        changes: z
          .object({
            initials: ownerInitials.optional(),
            name: ownerText('The full name').optional(),
            role: ownerText('The role or group').optional(),
            email: email.optional(),
          })
          .strict(),
        reason,
      })
      .strict(),
  ),
  /**
   * Merge two owners who are one person (such as `Cho` into `CHo`): every risk and action of `fromId`,
   * archived ones too, moves to `intoId`; a risk that had both keeps `intoId` once. Each affected risk and
   * action records the change in history, as do both owners; `fromId` is removed from the directory.
   */
  'owners:merge': channel<OwnerMergeResult>()(
    z.object({ fromId: entityId, intoId: entityId, reason }).strict(),
  ),
  /**
   * Remove an owner from the directory. Refused (VALIDATION) while they own any risk (archived ones too)
   * or action; the message says how many and which, and nothing changes.
   */
  'owners:delete': channel<{ id: string; initials: string }>()(
    z.object({ id: entityId, version, reason }).strict(),
  ),
  /** Add a category at the end of the list. Names are unique in any case (DUPLICATE otherwise). */
  'categories:create': channel<CategoryRecord>()(z.object({ name: categoryName, reason }).strict()),
  /**
   * Rename a category; every risk in it shows the new name. Unique in any case (a change of case alone,
   * such as finance → Finance, is allowed). CONFLICT when `version` is stale.
   */
  'categories:rename': channel<CategoryRecord>()(
    z.object({ id: entityId, version, name: categoryName, reason }).strict(),
  ),
  /**
   * Merge one category into another: every risk of `fromId` (archived too) moves to `intoId`, each
   * recording the change; `fromId` is removed; `intoId` keeps its own appetite.
   */
  'categories:merge': channel<CategoryMergeResult>()(
    z.object({ fromId: entityId, intoId: entityId, reason }).strict(),
  ),
  /**
   * Put the categories in this order. `ids` must list every category exactly once; if the list changed in
   * another window, CONFLICT with the fresh list in `details.current`. Returns the list in its new order.
   */
  'categories:reorder': channel<CategoryRecord[]>()(
    z
      .object({
        ids: z.array(entityId).min(1, { error: 'Give the categories in their new order.' }).max(1000),
        reason,
      })
      .strict(),
  ),
} as const;
