/**
 * Objectives: the organisation's business-plan objectives (ref, title, lead and the plan's own RAG status), and
 * the exposure of each — what the risks linked to it add up to. Pure, so the view, the CLI and the tests agree.
 */
import { cellText } from './import/cells.ts';
import { isOutsideAppetite } from './appetite.ts';
import type { BandKey } from './band-key.ts';
import type { CategoryRecord, RiskRecord } from './domain.ts';
import { REF_MAX, REF_PATTERN } from './import/refs.ts';
import type { SourceRow, SourceTable } from './import/types.ts';
import { assess } from './scoring.ts';

/** The plan's own RAG status of an objective (not derived from its risks). */
export type ObjectiveStatus = 'not-started' | 'green' | 'amber' | 'red' | 'complete';
export const OBJECTIVE_STATUSES: readonly ObjectiveStatus[] = [
  'not-started',
  'green',
  'amber',
  'red',
  'complete',
];
export const OBJECTIVE_STATUS_LABELS: Readonly<Record<ObjectiveStatus, string>> = {
  'not-started': 'Not started',
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  complete: 'Complete',
};

/**
 * A status as people write it in a spreadsheet: the value or its label in any case, "G"/"A"/"R", "not started",
 * "completed", "done". Null when it is none of these.
 */
export function parseObjectiveStatus(text: string): ObjectiveStatus | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  const aliases: Record<string, ObjectiveStatus> = {
    g: 'green',
    a: 'amber',
    r: 'red',
    '': 'not-started',
    'not-yet-started': 'not-started',
    completed: 'complete',
    done: 'complete',
  };
  if ((OBJECTIVE_STATUSES as readonly string[]).includes(t)) return t as ObjectiveStatus;
  return aliases[t] ?? null;
}

export interface ObjectiveRecord {
  id: string;
  ref: string;
  title: string;
  lead: string;
  status: ObjectiveStatus;
  /** The live risks linked to it, in register order (refs now). */
  riskIds: string[];
  riskRefs: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/** An objective with its exposure, as the Objectives view and the CLI show it. */
export interface ObjectiveWithExposure extends ObjectiveRecord {
  exposure: ObjectiveExposure;
}

/** What an objectives import did. */
export interface ObjectiveImportOutcome {
  fileName: string;
  created: number;
  updated: number;
  unchanged: number;
}

export interface BandCount {
  band: string;
  colour: string;
  count: number;
}

export interface ObjectiveExposure {
  /** The highest current score among the linked live risks; null when none is linked. */
  highest: number | null;
  /** The band of that score under the register's key; null when none is linked. */
  highestBand: string | null;
  /** Every band of the key, in key order, with how many linked risks are in it now (zeros included). */
  bands: BandCount[];
  /** Linked risks whose current score is above their category's appetite (shared/appetite.ts). */
  outsideTolerance: number;
  riskCount: number;
}

type ExposureRisk = Pick<RiskRecord, 'category' | 'impact' | 'likelihood' | 'archivedAt'>;

/** The exposure of one objective from the risks linked to it. Archived risks do not count. */
export function objectiveExposure(
  risks: readonly ExposureRisk[],
  key: BandKey,
  categories: readonly Pick<CategoryRecord, 'name' | 'appetite'>[],
): ObjectiveExposure {
  const live = risks.filter((r) => r.archivedAt === null);
  const bands: BandCount[] = key.map((b) => ({ band: b.name, colour: b.colour, count: 0 }));
  let highest: number | null = null;
  let highestBand: string | null = null;
  let outsideTolerance = 0;
  for (const r of live) {
    const a = assess(r.impact, r.likelihood, key);
    if (!a.assessed) continue; // not yet scored: in no band, no highest score
    const slot = bands.find((b) => b.band === a.band.name);
    if (slot) slot.count += 1;
    if (highest === null || a.score > highest) {
      highest = a.score;
      highestBand = a.band.name;
    }
    if (isOutsideAppetite(r, categories)) outsideTolerance += 1;
  }
  return { highest, highestBand, bands, outsideTolerance, riskCount: live.length };
}

// ---------------------------------------------------------------------------------------------------------
// Importing objectives from a CSV or XLSX file (columns ref, title, lead, status)

export const OBJECTIVE_TITLE_MAX = 500;
export const OBJECTIVE_LEAD_MAX = 200;
export const OBJECTIVE_REF_MAX = REF_MAX;

export interface PlannedObjective {
  /** The row number the user sees in the file. */
  row: number;
  ref: string;
  title: string;
  lead: string;
  status: ObjectiveStatus;
}

type Column = 'ref' | 'title' | 'lead' | 'status';
const COLUMN_ALIASES: Record<string, Column> = {
  ref: 'ref',
  reference: 'ref',
  'objective ref': 'ref',
  id: 'ref',
  title: 'title',
  objective: 'title',
  description: 'title',
  lead: 'lead',
  owner: 'lead',
  'lead officer': 'lead',
  status: 'status',
  rag: 'status',
  'rag status': 'status',
};

/**
 * Reads an objectives table: the header row is the first with "ref" and "title" (any case); "lead" and "status"
 * are optional columns. Every row is checked; the plan is usable only when `problems` is empty (all or nothing).
 */
export function planObjectiveImport(table: SourceTable): {
  objectives: PlannedObjective[];
  problems: string[];
} {
  const problems: string[] = [];
  const headerIndex = table.rows.findIndex((r) => {
    const names = r.cells.map((c) => COLUMN_ALIASES[cellText(c).trim().toLowerCase()]);
    return names.includes('ref') && names.includes('title');
  });
  if (headerIndex < 0) {
    return {
      objectives: [],
      problems: [
        'No header row with "ref" and "title" columns was found. Put ref, title, lead and status in the first row, then import again.',
      ],
    };
  }
  const header = table.rows[headerIndex];
  if (!header) return { objectives: [], problems: ['The file has no header row.'] };
  const col: Partial<Record<Column, number>> = {};
  header.cells.forEach((c, i) => {
    const name = COLUMN_ALIASES[cellText(c).trim().toLowerCase()];
    if (name && col[name] === undefined) col[name] = i;
  });
  const cell = (r: SourceRow, name: Column) => {
    const i = col[name];
    return i === undefined ? '' : cellText(r.cells[i]).trim();
  };
  const seen = new Map<string, number>();
  const objectives: PlannedObjective[] = [];
  for (const r of table.rows.slice(headerIndex + 1)) {
    const ref = cell(r, 'ref');
    const title = cell(r, 'title');
    const lead = cell(r, 'lead');
    const statusText = cell(r, 'status');
    const at = `Row ${r.row}`;
    let ok = true;
    const bad = (msg: string) => {
      problems.push(`${at}: ${msg}`);
      ok = false;
    };
    if (!ref) bad('the ref is empty. Give every objective a ref, such as F1.');
    else if (ref.length > REF_MAX) bad(`the ref "${ref}" is longer than ${REF_MAX} characters.`);
    else if (!REF_PATTERN.test(ref)) {
      bad(`the ref "${ref}" may hold letters, digits, dots, dashes, slashes and brackets only, such as F1.`);
    } else {
      const first = seen.get(ref.toLowerCase());
      if (first !== undefined)
        bad(`the ref ${ref} is also on row ${first}. Each objective needs its own ref.`);
      else seen.set(ref.toLowerCase(), r.row);
    }
    if (!title) bad(`${ref || 'the objective'} has no title.`);
    else if (title.length > OBJECTIVE_TITLE_MAX) {
      bad(`the title is longer than ${OBJECTIVE_TITLE_MAX} characters.`);
    }
    if (lead.length > OBJECTIVE_LEAD_MAX) bad(`the lead is longer than ${OBJECTIVE_LEAD_MAX} characters.`);
    const status = parseObjectiveStatus(statusText);
    if (status === null) {
      bad(
        `the status "${statusText}" is not one of ${OBJECTIVE_STATUSES.map((s) => OBJECTIVE_STATUS_LABELS[s]).join(', ')}.`,
      );
    }
    if (ok && status !== null) objectives.push({ row: r.row, ref, title, lead, status });
  }
  if (!objectives.length && !problems.length) {
    problems.push('The file has a header row but no objectives under it.');
  }
  return { objectives, problems };
}
