/**
 * The import preview's read and check, made cheaper (issue 14), give byte for byte what they gave before: the CSV
 * decode's ASCII blocks (buffer.isAscii) cut the text into the pieces the byte-at-a-time search cut, wherever the
 * non-ASCII bytes fall; and the table and plan of a file of every shape the check treats differently (problems.ts)
 * hash to what the code before the change gave (3af30d5, with and without a mapping's choices).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTextSegments } from '../../../db/import/decode.ts';
import { readImportFile } from '../../../db/import/read.ts';
import { LGA_KEY } from '../../../shared/band-key.ts';
import { checkImport } from '../../../shared/import/check.ts';
import { importSummary } from '../../../shared/import/summary.ts';
import { problemsCsv } from '../../fixtures/import/preview-same/problems.ts';
import { makeTempDir, seededRandom, type TempDir } from '../helpers.ts';

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir('rr-preview-same-');
});
afterAll(() => tmp.cleanup());

/** The pieces as they were cut before: every byte looked at in turn. */
function segmentsOneByOne(bytes: Uint8Array): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const segments: string[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) < 0x80) continue;
    const start = bytes.lastIndexOf(0x0a, i) + 1;
    let end = bytes.indexOf(0x0a, i);
    end = end < 0 ? bytes.length : end + 1;
    if (start > from) segments.push(decoder.decode(bytes.subarray(from, start)));
    segments.push(decoder.decode(bytes.subarray(start, end)));
    from = end;
    i = end - 1;
  }
  if (from < bytes.length || segments.length === 0) segments.push(decoder.decode(bytes.subarray(from)));
  return segments;
}

describe('the CSV decode', () => {
  it('cuts the text into the same pieces, non-ASCII bytes at and around every block edge', () => {
    const random = seededRandom(14);
    const ascii = (n: number) =>
      Array.from({ length: n }, () =>
        random() < 0.05 ? '\n' : String.fromCharCode(32 + Math.floor(random() * 90)),
      ).join('');
    const texts: string[] = [
      '',
      'a',
      '–',
      'a\n–\nb',
      '\n\n–',
      `${'x'.repeat(4096)}–`,
      `${'x'.repeat(4095)}–\n`,
    ];
    // A two-byte and a three-byte character put where the bytes before them end exactly at, just before and just
    // after a 4096-byte block's edge, in texts of one to four blocks.
    for (const at of [0, 1, 4094, 4095, 4096, 4097, 8191, 8192, 12287, 16383])
      for (const ch of ['é', '–', '·']) texts.push(`${ascii(at)}${ch}${ascii(Math.floor(random() * 9000))}`);
    for (let k = 0; k < 20; k++) {
      let t = '';
      while (t.length < 20000) t += random() < 0.002 ? '“' : ascii(1);
      texts.push(t);
    }
    for (const text of texts) {
      const bytes = new TextEncoder().encode(text);
      expect(decodeTextSegments(bytes).segments).toEqual(segmentsOneByOne(bytes));
    }
  });
});

/** SHA-256 of the JSON below as 3af30d5 (before issue 14's cheaper check) gave it. */
const BEFORE = 'a167b6138bea44a416b1a959e99de5a27231a2e5cc5902f70c2d1bdb8fc2a9bb';

describe('the check', () => {
  it('gives the table, plans and summaries it gave before it was made cheaper, byte for byte', async () => {
    const path = tmp.file('problems.csv');
    writeFileSync(path, problemsCsv());
    const file = await readImportFile(path);
    const plans = [undefined, { ownerRule: 'split' as const, rounding: 'half-up' as const }].map(
      (mapping) => {
        const plan = checkImport(file.table, {
          mapping,
          remembered: {},
          existingRefs: ['SR2', 'sr5'],
          key: LGA_KEY,
        });
        return { plan, summary: importSummary(plan), summaryAccepted: importSummary(plan, true) };
      },
    );
    // The rows of problems the file is made of are all there (so that the hash below covers them).
    expect(plans[0]?.plan.counts).toMatchObject({ rows: 94, error: 51, needsRepair: 16, warning: 16 });
    const json = `${JSON.stringify({ table: file.table, plans }, null, 1)}\n`;
    const hash = createHash('sha256').update(json).digest('hex');
    // On a difference the JSON is left in the temp folder, to compare with the same JSON made by 3af30d5's code.
    if (hash !== BEFORE) writeFileSync(join(tmpdir(), 'rr-preview-same-actual.json'), json);
    expect(hash).toBe(BEFORE);
  });
});
