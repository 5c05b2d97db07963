import { describe, expect, it } from 'vitest';
import { proposeControls } from '../../../shared/split-mitigation.ts';

describe('proposing controls from a Mitigation text', () => {
  it('takes one control per bullet or numbered item, without the marker', () => {
    expect(
      proposeControls(
        '• Monthly budget monitoring\n- Treasury policy;\n* Audit committee\n1. Reserves policy\n(b) Horizon scanning',
      ),
    ).toEqual([
      'Monthly budget monitoring',
      'Treasury policy',
      'Audit committee',
      'Reserves policy',
      'Horizon scanning',
    ]);
  });

  it('splits a paragraph by sentence, keeping abbreviations such as e.g. and No. together', () => {
    expect(
      proposeControls(
        'Medium term financial strategy reviewed annually. Regular reporting to members, e.g. Cabinet. Lobbying via LGA No. 10 group! Is the reserve adequate?',
      ),
    ).toEqual([
      'Medium term financial strategy reviewed annually.',
      'Regular reporting to members, e.g. Cabinet.',
      'Lobbying via LGA No. 10 group!',
      'Is the reserve adequate?',
    ]);
  });

  it('drops blank lines and repeats (any case, with or without the full stop), and gives nothing for nothing', () => {
    expect(proposeControls('Budget monitoring.\r\n\r\n  budget monitoring  \nBoard oversight')).toEqual([
      'Budget monitoring.',
      'Board oversight',
    ]);
    expect(proposeControls('')).toEqual([]);
    expect(proposeControls('   \n \n')).toEqual([]);
  });

  it('keeps a single sentence whole, including a decimal number', () => {
    expect(proposeControls('Reserves kept at 5.5 % of net budget')).toEqual([
      'Reserves kept at 5.5 % of net budget',
    ]);
  });
});
