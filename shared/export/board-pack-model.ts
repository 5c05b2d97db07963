/**
 * The cabinet board pack's structure, beyond the summary table: the cover, the one-page summary (counts per
 * band now and at the last snapshot, what moved and why, the top bands, risks above appetite, overdue reviews
 * and actions), movement for the heatmap, the table's extra columns (target score, owner names, travel only
 * where something moved) and the split into the public Part A and the exempt Part B (confidential risks).
 * Pure: the handler gathers the records, this decides what is printed.
 */
import type { AppetiteStatus, CategoryAppetite } from '../appetite.ts';
import { APPETITE_LEVEL_LABELS, appetiteStatusText, isOutsideAppetite, riskAppetite } from '../appetite.ts';
import { causeEventEffect } from '../risk-view.ts';
import type { BandKey } from '../band-key.ts';
import { textColourOn } from '../colour.ts';
import type { CategoryRecord, MaybePair, RiskRecord, ScorePair } from '../domain.ts';
import { assess } from '../scoring.ts';
import { compareRefs } from '../ref-order.ts';
import type { BoardSettings } from './board-pack.ts';
import { isoDay } from './board-pack.ts';
import { ukDate } from './summary.ts';
import type { ObjectiveRecord } from '../objectives.ts';
import type { PackAssuranceAppendix, PackObjective, RiskControlsInput } from './board-pack-orange.ts';
import { assuranceAppendix, packObjectives, treatmentLabel } from './board-pack-orange.ts';
import type { ControlRecord, FlaggedRisk } from '../controls.ts';
import type { FiredRule } from '../escalation.ts';
import type { OrangeFigureId } from '../orange-figures.ts';
import { orangeFigures } from '../orange-figures.ts';

export interface PackScore {
  impact: number;
  likelihood: number;
  score: number;
  band: string;
  colour: string;
  textColour: string;
}

/** A change of a current score, with the reason recorded with it. */
export interface ScoreChange {
  riskId: string;
  at: string;
  by: string;
  from: ScorePair | null;
  to: ScorePair;
  reason: string | null;
}

export interface PackMove {
  ref: string;
  description: string;
  from: PackScore;
  to: PackScore;
  /**
   * Which way the score went; 'unchanged' when the risk moved cell at the same score (4×2 → 2×4): the screen's
   * heatmap draws an arrow for it, so the pack does too, and says the score is unchanged (issue 12).
   */
  direction: 'up' | 'down' | 'unchanged';
  /** The reasons recorded with the score changes since the baseline, oldest first, "dd/mm/yyyy: reason". */
  reasons: string[];
}

export interface PackRow {
  ref: string;
  /** The risk's short title, or null when it has none. */
  title: string | null;
  /** The treatment decision ("Tolerate"), or null when none is recorded. */
  treatment: string | null;
  category: string;
  description: string;
  /** Null while the risk is not yet assessed (counted apart: `notScored`). */
  current: PackScore | null;
  target: PackScore | null;
  mitigation: string;
  /** "Sarah Page (SP)", or the initials alone when the directory has no name. */
  owners: string[];
  /**
   * "↑ up from 10 Yellow", or "→ unchanged at 8 Yellow, moved from I 4 × L 2" for a move of cell at the same
   * score, only where the risk moved since the baseline; null otherwise.
   */
  travel: string | null;
  aboveAppetite: boolean;
  /** The current score's appetite status (shared/appetite.ts), or null where no appetite applies. */
  appetite: AppetiteStatus | null;
  /** The status in words ("Outside tolerance: 15 is above the Reputation tolerance of 12 (Cautious)"). */
  appetiteText: string | null;
  /** "Because of …, there is a risk that …, resulting in …", when all three are given. */
  causeEventEffect: string | null;
}

/** A category's appetite as the board approved it, for the pack's "Risk appetite" page. */
export interface PackAppetite {
  category: string;
  /** "Cautious", "Custom" or "None set". */
  level: string;
  appetite: number | null;
  tolerance: number | null;
  statement: string;
  /** dd/mm/yyyy, or null. */
  approved: string | null;
}

export interface BandCount {
  name: string;
  colour: string;
  textColour: string;
  now: number;
  /** At the baseline snapshot; null with no snapshot. */
  before: number | null;
}

export interface PackPart {
  rows: PackRow[];
  /** Risks not yet assessed: listed in the rows, counted in no band. */
  notScored: number;
  moves: PackMove[];
  counts: BandCount[];
  /** The two highest bands' risks (Red and Amber in the LGA key), highest score first. */
  top: PackRow[];
  topBands: string[];
  aboveAppetite: { ref: string; category: string; score: number; appetite: number }[];
  overdueReviews: { ref: string; nextReview: string; daysOverdue: number }[];
  overdueActions: { ref: string; text: string; owner: string; due: string }[];
  /** The controls-and-assurance appendix for this part's risks. */
  assurance: PackAssuranceAppendix;
  /** The objectives with this part's linked risks and their exposure. */
  objectives: PackObjective[];
  /**
   * The dashboard's Orange Book figures (shared/orange-figures.ts) for this part's risks only, in the
   * summary's order: assurance gaps, acceptances expired, outside tolerance, controls ineffective,
   * escalations due.
   */
  orange: PackOrangeFigure[];
}

/** One Orange Book figure on the one-page summary: its number and which risks, grouped by why. */
export interface PackOrangeFigure {
  id: OrangeFigureId;
  /** "Assurance gaps" (the dashboard's label, without its glyph). */
  label: string;
  /** Risks, except "Controls ineffective", which counts controls (as the dashboard does). */
  value: number;
  /** The risks behind the figure by reason, refs in register order; empty when the figure counts nothing. */
  groups: { reason: string; refs: string[] }[];
  /** What the figure says when it counts nothing. */
  empty: string;
}

export interface BoardPackModel {
  cover: {
    registerName: string;
    title: string;
    asAt: string;
    marking: string;
    version: string;
    preparedBy: string;
    approvedBy: string;
    /** "Part A (public)" or "Part A (public) and Part B (exempt)". */
    contents: string;
  };
  /** "since the snapshot “Q2 2026” of 01/07/2026", or "since each risk's previous review". */
  baseline: string;
  baselineName: string | null;
  partA: PackPart;
  /** The confidential risks, when the exempt part was asked for; null otherwise. */
  partB: PackPart | null;
  /** How many confidential risks are left out of Part A. */
  exemptCount: number;
  /** Every category's appetite level, limits and statement (those with none set included, so gaps show). */
  appetite: PackAppetite[];
}

/** A part as the summary workbook writes it: without the table of every risk and the Orange Book figures. */
export type WorkbookPart = Omit<PackPart, 'rows' | 'notScored' | 'orange'>;

/** The pack as the summary workbook writes it (`buildWorkbookPack`): Part A only, no appetite page. */
export interface WorkbookPackModel extends Omit<BoardPackModel, 'partA' | 'partB' | 'appetite'> {
  partA: WorkbookPart;
}

export interface BoardPackInputs {
  registerName: string;
  key: BandKey;
  asAt: Date;
  settings: BoardSettings;
  /** Live risks. */
  risks: readonly RiskRecord[];
  categories: readonly (CategoryAppetite &
    Partial<Pick<CategoryRecord, 'appetiteStatement' | 'appetiteApproved'>>)[];
  /** Owner names by initials, from the owners directory. */
  ownerNames: ReadonlyMap<string, string>;
  /** The last snapshot, the baseline for counts and movement; null when none was taken. */
  snapshot: { name: string; takenAt: string; scores: ReadonlyMap<string, ScorePair> } | null;
  /** Without a snapshot: each risk's score at its previous review (see shared/travel.ts). */
  previous: ReadonlyMap<string, ScorePair>;
  /**
   * In place of `previous` (empty then): each of `risks`' previous-review pair as a code, impact × 8 + likelihood (0
   * for none), in the same order (the summary workbook's history thread, db/timelines.ts `PackHistory`). The risks
   * must be in ref order.
   */
  previousInOrder?: Uint8Array;
  /** Current-score changes, oldest first. */
  changes: readonly ScoreChange[];
  overdueReviews: readonly { riskId: string; nextReview: string; daysOverdue: number }[];
  overdueActions: readonly { riskId: string; text: string; owner: string | null; dueDate: string }[];
  exempt: boolean;
  /** Each risk's controls, assurance, treatment and flags, by risk id (none recorded when absent). */
  controls?: ReadonlyMap<string, RiskControlsInput>;
  /**
   * The input of a live risk absent from `controls` (db/export/board-pack-data.ts: the one input of every risk with
   * nothing recorded, not a map entry for each); without it such a risk has none (nothing recorded, not flagged).
   */
  controlsOtherwise?: RiskControlsInput;
  /**
   * The risks are in ref order (`listRisks`, `exportRisks`: sorted by `compareRefs`), so a part's risks are too and
   * are not checked pair by pair (at 100,000 risks a comparison of refs per risk).
   */
  inRefOrder?: boolean;
  /** The register's objectives with their linked risks. */
  objectives?: readonly ObjectiveRecord[];
  /** What the dashboard's Orange Book figures are worked out from (`controls:list`, `controls:flags`, `escalation:list`). */
  orange?: {
    controls: readonly ControlRecord[];
    flags: readonly FlaggedRisk[];
    fired: readonly FiredRule[];
  };
}

/** The summary's order: the flagged risks first, then what the committee must decide on. */
const ORANGE_ORDER: readonly OrangeFigureId[] = [
  'assurance-gaps',
  'acceptances-expired',
  'outside-tolerance',
  'controls-ineffective',
  'escalations-due',
];

/** Group refs under the reasons given, in first-seen order. */
function groupRefs(entries: readonly { ref: string; reasons: readonly string[] }[]) {
  const groups = new Map<string, string[]>();
  for (const e of entries)
    for (const reason of e.reasons) {
      const refs = groups.get(reason);
      if (refs) refs.push(e.ref);
      else groups.set(reason, [e.ref]);
    }
  return [...groups].map(([reason, refs]) => ({ reason, refs }));
}

const firstUpper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The Orange Book figures for one part's risks (sorted by ref), the same numbers as the dashboard's
 * (shared/orange-figures.ts), each with its risks grouped by reason: the assurance gaps by gap, the
 * ineffective controls by control, the escalations by rule. Outside tolerance is one group of refs: each
 * risk's own limit is in the table beside its score.
 */
export function packOrangeFigures(
  risks: readonly RiskRecord[],
  categories: BoardPackInputs['categories'],
  orange: NonNullable<BoardPackInputs['orange']>,
): PackOrangeFigure[] {
  const figures = orangeFigures({ risks, categories, ...orange });
  const refOf = new Map(risks.map((r) => [r.id, r.ref]));
  const flagOf = new Map(orange.flags.map((f) => [f.riskId, f]));
  const controlNotes = new Map<string, string[]>();
  for (const c of orange.controls) {
    if (c.archivedAt !== null || c.effectiveness !== 'ineffective') continue;
    for (const l of c.risks) {
      if (l.archived || !refOf.has(l.riskId)) continue;
      const note = `“${c.text.replace(/\s+/g, ' ').trim()}”`;
      const notes = controlNotes.get(l.riskId);
      if (notes) notes.push(note);
      else controlNotes.set(l.riskId, [note]);
    }
  }
  const ruleNotes = new Map<string, string[]>();
  for (const e of orange.fired) {
    if (e.then !== 'escalate' || !refOf.has(e.riskId)) continue;
    const note = `${firstUpper(e.label)}: escalate to ${e.to}`;
    const notes = ruleNotes.get(e.riskId);
    if (notes) notes.push(note);
    else ruleNotes.set(e.riskId, [note]);
  }
  const reasonsOf = (id: OrangeFigureId, riskId: string): string[] => {
    switch (id) {
      case 'assurance-gaps':
        return (flagOf.get(riskId)?.assuranceGaps ?? []).map((g) =>
          firstUpper(g.replace(/^Assurance gap: /, '')),
        );
      case 'controls-ineffective':
        return controlNotes.get(riskId) ?? [];
      case 'escalations-due':
        return ruleNotes.get(riskId) ?? [];
      case 'acceptances-expired':
        return ['Acceptance passed its date: due for review again'];
      case 'outside-tolerance':
        return ['Above the tolerance of its category or override'];
    }
  };
  return ORANGE_ORDER.flatMap((id) => {
    const f = figures.find((g) => g.id === id);
    if (!f) return [];
    return [
      {
        id,
        label: f.label.replace(/\s*◆$/, ''),
        value: f.value,
        groups: groupRefs(
          f.riskIds.map((riskId) => ({ ref: refOf.get(riskId) ?? '', reasons: reasonsOf(id, riskId) })),
        ),
        empty: f.empty,
      },
    ];
  });
}

/** The glyph of a move's direction: the same arrows as the app's direction of travel (shared/travel.ts). */
export const MOVE_GLYPHS: Record<PackMove['direction'], string> = { up: '↑', down: '↓', unchanged: '→' };

const cellOf = (s: PackScore) => `I ${s.impact} × L ${s.likelihood}`;

/** The table's Moved column: "↑ up from 10 Yellow", "→ unchanged at 8 Yellow, moved from I 4 × L 2". */
export function moveTravel(m: Pick<PackMove, 'direction' | 'from' | 'to'>): string {
  if (m.direction === 'unchanged')
    return `${MOVE_GLYPHS.unchanged} unchanged at ${m.to.score} ${m.to.band}, moved from ${cellOf(m.from)}`;
  return `${MOVE_GLYPHS[m.direction]} ${m.direction} from ${m.from.score} ${m.from.band}`;
}

/**
 * A move in words for the lists ("What moved", the summary, the workbook's Overview): "↑ up from 10 Yellow to
 * 15 Amber", or "→ unchanged at 8 Yellow, moved from I 4 × L 2 to I 2 × L 4".
 */
export function moveWords(m: Pick<PackMove, 'direction' | 'from' | 'to'>): string {
  if (m.direction === 'unchanged')
    return `${MOVE_GLYPHS.unchanged} unchanged at ${m.to.score} ${m.to.band}, moved from ${cellOf(m.from)} to ${cellOf(m.to)}`;
  return `${MOVE_GLYPHS[m.direction]} ${m.direction} from ${m.from.score} ${m.from.band} to ${m.to.score} ${m.to.band}`;
}

function packScore(pair: ScorePair, key: BandKey): PackScore;
function packScore(pair: MaybePair, key: BandKey): PackScore | null;
function packScore(pair: MaybePair, key: BandKey): PackScore | null {
  const a = assess(pair.impact, pair.likelihood, key);
  if (!a.assessed) return null;
  return {
    impact: a.impact,
    likelihood: a.likelihood,
    score: a.score,
    band: a.band.name,
    colour: a.band.colour,
    textColour: textColourOn(a.band.colour),
  };
}

/**
 * Natural ref order (SR2 before SR10), the collator's order without making it for plain refs (shared/ref-order.ts):
 * at 100,000 risks the collator's comparisons were a tenth of the summary workbook's pack.
 */
const REF = { compare: compareRefs };

function ukIso(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function ownerLabel(initials: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(initials)?.trim();
  return name ? `${name} (${initials})` : initials;
}

/** True when no risk's ref sorts before the one before it (one pass, no copy). */
function inRefOrder(risks: readonly RiskRecord[]): boolean {
  for (let i = 1; i < risks.length; i += 1) {
    if (REF.compare((risks[i - 1] as RiskRecord).ref, (risks[i] as RiskRecord).ref) > 0) return false;
  }
  return true;
}

/**
 * One part of the pack. `full` false is the summary workbook's part (`buildWorkbookPack`): no table of every risk
 * (PackRow, drawn only by the PDF) and no Orange Book figures; the counts, the top bands' rows, the moves, the
 * lists and the appendix are the same values as the full part's.
 */
function buildPart(
  risks: readonly RiskRecord[],
  inputs: BoardPackInputs,
  publicPart: true,
  full: false,
  codes: Uint8Array | null,
): WorkbookPart;
function buildPart(
  risks: readonly RiskRecord[],
  inputs: BoardPackInputs,
  publicPart: boolean,
  full: true,
  codes: Uint8Array | null,
): PackPart;
/** `codes`: the part's risks' `previousInOrder`, in their order (`partCodes`), or null to look them up in `previous`. */
function buildPart(
  risks: readonly RiskRecord[],
  inputs: BoardPackInputs,
  publicPart: boolean,
  full: boolean,
  codes: Uint8Array | null,
): PackPart | WorkbookPart {
  const { key } = inputs;
  // One PackScore per cell of the grid, not one per risk: at 100,000 risks the pack otherwise makes a score
  // object (and its band's text colour) for every risk to count it and drop it. The model is read, never changed.
  const scores = new Map<number, PackScore>();
  function scoreOf(pair: ScorePair): PackScore;
  function scoreOf(pair: MaybePair): PackScore | null;
  function scoreOf(pair: MaybePair): PackScore | null {
    if (pair.impact === null || pair.likelihood === null) return packScore(pair, key);
    const cell = pair.impact * 8 + pair.likelihood;
    let s = scores.get(cell);
    if (s === undefined) {
      const made = packScore(pair, key);
      if (made === null) return null;
      s = made;
      scores.set(cell, s);
    }
    return s;
  }
  // The previous-review pair of the k-th risk in `sorted`: by its place when the codes are given (`sorted` is then
  // `risks`, checked below), else by its id.
  const pairs: ScorePair[] = [];
  const baseOf = (r: RiskRecord, k: number): ScorePair | null => {
    if (inputs.snapshot) return inputs.snapshot.scores.get(r.id) ?? null;
    if (!codes) return inputs.previous.get(r.id) ?? null;
    const code = codes[k] ?? 0;
    if (code === 0) return null;
    return (pairs[code] ??= {
      impact: (code >> 3) as ScorePair['impact'],
      likelihood: (code & 7) as ScorePair['likelihood'],
    });
  };
  const since = inputs.snapshot?.takenAt ?? null;
  // Each risk's changes, in the order given (one pass, not a filter of every change per moved risk).
  const changesOf = new Map<string, ScoreChange[]>();
  for (const c of inputs.changes) {
    const list = changesOf.get(c.riskId);
    if (list) list.push(c);
    else changesOf.set(c.riskId, [c]);
  }
  const bands = [...key].sort((a, b) => a.min - b.min);
  const topBands = bands
    .slice(-2)
    .reverse()
    .map((b) => b.name);
  // The export passes the risks in ref order already: a sorted copy would be the same list (the sort is stable).
  const sorted =
    inputs.inRefOrder || inRefOrder(risks) ? risks : [...risks].sort((a, b) => REF.compare(a.ref, b.ref));
  if (codes && (sorted !== risks || codes.length !== risks.length)) {
    throw new Error('The previous scores in order need the risks in ref order, one score each.');
  }
  const moves: PackMove[] = [];
  // The table's rows (full part only), the top bands' rows and the count per band, in one pass in ref order.
  const rows: PackRow[] = [];
  const top: PackRow[] = [];
  const nowByBand = new Map<string, number>();
  let notScored = 0;
  for (let k = 0; k < sorted.length; k += 1) {
    const r = sorted[k] as RiskRecord;
    const current = scoreOf(r);
    const base = baseOf(r, k);
    let travel: string | null = null;
    if (base && current) {
      const from = scoreOf(base);
      // A move is a change of cell, as on the app's heatmap: a risk re-scored 4×2 → 2×4 moved although its
      // score did not, and the cabinet must see the same picture as the screen.
      if (from.impact !== current.impact || from.likelihood !== current.likelihood) {
        const direction =
          current.score > from.score ? 'up' : current.score < from.score ? 'down' : 'unchanged';
        travel = moveTravel({ direction, from, to: current });
        const reasons = (changesOf.get(r.id) ?? [])
          .filter((c) => (since === null || c.at > since) && c.reason?.trim())
          .map((c) => `${ukIso(c.at)}: ${c.reason?.trim() ?? ''}`);
        moves.push({ ref: r.ref, description: r.description, from, to: current, direction, reasons });
      }
    } else if (inputs.snapshot) {
      travel = '• new since the snapshot';
    }
    if (current) nowByBand.set(current.band, (nowByBand.get(current.band) ?? 0) + 1);
    else notScored += 1;
    const isTop = current !== null && topBands.includes(current.band);
    if (!full && !isTop) continue;
    const row: PackRow = {
      ref: r.ref,
      title: r.title,
      treatment: treatmentLabel(
        (inputs.controls?.get(r.id) ?? inputs.controlsOtherwise)?.treatment.treatment,
      ),
      category: r.category,
      description: r.description,
      current,
      target: r.target ? packScore(r.target, key) : null,
      mitigation: r.mitigation,
      owners: r.owners.map((o) => ownerLabel(o, inputs.ownerNames)),
      travel,
      aboveAppetite: isOutsideAppetite(r, inputs.categories),
      appetite: riskAppetite(r, inputs.categories)?.status ?? null,
      appetiteText: appetiteStatusText(r, inputs.categories),
      causeEventEffect: causeEventEffect(r),
    };
    if (full) rows.push(row);
    if (isTop) top.push(row);
  }
  // The snapshot does not record confidentiality: a risk counts in the part it belongs to now, and a risk
  // no longer in the register counts in Part A. (The sets of ids are made only when there is a snapshot.)
  const snapshotScores = inputs.snapshot
    ? (() => {
        const ids = new Set(risks.map((r) => r.id));
        const liveIds = new Set(inputs.risks.filter((r) => r.archivedAt === null).map((r) => r.id));
        return [...(inputs.snapshot?.scores ?? [])].filter(
          ([id]) => ids.has(id) || (publicPart && !liveIds.has(id)),
        );
      })()
    : null;
  const counts: BandCount[] = bands.map((b) => ({
    name: b.name,
    colour: b.colour,
    textColour: textColourOn(b.colour),
    now: nowByBand.get(b.name) ?? 0,
    before: snapshotScores
      ? snapshotScores.filter(([, p]) => assess(p.impact, p.likelihood, key).band.name === b.name).length
      : null,
  }));
  // Made only when something is overdue: the lists below are all that read it.
  const refOf =
    inputs.overdueReviews.length || inputs.overdueActions.length
      ? new Map(risks.map((r) => [r.id, r.ref]))
      : new Map<string, string>();
  const part: WorkbookPart = {
    // Highest score first, then in ref order: the moves and top rows were made in ref order (from `sorted`) and the
    // sort is stable, so the score alone gives that order, with no ref comparison per pair of equal scores.
    moves: moves.sort((a, b) => b.to.score - a.to.score),
    counts,
    top: top.sort((a, b) => (b.current?.score ?? 0) - (a.current?.score ?? 0)),
    topBands,
    aboveAppetite: sorted
      .filter((r) => isOutsideAppetite(r, inputs.categories))
      .map((r) => ({
        ref: r.ref,
        category: r.category,
        score: assess(r.impact, r.likelihood, inputs.key).score ?? 0,
        appetite:
          inputs.categories.find((c) => c.name.toLowerCase() === r.category.toLowerCase())?.appetite ?? 0,
      })),
    overdueReviews: inputs.overdueReviews
      .filter((v) => refOf.has(v.riskId))
      .map((v) => ({
        ref: refOf.get(v.riskId) ?? '',
        nextReview: ukIso(v.nextReview),
        daysOverdue: v.daysOverdue,
      })),
    overdueActions: inputs.overdueActions
      .filter((a) => refOf.has(a.riskId))
      .map((a) => ({
        ref: refOf.get(a.riskId) ?? '',
        text: a.text,
        owner: a.owner ? ownerLabel(a.owner, inputs.ownerNames) : 'No owner',
        due: ukIso(a.dueDate),
      })),
    assurance: assuranceAppendix(
      sorted,
      inputs.controls ?? new Map(),
      inputs.categories,
      key,
      (o) => ownerLabel(o, inputs.ownerNames),
      isoDay(inputs.asAt),
      inputs.controlsOtherwise,
    ),
    objectives: packObjectives(inputs.objectives ?? [], sorted, key, inputs.categories),
  };
  if (!full) return part;
  return {
    rows,
    notScored,
    ...part,
    orange: packOrangeFigures(
      sorted,
      inputs.categories,
      inputs.orange ?? { controls: [], flags: [], fired: [] },
    ),
  };
}

/**
 * `previousInOrder` for a part's risks (the live risks, confidential or not, in order: `packHead`'s `live` filtered as
 * the builders filter it), or null when not given.
 */
function partCodes(inputs: BoardPackInputs, confidential: boolean): Uint8Array | null {
  const all = inputs.previousInOrder;
  if (!all) return null;
  if (all.length !== inputs.risks.length) throw new Error('One previous score per risk is needed.');
  const out = new Uint8Array(all.length);
  let n = 0;
  inputs.risks.forEach((r, i) => {
    if (r.archivedAt === null && r.confidential === confidential) out[n++] = all[i] as number;
  });
  return out.subarray(0, n);
}

/** The cover and baseline, the same in the PDF's model and the workbook's. */
function packHead(inputs: BoardPackInputs) {
  const s = inputs.settings;
  const live = inputs.risks.filter((r) => r.archivedAt === null);
  return {
    live,
    cover: {
      registerName: inputs.registerName,
      title: `${inputs.registerName}: strategic risk report`,
      asAt: ukDate(inputs.asAt),
      marking: s.marking,
      version: s.version,
      preparedBy: s.preparedBy,
      approvedBy: s.approvedBy,
      contents: inputs.exempt ? 'Part A (public) and Part B (exempt)' : 'Part A (public)',
    },
    baseline: inputs.snapshot
      ? `since the snapshot “${inputs.snapshot.name}” of ${ukIso(inputs.snapshot.takenAt)}`
      : "since each risk's previous review",
    baselineName: inputs.snapshot?.name ?? null,
  };
}

/**
 * The part of the pack the summary workbook writes (db/export/xlsx-board.ts: Cover, Overview, Objectives, Controls
 * and assurance): Part A without its table of every risk or the Orange Book figures, which only the PDF draws; no
 * Part B (the workbook lists the confidential risks in its table and counts them on the cover); no appetite page.
 * Every field it has is the value `buildBoardPack` gives for the same inputs.
 */
export function buildWorkbookPack(inputs: BoardPackInputs): WorkbookPackModel {
  const { live, cover, baseline, baselineName } = packHead(inputs);
  const publicRisks = live.filter((r) => !r.confidential);
  return {
    cover,
    baseline,
    baselineName,
    partA: buildPart(publicRisks, inputs, true, false, partCodes(inputs, false)),
    exemptCount: live.length - publicRisks.length,
  };
}

export function buildBoardPack(inputs: BoardPackInputs): BoardPackModel {
  const { live, cover, baseline, baselineName } = packHead(inputs);
  const publicRisks = live.filter((r) => !r.confidential);
  const exemptRisks = live.filter((r) => r.confidential);
  return {
    cover,
    baseline,
    baselineName,
    partA: buildPart(publicRisks, inputs, true, true, partCodes(inputs, false)),
    partB: inputs.exempt ? buildPart(exemptRisks, inputs, false, true, partCodes(inputs, true)) : null,
    exemptCount: exemptRisks.length,
    appetite: inputs.categories.map((c) => ({
      category: c.name,
      level: c.appetiteLevel
        ? APPETITE_LEVEL_LABELS[c.appetiteLevel]
        : c.appetite === null
          ? 'None set'
          : 'Custom',
      appetite: c.appetite,
      tolerance: c.appetite === null ? null : Math.max(c.tolerance ?? c.appetite, c.appetite),
      statement: c.appetiteStatement ?? '',
      approved: c.appetiteApproved ? ukIso(c.appetiteApproved) : null,
    })),
  };
}
