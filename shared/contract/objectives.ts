/**
 * Objectives and escalation rules.
 *
 * Objectives are the organisation's business-plan objectives (ref, title, lead, and the plan's own RAG status:
 * not-started, green, amber, red, complete). Risks are linked to the objectives they threaten; each objective's
 * exposure (highest current score, counts per band, outside-appetite count) is worked out when read.
 *
 * Escalation rules are data (shared/escalation.ts): `escalation:set-rules` replaces the list after checking every
 * rule (problems are listed in the message and in `details.problems`); `escalation:list` evaluates them now, over
 * each live risk's score history, so the answer follows every change and review.
 */
import { z } from 'zod';
import type { EscalationRule, FiredRule } from '../escalation.ts';
import type {
  ObjectiveImportOutcome,
  ObjectiveRecord,
  ObjectiveStatus,
  ObjectiveWithExposure,
} from '../objectives.ts';
import { OBJECTIVE_LEAD_MAX, OBJECTIVE_STATUSES, OBJECTIVE_TITLE_MAX } from '../objectives.ts';
import { isIsoDate } from '../actions.ts';
import { channel, entityId, filePath, reason, refText, text, version } from './define.ts';

const title = text("The objective's title", OBJECTIVE_TITLE_MAX, { required: true });
const lead = text('The lead', OBJECTIVE_LEAD_MAX);
const status = z.enum(OBJECTIVE_STATUSES as [ObjectiveStatus, ...ObjectiveStatus[]], {
  error: 'The status must be not-started, green, amber, red or complete.',
});

export const objectiveChannels = {
  /** Objectives in ref order, each with its linked live risks and its exposure. */
  'objectives:list': channel<ObjectiveWithExposure[]>()(
    z.object({ includeArchived: z.boolean().default(false) }).strict(),
  ),
  /** Add an objective; its ref must be new (any case). Recorded in history. */
  'objectives:create': channel<ObjectiveRecord>()(
    z
      .object({ ref: refText, title, lead: lead.default(''), status: status.default('not-started'), reason })
      .strict(),
  ),
  /** Change an objective still at `version` (else CONFLICT). One history entry per changed field. */
  'objectives:update': channel<ObjectiveRecord>()(
    z
      .object({
        id: entityId,
        version,
        changes: z
          .object({
            ref: refText.optional(),
            title: title.optional(),
            lead: lead.optional(),
            status: status.optional(),
          })
          .strict(),
        reason,
      })
      .strict(),
  ),
  /** Archive (or with `archived: false`, restore) an objective still at `version`. */
  'objectives:archive': channel<ObjectiveRecord>()(
    z.object({ id: entityId, version, archived: z.boolean().default(true), reason }).strict(),
  ),
  /** Link a live risk to an objective (`linked: false` unlinks it). Recorded in the objective's history. */
  'objectives:link': channel<ObjectiveRecord>()(
    z.object({ objectiveId: entityId, riskId: entityId, linked: z.boolean().default(true), reason }).strict(),
  ),
  /** The objectives a risk is linked to. */
  'objectives:of-risk': channel<ObjectiveRecord[]>()(z.object({ riskId: entityId }).strict()),
  /**
   * Import objectives from a CSV or XLSX file with columns ref, title, lead and status: all or nothing. A known
   * ref is updated, a new one added. Any bad row refuses the whole file with every problem listed.
   */
  'objectives:import': channel<ObjectiveImportOutcome>()(z.object({ path: filePath }).strict()),
  /** Ask which CSV or XLSX file to import (the main process's open dialog), then import it as above; null when cancelled. */
  'objectives:import-chosen': channel<ObjectiveImportOutcome | null>()(z.object({}).strict()),
  /** The register's escalation rules, in order. */
  'escalation:rules': channel<EscalationRule[]>()(z.object({}).strict()),
  /** Replace the escalation rules with this list (checked in full first; refused with every problem named). */
  'escalation:set-rules': channel<EscalationRule[]>()(z.object({ rules: z.unknown(), reason }).strict()),
  /**
   * What this list of rules (saved or not) would fire on now, evaluated as `escalation:list` does; each fired
   * rule's `ruleId` is its position in the list, from "0". Refused, with every problem named, as set-rules is.
   */
  'escalation:preview': channel<FiredRule[]>()(z.object({ rules: z.unknown() }).strict()),
  /** The rules that fire now (or on `asOf`, yyyy-mm-dd), risk by risk. */
  'escalation:list': channel<FiredRule[]>()(
    z
      .object({
        asOf: z
          .string()
          .refine(isIsoDate, { error: 'The date must be a real date written as yyyy-mm-dd.' })
          .optional(),
      })
      .strict(),
  ),
} as const;
