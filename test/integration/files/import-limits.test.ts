/**
 * Import files that would exhaust memory or time are refused while reading, in a real child process measured for
 * time and peak memory: zip bombs (an XLSX of ~1 MB that unzips to hundreds of MB), a CSV of a million rows,
 * a CSV over 10 MB. And a CSV mixing UTF-8 and Windows-1252 lines is read line by line, never garbled.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../../db/import/decode.ts';
import { countCsvRecords } from '../../../db/import/read.ts';
import { IMPORT_LIMITS } from '../../../shared/import/limits.ts';
import { type App, fingerprint, makeApp, makeTempDir, type TempDir } from '../helpers.ts';
import { buildZip, paddedSheet, rowsSheet, workbookParts } from './zip-fixture.ts';

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir('rr-limits-');
});
afterAll(() => tmp.cleanup());

/**
 * Read an import file in a fresh Node process: the outcome, the CPU time the read used (user + system, so a loaded
 * machine does not change it the way wall time would) and the process's peak memory.
 */
function readInChild(path: string): {
  error: string | null;
  code: string | null;
  cpuMs: number;
  maxRssMB: number;
} {
  const script = `
    import { readImportFile } from './db/import/read.ts';
    const t = process.cpuUsage();
    let error = null, code = null;
    try { await readImportFile(${JSON.stringify(path)}); } catch (e) { error = e.message; code = e.code ?? null; }
    const used = process.cpuUsage(t);
    console.log(JSON.stringify({ error, code, cpuMs: Math.round((used.user + used.system) / 1000),
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ReturnType<typeof readInChild>;
}

/**
 * Refusals take 0.5–1.3 s on this 2-core machine (docs/reliability-files.md); the old reader did not finish in 120 s.
 * The bound is on CPU time, not wall time (at a load of 40 the wall time of a 1 s read reached 90 s): it only
 * catches a return to unzipping everything first.
 */
const CPU_BOUND_MS = 30_000;

describe('an XLSX zip bomb is refused while unzipping, within 5 s and 500 MB', () => {
  const cases: [string, () => Promise<Buffer>, RegExp][] = [
    [
      '2,000,000 rows (380 MB of sheet XML), honestly declared',
      () => buildZip(workbookParts(rowsSheet(2_000_000))),
      /more than \d+ MB unzipped/,
    ],
    [
      '2,000,000 rows, the directory claiming 1 KB',
      () => buildZip(workbookParts(rowsSheet(2_000_000, 1024))),
      /has more than [\d,]+ rows|larger inside than/,
    ],
    [
      '400 MB of padding and one cell, the directory claiming 1 KB',
      () => buildZip(workbookParts(paddedSheet(400, 1024))),
      /more than \d+ MB unzipped\); reading stopped there/,
    ],
  ];
  it.each(cases)('%s', async (_name, build, message) => {
    const path = tmp.file(`bomb-${Math.random().toString(16).slice(2)}.xlsx`);
    const bytes = await build();
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    writeFileSync(path, bytes);
    const r = readInChild(path);
    expect(r.code).toBe('VALIDATION');
    expect(r.error).toMatch(message);
    expect(r.error).toMatch(/save it as CSV|split the file|Delete any empty rows/i);
    expect(r.cpuMs).toBeLessThan(CPU_BOUND_MS);
    expect(r.maxRssMB).toBeLessThan(500);
  });

  it('refuses a workbook of too many cells (sheet under the row limit)', async () => {
    // 20,000 rows × 110 cells = 2,200,000 cells > 2,000,000 (about 35 MB of XML, under the unzipped limit and
    // the row limit): refused on the cell count, before exceljs.
    expect(IMPORT_LIMITS.xlsxCells).toBe(2_000_000);
    const cells = Array.from({ length: 110 }, () => '<c><v>1</v></c>').join('');
    const path = tmp.file('wide.xlsx');
    writeFileSync(
      path,
      await buildZip(
        workbookParts({
          name: 'xl/worksheets/sheet1.xml',
          repeat: {
            head: '<worksheet><sheetData>',
            chunk: `<row>${cells}</row>`,
            times: 20_000,
            tail: '</sheetData></worksheet>',
          },
        }),
      ),
    );
    const r = readInChild(path);
    expect(r.error).toMatch(/more than 2,000,000 cells/);
    expect(r.cpuMs).toBeLessThan(CPU_BOUND_MS);
  });
});

describe('CSV files too long to import are refused while reading', () => {
  let app: App;
  let register: string;
  beforeAll(async () => {
    app = makeApp();
    register = tmp.file('register.sqlite');
    await app.ok('register:create', { path: register, sample: true });
  });
  afterAll(() => app.close());

  it('a million rows (9 MB) in under 5 s and 500 MB, before the CSV is parsed', async () => {
    const path = tmp.file('million.csv');
    const rows: string[] = ['Ref,Category,Description of risk,I,L'];
    for (let i = 0; i < 1_000_000; i++) rows.push(`S${i % 10},F,A,4`);
    writeFileSync(path, rows.join('\n'));
    const r = readInChild(path);
    expect(r.code).toBe('VALIDATION');
    expect(r.error).toMatch(/^million\.csv has more than 200,100 rows; an import can hold at most 200,000/);
    expect(r.cpuMs).toBeLessThan(CPU_BOUND_MS);
    expect(r.maxRssMB).toBeLessThan(500);
    // Through the handler too, with the register untouched.
    const before = fingerprint(register);
    const err = await app.fail('import:preview', { path });
    expect(err.message).toMatch(/more than 200,100 rows/);
    expect(fingerprint(register).sha256).toBe(before.sha256);
  });

  it('a file over the size limit (100 MB) before a byte of it is read', () => {
    const path = tmp.file('huge.csv');
    expect(IMPORT_LIMITS.fileBytes).toBe(100 * 1024 * 1024);
    writeFileSync(path, Buffer.alloc(101 * 1024 * 1024, 0x41));
    const r = readInChild(path);
    expect(r.error).toMatch(/^The file is 101\.0 MB; an import can be at most 100 MB\./);
    expect(r.cpuMs).toBeLessThan(CPU_BOUND_MS);
  });

  it('counts records, not lines: newlines inside quoted cells do not count, blank lines do not count', () => {
    expect(countCsvRecords('a,b\n"x\ny\nz",1\n\n,,\n2,3', 100)).toBe(3);
    expect(countCsvRecords('a\r\nb\r\n', 100)).toBe(2);
    expect(countCsvRecords('a\nb\nc\nd\n', 1)).toBe(2);
  });

  it('a CSV mixing UTF-8 and Windows-1252 lines is read line by line, and the preview says which lines', async () => {
    const header = Buffer.from('Ref,Category,Description of risk,I,L\n');
    const utf8Line = Buffer.from('SR1,Finance,Café budget £2m overspend,4,2\n', 'utf8');
    const ansiLine = Buffer.from('SR2,Finance,Naïve pension estimate – £5m,3,3\n', 'latin1');
    // latin1 gives é/ï/£ as one byte each, as Windows-1252 does; the en dash is 0x96 in Windows-1252.
    ansiLine[ansiLine.indexOf(0x13)] = 0x96; // U+2013 became 0x13 under latin1; put the Windows-1252 byte back
    const mixed = Buffer.concat([header, utf8Line, ansiLine, Buffer.from('SR3,Finance,Plain ASCII,2,2\n')]);
    const decoded = decodeText(mixed);
    expect(decoded.encoding).toBe('utf-8 and windows-1252');
    expect(decoded.mixed).toEqual({ utf8Lines: [2], windows1252Lines: [3] });
    expect(decoded.text).toContain('Café budget £2m overspend');
    expect(decoded.text).toContain('Naïve pension estimate – £5m');
    expect(decoded.text).not.toMatch(/Ã|Â|\uFFFD/);

    const path = tmp.file('mixed.csv');
    writeFileSync(path, mixed);
    const preview = await app.ok('import:preview', { path });
    if (!preview) throw new Error('no preview');
    expect(preview.encoding).toBe('utf-8 and windows-1252');
    expect(preview.notes[0]).toMatch(
      /^This file mixes two text encodings, so each line was read in its own: line 2 as UTF-8, and line 3 as Windows-1252 \(ANSI\)\./,
    );
    const descriptions = preview.rows.map((r) => r.values.description);
    expect(descriptions).toEqual([
      'Café budget £2m overspend',
      'Naïve pension estimate – £5m',
      'Plain ASCII',
    ]);
  });

  it('a wholly Windows-1252 or wholly UTF-8 file is read as before, with no note', () => {
    expect(decodeText(Buffer.from('a,Café\nb,£\n', 'latin1'))).toEqual({
      text: 'a,Café\nb,£\n',
      encoding: 'windows-1252',
    });
    expect(decodeText(Buffer.from('a,Café\n', 'utf8'))).toEqual({ text: 'a,Café\n', encoding: 'utf-8' });
  });
});
