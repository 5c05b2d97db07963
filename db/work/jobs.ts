/**
 * Heavy work that must not run on the thread that serves the window: reading and checking an import file,
 * building and writing export files, backups. Each job takes and returns plain data (structured-clone safe), so
 * it can run in a worker thread (db/work/worker.ts) or, for hosts without one, in the calling thread.
 *
 * Jobs that write a file get `protect`: the registers the calling thread has open. A worker has its own copy of
 * the open-files list (empty), so the caller's list travels with the job and the guard checks both.
 */
import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { BandKey } from '../../shared/band-key.ts';
import { AppError } from '../../shared/errors.ts';
import { summaryToCsv } from '../../shared/export/csv.ts';
import type { SummaryTable } from '../../shared/export/summary.ts';
import { cellText } from '../../shared/import/cells.ts';
import { checkImport, type ImportPlan } from '../../shared/import/check.ts';
import { importSummary } from '../../shared/import/summary.ts';
import type {
  AcceptedRepair,
  ImportMapping,
  ImportResult,
  ImportPreview,
  ImportRowPreview,
  PreviewRowsPage,
  SourceTable,
} from '../../shared/import/types.ts';
import { auditToXlsx, toCsv } from '../audit.ts';
import { type BackupResult, backupRegister } from '../backup.ts';
import { summaryXlsxPieces } from '../export/xlsx.ts';
import type { WorkbookBoard } from '../export/xlsx-board.ts';
import { writeFileAtomic } from '../files/write.ts';
import { hashFile, type ImportFile, readImportFile } from '../import/read.ts';
import { checkpointPassive } from '../transaction.ts';
import type { WriteContext } from '../write-context.ts';

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
 * A file checked at preview, kept until the commit (issue 14: the plan is not made twice) by the thread that made it
 * (the worker, which commits it: `import:commit`). The plan is a pure function of the file, the mapping and the
 * register's `PreviewContext`; the commit uses it only when the file's SHA-256 and the context's fingerprint
 * (`contextKey`, db/import/run.ts) are still the same.
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

/**
 * What the main process keeps of a preview's plan: the token that names the plan to the thread that keeps it, and
 * what the main process checks before it asks for that plan's commit (the file, the mapping). At 100,000 rows the plan
 * itself was 67.6 MB of structured clone taken in by the main thread at preview (issue 14); this is a few hundred bytes.
 */
export interface PreparedTicket {
  token: string;
  path: string;
  fileName: string;
  fileHash: string;
  mappingKey: string;
  /** The fingerprint of the register the plan was checked against (`contextKey`). */
  context: string;
}

export interface Jobs {
  /** Read and parse an import file (limits checked while reading). */
  'import:read': { input: { path: string; mapping?: ImportMapping | undefined }; output: ImportFile };
  /**
   * Read, parse and check an import file against the register's refs and Key: the whole preview. A register
   * workbook (our own export, `registerWorkbookAt`) is previewed as it is: no mapping, no check against the register.
   */
  'import:preview': {
    input: {
      path: string;
      /** The mapping the preview was asked for. */
      mapping?: ImportMapping | undefined;
      context: PreviewContext;
      /** Only the first rows in the answer's `rows`, the others kept here for `import:preview-rows`. */
      firstRows?: number | undefined;
    };
    output: {
      preview: Omit<ImportPreview, 'file'>;
      /**
       * The plan stays in this thread for `import:commit`; the caller gets its ticket. Null for a register workbook,
       * which has no plan: its commit reads it again.
       */
      prepared: PreparedTicket | null;
      /** Names this preview's rows, kept by the thread that made them (when asked for `firstRows`). */
      rowsToken: string;
    };
  };
  /** A page of the rows of the last preview made by this thread (the one `token` names). */
  'import:preview-rows': {
    input: { token: string; offset: number; limit: number; only: 'all' | 'problems' };
    output: PreviewRowsPage;
  };
  /**
   * The commit of an import, on a connection of this thread's own to the register (the caller has it open read-write
   * and checked that it may write): the plan `token` names when it is this thread's last preview's, its file
   * unchanged (SHA-256) and no repairs accepted (`commitPrepared`, which refuses with CONFLICT if the register changed
   * since); else the file read and checked again (`commitImport`, with the repairs accepted). The plan is let go either
   * way. A register workbook is read again and imported whole (`importRegisterWorkbook`), refused VALIDATION when its
   * SHA-256 is no longer `fileHash`. Errors are the commit's own AppErrors.
   */
  'import:commit': {
    input: {
      registerPath: string;
      path: string;
      token: string | null;
      mapping?: ImportMapping | undefined;
      accept: AcceptedRepair[];
      fileHash?: string | undefined;
      ctx: WriteContext;
    };
    output: ImportResult;
  };
  /**
   * Let go of the last preview's rows (its commit has started: the plan is still needed); with `plan`, of its plan
   * too (the dialog was closed without importing).
   */
  'import:forget': { input: { plan?: true }; output: null };
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

/**
 * The rows of the last preview, kept by the thread that made them (the worker) until the next preview or the
 * commit, so that the window's preview carries one page of them and the rest are read a page at a time (issue 14:
 * every row was ~72 MB of JSON for a 100,000-row file, cloned to the main process and again to the window, to show
 * 300). The main process keeps only the slim plan the commit needs (`PreparedImport`). One preview at a time, as
 * the main process keeps one.
 */
let shownRows: { token: string; rows: ImportRowPreview[]; problems: ImportRowPreview[] | null } | null = null;

/** The preview with only its first `firstRows` rows, and what the window needs to know of the others. */
export function firstPage(
  preview: Omit<ImportPreview, 'file'>,
  firstRows: number,
): Omit<ImportPreview, 'file'> {
  const rows = preview.rows;
  let problems = 0;
  const repairRows: NonNullable<ImportPreview['paged']>['repairRows'] = [];
  for (const r of rows) {
    if (r.status !== 'ok') problems += 1;
    if (r.repairs.length > 0 || r.status === 'needs-repair') {
      repairRows.push({
        row: r.row,
        status: r.status,
        kinds: r.repairs.map((x) => x.kind),
        ...(r.errors.length > 0 ? { errors: true as const } : {}),
      });
    }
  }
  return { ...preview, rows: rows.slice(0, firstRows), paged: { total: rows.length, problems, repairRows } };
}

/** A page of a list of rows: all of them, or those with something to check (not `ok`). */
export function pageOf(rows: readonly ImportRowPreview[], offset: number, limit: number): PreviewRowsPage {
  return { offset, total: rows.length, rows: rows.slice(offset, offset + limit) };
}

function previewRows({ token, offset, limit, only }: JobInput<'import:preview-rows'>): PreviewRowsPage {
  const kept = shownRows;
  if (kept?.token !== token) {
    // The worker was restarted, or another preview replaced these rows.
    throw new AppError('CONFLICT', 'The rows of this preview are no longer kept. Preview the file again.');
  }
  if (only === 'all') return pageOf(kept.rows, offset, limit);
  kept.problems ??= kept.rows.filter((r) => r.status !== 'ok');
  return pageOf(kept.problems, offset, limit);
}

/**
 * The plan of the last preview made by this thread, until its commit or the next preview (one at a time, as the
 * main process kept one), with the fingerprint of the register it was checked against.
 */
let keptImport: { token: string; prepared: PreparedImport; context: string } | null = null;

/**
 * The register workbook at `path` (our own export), read and parsed whole here, or null when it is not one. Its
 * module (and the writes it brings) loaded only for an XLSX.
 */
async function ownWorkbookAt(path: string) {
  if (!/\.xlsx$/i.test(path)) return null;
  const workbook = await import('../import/register-workbook.ts');
  const own = await workbook.registerWorkbookAt(path);
  return own ? { ...own, fileHash: createHash('sha256').update(own.bytes).digest('hex'), workbook } : null;
}

async function commit(input: JobInput<'import:commit'>): Promise<ImportResult> {
  const { registerPath, path, token, mapping, accept, fileHash, ctx } = input;
  const kept = token !== null && keptImport?.token === token && accept.length === 0 ? keptImport : null;
  keptImport = null;
  shownRows = null;
  // A register workbook imports as it is, told apart first as the main process did when it imported one itself
  // (issue 14: 1.25-1.6 s at 10,000 risks on the window's thread), and on this thread's own connection as below.
  const own = await ownWorkbookAt(path);
  if (own) {
    if (fileHash && own.fileHash !== fileHash) {
      throw new AppError(
        'VALIDATION',
        `${basename(path)} changed since it was previewed. Preview it again, then import.`,
      );
    }
    const { openRegisterForWriting } = await import('../connection.ts');
    const db = openRegisterForWriting(registerPath);
    try {
      return own.workbook.importRegisterWorkbook(db, own.book, basename(path), ctx);
    } finally {
      db.close();
    }
  }
  // Loaded on first commit, not when the worker starts (its previews need neither the migrations nor the writes).
  const [{ openRegisterForWriting }, run, { readRememberedMapping }] = await Promise.all([
    import('../connection.ts'),
    import('../import/run.ts'),
    import('../import/remembered.ts'),
  ]);
  if (kept) {
    // The guarantee that the file imported is the file previewed: its bytes hashed again.
    const prepared = kept.prepared;
    if (hashFile(path) !== prepared.fileHash || (fileHash && fileHash !== prepared.fileHash)) {
      throw new AppError(
        'CONFLICT',
        `${prepared.fileName} has changed since it was previewed. Preview it again, then import.`,
      );
    }
    const db = openRegisterForWriting(registerPath);
    try {
      return run.commitPrepared(db, prepared, kept.context, mapping, ctx);
    } finally {
      db.close();
    }
  }
  const db = openRegisterForWriting(registerPath);
  try {
    // The mapping (supplied or remembered) also picks the worksheet of a workbook.
    const file = await readImportFile(path, { ...readRememberedMapping(db), ...mapping });
    return run.commitImport(db, file, { mapping, accept, fileHash }, ctx);
  } finally {
    db.close();
  }
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
  'import:preview': async ({ path, mapping, context, firstRows }) => {
    shownRows = null;
    keptImport = null;
    // A register workbook (our own export) imports as it is: no mapping, no repairs, no plan kept. Its rows are
    // kept here for the window's pages as any file's (`firstPage`, `pageOf`: the same answers as the main process
    // gave when it read the workbook itself).
    const own = await ownWorkbookAt(path);
    if (own) {
      const preview = own.workbook.registerWorkbookPreview(own.book, {
        path,
        fileName: basename(path),
        fileHash: own.fileHash,
      });
      const rowsToken = randomUUID();
      if (firstRows !== undefined) shownRows = { token: rowsToken, rows: preview.rows, problems: null };
      setImmediate(() => void import('../connection.ts').catch(() => undefined));
      return {
        preview: firstRows === undefined ? preview : firstPage(preview, firstRows),
        prepared: null,
        rowsToken,
      };
    }
    // The mapping (supplied or remembered) also picks the worksheet of a workbook.
    const file = await readImportFile(path, { ...context.remembered, ...mapping });
    const { preview, prepared } = previewAndPlan(file, context, mapping);
    const rowsToken = randomUUID();
    // Kept only for a window that pages through them: a preview of every row (the CLI, the bench) keeps nothing
    // through its commit, as before.
    if (firstRows !== undefined) shownRows = { token: rowsToken, rows: preview.rows, problems: null };
    const { contextKey } = await import('../import/run.ts');
    const ticket: PreparedTicket = {
      token: rowsToken,
      path: prepared.path,
      fileName: prepared.fileName,
      fileHash: prepared.fileHash,
      mappingKey: prepared.mappingKey,
      context: contextKey(context),
    };
    keptImport = { token: rowsToken, prepared, context: ticket.context };
    // What the commit loads (the opening code and its migrations), loaded once the answer has gone, not while the
    // user waits for the commit.
    setImmediate(() => void import('../connection.ts').catch(() => undefined));
    return {
      preview: firstRows === undefined ? preview : firstPage(preview, firstRows),
      prepared: ticket,
      rowsToken,
    };
  },
  'import:preview-rows': (input) => Promise.resolve(previewRows(input)),
  'import:commit': commit,
  'import:forget': ({ plan }) => {
    shownRows = null;
    if (plan) keptImport = null;
    return Promise.resolve(null);
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
