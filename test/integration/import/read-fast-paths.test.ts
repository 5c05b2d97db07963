/**
 * The import read's fast paths (issue 14) give what the plain ones gave: the CSV record count (indexOf line by line)
 * counts as the character-at-a-time scan did, on every awkward shape and split into pieces anywhere; the commit's
 * file hash (read in chunks) is the SHA-256 of the whole file; and a workbook with one visible worksheet (read whole
 * at once, not scored first) reads as one with a hidden sheet beside it.
 */
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCsvRecords, hashFile } from '../../../db/import/read.ts';
import { readXlsx } from '../../../db/import/xlsx.ts';
import { makeTempDir, type TempDir } from '../helpers.ts';

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir('rr-read-fast-');
});
afterAll(() => tmp.cleanup());

/** The count as it was made before: one character at a time (every quote toggles; blanks and separators are empty). */
function countOneByOne(text: string | readonly string[], stopAfter: number): number {
  let records = 0;
  let inQuotes = false;
  let hasContent = false;
  for (const piece of typeof text === 'string' ? [text] : text) {
    for (let i = 0; i < piece.length; i++) {
      const ch = piece.charCodeAt(i);
      if (ch === 0x22) {
        inQuotes = !inQuotes;
        hasContent = true;
      } else if (ch === 0x0a && !inQuotes) {
        if (hasContent && ++records > stopAfter) return records;
        hasContent = false;
      } else if (ch !== 0x0d && ch !== 0x2c && ch !== 0x3b && ch !== 0x09 && ch !== 0x20) {
        hasContent = true;
      }
    }
  }
  return hasContent ? records + 1 : records;
}

/** A small deterministic generator (no flaky randomness). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('countCsvRecords', () => {
  const alphabet = ['a', 'b', ',', ';', '\t', ' ', '"', '"', '\n', '\n', '\r', '\r\n', 'é', 'x"y'];
  it('counts as the character-at-a-time scan did, whole or in pieces, with and without a stop', () => {
    const next = lcg(14);
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(next() * 40);
      let text = '';
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(next() * alphabet.length)] ?? '';
      const cut = Math.floor(next() * (text.length + 1));
      const cut2 = cut + Math.floor(next() * (text.length - cut + 1));
      const pieces = [text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)];
      for (const stop of [0, 1, 2, 5, 1000]) {
        const want = countOneByOne(text, stop);
        expect(countCsvRecords(text, stop), JSON.stringify([text, stop])).toBe(want);
        expect(countCsvRecords(pieces, stop), JSON.stringify([pieces, stop])).toBe(want);
      }
    }
  });

  it('the shapes a register file has: quoted line breaks, blank and separator-only lines, CRLF, no final newline', () => {
    const text =
      'Ref,Description\r\nSR1,"two\r\nlines"\r\n,,\r\n\r\n  \r\nSR2,"a ""quoted"" word"\r\nSR3,last';
    expect(countCsvRecords(text, 100)).toBe(countOneByOne(text, 100));
    expect(countCsvRecords(text, 100)).toBe(4);
  });
});

describe('hashFile', () => {
  it('is the SHA-256 of the whole file, across chunk boundaries', () => {
    const bytes = Buffer.alloc(3 * (1 << 20) + 12345);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 11)) & 0xff;
    const path = tmp.file('big.bin');
    writeFileSync(path, bytes);
    expect(hashFile(path)).toBe(createHash('sha256').update(bytes).digest('hex'));
    const empty = tmp.file('empty.csv');
    writeFileSync(empty, '');
    expect(hashFile(empty)).toBe(createHash('sha256').update(Buffer.alloc(0)).digest('hex'));
  });

  it('a file that cannot be read (gone, or a folder) is named, with what to do', () => {
    expect(() => hashFile(tmp.file('gone.csv'))).toThrow(/can no longer be read.*Choose the file again/);
    const folder = tmp.file('a-folder.csv');
    mkdirSync(folder);
    expect(() => hashFile(folder)).toThrow(/can no longer be read/);
  });
});

describe('a workbook with one visible worksheet', () => {
  async function workbook(hiddenToo: boolean): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    if (hiddenToo) wb.addWorksheet('Old', { state: 'hidden' }).addRow(['Ref', 'Description']);
    const ws = wb.addWorksheet('Risks');
    ws.addRow(['Register of risks']);
    ws.addRow([]);
    ws.addRow(['Ref', 'Description', 'Impact', 'Likelihood']);
    for (let i = 1; i <= 60; i++) ws.addRow([`SR${i}`, `Risk ${i}`, (i % 5) + 1, ((i * 3) % 5) + 1]);
    ws.mergeCells('A1:D1');
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('reads every row (past the first 20 the sheets are scored on), the merge applied, as beside a hidden sheet', async () => {
    const alone = await readXlsx(await workbook(false));
    const beside = await readXlsx(await workbook(true));
    expect(alone).toEqual(beside);
    expect(alone.sheet).toBe('Risks');
    expect(alone.sheets).toEqual(['Risks']);
    expect(alone.notes).toEqual([]);
    expect(alone.table.rows).toHaveLength(62);
    expect(alone.table.rows.at(-1)).toEqual({
      row: 63,
      cells: ['SR60', 'Risk 60', 1, 1],
    });
    expect(alone.table.rows[0]?.cells[1]).toEqual({ text: 'Register of risks', merged: true });
  });
});
