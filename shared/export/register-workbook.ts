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
export interface WorkbookRisk {
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

export interface RegisterWorkbook {
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
