/**
 * The summary table as the LGA publishes it: a title with the register's name and "as at" date, then
 * Ref · Category · Description of risk · I · L · Score (band colour and name) · Mitigation · Owner, then the Key
 * with its management actions. Pure: the XLSX and CSV writers and the PDF board pack all draw from this.
 */
import type { BandKey } from '../band-key.ts';
import { textColourOn } from '../colour.ts';
import type { CategoryAppetite } from '../appetite.ts';
import {
  APPETITE_LEVEL_LABELS,
  APPETITE_STATUS_GLYPHS,
  APPETITE_STATUS_LABELS,
  riskAppetite,
} from '../appetite.ts';
import type { MaybePair, RiskRecord } from '../domain.ts';
import { AppError } from '../errors.ts';
import { causeEventEffect, summariseRisk } from '../risk-view.ts';
import { compareRefs } from '../ref-order.ts';
import type { Treatment } from '../controls.ts';
import { TREATMENT_LABELS } from '../controls.ts';

export type SummaryScores = 'current' | 'target';
export type SummarySort = 'ref' | 'score';

export interface SummaryOptions {
  scores: SummaryScores;
  /** Only risks in these bands (names from the key); all when null or empty. */
  bands: readonly string[] | null;
  sort: SummarySort;
  /** The "as at" date. */
  asAt: Date;
  /**
   * Direction of travel by ref ("↑ up from 10 Yellow"), for a last column; no column when absent. Current
   * scores only: a target summary leaves it out.
   */
  travel?: ReadonlyMap<string, string> | null;
  /** The head of the register's history chain (`SEQ:HASH`) when the summary was drawn; see `historyNote`. */
  historyHead?: string | null;
  /**
   * The categories with their appetite: an "Appetite" column (status in words, with its glyph and level) is added
   * when an appetite applies to any risk shown. Judged on the scores shown (current or target).
   */
  categories?: readonly CategoryAppetite[] | null;
  /** Each risk's treatment decision by risk id: a "Treatment" column when any risk shown has one. */
  treatments?: ReadonlyMap<string, Treatment> | null;
  /**
   * The risks are in ref order already (`listRisks` and `exportRisks` sort them by `compareRefs`): the rows are then
   * not sorted by ref again, which at 100,000 risks is a comparison of refs per row for a sort that changes nothing.
   */
  inRefOrder?: boolean;
}

/** Hex digits of the head's hash shown in an export (48 bits); `audit verify --anchor` accepts the prefix. */
export const HEAD_PREFIX_CHARS = 12;

/** "History head 23:3f2a9c1b4e5d": what an export prints so that a reader can anchor the register's history. */
export function historyNote(head: string | null | undefined): string {
  if (!head) return '';
  const [seq, hash = ''] = head.split(':');
  return `History head ${seq ?? ''}:${hash.slice(0, HEAD_PREFIX_CHARS)}`;
}

export interface SummaryBand {
  name: string;
  /** #rrggbb */
  colour: string;
  /** Black or white, whichever reads on the colour. */
  textColour: string;
}

export interface SummaryRow {
  ref: string;
  category: string;
  description: string;
  /** Null when the risk has no target score and target scores were asked for. */
  impact: number | null;
  likelihood: number | null;
  score: number | null;
  band: SummaryBand | null;
  mitigation: string;
  /** Owner initials, in order. */
  owners: string[];
  /** Direction of travel in words with its arrow, when asked for. */
  travel: string | null;
  /** "◆ Outside tolerance (Cautious)", or null when no appetite applies or no score. */
  appetite: string | null;
  /** "Because of …, there is a risk that …, resulting in …" when all three are given, else null. */
  causeEventEffect: string | null;
  /** The risk's short title, or null when it has none. */
  title: string | null;
  /** "Tolerate", or null when no treatment decision is recorded. */
  treatment: string | null;
}

export interface SummaryKeyRow extends SummaryBand {
  /** "1 to 5" */
  range: string;
  min: number;
  max: number;
  action: string;
}

export const SUMMARY_COLUMNS = [
  { id: 'ref', header: 'Ref' },
  { id: 'category', header: 'Category' },
  { id: 'description', header: 'Description of risk' },
  { id: 'impact', header: 'I' },
  { id: 'likelihood', header: 'L' },
  { id: 'score', header: 'Score' },
  { id: 'mitigation', header: 'Mitigation' },
  { id: 'owner', header: 'Owner' },
] as const;
/**
 * Optional columns after these, in this order: `travel` (direction of travel since the previous review),
 * `appetite` (appetite status), `causeEventEffect` (the risk as one sentence), `title` (the risk's short title)
 * and `treatment` (the treatment decision). Appended, so that the fixed columns never move.
 */
export type SummaryColumnId =
  (typeof SUMMARY_COLUMNS)[number]['id'] | 'travel' | 'appetite' | 'causeEventEffect' | 'title' | 'treatment';

export const TRAVEL_HEADER = 'Direction of travel';
export const APPETITE_HEADER = 'Appetite';
export const CAUSE_EVENT_EFFECT_HEADER = 'Cause, event, effect';
export const TITLE_HEADER = 'Title';
export const TREATMENT_HEADER = 'Treatment';

/** The appetite cell: glyph, status in words, and the level it is judged against. */
export function appetiteCell(
  risk: RiskRecord,
  categories: readonly CategoryAppetite[],
  pair: MaybePair | null,
): string | null {
  const a = riskAppetite(risk, categories, pair);
  if (!a || !a.status) return null;
  const level = a.level ? APPETITE_LEVEL_LABELS[a.level] : `custom ${a.appetite}`;
  const own = a.source === 'risk' ? ', own level' : '';
  return `${APPETITE_STATUS_GLYPHS[a.status]} ${APPETITE_STATUS_LABELS[a.status]} (${level}${own})`;
}

export interface SummaryColumn {
  id: SummaryColumnId;
  header: string;
}

/**
 * The columns, headed as printed. A target-score summary says so in its headers ("Target I"), so that nobody
 * reading it, and no import of it, takes the targets for the current scores.
 */
export function summaryColumns(scores: SummaryScores): SummaryColumn[] {
  const target: Partial<Record<SummaryColumnId, string>> = {
    impact: 'Target I',
    likelihood: 'Target L',
    score: 'Target score',
  };
  return SUMMARY_COLUMNS.map((c) => ({
    id: c.id,
    header: scores === 'target' ? (target[c.id] ?? c.header) : c.header,
  }));
}

export interface SummaryTable {
  registerName: string;
  /** dd/mm/yyyy */
  asAt: string;
  /** "LGA Strategic Risk Register – summary as at 22/11/2026" */
  title: string;
  /** What was chosen: "Current scores · Amber and Red only · highest score first". */
  subtitle: string;
  scores: SummaryScores;
  columns: SummaryColumn[];
  rows: SummaryRow[];
  key: SummaryKeyRow[];
  /** Target summaries: refs of risks with no target score (blank scores, or left out when filtering by band). */
  withoutTarget: string[];
  /** The history head (`SEQ:HASH`) the summary was drawn at, or null when not known. */
  historyHead: string | null;
  /** "History head 23:3f2a9c1b4e5d" (empty when not known): printed in every export's title block or footer. */
  historyNote: string;
}

export function ukDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

export function ownersText(owners: readonly string[]): string {
  return owners.join(', ');
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/**
 * Natural ref order, the collator's (`localeCompare` with options built one per comparison: 23 % of a 100,000-row
 * CSV export) without making it for plain refs (shared/ref-order.ts). The risks usually come in this order
 * already, so the sort is one pass of comparisons.
 */
function naturalRef(a: SummaryRow, b: SummaryRow): number {
  return compareRefs(a.ref, b.ref);
}

/** Band names as the key spells them; an unknown name is refused with the key's names. */
export function resolveBands(names: readonly string[] | null, key: BandKey): string[] | null {
  if (!names || names.length === 0) return null;
  return names.map((n) => {
    const band = key.find((b) => b.name.toLowerCase() === n.trim().toLowerCase());
    if (!band) {
      throw new AppError(
        'VALIDATION',
        `There is no band “${n.trim()}” in this register's key. Choose from ${listWords(key.map((b) => b.name))}.`,
        { band: n },
      );
    }
    return band.name;
  });
}

export function buildSummary(
  risks: readonly RiskRecord[],
  register: { name: string; key: BandKey },
  options: SummaryOptions,
): SummaryTable {
  const key = register.key;
  const bands = resolveBands(options.bands, key);
  // One band object per band name: its text colour (contrast arithmetic) was worked out for every row, 11 % of a
  // 100,000-row CSV export.
  const bandsByName = new Map<string, SummaryBand>();
  const bandOf = (name: string): SummaryBand => {
    let band = bandsByName.get(name);
    if (!band) {
      const colour = key.find((k) => k.name === name)?.colour ?? '#ffffff';
      band = { name, colour, textColour: textColourOn(colour) };
      bandsByName.set(name, band);
    }
    return band;
  };
  const withoutTarget: string[] = [];
  const travel = options.scores === 'current' ? (options.travel ?? null) : null;
  let rows: SummaryRow[] = risks
    .filter((r) => r.archivedAt === null)
    .map((r) => {
      const s = summariseRisk(r, key);
      const pick = options.scores === 'target' ? s.target : s;
      if (!pick) withoutTarget.push(s.ref);
      return {
        ref: s.ref,
        category: s.category,
        description: s.description,
        impact: pick?.impact ?? null,
        likelihood: pick?.likelihood ?? null,
        score: pick?.score ?? null,
        band: pick?.band ? bandOf(pick.band) : null,
        mitigation: s.mitigation,
        owners: [...s.owners],
        travel: travel ? (travel.get(s.ref) ?? null) : null,
        appetite: options.categories
          ? appetiteCell(r, options.categories, options.scores === 'target' ? r.target : r)
          : null,
        causeEventEffect: causeEventEffect(r),
        title: r.title,
        treatment: options.treatments?.has(r.id)
          ? TREATMENT_LABELS[options.treatments.get(r.id) as Treatment]
          : null,
      };
    });
  if (bands) rows = rows.filter((r) => r.band !== null && bands.includes(r.band.name));
  // A stable sort of rows already in ref order leaves them as they are.
  if (!options.inRefOrder) rows.sort(naturalRef);
  if (options.sort === 'score') rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1));

  const asAt = ukDate(options.asAt);
  const parts = [options.scores === 'target' ? 'Target scores' : 'Current scores'];
  if (bands) parts.push(`${listWords(bands)} only`);
  parts.push(options.sort === 'score' ? 'highest score first' : 'in ref order');
  if (travel) parts.push('travel since the previous review');
  return {
    registerName: register.name,
    asAt,
    title: `${register.name} – summary as at ${asAt}`,
    subtitle: parts.join(' · '),
    scores: options.scores,
    columns: [
      ...summaryColumns(options.scores),
      ...(travel ? [{ id: 'travel' as const, header: TRAVEL_HEADER }] : []),
      ...(rows.some((r) => r.appetite) ? [{ id: 'appetite' as const, header: APPETITE_HEADER }] : []),
      ...(rows.some((r) => r.causeEventEffect)
        ? [{ id: 'causeEventEffect' as const, header: CAUSE_EVENT_EFFECT_HEADER }]
        : []),
      ...(rows.some((r) => r.title) ? [{ id: 'title' as const, header: TITLE_HEADER }] : []),
      ...(rows.some((r) => r.treatment) ? [{ id: 'treatment' as const, header: TREATMENT_HEADER }] : []),
    ],
    rows,
    key: [...key]
      .sort((a, b) => a.min - b.min)
      .map((b) => ({
        ...bandOf(b.name),
        range: `${b.min} to ${b.max}`,
        min: b.min,
        max: b.max,
        action: b.action,
      })),
    withoutTarget,
    historyHead: options.historyHead ?? null,
    historyNote: historyNote(options.historyHead),
  };
}
