/**
 * Export of the summary through the real handler table: the XLSX re-read with exceljs (band fills, frozen bold
 * header, A4 landscape fitted to width, the Key under the table), the CSV's bytes, injection-looking text,
 * the temp-then-rename write, the history entry, and the XLSX → import round trip.
 */
import ExcelJS from 'exceljs';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../db/handlers/index.ts';
import { trustedPaths } from '../../../db/files/grants.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { historyFor } from '../../../db/history.ts';
import { RegisterSession } from '../../../db/session.ts';
import { LGA_KEY } from '../../../shared/band-key.ts';
import { textColourOn } from '../../../shared/colour.ts';
import type { RiskRecord } from '../../../shared/domain.ts';
import { assess } from '../../../shared/scoring.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir, steppingClock } from '../helpers.ts';

let tmp: TempDir;
let app: App;

beforeEach(async () => {
  tmp = makeTempDir('rr-export-');
  app = makeApp();
  await app.ok('register:create', { path: tmp.file('lga.riskregister'), sample: true });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

const argb = (hex: string) => `FF${hex.slice(1).toUpperCase()}`;

async function readBook(path: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet('Summary');
  if (!ws) throw new Error('no Summary sheet');
  return ws;
}

function rowValues(ws: ExcelJS.Worksheet, r: number, columns = 8): unknown[] {
  return Array.from({ length: columns }, (_, i) => ws.getCell(r, i + 1).value);
}

describe('the XLSX summary', () => {
  it('is laid out as the LGA publishes it, with real band fills, a frozen bold header and A4 landscape', async () => {
    const out = tmp.file('summary.xlsx');
    const result = await app.ok('export:summary', { format: 'xlsx', path: out });
    expect(result).toMatchObject({ path: out, format: 'xlsx', rows: 19 });
    const ws = await readBook(out);

    expect(ws.getCell('A1').value).toBe('LGA Strategic Risk Register – summary as at 01/04/2026');
    expect(ws.getCell('A2').value).toBe('Current scores · in ref order');
    expect(rowValues(ws, 4)).toEqual([
      'Ref',
      'Category',
      'Description of risk',
      'I',
      'L',
      'Score',
      'Mitigation',
      'Owner',
    ]);
    expect(ws.getCell('A4').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '4:4',
    });

    const risks = await app.ok('risks:list', {});
    risks.forEach((risk, i) => {
      const r = 5 + i;
      const a = assess(risk.impact, risk.likelihood, LGA_KEY);
      expect(rowValues(ws, r, 6), risk.ref).toEqual([
        risk.ref,
        risk.category,
        risk.description,
        risk.impact,
        risk.likelihood,
        a.score,
      ]);
      expect(ws.getCell(r, 8).value).toBe(risk.owners.join(', '));
      const score = ws.getCell(r, 6);
      expect(score.type, risk.ref).toBe(ExcelJS.ValueType.Number);
      expect(score.fill, risk.ref).toEqual({
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: argb(a.band?.colour ?? '') },
      });
      expect(score.font?.color?.argb, risk.ref).toBe(argb(textColourOn(a.band?.colour ?? '#ffffff')));
      expect(score.numFmt, risk.ref).toBe(`0 "${a.band?.name ?? ''}"`);
      expect(ws.getCell(r, 3).alignment?.wrapText).toBe(true);
    });
    expect(ws.getCell('F8').value).toBe(15); // SR4: 5 × 3, shown as "15 Amber"

    // The Key, on the same sheet, under the table.
    const keyRow = 5 + risks.length + 1;
    expect(ws.getCell(keyRow, 1).value).toBe('Key');
    expect(rowValues(ws, keyRow + 1, 3)).toEqual(['Score', 'RAG', 'Management action']);
    LGA_KEY.forEach((band, i) => {
      const r = keyRow + 2 + i;
      expect(rowValues(ws, r, 3)).toEqual([`${band.min} to ${band.max}`, band.name, band.action]);
      expect(ws.getCell(r, 2).fill).toMatchObject({ fgColor: { argb: argb(band.colour) } });
    });

    // Widths that fit: none left at Excel's default, short columns narrow, long text wrapped wide.
    const widths = [1, 2, 3, 4, 5, 6, 7, 8].map((c) => ws.getColumn(c).width);
    expect(widths.every((w) => typeof w === 'number' && w >= 5)).toBe(true);
    expect(widths[3]).toBeLessThan(8);
    expect(widths[6]).toBeGreaterThanOrEqual(50);
  });

  it('filters Amber and Red, sorted by score, highest first', async () => {
    const out = tmp.file('amber-red.xlsx');
    const result = await app.ok('export:summary', {
      format: 'xlsx',
      path: out,
      bands: ['Amber', 'red'],
      sort: 'score',
    });
    expect(result?.subtitle).toBe('Current scores · Amber and Red only · highest score first');
    const ws = await readBook(out);
    const refs = Array.from({ length: result?.rows ?? 0 }, (_, i) => ws.getCell(5 + i, 1).value);
    expect(refs).toEqual(['SR4', 'SR5', 'SR8', 'SR11', 'SR18', 'SR12']);
    expect(ws.getCell(5 + refs.length, 1).value).toBeNull();
  });

  it('shows target scores when asked, blank for risks without one', async () => {
    const sr1 = (await app.ok('risks:list', {})).find((r) => r.ref === 'SR1') as RiskRecord;
    await app.ok('risks:update-score', {
      id: sr1.id,
      version: sr1.version,
      which: 'target',
      impact: 2,
      likelihood: 1,
    });
    const out = tmp.file('target.xlsx');
    await app.ok('export:summary', { format: 'xlsx', path: out, scores: 'target' });
    const ws = await readBook(out);
    expect(ws.getCell('A2').value).toBe('Target scores · in ref order');
    expect(rowValues(ws, 4)).toEqual([
      'Ref',
      'Category',
      'Description of risk',
      'Target I',
      'Target L',
      'Target score',
      'Mitigation',
      'Owner',
    ]);
    expect(rowValues(ws, 5, 6)).toEqual(['SR1', 'Effectiveness', sr1.description, 2, 1, 2]);
    expect(ws.getCell('F5').fill).toMatchObject({ fgColor: { argb: argb('#cfeec2') } });
    expect(rowValues(ws, 6, 6).slice(3)).toEqual([null, null, null]);

    // Imported again, its targets are never taken for current scores.
    const other = makeApp();
    try {
      await other.ok('register:create', { path: tmp.file('from-target.riskregister') });
      const p = await other.ok('import:preview', { path: out });
      expect(p?.fileErrors).toEqual([
        'No Impact and Likelihood columns were found. Add them to the file (whole numbers 1–5), or map them, then import again.',
      ]);
    } finally {
      other.close();
    }
  });

  it('refuses a band the key does not have, writing nothing', async () => {
    const out = tmp.file('purple.xlsx');
    const err = await app.fail('export:summary', { format: 'xlsx', path: out, bands: ['Purple'] });
    expect(err.message).toBe(
      "There is no band “Purple” in this register's key. Choose from Green, Yellow, Amber and Red.",
    );
    expect(readdirSync(tmp.dir).filter((f) => f.includes('purple'))).toEqual([]);
  });
});

describe('the CSV summary', () => {
  it('is UTF-8 with a BOM and CRLF line ends, with numbers as numbers', async () => {
    const out = tmp.file('summary.csv');
    await app.ok('export:summary', { format: 'csv', path: out });
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('LGA Strategic Risk Register – summary as at 01/04/2026');
    expect(lines[3]).toBe('Ref,Category,Description of risk,I,L,Score,Band,Mitigation,Owner');
    expect(lines[4]).toBe(
      'SR1,Effectiveness,The LGA\'s dependence on central government grant undermines its ability to lobby and represent the sector effectively.,4,2,8,Yellow,Clearly report and account separately on grant funded activity. Continue to develop commercial income streams to reduce dependence on MHCLG Grant for improvement activity in the medium term.,"SP, VV"',
    );
    expect(lines).toContain('Key');
    expect(lines).toContain(
      '11 to 15,Amber,Management action to address. Regular reports to SMT and Leadership Board',
    );
  });
});

describe('text that looks like a formula', () => {
  const INJECTIONS = {
    description: "=cmd|' /C calc'!A0",
    category: '@SUM(1+1)',
    mitigation: '+1',
    owners: ['-1'],
  };

  beforeEach(async () => {
    await app.ok('risks:create', { ref: 'X1', impact: 5, likelihood: 5, ...INJECTIONS });
    await app.ok('risks:create', {
      ref: 'X2',
      category: 'Finance',
      description: 'Tab inside',
      mitigation: '-1 then\ttab',
      impact: 1,
      likelihood: 1,
    });
  });

  it('is stored as text', async () => {
    const x1 = (await app.ok('risks:list', {})).find((r) => r.ref === 'X1');
    expect(x1).toMatchObject(INJECTIONS);
  });

  it('is neutralised in CSV with a leading apostrophe', async () => {
    const out = tmp.file('inject.csv');
    await app.ok('export:summary', { format: 'csv', path: out, bands: ['Red'] });
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[4]).toBe("X1,'@SUM(1+1),'=cmd|' /C calc'!A0,5,5,25,Red,'+1,'-1");
    await app.ok('export:summary', { format: 'csv', path: out, bands: ['Green'] });
    expect(readFileSync(out, 'utf8').split('\r\n')).toContain(
      "X2,Finance,Tab inside,1,1,1,Green,'-1 then\ttab,",
    );
  });

  it('is written to XLSX as plain strings, never formulas', async () => {
    const out = tmp.file('inject.xlsx');
    await app.ok('export:summary', { format: 'xlsx', path: out, bands: ['Red'] });
    const ws = await readBook(out);
    expect(ws.getCell('A5').value).toBe('X1');
    for (const [col, text] of [
      ['B5', '@SUM(1+1)'],
      ['C5', "=cmd|' /C calc'!A0"],
      ['G5', '+1'],
      ['H5', '-1'],
    ] as const) {
      const cell = ws.getCell(col);
      expect(cell.type, col).toBe(ExcelJS.ValueType.String);
      expect(cell.value, col).toBe(text);
      expect(cell.formula, col).toBeUndefined();
    }
  });
});

describe('writing the file', () => {
  it('replaces an existing file whole, leaving no temp file behind', async () => {
    const out = tmp.file('summary.csv');
    writeFileSync(out, 'old contents');
    await app.ok('export:summary', { format: 'csv', path: out });
    expect(readFileSync(out, 'utf8')).toMatch(/^\uFEFFLGA Strategic Risk Register/);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('when the file cannot be replaced, fails with a clear error and leaves no temp file', async () => {
    const out = tmp.file('taken.xlsx');
    mkdirSync(out);
    writeFileSync(`${out}/inside.txt`, 'keep me');
    const err = await app.fail('export:summary', { format: 'xlsx', path: out });
    expect(err.code).toBe('IO');
    expect(err.message).toMatch(/^taken\.xlsx could not be written/);
    expect(readFileSync(`${out}/inside.txt`, 'utf8')).toBe('keep me');
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('records the export in history', async () => {
    await app.ok('export:summary', { format: 'xlsx', path: tmp.file('board.xlsx'), bands: ['Amber', 'Red'] });
    const entries = historyFor(app.session.db, 'register', 'register');
    expect(entries.at(-1)).toMatchObject({
      action: 'export',
      reason: 'Exported the summary to board.xlsx',
      by: 'Alice Example',
      newValue: { file: 'board.xlsx', format: 'xlsx', rows: 6, bands: ['Amber', 'Red'] },
    });
  });

  it('leaves PDF to the app, saying so', async () => {
    const err = await app.fail('export:summary', { format: 'pdf', path: tmp.file('pack.pdf') });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(/^PDF export is available from the app/);
  });

  it('asks where to save, suggesting a name, when no path is given; cancelling writes nothing', async () => {
    const asked: [string, string][] = [];
    let answer: string | null = null;
    const session = new RegisterSession();
    const handlers = createHandlers({
      files: trustedPaths,
      session,
      now: steppingClock(),
      user: () => 'Bob',
      dialogs: {
        ...noDialogs,
        chooseExportPath: (name, format) => {
          asked.push([name, format]);
          return Promise.resolve(answer);
        },
      },
    });
    try {
      await handlers['register:create']({ path: tmp.file('second.riskregister'), sample: true });
      const input = { format: 'xlsx', scores: 'current', bands: null, sort: 'ref' } as const;
      expect(await handlers['export:summary'](input)).toBeNull();
      answer = tmp.file('chosen.xlsx');
      expect(await handlers['export:summary'](input)).toMatchObject({ path: answer, rows: 19 });
      expect(asked).toEqual([
        ['LGA Strategic Risk Register summary 2026-04-01.xlsx', 'xlsx'],
        ['LGA Strategic Risk Register summary 2026-04-01.xlsx', 'xlsx'],
      ]);
    } finally {
      session.close();
    }
  });
});

describe('round trip', () => {
  for (const format of ['xlsx', 'csv'] as const) {
    it(`exporting to ${format.toUpperCase()} then importing into an empty register gives the same risks`, async () => {
      const out = tmp.file(`summary.${format}`);
      await app.ok('export:summary', { format, path: out });
      const original = await app.ok('risks:list', {});

      const other = makeApp();
      try {
        await other.ok('register:create', { path: tmp.file(`empty-${format}.riskregister`) });
        const preview = await other.ok('import:preview', { path: out });
        expect(preview?.fileErrors).toEqual([]);
        expect(preview?.headerRow).toBe(4);
        expect(preview?.counts).toMatchObject({ rows: 19, ok: 19, importable: 19 });
        await other.ok('import:commit', { path: out });
        const imported = await other.ok('risks:list', {});
        const view = (rs: RiskRecord[]) =>
          rs.map((r) => ({
            ref: r.ref,
            category: r.category,
            description: r.description,
            impact: r.impact,
            likelihood: r.likelihood,
            owners: r.owners,
            mitigation: r.mitigation,
          }));
        expect(view(imported)).toEqual(view(original));
      } finally {
        other.close();
      }
    });
  }
});
