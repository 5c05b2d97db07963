/**
 * The audit trail: history across the whole register with filters, the chain check, and CSV/XLSX exports.
 * History itself is written only by `appendHistory` (db/history.ts); this file reads it.
 */
import type { Database } from 'better-sqlite3';
import { loadExcelJS } from './exceljs.ts';
import { writeFileAtomic } from './files/write.ts';
import { openFiles } from './files/open-files.ts';
import type { WorkRunner } from './work/runner.ts';
import type { BandKey } from '../shared/band-key.ts';
import type { AuditCheck, ExportOutcome } from '../shared/contract/history.ts';
import type { HistoryEntry } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import { describeValue, formatDate, isoDay } from '../shared/travel.ts';
import { HISTORY_ANCHOR } from '../shared/contract/history.ts';
import { appendHistory, historyHead, verifyHistory } from './history.ts';
import { checkRowsAgainstHistory } from './history-replay.ts';
import type { WriteContext } from './write-context.ts';
import { stmt } from './statements.ts';
import type { HistoryRow } from './history.ts';
import { HISTORY_COLUMNS, toHistoryEntry } from './history.ts';
import { writeTransaction } from './transaction.ts';

/** Every risk's history, oldest first, by risk id (one query for the whole register). */
export function riskHistories(db: Database): Map<string, HistoryEntry[]> {
  const out = new Map<string, HistoryEntry[]>();
  const rows = db
    .prepare(`SELECT ${HISTORY_COLUMNS} FROM history WHERE entity = 'risk' ORDER BY seq`)
    .iterate() as Iterable<HistoryRow>;
  for (const row of rows) {
    const list = out.get(row.entity_id);
    if (list) list.push(toHistoryEntry(row));
    else out.set(row.entity_id, [toHistoryEntry(row)]);
  }
  return out;
}

export interface AuditFilters {
  person?: string | undefined;
  /** First and last local day to include, yyyy-mm-dd. */
  from?: string | undefined;
  to?: string | undefined;
  riskId?: string | undefined;
  field?: string | undefined;
  action?: HistoryEntry['action'] | undefined;
}

/** Start of a local calendar day as the UTC ISO string history stores. */
function startOfLocalDay(isoDate: string, plusDays = 0): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function where(f: AuditFilters): { sql: string; params: Record<string, string> } {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (f.person) {
    clauses.push('by = @person COLLATE NOCASE');
    params.person = f.person;
  }
  if (f.from) {
    clauses.push('at >= @from');
    params.from = startOfLocalDay(f.from);
  }
  if (f.to) {
    clauses.push('at < @to');
    params.to = startOfLocalDay(f.to, 1);
  }
  if (f.riskId) {
    clauses.push("entity = 'risk' AND entity_id = @riskId");
    params.riskId = f.riskId;
  }
  if (f.field) {
    clauses.push('field = @field');
    params.field = f.field;
  }
  if (f.action) {
    clauses.push('action = @action');
    params.action = f.action;
  }
  return { sql: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

function checkDates(f: AuditFilters): void {
  if (f.from && f.to && f.from > f.to) {
    throw new AppError(
      'VALIDATION',
      `The "from" date ${formatDate(f.from)} is after the "to" date ${formatDate(f.to)}. Swap them or widen the range.`,
    );
  }
}

/** History entries matching the filters, newest first. */
export function listAudit(
  db: Database,
  filters: AuditFilters,
  limit: number,
  offset: number,
): { entries: HistoryEntry[]; total: number } {
  checkDates(filters);
  const w = where(filters);
  const total = stmt(db, `SELECT COUNT(*) FROM history${w.sql}`).pluck().get(w.params) as number;
  const rows = stmt(
    db,
    `SELECT ${HISTORY_COLUMNS} FROM history${w.sql} ORDER BY seq DESC LIMIT @limit OFFSET @offset`,
  ).all({ ...w.params, limit, offset }) as HistoryRow[];
  return { entries: rows.map(toHistoryEntry), total };
}

export function auditFacets(db: Database): { people: string[]; fields: string[] } {
  const people = stmt(db, 'SELECT DISTINCT by FROM history ORDER BY by COLLATE NOCASE')
    .pluck()
    .all() as string[];
  const fields = stmt(db, 'SELECT DISTINCT field FROM history WHERE field IS NOT NULL ORDER BY field')
    .pluck()
    .all() as string[];
  return { people, fields };
}

/**
 * Everything the register can prove about its history:
 * 1. the hash chain holds from the first entry (`verifyHistory`);
 * 2. nothing was cut off the end: SQLite remembers the highest entry number ever used (`sqlite_sequence`);
 * 3. with an `anchor` (`SEQ:HASH`, kept outside the file): entry SEQ still exists with that hash, so a history that
 *    was rewritten and re-chained, wiped, or cut back with the sequence reset shows;
 * 4. the risk rows as they stand match the last values their history recorded (`checkRowsAgainstHistory`), so a
 *    row edited directly in the file shows.
 */
export function checkChain(db: Database, anchor?: string): AuditCheck {
  const { head } = historyHead(db);
  const broken = (firstBroken: number, entries: number, problem: string): AuditCheck => ({
    ok: false,
    entries,
    firstBroken,
    problem,
    message: `History broken at entry ${firstBroken}: ${problem}. Checked ${entries} entries.`,
    head,
  });
  const chain = verifyHistory(db);
  if (!chain.ok) return broken(chain.firstBroken, chain.entries, chain.problem);
  const highest =
    (stmt(db, "SELECT seq FROM sqlite_sequence WHERE name = 'history'").pluck().get() as
      number | undefined) ?? 0;
  if (highest > chain.entries) {
    const first = chain.entries + 1;
    const problem =
      highest === first ? `entry ${first} is missing` : `entries ${first} to ${highest} are missing`;
    return broken(first, chain.entries, problem);
  }
  if (anchor !== undefined) {
    const m = HISTORY_ANCHOR.exec(anchor);
    if (!m) {
      throw new AppError(
        'VALIDATION',
        'The anchor must be written SEQ:HASH, as printed by "audit head": an entry number, a colon and the hash (at least its first 12 hexadecimal characters).',
      );
    }
    const seq = Number(m[1]);
    const hash = m[2] as string;
    if (seq > 0) {
      const found = stmt(db, 'SELECT hash FROM history WHERE seq = ?').pluck().get(seq) as string | undefined;
      if (found === undefined) {
        return broken(
          Math.min(seq, chain.entries + 1),
          chain.entries,
          `the anchored entry ${seq} no longer exists (the history has ${chain.entries} entries): it was wiped or cut back`,
        );
      }
      if (!found.startsWith(hash)) {
        return broken(
          seq,
          chain.entries,
          `entry ${seq} no longer has the anchored hash ${hash.slice(0, 12)}…: the history was rewritten`,
        );
      }
    }
  }
  const rows = checkRowsAgainstHistory(db);
  if (!rows.ok) return broken(rows.seq, chain.entries, rows.problem);
  // The risk rows were checked too: "intact" means every check above held.
  const anchored = anchor === undefined ? '' : `, anchored at entry ${anchor.split(':')[0]}`;
  return {
    ok: true,
    entries: chain.entries,
    message: `History intact: ${chain.entries} entries${anchored}.`,
    head,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Export

export const EXPORT_HEADERS = [
  'Entry',
  'Date',
  'Time',
  'By',
  'Item',
  'Type',
  'Action',
  'Field',
  'Old value',
  'New value',
  'Reason',
  'Hash',
] as const;

/** One entry as an export row; the last cell is the entry's hash, so any row of an export is an anchor. */
function exportRow(e: HistoryEntry & { hash: string }, key: BandKey): string[] {
  const at = new Date(e.at);
  const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return [
    String(e.seq),
    formatDate(isoDay(at)),
    time,
    e.by,
    e.label,
    e.entity,
    e.action,
    e.field ?? '',
    describeValue(e.oldValue, key),
    describeValue(e.newValue, key),
    e.reason ?? '',
    `${e.seq}:${e.hash}`,
  ];
}

/**
 * A spreadsheet must never run what it reads: a cell starting with = + - @, a tab or a carriage return
 * is shown as text by a leading apostrophe (OWASP's CSV injection advice).
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string): string {
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV for Excel: UTF-8 with a byte order mark, CRLF line ends, every cell neutralised. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function auditToXlsx(rows: readonly (readonly string[])[]): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Risk Register';
  const ws = wb.addWorksheet('Audit trail', { views: [{ state: 'frozen', ySplit: 1 }] });
  rows.forEach((r, i) => ws.addRow(i === 0 ? [...r] : [Number(r[0]), ...r.slice(1)]));
  ws.getRow(1).font = { bold: true };
  const widths = [8, 12, 7, 18, 24, 10, 10, 14, 40, 40, 40, 20];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  for (const c of [9, 10, 11]) ws.getColumn(c).alignment = { wrapText: true, vertical: 'top' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: rows[0]?.length ?? 1 } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every entry matching the filters, oldest first (a whole trail reads top to bottom), with its hash. */
function allMatching(db: Database, filters: AuditFilters): (HistoryEntry & { hash: string })[] {
  checkDates(filters);
  const w = where(filters);
  const rows = stmt(db, `SELECT ${HISTORY_COLUMNS}, hash FROM history${w.sql} ORDER BY seq`).all(
    w.params,
  ) as HistoryRow[];
  return rows.map((r) => ({ ...toHistoryEntry(r), hash: r.hash }));
}

/**
 * Export the history (filtered) to CSV or XLSX. The file is written first; the export is then recorded in
 * history with action 'export', so a failed write leaves no record of an export that did not happen.
 */
export async function exportAudit(
  db: Database,
  filters: AuditFilters,
  format: 'csv' | 'xlsx',
  path: string,
  key: BandKey,
  ctx: WriteContext,
  /** Builds and writes the file off this thread (db/work); without it, here. */
  work?: WorkRunner,
  /**
   * A write into this register by another connection of this process now (db/session.ts `writingElsewhere`):
   * the export is recorded after it, rather than block the thread on the register's write lock.
   */
  writingElsewhere?: () => Promise<void> | null,
): Promise<ExportOutcome> {
  const entries = allMatching(db, filters);
  const { head } = historyHead(db);
  const rows: string[][] = [[...EXPORT_HEADERS], ...entries.map((e) => exportRow(e, key))];
  if (work) await work.run('audit:write', { rows, format, path, protect: openFiles() });
  else writeFileAtomic(path, format === 'csv' ? toCsv(rows) : await auditToXlsx(rows));
  const applied = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
  for (let w = writingElsewhere?.(); w; w = writingElsewhere?.()) await w;
  writeTransaction(db, () => {
    appendHistory(db, [
      {
        entity: 'register',
        entityId: 'audit',
        label: 'Audit trail',
        action: 'export',
        field: null,
        oldValue: null,
        newValue: { format, path, rows: entries.length, filters: applied, historyHead: head },
        reason: null,
        at: ctx.now,
        by: ctx.by,
      },
    ]);
  });
  return { path, format, rows: entries.length, historyHead: head };
}
