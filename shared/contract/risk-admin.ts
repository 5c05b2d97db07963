/**
 * A risk's life (archive, restore, permanent delete), bulk edits, ref suggestions, and undo/redo.
 *
 * Undo/redo: every write records history entries (`seq`). The renderer keeps the session's undo stack as
 * groups of seqs, one group per user action. To find the seqs of a change it just made, it asks
 * `history:list` for the entries of that record with `at` equal to the returned record's `updatedAt`
 * (one write = one instant), or uses the `seqs` that bulk and merge results return. Undo is
 * `history:revert-many` of the group; the result's `seqs` are the redo group (redo = revert of the undo).
 */
import type { EscalationRule } from '../escalation.ts';
import { z } from 'zod';
import type { ActionRecord, CategoryRecord, HistoryEntry, OwnerRecord, RiskRecord } from '../domain.ts';
import { channel, entityId, LIMITS, noInput, reason, text, version } from './define.ts';
import type { AssuranceRecord, ControlRecord } from '../controls.ts';
import type { ObjectiveRecord } from '../objectives.ts';

const seq = z
  .number({ error: 'A change is named by its history number (seq), a whole number.' })
  .int({ error: 'A history number (seq) is a whole number.' })
  .min(1, { error: 'A history number (seq) starts at 1.' });

const target = z.object({ id: entityId, version }).strict();

const bulkTargets = z
  .array(target, { error: 'Select the risks to change, each with the version you read.' })
  .min(1, { error: 'Select at least one risk.' })
  .max(100_000, { error: 'At most 100,000 risks can be changed at once.' })
  .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, {
    error: 'A risk was selected twice. Select each risk once.',
  });

const ownerInitials = z
  .string({ error: "Give the owner's initials, such as CHo." })
  .trim()
  .min(1, { error: "Give the owner's initials, such as CHo." })
  .max(LIMITS.ownerInitials, { error: `Owner initials are at most ${LIMITS.ownerInitials} characters.` })
  .regex(/^[^\s/,;&+]+$/, { error: 'Assign one owner at a time: one set of initials, such as CHo.' });

/** What a revert changed: the record as it now stands. */
export type RevertOutcome =
  | { entity: 'risk'; record: RiskRecord }
  | { entity: 'action'; record: ActionRecord }
  /** Null when the revert removed the owner (undo of creating them). */
  | { entity: 'owner'; record: OwnerRecord | null }
  | { entity: 'category'; record: CategoryRecord }
  /** The category order: the whole list in its new order. */
  | { entity: 'register'; record: CategoryRecord[] }
  /** The escalation rules (undo of a change to them): the whole list as it is now. */
  | { entity: 'register'; record: EscalationRule[] }
  | { entity: 'control'; record: ControlRecord }
  | { entity: 'assurance'; record: AssuranceRecord }
  | { entity: 'objective'; record: ObjectiveRecord };

export type RevertResult = RevertOutcome & {
  /** The history entry that records this revert: push it on the redo stack. */
  seq: number;
};

export interface RevertManyResult {
  /** One per reverted entry, newest first (the order they were applied). */
  results: RevertResult[];
  /** The seqs of the new entries: the group to revert for redo. */
  seqs: number[];
}

export interface BulkResult {
  /** The changed risks, in the order given. */
  risks: RiskRecord[];
  /** The history entries this bulk change made: the group to revert for undo. */
  seqs: number[];
}

export const riskAdminChannels = {
  /** The next free ref, such as SR20 after SR1…SR19 (the commonest prefix; archived refs count as taken). */
  'risks:suggest-ref': channel<string>()(noInput),
  /**
   * Archive (soft-delete) a risk still at `version`: it leaves `risks:list` and shows with
   * `includeArchived: true`. Already archived: returned unchanged. History action 'archive'.
   */
  'risks:archive': channel<RiskRecord>()(z.object({ id: entityId, version, reason }).strict()),
  /** Bring an archived risk back into the register. History action 'restore'. */
  'risks:restore': channel<RiskRecord>()(z.object({ id: entityId, version, reason }).strict()),
  /**
   * Delete an archived risk for good, with its actions (refused with VALIDATION unless it is archived;
   * the UI asks for confirmation first). History keeps a 'delete' entry with a snapshot of the risk and its
   * actions; this cannot be undone.
   */
  'risks:delete': channel<{ id: string; ref: string; seq: number }>()(
    z.object({ id: entityId, version, reason }).strict(),
  ),
  /**
   * One change to many selected risks, all or nothing: if any risk's `version` is stale (or it is gone),
   * nothing changes and the CONFLICT message names the stale refs, with their fresh values in
   * `details.stale`. `assign-owner` replaces the owners with this one (`mode: 'replace'`, the default) or
   * adds it (`'add'`); `change-category` takes a category name (created when new); `archive` archives.
   */
  'risks:bulk': channel<BulkResult>()(
    z.discriminatedUnion(
      'op',
      [
        z
          .object({
            op: z.literal('assign-owner'),
            risks: bulkTargets,
            owner: ownerInitials,
            mode: z.enum(['replace', 'add']).default('replace'),
            reason,
          })
          .strict(),
        z
          .object({
            op: z.literal('change-category'),
            risks: bulkTargets,
            category: text('The category', LIMITS.category, { required: true }),
            reason,
          })
          .strict(),
        z.object({ op: z.literal('archive'), risks: bulkTargets, reason }).strict(),
      ],
      { error: 'The bulk change must be assign-owner, change-category or archive.' },
    ),
  ),
  /**
   * Undo (or redo) one change: put back history entry `seq`'s old value if the record still holds its new
   * value; otherwise CONFLICT saying what it is now and which later change made it so. Recorded as a new
   * entry with the reason "Undo of change #seq". Reverts risk text, score and owner changes, archive ↔
   * restore, a created risk or action (archived), action changes, owner details, category rename, appetite
   * and order; anything else is refused with VALIDATION.
   */
  'history:revert': channel<RevertResult>()(z.object({ seq }).strict()),
  /**
   * Revert a group of entries (one user action, such as a bulk edit) all or nothing, newest first.
   * Returns the new entries' seqs: revert those to redo.
   */
  'history:revert-many': channel<RevertManyResult>()(
    z
      .object({
        seqs: z
          .array(seq)
          .min(1, { error: 'Give the changes to undo.' })
          .max(100_000)
          .refine((s) => new Set(s).size === s.length, { error: 'A change was listed twice.' }),
      })
      .strict(),
  ),
  /**
   * History entries oldest first, filtered: by entity and id, by the instant of one change (`at`, a
   * record's `updatedAt`), or after a seq. For the undo stack; the audit view has its own channel.
   */
  'history:list': channel<HistoryEntry[]>()(
    z
      .object({
        entity: z
          .enum(['risk', 'owner', 'category', 'register', 'action', 'control', 'assurance', 'objective'])
          .optional(),
        entityId: entityId.optional(),
        at: z.string().min(1).max(40).optional(),
        afterSeq: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
  ),
} as const;
