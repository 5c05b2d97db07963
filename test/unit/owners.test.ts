import { describe, expect, it } from 'vitest';
import { splitOwners } from '../../shared/owners.ts';
import { readFixture } from './lga-fixture.ts';

/** What a person reading the published register would take each owner cell to mean. */
const EXPECTED: Record<string, string[]> = {
  SR1: ['SP', 'VV'],
  SR2: ['DS', 'DH', 'HGOs'],
  SR3: ['CX'],
  SR4: ['Cho'],
  SR5: ['HGOs', 'DH'],
  SR6: ['DH'],
  SR7: ['CHo', 'HGOs'],
  SR8: ['IH'],
  SR9: ['DS'],
  SR10: ['JG'],
  SR11: ['SP'],
  SR12: ['CH', 'PAs', 'HGOs'],
  SR13: ['SP', 'CH', 'JG'],
  SR14: ['SP', 'CHo', 'JG'],
  SR15: ['CH'],
  SR16: ['CHa'],
  SR17: ['CHa'],
  SR18: ['SB'],
  SR19: ['SP', 'SB'],
};

describe('splitOwners on the LGA register', () => {
  const rows = readFixture();

  it('sees all 19 owner cells', () => {
    expect(rows.map((r) => r.ref)).toEqual(Object.keys(EXPECTED));
  });

  it.each(rows.map((r) => [r.ref, r.owner] as const))('%s: %s', (ref, cell) => {
    expect(splitOwners(cell)).toEqual(EXPECTED[ref]);
  });

  it('gives the distinct owners of the register, keeping Cho and CHo apart', () => {
    const all = new Set(rows.flatMap((r) => splitOwners(r.owner)));
    expect([...all].sort()).toEqual(
      ['CH', 'CHa', 'CHo', 'CX', 'Cho', 'DH', 'DS', 'HGOs', 'IH', 'JG', 'PAs', 'SB', 'SP', 'VV'].sort(),
    );
  });
});

describe('splitOwners on other ways of writing owners', () => {
  it.each([
    ['SP, VV', ['SP', 'VV']],
    ['SP; VV & JG + DH', ['SP', 'VV', 'JG', 'DH']],
    ['SP and VV', ['SP', 'VV']],
    ['  SP  ', ['SP']],
    ['SP/SP', ['SP']],
    ['HGO\u2019s', ['HGOs']],
    ['', []],
    [' / ', []],
  ])('%j → %j', (cell, expected) => {
    expect(splitOwners(cell)).toEqual(expected);
  });
});
