/** A risk's optional short title: trimmed, one line, at most 200 characters; blank means none (null). */
import { AppError } from './errors.ts';

export const TITLE_MAX = 200;

/** What is wrong with a title as given, or null when it is fine (after trimming). */
export function titleProblem(raw: string): string | null {
  const t = raw.trim();
  if (/[\r\n\u2028\u2029]/.test(t)) {
    return 'The title must be one line: put the detail in the description.';
  }
  if (t.length > TITLE_MAX) {
    return `The title is too long: at most ${TITLE_MAX} characters (it has ${t.length}). Shorten it and put the detail in the description.`;
  }
  return null;
}

/** The title as stored: trimmed, blank → null. Throws a VALIDATION AppError naming the problem. */
export function normaliseTitle(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const problem = titleProblem(raw);
  if (problem) throw new AppError('VALIDATION', problem, { field: 'title' });
  const t = raw.trim();
  return t === '' ? null : t;
}
