/**
 * Tracked actions (mitigations with an owner, a due date and a status): the pure rules.
 *
 * Imported registers keep their free-text mitigation on the risk as the "controls in place" note
 * (`RiskRecord.mitigation`); actions are separate records added afterwards, never made from that text.
 */

export type ActionStatus = 'planned' | 'in_progress' | 'done';
export const ACTION_STATUSES: readonly ActionStatus[] = ['planned', 'in_progress', 'done'];
export const ACTION_STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
};

/** True for a real calendar date written as yyyy-mm-dd (2026-02-29 is refused, 2028-02-29 is not). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The calendar date of `d` where the app runs (the user's own day), as yyyy-mm-dd. */
export function localIsoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** yyyy-mm-dd → dd/mm/yyyy, for messages and display. */
export function ukDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * The overdue rule: an action is overdue when its due date is before today and it is not done.
 * Due today is not overdue; an action without a due date never is.
 */
export function isOverdue(a: { dueDate: string | null; status: ActionStatus }, today: string): boolean {
  return a.dueDate !== null && a.status !== 'done' && a.dueDate < today;
}
