/**
 * Reading the register workbook's Orange Book parts back (db/export/register-workbook-orange.ts): each risk's
 * cause, event, effect, own appetite level, treatment and acceptance, and the Categories, Appetite levels,
 * Controls, Assurance and Objectives sheets. Every cell is checked with the rest of the workbook (one refusal
 * naming every problem); the import runs inside the workbook's one transaction, each change with its history.
 * A workbook written before these parts has none of them and imports as before.
 */
import type { Database } from 'better-sqlite3';
import type { AppetiteLevel, AppetiteMapping } from '../../shared/appetite.ts';
import { APPETITE_LEVEL_LABELS, APPETITE_LEVELS } from '../../shared/appetite.ts';
import type { AssuranceLine, ControlType, Effectiveness, Treatment } from '../../shared/controls.ts';
import {
  CONTROL_TYPE_LABELS,
  EFFECTIVENESS_LABELS,
  STRENGTH_LABELS,
  TREATMENT_LABELS,
} from '../../shared/controls.ts';
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
  readText,
} from '../../shared/export/register-workbook.ts';
import type { ObjectiveStatus } from '../../shared/objectives.ts';
import { OBJECTIVE_STATUS_LABELS } from '../../shared/objectives.ts';
import { setLevel, setMapping, setRiskOverride, setStatement } from '../appetite.ts';
import { ensureCategory, setCategoryAppetite } from '../categories.ts';
import { createAssurance, createControl, setTreatment } from '../controls.ts';
import { appendHistory } from '../history.ts';
import { createObjective, setRiskLinked } from '../objectives.ts';
import { getRisk } from '../risks.ts';
import { stmt } from '../statements.ts';
import type { WriteContext } from '../write-context.ts';

export interface Cell {
  text: string;
  number: number | null;
  date: string | null;
}
export type RowsOf = (sheet: string, width: number) => { n: number; cells: Cell[] }[];

const txt = (c: Cell | undefined) => readText(c?.text ?? '');
const list = (c: Cell | undefined) =>
  txt(c)
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
const byWord = <T extends string>(words: Readonly<Record<T, string>>, text: string): T | undefined =>
  (Object.keys(words) as T[]).find(
    (k) => words[k].toLowerCase() === text.trim().toLowerCase() || k === text.trim().toLowerCase(),
  );
const choices = (words: Readonly<Record<string, string>>) => Object.values(words).join(', ');

/** An optional word from a list; a problem (and null) when it is none of them. */
function word<T extends string>(
  c: Cell | undefined,
  words: Readonly<Record<T, string>>,
  what: string,
  at: string,
  problems: string[],
): T | null {
  const t = txt(c).trim();
  if (!t) return null;
  const found = byWord(words, t);
  if (!found) problems.push(`${at}: ${what} is one of ${choices(words)}, not “${t}”.`);
  return found ?? null;
}

function day(c: Cell | undefined, what: string, at: string, problems: string[]): string | null {
  if (!c || c.text.trim() === '') return null;
  if (!c.date) problems.push(`${at}: ${what} must be a date, not “${c.text}”.`);
  return c.date;
}

/** The risk columns after the sixteen (all blank in a workbook written before them). */
export function parseRiskOrange(cells: Cell[], at: string, problems: string[]): WorkbookRiskOrange {
  const appetiteLevel = word(cells[3], APPETITE_LEVEL_LABELS, 'Own appetite level', at, problems);
  const appetiteReason = txt(cells[4]).trim();
  if (appetiteLevel && !appetiteReason)
    problems.push(`${at}: an own appetite level needs its reason (Own appetite reason).`);
  const treatment = word<Treatment>(cells[5], TREATMENT_LABELS, 'Treatment', at, problems);
  const by = txt(cells[6]).trim();
  const why = txt(cells[7]).trim();
  const until = day(cells[8], 'Accepted until', at, problems);
  const recordedAt = txt(cells[9]).trim();
  const any = by || why || until || recordedAt;
  if (any && (!by || !why || !until))
    problems.push(`${at}: an acceptance needs Accepted by, Accepted because and Accepted until.`);
  if (any && treatment !== 'tolerate')
    problems.push(`${at}: an acceptance is recorded only for a risk whose treatment is Tolerate.`);
  return {
    cause: txt(cells[0]),
    event: txt(cells[1]),
    effect: txt(cells[2]),
    appetiteLevel,
    appetiteReason,
    treatment,
    acceptance: any && by && why && until ? { by, why, until, recordedAt } : null,
  };
}

/** The Orange Book sheets, checked; refs are checked against the Risks sheet's. */
export function parseOrangeSheets(
  rowsOf: RowsOf,
  hasSheet: (name: string) => boolean,
  riskRefs: ReadonlySet<string>,
  problems: string[],
): RegisterWorkbookOrange {
  const refsOk = (refs: string[], at: string) => {
    for (const r of refs)
      if (!riskRefs.has(r.toLowerCase())) problems.push(`${at}: no risk ${r} on the Risks sheet.`);
  };
  const categories = rowsOf(ORANGE_SHEETS.categories, CATEGORY_HEADERS.length).map(({ n, cells }) => {
    const at = `Categories row ${n}`;
    const level = word<AppetiteLevel>(cells[1], APPETITE_LEVEL_LABELS, 'the appetite level', at, problems);
    const custom = cells[2];
    let appetite: number | null = null;
    if (custom && custom.text.trim() !== '') {
      if (
        custom.number === null ||
        !Number.isInteger(custom.number) ||
        custom.number < 1 ||
        custom.number > 25
      )
        problems.push(`${at}: the custom appetite is a whole score from 1 to 25, not “${custom.text}”.`);
      else if (level) problems.push(`${at}: give an appetite level or a custom appetite, not both.`);
      else appetite = custom.number;
    }
    const name = txt(cells[0]).trim();
    if (!name) problems.push(`${at}: the category has no name.`);
    return {
      name,
      level,
      appetite,
      statement: txt(cells[3]),
      approved: day(cells[4], 'Approved', at, problems),
    };
  });

  let levels: AppetiteMapping | null = null;
  if (hasSheet(ORANGE_SHEETS.levels)) {
    const found = new Map<AppetiteLevel, { appetite: number; tolerance: number }>();
    for (const { n, cells } of rowsOf(ORANGE_SHEETS.levels, LEVEL_HEADERS.length)) {
      const level = word<AppetiteLevel>(
        cells[0],
        APPETITE_LEVEL_LABELS,
        'the level',
        `Appetite levels row ${n}`,
        problems,
      );
      if (level) found.set(level, { appetite: cells[1]?.number ?? NaN, tolerance: cells[2]?.number ?? NaN });
    }
    const missing = APPETITE_LEVELS.filter((l) => !found.has(l));
    if (missing.length)
      problems.push(
        `Appetite levels: no row for ${missing.map((l) => APPETITE_LEVEL_LABELS[l]).join(', ')}.`,
      );
    else levels = Object.fromEntries(found) as AppetiteMapping;
  }

  const controls = rowsOf(ORANGE_SHEETS.controls, CONTROL_HEADERS.length).map(({ n, cells }) => {
    const at = `Controls row ${n}`;
    const text = txt(cells[0]).trim();
    if (!text) problems.push(`${at}: the control has no text.`);
    const effectiveness =
      word<Effectiveness>(cells[3], EFFECTIVENESS_LABELS, 'the effectiveness', at, problems) ?? 'unassessed';
    const assessedAt = txt(cells[4]).trim() || null;
    if (assessedAt && Number.isNaN(Date.parse(assessedAt)))
      problems.push(`${at}: Assessed at must be a date and time, not “${assessedAt}”.`);
    const risks = list(cells[7]);
    refsOk(risks, at);
    return {
      text,
      owner: txt(cells[1]).trim() || null,
      type: word<ControlType>(cells[2], CONTROL_TYPE_LABELS, 'the type', at, problems),
      effectiveness,
      assessedAt,
      assessedBy: txt(cells[5]).trim() || null,
      nextAssessmentDue: day(cells[6], 'Next assessment due', at, problems),
      risks,
    };
  });

  const assurances = rowsOf(ORANGE_SHEETS.assurance, ASSURANCE_HEADERS.length).map(({ n, cells }) => {
    const at = `Assurance row ${n}`;
    const ref = txt(cells[0]).trim();
    refsOk([ref], at);
    const line = cells[2]?.number ?? null;
    if (line === null || ![1, 2, 3, 4].includes(line))
      problems.push(`${at}: the line is 1, 2, 3 or 4, not “${cells[2]?.text ?? ''}”.`);
    const source = txt(cells[1]).trim();
    if (!source) problems.push(`${at}: the assurance has no source.`);
    return {
      ref,
      source,
      line: (line ?? 1) as AssuranceLine,
      strength: word(cells[3], STRENGTH_LABELS, 'the strength', at, problems) ?? 'none',
      date: day(cells[4], 'Date', at, problems),
      gaps: txt(cells[5]),
    };
  });

  const objectives = rowsOf(ORANGE_SHEETS.objectives, OBJECTIVE_HEADERS.length).map(({ n, cells }) => {
    const at = `Objectives row ${n}`;
    const risks = list(cells[4]);
    refsOk(risks, at);
    const ref = txt(cells[0]).trim();
    if (!ref) problems.push(`${at}: the objective has no ref.`);
    return {
      ref,
      title: txt(cells[1]),
      lead: txt(cells[2]),
      status:
        word<ObjectiveStatus>(cells[3], OBJECTIVE_STATUS_LABELS, 'the status', at, problems) ?? 'not-started',
      risks,
    };
  });
  return { categories, levels, controls, assurances, objectives };
}

/** Before the risks: the mapping and the categories in their order, with their appetite and statement. */
export function importOrangeBefore(
  db: Database,
  book: RegisterWorkbook,
  reason: string,
  ctx: WriteContext,
): void {
  if (book.levels) setMapping(db, book.levels, reason, ctx);
  for (const c of book.categories) {
    const cat = ensureCategory(db, c.name, ctx.now);
    if (c.level) setLevel(db, cat.id, c.level, reason, ctx);
    else if (c.appetite !== null) {
      setCategoryAppetite(db, cat.id, c.appetite);
      appendHistory(db, [
        {
          entity: 'category',
          entityId: cat.id,
          label: cat.name,
          action: 'update',
          field: 'appetite',
          oldValue: null,
          newValue: c.appetite,
          reason,
          at: ctx.now,
          by: ctx.by,
        },
      ]);
    }
    if (c.statement.trim() || c.approved) setStatement(db, cat.id, c.statement, c.approved, reason, ctx);
  }
}

/** After the risks (ids by lower-case ref): overrides, treatments, controls, assurance, objectives. */
export function importOrangeAfter(
  db: Database,
  book: RegisterWorkbook,
  ids: ReadonlyMap<string, string>,
  reason: string,
  ctx: WriteContext,
  today: string,
): void {
  const idOf = (ref: string) => ids.get(ref.toLowerCase()) ?? '';
  for (const r of book.risks) {
    const id = idOf(r.ref);
    if (r.appetiteLevel) {
      const now = getRisk(db, id);
      setRiskOverride(db, id, now?.version ?? 0, r.appetiteLevel, r.appetiteReason, ctx);
    }
    if (r.treatment) {
      setTreatment(
        db,
        {
          riskId: id,
          version: 0,
          treatment: r.treatment,
          acceptance: r.acceptance
            ? { by: r.acceptance.by, why: r.acceptance.why, until: r.acceptance.until }
            : undefined,
          reason,
        },
        ctx,
      );
      // When it was accepted is part of the acceptance: kept as written, not the time of the import.
      if (r.acceptance?.recordedAt)
        stmt(db, 'UPDATE risk_treatments SET accepted_at = ? WHERE risk_id = ?').run(
          r.acceptance.recordedAt,
          id,
        );
    }
  }
  for (const c of book.controls) {
    const created = createControl(
      db,
      {
        text: c.text,
        riskIds: c.risks.map(idOf),
        owner: c.owner,
        type: c.type,
        effectiveness: c.effectiveness,
        nextAssessmentDue: c.nextAssessmentDue,
        reason,
      },
      ctx,
      today,
    );
    // The last assessment as recorded (who and when), not the import's.
    stmt(db, 'UPDATE controls SET assessed_at = ?, assessed_by = ? WHERE id = ?').run(
      c.assessedAt,
      c.assessedBy,
      created.id,
    );
  }
  for (const a of book.assurances)
    createAssurance(
      db,
      {
        riskId: idOf(a.ref),
        source: a.source,
        line: a.line,
        strength: a.strength,
        date: a.date,
        gaps: a.gaps,
        reason,
      },
      ctx,
    );
  for (const o of book.objectives) {
    const created = createObjective(
      db,
      { ref: o.ref, title: o.title, lead: o.lead, status: o.status },
      reason,
      ctx,
      'import',
    );
    for (const ref of o.risks) setRiskLinked(db, created.id, idOf(ref), true, reason, ctx);
  }
}
