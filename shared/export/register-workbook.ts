/**
 * The register workbook (issue 11): the whole register as an XLSX that imports into an empty register and gives
 * back the same register, field for field. Sheets: Risks, Actions, Owners and Key, each with a header row of its
 * own names in row 1 (the importer recognises the workbook by them). Pure: the rows as plain values; db/ writes
 * and reads the file.
 *
 * Text cells are safe from formula injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
 * gets a leading `'` (as the summary CSV does), and so does one that already starts with `'`, so that reading
 * takes exactly one `'` off and gives back the text as it was.
 */
import type { Band } from '../band-key.ts';
import type { ActionStatus } from '../actions.ts';
import type { ReviewCycle } from '../domain.ts';
import type { AppetiteLevel, AppetiteMapping } from '../appetite.ts';
import type { AssuranceLine, AssuranceStrength, ControlType, Effectiveness, Treatment } from '../controls.ts';
import type { ObjectiveStatus } from '../objectives.ts';

export const WORKBOOK_SHEETS = { risks: 'Risks', actions: 'Actions', owners: 'Owners', key: 'Key' } as const;

export const RISK_HEADERS = [
  'Ref',
  'Title',
  'Description',
  'Category',
  'Owners',
  'Owner names',
  'Inherent impact',
  'Inherent likelihood',
  'Current impact',
  'Current likelihood',
  'Target impact',
  'Target likelihood',
  'Review cycle',
  'Next review',
  'Mitigation',
  'Confidential',
] as const;

export const ACTION_HEADERS = ['Risk ref', 'Action', 'Owner', 'Due date', 'Status'] as const;
export const OWNER_HEADERS = ['Initials', 'Name', 'Role', 'Email'] as const;
export const KEY_HEADERS = ['Band', 'From score', 'To score', 'Colour', 'Management action'] as const;

/** A text cell that a spreadsheet shows as text, never runs as a formula; `readText` undoes it exactly. */
export function safeText(text: string): string {
  return /^['=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The text as it was before `safeText`. */
export function readText(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** One risk's row (numbers as numbers, null as a blank cell, the next review as an ISO day). */
export interface WorkbookRisk extends WorkbookRiskOrange {
  ref: string;
  title: string | null;
  description: string;
  category: string;
  owners: string[];
  ownerNames: string[];
  inherentImpact: number | null;
  inherentLikelihood: number | null;
  impact: number | null;
  likelihood: number | null;
  targetImpact: number | null;
  targetLikelihood: number | null;
  reviewCycle: ReviewCycle;
  nextReview: string | null;
  mitigation: string;
  confidential: boolean;
}

export interface WorkbookAction {
  ref: string;
  text: string;
  owner: string | null;
  dueDate: string | null;
  status: ActionStatus;
}

export interface WorkbookOwner {
  initials: string;
  name: string;
  role: string;
  email: string;
}

export interface RegisterWorkbook extends RegisterWorkbookOrange {
  risks: WorkbookRisk[];
  actions: WorkbookAction[];
  owners: WorkbookOwner[];
  key: Band[];
}

/** The words written for each action status and review cycle (and read back). */
export const STATUS_WORDS: Record<ActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
};
export const CYCLE_WORDS: Record<ReviewCycle, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  'half-yearly': 'Half-yearly',
  yearly: 'Yearly',
};

// ---------------------------------------------------------------------------------------------------------
// The Orange Book parts (issue 13): risk columns after the sixteen above (a workbook without them still reads),
// and sheets of their own. Words as the app shows them; read back in any case.

export const RISK_EXTRA_HEADERS = [
  'Cause',
  'Event',
  'Effect',
  'Own appetite level',
  'Own appetite reason',
  'Treatment',
  'Accepted by',
  'Accepted because',
  'Accepted until',
  'Accepted on',
] as const;

export const ORANGE_SHEETS = {
  categories: 'Categories',
  levels: 'Appetite levels',
  controls: 'Controls',
  assurance: 'Assurance',
  objectives: 'Objectives',
} as const;

export const CATEGORY_HEADERS = [
  'Category',
  'Appetite level',
  'Custom appetite',
  'Statement',
  'Approved',
] as const;
export const LEVEL_HEADERS = ['Level', 'Appetite up to', 'Tolerance up to'] as const;
export const CONTROL_HEADERS = [
  'Control',
  'Owner',
  'Type',
  'Effectiveness',
  'Assessed at',
  'Assessed by',
  'Next assessment due',
  'Risks',
] as const;
export const ASSURANCE_HEADERS = ['Risk ref', 'Source', 'Line', 'Strength', 'Date', 'Gaps'] as const;
export const OBJECTIVE_HEADERS = ['Ref', 'Title', 'Lead', 'Status', 'Risks'] as const;

/** A risk's Orange Book fields (the columns after the sixteen). */
export interface WorkbookRiskOrange {
  cause: string;
  event: string;
  effect: string;
  /** Its own appetite level instead of its category's, with the reason; null when it follows its category. */
  appetiteLevel: AppetiteLevel | null;
  appetiteReason: string;
  treatment: Treatment | null;
  /** yyyy-mm-dd for `until`; `recordedAt` is the ISO timestamp it was recorded (kept as written). */
  acceptance: { by: string; why: string; until: string; recordedAt: string } | null;
}

export interface WorkbookCategory {
  name: string;
  level: AppetiteLevel | null;
  /** A custom threshold (no level), or null. */
  appetite: number | null;
  statement: string;
  /** yyyy-mm-dd, or null. */
  approved: string | null;
}

export interface WorkbookControl {
  text: string;
  owner: string | null;
  type: ControlType | null;
  effectiveness: Effectiveness;
  /** ISO timestamp and who, as recorded (the last assessment, kept as it is). */
  assessedAt: string | null;
  assessedBy: string | null;
  nextAssessmentDue: string | null;
  /** Refs of the risks it serves, in order. */
  risks: string[];
}

export interface WorkbookAssurance {
  ref: string;
  source: string;
  line: AssuranceLine;
  strength: AssuranceStrength;
  date: string | null;
  gaps: string;
}

export interface WorkbookObjective {
  ref: string;
  title: string;
  lead: string;
  status: ObjectiveStatus;
  risks: string[];
}

/** The Orange Book sheets; absent (empty lists, no mapping) in a workbook written before them. */
export interface RegisterWorkbookOrange {
  categories: WorkbookCategory[];
  /** The register's mapping of levels to limits; null when the workbook has no such sheet. */
  levels: AppetiteMapping | null;
  controls: WorkbookControl[];
  assurances: WorkbookAssurance[];
  objectives: WorkbookObjective[];
}
