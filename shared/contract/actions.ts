/**
 * Tracked actions: what will be done about a risk, by whom, by when, and how far it has got.
 *
 * Decision: the free-text mitigation of an imported register stays on the risk as its "controls in place"
 * note (`RiskRecord.mitigation`, edited through `risks:update`). Actions are separate records, added here;
 * none is made from that text.
 *
 * Every action output carries `overdue`, worked out when read from the app's clock: the due date is before
 * today and the status is not done (`isOverdue` in shared/actions.ts). It is never stored.
 */
import { z } from 'zod';
import type { ActionStatus } from '../actions.ts';
import { ACTION_STATUSES, isIsoDate } from '../actions.ts';
import type { ActionRecord } from '../domain.ts';
import { channel, entityId, LIMITS, reason, text, version } from './define.ts';

export const ACTION_TEXT_MAX = 2000;

const actionText = text('The action', ACTION_TEXT_MAX, { required: true });

/** An owner's initials, such as CHo; created in the owners directory when new. Null or '' for nobody. */
const actionOwner = z
  .string({ error: "The action's owner must be an owner's initials, such as CHo." })
  .trim()
  .max(LIMITS.ownerInitials, { error: `Owner initials are at most ${LIMITS.ownerInitials} characters.` })
  .regex(/^[^\s/,;&+]*$/, { error: 'An action has one owner: give one set of initials, such as CHo.' })
  .nullable();

/** A calendar day written as yyyy-mm-dd (the form shows dd/mm/yyyy). Null for no due date. */
const dueDate = z
  .string({ error: 'The due date must be a date written as yyyy-mm-dd, such as 2026-03-31.' })
  .refine(isIsoDate, { error: 'The due date must be a real date written as yyyy-mm-dd, such as 2026-03-31.' })
  .nullable();

const status = z.enum(ACTION_STATUSES as [ActionStatus, ...ActionStatus[]], {
  error: 'The status must be planned, in_progress or done.',
});

export const actionChannels = {
  /**
   * Actions in register order (risk position, then the order they were added), each with `overdue`.
   * With `riskId`: that risk's actions (even if the risk is archived). Without: the actions of every live
   * risk — the register's action list. `overdueOnly` keeps the overdue ones; archived actions are left out
   * unless `includeArchived`.
   */
  'actions:list': channel<ActionRecord[]>()(
    z
      .object({
        riskId: entityId.optional(),
        includeArchived: z.boolean().default(false),
        overdueOnly: z.boolean().default(false),
      })
      .strict(),
  ),
  /**
   * Add an action to a live risk (refused for an archived one). `owner` is an owner's initials (added to
   * the directory when new); `dueDate` is yyyy-mm-dd and must be a real date. Recorded in history.
   */
  'actions:create': channel<ActionRecord>()(
    z
      .object({
        riskId: entityId,
        text: actionText,
        owner: actionOwner.default(null),
        dueDate: dueDate.default(null),
        status: status.default('planned'),
        reason,
      })
      .strict(),
  ),
  /**
   * Change an action still at `version` (else CONFLICT with the fresh action in `details.current`).
   * Give only what changes; `owner: null` / `dueDate: null` clear them. One history entry per field.
   */
  'actions:update': channel<ActionRecord>()(
    z
      .object({
        id: entityId,
        version,
        changes: z
          .object({
            text: actionText.optional(),
            owner: actionOwner.optional(),
            dueDate: dueDate.optional(),
            status: status.optional(),
          })
          .strict(),
        reason,
      })
      .strict(),
  ),
  /** Archive an action still at `version` (soft: undo brings it back). Recorded in history. */
  'actions:archive': channel<ActionRecord>()(z.object({ id: entityId, version, reason }).strict()),
} as const;
