/** `risk-register appetite …`: each category's appetite level, thresholds and statement; a risk's own level. */
import type { AppetiteLevel } from '../../../shared/appetite.ts';
import { APPETITE_LEVEL_LABELS, isAppetiteLevel } from '../../../shared/appetite.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatDate } from '../../../shared/travel.ts';
import type { Command, CommandContext } from '../context.ts';
import { stringOpt, UsageError } from '../context.ts';

async function findCategory(ctx: CommandContext, name: string) {
  const all = await ctx.call('categories:list', {});
  const c = all.find((x) => x.name.toLowerCase() === name.trim().toLowerCase());
  if (!c) {
    throw new AppError(
      'NOT_FOUND',
      `There is no category "${name}" in ${ctx.dbPath()}. Categories: ${all.map((x) => x.name).join(', ') || '(none yet)'}.`,
    );
  }
  return c;
}

/** One of the five levels, or null for `clear` ("none" for a category, "category" for a risk). */
function levelArg(raw: string | undefined, clear: string, command: string): AppetiteLevel | null {
  if (raw === undefined) throw new UsageError(`${command} needs --level averse|minimal|cautious|open|eager`);
  const level = raw.trim().toLowerCase();
  if (level === clear) return null;
  if (!isAppetiteLevel(level)) {
    throw new AppError(
      'VALIDATION',
      `"${raw}" is not an appetite level: use averse, minimal, cautious, open or eager (or ${clear}).`,
    );
  }
  return level;
}

export const appetite: Command = {
  usage: [
    'appetite --db FILE [--json]          Each category’s appetite level, appetite and tolerance, statement',
    'appetite set CATEGORY --level averse|minimal|cautious|open|eager --db FILE [--reason TEXT]',
    '                                     Set a category’s appetite level (--level none clears it)',
    'appetite statement CATEGORY --text TEXT [--approved yyyy-mm-dd] --db FILE [--reason TEXT]',
    '                                     The appetite statement the board approved, and when',
    'appetite override REF --level LEVEL --reason TEXT --db FILE',
    '                                     A risk’s own level instead of its category’s (--level category clears it)',
  ],
  options: {
    json: { type: 'boolean', default: false },
    level: { type: 'string' },
    reason: { type: 'string' },
    text: { type: 'string' },
    approved: { type: 'string' },
  },
  async run(ctx) {
    const { args, values, openDb, call, io } = ctx;
    const sub = args[0];
    if (sub === 'set') {
      const name = args[1];
      if (!name) throw new UsageError('appetite set needs the category, such as Finance');
      const level = levelArg(stringOpt(values, 'level'), 'none', 'appetite set');
      await openDb();
      const c = await findCategory(ctx, name);
      const after = await call('appetite:set-level', {
        categoryId: c.id,
        level,
        reason: stringOpt(values, 'reason'),
      });
      io.out(
        after.appetiteLevel
          ? `${after.name} appetite is now ${APPETITE_LEVEL_LABELS[after.appetiteLevel]}: appetite up to ${after.appetite}, tolerance up to ${after.tolerance}.`
          : `${after.name} now has no appetite level.`,
      );
      return 0;
    }
    if (sub === 'statement') {
      const name = args[1];
      if (!name) throw new UsageError('appetite statement needs the category, such as Finance');
      const text = stringOpt(values, 'text');
      if (text === undefined) throw new UsageError('appetite statement needs --text "the statement"');
      await openDb();
      const c = await findCategory(ctx, name);
      const after = await call('appetite:set-statement', {
        categoryId: c.id,
        statement: text,
        approved: stringOpt(values, 'approved') ?? null,
        reason: stringOpt(values, 'reason'),
      });
      io.out(
        `${after.name} appetite statement saved${after.appetiteApproved ? `, approved ${formatDate(after.appetiteApproved)}` : ''}.`,
      );
      return 0;
    }
    if (sub === 'override') {
      const ref = args[1];
      if (!ref) throw new UsageError('appetite override needs the ref of a risk, such as SR4');
      const level = levelArg(stringOpt(values, 'level'), 'category', 'appetite override');
      await openDb();
      const risk = await call('risks:find-by-ref', { ref });
      if (!risk) throw new AppError('NOT_FOUND', `There is no live risk ${ref} in ${ctx.dbPath()}.`);
      const after = await call('risks:set-appetite-override', {
        id: risk.id,
        version: risk.version,
        level,
        reason: stringOpt(values, 'reason'),
      });
      const o = after.appetiteOverride;
      io.out(
        o
          ? `${after.ref} now has its own appetite, ${APPETITE_LEVEL_LABELS[o.level]}: appetite up to ${o.appetite}, tolerance up to ${o.tolerance}.`
          : `${after.ref} now follows its category’s appetite (${after.category}).`,
      );
      return 0;
    }
    if (sub !== undefined) throw new UsageError(`appetite has no sub-command "${sub}"`);
    await openDb();
    const { categories } = await call('appetite:get', {});
    const rows = categories.map((c) => ({
      category: c.name,
      level: c.appetiteLevel,
      appetite: c.appetite,
      tolerance: c.tolerance,
      statement: c.appetiteStatement,
      approved: c.appetiteApproved,
    }));
    if (values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    for (const r of rows) {
      const level = r.level ? APPETITE_LEVEL_LABELS[r.level] : r.appetite === null ? 'none set' : 'custom';
      const limits =
        r.appetite === null ? '' : `: appetite up to ${r.appetite}, tolerance up to ${r.tolerance}`;
      io.out(`${r.category}: ${level}${limits}`);
      if (r.statement)
        io.out(`    "${r.statement}"${r.approved ? ` (approved ${formatDate(r.approved)})` : ''}`);
    }
    return 0;
  },
};
