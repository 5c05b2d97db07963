import type { ControlRecord } from '../../../shared/controls.ts';
import { EFFECTIVENESS_LABELS } from '../../../shared/controls.ts';
import { formatDate } from '../../../shared/travel.ts';
import type { RiskRecord } from '../../../shared/domain.ts';
import { proposeControls } from '../../../shared/split-mitigation.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CliValues, Command, CommandContext } from '../context.ts';
import { stringOpt, UsageError } from '../context.ts';

/** Every --risk given (the option may repeat). */
function riskOpts(values: CliValues): string[] {
  const v = values['risk'];
  if (Array.isArray(v)) return v;
  return typeof v === 'string' ? [v] : [];
}

async function riskByRef(ctx: CommandContext, ref: string, risks?: RiskRecord[]): Promise<RiskRecord> {
  const all = risks ?? (await ctx.call('risks:list', {}));
  const risk = all.find((r) => r.ref.toLowerCase() === ref.trim().toLowerCase());
  if (!risk) throw new AppError('NOT_FOUND', `There is no live risk ${ref} in ${ctx.dbPath()}.`);
  return risk;
}

/** A control by its id, or by the start of it when only one control's id starts that way. */
async function controlById(
  ctx: CommandContext,
  id: string | undefined,
  what: string,
): Promise<ControlRecord> {
  if (!id)
    throw new UsageError(`controls ${what} needs the id of a control (see risk-register controls --db FILE)`);
  const all = await ctx.call('controls:list', {});
  const exact = all.find((c) => c.id === id);
  if (exact) return exact;
  const matches = id.length >= 4 ? all.filter((c) => c.id.startsWith(id)) : [];
  if (matches.length === 1 && matches[0]) return matches[0];
  throw new AppError(
    'NOT_FOUND',
    matches.length > 1
      ? `More than one control's id starts with ${id}. Give more of the id.`
      : `There is no control ${id} in ${ctx.dbPath()}. List them with: risk-register controls --db ${ctx.dbPath()}`,
  );
}

function describe(c: ControlRecord): string {
  const refs = c.risks.map((r) => r.ref).join(' ') || '(no risks)';
  const assessed = c.assessedAt
    ? ` (assessed ${formatDate(c.assessedAt.slice(0, 10))} by ${c.assessedBy})`
    : '';
  const due = c.nextAssessmentDue
    ? `  next assessment ${formatDate(c.nextAssessmentDue)}${c.assessmentOverdue ? ' OVERDUE' : ''}`
    : '';
  return `${c.id}  ${EFFECTIVENESS_LABELS[c.effectiveness]}${assessed}  ${refs}${due}\n    ${c.text}`;
}

export const controls: Command = {
  usage: [
    'controls --db FILE [--json]          List the controls: [{id, text, effectiveness, risks: [refs]}]',
    'controls add TEXT --risk REF [--risk REF…] --effectiveness effective|partial|ineffective|unassessed',
    '         [--owner INITIALS] [--type preventive|detective|corrective|directive] [--next-due yyyy-mm-dd]',
    '         --db FILE                   Add a control serving one or more risks',
    'controls link ID --risk REF --db FILE / controls unlink ID --risk REF --db FILE',
    '                                     Link a control to another risk, or unlink it',
    'controls assess ID --effectiveness E [--next-due yyyy-mm-dd] --db FILE',
    '                                     Record an assessment (dated, with --by as the assessor)',
    'controls delete ID --db FILE         Delete a control (refused while it serves any risk)',
    'controls split REF --db FILE [--json] [--dry-run] [--clear-mitigation] [--effectiveness E] [--type T]',
    "                                     Split the risk's Mitigation text into controls, one per line,",
    '                                     bullet or sentence, linked to it (--dry-run: list them only)',
  ],
  options: {
    json: { type: 'boolean', default: false },
    risk: { type: 'string', multiple: true },
    effectiveness: { type: 'string' },
    owner: { type: 'string' },
    type: { type: 'string' },
    'next-due': { type: 'string' },
    reason: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'clear-mitigation': { type: 'boolean', default: false },
  },
  async run(ctx) {
    const { args, values, openDb, call, io } = ctx;
    const [sub, arg] = args;
    const reason = stringOpt(values, 'reason');
    if (sub === undefined || sub === 'list') {
      await openDb();
      const list = await call('controls:list', {});
      if (values.json) {
        const rows = list.map((c) => ({
          id: c.id,
          text: c.text,
          effectiveness: c.effectiveness,
          risks: c.risks.map((r) => r.ref),
        }));
        io.out(JSON.stringify(rows, null, 2));
        return 0;
      }
      if (!list.length) io.out('No controls yet. Add one with: risk-register controls add TEXT --risk REF …');
      for (const c of list) io.out(describe(c));
      return 0;
    }
    if (sub === 'add') {
      if (!arg)
        throw new UsageError(
          'controls add needs the words of the control, such as "Monthly budget monitoring"',
        );
      const refs = riskOpts(values);
      if (!refs.length)
        throw new UsageError('controls add needs --risk REF (repeat it for each risk the control serves)');
      const effectiveness = stringOpt(values, 'effectiveness');
      if (!effectiveness) {
        throw new UsageError('controls add needs --effectiveness effective|partial|ineffective|unassessed');
      }
      await openDb();
      const risks = await call('risks:list', {});
      const riskIds: string[] = [];
      for (const ref of refs) riskIds.push((await riskByRef(ctx, ref, risks)).id);
      const c = await call('controls:create', {
        text: arg,
        riskIds,
        // The contract checks these and refuses anything else with a sentence.
        effectiveness: effectiveness as 'effective',
        owner: stringOpt(values, 'owner') ?? null,
        type: (stringOpt(values, 'type') ?? null) as 'preventive' | null,
        nextAssessmentDue: stringOpt(values, 'next-due') ?? null,
        reason,
      });
      io.out(
        `Added control ${c.id} (${EFFECTIVENESS_LABELS[c.effectiveness]}) to ${c.risks.map((r) => r.ref).join(', ')}.`,
      );
      return 0;
    }
    if (sub === 'link' || sub === 'unlink') {
      const refs = riskOpts(values);
      if (refs.length !== 1 || !refs[0]) throw new UsageError(`controls ${sub} needs one --risk REF`);
      await openDb();
      const c = await controlById(ctx, arg, sub);
      const risk =
        sub === 'link'
          ? await riskByRef(ctx, refs[0])
          : await riskByRef(ctx, refs[0], await call('risks:list', { includeArchived: true }));
      const after = await call(sub === 'link' ? 'controls:link' : 'controls:unlink', {
        id: c.id,
        riskId: risk.id,
        reason,
      });
      io.out(`Control ${after.id} now serves ${after.risks.map((r) => r.ref).join(', ') || 'no risks'}.`);
      return 0;
    }
    if (sub === 'assess') {
      const effectiveness = stringOpt(values, 'effectiveness');
      if (!effectiveness) {
        throw new UsageError(
          'controls assess needs --effectiveness effective|partial|ineffective|unassessed',
        );
      }
      await openDb();
      const c = await controlById(ctx, arg, sub);
      const due = stringOpt(values, 'next-due');
      const after = await call('controls:assess', {
        id: c.id,
        version: c.version,
        effectiveness: effectiveness as 'effective',
        ...(due === undefined ? {} : { nextAssessmentDue: due }),
        reason,
      });
      io.out(`Assessed ${after.id}: ${EFFECTIVENESS_LABELS[after.effectiveness]} (by ${after.assessedBy}).`);
      return 0;
    }
    if (sub === 'delete') {
      await openDb();
      const c = await controlById(ctx, arg, sub);
      await call('controls:delete', { id: c.id, version: c.version, reason });
      io.out(`Deleted control ${c.id}.`);
      return 0;
    }
    if (sub === 'split') {
      if (!arg) throw new UsageError('controls split needs the ref of a risk, such as SR4');
      await openDb();
      const risk = await riskByRef(ctx, arg);
      const proposals = proposeControls(risk.mitigation);
      if (!proposals.length) {
        throw new AppError(
          'VALIDATION',
          `${risk.ref} has no Mitigation text to split. Add controls one by one with: risk-register controls add TEXT --risk ${risk.ref} …`,
        );
      }
      const clear = values['clear-mitigation'] === true;
      if (values['dry-run']) {
        if (values.json) {
          io.out(
            JSON.stringify({ ref: risk.ref, mitigation: risk.mitigation, controls: proposals }, null, 2),
          );
        } else {
          io.out(`${risk.ref}'s Mitigation would become ${proposals.length} controls (nothing written):`);
          proposals.forEach((p, i) => io.out(`  ${i + 1}. ${p}`));
        }
        return 0;
      }
      const effectiveness = stringOpt(values, 'effectiveness') ?? 'unassessed';
      const type = stringOpt(values, 'type') ?? null;
      const out = await call('controls:split', {
        riskId: risk.id,
        version: risk.version,
        // The contract checks these and refuses anything else with a sentence.
        controls: proposals.map((text) => ({
          text,
          type: type as 'preventive' | null,
          effectiveness: effectiveness as 'effective',
        })),
        mitigation: clear ? 'clear' : 'keep',
        reason,
      });
      if (values.json) {
        const rows = out.controls.map((c) => ({
          id: c.id,
          text: c.text,
          effectiveness: c.effectiveness,
          risks: c.risks.map((r) => r.ref),
        }));
        io.out(JSON.stringify(rows, null, 2));
        return 0;
      }
      io.out(
        `Added ${out.controls.length} controls to ${risk.ref}${clear ? ' and cleared its Mitigation' : ' (its Mitigation is kept)'}:`,
      );
      for (const c of out.controls) io.out(`  ${c.id}  ${c.text}`);
      return 0;
    }
    throw new UsageError(
      'controls needs "add", "link", "unlink", "assess", "delete" or "split" (or nothing, to list)',
    );
  },
};
