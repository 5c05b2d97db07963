import type { ScoringCriteria } from '../../../shared/criteria.ts';
import { AREA_LABELS, CRITERIA_AREAS, IMPACT_AREAS, LIKELIHOOD_AREAS } from '../../../shared/criteria.ts';
import { IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../../shared/scoring.ts';
import type { Command } from '../context.ts';
import { numberArg, stringOpt, UsageError } from '../context.ts';

function print(criteria: ScoringCriteria, out: (s: string) => void) {
  const scale = (
    title: string,
    areas: readonly (typeof CRITERIA_AREAS)[number][],
    words: Record<number, string>,
  ) => {
    out(title);
    for (const level of SCORE_VALUES) {
      out(`  ${level} ${words[level]}`);
      for (const a of areas) out(`      ${`${AREA_LABELS[a]}:`.padEnd(22)} ${criteria[a][level]}`);
    }
  };
  scale('Impact', IMPACT_AREAS, IMPACT_LABELS);
  scale('Likelihood', LIKELIHOOD_AREAS, LIKELIHOOD_LABELS);
}

export const criteria: Command = {
  usage: [
    'criteria --db FILE [--json]         Print the scoring criteria: {AREA: {"1": text, …, "5": text}}',
    `criteria set --area AREA --level N --text TEXT --db FILE [--reason TEXT]`,
    `                                     Change one descriptor; AREA is one of ${CRITERIA_AREAS.join(', ')}`,
  ],
  options: {
    json: { type: 'boolean', default: false },
    area: { type: 'string' },
    level: { type: 'string' },
    text: { type: 'string' },
    reason: { type: 'string' },
  },
  async run({ args, values, openDb, call, io }) {
    const [sub] = args;
    if (sub === undefined || sub === 'show') {
      await openDb();
      const c = await call('criteria:get', {});
      if (values.json) io.out(JSON.stringify(c, null, 2));
      else print(c, io.out);
      return 0;
    }
    if (sub === 'set') {
      const area = stringOpt(values, 'area');
      if (area === undefined) throw new UsageError(`--area is required: one of ${CRITERIA_AREAS.join(', ')}`);
      const level = numberArg(stringOpt(values, 'level'), 'level');
      const text = stringOpt(values, 'text');
      if (text === undefined) throw new UsageError('--text is required: what the level means, in one line');
      await openDb();
      // The contract checks the area, the level (1–5) and the text, and refuses with a sentence.
      const saved = await call('criteria:set', {
        changes: [{ area: area as 'finance', level: level as 1, text }],
        reason: stringOpt(values, 'reason'),
      });
      const a = area as (typeof CRITERIA_AREAS)[number];
      io.out(`${AREA_LABELS[a]} level ${String(level)} is now: ${saved[a][level as 1]}`);
      return 0;
    }
    throw new UsageError('criteria takes no sub-command (print) or "set"');
  },
};
