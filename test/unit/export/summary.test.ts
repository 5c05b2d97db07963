import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import type { RiskRecord } from '../../../shared/domain.ts';
import { csvText, neutralise, summaryToCsv } from '../../../shared/export/csv.ts';
import { buildSummary } from '../../../shared/export/summary.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';

function risk(ref: string, impact: number, likelihood: number, extra: Partial<RiskRecord> = {}): RiskRecord {
  return {
    id: ref,
    ref,
    category: 'Finance',
    description: `Risk ${ref}`,
    impact: impact as ScoreValue,
    likelihood: likelihood as ScoreValue,
    inherent: null,
    target: null,
    mitigation: 'Watch it',
    owners: ['SP', 'VV'],
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    archivedAt: null,
    confidential: false,
    appetiteOverride: null,
    cause: '',
    event: '',
    effect: '',
    ...extra,
  } as RiskRecord;
}

const RISKS = [risk('SR10', 5, 4), risk('SR2', 4, 2), risk('SR1', 5, 3), risk('SR3', 1, 1)];
const REGISTER = { name: 'Borough Council Risk Register', key: LGA_KEY };
const AS_AT = new Date(2026, 3, 1, 12);

describe('summary table', () => {
  it('has the title with the as-at date, rows in natural ref order, bands from the key', () => {
    const t = buildSummary(RISKS, REGISTER, { scores: 'current', bands: null, sort: 'ref', asAt: AS_AT });
    expect(t.title).toBe('Borough Council Risk Register – summary as at 01/04/2026');
    expect(t.rows.map((r) => [r.ref, r.score, r.band?.name])).toEqual([
      ['SR1', 15, 'Amber'],
      ['SR2', 8, 'Yellow'],
      ['SR3', 1, 'Green'],
      ['SR10', 20, 'Red'],
    ]);
    expect(t.rows[3]?.band).toEqual({ name: 'Red', colour: '#9a1a1a', textColour: '#ffffff' });
    expect(t.key.map((k) => `${k.range} ${k.name}: ${k.action}`)).toEqual([
      '1 to 5 Green: Accept and monitor periodically',
      '6 to 10 Yellow: Monitor regularly and take action if becomes more serious',
      '11 to 15 Amber: Management action to address. Regular reports to SMT and Leadership Board',
      '16 to 25 Red: Urgent action to address. Ensure political leadership briefed',
    ]);
  });

  it('filters by band and sorts by score, highest first', () => {
    const t = buildSummary(RISKS, REGISTER, {
      scores: 'current',
      bands: ['amber', 'Red'],
      sort: 'score',
      asAt: AS_AT,
    });
    expect(t.rows.map((r) => r.ref)).toEqual(['SR10', 'SR1']);
    expect(t.subtitle).toBe('Current scores · Amber and Red only · highest score first');
  });

  it('refuses a band the key does not have, naming the bands it has', () => {
    expect(() =>
      buildSummary(RISKS, REGISTER, { scores: 'current', bands: ['Purple'], sort: 'ref', asAt: AS_AT }),
    ).toThrow("There is no band “Purple” in this register's key. Choose from Green, Yellow, Amber and Red.");
  });

  it('shows target scores, blank for a risk without one', () => {
    const withTarget = [risk('SR1', 5, 4, { target: { impact: 2, likelihood: 2 } }), risk('SR2', 4, 4)];
    const t = buildSummary(withTarget, REGISTER, { scores: 'target', bands: null, sort: 'ref', asAt: AS_AT });
    expect(t.rows.map((r) => [r.ref, r.score, r.band?.name ?? null])).toEqual([
      ['SR1', 4, 'Green'],
      ['SR2', null, null],
    ]);
    expect(t.withoutTarget).toEqual(['SR2']);
    expect(t.columns.map((c) => c.header)).toEqual([
      'Ref',
      'Category',
      'Description of risk',
      'Target I',
      'Target L',
      'Target score',
      'Mitigation',
      'Owner',
    ]);
  });

  it('leaves archived risks out', () => {
    const t = buildSummary([risk('SR1', 1, 1, { archivedAt: '2026-02-01T00:00:00Z' })], REGISTER, {
      scores: 'current',
      bands: null,
      sort: 'ref',
      asAt: AS_AT,
    });
    expect(t.rows).toEqual([]);
  });
});

describe('cause, event, effect in the summary', () => {
  it('adds a "Cause, event, effect" column with the sentence when a risk has all three, blank for the others', () => {
    const t = buildSummary(
      [
        risk('SR1', 5, 3, { cause: 'grant cuts.', event: 'a deficit opens', effect: 'service cuts' }),
        risk('SR2', 4, 2, { cause: 'only a cause' }),
      ],
      REGISTER,
      { scores: 'current', bands: null, sort: 'ref', asAt: AS_AT },
    );
    expect(t.columns.map((c) => c.header)).toContain('Cause, event, effect');
    const lines = summaryToCsv(t).split('\r\n');
    expect(lines).toContain(
      'Ref,Category,Description of risk,I,L,Score,Band,Mitigation,Owner,"Cause, event, effect"',
    );
    expect(lines).toContain(
      'SR1,Finance,Risk SR1,5,3,15,Amber,Watch it,"SP, VV","Because of grant cuts, there is a risk that a deficit opens, resulting in service cuts."',
    );
    expect(lines).toContain('SR2,Finance,Risk SR2,4,2,8,Yellow,Watch it,"SP, VV",');
  });

  it('has no such column when no risk has all three', () => {
    const t = buildSummary([risk('SR1', 5, 3, { cause: 'x', event: 'y' })], REGISTER, {
      scores: 'current',
      bands: null,
      sort: 'ref',
      asAt: AS_AT,
    });
    expect(t.columns.map((c) => c.header)).not.toContain('Cause, event, effect');
  });
});

describe('summary CSV', () => {
  it('neutralises every cell that a spreadsheet would run as a formula', () => {
    expect(neutralise("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(neutralise('@SUM(1+1)')).toBe("'@SUM(1+1)");
    expect(neutralise('+1')).toBe("'+1");
    expect(neutralise('-1')).toBe("'-1");
    expect(neutralise('\tx')).toBe("'\tx");
    expect(neutralise('\rx')).toBe("'\rx");
    expect(neutralise('Plain text - with a dash')).toBe('Plain text - with a dash');
    expect(csvText('a, "b"')).toBe('"a, ""b"""');
  });

  it('is UTF-8 text with a BOM and CRLF line ends, numbers bare, then the Key', () => {
    const t = buildSummary(
      [risk('SR1', 5, 3, { description: '=1+1', mitigation: 'Plan; review, repeat' })],
      REGISTER,
      { scores: 'current', bands: null, sort: 'ref', asAt: AS_AT },
    );
    const csv = summaryToCsv(t);
    expect(csv.startsWith('\uFEFFBorough Council Risk Register – summary as at 01/04/2026\r\n')).toBe(true);
    expect(csv.split('\r\n')).toContain('Ref,Category,Description of risk,I,L,Score,Band,Mitigation,Owner');
    expect(csv.split('\r\n')).toContain(`SR1,Finance,'=1+1,5,3,15,Amber,"Plan; review, repeat","SP, VV"`);
    expect(csv.split('\r\n')).toContain(
      '16 to 25,Red,Urgent action to address. Ensure political leadership briefed',
    );
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });
});
