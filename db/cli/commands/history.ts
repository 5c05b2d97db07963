import type { HistoryEntry } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import { describeValue, formatDate, isoDay } from '../../../shared/travel.ts';
import type { BandKey } from '../../../shared/band-key.ts';
import type { Command } from '../context.ts';
import { UsageError } from '../context.ts';
import { revertWords } from '../../../shared/revertable.ts';

function when(iso: string): string {
  const d = new Date(iso);
  return `${formatDate(isoDay(d))} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** One line of a risk's timeline, in words. */
export function describeEntry(e: HistoryEntry, key: BandKey): string {
  const head = `${when(e.at)}  ${e.by}`;
  const why = e.reason ? `  (${e.reason})` : '';
  const from = describeValue(e.oldValue, key);
  const to = describeValue(e.newValue, key);
  switch (e.action) {
    case 'create':
    case 'import': {
      const current = (e.newValue as { current?: unknown } | null)?.current;
      const verb = e.action === 'create' ? 'created' : 'imported';
      return `${head}  ${verb} at ${describeValue(current, key)}${why}`;
    }
    case 'review':
      return `${head}  reviewed: ${to}${why}`;
    case 'update':
      return `${head}  ${e.field ?? 'changed'}: ${from || '(empty)'} → ${to || '(empty)'}${why}`;
    default:
      return `${head}  ${e.action}${e.field ? ` ${e.field}` : ''}${to ? `: ${to}` : ''}${why}`;
  }
}

export const history: Command = {
  usage: [
    "history REF --db FILE [--json]      A risk's timeline: every change and review, who and when",
    'history revert SEQ --db FILE        Undo change #SEQ (its seq in history --json); refused if changed since',
  ],
  options: { json: { type: 'boolean', default: false } },
  async run({ args, values, openDb, call, io, dbPath }) {
    const ref = args[0];
    if (ref === 'revert') return revert(args[1], { values, openDb, call, io });
    if (!ref) throw new UsageError('history needs the ref of a risk, such as SR4');
    await openDb();
    const risks = await call('risks:list', { includeArchived: true });
    const risk = risks.find((r) => r.ref.toLowerCase() === ref.toLowerCase());
    if (!risk) throw new AppError('NOT_FOUND', `There is no risk ${ref} in ${dbPath()}.`);
    const entries = await call('risks:history', { id: risk.id });
    if (values.json) {
      io.out(JSON.stringify(entries, null, 2));
      return 0;
    }
    const key = await call('key:get', {});
    io.out(`${risk.ref}: ${risk.description}`);
    for (const e of entries) io.out(describeEntry(e, key));
    return 0;
  },
};

/** `history revert SEQ`: undo one change through history:revert and say what changed back. */
async function revert(
  raw: string | undefined,
  { values, openDb, call, io }: Pick<Parameters<Command['run']>[0], 'values' | 'openDb' | 'call' | 'io'>,
): Promise<number> {
  if (raw === undefined) throw new UsageError('history revert needs the number of a change, such as 12');
  const m = /^#?(\d+)$/.exec(raw.trim());
  const seq = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new UsageError(`"${raw}" is not the number of a change: give a whole number such as 12`);
  }
  await openDb();
  const [entry] = await call('history:list', { afterSeq: seq - 1, limit: 1 });
  const result = await call('history:revert', { seq });
  const [undo] = await call('history:list', { afterSeq: result.seq - 1, limit: 1 });
  if (values.json) {
    io.out(JSON.stringify({ undone: entry, recorded: undo ?? null, record: result.record }, null, 2));
    return 0;
  }
  const said = entry && entry.seq === seq ? ` ${revertWords(entry, true)}` : '';
  io.out(`Change #${seq} undone.${said} Recorded as change #${result.seq} ("Undo of change #${seq}").`);
  return 0;
}
