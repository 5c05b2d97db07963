/** Refs as councils publish them (issue 11): kept exactly, through the import and through the app's own edits. */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../shared/dispatch.ts';
import { AppError } from '../../shared/errors.ts';
import { REF_PATTERN } from '../../shared/import/refs.ts';

const create = (ref: string) =>
  parseInput('risks:create', {
    ref,
    category: 'Finance',
    description: 'Funding gap',
    impact: 3,
    likelihood: 3,
  });

describe('refs as published', () => {
  it.each(['SR4', 'CR-07', 'CR/07', '4.2a', 'CR-07(a)', 'R.12(ii)'])(
    'accepts %s in the import and the app',
    (ref) => {
      expect(REF_PATTERN.test(ref)).toBe(true);
      expect(create(ref)).toMatchObject({ ref });
    },
  );

  it.each(['SR 4', '(a)', '=SUM(A1)', '+44', '-7', '@x', 'SR4;DROP'])(
    'refuses %s, saying what a ref may hold',
    (ref) => {
      expect(REF_PATTERN.test(ref)).toBe(false);
      let error: unknown;
      try {
        create(ref);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(
        /letters, digits, dots, dashes, slashes and brackets only, such as SR4 or CR-07\(a\)/,
      );
    },
  );
});
