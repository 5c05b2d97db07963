/**
 * The summary workbook carries the board pack's structure: Cover and Overview sheets before the table and the
 * scoring criteria after it, built from the same model as the PDF (`export:board-pack`'s `pack`), read back
 * with exceljs from a real file after a quarter of scripted changes on the LGA sample.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trustedPaths } from '../../../db/files/grants.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { RegisterSession } from '../../../db/session.ts';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract/index.ts';
import { DEFAULT_CRITERIA } from '../../../shared/criteria.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let session: RegisterSession;
let clock: Date;
let ok: <C extends Channel>(c: C, input: InputOf<C>) => Promise<OutputOf<C>>;

const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : String(v as string));
function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(text(c.value)));
    out.push(cells);
  });
  return out;
}
const rowStarting = (rows: string[][], first: string) => rows.find((r) => r[0] === first);

beforeEach(async () => {
  tmp = makeTempDir('rr-xlsx-board-');
  session = new RegisterSession();
  session.create(tmp.file('council.riskregister'));
  clock = new Date('2026-07-01T09:00:00Z');
  const h = createHandlers({
    files: trustedPaths,
    session,
    now: () => clock,
    user: () => 'Rita Manager',
    dialogs: noDialogs,
  });
  ok = async (c, input) => {
    const r = await dispatch(h, c, input);
    if (!r.ok) throw new Error(`${c} failed: ${r.error.message}`);
    return r.value as never;
  };
  const risk = async (ref: string) => {
    const found = (await ok('risks:list', {})).find((r) => r.ref === ref);
    if (!found) throw new Error(`no ${ref}`);
    return found;
  };
  const score = async (ref: string, impact: number, likelihood: number, reason: string) => {
    const r = await risk(ref);
    await ok('risks:update-score', {
      id: r.id,
      version: r.version,
      impact: impact as ScoreValue,
      likelihood: likelihood as ScoreValue,
      reason,
    });
  };
  await ok('register:onboard', { choice: 'sample' });
  await ok('board:set-settings', {
    marking: 'OFFICIAL-SENSITIVE',
    version: '2.1',
    preparedBy: 'Rita Manager, Risk and Insurance Manager',
    approvedBy: 'Chief Executive',
  });
  await ok('criteria:set', { changes: [{ area: 'finance', level: 4, text: '£2m to £8m' }] });
  await ok('snapshots:take', { name: 'Q2 2026' });
  clock = new Date('2026-07-20T10:00:00Z');
  await score('SR4', 5, 4, 'Two key posts vacant in the finance team');
  clock = new Date('2026-08-12T10:00:00Z');
  await score('SR15', 1, 1, 'Succession plan agreed for key posts');
  const sr7 = await risk('SR7');
  await ok('risks:set-confidential', { id: sr7.id, version: sr7.version, confidential: true });
  const sr2 = await risk('SR2');
  await ok('actions:create', {
    riskId: sr2.id,
    text: 'Refresh the workforce plan',
    owner: 'SP',
    dueDate: '2026-08-30',
  });
  clock = new Date('2026-09-15T10:00:00Z');
});
afterEach(() => {
  session.close();
  tmp.cleanup();
});

describe('the summary workbook with the board pack structure', () => {
  it('has Cover, Overview, the table and the scoring criteria, agreeing with the PDF model', async () => {
    const path = tmp.file('smt.xlsx');
    await ok('export:summary', { format: 'xlsx', path });
    const model = (await ok('export:board-pack', {})).pack;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Cover',
      'Overview',
      'Summary',
      'Controls and assurance',
      'Scoring criteria',
    ]);

    // Cover.
    const cover = sheetRows(wb.getWorksheet('Cover') as ExcelJS.Worksheet);
    expect(cover[0]?.[0]).toBe('OFFICIAL-SENSITIVE');
    expect(cover.flat()).toContain('LGA Strategic Risk Register');
    expect(cover.flat()).toContain('As at 15/09/2026');
    expect(rowStarting(cover, 'Version')?.[1]).toBe('2.1');
    expect(rowStarting(cover, 'Protective marking')?.[1]).toBe('OFFICIAL-SENSITIVE');
    expect(rowStarting(cover, 'Prepared by')?.[1]).toBe('Rita Manager, Risk and Insurance Manager');
    expect(rowStarting(cover, 'Approved by')?.[1]).toBe('Chief Executive');
    expect(rowStarting(cover, 'Movement')?.[1]).toBe(model.baseline);
    expect(rowStarting(cover, 'Note')?.[1]).toMatch(/^1 risk is marked confidential/);
    expect(wb.getWorksheet('Cover')?.headerFooter.oddHeader).toContain('OFFICIAL-SENSITIVE');

    // Overview: the same figures as the PDF's one-page summary.
    const ws = wb.getWorksheet('Overview') as ExcelJS.Worksheet;
    const overview = sheetRows(ws);
    expect(overview[0]?.[0]).toBe('Part A · Summary as at 15/09/2026');
    const header = overview.find((r) => r[0] === 'Band');
    expect(header).toEqual(['Band', 'Now', 'At “Q2 2026”']);
    for (const c of model.partA.counts) {
      expect(rowStarting(overview, c.name)?.slice(1).map(Number)).toEqual([c.now, c.before]);
    }
    const total = model.partA.counts.reduce((n, c) => n + c.now, 0);
    expect(total).toBe(18); // 19 risks, SR7 confidential
    expect(Number(rowStarting(overview, 'Total')?.[1])).toBe(total);
    // The band cell keeps the key's colour.
    const red = ws
      .getRows(1, ws.rowCount)
      ?.find((r) => r.getCell(1).value === 'Red')
      ?.getCell(1);
    expect((red?.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(
      `FF${(model.partA.counts.find((c) => c.name === 'Red')?.colour ?? '').slice(1).toUpperCase()}`,
    );

    expect(overview.flat()).toContain(`What moved and why (${model.baseline})`);
    const sr4 = rowStarting(overview, 'SR4');
    expect(sr4?.[2]).toMatch(/^↑ up to 20 Red$/);
    expect(sr4?.[3]).toContain('Two key posts vacant in the finance team');
    expect(rowStarting(overview, 'SR15')?.[3]).toContain('Succession plan agreed for key posts');
    expect(model.partA.moves.map((m) => m.ref).sort()).toEqual(['SR15', 'SR4']);
    expect(overview.flat()).toContain(
      `${model.partA.topBands.join(' and ')} risks (${model.partA.top.length})`,
    );
    expect(overview.flat()).toContain(`Overdue actions (1)`);
    expect(overview.flat()).toContain('Refresh the workforce plan');
    expect(overview.flat()).toContain(`Overdue reviews (${model.partA.overdueReviews.length})`);
    expect(overview.flat()).not.toContain('SR7');

    // The table is where it was, and the criteria follow it.
    expect(wb.getWorksheet('Summary')?.getRow(4).getCell(1).value).toBe('Ref');
    const criteria = sheetRows(wb.getWorksheet('Scoring criteria') as ExcelJS.Worksheet);
    expect(rowStarting(criteria, 'Finance')?.[4]).toBe('£2m to £8m');
    expect(rowStarting(criteria, 'Probability')).toEqual([
      'Probability',
      ...[1, 2, 3, 4, 5].map((l) => DEFAULT_CRITERIA.probability[l as 1]),
    ]);
    expect(rowStarting(criteria, 'Time frame')?.[1]).toBe(DEFAULT_CRITERIA.timeframe[1]);
  });
});
