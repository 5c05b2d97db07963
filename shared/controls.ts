/**
 * Controls, assurance, treatment and acceptance (HM Treasury's Orange Book): the records and the pure rules.
 *
 * A control is an existing measure that reduces a risk (a policy, a board, a reconciliation); one control may
 * serve several risks. Assurance is recorded per risk on the lines model (1st: management, 2nd: oversight
 * functions, 3rd: internal audit, 4th: external assurance). The flags are worked out when read, never stored.
 */

export type ControlType = 'preventive' | 'detective' | 'corrective' | 'directive';
export const CONTROL_TYPES: readonly ControlType[] = ['preventive', 'detective', 'corrective', 'directive'];
export const CONTROL_TYPE_LABELS: Readonly<Record<ControlType, string>> = {
  preventive: 'Preventive',
  detective: 'Detective',
  corrective: 'Corrective',
  directive: 'Directive',
};

export type Effectiveness = 'effective' | 'partial' | 'ineffective' | 'unassessed';
export const EFFECTIVENESS: readonly Effectiveness[] = ['effective', 'partial', 'ineffective', 'unassessed'];
export const EFFECTIVENESS_LABELS: Readonly<Record<Effectiveness, string>> = {
  effective: 'Effective',
  partial: 'Partially effective',
  ineffective: 'Ineffective',
  unassessed: 'Not yet assessed',
};

export type AssuranceLine = 1 | 2 | 3 | 4;
export const ASSURANCE_LINES: readonly AssuranceLine[] = [1, 2, 3, 4];
export const LINE_LABELS: Readonly<Record<AssuranceLine, string>> = {
  1: '1st line (management)',
  2: '2nd line (oversight)',
  3: '3rd line (internal audit)',
  4: '4th line (external)',
};

export type AssuranceStrength = 'substantial' | 'reasonable' | 'limited' | 'none';
export const ASSURANCE_STRENGTHS: readonly AssuranceStrength[] = [
  'substantial',
  'reasonable',
  'limited',
  'none',
];
export const STRENGTH_LABELS: Readonly<Record<AssuranceStrength, string>> = {
  substantial: 'Substantial',
  reasonable: 'Reasonable',
  limited: 'Limited',
  none: 'No assurance',
};

export type Treatment = 'treat' | 'tolerate' | 'transfer' | 'terminate';
export const TREATMENTS: readonly Treatment[] = ['treat', 'tolerate', 'transfer', 'terminate'];
export const TREATMENT_LABELS: Readonly<Record<Treatment, string>> = {
  treat: 'Treat',
  tolerate: 'Tolerate',
  transfer: 'Transfer',
  terminate: 'Terminate',
};

export interface ControlRiskLink {
  riskId: string;
  ref: string;
  /** True when the linked risk is archived. */
  archived: boolean;
}

export interface ControlRecord {
  id: string;
  text: string;
  /** Owner initials, or null when nobody is named. */
  owner: string | null;
  type: ControlType | null;
  effectiveness: Effectiveness;
  /** ISO timestamp of the last assessment, and who made it; null until assessed. */
  assessedAt: string | null;
  assessedBy: string | null;
  /** yyyy-mm-dd, or null. */
  nextAssessmentDue: string | null;
  /** Derived when read: the next assessment is due before today (never stored). */
  assessmentOverdue: boolean;
  /** The risks it serves, in register order. */
  risks: ControlRiskLink[];
  version: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface AssuranceRecord {
  id: string;
  riskId: string;
  riskRef: string;
  source: string;
  line: AssuranceLine;
  strength: AssuranceStrength;
  /** yyyy-mm-dd: when the assurance was given (a report's date), or null. */
  date: string | null;
  gaps: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface Acceptance {
  /** Who accepted the risk (a name or a body, such as "Audit Committee"). */
  by: string;
  why: string;
  /** yyyy-mm-dd: the acceptance stands until this day; after it the risk is due for review again. */
  until: string;
  /** ISO timestamp when it was recorded. */
  recordedAt: string;
}

export interface TreatmentRecord {
  riskId: string;
  treatment: Treatment | null;
  acceptance: Acceptance | null;
  /** 0 while nothing has been recorded for the risk. */
  version: number;
}

export interface RiskFlags {
  /** Why the risk's assurance falls short (empty when it does not). */
  assuranceGaps: string[];
  /** Tolerated, above its category's appetite, and no acceptance recorded. */
  acceptanceNeeded: boolean;
  /** The acceptance's date has passed: the risk is due for review again. */
  acceptanceExpired: boolean;
}

export interface RiskControlsView {
  riskId: string;
  controls: ControlRecord[];
  assurances: AssuranceRecord[];
  treatment: TreatmentRecord;
  flags: RiskFlags;
}

export interface FlaggedRisk extends RiskFlags {
  riskId: string;
  ref: string;
}

/**
 * The assurance gap rule: a risk with no live assurance beyond the first line, or with a limited (or no)
 * assurance from the third line, is flagged. Returns the reasons, in words; empty when there is no gap.
 */
export function assuranceGaps(
  assurances: readonly Pick<AssuranceRecord, 'line' | 'strength' | 'source' | 'archivedAt'>[],
): string[] {
  const live = assurances.filter((a) => a.archivedAt === null);
  const gaps: string[] = [];
  if (!live.some((a) => a.line > 1)) {
    gaps.push(
      live.length
        ? 'Assurance gap: no assurance beyond the first line.'
        : 'Assurance gap: no assurance recorded.',
    );
  }
  for (const a of live) {
    if (a.line === 3 && (a.strength === 'limited' || a.strength === 'none')) {
      // "No assurance" is already a noun phrase: "no assurance from the 3rd line", never "no assurance assurance".
      const level = a.strength === 'none' ? 'no' : STRENGTH_LABELS[a.strength].toLowerCase();
      gaps.push(`Assurance gap: ${level} assurance from the 3rd line (${a.source}).`);
    }
  }
  return gaps;
}

/** The acceptance rules, given whether the risk's current score is above its category's appetite. */
export function acceptanceFlags(
  t: Pick<TreatmentRecord, 'treatment' | 'acceptance'>,
  outsideAppetite: boolean,
  today: string,
): Pick<RiskFlags, 'acceptanceNeeded' | 'acceptanceExpired'> {
  const expired = t.acceptance !== null && t.acceptance.until < today;
  return {
    acceptanceNeeded: t.treatment === 'tolerate' && outsideAppetite && t.acceptance === null,
    acceptanceExpired: expired,
  };
}

/**
 * The flags of a live risk with nothing recorded (no live assurance source, no treatment): an assurance gap, "no
 * assurance recorded", and no acceptance flag. `controls:flags { omitUnrecorded: true }` leaves such risks out of its
 * answer; a reader gives each live risk it does not find there these flags (`flagsOf`).
 */
export const UNRECORDED_FLAGS: Readonly<RiskFlags> = Object.freeze({
  assuranceGaps: assuranceGaps([]),
  ...acceptanceFlags({ treatment: null, acceptance: null }, false, ''),
});

/**
 * The flagged risks among `risks` (live risks, in their order), from a `controls:flags { omitUnrecorded: true }`
 * answer: the risks it lists with their flags, every other risk with `UNRECORDED_FLAGS`. For live risks the answer
 * was read with, the same as `controls:flags {}` restricted to `risks`, in `risks`' order.
 */
export function flagsOf(
  risks: readonly { id: string; ref: string }[],
  recorded: readonly FlaggedRisk[],
): FlaggedRisk[] {
  const byId = new Map(recorded.map((f) => [f.riskId, f]));
  const out: FlaggedRisk[] = [];
  for (const r of risks) {
    const f = byId.get(r.id) ?? { riskId: r.id, ref: r.ref, ...UNRECORDED_FLAGS };
    if (isFlagged(f)) out.push(f);
  }
  return out;
}

/** True when the flags say something needs attention. */
export function isFlagged(f: RiskFlags): boolean {
  return f.assuranceGaps.length > 0 || f.acceptanceNeeded || f.acceptanceExpired;
}
