/**
 * The board pack and the summary exports carry the Orange Book work (issue 13): the treatment decision, risk
 * titles, the controls-and-assurance appendix (flagged risks, tolerated risks' acceptances, controls and
 * assurance per risk) and the objectives part — with the confidential risk SR7 kept out of Part A. Real SQLite
 * file, the real handler table, the XLSX read back with exceljs and the CSV as written.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trustedPaths } from '../../../db/files/grants.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { RegisterSession } from '../../../db/session.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { Ok } from './orange-script.ts';
import { scriptOrange } from './orange-script.ts';

let tmp: TempDir;
let session: RegisterSession;
let clock: Date;
let ok: Ok;

const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : String(v as string));
function sheetRows(ws: ExcelJS.Worksheet | undefined): string[][] {
  const out: string[][] = [];
  ws?.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(text(c.value)));
    out.push(cells);
  });
  return out;
}

beforeEach(async () => {
  tmp = makeTempDir('rr-orange-pack-');
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
  await ok('register:onboard', { choice: 'sample' });
  await scriptOrange(ok, (iso) => (clock = new Date(iso)));
  clock = new Date('2026-09-15T10:00:00Z');
});
afterEach(() => {
  session.close();
  tmp.cleanup();
});

describe('the board pack model (what the PDF draws)', () => {
  it('has treatment and titles in the table, the appendix and the objectives, SR7 only in Part B', async () => {
    const { pack, table } = await ok('export:board-pack', { exempt: true });
    const a = pack.partA;
    const row = a.rows.find((r) => r.ref === 'SR4');
    expect(row?.title).toBe('Finance team capacity');
    expect(row?.treatment).toBe('Tolerate');
    expect(a.rows.find((r) => r.ref === 'SR2')?.treatment).toBe('Treat');
    expect(a.rows.find((r) => r.ref === 'SR1')?.treatment).toBeNull();
    expect(a.rows.some((r) => r.ref === 'SR7')).toBe(false);

    // The appendix, per risk.
    const sr4 = a.assurance.risks.find((r) => r.ref === 'SR4');
    expect(sr4?.treatment).toBe('Tolerate');
    expect(sr4?.controls).toEqual([
      {
        text: 'Monthly budget monitoring reported to the leadership board',
        owner: expect.stringContaining('SP') as unknown as string,
        type: 'Detective',
        effectiveness: 'Effective',
        assessedOn: '20/07/2026',
        assessedBy: 'Rita Manager',
        overdue: true,
      },
      {
        text: 'Scheme of delegation',
        owner: null,
        type: 'Directive',
        effectiveness: 'Not yet assessed',
        assessedOn: null,
        assessedBy: null,
        overdue: false,
      },
    ]);
    expect(sr4?.assurances.map((x) => [x.source, x.lineLabel, x.strength, x.date, x.gaps])).toEqual([
      ['Monthly budget monitoring', '1st line (management)', 'Reasonable', '01/07/2026', ''],
      [
        'Internal audit report 2025/26: budgetary control',
        '3rd line (internal audit)',
        'Limited',
        '14/05/2026',
        'Virements not approved in time',
      ],
    ]);
    expect(sr4?.acceptance).toEqual({
      by: 'Audit Committee',
      why: 'Recruitment under way; interim cover in place',
      until: '31/08/2026',
      expired: true,
    });
    // The shared control shows under both risks.
    expect(a.assurance.risks.find((r) => r.ref === 'SR2')?.controls.map((c) => c.text)).toEqual([
      'Monthly budget monitoring reported to the leadership board',
    ]);

    // Flags: SR2 has 1st line only, SR4 a limited audit and an expired acceptance, SR5 none (4th line).
    const flags = new Map(a.assurance.flagged.map((f) => [f.ref, f.reasons]));
    expect(flags.get('SR2')).toEqual(['No assurance beyond the first line.']);
    expect(flags.get('SR4')).toEqual([
      'Limited assurance from the 3rd line (Internal audit report 2025/26: budgetary control).',
      'Its acceptance has expired: due for review again.',
    ]);
    expect(flags.has('SR5')).toBe(false);
    expect(flags.get('SR1')).toEqual(['No assurance recorded.']);
    expect(a.assurance.tolerated.map((t) => [t.ref, t.acceptance?.by, t.acceptance?.expired])).toEqual([
      ['SR4', 'Audit Committee', true],
    ]);
    expect(a.assurance.tolerated[0]?.appetiteText).toMatch(/Minimal/);
    expect(a.assurance.nothingRecorded).toContain('SR1');
    expect(a.assurance.nothingRecorded).not.toContain('SR7');

    // Objectives: Part A counts only the published SR4, Part B only SR7.
    const f1 = a.objectives.find((o) => o.ref === 'F1');
    expect(f1).toMatchObject({
      title: 'Local authorities receive adequate funding',
      lead: 'Head of Finance',
      statusLabel: 'Amber',
      risks: ['SR4'],
      highest: 15,
      outsideTolerance: 1,
    });
    expect(a.objectives.find((o) => o.ref === 'W2')?.risks).toEqual(['SR2']);
    const b = pack.partB;
    expect(b?.objectives.find((o) => o.ref === 'F1')?.risks).toEqual(['SR7']);
    expect(b?.assurance.risks.map((r) => r.ref)).toEqual(['SR7']);
    expect(b?.assurance.risks[0]?.controls[0]?.effectiveness).toBe('Ineffective');
    expect(JSON.stringify(a)).not.toContain('Exempt contract review panel');
    expect(JSON.stringify(a)).not.toContain('Confidential legal review');

    // The summary table shared with the exports has the Title and Treatment columns.
    expect(table.columns.map((c) => c.id)).toEqual(expect.arrayContaining(['title', 'treatment']));
    expect(table.rows.find((r) => r.ref === 'SR4')).toMatchObject({
      title: 'Finance team capacity',
      treatment: 'Tolerate',
    });
  });
});

describe('the summary XLSX and CSV', () => {
  it('carry titles, treatment, the objectives and the controls-and-assurance sheets', async () => {
    const path = tmp.file('summary.xlsx');
    await ok('export:summary', { format: 'xlsx', path });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Cover',
      'Overview',
      'Summary',
      'Objectives',
      'Controls and assurance',
      'Scoring criteria',
    ]);
    const summary = sheetRows(wb.getWorksheet('Summary'));
    const header = summary[2] ?? [];
    const sr4 = summary.find((r) => r[0] === 'SR4') ?? [];
    expect(sr4[header.indexOf('Title')]).toBe('Finance team capacity');
    expect(sr4[header.indexOf('Treatment')]).toBe('Tolerate');
    expect(summary.find((r) => r[0] === 'SR2')?.[header.indexOf('Treatment')]).toBe('Treat');
    expect(header).toContain('Appetite');

    const objectives = sheetRows(wb.getWorksheet('Objectives'));
    expect(objectives.find((r) => r[0] === 'F1')).toEqual([
      'F1',
      'Local authorities receive adequate funding',
      'Head of Finance',
      'Amber',
      'SR4',
      '15 Amber',
      '1 Amber',
      '1',
    ]);

    const ca = sheetRows(wb.getWorksheet('Controls and assurance'));
    const all = ca.map((r) => r.join(' | ')).join('\n');
    expect(all).toContain('SR2 | No assurance beyond the first line.');
    expect(ca.find((r) => r[0] === 'SR4' && r[2] === 'Audit Committee')).toEqual([
      'SR4',
      expect.stringMatching(/Minimal/) as unknown as string,
      'Audit Committee',
      'Recruitment under way; interim cover in place',
      '31/08/2026',
      'Yes: due for review',
    ]);
    expect(
      ca.find((r) => r[0] === 'SR4' && r[1] === 'Monthly budget monitoring reported to the leadership board'),
    ).toEqual([
      'SR4',
      'Monthly budget monitoring reported to the leadership board',
      'Detective',
      'Effective',
      '20/07/2026 by Rita Manager (reassessment overdue)',
      expect.stringContaining('SP') as unknown as string,
    ]);
    expect(ca.find((r) => r[0] === 'SR4' && r[2] === '3rd line (internal audit)')).toEqual([
      'SR4',
      'Internal audit report 2025/26: budgetary control',
      '3rd line (internal audit)',
      'Limited',
      '14/05/2026',
      'Virements not approved in time',
    ]);
    expect(all).not.toContain('SR7');
    expect(all).not.toContain('Exempt contract review panel');

    const csvPath = tmp.file('summary.csv');
    await ok('export:summary', { format: 'csv', path: csvPath });
    const lines = readFileSync(csvPath, 'utf8').split('\r\n');
    const head = (lines[3] ?? '').split(',');
    expect(head.slice(-2)).toEqual(['Title', 'Treatment']);
    expect(lines.find((l) => l.startsWith('SR4,'))?.endsWith(',Finance team capacity,Tolerate')).toBe(true);
  });
});
