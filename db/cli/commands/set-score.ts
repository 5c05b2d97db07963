import { AppError } from '../../../shared/errors.ts';
import { summariseRisk } from '../../../shared/risk-view.ts';
import type { Command } from '../context.ts';
import { numberArg, stringOpt, UsageError } from '../context.ts';

export const setScore: Command = {
  usage: [
    'set-score REF --impact N --likelihood N --db FILE [--which current|inherent|target] [--reason TEXT]',
    '                                     Change a risk score (impact and likelihood are whole numbers 1–5)',
  ],
  options: {
    impact: { type: 'string' },
    likelihood: { type: 'string' },
    which: { type: 'string', default: 'current' },
    reason: { type: 'string' },
  },
  async run({ args, values, openDb, call, io, dbPath }) {
    const ref = args[0];
    if (!ref) throw new UsageError('set-score needs the ref of a risk, such as SR4');
    const impact = numberArg(stringOpt(values, 'impact'), 'impact');
    const likelihood = numberArg(stringOpt(values, 'likelihood'), 'likelihood');
    const which = stringOpt(values, 'which') ?? 'current';
    await openDb();
    // One index look-up by ref (any case), never the whole list: this stays instant at 100,000 risks.
    const risk = await call('risks:find-by-ref', { ref });
    if (!risk) throw new AppError('NOT_FOUND', `There is no risk ${ref} in ${dbPath()}.`);
    const updated = await call('risks:update-score', {
      id: risk.id,
      version: risk.version,
      // The contract validates these: anything but inherent|current|target, or a score outside 1–5, is refused.
      which: which as 'current',
      impact: impact as 1,
      likelihood: likelihood as 1,
      reason: stringOpt(values, 'reason'),
    });
    const status = await call('register:status', {});
    const s = summariseRisk(updated, status?.settings.key ?? []);
    // Say the score that was set: the target (or inherent) one, not the current score beside it.
    const set = which === 'target' ? s.target : which === 'inherent' ? s.inherent : s;
    if (!set) throw new AppError('INTERNAL', `The ${which} score of ${s.ref} was not saved. Try again.`);
    const label = which === 'current' ? '' : ` ${which} score`;
    io.out(`${s.ref}${label} is now ${set.impact} × ${set.likelihood} = ${set.score} ${set.band}.`);
    return 0;
  },
};
