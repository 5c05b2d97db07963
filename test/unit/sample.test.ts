import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import { assess } from '../../shared/scoring.ts';
import { LGA_SAMPLE } from '../../db/sample/lga-2019-04.ts';
import { parseCsv, readFixture } from './lga-fixture.ts';

describe('the shipped LGA sample', () => {
  const fixture = readFixture();

  it('has the 19 risks of the published summary, in order', () => {
    expect(fixture).toHaveLength(19);
    expect(LGA_SAMPLE.map((s) => s.ref)).toEqual(fixture.map((r) => r.ref));
  });

  it.each(fixture.map((r) => [r.ref, r] as const))(
    '%s matches the fixture CSV field for field',
    (ref, row) => {
      const s = LGA_SAMPLE.find((x) => x.ref === ref);
      expect(s).toBeDefined();
      expect({
        ref: s?.ref,
        category: s?.category,
        description: s?.description,
        impact: String(s?.impact),
        likelihood: String(s?.likelihood),
        mitigation: s?.mitigation,
        owner: s?.owner,
      }).toEqual({
        ref: row.ref,
        category: row.category,
        description: row.description,
        impact: row.impact,
        likelihood: row.likelihood,
        mitigation: row.mitigation,
        owner: row.owner,
      });
    },
  );

  it.each(fixture.map((r) => [r.ref, r.impact, r.likelihood, r.score] as const))(
    '%s: the printed score equals impact × likelihood (%s × %s = %s)',
    (_ref, i, l, score) => {
      expect(Number(score)).toBe(Number(i) * Number(l));
    },
  );

  it('scores SR4 at 15 Amber and SR15 at 3 Green, as printed', () => {
    const band = (ref: string) => {
      const s = LGA_SAMPLE.find((x) => x.ref === ref);
      if (!s) throw new Error(`no ${ref}`);
      const a = assess(s.impact, s.likelihood, LGA_KEY);
      return `${a.score} ${a.band.name}`;
    };
    expect(band('SR4')).toBe('15 Amber');
    expect(band('SR15')).toBe('3 Green');
  });
});

describe('the test CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes, line breaks and CRLF', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\r\n1,,3,4\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\nlines'],
      ['1', '', '3', '4'],
    ]);
  });

  it('refuses a file that ends inside quotes', () => {
    expect(() => parseCsv('a,"b')).toThrow('ends inside a quoted field');
  });
});
