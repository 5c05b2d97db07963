/**
 * A value typed to resolve a team conflict ("Type another value"), checked as it is typed, for the field in
 * conflict: a score (current, inherent, target) is impact × likelihood such as 4x3; a date is dd/mm/yyyy (sent
 * as yyyy-mm-dd, as the register stores dates); owners are initials such as AB/CD; a ref or category cannot be
 * empty; a title is 200 characters at most. The main process checks again (db/team/replica.ts `typedValue`).
 */

export type TypedCheck = { ok: true; value: string } | { ok: false; message: string };

const SCORE_FIELDS = ['current', 'inherent', 'target'];

/** True for a field that holds a date (a review's or action's date, a due date). */
export function isDateField(field: string): boolean {
  const leaf = field.split('.').at(-1) ?? field;
  return /date|due/i.test(leaf);
}

export function isScoreField(field: string): boolean {
  return SCORE_FIELDS.includes(field);
}

/** What to type, shown beside the box. */
export function typedHint(field: string): string {
  if (isScoreField(field)) return 'impact × likelihood, such as 4x3';
  if (isDateField(field)) return 'a date as dd/mm/yyyy';
  if (field === 'owners') return 'owner initials, such as AB/CD';
  return 'the value to keep';
}

export function checkTypedValue(field: string, text: string): TypedCheck {
  const t = text.trim();
  if (isScoreField(field)) {
    const m = /^([1-5])\s*[x×,/ ]\s*([1-5])$/i.exec(t);
    return m
      ? { ok: true, value: `${m[1]}x${m[2]}` }
      : { ok: false, message: 'Type a score as impact × likelihood, each 1 to 5, such as 4x3.' };
  }
  if (isDateField(field)) {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (!m) return { ok: false, message: 'Type a date as dd/mm/yyyy, such as 31/03/2027.' };
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
      return { ok: false, message: `${t} is not a date on the calendar. Type it as dd/mm/yyyy.` };
    }
    return { ok: true, value: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
  }
  if (field === 'owners') {
    const owners = t.split(/[/,\s]+/).filter(Boolean);
    return owners.length && owners.every((o) => /^[A-Za-z0-9.-]{1,10}$/.test(o))
      ? { ok: true, value: owners.join('/') }
      : { ok: false, message: 'Type owner initials separated by /, such as AB/CD.' };
  }
  if ((field === 'ref' || field === 'category') && !t) {
    return { ok: false, message: `The ${field} cannot be empty: type one.` };
  }
  if (field === 'title' && t.length > 200) {
    return { ok: false, message: `A title is 200 characters at most (this is ${t.length}).` };
  }
  if (text.length > 4000) return { ok: false, message: 'That is longer than 4,000 characters.' };
  return { ok: true, value: text };
}
