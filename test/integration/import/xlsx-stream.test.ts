/**
 * The streaming XLSX reader (db/import/xlsx.ts, issue 14) reads every cell as exceljs's whole-workbook reader did
 * (test/integration/import/reference/xlsx-exceljs.ts): the council-shaped fixtures (merged titles and group
 * headers, risks merged down over their action rows, several sheets), the app's own summary export, and a workbook
 * made to hold every kind of cell (shared strings, rich text, numbers, dates in built-in and custom formats, 1904
 * dates, booleans, errors, formulas with cached results, shared formulas, hyperlinks, hidden sheets, formula-looking
 * text, XML specials, blank cells and rows, a vertical merge). Also what exceljs got wrong and the reader does not.
 */
import ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../../db/import/xlsx.ts';
import type { ImportMapping } from '../../../shared/import/types.ts';
import { actionPlanWorkbook, countyWorkbook } from '../../fixtures/import/real-shapes/generate.ts';
import { makeApp, makeTempDir } from '../helpers.ts';
import { readFileSync } from 'node:fs';
import { cellsAsHeld } from './reference/cell-shape.ts';
import { readXlsxWithExceljs } from './reference/xlsx-exceljs.ts';

async function same(bytes: Uint8Array, mapping?: ImportMapping) {
  const want = cellsAsHeld(await readXlsxWithExceljs(bytes, mapping));
  const got = await readXlsx(bytes, mapping);
  expect(got).toEqual(want);
  return got;
}

async function everyKindOfCell(date1904 = false): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  if (date1904) wb.properties.date1904 = true;
  const hidden = wb.addWorksheet('Old', { state: 'hidden' });
  hidden.addRow(['Ref', 'Category', 'Description']);
  hidden.addRow(['H1', 'Hidden', 'Never read']);
  const ws = wb.addWorksheet('Risks & issues <2025>');
  ws.addRow([
    'Ref',
    'Category',
    'Description',
    'Impact',
    'Likelihood',
    'Score',
    'Review date',
    'Owner',
    'Open',
  ]);
  ws.addRow([
    'SR1',
    'Finance',
    '=HYPERLINK("http://x") & <b>"quoted"</b> \'apos\'',
    4,
    2,
    { formula: 'D2*E2', result: 8 },
    new Date(Date.UTC(2025, 2, 31)),
    'SP/VV',
    true,
  ]);
  ws.addRow([
    'SR2',
    'People',
    { richText: [{ text: 'Bold ', font: { bold: true } }, { text: 'and plain' }] },
    { formula: '1+2', result: 3 },
    2.5,
    { sharedFormula: 'F2', result: 5 },
    { formula: 'TODAY()', result: new Date(Date.UTC(2024, 11, 25)) },
    { text: 'Intranet page', hyperlink: 'https://example.org/a?b=1&c=2' },
    false,
  ]);
  ws.addRow([]);
  ws.addRow([
    'SR3',
    'Línea — “curly” £€ 🙂',
    'Line one\nline two\ttab',
    { error: '#N/A' },
    -0.000123,
    { formula: 'IF(A5="SR3","yes","no")', result: 'yes' },
    null,
    '+1',
    { formula: 'ISBLANK(G5)', result: true },
  ]);
  ws.addRow(['SR4', 'Finance', '   spaces kept   ', 1e21, 123456789.125, null, 45000, '@x', '-1']);
  ws.getCell('G6').numFmt = 'dd/mm/yyyy';
  ws.getCell('G2').numFmt = 'd-mmm-yy';
  ws.getCell('E6').numFmt = '0.00" days"';
  ws.getCell('J7').value = 'far right';
  ws.getCell('A9').value = 'Merged down';
  ws.mergeCells('A9:A11');
  ws.getCell('B12').value = null;
  ws.getCell('B12').numFmt = 'dd/mm/yyyy';
  // Past the 20 rows a sheet is scored on: the chosen sheet is read again whole, a merge far down included.
  for (let i = 0; i < 40; i++) ws.addRow([`SR${i + 10}`, 'Later', `Risk ${i}`, (i % 5) + 1, 2]);
  ws.getCell('C60').value = 'Merged down late';
  ws.mergeCells('C60:C62');
  const other = wb.addWorksheet('Notes');
  for (let i = 0; i < 30; i++) other.addRow([`Note ${i}`]);
  other.addRow(['Just a note']);
  wb.addWorksheet('Empty');
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('the streaming XLSX reader reads what exceljs read', () => {
  it('the county register (titles and group headers merged across, several sheets)', async () => {
    const got = await same(await countyWorkbook());
    expect(got.sheet).toBe('Strategic Risks');
    expect(got.table.rows.find((r) => r.row === 3)?.cells[5]).toEqual({
      text: 'Inherent Risk',
      merged: true,
    });
  });

  it('the district action plan (a risk merged down over its action rows)', async () => {
    await same(await actionPlanWorkbook());
  });

  it('every kind of cell, each sheet chosen by name, and 1904 dates', async () => {
    const bytes = await everyKindOfCell();
    const got = await same(bytes);
    expect(got.sheets).toEqual(['Risks & issues <2025>', 'Notes']);
    expect(got.table.rows.find((r) => r.row === 62)?.cells[2]).toEqual({
      text: 'Merged down late',
      merged: true,
    });
    const row2 = got.table.rows.find((r) => r.row === 2)?.cells;
    expect(row2?.[6]).toEqual({ text: '31/03/2025', date: '2025-03-31' });
    expect(row2?.[5]).toEqual({ text: '8', number: 8, formula: 'D2*E2' });
    const row3 = got.table.rows.find((r) => r.row === 3)?.cells;
    expect(row3?.[5]).toMatchObject({ formula: 'D3*E3' }); // the shared formula, moved down a row
    await same(bytes, { sheet: 'notes' });
    await same(bytes, { sheet: 'Risks & issues <2025>' });
    await same(await everyKindOfCell(true));
  });

  it('the app’s own summary export (styled cells, numbers written as text, board pack sheets)', async () => {
    const tmp = makeTempDir('rr-xlsx-stream-');
    const app = makeApp();
    try {
      await app.ok('register:create', { path: tmp.file('r.riskregister'), sample: true });
      const out = tmp.file('summary.xlsx');
      await app.ok('export:summary', { format: 'xlsx', path: out });
      const got = await same(new Uint8Array(readFileSync(out)));
      expect(got.table.rows.length).toBeGreaterThan(10);
    } finally {
      app.close();
      tmp.cleanup();
    }
  });
});

/** A one-sheet workbook made by hand: the XML as another program might write it. */
function handMade(sheetXml: string, extra: Record<string, string> = {}): Uint8Array {
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheetXml,
    ...extra,
  };
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(raw.length, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(dir, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dirBytes, end]));
}

describe('sheet XML exceljs does not read, read as written', () => {
  it('a namespace prefix, inline strings, rows and cells without addresses, an ISO date cell', async () => {
    const xml =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t>Ref</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Description</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Review date</x:t></x:is></x:c></x:row>' +
      '<x:row><x:c t="inlineStr"><x:is><x:r><x:t>SR</x:t></x:r><x:r><x:t xml:space="preserve">1 </x:t></x:r></x:is></x:c><x:c t="str"><x:v>Fish &amp;amp; chips &#163;5</x:v></x:c><x:c t="d"><x:v>2025-04-01T00:00:00Z</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    const got = await readXlsx(handMade(xml));
    expect(got.table.rows).toEqual([
      { row: 1, cells: ['Ref', 'Description', 'Review date'] },
      {
        row: 2,
        // exceljs decoded a str cell's entities twice ("Fish & chips"): the text is what the file says.
        cells: ['SR1 ', 'Fish &amp; chips £5', { text: '01/04/2025', date: '2025-04-01' }],
      },
    ]);
  });

  it('a merge over the whole sheet is refused by the cell limit, not built', async () => {
    const xml =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c></row></sheetData>' +
      '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>';
    await expect(readXlsx(handMade(xml))).rejects.toThrow(/cells/);
  });
});
