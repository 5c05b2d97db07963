/**
 * Heavy work that must not run on the thread that serves the window: reading and checking an import file,
 * building and writing export files, backups. Each job takes and returns plain data (structured-clone safe), so
 * it can run in a worker thread (db/work/worker.ts) or, for hosts without one, in the calling thread.
 *
 * Jobs that write a file get `protect`: the registers the calling thread has open. A worker has its own copy of
 * the open-files list (empty), so the caller's list travels with the job and the guard checks both.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { BandKey } from '../../shared/band-key.ts';
import { summaryToCsv } from '../../shared/export/csv.ts';
import type { SummaryTable } from '../../shared/export/summary.ts';
import { cellText } from '../../shared/import/cells.ts';
import { checkImport, type ImportPlan } from '../../shared/import/check.ts';
import { importSummary } from '../../shared/import/summary.ts';
import type {
  ImportMapping,
  ImportPreview,
  ImportRowPreview,
  SourceTable,
} from '../../shared/import/types.ts';
import { auditToXlsx, toCsv } from '../audit.ts';
import { type BackupResult, backupRegister } from '../backup.ts';
import { summaryXlsxPieces } from '../export/xlsx.ts';
import type { WorkbookBoard } from '../export/xlsx-board.ts';
import { writeFileAtomic } from '../files/write.ts';
import { hashFile, type ImportFile, readImportFile } from '../import/read.ts';
import { checkpointPassive } from '../transaction.ts';

/** What a preview needs from the register, read by the caller (cheap queries) and sent with the job. */
export interface PreviewContext {
  remembered: ImportMapping;
  existingRefs: string[];
  key: BandKey;
}

/** One row's values in the columns not imported, kept in the import's history entry. */
export interface KeptRowValues {
  row: number;
  ref: string;
  values: Record<string, string>;
}

/** A row of a kept plan: what the commit reads of it (`blockingMessages`, the skipped rows). */
export type KeptRow = Pick<ImportRowPreview, 'row' | 'ref' | 'status' | 'errors' | 'repairs'>;

/** A plan as the commit needs it: `importSummary` of the whole plan made beforehand, rows without their values. */
export type KeptPlan = Omit<ImportPlan, 'rows'> & { rows: KeptRow[]; summary: string[] };

/**
 * A file checked at preview, kept by the main process until the commit (issue 14: the plan is not made twice).
 * The plan is a pure function of the file, the mapping and the register's `PreviewContext`; the commit uses it only
 * when the file's SHA-256 and the context's fingerprint (`contextKey`, db/import/run.ts) are still the same.
 */
export interface PreparedImport {
  path: string;
  fileName: string;
  format: ImportPreview['format'];
  sheet: string | null;
  fileHash: string;
  /** The mapping the preview was asked for, as JSON (the commit must ask for the same). */
  mappingKey: string;
  /** Checked without accepted repairs: a commit that accepts repairs checks the file again. */
  plan: KeptPlan;
  keptValues: KeptRowValues[];
}

export interface Jobs {
  /** Read and parse an import file (limits checked while reading). */
  'import:read': { input: { path: string; mapping?: ImportMapping | undefined }; output: ImportFile };
  /** Read, parse and check an import file against the register's refs and Key: the whole preview. */
  'import:preview': {
    input: {
      path: string;
      /** The mapping the preview was asked for. */
      mapping?: ImportMapping | undefined;
      context: PreviewContext;
    };
    output: { preview: Omit<ImportPreview, 'file'>; prepared: PreparedImport };
  };
  /** SHA-256 of a file (the commit's check that the file previewed is the file imported). */
  'file:hash': { input: { path: string }; output: { fileHash: string } };
  /** Build the summary file (XLSX or CSV) from its table and write it. */
  'summary:write': {
    input: {
      table: SummaryTable;
      format: 'xlsx' | 'csv';
      created: Date;
      path: string;
      protect: string[];
      /** XLSX: the board pack's Cover, Overview and scoring criteria sheets. */
      board?: WorkbookBoard | undefined;
    };
    output: { bytes: number };
  };
  /** Build the audit trail file from its rows and write it. */
  'audit:write': {
    input: { rows: string[][]; format: 'xlsx' | 'csv'; path: string; protect: string[] };
    output: { bytes: number };
  };
  /** Write bytes already built (a PNG). */
  'file:write': { input: { data: Uint8Array; path: string; protect: string[] }; output: { bytes: number } };
  /** Back up a register through a read-only connection of its own (SQLite's VACUUM INTO). */
  'register:backup': {
    input: { registerPath: string; target: string; protect: string[] };
    output: BackupResult;
  };
  /**
   * Copy the register's WAL into its file on a connection of its own (a PASSIVE checkpoint), after an import's
   * commit has answered: the frames written and copied, or null when the register is no longer there.
   */
  'register:checkpoint': {
    input: { registerPath: string };
    output: { log: number; checkpointed: number } | null;
  };
}

export type JobName = keyof Jobs;
export type JobInput<K extends JobName> = Jobs[K]['input'];
export type JobOutput<K extends JobName> = Jobs[K]['output'];

/** The preview of an import file against the register's context (the same for every host). */
export function previewFromContext(
  file: ImportFile,
  context: PreviewContext,
  mapping?: ImportMapping,
): Omit<ImportPreview, 'file'> {
  return previewAndPlan(file, context, mapping).preview;
}

/** What the file says in the columns not imported, row by row, so that nothing it holds is dropped unrecorded. */
export function keptFromColumnsNotImported(plan: ImportPlan, table: SourceTable): KeptRowValues[] {
  const unusedCols = plan.columns.filter((c) => c.field === null && c.header.trim() !== '');
  if (!unusedCols.length) return [];
  const byRow = new Map(table.rows.map((r) => [r.row, r]));
  return plan.risks.flatMap((r) => {
    const cells = byRow.get(r.row)?.cells ?? [];
    const values = Object.fromEntries(
      unusedCols
        .map((c) => [
          c.group ? `${c.group} › ${c.header.trim()}` : c.header.trim(),
          cellText(cells[c.index]).trim(),
        ])
        .filter(([, v]) => v !== ''),
    );
    return Object.keys(values).length ? [{ row: r.row, ref: r.ref, values }] : [];
  });
}

const NONE: never[] = [];

/**
 * A row of the plan as the commit reads it: its status, and for a blocked or skipped row its errors and repairs.
 * The kept plan does not hold each row's values, warnings and notes, which only the preview shows (issue 14: the
 * main process keeps the plan from preview to commit, 100,000 rows of it).
 */
function keptRow(r: ImportRowPreview): KeptRow {
  const blocked = r.status !== 'ok' && r.status !== 'warning';
  return {
    row: r.row,
    ref: r.ref,
    status: r.status,
    errors: blocked ? r.errors : NONE,
    repairs: blocked ? r.repairs : NONE,
  };
}

/** The plan as kept for the commit: its rows slim, and the summary lines the result gives made at preview. */
export function keptPlan(plan: ImportPlan): KeptPlan {
  return { ...plan, rows: plan.rows.map(keptRow), summary: importSummary(plan) };
}

/** The preview, and the plan behind it kept for the commit. */
export function previewAndPlan(
  file: ImportFile,
  context: PreviewContext,
  mapping?: ImportMapping,
): { preview: Omit<ImportPreview, 'file'>; prepared: PreparedImport } {
  const plan = checkImport(file.table, {
    mapping,
    remembered: context.remembered,
    existingRefs: context.existingRefs,
    key: context.key,
  });
  const { risks, published, ...check } = plan;
  void risks;
  void published;
  const prepared: PreparedImport = {
    path: file.path,
    fileName: file.fileName,
    format: file.format,
    sheet: file.sheet,
    fileHash: file.fileHash,
    mappingKey: JSON.stringify(mapping ?? {}),
    plan: keptPlan(plan),
    keptValues: keptFromColumnsNotImported(plan, file.table),
  };
  const preview = {
    ...check,
    notes: [...file.notes, ...check.notes],
    path: file.path,
    fileName: file.fileName,
    format: file.format,
    encoding: file.encoding,
    sheet: file.sheet,
    ...(file.sheets ? { sheets: file.sheets } : {}),
    fileHash: file.fileHash,
  };
  return { preview, prepared };
}

function write(
  path: string,
  data: Uint8Array | string | readonly Uint8Array[],
  protect: readonly string[],
): { bytes: number } {
  writeFileAtomic(path, data, protect);
  return {
    bytes:
      typeof data === 'string'
        ? Buffer.byteLength(data, 'utf8')
        : Array.isArray(data)
          ? (data as readonly Uint8Array[]).reduce((n, piece) => n + piece.length, 0)
          : (data as Uint8Array).length,
  };
}

const handlers: { [K in JobName]: (input: JobInput<K>) => Promise<JobOutput<K>> } = {
  'import:read': ({ path, mapping }) => readImportFile(path, mapping),
  'import:preview': async ({ path, mapping, context }) => {
    // The mapping (supplied or remembered) also picks the worksheet of a workbook.
    const file = await readImportFile(path, { ...context.remembered, ...mapping });
    return previewAndPlan(file, context, mapping);
  },
  'file:hash': ({ path }) => Promise.resolve({ fileHash: hashFile(path) }),
  'summary:write': async ({ table, format, created, path, protect, board }) =>
    write(
      path,
      format === 'xlsx' ? await summaryXlsxPieces(table, created, board) : summaryToCsv(table),
      protect,
    ),
  'audit:write': async ({ rows, format, path, protect }) =>
    write(path, format === 'csv' ? toCsv(rows) : await auditToXlsx(rows), protect),
  'file:write': ({ data, path, protect }) => Promise.resolve(write(path, data, protect)),
  'register:backup': ({ registerPath, target, protect }) => {
    const db = new Database(registerPath, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      return Promise.resolve(backupRegister(db, registerPath, target, protect));
    } finally {
      db.close();
    }
  },
  'register:checkpoint': ({ registerPath }) => {
    if (!existsSync(registerPath)) return Promise.resolve(null);
    const db = new Database(registerPath, { fileMustExist: true });
    try {
      return Promise.resolve(checkpointPassive(db));
    } finally {
      db.close();
    }
  },
};

export async function runJob<K extends JobName>(kind: K, input: JobInput<K>): Promise<JobOutput<K>> {
  const run = handlers[kind] as (input: JobInput<K>) => Promise<JobOutput<K>>;
  return await run(input);
}
