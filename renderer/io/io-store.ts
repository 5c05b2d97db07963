/** The import wizard and the export dialog: which is open, what they hold, and the quiet line after. */
import { create } from 'zustand';
import type { SummaryScores, SummarySort } from '../../shared/export/summary.ts';
import type {
  ImportMapping,
  ImportPreview,
  ImportRowPreview,
  RepairKind,
} from '../../shared/import/types.ts';

export type IoDialog = 'import' | 'export';
export type ExportFormat = 'xlsx' | 'csv' | 'pdf';

export interface ImportState {
  preview: ImportPreview | null;
  /** The mapping the user chose in the wizard (every field), or null while the file's own is in use. */
  mapping: ImportMapping | null;
  /** Repairs the user ticked, as `${row}:${kind}`. */
  accepted: string[];
  /** What is running: asking for a file, reading it again, or importing. */
  busy: 'choosing' | 'previewing' | 'importing' | null;
  /** The last refusal, in the handler's words. */
  error: string | null;
  /** The rows on show: which list and where in it. */
  view: RowsView;
  /** A page of rows is being read. */
  paging: boolean;
}

/** Rows drawn at once: the preview carries the first page, the others are read a page at a time. */
export const PAGE_ROWS = 300;

/**
 * The page of rows on show: all rows or only those with something to check, from `offset`. `rows` is the page as
 * the main process answered it (`import:preview-rows`), or null when the preview holds it (the first page of all
 * rows, or any page of a file whose rows all came with the preview).
 */
export interface RowsView {
  only: 'all' | 'problems';
  offset: number;
  rows: ImportRowPreview[] | null;
  /** How many rows the list has, when `rows` is set. */
  total: number;
}

export const initialRowsView: RowsView = { only: 'all', offset: 0, rows: null, total: 0 };

export interface ExportOptions {
  format: ExportFormat;
  scores: SummaryScores;
  /** Band names to include; null for every band. */
  bands: string[] | null;
  sort: SummarySort;
  /** A direction-of-travel column (current scores only). */
  travel: boolean;
  /** PDF: with the exempt Part B (confidential risks); public Part A only when false. */
  exempt: boolean;
  /** PDF: the protective marking for this print; empty for the register's own (OFFICIAL by default). */
  marking: string;
}

export interface IoState {
  open: IoDialog | null;
  import: ImportState;
  export: ExportOptions & { busy: boolean; error: string | null };
  /** "Imported 19 risks from register.csv", shown quietly after a dialog closes. */
  notice: { tone: 'done' | 'quiet'; text: string } | null;
}

export const initialImportState: ImportState = {
  preview: null,
  mapping: null,
  accepted: [],
  busy: null,
  error: null,
  view: initialRowsView,
  paging: false,
};

export const initialIoState: IoState = {
  open: null,
  import: initialImportState,
  export: {
    format: 'xlsx',
    scores: 'current',
    bands: null,
    sort: 'ref',
    travel: false,
    exempt: false,
    marking: '',
    busy: false,
    error: null,
  },
  notice: null,
};

export const useIoStore = create<IoState>()(() => ({ ...initialIoState }));

export function repairId(row: number, kind: RepairKind): string {
  return `${row}:${kind}`;
}
