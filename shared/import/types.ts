/** The shapes of an import: the cells read from a file, the column mapping, and the preview of every row. */
import type { ScorePair } from '../domain.ts';

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
};

/**
 * Field → the header of the column it comes from. `null` means "do not use any column for this field",
 * overriding what would otherwise be recognised. Fields left out are recognised from the headers.
 */
export type ImportMapping = Partial<Record<ImportField, string | null>>;

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
}

export interface SourceRow {
  /** The row number the user sees in Excel (the header is usually row 1). */
  row: number;
  cells: SourceCell[];
}

/** A file's rows, blank rows already left out. */
export interface SourceTable {
  rows: SourceRow[];
}

export type RepairKind = 'generate-ref' | 'default-category' | 'not-yet-assessed';

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
}

/**
 * - `ok`, `warning`: will be imported.
 * - `needs-repair`: will be imported only if its proposed repairs are accepted.
 * - `error`: cannot be imported until the file is corrected.
 */
export type RowStatus = 'ok' | 'warning' | 'needs-repair' | 'error';

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
}

export interface ImportCounts {
  rows: number;
  ok: number;
  warning: number;
  needsRepair: number;
  error: number;
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
  /** SHA-256 of the file; give it back to `import:commit` to be sure the same file is imported. */
  fileHash: string;
}

export interface ImportResult {
  fileName: string;
  imported: number;
  refs: string[];
  repairsApplied: number;
}
