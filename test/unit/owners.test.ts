import { describe, expect, it } from 'vitest';
import { splitOwners } from '../../shared/owners.ts';
import { LGA_OWNERS, readFixture } from './lga-fixture.ts';

describe('splitOwners on the LGA register', () => {
  const rows = readFixture();

  it('sees all 19 owner cells', () => {
    expect(rows.map((r) => r.ref)).toEqual(Object.keys(LGA_OWNERS));
  });

  it.each(rows.map((r) => [r.ref, r.owner] as const))('%s: %s', (ref, cell) => {
    expect(splitOwners(cell)).toEqual(LGA_OWNERS[ref]);
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
