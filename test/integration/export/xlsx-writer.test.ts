/**
 * The summary workbook's own SpreadsheetML writer (db/export/xlsx-writer.ts) against the exceljs writer it
 * replaced (kept as the reference in ./reference/): both build the workbook from the same table and board pack
 * model of a real register, both are read back with exceljs, and every sheet is compared cell by cell — values,
 * types, fonts, fills, borders, alignment, number formats — with widths, row heights, merges, the frozen header,
 * page setup, header/footer, print titles and the document properties. Registers: the LGA sample with the
 * direction of travel, the same after the Orange Book script (appetite, title, treatment columns, confidential
 * risks, objectives), and 1,000 synthetic risks with text that looks like formulas, XML, quotes, control
 * characters and line breaks. The file itself passes `unzip -t` (CRC and sizes of every part).
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCriteria } from '../../../db/criteria.ts';
import { gatherBoardPack, gatherWorkbookPack } from '../../../db/export/board-pack-data.ts';
import type { SummaryRequest } from '../../../db/export/summary.ts';
import { summaryTable } from '../../../db/export/summary.ts';
import { summaryToXlsx } from '../../../db/export/xlsx.ts';
import { XlsxWriter, columnName, xmlText } from '../../../db/export/xlsx-writer.ts';
import { createRisk } from '../../../db/risk-writes.ts';
import type { RegisterSession } from '../../../db/session.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import type { TempDir } from '../helpers.ts';
import { openClockedRegister } from './clocked-register.ts';
import type { Ok } from './orange-script.ts';
import { scriptOrange } from './orange-script.ts';
import { summaryToXlsx as exceljsSummaryToXlsx } from './reference/xlsx-exceljs.ts';

let tmp: TempDir;
let session: RegisterSession;
let clock: Date;
let ok: Ok;

beforeEach(() => {
  clock = new Date('2026-04-01T09:00:00Z');
  ({ tmp, session, ok } = openClockedRegister('rr-xlsx-writer-', () => clock));
});
afterEach(() => {
  session.close();
  tmp.cleanup();
});

/** Both workbooks from the register as it stands, as `export:summary` builds them. */
async function bothBooks(request: Partial<SummaryRequest> = {}) {
  const db = session.db;
  const table = summaryTable(
    db,
    { format: 'xlsx', scores: 'current', bands: null, sort: 'ref', ...request },
    clock,
  );
  const board = { pack: gatherBoardPack(db, clock, {}), criteria: readCriteria(db) };
  const mine = await summaryToXlsx(table, clock, board);
  const theirs = await exceljsSummaryToXlsx(table, clock, board);
  // The export's own path: the workbook's part of the pack only (gatherWorkbookPack), no table of every risk.
  const lean = await summaryToXlsx(table, clock, {
    pack: gatherWorkbookPack(db, clock, {}),
    criteria: readCriteria(db),
  });
  const path = tmp.file('summary.xlsx');
  writeFileSync(path, lean);
  const load = async (bytes: Uint8Array) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    return wb;
  };
  return {
    path,
    rows: table.rows.length,
    mine: await load(mine),
    lean: await load(lean),
    theirs: await load(theirs),
  };
}

/** What a reader sees of a cell. */
function cellView(c: ExcelJS.Cell) {
  return {
    value: c.value,
    type: c.type,
    numFmt: c.numFmt,
    font: c.font,
    fill: c.fill,
    border: c.border,
    alignment: c.alignment,
  };
}

/** What a reader sees of a sheet, apart from its cells. */
function sheetView(ws: ExcelJS.Worksheet) {
  const p = ws.pageSetup;
  return {
    name: ws.name,
    rowCount: ws.rowCount,
    columnCount: ws.columnCount,
    // exceljs leaves out a column whose width is its default, 9 (the new writer writes it as asked).
    widths: Array.from({ length: ws.columnCount }, (_, i) => ws.getColumn(i + 1).width ?? 9),
    heights: Array.from({ length: ws.rowCount }, (_, i) => ws.getRow(i + 1).height),
    views: (ws.views ?? []).map((v) => ({ state: v.state, ySplit: (v as { ySplit?: number }).ySplit })),
    merges: (ws.model as { merges?: string[] }).merges,
    page: {
      paperSize: p.paperSize,
      orientation: p.orientation,
      fitToPage: p.fitToPage,
      fitToWidth: p.fitToWidth,
      fitToHeight: p.fitToHeight,
      margins: p.margins,
      printTitlesRow: p.printTitlesRow,
    },
    headerFooter: { oddHeader: ws.headerFooter.oddHeader, oddFooter: ws.headerFooter.oddFooter },
  };
}

/** Every sheet and every cell of the two workbooks, compared; the number of cells compared. */
function expectSameBooks(mine: ExcelJS.Workbook, theirs: ExcelJS.Workbook): number {
  expect(mine.worksheets.map((w) => w.name)).toEqual(theirs.worksheets.map((w) => w.name));
  expect(mine.creator).toBe(theirs.creator);
  expect(mine.description).toBe(theirs.description);
  expect(mine.created).toEqual(theirs.created);
  let cells = 0;
  for (const theirSheet of theirs.worksheets) {
    const mySheet = mine.getWorksheet(theirSheet.name);
    if (!mySheet) throw new Error(`no sheet ${theirSheet.name}`);
    expect(sheetView(mySheet), theirSheet.name).toEqual(sheetView(theirSheet));
    for (let r = 1; r <= theirSheet.rowCount; r += 1)
      for (let c = 1; c <= theirSheet.columnCount; c += 1) {
        const where = `${theirSheet.name}!${columnName(c)}${r}`;
        const a = cellView(mySheet.getCell(r, c));
        const b = cellView(theirSheet.getCell(r, c));
        // One comparison per cell, with the address only when they differ (100,000 expects are slow).
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(a, where).toEqual(b);
        cells += 1;
      }
  }
  return cells;
}

function unzipTest(path: string): string {
  const r = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout;
}

describe('the summary workbook writer', () => {
  it('writes the LGA sample with travel exactly as the exceljs writer did', async () => {
    await ok('register:onboard', { choice: 'sample' });
    const { path, rows, mine, lean, theirs } = await bothBooks({ travel: true });
    expect(rows).toBe(19);
    expect(expectSameBooks(mine, theirs)).toBeGreaterThan(19 * 9);
    expect(expectSameBooks(lean, mine)).toBeGreaterThan(19 * 9);
    const ws = mine.getWorksheet('Summary');
    expect(ws?.getCell('I4').value).toBe('Direction of travel');
    // The horizontal centring the old writer asked for but exceljs's streaming writer left out.
    expect(ws?.pageSetup.horizontalCentered).toBe(true);
    expect(unzipTest(path)).toMatch(/No errors detected/);
  });

  it('writes the Orange Book columns, objectives and confidential risks as the exceljs writer did', async () => {
    await ok('register:onboard', { choice: 'sample' });
    await scriptOrange(ok, (iso) => (clock = new Date(iso)));
    clock = new Date('2026-09-15T10:00:00Z');
    for (const request of [{}, { scores: 'target' as const, bands: ['Amber', 'Red'] }]) {
      const { mine, lean, theirs } = await bothBooks(request);
      expectSameBooks(mine, theirs);
      // The export's workbook pack (no table of every risk) gives the same workbook, cell by cell.
      expectSameBooks(lean, mine);
      const headers = mine.getWorksheet('Summary')?.getRow(4).values as unknown[];
      if (!request.bands) expect(headers).toEqual(expect.arrayContaining(['Title', 'Treatment']));
    }
  });

  it('writes 1,000 risks of awkward text cell for cell as the exceljs writer did, and never a formula', async () => {
    const awkward = [
      "=cmd|' /C calc'!A0",
      '+1',
      '-1',
      '@SUM(1+1)',
      '<b>bold</b> & "quoted" \'apos\'',
      'line one\nline two\n\nline four',
      'tab\there, bell\u0007 and escape\u001b dropped',
      'Café · naïve – “curly” ✓ 日本語 🙂',
      ']]> </v></c> <c r="A1">',
      '   leading and trailing spaces   ',
    ];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(l: readonly T[]): T => l[Math.floor(rnd() * l.length)] as T;
    const score = () => (1 + Math.floor(rnd() * 5)) as ScoreValue;
    const words = 'council budget funding grant pension housing flood cyber data supplier audit'.split(' ');
    const sentence = (n: number) => Array.from({ length: n }, () => pick(words)).join(' ');
    writeTransaction(session.db, () => {
      for (let i = 0; i < 1000; i += 1)
        createRisk(
          session.db,
          {
            ref: `SR${i + 1}`,
            category: i % 50 === 0 ? pick(awkward).trim() || 'Other' : pick(['Finance', 'People', 'Climate']),
            description: i % 7 === 0 ? pick(awkward) : sentence(10 + Math.floor(rnd() * 40)),
            impact: score(),
            likelihood: score(),
            inherent: { impact: score(), likelihood: score() },
            target: rnd() < 0.5 ? { impact: score(), likelihood: score() } : null,
            mitigation: i % 11 === 0 ? pick(awkward) : sentence(5 + Math.floor(rnd() * 60)),
            owners: i % 13 === 0 ? [] : [pick(['AB', 'CD', 'EF & GH', '<XY>'])],
          },
          { now: '2026-04-01T09:00:00.000Z', by: 'Rita Manager' },
          'import',
        );
    });
    const { path, rows, mine, theirs } = await bothBooks();
    expect(rows).toBeGreaterThanOrEqual(1000);
    expect(expectSameBooks(mine, theirs)).toBeGreaterThan(1000 * 8);
    const ws = mine.getWorksheet('Summary');
    for (let r = 5; r < 5 + rows; r += 1)
      for (const c of [1, 2, 3, 7, 8]) {
        const cell = ws?.getCell(r, c);
        expect(cell?.formula, `${columnName(c)}${r}`).toBeUndefined();
      }
    const injected = [];
    for (let r = 5; r < 5 + rows; r += 1) {
      const v = ws?.getCell(r, 3).value;
      if (typeof v === 'string' && v.startsWith('=cmd')) injected.push(ws?.getCell(r, 3).type);
    }
    expect(injected.length).toBeGreaterThan(0);
    expect(new Set(injected)).toEqual(new Set([ExcelJS.ValueType.String]));
    expect(unzipTest(path)).toMatch(/testing: xl\/worksheets\/sheet3\.xml +OK/);
  }, 240_000);
});

describe('its XML text', () => {
  it('escapes the five entities and drops the control characters XML cannot carry', () => {
    expect(xmlText('plain text')).toBe('plain text');
    expect(xmlText(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(xmlText('a\u0000b\u0008c\td\ne\rf\u000bg\u001fh\u007fi')).toBe('abc\td\ne\rfghi');
  });

  it('names columns as Excel does', () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('carries text across its megabyte slices whole: multi-byte characters at every edge, a row larger than a slice', async () => {
    const wb = new XlsxWriter({ creator: 'Risk Register', created: clock });
    const ws = wb.addSheet('Slices', {
      widths: [10, 10],
      landscape: false,
      margins: { left: 0.5, right: 0.5, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    });
    // Rows of mixed one-, two-, three- and four-byte characters, so slice edges fall at every offset, then one
    // cell of 600,000 characters (more than a slice holds in UTF-8), then more rows after it.
    const mixed = (i: number) => `R${i} a£€😀 ${'é€x'.repeat(i % 97)}`;
    const big = '€'.repeat(200_000) + 'ß'.repeat(200_000) + 'z'.repeat(200_000);
    const expected: [string, string][] = [];
    let r = 1;
    for (; r <= 20_000; r += 1) expected.push([mixed(r), String(r)]);
    expected.push([big, 'big']);
    for (let k = 0; k < 100; k += 1) expected.push([mixed(k), `after ${k}`]);
    expected.forEach((v, i) => ws.row(i + 1, v, [0, 0]));
    wb.endSheet(ws);
    const bytes = await wb.finish();
    const path = tmp.file('slices.xlsx');
    writeFileSync(path, bytes);
    unzipTest(path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Slices');
    if (!sheet) throw new Error('no sheet');
    expect(sheet.rowCount).toBe(expected.length);
    const read: [string, string][] = [];
    sheet.eachRow((row) => read.push([String(row.getCell(1).value), String(row.getCell(2).value)]));
    expect(read.length).toBe(expected.length);
    const differs = read.findIndex((v, i) => v[0] !== expected[i]?.[0] || v[1] !== expected[i]?.[1]);
    expect(differs).toBe(-1);
  });

  it('deflates large sheets in its own thread to the same bytes, waiting or not, and stops the thread', async () => {
    // Two large sheets: the first written with a wait whenever the thread is busy (as the summary table is), the
    // second without a pause (as the board sheets are: its backlog is deflated here); a small one between them.
    const book = async (deflateThread: boolean) => {
      const wb = new XlsxWriter({ creator: 'Risk Register', created: clock }, { deflateThread });
      const options = {
        widths: [10, 10],
        landscape: false,
        margins: { left: 0.5, right: 0.5, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      };
      const row = (i: number) => [`R${i} a£€😀 ${'é€x'.repeat(i % 97)} ${'word '.repeat(i % 31)}`, i];
      const first = wb.addSheet('Waits', options);
      for (let r = 1; r <= 30_000; r += 1) {
        first.row(r, row(r), [0, 0]);
        if (wb.backlogged) await wb.drain();
      }
      wb.endSheet(first);
      const small = wb.addSheet('Small', options);
      small.row(1, ['one row'], [0]);
      wb.endSheet(small);
      const second = wb.addSheet('No pause', options);
      for (let r = 1; r <= 30_000; r += 1) second.row(r, row(r * 7), [0, 0]);
      wb.endSheet(second);
      const bytes = await wb.finish();
      return { bytes, offThread: wb.slicesOffThread, stillBacklogged: wb.backlogged };
    };
    const here = await book(false);
    const threaded = await book(true);
    expect(here.offThread).toBe(0);
    // Both large sheets sent slices to the thread (the second until its backlog was full).
    expect(threaded.offThread).toBeGreaterThan(10);
    expect(threaded.stillBacklogged).toBe(false);
    expect(Buffer.from(threaded.bytes).equals(Buffer.from(here.bytes))).toBe(true);
    const path = tmp.file('threaded.xlsx');
    writeFileSync(path, threaded.bytes);
    expect(unzipTest(path)).toMatch(/testing: xl\/worksheets\/sheet3\.xml +OK/);
  });
});
