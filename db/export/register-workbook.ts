/**
 * The register workbook (issue 11): every live risk with its title, scores, review cycle and next review, owners
 * by initials and name, the tracked actions, the owners directory and the Key, as an XLSX that imports into an
 * empty register and gives back the same register (db/import/register-workbook.ts). Written through the one file
 * writer and recorded in history as an export.
 */
import { basename } from 'node:path';
import type { Database } from 'better-sqlite3';
import { loadExcelJS } from '../exceljs.ts';
import type {
  RegisterWorkbook,
  WorkbookAction,
  WorkbookRisk,
} from '../../shared/export/register-workbook.ts';
import {
  ACTION_HEADERS,
  CYCLE_WORDS,
  KEY_HEADERS,
  OWNER_HEADERS,
  RISK_HEADERS,
  safeText,
  STATUS_WORDS,
  WORKBOOK_SHEETS,
} from '../../shared/export/register-workbook.ts';
import { isoDay } from '../../shared/travel.ts';
import { listActions } from '../actions.ts';
import { writeFileAtomic } from '../files/write.ts';
import { appendHistory, historyHead } from '../history.ts';
import { listOwners } from '../owners.ts';
import { reviewStates } from '../reviews.ts';
import { listRisks } from '../risks.ts';
import { readSettings } from '../settings.ts';
import { writeTransaction } from '../transaction.ts';
import type { WriteContext } from '../write-context.ts';
import {
  addOrangeSheets,
  registerOrange,
  RISK_ORANGE_DATE_OFFSETS,
  riskOrange,
  riskOrangeCells,
} from './register-workbook-orange.ts';
import { RISK_EXTRA_HEADERS } from '../../shared/export/register-workbook.ts';

/** The register as the workbook's rows. */
export function registerWorkbook(db: Database, today: string): RegisterWorkbook {
  const owners = listOwners(db);
  const nameOf = new Map(owners.map((o) => [o.initials, o.name]));
  const states = reviewStates(db);
  const records = listRisks(db);
  const risks: WorkbookRisk[] = records.map((r) => {
    const state = states.get(r.id);
    return {
      ref: r.ref,
      title: r.title,
      description: r.description,
      category: r.category,
      owners: r.owners,
      ownerNames: r.owners.map((o) => nameOf.get(o) ?? ''),
      inherentImpact: r.inherent?.impact ?? null,
      inherentLikelihood: r.inherent?.likelihood ?? null,
      impact: r.impact,
      likelihood: r.likelihood,
      targetImpact: r.target?.impact ?? null,
      targetLikelihood: r.target?.likelihood ?? null,
      reviewCycle: state?.cycle ?? 'quarterly',
      nextReview: state?.nextReview ?? r.nextReview ?? null,
      mitigation: r.mitigation,
      confidential: r.confidential,
      ...riskOrange(db, r),
    };
  });
  const actions: WorkbookAction[] = listActions(db, {}, today).map((a) => ({
    ref: a.riskRef,
    text: a.text,
    owner: a.owner,
    dueDate: a.dueDate,
    status: a.status,
  }));
  return {
    risks,
    actions,
    owners: owners.map((o) => ({ initials: o.initials, name: o.name, role: o.role, email: o.email })),
    key: readSettings(db).key.map((b) => ({ ...b })),
    ...registerOrange(db, records, today),
  };
}

/** An ISO day as an Excel date (UTC midnight), shown dd/mm/yyyy. */
function excelDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

const text = (s: string | null) => (s === null || s === '' ? null : safeText(s));

export async function registerWorkbookToXlsx(book: RegisterWorkbook, created: Date): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Risk Register';
  wb.created = created;
  wb.modified = created;
  const sheet = (name: string, headers: readonly string[], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow([...headers]).font = { bold: true };
    headers.forEach((_, i) => {
      ws.getColumn(i + 1).width = widths[i] ?? 14;
    });
    return ws;
  };

  const risks = sheet(
    WORKBOOK_SHEETS.risks,
    [...RISK_HEADERS, ...RISK_EXTRA_HEADERS],
    [9, 30, 60, 18, 14, 24, 9, 9, 9, 9, 9, 9, 12, 12, 60, 12, 40, 40, 40, 12, 40, 12, 20, 40, 12, 24],
  );
  for (const r of book.risks) {
    const row = risks.addRow([
      safeText(r.ref),
      text(r.title),
      text(r.description),
      text(r.category),
      text(r.owners.join('; ')),
      text(r.ownerNames.join('; ')),
      r.inherentImpact,
      r.inherentLikelihood,
      r.impact,
      r.likelihood,
      r.targetImpact,
      r.targetLikelihood,
      CYCLE_WORDS[r.reviewCycle],
      r.nextReview ? excelDate(r.nextReview) : null,
      text(r.mitigation),
      r.confidential ? 'Yes' : 'No',
      ...riskOrangeCells(r),
    ]);
    row.getCell(14).numFmt = 'dd/mm/yyyy';
    for (const o of RISK_ORANGE_DATE_OFFSETS) row.getCell(RISK_HEADERS.length + 1 + o).numFmt = 'dd/mm/yyyy';
    row.alignment = { vertical: 'top', wrapText: true };
  }

  const actions = sheet(WORKBOOK_SHEETS.actions, ACTION_HEADERS, [10, 60, 10, 12, 12]);
  for (const a of book.actions) {
    const row = actions.addRow([
      safeText(a.ref),
      text(a.text),
      text(a.owner),
      a.dueDate ? excelDate(a.dueDate) : null,
      STATUS_WORDS[a.status],
    ]);
    row.getCell(4).numFmt = 'dd/mm/yyyy';
    row.alignment = { vertical: 'top', wrapText: true };
  }

  const owners = sheet(WORKBOOK_SHEETS.owners, OWNER_HEADERS, [10, 28, 28, 32]);
  for (const o of book.owners) owners.addRow([text(o.initials), text(o.name), text(o.role), text(o.email)]);

  const key = sheet(WORKBOOK_SHEETS.key, KEY_HEADERS, [12, 11, 11, 10, 70]);
  for (const b of book.key) {
    const row = key.addRow([text(b.name), b.min, b.max, b.colour, text(b.action)]);
    row.getCell(1).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: `FF${b.colour.replace('#', '').toUpperCase()}` },
    };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  addOrangeSheets(wb, book);
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** Write the workbook to `path` and record the export (not on a register open read-only). */
export async function exportRegisterWorkbook(
  db: Database,
  path: string,
  ctx: WriteContext & {
    date: Date;
    readOnly: boolean;
    /** A write into this register by another connection of this process now (db/session.ts): recorded after it. */
    writingElsewhere?: () => Promise<void> | null;
  },
): Promise<{ path: string; risks: number; actions: number; historyHead: string | null }> {
  const book = registerWorkbook(db, isoDay(ctx.date));
  const head = historyHead(db).head;
  writeFileAtomic(path, await registerWorkbookToXlsx(book, ctx.date));
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
            format: 'xlsx',
            workbook: 'register',
            rows: book.risks.length,
            actions: book.actions.length,
            historyHead: head,
            refs: book.risks.map((r) => r.ref),
          },
          reason: `Exported the register workbook to ${basename(path)}`,
          at: ctx.now,
          by: ctx.by,
        },
      ]),
    );
  }
  return { path, risks: book.risks.length, actions: book.actions.length, historyHead: head };
}
