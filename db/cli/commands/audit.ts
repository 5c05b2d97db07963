import { extname } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { Command, CommandContext } from '../context.ts';
import { numberArg, stringOpt, UsageError } from '../context.ts';
import { describeEntry } from './history.ts';

async function filters(ctx: CommandContext) {
  const { values, call, dbPath } = ctx;
  const ref = stringOpt(values, 'ref');
  let riskId: string | undefined;
  if (ref) {
    const risks = await call('risks:list', { includeArchived: true });
    riskId = risks.find((r) => r.ref.toLowerCase() === ref.toLowerCase())?.id;
    if (!riskId) throw new AppError('NOT_FOUND', `There is no risk ${ref} in ${dbPath()}.`);
  }
  return {
    person: stringOpt(values, 'person'),
    from: stringOpt(values, 'from'),
    to: stringOpt(values, 'to'),
    field: stringOpt(values, 'field'),
    riskId,
  };
}

export const audit: Command = {
  usage: [
    'audit verify --db FILE [--anchor SEQ:HASH]',
    '                                     Check that the history is intact and the risks match it (exit 1 and the',
    '                                     first broken entry if not); with --anchor, also that entry SEQ still has HASH',
    'audit head --db FILE                Print the head of the history as SEQ:HASH, to keep outside the register',
    'audit list --db FILE [--person NAME] [--from yyyy-mm-dd] [--to yyyy-mm-dd] [--ref REF] [--field F]',
    '           [--limit N] [--json]     Changes across the register, newest first',
    'audit export FILE --db FILE [--format csv|xlsx] [same filters as list]',
    '                                     Export the history; the export is recorded too',
  ],
  options: {
    person: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    ref: { type: 'string' },
    field: { type: 'string' },
    limit: { type: 'string' },
    format: { type: 'string' },
    anchor: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const { args, values, openDb, call, io } = ctx;
    const sub = args[0];
    if (sub === 'verify') {
      await openDb();
      const anchor = stringOpt(values, 'anchor');
      const check = await call('audit:verify', anchor === undefined ? {} : { anchor });
      if (check.ok) {
        io.out(check.message);
        return 0;
      }
      io.err(check.message);
      return 1;
    }
    if (sub === 'head') {
      await openDb();
      io.out((await call('audit:head', {})).head);
      return 0;
    }
    if (sub === 'list') {
      await openDb();
      const limitRaw = stringOpt(values, 'limit');
      const page = await call('audit:list', {
        ...(await filters(ctx)),
        limit: (limitRaw === undefined ? 200 : numberArg(limitRaw, 'limit')) as number,
      });
      if (values.json) {
        io.out(JSON.stringify(page, null, 2));
        return 0;
      }
      const key = await call('key:get', {});
      io.out(
        `${page.total} ${page.total === 1 ? 'entry' : 'entries'}${page.entries.length < page.total ? `, newest ${page.entries.length} shown` : ''}.`,
      );
      for (const e of page.entries) io.out(`#${e.seq}  ${e.label}  ${describeEntry(e, key)}`);
      return 0;
    }
    if (sub === 'export') {
      const path = args[1];
      if (!path) throw new UsageError('audit export needs a file to write, such as audit.csv');
      const ext = extname(path).toLowerCase();
      const format = stringOpt(values, 'format') ?? (ext === '.xlsx' ? 'xlsx' : 'csv');
      await openDb();
      const out = await call('audit:export', {
        ...(await filters(ctx)),
        format: format as 'csv',
        path,
      });
      if (!out) throw new AppError('INTERNAL', 'The export was not written.');
      io.out(`Exported ${out.rows} history ${out.rows === 1 ? 'entry' : 'entries'} to ${out.path}.`);
      return 0;
    }
    throw new UsageError(
      sub
        ? `unknown audit command "${sub}": use verify, head, list or export`
        : 'audit needs verify, head, list or export',
    );
  },
};
