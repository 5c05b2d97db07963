/**
 * The register workbook's Orange Book parts (issue 13): each risk's cause, event, effect, own appetite level,
 * treatment and acceptance (columns after the sixteen), and the Categories (appetite level, custom threshold,
 * statement), Appetite levels (the mapping), Controls (with their last assessment as recorded, and the risks they
 * serve), Assurance and Objectives (with their linked risks) sheets. Read back by db/import/register-workbook-orange.ts.
 */
import type { Database } from 'better-sqlite3';
import type ExcelJS from 'exceljs';
import { APPETITE_LEVEL_LABELS, APPETITE_LEVELS } from '../../shared/appetite.ts';
import {
  CONTROL_TYPE_LABELS,
  EFFECTIVENESS_LABELS,
  STRENGTH_LABELS,
  TREATMENT_LABELS,
} from '../../shared/controls.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type {
  RegisterWorkbook,
  RegisterWorkbookOrange,
  WorkbookRiskOrange,
} from '../../shared/export/register-workbook.ts';
import {
  ASSURANCE_HEADERS,
  CATEGORY_HEADERS,
  CONTROL_HEADERS,
  LEVEL_HEADERS,
  OBJECTIVE_HEADERS,
  ORANGE_SHEETS,
  safeText,
} from '../../shared/export/register-workbook.ts';
import { OBJECTIVE_STATUS_LABELS } from '../../shared/objectives.ts';
import { readAppetiteMapping } from '../appetite-mapping.ts';
import { listCategories } from '../categories.ts';
import { getTreatment, listAssurances, listControls } from '../controls.ts';
import { listObjectives } from '../objectives.ts';

/** A risk's Orange Book fields. */
export function riskOrange(db: Database, r: RiskRecord): WorkbookRiskOrange {
  const t = getTreatment(db, r.id);
  return {
    cause: r.cause,
    event: r.event,
    effect: r.effect,
    appetiteLevel: r.appetiteOverride?.level ?? null,
    appetiteReason: r.appetiteOverride?.reason ?? '',
    treatment: t.treatment,
    acceptance: t.acceptance
      ? {
          by: t.acceptance.by,
          why: t.acceptance.why,
          until: t.acceptance.until,
          recordedAt: t.acceptance.recordedAt,
        }
      : null,
  };
}

/** The register's categories, mapping, controls, assurance and objectives as the workbook holds them. */
export function registerOrange(
  db: Database,
  risks: readonly RiskRecord[],
  today: string,
): RegisterWorkbookOrange {
  const refOf = new Map(risks.map((r) => [r.id, r.ref]));
  return {
    categories: listCategories(db).map((c) => ({
      name: c.name,
      level: c.appetiteLevel,
      appetite: c.appetiteLevel ? null : c.appetite,
      statement: c.appetiteStatement,
      approved: c.appetiteApproved,
    })),
    levels: readAppetiteMapping(db),
    controls: listControls(db, {}, today).map((c) => ({
      text: c.text,
      owner: c.owner,
      type: c.type,
      effectiveness: c.effectiveness,
      assessedAt: c.assessedAt,
      assessedBy: c.assessedBy,
      nextAssessmentDue: c.nextAssessmentDue,
      risks: c.risks.filter((l) => !l.archived && refOf.has(l.riskId)).map((l) => l.ref),
    })),
    assurances: risks.flatMap((r) =>
      listAssurances(db, r.id)
        .filter((a) => a.archivedAt === null)
        .map((a) => ({
          ref: r.ref,
          source: a.source,
          line: a.line,
          strength: a.strength,
          date: a.date,
          gaps: a.gaps,
        })),
    ),
    objectives: listObjectives(db).map((o) => ({
      ref: o.ref,
      title: o.title,
      lead: o.lead,
      status: o.status,
      risks: o.riskIds.filter((id) => refOf.has(id)).map((id) => refOf.get(id) ?? ''),
    })),
  };
}

const excelDate = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const text = (s: string | null) => (s === null || s === '' ? null : safeText(s));
const dateCell = (iso: string | null) => (iso ? excelDate(iso) : null);

/** The cells after the sixteen risk columns; `dateColumns` are their 0-based offsets holding dates. */
export function riskOrangeCells(r: WorkbookRiskOrange): (string | Date | null)[] {
  return [
    text(r.cause),
    text(r.event),
    text(r.effect),
    r.appetiteLevel ? APPETITE_LEVEL_LABELS[r.appetiteLevel] : null,
    text(r.appetiteReason),
    r.treatment ? TREATMENT_LABELS[r.treatment] : null,
    text(r.acceptance?.by ?? null),
    text(r.acceptance?.why ?? null),
    dateCell(r.acceptance?.until ?? null),
    text(r.acceptance?.recordedAt ?? null),
  ];
}
export const RISK_ORANGE_DATE_OFFSETS = [8];

/** Adds the Orange Book sheets after the workbook's own. */
export function addOrangeSheets(wb: ExcelJS.Workbook, book: RegisterWorkbook): void {
  const sheet = (name: string, headers: readonly string[], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow([...headers]).font = { bold: true };
    headers.forEach((_, i) => {
      ws.getColumn(i + 1).width = widths[i] ?? 14;
    });
    return ws;
  };
  const wrap = (row: ExcelJS.Row, dates: number[] = []) => {
    for (const c of dates) row.getCell(c).numFmt = 'dd/mm/yyyy';
    row.alignment = { vertical: 'top', wrapText: true };
  };

  const cats = sheet(ORANGE_SHEETS.categories, CATEGORY_HEADERS, [24, 14, 14, 70, 12]);
  for (const c of book.categories)
    wrap(
      cats.addRow([
        text(c.name),
        c.level ? APPETITE_LEVEL_LABELS[c.level] : null,
        c.appetite,
        text(c.statement),
        dateCell(c.approved),
      ]),
      [5],
    );

  if (book.levels) {
    const levels = sheet(ORANGE_SHEETS.levels, LEVEL_HEADERS, [12, 14, 14]);
    for (const l of APPETITE_LEVELS)
      levels.addRow([APPETITE_LEVEL_LABELS[l], book.levels[l].appetite, book.levels[l].tolerance]);
  }

  const controls = sheet(ORANGE_SHEETS.controls, CONTROL_HEADERS, [50, 10, 12, 18, 26, 20, 14, 24]);
  for (const c of book.controls)
    wrap(
      controls.addRow([
        text(c.text),
        text(c.owner),
        c.type ? CONTROL_TYPE_LABELS[c.type] : null,
        EFFECTIVENESS_LABELS[c.effectiveness],
        text(c.assessedAt),
        text(c.assessedBy),
        dateCell(c.nextAssessmentDue),
        text(c.risks.join('; ')),
      ]),
      [7],
    );

  const assurance = sheet(ORANGE_SHEETS.assurance, ASSURANCE_HEADERS, [10, 50, 6, 14, 12, 50]);
  for (const a of book.assurances)
    wrap(
      assurance.addRow([
        safeText(a.ref),
        text(a.source),
        a.line,
        STRENGTH_LABELS[a.strength],
        dateCell(a.date),
        text(a.gaps),
      ]),
      [5],
    );

  const objectives = sheet(ORANGE_SHEETS.objectives, OBJECTIVE_HEADERS, [10, 60, 24, 12, 24]);
  for (const o of book.objectives)
    wrap(
      objectives.addRow([
        safeText(o.ref),
        text(o.title),
        text(o.lead),
        OBJECTIVE_STATUS_LABELS[o.status],
        text(o.risks.join('; ')),
      ]),
    );
}
