import { describe, expect, it } from 'vitest';
import { isInitialsRun, ownersOfCell, titleKey } from '../../../shared/import/owners.ts';

describe('owner cells: initials and job titles', () => {
  it('splits initials on separators and on spaces, but never a job title into words', () => {
    expect(ownersOfCell('SP/VV')).toEqual(['SP', 'VV']);
    expect(ownersOfCell('DS DH')).toEqual(['DS', 'DH']);
    expect(ownersOfCell("CH PA's HGO's")).toEqual(['CH', 'PAs', 'HGOs']);
    expect(ownersOfCell('SP Cho JG')).toEqual(['SP', 'Cho', 'JG']);
    expect(ownersOfCell('DS and DH')).toEqual(['DS', 'DH']);
    expect(ownersOfCell('Head of Legal Services')).toEqual(['Head of Legal Services']);
    expect(ownersOfCell('Clerk/RFO, Chair, Full Council')).toEqual(['Clerk', 'RFO', 'Chair', 'Full Council']);
    expect(ownersOfCell('Town Clerk')).toEqual(['Town Clerk']);
    expect(ownersOfCell('Ann Lee')).toEqual(['Ann Lee']);
    expect(ownersOfCell('Head HR; CX')).toEqual(['Head HR', 'CX']);
    expect(ownersOfCell('  ')).toEqual([]);
  });

  it('follows the rule the mapping chooses', () => {
    expect(ownersOfCell('Clerk/RFO, Chair', 'one')).toEqual(['Clerk/RFO, Chair']);
    expect(ownersOfCell('DS DH/Full Council', 'split')).toEqual(['DS DH', 'Full Council']);
    expect(ownersOfCell('Full Council', 'initials')).toEqual(['Full', 'Council']);
  });

  it('knows a run of initials from words', () => {
    expect(isInitialsRun('DS DH HGOs')).toBe(true);
    expect(isInitialsRun('Lead Team')).toBe(false);
    expect(isInitialsRun('CEO')).toBe(false);
  });

  it('keys a job title by its capitals, small words left out', () => {
    expect(titleKey('Head of Legal Services')).toBe('HLS');
    expect(titleKey('Full Council')).toBe('FC');
    expect(titleKey('Director of Finance & Resources')).toBe('DFR');
  });
});
