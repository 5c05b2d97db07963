/**
 * Controls, assurance, treatment and acceptance. Every write is recorded in history (entities `control` and
 * `assurance`; treatment and acceptance on the risk) and tells the shell the register changed.
 *
 * Flags (assurance gap, acceptance needed, acceptance expired) and a control's `assessmentOverdue` are worked out
 * when read, from the app's clock; they are never stored.
 */
import { z } from 'zod';
import { isIsoDate } from '../actions.ts';
import type {
  AssuranceLine,
  AssuranceRecord,
  AssuranceStrength,
  ControlRecord,
  ControlType,
  Effectiveness,
  FlaggedRisk,
  RiskControlsView,
  Treatment,
  TreatmentRecord,
} from '../controls.ts';
import { ASSURANCE_STRENGTHS, CONTROL_TYPES, EFFECTIVENESS, TREATMENTS } from '../controls.ts';
import type { RiskRecord } from '../domain.ts';
import { channel, entityId, LIMITS, reason, text, version } from './define.ts';

export const CONTROL_TEXT_MAX = 2000;
export const ASSURANCE_SOURCE_MAX = 500;
export const ASSURANCE_GAPS_MAX = 4000;
export const ACCEPTANCE_TEXT_MAX = 2000;

const controlText = text('The control', CONTROL_TEXT_MAX, { required: true });

const controlOwner = z
  .string({ error: "The control's owner must be an owner's initials, such as CHo." })
  .trim()
  .max(LIMITS.ownerInitials, { error: `Owner initials are at most ${LIMITS.ownerInitials} characters.` })
  .regex(/^[^\s/,;&+]*$/, { error: 'A control has one owner: give one set of initials, such as CHo.' })
  .nullable();

function isoDay(label: string) {
  return z
    .string({ error: `${label} must be a date written as yyyy-mm-dd, such as 2026-03-31.` })
    .refine(isIsoDate, { error: `${label} must be a real date written as yyyy-mm-dd, such as 2026-03-31.` });
}

const controlType = z
  .enum(CONTROL_TYPES as [ControlType, ...ControlType[]], {
    error: 'The type must be preventive, detective, corrective or directive.',
  })
  .nullable();

const effectiveness = z.enum(EFFECTIVENESS as [Effectiveness, ...Effectiveness[]], {
  error: 'The effectiveness must be effective, partial, ineffective or unassessed.',
});

const line = z.custom<AssuranceLine>((v) => v === 1 || v === 2 || v === 3 || v === 4, {
  error: 'The line must be 1, 2, 3 or 4 (1st line: management; 3rd: internal audit; 4th: external).',
});

const strength = z.enum(ASSURANCE_STRENGTHS as [AssuranceStrength, ...AssuranceStrength[]], {
  error: 'The strength must be substantial, reasonable, limited or none.',
});

const treatment = z
  .enum(TREATMENTS as [Treatment, ...Treatment[]], {
    error: 'The treatment must be treat, tolerate, transfer or terminate.',
  })
  .nullable();

const source = text('The assurance source', ASSURANCE_SOURCE_MAX, { required: true });
const gaps = text('The gaps', ASSURANCE_GAPS_MAX);

const acceptance = z
  .object({
    by: text('Who accepted the risk', 200, { required: true }),
    why: text('Why it was accepted', ACCEPTANCE_TEXT_MAX, { required: true }),
    until: isoDay('The acceptance date'),
  })
  .strict()
  .nullable();

export const controlChannels = {
  /**
   * Every control with the risks it serves (register order), live ones only unless `includeArchived`.
   * With `riskId`: the controls linked to that risk.
   */
  'controls:list': channel<ControlRecord[]>()(
    z.object({ riskId: entityId.optional(), includeArchived: z.boolean().default(false) }).strict(),
  ),
  /**
   * Add a control, linked to the given live risks (at least one). `owner` is an owner's initials (added to the
   * directory when new). An effectiveness other than unassessed is recorded as assessed now, by the user.
   */
  'controls:create': channel<ControlRecord>()(
    z
      .object({
        text: controlText,
        riskIds: z
          .array(entityId)
          .min(1, { error: 'A control must serve at least one risk: choose the risk it reduces.' })
          .max(500),
        owner: controlOwner.default(null),
        type: controlType.default(null),
        effectiveness: effectiveness.default('unassessed'),
        nextAssessmentDue: isoDay('The next assessment date').nullable().default(null),
        reason,
      })
      .strict(),
  ),
  /** Change a control's words, owner, type or next assessment date (still at `version`, else CONFLICT). */
  'controls:update': channel<ControlRecord>()(
    z
      .object({
        id: entityId,
        version,
        changes: z
          .object({
            text: controlText.optional(),
            owner: controlOwner.optional(),
            type: controlType.optional(),
            nextAssessmentDue: isoDay('The next assessment date').nullable().optional(),
          })
          .strict(),
        reason,
      })
      .strict(),
  ),
  /** Record an assessment: the effectiveness, with the date and who assessed it (the user, now). */
  'controls:assess': channel<ControlRecord>()(
    z
      .object({
        id: entityId,
        version,
        effectiveness,
        nextAssessmentDue: isoDay('The next assessment date').nullable().optional(),
        reason,
      })
      .strict(),
  ),
  /**
   * Split a risk's free-text Mitigation into controls (shared/split-mitigation.ts proposes them; the user edits
   * and chooses): every control is created linked to the risk, and the Mitigation kept or cleared, in one
   * transaction with its history rows. `version` is the risk's (else CONFLICT: the Mitigation may have changed).
   */
  'controls:split': channel<{ controls: ControlRecord[]; risk: RiskRecord }>()(
    z
      .object({
        riskId: entityId,
        version,
        controls: z
          .array(
            z
              .object({
                text: controlText,
                type: controlType.default(null),
                effectiveness: effectiveness.default('unassessed'),
              })
              .strict(),
          )
          .min(1, { error: 'Choose at least one control to create from the Mitigation.' })
          .max(100, { error: 'At most 100 controls can be created at once.' }),
        mitigation: z.enum(['keep', 'clear'], {
          error: 'Say whether to keep or clear the Mitigation text: keep or clear.',
        }),
        reason,
      })
      .strict(),
  ),
  /** Link an existing control to another live risk. Already linked: returned as is. */
  'controls:link': channel<ControlRecord>()(z.object({ id: entityId, riskId: entityId, reason }).strict()),
  /** Unlink a control from a risk. Not linked: returned as is. */
  'controls:unlink': channel<ControlRecord>()(z.object({ id: entityId, riskId: entityId, reason }).strict()),
  /** Delete a control: refused, naming the risks, while it is linked to any risk. Kept in history. */
  'controls:delete': channel<ControlRecord>()(z.object({ id: entityId, version, reason }).strict()),
  /** One risk's controls, assurance, treatment and flags, for its panel. */
  'controls:for-risk': channel<RiskControlsView>()(z.object({ riskId: entityId }).strict()),
  /**
   * Live risks with an assurance gap, an acceptance needed or an acceptance expired, in register order.
   * With `omitUnrecorded: true`: instead, every live risk with a live assurance source or a recorded treatment, with
   * its flags (all false or empty when it has none), in register order; a live risk not listed has nothing recorded,
   * so its flags are `UNRECORDED_FLAGS` (`flagsOf` puts the two together). The dashboard's read: at 100,000 risks with
   * no assurance recorded the whole answer lists all of them.
   */
  'controls:flags': channel<FlaggedRisk[]>()(
    z
      .object(
        {
          omitUnrecorded: z
            .literal(true, {
              error: '"omitUnrecorded" must be true (leave it out for every flagged risk).',
            })
            .optional(),
        },
        {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? 'controls:flags takes "omitUnrecorded" only.'
              : 'controls:flags takes an object, such as {} or { omitUnrecorded: true }.',
        },
      )
      .strict(),
  ),
  /** Add an assurance source to a live risk. */
  'assurances:create': channel<AssuranceRecord>()(
    z
      .object({
        riskId: entityId,
        source,
        line,
        strength,
        date: isoDay('The assurance date').nullable().default(null),
        gaps: gaps.default(''),
        reason,
      })
      .strict(),
  ),
  /** Change an assurance still at `version`; one history entry per changed field. */
  'assurances:update': channel<AssuranceRecord>()(
    z
      .object({
        id: entityId,
        version,
        changes: z
          .object({
            source: source.optional(),
            line: line.optional(),
            strength: strength.optional(),
            date: isoDay('The assurance date').nullable().optional(),
            gaps: gaps.optional(),
          })
          .strict(),
        reason,
      })
      .strict(),
  ),
  /** Remove an assurance (soft: kept in history). */
  'assurances:delete': channel<AssuranceRecord>()(z.object({ id: entityId, version, reason }).strict()),
  /**
   * Set a risk's treatment decision and, for a tolerated risk, its acceptance (who, why, until when).
   * `version` is the treatment's version (0 when none was recorded yet). An acceptance needs the treatment
   * tolerate; changing the treatment away from tolerate clears the acceptance. Recorded in the risk's history.
   */
  'treatment:set': channel<TreatmentRecord>()(
    z
      .object({
        riskId: entityId,
        version: z.number({ error: 'The version of the treatment you edited is required.' }).int().min(0),
        treatment,
        acceptance: acceptance.optional(),
        reason,
      })
      .strict(),
  ),
} as const;
