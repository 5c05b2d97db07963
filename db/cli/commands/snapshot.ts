import type { SnapshotInfo } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatDate, isoDay } from '../../../shared/travel.ts';
import { NOT_SCORED_LABEL } from '../../../shared/scoring.ts';
import type { Command, CommandContext } from '../context.ts';
import { stringOpt, UsageError } from '../context.ts';

async function findSnapshot(ctx: CommandContext, name: string): Promise<SnapshotInfo> {
  const all = await ctx.call('snapshots:list', {});
  const found = all.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    const names = all.map((s) => `"${s.name}"`).join(', ') || 'none yet';
    throw new AppError('NOT_FOUND', `There is no snapshot called "${name}". Snapshots: ${names}.`);
  }
  return found;
}

export const snapshot: Command = {
  usage: [
    'snapshot NAME --db FILE             Take a named, read-only snapshot of every live risk ("Q4 2018/19")',
    'snapshot --list --db FILE [--json]  List the snapshots',
    'snapshot --compare NAME [--to NAME] --db FILE [--json]',
    '                                     What changed since a snapshot (to now, or to another snapshot)',
  ],
  options: {
    list: { type: 'boolean', default: false },
    compare: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const { args, values, openDb, call, io } = ctx;
    const compare = stringOpt(values, 'compare');
    if (values.list) {
      await openDb();
      const all = await call('snapshots:list', {});
      if (values.json) io.out(JSON.stringify(all, null, 2));
      else if (!all.length) io.out('No snapshots yet.');
      else {
        for (const s of all) {
          io.out(
            `${formatDate(isoDay(new Date(s.takenAt)))}  ${s.name}  (${s.riskCount} risks, by ${s.takenBy})`,
          );
        }
      }
      return 0;
    }
    if (compare) {
      await openDb();
      const from = await findSnapshot(ctx, compare);
      const toName = stringOpt(values, 'to');
      const to = toName ? (await findSnapshot(ctx, toName)).id : 'now';
      const c = await call('snapshots:compare', { from: from.id, to });
      if (values.json) {
        io.out(JSON.stringify(c, null, 2));
        return 0;
      }
      io.out(`From "${c.from.name}" to ${c.to.id === 'now' ? 'now' : `"${c.to.name}"`}:`);
      const section = (title: string, lines: string[]) => {
        io.out(`${title}: ${lines.length}`);
        for (const l of lines) io.out(`  ${l}`);
      };
      section(
        'New risks',
        c.newRisks.map(
          (r) =>
            `${r.ref}  ${r.score ? `${r.score.score} ${r.score.band}` : NOT_SCORED_LABEL}  ${r.description}`,
        ),
      );
      section(
        'Closed risks',
        c.closedRisks.map((r) => `${r.ref}  ${r.description}`),
      );
      section(
        'Band up',
        c.bandUp.map((m) => `${m.ref}  ↑ ${m.text}`),
      );
      section(
        'Band down',
        c.bandDown.map((m) => `${m.ref}  ↓ ${m.text}`),
      );
      section(
        'Score changes',
        c.scoreChanges.map((m) => `${m.ref}  ${m.direction === 'up' ? '↑' : '↓'} ${m.text}`),
      );
      section(
        'Owner changes',
        c.ownerChanges.map(
          (o) => `${o.ref}  ${o.from.join(', ') || '(none)'} → ${o.to.join(', ') || '(none)'}`,
        ),
      );
      return 0;
    }
    const name = args.join(' ').trim();
    if (!name) throw new UsageError('snapshot needs a name, such as "Q4 2018/19"');
    await openDb();
    const taken = await call('snapshots:take', { name });
    io.out(`Took snapshot "${taken.name}" of ${taken.riskCount} risks.`);
    return 0;
  },
};
