import { readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import { OBJECTIVE_STATUS_LABELS } from '../../../shared/objectives.ts';
import type { Command, CommandContext } from '../context.ts';
import { stringOpt, UsageError } from '../context.ts';

async function findRisk(ctx: CommandContext, ref: string) {
  const risks = await ctx.call('risks:list', {});
  const risk = risks.find((r) => r.ref.toLowerCase() === ref.toLowerCase());
  if (!risk) throw new AppError('NOT_FOUND', `There is no live risk ${ref} in ${ctx.dbPath()}.`);
  return risk;
}

async function findObjective(ctx: CommandContext, ref: string) {
  const all = await ctx.call('objectives:list', {});
  const o = all.find((x) => x.ref.toLowerCase() === ref.toLowerCase());
  if (!o) {
    throw new AppError(
      'NOT_FOUND',
      `There is no objective ${ref} in ${ctx.dbPath()}. List them with: risk-register objectives --db FILE.`,
    );
  }
  return o;
}

export const objectives: Command = {
  usage: [
    'objectives --db FILE [--json]        The objectives with their risks and exposure',
    'objectives import FILE --db FILE     Import objectives from CSV/XLSX (columns ref, title, lead, status)',
    'objectives link REF OBJECTIVE_REF --db FILE [--unlink]',
    '                                     Link a risk to an objective (or unlink it)',
  ],
  options: { json: { type: 'boolean', default: false }, unlink: { type: 'boolean', default: false } },
  async run(ctx) {
    const { args, values, openDb, call, io } = ctx;
    const sub = args[0];
    if (sub === 'import') {
      const file = args[1];
      if (!file) throw new UsageError('objectives import needs the CSV or XLSX file to read');
      await openDb();
      const out = await call('objectives:import', { path: file });
      io.out(
        `Imported ${out.fileName}: ${out.created} added, ${out.updated} updated, ${out.unchanged} unchanged.`,
      );
      return 0;
    }
    if (sub === 'link') {
      const [, riskRef, objectiveRef] = args;
      if (!riskRef || !objectiveRef) {
        throw new UsageError('objectives link needs a risk ref and an objective ref, such as SR4 F1');
      }
      await openDb();
      const risk = await findRisk(ctx, riskRef);
      const o = await findObjective(ctx, objectiveRef);
      const linked = !values.unlink;
      const after = await call('objectives:link', { objectiveId: o.id, riskId: risk.id, linked });
      io.out(
        `${linked ? 'Linked' : 'Unlinked'} ${risk.ref} ${linked ? 'to' : 'from'} ${after.ref}. ${after.ref} now has ${after.riskRefs.join(', ') || 'no risks'}.`,
      );
      return 0;
    }
    if (sub !== undefined) throw new UsageError(`objectives has no sub-command "${sub}"`);
    await openDb();
    const list = await call('objectives:list', {});
    if (values.json) {
      io.out(
        JSON.stringify(
          list.map((o) => ({
            ref: o.ref,
            title: o.title,
            lead: o.lead,
            status: o.status,
            risks: o.riskRefs,
            exposure: {
              highest: o.exposure.highest,
              highestBand: o.exposure.highestBand,
              outsideTolerance: o.exposure.outsideTolerance,
              bands: Object.fromEntries(o.exposure.bands.map((b) => [b.band, b.count])),
            },
          })),
          null,
          2,
        ),
      );
      return 0;
    }
    if (!list.length)
      io.out('No objectives yet. Import them with: risk-register objectives import FILE --db FILE');
    for (const o of list) {
      const e = o.exposure;
      const highest = e.highest === null ? 'no risks' : `highest ${e.highest} ${e.highestBand ?? ''}`.trim();
      io.out(
        `${o.ref.padEnd(6)} ${OBJECTIVE_STATUS_LABELS[o.status].padEnd(11)} ${o.title}\n       ${highest}, ${e.outsideTolerance} outside appetite; risks: ${o.riskRefs.join(', ') || '(none)'}`,
      );
    }
    return 0;
  },
};

/** A rule by its number in the list (1, 2…) or its label (any case); refused with the rules named. */
function findRule(ctx: CommandContext, rules: readonly { label: string }[], which: string): number {
  const byNumber = /^\d+$/.test(which) ? Number(which) - 1 : -1;
  const i =
    byNumber >= 0 && byNumber < rules.length
      ? byNumber
      : rules.findIndex((r) => r.label.trim().toLowerCase() === which.trim().toLowerCase());
  if (i < 0) {
    const named = rules.map((r, j) => `${j + 1} "${r.label}"`).join(', ');
    throw new AppError(
      'NOT_FOUND',
      rules.length
        ? `There is no escalation rule ${which} in ${ctx.dbPath()}. Name one by its number or label: ${named}.`
        : `${ctx.dbPath()} has no escalation rules. Add them with: risk-register escalation set FILE.json --db FILE.`,
    );
  }
  return i;
}

export const escalation: Command = {
  usage: [
    "escalation rules --db FILE [--json]  The register's escalation rules",
    'escalation set FILE.json --db FILE [--reason TEXT]',
    '                                     Replace the escalation rules with a JSON list',
    'escalation off|on RULE --db FILE [--reason TEXT]',
    '                                     Switch a rule (its number or label) off or on again',
  ],
  options: { json: { type: 'boolean', default: false }, reason: { type: 'string' } },
  async run(ctx) {
    const { args, values, openDb, call, io } = ctx;
    const sub = args[0];
    if (sub === 'off' || sub === 'on') {
      const which = args[1];
      if (!which) throw new UsageError(`escalation ${sub} needs the rule's number or label`);
      await openDb();
      const rules = await call('escalation:rules', {});
      const i = findRule(ctx, rules, which);
      const rule = rules[i];
      if (!rule) throw new AppError('NOT_FOUND', `There is no escalation rule ${which}.`);
      const off = sub === 'off';
      if ((rule.disabled === true) === off) {
        io.out(`Rule ${i + 1} ("${rule.label}") is already ${sub}; nothing was changed.`);
        return 0;
      }
      const next = rules.map((r, j) => (j === i ? { ...r, disabled: off } : r));
      await call('escalation:set-rules', { rules: next, reason: stringOpt(values, 'reason') });
      io.out(
        off
          ? `Switched rule ${i + 1} ("${rule.label}") off: it is kept but fires on no risk until it is switched on.`
          : `Switched rule ${i + 1} ("${rule.label}") on: it fires again from now.`,
      );
      return 0;
    }
    if (sub === 'set') {
      const file = args[1];
      if (!file) throw new UsageError('escalation set needs a JSON file with the list of rules');
      let rules: unknown;
      try {
        rules = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      } catch (e) {
        throw new AppError(
          'VALIDATION',
          `${file} cannot be read as JSON (${(e as Error).message}). Nothing was changed.`,
        );
      }
      await openDb();
      const saved = await call('escalation:set-rules', { rules, reason: stringOpt(values, 'reason') });
      io.out(`Saved ${saved.length} escalation ${saved.length === 1 ? 'rule' : 'rules'}.`);
      return 0;
    }
    if (sub !== 'rules')
      throw new UsageError('escalation needs "rules", "set FILE.json", "off RULE" or "on RULE"');
    await openDb();
    const rules = await call('escalation:rules', {});
    if (values.json) {
      io.out(JSON.stringify(rules, null, 2));
      return 0;
    }
    if (!rules.length) io.out('No escalation rules.');
    rules.forEach((r, i) =>
      io.out(
        `${i + 1}. ${r.label}${r.disabled ? ' (off)' : ''}: ${JSON.stringify(r.when)} → ${r.then} to ${r.to}`,
      ),
    );
    return 0;
  },
};

export const escalations: Command = {
  usage: [
    'escalations --db FILE [--as-of yyyy-mm-dd] [--json]',
    '                                     The risks an escalation rule fires for now',
  ],
  options: { json: { type: 'boolean', default: false }, 'as-of': { type: 'string' } },
  async run({ values, openDb, call, io }) {
    await openDb();
    const fired = await call('escalation:list', { asOf: stringOpt(values, 'as-of') });
    if (values.json) {
      io.out(JSON.stringify(fired, null, 2));
      return 0;
    }
    if (!fired.length) io.out('No escalation rule fires.');
    for (const f of fired) {
      io.out(
        `${f.ref.padEnd(6)} ${f.then === 'escalate' ? 'Escalate' : 'De-escalate'} to ${f.to} — ${f.label}. ${f.because}`,
      );
    }
    return 0;
  },
};
