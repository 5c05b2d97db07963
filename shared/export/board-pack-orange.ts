/**
 * The board pack's Orange Book parts (issue 13): each risk's treatment decision, the controls-and-assurance
 * appendix (controls with type, effectiveness and who assessed them when; assurance by line with strength, date
 * and gaps; the flagged risks; tolerated risks above appetite with their acceptance) and the objectives part
 * (each objective's RAG status, linked risks and exposure). Pure: db/export/board-pack-data.ts gathers the
 * records, shared/export/board-pack-model.ts calls these per part, so Part A never shows a confidential risk.
 */
import type { CategoryAppetite } from '../appetite.ts';
import { appetiteStatusText, isOutsideAppetite } from '../appetite.ts';
import type { BandKey } from '../band-key.ts';
import type { AssuranceRecord, ControlRecord, RiskFlags, Treatment, TreatmentRecord } from '../controls.ts';
import {
  CONTROL_TYPE_LABELS,
  EFFECTIVENESS_LABELS,
  LINE_LABELS,
  STRENGTH_LABELS,
  TREATMENT_LABELS,
} from '../controls.ts';
import type { RiskRecord } from '../domain.ts';
import type { ObjectiveRecord, ObjectiveStatus } from '../objectives.ts';
import { OBJECTIVE_STATUS_LABELS, objectiveExposure } from '../objectives.ts';
import { assess } from '../scoring.ts';

/** What the register holds about one risk's controls, assurance and treatment (db/controls.ts). */
export interface RiskControlsInput {
  controls: readonly ControlRecord[];
  assurances: readonly AssuranceRecord[];
  /** The decision and its acceptance (the risk is the map's key: one input may serve many risks). */
  treatment: Pick<TreatmentRecord, 'treatment' | 'acceptance'>;
  flags: RiskFlags;
}

export interface PackControl {
  text: string;
  /** "Sarah Page (SP)", or null when nobody is named. */
  owner: string | null;
  /** "Preventive", or null when no type is recorded. */
  type: string | null;
  /** "Partially effective". */
  effectiveness: string;
  /** dd/mm/yyyy, or null until assessed. */
  assessedOn: string | null;
  assessedBy: string | null;
  /** The next assessment is overdue. */
  overdue: boolean;
}

export interface PackAssurance {
  source: string;
  line: number;
  /** "3rd line (internal audit)". */
  lineLabel: string;
  /** "Limited". */
  strength: string;
  /** dd/mm/yyyy, or null. */
  date: string | null;
  gaps: string;
}

export interface PackAcceptance {
  by: string;
  why: string;
  /** dd/mm/yyyy. */
  until: string;
  /** The date has passed: the risk is due for review again. */
  expired: boolean;
}

/** One risk in the controls-and-assurance appendix. */
export interface PackRiskAssurance {
  ref: string;
  title: string | null;
  /** "Tolerate", or null when no decision is recorded. */
  treatment: string | null;
  controls: PackControl[];
  assurances: PackAssurance[];
  /** Why its assurance falls short, in words (empty when it does not). */
  gaps: string[];
  acceptance: PackAcceptance | null;
}

/** A tolerated risk above its appetite, with its acceptance (or the lack of one). */
export interface PackTolerated {
  ref: string;
  title: string | null;
  score: number | null;
  /** "Within tolerance: 10 is above the Finance appetite of 8 (Cautious)". */
  appetiteText: string | null;
  acceptance: PackAcceptance | null;
}

export interface PackAssuranceAppendix {
  /** Risks with anything recorded (controls, assurance, a treatment), in ref order. */
  risks: PackRiskAssurance[];
  /** Refs of the risks with nothing recorded yet. */
  nothingRecorded: string[];
  /** Risks whose assurance falls short or whose acceptance is missing or has expired, with why. */
  flagged: { ref: string; reasons: string[] }[];
  tolerated: PackTolerated[];
}

export interface PackObjective {
  ref: string;
  title: string;
  lead: string;
  status: ObjectiveStatus;
  /** "Amber". */
  statusLabel: string;
  /** The linked risks in this part, in register order. */
  risks: string[];
  highest: number | null;
  highestBand: string | null;
  outsideTolerance: number;
  /** "2 Red, 1 Amber", bands with no risk left out; "" when no linked risk is scored. */
  bands: string;
}

/** yyyy-mm-dd (or an ISO timestamp) as dd/mm/yyyy. */
function ukIso(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function treatmentLabel(t: Treatment | null | undefined): string | null {
  return t ? TREATMENT_LABELS[t] : null;
}

function acceptanceOf(t: Pick<TreatmentRecord, 'acceptance'>, today: string): PackAcceptance | null {
  const a = t.acceptance;
  if (!a) return null;
  return { by: a.by, why: a.why, until: ukIso(a.until), expired: a.until < today };
}

function reasonsOf(f: RiskFlags): string[] {
  return [
    ...f.assuranceGaps.map((g) => g.replace(/^Assurance gap: /, '')),
    ...(f.acceptanceNeeded ? ['tolerated above appetite with no acceptance recorded.'] : []),
    ...(f.acceptanceExpired ? ['its acceptance has expired: due for review again.'] : []),
  ].map(capital);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const NONE: readonly never[] = [];

/** The appendix for the risks of one part (live risks, sorted as the part's table). */
export function assuranceAppendix(
  risks: readonly RiskRecord[],
  records: ReadonlyMap<string, RiskControlsInput>,
  categories: readonly CategoryAppetite[],
  key: BandKey,
  ownerLabel: (initials: string) => string,
  today: string,
  /** The input of a risk absent from `records` (none when not given: nothing recorded, not flagged). */
  otherwise?: RiskControlsInput,
): PackAssuranceAppendix {
  const out: PackAssuranceAppendix = { risks: [], nothingRecorded: [], flagged: [], tolerated: [] };
  // Risks with nothing recorded share one flags object (gatherControls): their reasons are worked out once and
  // the list shared (the model is read, never changed), not made again for each of 100,000 risks.
  let lastFlags: RiskFlags | undefined;
  let lastReasons: string[] = [];
  for (const r of risks) {
    const rec = records.get(r.id) ?? otherwise;
    // No copies for a risk with nothing recorded (most of a large register).
    const controls = rec?.controls.length ? rec.controls.filter((c) => c.archivedAt === null) : NONE;
    const assurances = rec?.assurances.length ? rec.assurances.filter((a) => a.archivedAt === null) : NONE;
    const treatment = rec?.treatment ?? { treatment: null, acceptance: null };
    const acceptance = acceptanceOf(treatment, today);
    if (rec) {
      const reasons = rec.flags === lastFlags ? lastReasons : reasonsOf(rec.flags);
      lastFlags = rec.flags;
      lastReasons = reasons;
      if (reasons.length) out.flagged.push({ ref: r.ref, reasons });
    }
    if (treatment.treatment === 'tolerate' && isOutsideAppetite(r, categories)) {
      out.tolerated.push({
        ref: r.ref,
        title: r.title,
        score: assess(r.impact, r.likelihood, key).score,
        appetiteText: appetiteStatusText(r, categories),
        acceptance,
      });
    }
    if (!controls.length && !assurances.length && !treatment.treatment && !acceptance) {
      out.nothingRecorded.push(r.ref);
      continue;
    }
    out.risks.push({
      ref: r.ref,
      title: r.title,
      treatment: treatmentLabel(treatment.treatment),
      controls: controls.map((c) => ({
        text: c.text,
        owner: c.owner ? ownerLabel(c.owner) : null,
        type: c.type ? CONTROL_TYPE_LABELS[c.type] : null,
        effectiveness: EFFECTIVENESS_LABELS[c.effectiveness],
        assessedOn: c.assessedAt ? ukIso(c.assessedAt) : null,
        assessedBy: c.assessedBy,
        overdue: c.assessmentOverdue,
      })),
      assurances: [...assurances]
        .sort((a, b) => a.line - b.line || (a.date ?? '').localeCompare(b.date ?? ''))
        .map((a) => ({
          source: a.source,
          line: a.line,
          lineLabel: LINE_LABELS[a.line],
          strength: STRENGTH_LABELS[a.strength],
          date: a.date ? ukIso(a.date) : null,
          gaps: a.gaps,
        })),
      gaps: rec ? rec.flags.assuranceGaps.map((g) => capital(g.replace(/^Assurance gap: /, ''))) : [],
      acceptance,
    });
  }
  return out;
}

/** The objectives with the links and exposure of this part's risks only (Part A never counts an exempt risk). */
export function packObjectives(
  objectives: readonly ObjectiveRecord[],
  risks: readonly RiskRecord[],
  key: BandKey,
  categories: readonly CategoryAppetite[],
): PackObjective[] {
  const live = objectives.filter((o) => o.archivedAt === null);
  // Only the linked risks by id, found in one pass: not a map of every risk (100,000 entries) to look up a few.
  const linkedIds = new Set<string>();
  for (const o of live) for (const id of o.riskIds) linkedIds.add(id);
  const byId = new Map<string, RiskRecord>();
  if (linkedIds.size) for (const r of risks) if (linkedIds.has(r.id)) byId.set(r.id, r);
  const rank = new Map(key.map((b) => [b.name, b.min]));
  return live.map((o) => {
    const linked = o.riskIds.map((id) => byId.get(id)).filter((r) => r !== undefined);
    const e = objectiveExposure(linked, key, categories);
    return {
      ref: o.ref,
      title: o.title,
      lead: o.lead,
      status: o.status,
      statusLabel: OBJECTIVE_STATUS_LABELS[o.status],
      risks: linked.map((r) => r.ref),
      highest: e.highest,
      highestBand: e.highestBand,
      outsideTolerance: e.outsideTolerance,
      bands: [...e.bands]
        .sort((a, b) => (rank.get(b.band) ?? 0) - (rank.get(a.band) ?? 0))
        .filter((b) => b.count > 0)
        .map((b) => `${b.count} ${b.band}`)
        .join(', '),
    };
  });
}
