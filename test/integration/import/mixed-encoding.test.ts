/**
 * A CSV whose lines were saved by different programs: UTF-8 lines among Windows-1252 ones (issue 11). Crafted byte
 * by byte with £, é, ’ and – in both encodings: each line is read in its own encoding, the preview names which lines
 * were which, what lands is exactly the text published, and a refused import leaves the register byte-identical.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeText, decodeTextSegments } from '../../../db/import/decode.ts';
import type { ImportPreview } from '../../../shared/import/types.ts';
import type { App, TempDir } from '../helpers.ts';
import { fingerprint, makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
let db: string;

beforeEach(async () => {
  tmp = makeTempDir('rr-mixed-enc-');
  app = makeApp();
  db = tmp.file('register.riskregister');
  await app.ok('register:create', { path: db });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

/** Windows-1252 bytes, written out by hand: £ A3, é E9, â E2, ’ 92, – 96 (not what Node's latin1 gives for ’ and –). */
function cp1252(text: string): Buffer {
  const special: Record<string, number> = { '£': 0xa3, é: 0xe9, â: 0xe2, '’': 0x92, '–': 0x96 };
  return Buffer.from(
    [...text].map((ch) => {
      const b = special[ch] ?? ch.charCodeAt(0);
      if (b > 0x7f && special[ch] === undefined) throw new Error(`no byte for ${ch}`);
      return b;
    }),
  );
}

const TEXT = {
  r1: 'Council’s café lease – £40k a year at risk',
  r2: 'Résumé of the pension deficit – £5m, the actuary’s figure',
  r3: 'Plain ASCII line',
  r4: 'Théâtre roof – £120k, the trust’s share unknown',
};

function mixedFile(badRow = false): Buffer {
  return Buffer.concat([
    Buffer.from('Ref,Category,Description of risk,Impact,Likelihood,Owner\r\n'),
    Buffer.from(`R1,Property,${TEXT.r1},3,4,Head of Estates\r\n`, 'utf8'),
    cp1252(`R2,Finance,"${TEXT.r2}",4,3,CFO\r\n`),
    Buffer.from(`R3,Finance,${TEXT.r3},2,2,CFO\r\n`),
    cp1252(`R4,Culture,"${TEXT.r4}",${badRow ? '7' : '3'},2,Head of Culture\r\n`),
  ]);
}

function registerState() {
  const conn = app.session.db;
  const tables = conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return {
    rows: Object.fromEntries(
      tables.map((t) => [t, conn.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]),
    ),
    file: fingerprint(db),
    wal: fingerprint(`${db}-wal`),
  };
}

describe('a CSV mixing UTF-8 and Windows-1252 lines', () => {
  it('the file as a whole is not UTF-8; each line decodes in its own encoding, nothing garbled', () => {
    const bytes = mixedFile();
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const d = decodeText(bytes);
    expect(d.encoding).toBe('utf-8 and windows-1252');
    expect(d.mixed).toEqual({ utf8Lines: [2], windows1252Lines: [3, 5] });
    expect(d.text).not.toMatch(/Ã|Â|â€|\uFFFD/);
  });

  it('names the lines and encodings in the preview, and imports every character as published', async () => {
    const path = tmp.file('mixed.csv');
    writeFileSync(path, mixedFile());
    const p = (await app.ok('import:preview', { path })) as ImportPreview;
    expect(p.encoding).toBe('utf-8 and windows-1252');
    expect(p.notes[0]).toBe(
      'This file mixes two text encodings, so each line was read in its own: line 2 as UTF-8, and lines 3 and 5 as ' +
        'Windows-1252 (ANSI). Check the accented letters and symbols on those lines in the preview; to avoid this, ' +
        'save the whole file as "CSV UTF-8" in Excel.',
    );
    expect(p.rows.map((r) => [r.row, r.status, r.values.description])).toEqual([
      [2, 'ok', TEXT.r1],
      [3, 'ok', TEXT.r2],
      [4, 'ok', TEXT.r3],
      [5, 'ok', TEXT.r4],
    ]);
    const result = await app.ok('import:commit', { path, fileHash: p.fileHash });
    expect(result).toMatchObject({ imported: 4, refs: ['R1', 'R2', 'R3', 'R4'] });
    const risks = await app.ok('risks:list', {});
    expect(risks.map((r) => [r.ref, r.description, r.owners])).toEqual([
      ['R1', TEXT.r1, ['HE']],
      ['R2', TEXT.r2, ['CFO']],
      ['R3', TEXT.r3, ['CFO']],
      ['R4', TEXT.r4, ['HC']],
    ]);
    const owners = await app.ok('owners:list', {});
    expect(owners.map((o) => [o.initials, o.name])).toEqual([
      ['CFO', ''],
      ['HC', 'Head of Culture'],
      ['HE', 'Head of Estates'],
    ]);
  });

  it('a refused import of such a file leaves the register byte-identical', async () => {
    const path = tmp.file('mixed-bad.csv');
    writeFileSync(path, mixedFile(true));
    const before = registerState();
    const err = await app.fail('import:commit', { path });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(
      /^Nothing was imported: 1 row needs attention\.\nrow 5 \(R4\): Impact must be a whole number/,
    );
    expect(registerState()).toEqual(before);
  });
});

describe('UTF-8 decoded in pieces of whole lines (issue 14: ASCII stays one byte per character)', () => {
  it('gives the same text as decoding the whole, ASCII runs in one piece and each other line on its own', () => {
    const lines = [
      'Ref,Description – what',
      'SR1,plain',
      'SR2,plain too',
      'SR3,“curly” £5 · é',
      'SR4,"a',
      'b ’"',
    ];
    const text = `${lines.join('\r\n')}\n`;
    for (const bom of [false, true]) {
      const bytes = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
      const d = decodeTextSegments(bytes);
      expect(d.encoding).toBe(bom ? 'utf-8 with BOM' : 'utf-8');
      expect(d.segments.join('')).toBe(text);
      expect(decodeText(bytes).text).toBe(text);
      // Line 1, then lines 2–3 together, line 4, line 5 (ASCII), line 6.
      expect(d.segments).toEqual([
        `${lines[0]}\r\n`,
        `${lines[1]}\r\n${lines[2]}\r\n`,
        `${lines[3]}\r\n`,
        `${lines[4]}\r\n`,
        `${lines[5]}\n`,
      ]);
    }
    // A BOM file with a broken sequence reads as the whole would (replacement characters), line by line.
    const broken = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xe2, 0x80, 0x0a, 0x62, 0x0a, 0xc3, 0x0a, 0x63]);
    expect(decodeTextSegments(broken).segments.join('')).toBe(
      new TextDecoder('utf-8').decode(broken.subarray(3)),
    );
    // Not UTF-8 as a whole: still read line by line in its own encoding, as before.
    expect(decodeTextSegments(Buffer.from('a,Caf\xe9\nb,\xa3\n', 'latin1')).encoding).toBe('windows-1252');
    expect(decodeTextSegments(Buffer.from('')).segments).toEqual(['']);
  });
});
