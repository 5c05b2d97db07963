import { describe, expect, it } from 'vitest';
import { csvToTable, detectDelimiter, parseCsvRecords } from '../../../shared/import/csv.ts';

describe('CSV reader', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, with CRLF line ends', () => {
    const text =
      'ref,description\r\nSR1,"Funding, grants and ""core"" income"\r\nSR2,"Line one\r\nline two"\r\n';
    expect(parseCsvRecords(text)).toEqual([
      { row: 1, cells: ['ref', 'description'] },
      { row: 2, cells: ['SR1', 'Funding, grants and "core" income'] },
      { row: 3, cells: ['SR2', 'Line one\nline two'] },
    ]);
  });

  it('leaves out blank lines but keeps the row numbers Excel shows', () => {
    const text = 'ref,i\n\nSR1,4\n , \nSR2,3\n\n\n';
    const rows = parseCsvRecords(text);
    expect(rows.map((r) => [r.row, r.cells[0]])).toEqual([
      [1, 'ref'],
      [3, 'SR1'],
      [5, 'SR2'],
    ]);
  });

  it('numbers rows by record, so a multi-line cell does not shift the rows after it', () => {
    const rows = parseCsvRecords('ref,m\nSR1,"a\nb\nc"\nSR2,x\n');
    expect(rows.at(-1)).toEqual({ row: 3, cells: ['SR2', 'x'] });
  });

  it('drops a byte-order mark and reads the last line without a line end', () => {
    expect(parseCsvRecords('\uFEFFref,i\nSR1,4')).toEqual([
      { row: 1, cells: ['ref', 'i'] },
      { row: 2, cells: ['SR1', '4'] },
    ]);
  });

  it('keeps typographic quotes and formula-like text exactly as written', () => {
    const rows = csvToTable("d,m\n‘Quoted’ “text”,=cmd|' /C calc'!A0\n").rows;
    expect(rows[1]?.cells).toEqual(['‘Quoted’ “text”', "=cmd|' /C calc'!A0"]);
  });

  it('reads semicolon- and tab-separated files', () => {
    expect(detectDelimiter('ref;description;i\nSR1;a, b;4')).toBe(';');
    expect(parseCsvRecords('ref;description\nSR1;a, b')[1]?.cells).toEqual(['SR1', 'a, b']);
    expect(detectDelimiter('ref\tdescription\nSR1\tx')).toBe('\t');
    expect(detectDelimiter('ref,description')).toBe(',');
  });

  it('refuses a quote that is never closed, naming where it opens', () => {
    expect(() => parseCsvRecords('ref,d\nSR1,ok\nSR2,"never closed\nSR3,x\n')).toThrow(
      /Row 3 \(line 3 in a text editor\) opens a quoted cell/,
    );
  });

  it('reads text given in pieces of whole lines exactly as the same text whole', () => {
    // The pieces db/import/decode.ts gives: every piece but the last ends with a line feed. Each text is split at
    // every line feed in turn (and at all of them), including inside quoted cells that run over several lines.
    const texts = [
      '\uFEFFref,description\r\nSR1,"Funding, grants and ""core"" income"\r\nSR2,"Line one\r\nline two"\r\n',
      'ref,m\nSR1,"a\nb\nc"\nSR2,x\n\n,,\n  "q",  "r"\nSR3,tail',
      'ref;description\nSR1;a, b\n"x\n\ny";z\r\n',
      '"head\ner",b\n1,2\n',
      'ref,d\nSR1,ok\nSR2,"never closed\nSR3,x\n',
    ];
    for (const text of texts) {
      const whole = (() => {
        try {
          return { records: parseCsvRecords(text), table: csvToTable(text) };
        } catch (e) {
          return { error: (e as Error).message };
        }
      })();
      const ends = [...text.matchAll(/\n/g)].map((m) => (m.index ?? 0) + 1).filter((k) => k < text.length);
      const splits = [...ends.map((k) => [k]), ends];
      for (const at of splits) {
        const pieces = [0, ...at].map((from, n) => text.slice(from, at[n] ?? text.length));
        expect(pieces.join('')).toBe(text);
        const split = (() => {
          try {
            return { records: parseCsvRecords(pieces), table: csvToTable(pieces) };
          } catch (e) {
            return { error: (e as Error).message };
          }
        })();
        expect(split).toEqual(whole);
        expect(detectDelimiter(pieces)).toBe(detectDelimiter(text));
      }
    }
  });
});
