/**
 * Reading a register workbook (db/export/register-workbook.ts) back: recognised by its sheets and their own
 * header rows (Risks and Actions, with Owners and Key), every cell checked, then imported into an empty register
 * in one transaction — owners, the Key, risks with their titles, scores, review schedule and exempt mark, and the
 * tracked actions — each recorded in history. Any problem refuses the whole file and names every one.
 */
import type { Database } from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import { loadedExcelJS, loadExcelJS } from '../exceljs.ts';
import type { ActionStatus } from '../../shared/actions.ts';
import type { Band } from '../../shared/band-key.ts';
import { checkKey } from '../../shared/band-key.ts';
import type { ScorePair } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import type {
  RegisterWorkbook,
  WorkbookAction,
  WorkbookOwner,
  WorkbookRisk,
} from '../../shared/export/register-workbook.ts';
import {
  ACTION_HEADERS,
  CYCLE_WORDS,
  KEY_HEADERS,
  OWNER_HEADERS,
  readText,
  RISK_HEADERS,
  STATUS_WORDS,
  WORKBOOK_SHEETS,
} from '../../shared/export/register-workbook.ts';
import type { ImportPreview, ImportResult, ImportRowPreview } from '../../shared/import/types.ts';
import { titleProblem } from '../../shared/risk-title.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { isScoreValue } from '../../shared/scoring.ts';
import { isoDay } from '../../shared/travel.ts';
import { createAction } from '../actions.ts';
import { createOwner } from '../directory.ts';
import { appendHistory } from '../history.ts';
import { createRisk } from '../risk-writes.ts';
import { readSettings, writeSetting } from '../settings.ts';
import { stmt } from '../statements.ts';
import { bulkWriteTransaction } from '../transaction.ts';
import type { WriteContext } from '../write-context.ts';
import { scanXlsx, xlsxSheetNames } from './zip-scan.ts';
import { RISK_EXTRA_HEADERS } from '../../shared/export/register-workbook.ts';
import {
  importOrangeAfter,
  importOrangeBefore,
  parseOrangeSheets,
  parseRiskOrange,
} from './register-workbook-orange.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as text (numbers as written, dates as ISO days), and its number or date when it holds one. */
function cellOf(cell: ExcelJS.Cell): { text: string; number: number | null; date: string | null } {
  const v: unknown = cell.type === loadedExcelJS().ValueType.Formula ? cell.result : cell.value;
  if (v === null || v === undefined) return { text: '', number: null, date: null };
  if (typeof v === 'number') return { text: String(v), number: v, date: null };
  if (v instanceof Date) {
    const iso = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    return { text: iso, number: null, date: iso };
  }
  if (typeof v === 'object' && v !== null && 'richText' in v && Array.isArray(v.richText)) {
    return { text: (v.richText as { text: string }[]).map((r) => r.text).join(''), number: null, date: null };
  }
  return { text: String(v as string), number: null, date: null };
}

function headerOf(ws: ExcelJS.Worksheet | undefined, count: number): string[] | null {
  if (!ws) return null;
  const row = ws.getRow(1);
  return Array.from({ length: count }, (_, i) => cellOf(row.getCell(i + 1)).text.trim());
}

const same = (a: readonly string[] | null, b: readonly string[]) =>
  a !== null && a.length === b.length && a.every((h, i) => h === b[i]);

/** True when the workbook is a register workbook: its Risks and Actions sheets carry their own header rows. */
export function looksLikeRegisterWorkbook(wb: ExcelJS.Workbook): boolean {
  return (
    same(headerOf(wb.getWorksheet(WORKBOOK_SHEETS.risks), RISK_HEADERS.length), RISK_HEADERS) &&
    same(headerOf(wb.getWorksheet(WORKBOOK_SHEETS.actions), ACTION_HEADERS.length), ACTION_HEADERS)
  );
}

/** Loads an XLSX (limits checked while unzipping first); null when it is not a register workbook. */
export async function loadRegisterWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook | null> {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null; // not a zip, so not an XLSX
  // Most workbooks are not register workbooks: tell from the sheet names alone (one small part unzipped), so that
  // an ordinary XLSX goes to the import worker without being loaded whole in the handlers' thread first.
  const names = xlsxSheetNames(bytes);
  if (!names || !names.includes(WORKBOOK_SHEETS.risks) || !names.includes(WORKBOOK_SHEETS.actions))
    return null;
  await scanXlsx(bytes);
  const ExcelJSModule = await loadExcelJS();
  const wb = new ExcelJSModule.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  return looksLikeRegisterWorkbook(wb) ? wb : null;
}

/**
 * The file's bytes and its register workbook, or null when it is not one (then the usual import reads it). Run by
 * the import worker (db/work/jobs.ts), not the thread that serves the window (issue 14: 1.4 s at 10,000 risks).
 */
export async function registerWorkbookAt(
  path: string,
): Promise<{ bytes: Uint8Array; book: RegisterWorkbook } | null> {
  if (!/\.xlsx$/i.test(path)) return null;
  let bytes: Uint8Array;
  try {
    // The file's own buffer, not a copy of it (issue 14: 17.7 MB copied by the preview and again by the commit of
    // a 100,000-row workbook that is not a register workbook).
    bytes = readFileSync(path);
  } catch {
    return null; // the usual reader names the problem
  }
  const wb = await loadRegisterWorkbook(bytes);
  return wb ? { bytes, book: parseRegisterWorkbook(wb) } : null;
}

const byWord = <T extends string>(words: Record<T, string>, text: string): T | undefined =>
  (Object.keys(words) as T[]).find((k) => words[k].toLowerCase() === text.trim().toLowerCase());

/** Every row of the four sheets, checked; throws one VALIDATION error naming every problem. */
export function parseRegisterWorkbook(wb: ExcelJS.Workbook): RegisterWorkbook {
  const problems: string[] = [];
  const rowsOf = (name: string, width: number) => {
    const ws = wb.getWorksheet(name);
    const out: { n: number; cells: ReturnType<typeof cellOf>[] }[] = [];
    ws?.eachRow({ includeEmpty: false }, (row, n) => {
      if (n === 1) return;
      const cells = Array.from({ length: width }, (_, i) => cellOf(row.getCell(i + 1)));
      if (cells.some((c) => c.text.trim() !== '')) out.push({ n, cells });
    });
    return out;
  };
  const txt = (c: { text: string } | undefined) => readText(c?.text ?? '');
  const list = (c: { text: string } | undefined) =>
    txt(c)
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);

  const riskWidth = RISK_HEADERS.length + RISK_EXTRA_HEADERS.length;
  const risks: WorkbookRisk[] = rowsOf(WORKBOOK_SHEETS.risks, riskWidth).map(({ n, cells }) => {
    const at = `Risks row ${n}`;
    const score = (i: number, what: string): number | null => {
      const c = cells[i];
      if (!c || c.text.trim() === '') return null;
      if (c.number === null || !isScoreValue(c.number)) {
        problems.push(`${at}: ${what} must be a whole number from 1 to 5, not “${c.text}”.`);
        return null;
      }
      return c.number;
    };
    const title = txt(cells[1]).trim();
    const titleIssue = title ? titleProblem(title) : null;
    if (titleIssue) problems.push(`${at}: ${titleIssue}`);
    const cycleText = txt(cells[12]);
    const cycle = byWord(CYCLE_WORDS, cycleText);
    if (!cycle) {
      problems.push(
        `${at}: the review cycle is Monthly, Quarterly, Half-yearly or Yearly, not “${cycleText}”.`,
      );
    }
    const next = cells[13];
    if (next && next.text.trim() !== '' && !next.date) {
      problems.push(`${at}: the next review must be a date, not “${next.text}”.`);
    }
    const confidential = txt(cells[15]).trim().toLowerCase();
    if (confidential !== 'yes' && confidential !== 'no' && confidential !== '') {
      problems.push(`${at}: Confidential is Yes or No, not “${txt(cells[15])}”.`);
    }
    return {
      ref: txt(cells[0]).trim(),
      title: title || null,
      description: txt(cells[2]),
      category: txt(cells[3]),
      owners: list(cells[4]),
      ownerNames: list(cells[5]),
      inherentImpact: score(6, 'Inherent impact'),
      inherentLikelihood: score(7, 'Inherent likelihood'),
      impact: score(8, 'Current impact'),
      likelihood: score(9, 'Current likelihood'),
      targetImpact: score(10, 'Target impact'),
      targetLikelihood: score(11, 'Target likelihood'),
      reviewCycle: cycle ?? 'quarterly',
      nextReview: next?.date ?? null,
      mitigation: txt(cells[14]),
      confidential: confidential === 'yes',
      ...parseRiskOrange(cells.slice(RISK_HEADERS.length), at, problems),
    };
  });

  const actions: WorkbookAction[] = rowsOf(WORKBOOK_SHEETS.actions, ACTION_HEADERS.length).map(
    ({ n, cells }) => {
      const statusText = txt(cells[4]);
      const status = byWord(STATUS_WORDS, statusText);
      if (!status)
        problems.push(`Actions row ${n}: the status is Planned, In progress or Done, not “${statusText}”.`);
      const due = cells[3];
      if (due && due.text.trim() !== '' && !due.date) {
        problems.push(`Actions row ${n}: the due date must be a date, not “${due.text}”.`);
      }
      return {
        ref: txt(cells[0]).trim(),
        text: txt(cells[1]),
        owner: txt(cells[2]).trim() || null,
        dueDate: due?.date ?? null,
        status: status ?? ('planned' as ActionStatus),
      };
    },
  );

  const owners: WorkbookOwner[] = rowsOf(WORKBOOK_SHEETS.owners, OWNER_HEADERS.length).map(({ cells }) => ({
    initials: txt(cells[0]).trim(),
    name: txt(cells[1]),
    role: txt(cells[2]),
    email: txt(cells[3]),
  }));

  const key: Band[] = rowsOf(WORKBOOK_SHEETS.key, KEY_HEADERS.length).map(({ cells }) => ({
    name: txt(cells[0]),
    min: cells[1]?.number ?? NaN,
    max: cells[2]?.number ?? NaN,
    colour: txt(cells[3]).trim(),
    action: txt(cells[4]),
  }));
  if (wb.getWorksheet(WORKBOOK_SHEETS.key)) {
    const check = checkKey(key);
    if (!check.ok) problems.push(...check.problems.map((p) => `Key: ${p}`));
  }

  const refs = new Set(risks.map((r) => r.ref.toLowerCase()));
  for (const a of actions) {
    if (!refs.has(a.ref.toLowerCase())) problems.push(`Actions: no risk ${a.ref} on the Risks sheet.`);
  }
  const orange = parseOrangeSheets(rowsOf, (name) => wb.getWorksheet(name) !== undefined, refs, problems);
  if (problems.length) {
    throw new AppError(
      'VALIDATION',
      `This register workbook cannot be imported as it stands. Correct these and import it again: ${problems.join(' ')}`,
      { problems },
    );
  }
  return { risks, actions, owners, key, ...orange };
}

const pairOf = (i: number | null, l: number | null): ScorePair | null =>
  i === null || l === null ? null : { impact: i as ScoreValue, likelihood: l as ScoreValue };

/**
 * Imports a register workbook into an empty register, all or nothing. A register that already holds risks is
 * refused (the workbook is the whole register; merging two registers is not this).
 */
export function importRegisterWorkbook(
  db: Database,
  book: RegisterWorkbook,
  fileName: string,
  ctx: WriteContext,
): ImportResult {
  const existing = stmt(db, 'SELECT COUNT(*) FROM risks').pluck().get() as number;
  if (existing > 0) {
    throw new AppError(
      'VALIDATION',
      `${fileName} is a register workbook: it holds a whole register, so it imports only into an empty one. Create a new register (File › New) and import it there.`,
    );
  }
  return bulkWriteTransaction(db, () => {
    if (book.key.length) {
      const old = readSettings(db).key;
      if (JSON.stringify(old) !== JSON.stringify(book.key)) {
        writeSetting(db, 'key', book.key);
        appendHistory(db, [
          {
            entity: 'register',
            entityId: 'settings',
            label: 'Band key',
            action: 'update',
            field: 'key',
            oldValue: old,
            newValue: book.key,
            reason: `Imported from ${fileName}`,
            at: ctx.now,
            by: ctx.by,
          },
        ]);
      }
    }
    const known = new Set(
      (stmt(db, 'SELECT initials FROM owners').pluck().all() as string[]).map((s) => s.toLowerCase()),
    );
    for (const o of book.owners) {
      if (!o.initials || known.has(o.initials.toLowerCase())) continue;
      createOwner(db, o, `Imported from ${fileName}`, ctx);
      known.add(o.initials.toLowerCase());
    }
    importOrangeBefore(db, book, `Imported from ${fileName}`, ctx);
    const ids = new Map<string, string>();
    let position = 0;
    for (const r of book.risks) {
      position += 1;
      const created = createRisk(
        db,
        {
          ref: r.ref,
          title: r.title,
          category: r.category,
          description: r.description,
          impact: r.impact as ScoreValue | null,
          likelihood: r.likelihood as ScoreValue | null,
          inherent: pairOf(r.inherentImpact, r.inherentLikelihood),
          target: pairOf(r.targetImpact, r.targetLikelihood),
          mitigation: r.mitigation,
          owners: r.owners,
          reason: `Imported from ${fileName}`,
          reviewCycle: r.reviewCycle,
          nextReview: r.nextReview,
          confidential: r.confidential,
          cause: r.cause,
          event: r.event,
          effect: r.effect,
        },
        ctx,
        'import',
        position,
      );
      ids.set(r.ref.toLowerCase(), created.id);
    }
    const today = isoDay(new Date(ctx.now));
    importOrangeAfter(db, book, ids, `Imported from ${fileName}`, ctx, today);
    for (const a of book.actions) {
      const riskId = ids.get(a.ref.toLowerCase());
      if (!riskId) continue; // checked when parsing
      createAction(
        db,
        {
          riskId,
          text: a.text,
          owner: a.owner,
          dueDate: a.dueDate,
          status: a.status,
          reason: `Imported from ${fileName}`,
        },
        ctx,
        today,
      );
    }
    return { fileName, imported: book.risks.length, refs: book.risks.map((r) => r.ref), repairsApplied: 0 };
  });
}

/** The preview of a register workbook: every risk as it will land; nothing to map or repair. */
export function registerWorkbookPreview(
  book: RegisterWorkbook,
  info: { path: string; fileName: string; fileHash: string },
): ImportPreview {
  const rows: ImportRowPreview[] = book.risks.map((r, i) => ({
    row: i + 2,
    ref: r.ref,
    status: 'ok',
    values: {
      ref: r.ref,
      category: r.category,
      description: r.description,
      impact: r.impact,
      likelihood: r.likelihood,
      score: r.impact !== null && r.likelihood !== null ? r.impact * r.likelihood : null,
      band: null,
      inherent: pairOf(r.inherentImpact, r.inherentLikelihood),
      target: pairOf(r.targetImpact, r.targetLikelihood),
      mitigation: r.mitigation,
      owners: r.owners,
      reviewDate: r.nextReview,
    },
    errors: [],
    warnings: [],
    notes: r.impact === null ? ['Not yet scored: imported without a current score.'] : [],
    repairs: [],
  }));
  const n = rows.length;
  return {
    path: info.path,
    file: info.path,
    fileName: info.fileName,
    format: 'xlsx',
    encoding: null,
    sheet: WORKBOOK_SHEETS.risks,
    fileHash: info.fileHash,
    headerRow: 1,
    columns: [...RISK_HEADERS, ...RISK_EXTRA_HEADERS].map((header, index) => ({
      index,
      header,
      field: null,
      source: null,
    })),
    mapping: {},
    fileErrors: [],
    notes: [
      `A register workbook: ${n} ${n === 1 ? 'risk' : 'risks'}, ${book.actions.length} ${book.actions.length === 1 ? 'action' : 'actions'}, ${book.owners.length} ${book.owners.length === 1 ? 'owner' : 'owners'} and the Key import as they are, into an empty register only.`,
      ...(book.controls.length || book.assurances.length || book.objectives.length || book.categories.length
        ? [
            `With them: ${book.categories.length} ${book.categories.length === 1 ? 'category' : 'categories'} with their appetite, ${book.controls.length} ${book.controls.length === 1 ? 'control' : 'controls'}, ${book.assurances.length} assurance ${book.assurances.length === 1 ? 'source' : 'sources'}, ${book.risks.filter((r) => r.treatment).length} treatment decisions and ${book.objectives.length} ${book.objectives.length === 1 ? 'objective' : 'objectives'}.`,
          ]
        : []),
    ],
    rows,
    counts: { rows: n, ok: n, warning: 0, needsRepair: 0, error: 0, skipped: 0, importable: n },
  };
}
