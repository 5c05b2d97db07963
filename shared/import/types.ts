/** The shapes of an import: the cells read from a file, the column mapping, and the preview of every row. */
import type { ScorePair } from '../domain.ts';
import type { OtherScale } from './other-scales.ts';

/** Fields a column can be mapped to. */
export const IMPORT_FIELDS = [
  'ref',
  'category',
  'description',
  'impact',
  'likelihood',
  'score',
  'rag',
  'mitigation',
  'owner',
  'reviewDate',
  'targetImpact',
  'targetLikelihood',
  'targetScore',
  'inherentImpact',
  'inherentLikelihood',
  'inherentScore',
  'cause',
  'event',
  'effect',
  'title',
  'actionText',
  'actionOwner',
  'actionDue',
  'actionStatus',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** How each field is named to the user. */
export const FIELD_LABELS: Record<ImportField, string> = {
  ref: 'Ref',
  category: 'Category',
  description: 'Description of risk',
  impact: 'Impact',
  likelihood: 'Likelihood',
  score: 'Score',
  rag: 'RAG',
  mitigation: 'Mitigation',
  owner: 'Owner',
  reviewDate: 'Review date',
  targetImpact: 'Target impact',
  targetLikelihood: 'Target likelihood',
  targetScore: 'Target score',
  inherentImpact: 'Inherent impact',
  inherentLikelihood: 'Inherent likelihood',
  inherentScore: 'Inherent score',
  cause: 'Cause',
  event: 'Event',
  effect: 'Effect',
  title: 'Title',
  actionText: 'Action',
  actionOwner: 'Action owner',
  actionDue: 'Action due date',
  actionStatus: 'Action status',
};

/**
 * Field → the header of the column it comes from. `null` means "do not use any column for this field",
 * overriding what would otherwise be recognised. Fields left out are recognised from the headers.
 */
export type ImportMapping = Partial<Record<ImportField, string | null>> & ImportChoices;

/**
 * The choices a mapping makes beyond columns (docs/import.md). A column may also be named by position:
 * `#5` is the fifth column, `#E` the column with letter E (as Excel shows it).
 */
export interface ImportChoices {
  /** XLSX: the worksheet to read (by name). Without it, the sheet whose headers look most like a register. */
  sheet?: string | undefined;
  /**
   * Words and letters in score columns → 1–5, such as { "Major": 4, "Almost certain": 5 }. Keys are compared
   * without case or surrounding space. A word listed here is taken without asking.
   */
  scales?: Record<string, number> | undefined;
  /**
   * How owner cells split: `one` owner per cell, `split` on / , ; & +, or `initials` (also on spaces). Without it
   * each cell is split safely: spaces split only a run of short initials, never a job title (docs/import.md).
   */
  ownerRule?: 'one' | 'split' | 'initials' | undefined;
  /**
   * Decimal scores (workshop averages such as 3.6): how to make them whole. Without it they are refused.
   * `half-up`: 3.5 → 4, 3.4 → 3; `up`: 3.1 → 4; `down`: 3.9 → 3.
   */
  rounding?: 'half-up' | 'up' | 'down' | undefined;
  /**
   * Another scale (3, 4 or 6 points): each whole number in the score columns → 1–5, such as
   * { "1": 1, "2": 2, "3": 3, "4": 3, "5": 4, "6": 5 }. When given, every number goes through it (after rounding).
   */
  convert?: Record<string, number> | undefined;
}

/** One cell as read from the file. CSV cells only have `text`; XLSX cells may say more. */
export interface SourceCell {
  /** The cell's text (a number or date as text when the cell held one). */
  text: string;
  /** The number, when the XLSX cell held a number (or a formula whose result is a number). */
  number?: number;
  /** yyyy-mm-dd, when the XLSX cell held a date. */
  date?: string;
  /** The formula, when the XLSX cell was a formula: the other fields hold its last calculated result. */
  formula?: string;
  /** XLSX: the cell is covered by a merge and is not its top-left cell; the other fields are the top-left cell's. */
  merged?: boolean;
}

export interface SourceRow {
  /** The row number the user sees in Excel (the header is usually row 1). */
  row: number;
  /**
   * A CSV cell is its text alone (a string, no object per cell); an XLSX cell is its text alone too when it holds
   * nothing but text, its number alone (a JS number, whose text is `String(n)`) when it holds nothing but a number,
   * and an object when it says more (a date, a formula, a merge). Read them through shared/import/cells.ts
   * (`cellText`, `isMerged`); the readers in values.ts take each shape.
   */
  cells: CellValue[];
}

/**
 * A cell as a reader holds it (issue 14: at 100,000 rows an object per cell was ~800,000 objects made and promoted
 * while the file was read). A number `n` is the same cell as `{ text: String(n), number: n }`, a string `s` the same
 * as `{ text: s }`.
 */
export type CellValue = SourceCell | string | number;

/** A file's rows, blank rows already left out. */
export interface SourceTable {
  rows: SourceRow[];
}

export type RepairKind = 'generate-ref' | 'default-category' | 'skip-row' | 'word-scale' | 'not-yet-assessed';

export interface ProposedRepair {
  kind: RepairKind;
  /** What the repair would do, as a sentence. */
  message: string;
  /** The value the repair would put in (the generated ref, the category). */
  value: string;
  /** True when the request listed this repair as accepted. */
  accepted: boolean;
}

export interface AcceptedRepair {
  row: number;
  kind: RepairKind;
}

/** What a row would become: the values the register would hold. */
export interface ImportRowValues {
  ref: string;
  category: string;
  description: string;
  impact: number | null;
  likelihood: number | null;
  /** Derived by `assess()`, never taken from the file. */
  score: number | null;
  band: string | null;
  inherent: ScorePair | null;
  target: ScorePair | null;
  mitigation: string;
  owners: string[];
  /** yyyy-mm-dd. */
  reviewDate: string | null;
  /** Cause, event and effect, present only when the file gives them. */
  cause?: string;
  event?: string;
  effect?: string;
  /** The short title, present only when the file gives one. */
  title?: string;
}

/** A tracked action an import will create on a risk: from the risk's own row or a continuation row below it. */
export interface ImportAction {
  /** The file row the action comes from. */
  row: number;
  text: string;
  /** The owner as the file names it (initials or a job title), or null. */
  owner: string | null;
  /** yyyy-mm-dd. */
  dueDate: string | null;
  status: 'planned' | 'in_progress' | 'done';
  /** The status as published ('' when the cell is empty). */
  publishedStatus: string;
}

/**
 * - `ok`, `warning`: will be imported.
 * - `needs-repair`: will be imported only if its proposed repairs are accepted.
 * - `error`: cannot be imported until the file is corrected.
 * - `skipped`: not a risk (text under the table), left out because the user accepted skipping it.
 */
export type RowStatus = 'ok' | 'warning' | 'needs-repair' | 'error' | 'skipped';

export interface ImportRowPreview {
  row: number;
  /** The ref as written in the file ('' when missing). */
  ref: string;
  status: RowStatus;
  values: ImportRowValues;
  errors: string[];
  warnings: string[];
  /** Worth knowing, not a problem: how owners were split, for example. */
  notes: string[];
  repairs: ProposedRepair[];
  /** The tracked actions this risk will get (its own row's action columns and its continuation rows). */
  actions?: ImportAction[];
}

export interface ImportColumn {
  /** 0-based position in the row. */
  index: number;
  header: string;
  field: ImportField | null;
  /** Where the mapping of this column came from. */
  source: 'supplied' | 'remembered' | 'recognised' | null;
  /** Why a column is not used, when it looks like a known field. */
  note?: string;
  /** The group the column sits under (a merged header row above it: Inherent, Current, Target), if any. */
  group?: string;
  /** Excel's letter for the column: A, B, … AA. */
  letter?: string;
  /**
   * Placed by its neighbours, not its header alone (a `Description` beside the action columns is the action's):
   * such a choice is this file's and is not remembered for the next.
   */
  placed?: boolean;
}

export interface ImportCounts {
  rows: number;
  ok: number;
  warning: number;
  needsRepair: number;
  error: number;
  /** Rows left out as not-a-risk (accepted `skip-row`). */
  skipped: number;
  /** Rows that would be written if the import were committed now. */
  importable: number;
}

export interface ImportCheck {
  /** Row number of the header row. */
  headerRow: number;
  columns: ImportColumn[];
  /** The mapping in effect: field → header. */
  mapping: Partial<Record<ImportField, string>>;
  /** Problems with the file as a whole: nothing can be imported until they are fixed. */
  fileErrors: string[];
  /** Worth knowing about the file as a whole. */
  notes: string[];
  rows: ImportRowPreview[];
  counts: ImportCounts;
  /** Words and letters in the score columns and the number each becomes (the table the preview shows). */
  scales?: ScaleUse[];
  /** A 3-, 4- or 6-point scale recognised in the file, the conversion offered and the one chosen. */
  otherScale?: OtherScale;
}

export interface ImportPreview extends ImportCheck {
  path: string;
  /**
   * How to name this file again to `import:preview` (another mapping) and `import:commit`: the grant the app
   * issued when its dialog chose the file (the CLI: the path itself).
   */
  file: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  /** CSV only: how the bytes were read. */
  encoding: 'utf-8' | 'utf-8 with BOM' | 'utf-16' | 'windows-1252' | 'utf-8 and windows-1252' | null;
  /** XLSX only: the worksheet read. */
  sheet: string | null;
  /** XLSX only: the visible worksheets that hold anything, for the sheet picker. */
  sheets?: string[];
  /** SHA-256 of the file; give it back to `import:commit` to be sure the same file is imported. */
  fileHash: string;
  /**
   * Present when the preview was asked for its first page only (`import:preview` with `firstRows`, as the window
   * asks): `rows` then holds the first rows, and the others are read a page at a time with `import:preview-rows`
   * (issue 14: every row of a 100,000-row file was ~72 MB of JSON through IPC to show 300 of them).
   * Without it `rows` is every row (the CLI).
   */
  paged?: PreviewPaging;
}

/**
 * What the window needs of every row without having them all: how many there are, and the rows that propose a
 * repair (the ticks, "Import N risks" and the blockers line are counted over these). Small when few rows need one.
 */
export interface PreviewPaging {
  /** Rows in the file (`counts.rows`). */
  total: number;
  /** Rows with something to check (status other than `ok`): the length of the filtered list. */
  problems: number;
  repairRows: RepairRow[];
}

/** A row that proposes repairs: its row number, the repairs' kinds, and whether it has errors as well. */
export interface RepairRow {
  row: number;
  status: RowStatus;
  kinds: RepairKind[];
  /** True when the row has errors too (it cannot be imported whatever is ticked). */
  errors?: true;
}

/** A page of a preview's rows (`import:preview-rows`). */
export interface PreviewRowsPage {
  /** 0-based position of the first row in the list asked for (all rows, or only those with something to check). */
  offset: number;
  /** How many rows the list has. */
  total: number;
  rows: ImportRowPreview[];
}

export interface ImportResult {
  fileName: string;
  imported: number;
  refs: string[];
  repairsApplied: number;
  /** What was left out and changed (shared/import/summary.ts): the same lines the preview shows. */
  summary?: string[];
  /** Tracked actions created from the file's action columns and continuation rows. */
  actions?: number;
}

/** One word of the table in effect: what it becomes and why. */
export interface ScaleUse {
  /** The word as first written in the file. */
  word: string;
  value: number;
  /** `supplied`: the mapping's `scales`; `remembered`: the last import's; `proposed`: a known scale, to accept. */
  source: 'supplied' | 'remembered' | 'proposed';
  /** The known scale it was recognised from (proposed words). */
  scale?: string;
  /** How many cells hold it. */
  cells: number;
}
