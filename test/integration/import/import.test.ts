/**
 * Import through the real handler table into real register files: the LGA fixture, malformed files (each
 * problem gives its per-row message and leaves the register exactly as it was), XLSX formula cells,
 * injection-looking text, limits, the remembered mapping and a file changed after its preview.
 */
import ExcelJS from 'exceljs';
import { truncateSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyFor, verifyHistory } from '../../../db/history.ts';
import type { ImportPreview } from '../../../shared/import/types.ts';
import { LGA_OWNERS, readFixture } from '../../unit/lga-fixture.ts';
import type { App, TempDir } from '../helpers.ts';
import { fingerprint, makeApp, makeTempDir } from '../helpers.ts';

const FIXTURE = resolve('../shared/fixtures/lga-strategic-risk-register-2019-04.csv');
const FIXTURE_NAME = 'lga-strategic-risk-register-2019-04.csv';

let tmp: TempDir;
let app: App;
let db: string;

beforeEach(async () => {
  tmp = makeTempDir('rr-import-');
  app = makeApp();
  db = tmp.file('register.riskregister');
  await app.ok('register:create', { path: db });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

/** Every row of every table, plus the bytes of the file and its journal. */
function registerState(a: App = app) {
  const conn = a.session.db;
  const tables = conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const rows = Object.fromEntries(
    tables.map((t) => [t, conn.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]),
  );
  return { rows, file: fingerprint(db), wal: fingerprint(`${db}-wal`) };
}

function writeCsv(name: string, text: string | Uint8Array): string {
  const path = tmp.file(name);
  writeFileSync(path, text);
  return path;
}

const HEAD = 'Ref,Category,Description of risk,I,L,Score,Mitigation,Owner';

async function preview(path: string): Promise<ImportPreview> {
  const p = await app.ok('import:preview', { path });
  if (!p) throw new Error('no preview');
  return p;
}

function rowMessages(p: ImportPreview, row: number): string[] {
  const r = p.rows.find((x) => x.row === row);
  if (!r) throw new Error(`no row ${row}`);
  return [...r.errors, ...r.repairs.map((x) => x.message), ...r.warnings];
}

describe('importing the LGA fixture into an empty register', () => {
  it('gives exactly the 19 risks, with their refs, scores, split owners and mitigation text', async () => {
    const p = await preview(FIXTURE);
    expect(p.counts).toEqual({
      rows: 19,
      ok: 19,
      warning: 0,
      needsRepair: 0,
      error: 0,
      skipped: 0,
      importable: 19,
    });
    expect(p.fileErrors).toEqual([]);

    const result = await app.ok('import:commit', { path: FIXTURE, fileHash: p.fileHash });
    expect(result).toMatchObject({ fileName: FIXTURE_NAME, imported: 19, repairsApplied: 0 });

    const risks = await app.ok('risks:list', {});
    const fixture = readFixture();
    expect(risks.map((r) => r.ref)).toEqual(fixture.map((f) => f.ref));
    for (const f of fixture) {
      const r = risks.find((x) => x.ref === f.ref);
      expect(r, f.ref).toBeDefined();
      expect({
        category: r?.category,
        description: r?.description,
        impact: r?.impact,
        likelihood: r?.likelihood,
        score: (r?.impact ?? 0) * (r?.likelihood ?? 0),
        mitigation: r?.mitigation,
        owners: r?.owners,
      }).toEqual({
        category: f.category,
        description: f.description,
        impact: Number(f.impact),
        likelihood: Number(f.likelihood),
        score: Number(f.score),
        mitigation: f.mitigation,
        owners: LGA_OWNERS[f.ref],
      });
    }
    expect(risks.find((r) => r.ref === 'SR12')?.owners).toEqual(['CH', 'PAs', 'HGOs']);
  });

  it('records a history entry per risk ("Imported from FILE") and one for the import, in a sound chain', async () => {
    await app.ok('import:commit', { path: FIXTURE });
    const conn = app.session.db;
    const sr4 = (await app.ok('risks:list', {})).find((r) => r.ref === 'SR4');
    const h = historyFor(conn, 'risk', sr4?.id ?? '');
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({
      action: 'import',
      reason: `Imported from ${FIXTURE_NAME}`,
      by: 'Alice Example',
    });
    const reg = historyFor(conn, 'register', 'register');
    expect(reg.map((e) => [e.action, e.reason])).toEqual([
      ['import', `Imported 19 risks from ${FIXTURE_NAME}`],
    ]);
    expect(verifyHistory(conn)).toMatchObject({ ok: true, entries: 20 });
  });
});

describe('a malformed file is reported row by row and leaves the register exactly as it was', () => {
  beforeEach(async () => {
    // A register with something in it already, so "unchanged" means something.
    await app.ok('risks:create', {
      ref: 'SR5',
      category: 'Finance',
      description: 'Existing risk',
      impact: 3,
      likelihood: 3,
    });
  });

  const cases: { name: string; csv: string; row: number; message: RegExp }[] = [
    {
      name: 'impact outside 1–5',
      csv: `${HEAD}\nSR1,F,A,7,2,,,\n`,
      row: 2,
      message: /^Impact must be a whole number from 1 to 5; the file has 7\./,
    },
    {
      name: 'a non-integer likelihood',
      csv: `${HEAD}\nSR1,F,A,4,2.5,,,\n`,
      row: 2,
      message:
        /^Likelihood is 2\.5, not a whole number \(an average, perhaps\)\. Choose how decimals are made whole/,
    },
    {
      name: 'only a combined score',
      csv: `${HEAD}\nSR1,F,A,,,12,,\n`,
      row: 2,
      message: /^Only a score \(12\) is given, without impact and likelihood\. A score cannot be split/,
    },
    {
      name: 'a missing ref',
      csv: `${HEAD}\n,F,A,4,2,,,\n`,
      row: 2,
      message: /^The ref is missing\. Accept the generated ref SR6, or add a ref to the file\.$/,
    },
    {
      name: 'a ref twice in the file',
      csv: `${HEAD}\nSR1,F,A,4,2,,,\nSR1,F,B,4,2,,,\n`,
      row: 3,
      message: /^The ref SR1 is also used by row 2 of this file\. Accept SR6/,
    },
    {
      name: 'a ref the register has',
      csv: `${HEAD}\nSR5,F,A,4,2,,,\n`,
      row: 2,
      message: /^The register already has a risk SR5\. Accept SR6 for this row/,
    },
    {
      name: 'an invalid date',
      csv: 'Ref,Category,Risk,I,L,Review date\nSR1,F,A,4,2,31/02/2026\n',
      row: 2,
      message: /“31\/02\/2026” is not a real date/,
    },
    {
      name: 'an ambiguous date',
      csv: 'Ref,Category,Risk,I,L,Review date\nSR1,F,A,4,2,01/02/26\n',
      row: 2,
      message: /2-digit year/,
    },
    {
      name: 'an empty description',
      csv: `${HEAD}\nSR1,F,,4,2,,,\n`,
      row: 2,
      message: /^The description of the risk is empty/,
    },
  ];

  it.each(cases)('$name', async ({ csv, row, message }) => {
    const before = registerState();
    const path = writeCsv('bad.csv', csv);
    const p = await preview(path);
    expect(
      rowMessages(p, row).some((m) => message.test(m)),
      rowMessages(p, row).join('\n'),
    ).toBe(true);

    const err = await app.fail('import:commit', { path });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(/^Nothing was imported: 1 row needs attention\./);
    const details = err.details as { rows: { row: number }[]; messages: string[] };
    expect(details.rows.map((r) => r.row)).toEqual([row]);
    expect(details.messages.some((m) => m.startsWith(`row ${row}`))).toBe(true);
    expect(registerState()).toEqual(before);
  });

  it('one bad row among good ones stops the whole import, naming only that row', async () => {
    const before = registerState();
    const path = writeCsv(
      'mixed.csv',
      `${HEAD}\nSR1,F,A,4,2,8,,SP\nSR2,F,B,4,2,8,,SP\nSR3,F,C,4,9,,,SP\nSR4,F,D,1,1,1,,SP\n`,
    );
    const err = await app.fail('import:commit', { path });
    expect((err.details as { messages: string[] }).messages).toEqual([
      'row 4 (SR3): Likelihood must be a whole number from 1 to 5; the file has 9. Correct it in the file, then import again.',
    ]);
    expect(registerState()).toEqual(before);
  });

  it('a repair is applied only when the commit lists it as accepted', async () => {
    const path = writeCsv('norefs.csv', `${HEAD}\nSR1,F,A,4,2,,,\n,F,B,3,3,,,\n`);
    const before = registerState();
    await app.fail('import:commit', { path });
    await app.fail('import:commit', { path, accept: [{ row: 2, kind: 'generate-ref' }] });
    expect(registerState()).toEqual(before);
    const done = await app.ok('import:commit', { path, accept: [{ row: 3, kind: 'generate-ref' }] });
    expect(done).toMatchObject({ imported: 2, refs: ['SR1', 'SR6'], repairsApplied: 1 });
  });

  it('a file changed since its preview is refused', async () => {
    const path = writeCsv('changing.csv', `${HEAD}\nSR1,F,A,4,2,,,\n`);
    const p = await preview(path);
    writeFileSync(path, `${HEAD}\nSR1,F,A,5,5,,,\n`);
    const before = registerState();
    const err = await app.fail('import:commit', { path, fileHash: p.fileHash });
    expect(err).toMatchObject({
      code: 'CONFLICT',
      message: 'changing.csv has changed since it was previewed. Preview it again, then import.',
    });
    expect(registerState()).toEqual(before);
  });
});

describe('encodings, quotes and blank lines', () => {
  it('reads Windows-1252 with typographic quotes, keeping them as text', async () => {
    const text = `${HEAD}\r\nSR1,F,\u2018Brexit\u2019 means \u201cchange\u201d \u2013 caf\u00e9,4,2,8,Plan,SP\r\n`;
    const bytes = Uint8Array.from(
      [...text].map(
        (ch) =>
          ({ '\u2018': 0x91, '\u2019': 0x92, '\u201c': 0x93, '\u201d': 0x94, '\u2013': 0x96 })[ch] ??
          ch.charCodeAt(0),
      ),
    );
    const path = writeCsv('ansi.csv', bytes);
    const p = await preview(path);
    expect(p.encoding).toBe('windows-1252');
    await app.ok('import:commit', { path });
    const [r] = await app.ok('risks:list', {});
    expect(r?.description).toBe('‘Brexit’ means “change” – café');
  });

  it('reads UTF-8 with a BOM (the header is still recognised) and skips blank lines', async () => {
    const path = writeCsv(
      'bom.csv',
      `\uFEFF${HEAD}\r\n\r\nSR1,F,‘A’,4,2,8,,SP\r\n\r\n,,,,,,,\r\nSR2,F,B,3,3,9,,DH\r\n\r\n`,
    );
    const p = await preview(path);
    expect(p.encoding).toBe('utf-8 with BOM');
    expect(p.mapping.ref).toBe('Ref');
    expect(p.rows.map((r) => [r.row, r.ref])).toEqual([
      [3, 'SR1'],
      [6, 'SR2'],
    ]);
    await app.ok('import:commit', { path });
    expect((await app.ok('risks:list', {})).map((r) => r.description)).toEqual(['‘A’', 'B']);
  });
});

describe('cells are data, never formulas', () => {
  it('stores formula-looking text from CSV verbatim', async () => {
    const path = writeCsv(
      'inject.csv',
      `${HEAD}\nSR1,@SUM(1+1),"=cmd|' /C calc'!A0",4,2,,+1,-1\nSR2,F,"\t=1+2",3,3,,-1,SP\n`,
    );
    await app.ok('import:commit', { path });
    const [a, b] = await app.ok('risks:list', {});
    expect(a).toMatchObject({
      category: '@SUM(1+1)',
      description: "=cmd|' /C calc'!A0",
      mitigation: '+1',
      owners: ['-1'],
    });
    // The register trims surrounding white space from every text, so a leading tab goes.
    expect(b).toMatchObject({ description: '=1+2', mitigation: '-1' });
  });

  it('imports an XLSX formula as its last value and flags it; text starting with = stays text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Risks');
    ws.addRow(['Ref', 'Category', 'Description of risk', 'Impact', 'Likelihood', 'Score', 'Owner']);
    ws.addRow(['SR1', 'Finance', '=HYPERLINK("http://x")', 4, 2, { formula: 'D2*E2', result: 8 }, 'SP/VV']);
    ws.addRow(['SR2', 'Finance', 'Plain', { formula: '1+2', result: 3 }, 3, null, 'DH']);
    ws.getCell('C2').value = '=HYPERLINK("http://x")';
    const path = tmp.file('formulas.xlsx');
    await wb.xlsx.writeFile(path);

    const p = await preview(path);
    expect(p.format).toBe('xlsx');
    expect(p.sheet).toBe('Risks');
    expect(rowMessages(p, 2)).toEqual([
      'The “Score” cell is a formula (=D2*E2); its last calculated value 8 is imported as a plain value, not the formula.',
    ]);
    expect(rowMessages(p, 3)).toEqual([
      'The “Impact” cell is a formula (=1+2); its last calculated value 3 is imported as a plain value, not the formula.',
    ]);
    await app.ok('import:commit', { path });
    const risks = await app.ok('risks:list', {});
    expect(risks.map((r) => [r.ref, r.description, r.impact, r.likelihood, r.owners])).toEqual([
      ['SR1', '=HYPERLINK("http://x")', 4, 2, ['SP', 'VV']],
      ['SR2', 'Plain', 3, 3, ['DH']],
    ]);
  });
});

describe('limits and unreadable files', () => {
  it('refuses a file over 100 MB before reading it', async () => {
    const path = tmp.file('huge.csv');
    writeFileSync(path, '');
    truncateSync(path, 100 * 1024 * 1024 + 1);
    const err = await app.fail('import:preview', { path });
    expect(err).toMatchObject({ code: 'VALIDATION' });
    expect(err.message).toMatch(/^The file is 100\.0 MB; an import can be at most 100 MB\./);
  });

  it('refuses more than 200,000 rows and a cell over 32,767 characters', async () => {
    const many = Array.from({ length: 200_001 }, (_, i) => `SR${i + 1},F,A,4,2,,,`).join('\n');
    const rows = await app.fail('import:preview', { path: writeCsv('many.csv', `${HEAD}\n${many}\n`) });
    expect(rows.message).toMatch(/200,001 rows under its header; an import can hold at most 200,000/);
    const cell = await app.fail('import:preview', {
      path: writeCsv('cell.csv', `${HEAD}\nSR1,F,A,4,2,,${'x'.repeat(32_768)},\n`),
    });
    expect(cell.message).toMatch(/^Row 2, column G holds 32,768 characters; a cell can hold at most 32,767/);
  }, 60_000);

  it('refuses an old .xls file and a missing file with a sentence saying what to do', async () => {
    const xls = writeCsv('old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect((await app.fail('import:preview', { path: xls })).message).toMatch(
      /old-style Excel file \(\.xls\).*save it as \.xlsx or CSV/,
    );
    expect(await app.fail('import:preview', { path: tmp.file('nope.csv') })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a preview writes nothing, even for a good file', async () => {
    const before = registerState();
    await preview(FIXTURE);
    expect(registerState()).toEqual(before);
  });
});

describe('the column mapping', () => {
  it('is taken from the request, remembered after a successful import and used next time', async () => {
    const csv = 'Code,Area,What could happen,Sev,Prob,Who\nA1,Finance,Grant cut,4,2,SP\n';
    const path = writeCsv('own-headers.csv', csv);
    const unmapped = await preview(path);
    expect(unmapped.fileErrors.join(' ')).toMatch(/^No header row was found: .* or supply a mapping/);

    const mapping = {
      ref: 'Code',
      category: 'Area',
      description: 'What could happen',
      impact: 'Sev',
      likelihood: 'Prob',
      owner: 'Who',
    };
    const mapped = await app.ok('import:preview', { path, mapping });
    expect(mapped?.counts.importable).toBe(1);
    await app.ok('import:commit', { path, mapping });

    const next = writeCsv(
      'next.csv',
      'Code,Area,What could happen,Sev,Prob,Who\nA2,Finance,Rates fall,3,3,DH\n',
    );
    const remembered = await preview(next);
    expect(remembered.columns.map((c) => [c.header, c.field, c.source])).toEqual([
      ['Code', 'ref', 'remembered'],
      ['Area', 'category', 'remembered'],
      ['What could happen', 'description', 'remembered'],
      ['Sev', 'impact', 'remembered'],
      ['Prob', 'likelihood', 'remembered'],
      ['Who', 'owner', 'remembered'],
    ]);
    expect(remembered.counts.importable).toBe(1);
  });

  it('refuses a mapping that names a column the file lacks', async () => {
    const err = await app.fail('import:preview', { path: FIXTURE, mapping: { owner: 'Risk owner' } });
    expect(err.message).toMatch(/takes Owner from the column “Risk owner”, but the file has no such column/);
  });
});
