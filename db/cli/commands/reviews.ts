import type { ReviewSchedule } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import { summariseRisk } from '../../../shared/risk-view.ts';
import { formatDate } from '../../../shared/travel.ts';
import type { Command } from '../context.ts';
import { numberArg, stringOpt, UsageError } from '../context.ts';

function line(s: ReviewSchedule): string {
  const late = s.daysOverdue ? ` (${s.daysOverdue} ${s.daysOverdue === 1 ? 'day' : 'days'} overdue)` : '';
  const owners = s.owners.join(' ') || '(no owner)';
  return `  ${s.ref.padEnd(6)} due ${formatDate(s.nextReview)}${late}  ${owners}  ${s.description}`;
}

export const reviews: Command = {
  usage: [
    'reviews --db FILE [--as-of yyyy-mm-dd] [--json]',
    '                                     Reviews overdue and due this month',
  ],
  options: { json: { type: 'boolean', default: false }, 'as-of': { type: 'string' } },
  async run({ values, openDb, call, io }) {
    await openDb();
    const due = await call('reviews:due', { asOf: stringOpt(values, 'as-of') });
    if (values.json) {
      io.out(JSON.stringify(due, null, 2));
      return 0;
    }
    io.out(
      `Reviews as at ${formatDate(due.asOf)}: ${due.counts.overdue} overdue, ${due.counts.dueThisMonth} due by ${formatDate(due.monthEnd)}.`,
    );
    if (due.overdue.length) {
      io.out('Overdue:');
      for (const s of due.overdue) io.out(line(s));
    }
    if (due.dueThisMonth.length) {
      io.out('Due this month:');
      for (const s of due.dueThisMonth) io.out(line(s));
    }
    return 0;
  },
};

export const review: Command = {
  usage: [
    'review REF --db FILE [--note TEXT] [--impact N --likelihood N]',
    '                                     Record that a risk was reviewed (with a new score if given)',
  ],
  options: { note: { type: 'string' }, impact: { type: 'string' }, likelihood: { type: 'string' } },
  async run({ args, values, openDb, call, io, dbPath }) {
    const ref = args[0];
    if (!ref) throw new UsageError('review needs the ref of a risk, such as SR4');
    const impactRaw = stringOpt(values, 'impact');
    const likelihoodRaw = stringOpt(values, 'likelihood');
    await openDb();
    const risks = await call('risks:list', {});
    const risk = risks.find((r) => r.ref.toLowerCase() === ref.toLowerCase());
    if (!risk) throw new AppError('NOT_FOUND', `There is no live risk ${ref} in ${dbPath()}.`);
    const { risk: after, review: done } = await call('reviews:record', {
      id: risk.id,
      version: risk.version,
      note: stringOpt(values, 'note') ?? '',
      // The contract checks these: a score outside 1–5, or only one of the two, is refused with a message.
      impact: (impactRaw === undefined ? undefined : numberArg(impactRaw, 'impact')) as 1 | undefined,
      likelihood: (likelihoodRaw === undefined ? undefined : numberArg(likelihoodRaw, 'likelihood')) as
        1 | undefined,
    });
    const key = await call('key:get', {});
    const s = summariseRisk(after, key);
    const what = done.scoreChanged
      ? `now ${s.impact} × ${s.likelihood} = ${s.score} ${s.band}`
      : `still ${s.score} ${s.band}`;
    io.out(`Reviewed ${s.ref}: ${what}. Next review ${formatDate(done.nextReview)}.`);
    return 0;
  },
};
