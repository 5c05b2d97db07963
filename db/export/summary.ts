/** Export of the summary table to a file, with a history entry. */
import type { Database } from 'better-sqlite3';
import { summaryToCsv } from '../../shared/export/csv.ts';
import type { SummaryScores, SummarySort, SummaryTable } from '../../shared/export/summary.ts';
import { buildSummary } from '../../shared/export/summary.ts';
import { listCategories } from '../categories.ts';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { travelSinceReview } from '../../shared/travel.ts';
import type { TimelinePoint } from '../../shared/travel.ts';
import { packHistory, packHistoryOf, scoreHistory, scoreTimelines } from '../timelines.ts';
import { boardPackRoute, isoDay, looksLikePdf } from '../../shared/export/board-pack.ts';
import type { RenderPdf } from '../handlers/deps.ts';
import { AppError } from '../../shared/errors.ts';
import { appendHistory, historyHead } from '../history.ts';
import { exportRisksScanned, listRisks } from '../risks.ts';
import { readSettings } from '../settings.ts';
import { readBoardSettings } from '../board.ts';
import type { WriteContext } from '../write-context.ts';
import { writeFileAtomic } from './write.ts';
import { openFiles } from '../files/open-files.ts';
import type { WorkRunner } from '../work/runner.ts';
import { summaryXlsxPieces } from './xlsx.ts';
import type { WorkbookBoard } from './xlsx-board.ts';
import type { BoardPackReads } from './board-pack-data.ts';
import { gatherWorkbookPack } from './board-pack-data.ts';
import { startPackHistory } from './pack-history-thread.ts';
import { readCriteria } from '../criteria.ts';
import { basename } from 'node:path';
import { writeTransaction } from '../transaction.ts';
import { stmt } from '../statements.ts';
import type { Treatment } from '../../shared/controls.ts';

export type ExportFormat = 'xlsx' | 'csv' | 'pdf';

export interface SummaryRequest {
  format: ExportFormat;
  scores: SummaryScores;
  bands: readonly string[] | null;
  sort: SummarySort;
  /** A last column with each risk's direction of travel since its previous review (current scores only). */
  travel?: boolean;
  /** PDF: the protective marking for this print (the register's own when absent). */
  marking?: string | undefined;
  /** PDF: with the exempt Part B listing the confidential risks. */
  exempt?: boolean | undefined;
}

export const PDF_NOT_HERE =
  'PDF export is available from the app (File › Export › Board pack PDF), which draws the summary, the Key and ' +
  'the heatmap itself. Choose xlsx or csv here.';

export function assertFileFormat(format: ExportFormat): asserts format is 'xlsx' | 'csv' {
  if (format === 'pdf') throw new AppError('VALIDATION', PDF_NOT_HERE);
}

/**
 * The most rows a board pack PDF is drawn with. Chromium lays out and prints the whole table in one go: measured
 * on the shared 2-core build machine (docs/performance.md), 1,000 rows took 50 s under heavy load, and 100,000 rows
 * failed after 33 s with a print timeout. Above this, the PDF is refused before any work,
 * with what to do instead, rather than a timeout error.
 */
export const BOARD_PACK_MAX_ROWS = 2_000;

export function assertBoardPackSize(rows: number): void {
  if (rows <= BOARD_PACK_MAX_ROWS) return;
  throw new AppError(
    'VALIDATION',
    `The board pack PDF holds at most ${BOARD_PACK_MAX_ROWS.toLocaleString('en-GB')} risks, and this summary has ` +
      `${rows.toLocaleString('en-GB')}. Choose bands (for example Red and Amber) to print the risks that need ` +
      'attention, or export the whole summary as xlsx or csv.',
    { limit: 'boardPackRows', rows, max: BOARD_PACK_MAX_ROWS },
  );
}

/** The board pack PDF, drawn by the host from the print route; refused when the host cannot print. */
async function boardPackPdf(
  request: SummaryRequest,
  table: SummaryTable,
  date: Date,
  renderPdf: RenderPdf | undefined,
  marking: string,
): Promise<Uint8Array> {
  if (!renderPdf) throw new AppError('VALIDATION', PDF_NOT_HERE);
  assertBoardPackSize(table.rows.length);
  const route = boardPackRoute({
    scores: request.scores,
    bands: request.bands ? [...request.bands] : null,
    sort: request.sort,
    asAt: isoDay(date),
    travel: request.travel ?? false,
    marking,
    exempt: request.exempt ?? false,
  });
  const data = await renderPdf(route, {
    footer: table.historyNote
      ? `${marking} · ${table.title} · ${table.historyNote}`
      : `${marking} · ${table.title}`,
  });
  if (!looksLikePdf(data)) throw new AppError('INTERNAL', 'The board pack could not be printed to PDF.');
  return data;
}

/** "LGA Strategic Risk Register summary 2026-04-01.xlsx", safe on every file system. */
export function defaultExportName(registerName: string, format: ExportFormat, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
  const name =
    [...registerName]
      .map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? ' ' : ch))
      .join('')
      .replace(/\s+/g, ' ')
      .trim() || 'Risk register';
  return `${name} summary ${day}.${format}`;
}

/** "↑ up from 10 Yellow" by ref, since each risk's previous review (or its first score). */
function travelByRef(
  db: Database,
  risks: readonly RiskRecord[],
  key: BandKey,
  timelines: ReadonlyMap<string, TimelinePoint[]> = scoreTimelines(db),
): Map<string, string> {
  return new Map(
    risks.map((r) => {
      const t = travelSinceReview(r, timelines.get(r.id) ?? [], key);
      return [r.ref, `${t.arrow} ${t.text}`];
    }),
  );
}

export function summaryTable(
  db: Database,
  request: SummaryRequest,
  now: Date,
  /** The risks (and timelines) when the caller has read them already (the XLSX export, for its board pack). */
  reads?: Pick<BoardPackReads, 'risks' | 'timelines'>,
): SummaryTable {
  const settings = readSettings(db);
  const risks = reads?.risks ?? listRisks(db);
  const travel =
    request.travel && request.scores === 'current'
      ? travelByRef(db, risks, settings.key, reads?.timelines)
      : null;
  return buildSummary(
    risks,
    { name: settings.name, key: settings.key },
    {
      scores: request.scores,
      bands: request.bands,
      sort: request.sort,
      asAt: now,
      travel,
      historyHead: historyHead(db).head,
      categories: listCategories(db),
      treatments: treatmentsById(db),
      // `listRisks` and `exportRisks` give the risks sorted by ref (`compareRefs`, the table's own order).
      inRefOrder: true,
    },
  );
}

/** Each risk's recorded treatment decision, by risk id (one read for the whole summary). */
function treatmentsById(db: Database): Map<string, Treatment> {
  const rows = stmt(
    db,
    'SELECT risk_id, treatment FROM risk_treatments WHERE treatment IS NOT NULL',
  ).all() as { risk_id: string; treatment: Treatment }[];
  return new Map(rows.map((r) => [r.risk_id, r.treatment]));
}

/**
 * The summary table and, for XLSX, the board pack's sheets. The workbook carries the board pack's structure, from
 * the same model as the PDF: the risks and their score history are read once for the table and the pack, and
 * (being local to this function) are let go before the workbook is written: at 100,000 risks they are a large
 * part of the peak.
 */
function tableAndBoard(
  db: Database,
  request: SummaryRequest,
  date: Date,
): { table: SummaryTable; board: WorkbookBoard | undefined } {
  if (request.format !== 'xlsx') return { table: summaryTable(db, request, date), board: undefined };
  // The timelines only for the travel column; the pack needs each risk's previous-review score and the changes,
  // read (for a large register) in a thread of their own while the risks are read and the table made here.
  const travel = request.travel && request.scores === 'current';
  const aside = travel ? null : startPackHistory(db);
  const read = exportRisksScanned(db);
  const risks = read.risks;
  const full = travel ? scoreHistory(db) : null;
  const table = summaryTable(db, request, date, { risks, timelines: full?.timelines });
  const reads: BoardPackReads = full
    ? { risks, history: packHistoryOf(full), timelines: full.timelines }
    : { risks, history: aside ? aside.result(read) : packHistory(db) };
  return {
    table,
    board: {
      pack: gatherWorkbookPack(db, date, { marking: request.marking }, reads),
      criteria: readCriteria(db),
    },
  };
}

/**
 * Write the summary to `path` (temp file, then rename) and record the export in history. A register open
 * read-only (from a newer app) is exported without a history entry, since it cannot be written.
 */
export async function exportSummary(
  db: Database,
  request: SummaryRequest,
  path: string,
  ctx: WriteContext & {
    date: Date;
    readOnly: boolean;
    renderPdf?: RenderPdf | undefined;
    /** Builds and writes XLSX/CSV off this thread (db/work); without it, here. */
    work?: WorkRunner | undefined;
    /** A write into this register by another connection of this process now (db/session.ts): recorded after it. */
    writingElsewhere?: (() => Promise<void> | null) | undefined;
  },
): Promise<{
  path: string;
  format: ExportFormat;
  rows: number;
  subtitle: string;
  historyHead: string | null;
}> {
  const format = request.format;
  if (!ctx.renderPdf) assertFileFormat(format);
  const { table, board } = tableAndBoard(db, request, ctx.date);
  if (ctx.work && format !== 'pdf') {
    await ctx.work.run('summary:write', {
      table,
      format,
      created: ctx.date,
      path,
      protect: openFiles(),
      board,
    });
  } else {
    const data =
      format === 'xlsx'
        ? await summaryXlsxPieces(table, ctx.date, board)
        : format === 'csv'
          ? summaryToCsv(table)
          : await boardPackPdf(
              request,
              table,
              ctx.date,
              ctx.renderPdf,
              request.marking?.trim() || readBoardSettings(db).marking,
            );
    writeFileAtomic(path, data);
  }
  for (let w = ctx.writingElsewhere?.(); w; w = ctx.writingElsewhere?.()) await w;
  if (!ctx.readOnly) {
    writeTransaction(db, () =>
      appendHistory(db, [
        {
          entity: 'register',
          entityId: 'register',
          label: 'Register',
          action: 'export',
          field: null,
          oldValue: null,
          newValue: {
            file: basename(path),
            format,
            scores: request.scores,
            bands: request.bands,
            sort: request.sort,
            rows: table.rows.length,
            historyHead: table.historyHead,
            refs: table.rows.map((r) => r.ref),
            ...(table.columns.some((c) => c.id === 'travel') ? { travel: true } : {}),
            ...(format === 'pdf' ? { exempt: request.exempt ?? false } : {}),
          },
          reason: `Exported the summary to ${basename(path)}`,
          at: ctx.now,
          by: ctx.by,
        },
      ]),
    );
  }
  return {
    path,
    format,
    rows: table.rows.length,
    subtitle: table.subtitle,
    historyHead: table.historyHead,
  };
}
