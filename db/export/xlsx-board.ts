/**
 * The board pack's structure in the summary workbook, where a spreadsheet can hold it: a Cover sheet and an
 * Overview sheet (the PDF's one-page summary) before the table, and the scoring criteria after it. Built from
 * the same model as the PDF (shared/export/board-pack-model.ts, gathered by db/export/board-pack-data.ts), so
 * the workbook and the cabinet paper cannot disagree. Every text cell is a string, never a formula.
 */
import type { ScoringCriteria } from '../../shared/criteria.ts';
import { criteriaRows } from '../../shared/criteria.ts';
import type { WorkbookPackModel, WorkbookPart } from '../../shared/export/board-pack-model.ts';
import { IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import type { CellLook, CellValue, SheetWriter, XlsxWriter } from './xlsx-writer.ts';

export interface WorkbookBoard {
  /** `gatherWorkbookPack` (a whole `BoardPackModel` serves too: the sheets read only these fields). */
  pack: WorkbookPackModel;
  criteria: ScoringCriteria;
}

type Writer = XlsxWriter;

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;
const BORDER = 'thin' as const;
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } } as const;
const WRAP = { vertical: 'top', horizontal: 'left', wrapText: true } as const;

const MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };

/** A sheet of the workbook, written top to bottom: its rows and its column widths. */
interface Sheet {
  wb: Writer;
  ws: SheetWriter;
  widths: number[];
  commit: () => void;
}

/** A sheet whose every printed page carries the protective marking at its top and bottom (A4, fitted to width). */
function markedSheet(wb: Writer, name: string, marking: string, widths: number[], landscape = false): Sheet {
  const m = marking.replace(/&/g, '&&');
  const ws = wb.addSheet(name, {
    widths,
    landscape,
    margins: MARGINS,
    oddHeader: `&C&B${m}`,
    oddFooter: `&L${m}&RPage &P of &N`,
  });
  return { wb, ws, widths, commit: () => wb.endSheet(ws) };
}

/** Writes rows top to bottom; each cell's look is set by `look`, as a cell's style was with exceljs. */
function rows(sheet: Sheet) {
  let r = 1;
  const { wb, ws, widths } = sheet;
  const headerStyle = ws.style({ font: { bold: true }, fill: HEADER_FILL, border: BORDER, alignment: WRAP });
  const cellStyle = ws.style({ border: BORDER, alignment: WRAP });
  const put = (values: CellValue[], look?: ((cell: CellLook, i: number) => void) | number) => {
    // A look the same for every cell (a table's cells, a header) comes as its cell format number, made once.
    // One loop for the formats and the lines the row needs (the appendix writes a row per control, assurance and
    // risk: no arrays made per row beyond the formats).
    const styles: number[] = [];
    let lines = 1;
    for (let i = 0; i < values.length; i += 1) {
      if (look === undefined) styles.push(0);
      else if (typeof look === 'number') styles.push(look);
      else {
        const cell: CellLook = {};
        look(cell, i);
        styles.push(ws.style(cell));
      }
      const v = values[i];
      if (typeof v === 'string')
        lines = Math.max(lines, Math.ceil(v.length / Math.max(1, Math.floor((widths[i] ?? 10) * 1.1) - 1)));
    }
    ws.row(r, values, styles, Math.max(15, lines * 15));
    r += 1;
  };
  return {
    put,
    blank: () => {
      r += 1;
    },
    title: (text: string, size = 12) => put([text], (c) => (c.font = { bold: true, size })),
    header: (values: string[]) => put(values, headerStyle),
    /**
     * A table row. Tables run to a row per risk at most: when the book's deflate thread has as many slices as it
     * takes, the promise to wait for before the next row (the slice goes there rather than being deflated here).
     */
    cells: (values: CellValue[]): Promise<void> | undefined => {
      put(values, cellStyle);
      return wb.backlogged ? wb.drain() : undefined;
    },
  };
}

function cover(wb: Writer, pack: WorkbookPackModel): void {
  const c = pack.cover;
  const ws = markedSheet(wb, 'Cover', c.marking, [24, 70]);
  const w = rows(ws);
  w.put([c.marking], (cell) => (cell.font = { bold: true }));
  w.blank();
  w.put(['Strategic risk report'], (cell) => (cell.font = { italic: true, color: { argb: 'FF404040' } }));
  w.title(c.registerName, 16);
  w.put([`As at ${c.asAt}`], (cell) => (cell.font = { bold: true }));
  w.blank();
  for (const [label, value] of [
    ['Version', c.version || '—'],
    ['Protective marking', c.marking],
    ['Prepared by', c.preparedBy || '—'],
    ['Approved by', c.approvedBy || '—'],
    [
      'Contents',
      'Cover, Overview, the summary table (sheet "Summary"), Objectives, Controls and assurance, and the scoring criteria',
    ],
    ['Movement', pack.baseline],
  ] as const) {
    w.put([label, value], (cell, i) => {
      if (i === 0) cell.font = { bold: true };
      cell.alignment = WRAP;
    });
  }
  if (pack.exemptCount > 0) {
    w.blank();
    w.put([
      'Note',
      `${pack.exemptCount === 1 ? '1 risk is' : `${pack.exemptCount} risks are`} marked confidential: ` +
        'counted in the exempt Part B, not in the Overview, but listed in the summary table. ' +
        'Do not publish this workbook.',
    ]);
  }
  ws.commit();
}

async function overview(wb: Writer, pack: WorkbookPackModel, part: WorkbookPart): Promise<void> {
  const ws = markedSheet(wb, 'Overview', pack.cover.marking, [10, 18, 18, 60], true);
  const w = rows(ws);
  w.title(`Part A · Summary as at ${pack.cover.asAt}`, 14);
  w.blank();

  w.title('Risks per band');
  const hasBefore = part.counts.some((c) => c.before !== null);
  w.header(['Band', 'Now', ...(hasBefore ? [`At “${pack.baselineName ?? ''}”`] : [])]);
  for (const c of [...part.counts].reverse()) {
    w.put([c.name, c.now, ...(hasBefore ? [c.before] : [])], (cell, i) => {
      cell.border = BORDER;
      if (i === 0) {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(c.colour) } };
        cell.font = { bold: true, color: { argb: argb(c.textColour) } };
      }
    });
  }
  const total = (f: (c: (typeof part.counts)[number]) => number | null) =>
    part.counts.reduce((n, c) => n + (f(c) ?? 0), 0);
  w.put(['Total', total((c) => c.now), ...(hasBefore ? [total((c) => c.before)] : [])], (cell) => {
    cell.border = BORDER;
    cell.font = { bold: true };
  });
  w.blank();

  w.title(`What moved and why (${pack.baseline})`);
  if (part.moves.length === 0) w.put(['No score moved.']);
  else {
    w.header(['Ref', 'From', 'To', 'Why (reasons recorded with the changes)']);
    for (const m of part.moves)
      await w.cells([
        m.ref,
        `${m.from.score} ${m.from.band}`,
        m.direction === 'unchanged'
          ? `→ unchanged at ${m.to.score} ${m.to.band}, moved from I ${m.from.impact} × L ${m.from.likelihood} to I ${m.to.impact} × L ${m.to.likelihood}`
          : `${m.direction === 'up' ? '↑ up' : '↓ down'} to ${m.to.score} ${m.to.band}`,
        m.reasons.length ? m.reasons.join('\n') : 'No reason recorded',
      ]);
  }
  w.blank();

  w.title(`${part.topBands.join(' and ')} risks (${part.top.length})`);
  if (part.top.length === 0) w.put(['None.']);
  else {
    w.header(['Ref', 'Category', 'Score', 'Description']);
    for (const r of part.top)
      await w.cells([
        r.ref,
        r.category,
        r.current ? `${r.current.score} ${r.current.band}` : 'Not yet scored',
        r.title ? `${r.title}\n${r.description}` : r.description,
      ]);
  }
  w.blank();

  w.title(`Above appetite (${part.aboveAppetite.length})`);
  if (part.aboveAppetite.length === 0) w.put(['None, or no appetite set.']);
  else {
    w.header(['Ref', 'Category', 'Score', 'Appetite']);
    for (const a of part.aboveAppetite) await w.cells([a.ref, a.category, a.score, a.appetite]);
  }
  w.blank();

  w.title(`Overdue reviews (${part.overdueReviews.length})`);
  if (part.overdueReviews.length === 0) w.put(['None.']);
  else {
    w.header(['Ref', 'Review due', 'Days overdue']);
    for (const v of part.overdueReviews) await w.cells([v.ref, v.nextReview, v.daysOverdue]);
  }
  w.blank();

  w.title(`Overdue actions (${part.overdueActions.length})`);
  if (part.overdueActions.length === 0) w.put(['None.']);
  else {
    w.header(['Ref', 'Owner', 'Due', 'Action']);
    for (const a of part.overdueActions) await w.cells([a.ref, a.owner, a.due, a.text]);
  }
  ws.commit();
}

/** The sheets before the table: Cover, then Overview (Part A, as the PDF's one-page summary). */
export async function addBoardSheetsBefore(wb: Writer, board: WorkbookBoard): Promise<void> {
  cover(wb, board.pack);
  await overview(wb, board.pack, board.pack.partA);
}

/** The Objectives sheet: each objective's plan RAG status, linked (published) risks and exposure. */
async function objectivesSheet(wb: Writer, pack: WorkbookPackModel): Promise<void> {
  const objectives = pack.partA.objectives;
  if (objectives.length === 0) return;
  const ws = markedSheet(wb, 'Objectives', pack.cover.marking, [10, 50, 24, 12, 30, 14, 24, 12], true);
  const w = rows(ws);
  w.title('Objectives and the risks to them', 14);
  w.put(['RAG status is the plan’s own; exposure counts the linked published risks.']);
  w.blank();
  w.header([
    'Ref',
    'Objective',
    'Lead',
    'RAG status',
    'Linked risks',
    'Highest score',
    'Risks per band',
    'Outside tolerance',
  ]);
  for (const o of objectives)
    await w.cells([
      o.ref,
      o.title,
      o.lead,
      o.statusLabel,
      o.risks.join(', '),
      o.highest === null ? 'No scored risk' : `${o.highest} ${o.highestBand ?? ''}`,
      o.bands,
      o.outsideTolerance,
    ]);
  ws.commit();
}

/** The controls-and-assurance appendix: flagged risks, tolerated risks' acceptances, then per risk. */
async function assuranceSheet(wb: Writer, pack: WorkbookPackModel): Promise<void> {
  const a = pack.partA.assurance;
  const ws = markedSheet(wb, 'Controls and assurance', pack.cover.marking, [10, 44, 22, 26, 26, 30], true);
  const w = rows(ws);
  w.title('Appendix · Controls and assurance', 14);
  if (pack.exemptCount > 0) w.put(['Risks marked confidential are left out, as from the Overview.']);
  w.blank();
  w.title(`Flagged (${a.flagged.length})`);
  if (a.flagged.length === 0) w.put(['No risk is flagged.']);
  else {
    w.header(['Ref', 'Why flagged']);
    for (const f of a.flagged) await w.cells([f.ref, f.reasons.join('\n')]);
  }
  w.blank();
  w.title(`Tolerated above appetite (${a.tolerated.length})`);
  if (a.tolerated.length === 0) w.put(['None.']);
  else {
    w.header(['Ref', 'Appetite', 'Accepted by', 'Why', 'Until', 'Expired']);
    for (const t of a.tolerated)
      await w.cells([
        t.ref,
        t.appetiteText ?? '',
        t.acceptance?.by ?? 'No acceptance recorded',
        t.acceptance?.why ?? '',
        t.acceptance?.until ?? '',
        t.acceptance ? (t.acceptance.expired ? 'Yes: due for review' : 'No') : '',
      ]);
  }
  w.blank();
  w.title('Controls by risk');
  w.header(['Ref', 'Control', 'Type', 'Effectiveness', 'Assessed', 'Owner']);
  for (const r of a.risks)
    for (const c of r.controls)
      await w.cells([
        r.ref,
        c.text,
        c.type ?? '',
        c.effectiveness,
        c.assessedOn
          ? `${c.assessedOn}${c.assessedBy ? ` by ${c.assessedBy}` : ''}${c.overdue ? ' (reassessment overdue)' : ''}`
          : '',
        c.owner ?? '',
      ]);
  w.blank();
  w.title('Assurance by risk');
  w.header(['Ref', 'Source', 'Line', 'Strength', 'Date', 'Gaps']);
  for (const r of a.risks)
    for (const s of r.assurances)
      await w.cells([r.ref, s.source, s.lineLabel, s.strength, s.date ?? '', s.gaps]);
  w.blank();
  w.title('Treatment by risk');
  w.header(['Ref', 'Title', 'Treatment', 'Accepted by', 'Why', 'Until']);
  for (const r of a.risks)
    await w.cells([
      r.ref,
      r.title ?? '',
      r.treatment ?? '',
      r.acceptance?.by ?? '',
      r.acceptance?.why ?? '',
      r.acceptance ? `${r.acceptance.until}${r.acceptance.expired ? ' (expired)' : ''}` : '',
    ]);
  if (a.nothingRecorded.length) {
    w.blank();
    w.put([`Nothing recorded yet for ${a.nothingRecorded.join(', ')}.`]);
  }
  ws.commit();
}

/** The sheets after the table: objectives, the controls-and-assurance appendix, the scoring criteria. */
export async function addCriteriaSheet(wb: Writer, board: WorkbookBoard): Promise<void> {
  await objectivesSheet(wb, board.pack);
  await assuranceSheet(wb, board.pack);
  const ws = markedSheet(wb, 'Scoring criteria', board.pack.cover.marking, [22, 28, 28, 28, 28, 28], true);
  const w = rows(ws);
  w.title('Scoring criteria', 14);
  w.put(['Every score is impact × likelihood.']);
  w.blank();
  for (const [scale, words] of [
    ['impact', IMPACT_LABELS],
    ['likelihood', LIKELIHOOD_LABELS],
  ] as const) {
    w.header([scale === 'impact' ? 'Impact' : 'Likelihood', ...SCORE_VALUES.map((l) => `${l} ${words[l]}`)]);
    for (const row of criteriaRows(board.criteria, scale)) await w.cells([row.label, ...row.levels]);
    w.blank();
  }
  ws.commit();
}
