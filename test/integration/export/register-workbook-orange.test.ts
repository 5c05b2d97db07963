/**
 * The register workbook carries everything (issues 11 and 13): the LGA sample after a scripted quarter — titles,
 * cause/event/effect, appetite levels, a custom threshold, a changed mapping, statements, a per-risk override,
 * controls (one shared, one assessed twice), assurance on every line, treatments with an acceptance, objectives
 * with links, reviews, targets, actions and an exempt risk — exported by the real CLI, imported by the real CLI
 * into an empty register, and compared field by field. A workbook with a bad Orange Book cell is refused with
 * the cell named and leaves the empty register byte-identical.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RiskRecord } from '../../../shared/domain.ts';
import type { App, TempDir } from '../helpers.ts';
import { fingerprint, makeApp, makeTempDir } from '../helpers.ts';
import { scriptOrange } from './orange-script.ts';
import type { CliRun } from '../cli-run.ts';
import { runCli } from '../cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args);

let tmp: TempDir;
let app: App;
beforeEach(() => {
  tmp = makeTempDir();
  app = makeApp();
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

async function byRef(ref: string): Promise<RiskRecord> {
  const r = (await app.ok('risks:list', {})).find((x) => x.ref === ref);
  if (!r) throw new Error(`no ${ref}`);
  return r;
}

/** Everything a person entered, without ids, versions and record times (which a new register gives anew). */
async function registerAsData(a: App) {
  const list = await a.ok('risks:list', {});
  const refOf = new Map(list.map((r) => [r.id, r.ref]));
  const risks = await Promise.all(
    list.map(async (r) => {
      const view = await a.ok('controls:for-risk', { riskId: r.id });
      const travel = (await a.ok('risks:travel', { ids: [r.id] }))[0];
      return {
        ref: r.ref,
        title: r.title,
        category: r.category,
        description: r.description,
        cause: r.cause,
        event: r.event,
        effect: r.effect,
        impact: r.impact,
        likelihood: r.likelihood,
        inherent: r.inherent,
        target: r.target,
        mitigation: r.mitigation,
        owners: r.owners,
        confidential: r.confidential,
        appetiteOverride: r.appetiteOverride,
        nextReview: r.nextReview,
        cycle: travel?.cycle,
        treatment: view.treatment.treatment,
        acceptance: view.treatment.acceptance,
        assurances: view.assurances.map((x) => ({
          source: x.source,
          line: x.line,
          strength: x.strength,
          date: x.date,
          gaps: x.gaps,
        })),
        controls: view.controls.map((c) => c.text),
        flags: view.flags,
      };
    }),
  );
  const controls = (await a.ok('controls:list', {})).map((c) => ({
    text: c.text,
    owner: c.owner,
    type: c.type,
    effectiveness: c.effectiveness,
    assessedAt: c.assessedAt,
    assessedBy: c.assessedBy,
    nextAssessmentDue: c.nextAssessmentDue,
    risks: c.risks.map((l) => l.ref),
  }));
  const objectives = (await a.ok('objectives:list', {})).map((o) => ({
    ref: o.ref,
    title: o.title,
    lead: o.lead,
    status: o.status,
    risks: o.riskIds.map((id) => refOf.get(id)),
    exposure: o.exposure,
  }));
  const appetite = await a.ok('appetite:get', {});
  const categories = appetite.categories.map((c) => ({
    name: c.name,
    position: c.position,
    appetite: c.appetite,
    appetiteLevel: c.appetiteLevel,
    tolerance: c.tolerance,
    appetiteStatement: c.appetiteStatement,
    appetiteApproved: c.appetiteApproved,
  }));
  const actions = (await a.ok('actions:list', {})).map((x) => ({
    riskRef: x.riskRef,
    text: x.text,
    owner: x.owner,
    dueDate: x.dueDate,
    status: x.status,
  }));
  const owners = (await a.ok('owners:list', {}))
    .map((o) => ({ initials: o.initials, name: o.name, role: o.role, email: o.email }))
    .sort((x, y) => x.initials.localeCompare(y.initials));
  return {
    risks,
    controls,
    objectives,
    categories,
    levels: appetite.levels,
    actions,
    owners,
    key: await a.ok('key:get', {}),
  };
}

describe('the register workbook round trip with the Orange Book parts', () => {
  it('gives back the same register, field for field', async () => {
    const source = tmp.file('source.riskreg');
    await app.ok('register:create', { path: source, sample: true });
    await scriptOrange(app.ok, () => undefined);
    // A changed mapping, a custom threshold, a review, a target and actions on top.
    const { levels, categories } = await app.ok('appetite:get', {});
    await app.ok('appetite:set-mapping', {
      levels: { ...levels, cautious: { appetite: 9, tolerance: 12 } },
      reason: 'Cabinet decision',
    });
    const custom = categories.find((c) => c.appetiteLevel === null);
    if (!custom) throw new Error('no category without a level');
    await app.ok('categories:set-appetite', { id: custom.id, appetite: 10 });
    const sr3 = await byRef('SR3');
    await app.ok('reviews:record', {
      id: sr3.id,
      version: sr3.version,
      note: 'Worse',
      impact: 5,
      likelihood: 4,
    });
    const sr4 = await byRef('SR4');
    await app.ok('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      which: 'target',
      impact: 2,
      likelihood: 2,
    });
    await app.ok('actions:create', {
      riskId: sr4.id,
      text: 'Recruit two finance posts',
      owner: 'SP',
      dueDate: '2026-06-30',
      status: 'in_progress',
    });
    const before = await registerAsData(app);
    // The comparison covers what the script recorded.
    expect(before.controls).toHaveLength(3);
    expect(before.controls.find((c) => c.risks.length === 2)?.assessedBy).toBe('Alice Example');
    expect(before.risks.find((r) => r.ref === 'SR4')?.acceptance?.by).toBe('Audit Committee');
    expect(before.risks.find((r) => r.ref === 'SR9')?.appetiteOverride?.level).toBe('open');
    expect(before.objectives.map((o) => o.risks)).toEqual([['SR4', 'SR7'], ['SR2']]);
    expect(before.categories.some((c) => c.appetite === 10 && c.appetiteLevel === null)).toBe(true);
    expect(before.levels.cautious).toEqual({ appetite: 9, tolerance: 12 });
    app.close();

    const book = tmp.file('register.xlsx');
    const exported = cli('export', 'register', '--out', book, '--db', source);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const target = tmp.file('target.riskreg');
    expect(cli('init', '--db', target).code).toBe(0);
    const imported = cli('import', book, '--db', target);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    app = makeApp();
    await app.ok('register:open', { path: target });
    const after = await registerAsData(app);
    expect(after.risks).toEqual(before.risks);
    expect(after.controls).toEqual(before.controls);
    expect(after.objectives).toEqual(before.objectives);
    expect(after.categories).toEqual(before.categories);
    expect(after.levels).toEqual(before.levels);
    expect(after.actions).toEqual(before.actions);
    expect(after.owners).toEqual(before.owners);
    expect(after.key).toEqual(before.key);
    expect(cli('audit', 'verify', '--db', target).code).toBe(0);
  }, 240_000);

  it('refuses a workbook with a bad Orange Book cell, naming it, and leaves the register as it was', async () => {
    const source = tmp.file('s.riskreg');
    await app.ok('register:create', { path: source, sample: true });
    await scriptOrange(app.ok, () => undefined);
    app.close();
    const book = tmp.file('book.xlsx');
    expect(cli('export', 'register', '--out', book, '--db', source).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    const row = wb.getWorksheet('Controls')?.getRow(2);
    if (!row) throw new Error('no Controls row 2');
    row.getCell(4).value = 'Mostly fine';
    row.getCell(8).value = 'SR99';
    await wb.xlsx.writeFile(book);
    const target = tmp.file('empty.riskreg');
    expect(cli('init', '--db', target).code).toBe(0);
    const clean = fingerprint(target);
    const run = cli('import', book, '--db', target);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('Controls row 2: the effectiveness is one of');
    expect(run.stderr).toContain('Mostly fine');
    expect(run.stderr).toContain('Controls row 2: no risk SR99 on the Risks sheet.');
    expect(fingerprint(target).sha256).toBe(clean.sha256);
    app = makeApp();
  }, 240_000);

  it('still imports a workbook written before the Orange Book parts (sixteen columns, four sheets)', async () => {
    const source = tmp.file('old.riskreg');
    await app.ok('register:create', { path: source, sample: true });
    app.close();
    const book = tmp.file('old.xlsx');
    expect(cli('export', 'register', '--out', book, '--db', source).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    for (const name of ['Categories', 'Appetite levels', 'Controls', 'Assurance', 'Objectives']) {
      const ws = wb.getWorksheet(name);
      if (ws) wb.removeWorksheet(ws.id);
    }
    wb.getWorksheet('Risks')?.spliceColumns(17, 10);
    await wb.xlsx.writeFile(book);
    const check = new ExcelJS.Workbook();
    await check.xlsx.readFile(book);
    expect(check.worksheets.map((w) => w.name)).toEqual(['Risks', 'Actions', 'Owners', 'Key']);
    expect(check.getWorksheet('Risks')?.getRow(1).cellCount).toBe(16);
    const target = tmp.file('old-target.riskreg');
    expect(cli('init', '--db', target).code).toBe(0);
    const run = cli('import', book, '--db', target);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported 19 risks from old.xlsx');
    app = makeApp();
    await app.ok('register:open', { path: target });
    expect(await app.ok('controls:list', {})).toEqual([]);
    expect((await app.ok('risks:list', {})).map((r) => r.ref)).toHaveLength(19);
  }, 240_000);
});
