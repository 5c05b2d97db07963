/**
 * The register workbook round trip (issue 11): the LGA sample after titles, reviews, review cycles, targets,
 * inherent scores, actions, owner names, an exempt risk and a risk not yet assessed is exported by the real CLI
 * (`risk-register export register --out FILE.xlsx --db FILE`), imported by the real CLI into an empty register, and
 * the two registers are compared field by field.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RiskRecord } from '../../../shared/domain.ts';
import type { App, TempDir } from '../helpers.ts';
import { fingerprint, makeApp, makeTempDir } from '../helpers.ts';
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

/** Everything a person entered, without ids, versions and times (which a new register gives anew). */
async function registerAsData(a: App) {
  const risks = (await a.ok('risks:list', {})).map((r) => ({
    ref: r.ref,
    title: r.title,
    category: r.category,
    description: r.description,
    impact: r.impact,
    likelihood: r.likelihood,
    inherent: r.inherent,
    target: r.target,
    mitigation: r.mitigation,
    owners: r.owners,
    confidential: r.confidential,
    archivedAt: r.archivedAt,
    nextReview: r.nextReview,
  }));
  const cycles = await Promise.all(
    (await a.ok('risks:list', {})).map(async (r) => (await a.ok('risks:travel', { ids: [r.id] }))[0]?.cycle),
  );
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
  const categories = (await a.ok('categories:list', {})).map((c) => c.name).sort();
  const key = await a.ok('key:get', {});
  return { risks, cycles, actions, owners, categories, key };
}

describe('the register workbook', () => {
  it('imports into an empty register and gives back the same register, field for field', async () => {
    const source = tmp.file('source.riskreg');
    await app.ok('register:create', { path: source, sample: true });

    // Titles, one of them needing formula-injection care, and a description starting with an apostrophe.
    const sr1 = await byRef('SR1');
    await app.ok('risks:update', {
      id: sr1.id,
      version: sr1.version,
      changes: { title: '=HYPERLINK("http://x")', description: "'Quoted' opening words" },
    });
    const sr2 = await byRef('SR2');
    await app.ok('risks:update', { id: sr2.id, version: sr2.version, changes: { title: 'Funding gap' } });
    // Inherent and target scores.
    const sr2b = await byRef('SR2');
    await app.ok('risks:update-score', {
      id: sr2b.id,
      version: sr2b.version,
      which: 'inherent',
      impact: 5,
      likelihood: 5,
    });
    const sr4 = await byRef('SR4');
    await app.ok('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      which: 'target',
      impact: 2,
      likelihood: 2,
    });
    // A review with a change of score, and a review cycle with a date set by hand.
    const sr3 = await byRef('SR3');
    await app.ok('reviews:record', {
      id: sr3.id,
      version: sr3.version,
      note: 'Worse',
      impact: 5,
      likelihood: 4,
    });
    const sr5 = await byRef('SR5');
    await app.ok('reviews:set-cycle', {
      id: sr5.id,
      version: sr5.version,
      cycle: 'monthly',
      nextReview: '2026-05-15',
    });
    // Actions, done and planned, with and without an owner and a due date.
    await app.ok('actions:create', {
      riskId: sr4.id,
      text: '-1 reserves drawdown, then +2 bids',
      owner: 'SP',
      dueDate: '2026-06-30',
      status: 'in_progress',
    });
    await app.ok('actions:create', { riskId: sr4.id, text: 'Report to cabinet', status: 'done' });
    // An owner's name, an exempt risk, and a risk not yet assessed.
    const owner = (await app.ok('owners:list', {})).find((o) => o.initials === 'SP');
    if (!owner) throw new Error('no SP');
    await app.ok('owners:update', {
      id: owner.id,
      version: owner.version,
      changes: { name: 'Sarah Page', role: 'Head of Finance', email: 'sp@example.gov.uk' },
    });
    const sr6 = await byRef('SR6');
    await app.ok('risks:set-confidential', { id: sr6.id, version: sr6.version, confidential: true });
    await app.ok('risks:create', {
      ref: 'NEW1',
      category: 'Finance',
      description: 'Published as 16 with no impact or likelihood',
      impact: null,
      likelihood: null,
      owners: ['SP'],
    });
    const before = await registerAsData(app);
    expect(before.cycles).toContain('monthly');
    expect(before.cycles.filter((c) => c === 'quarterly')).toHaveLength(19);
    expect(before.risks.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.nextReview ?? ''))).toBe(true);
    expect(before.owners.find((o) => o.initials === 'SP')?.name).toBe('Sarah Page');
    app.close();

    const book = tmp.file('register.xlsx');
    const exported = cli('export', 'register', '--out', book, '--db', source);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('Wrote the register workbook to');
    expect(exported.stdout).toContain('20 risks, 2 actions');

    // The file itself: own sheets and headers, formula-looking text kept as text with a leading apostrophe.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Risks',
      'Actions',
      'Owners',
      'Key',
      'Categories',
      'Appetite levels',
      'Controls',
      'Assurance',
      'Objectives',
    ]);
    const risks = wb.getWorksheet('Risks');
    expect(risks?.getRow(1).getCell(2).value).toBe('Title');
    const sr1Row = [...Array(risks?.rowCount ?? 0).keys()]
      .map((i) => risks?.getRow(i + 1))
      .find((r) => r?.getCell(1).value === 'SR1');
    expect(sr1Row?.getCell(2).value).toBe('\'=HYPERLINK("http://x")');
    expect(sr1Row?.getCell(2).formula).toBeUndefined();
    expect(sr1Row?.getCell(3).value).toBe("''Quoted' opening words");

    // Into an empty register, by the real CLI.
    const target = tmp.file('target.riskreg');
    expect(cli('init', '--db', target).code).toBe(0);
    const imported = cli('import', book, '--db', target);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 20 risks from register.xlsx');

    app = makeApp();
    await app.ok('register:open', { path: target });
    const after = await registerAsData(app);
    expect(after.risks).toEqual(before.risks);
    expect(after.cycles).toEqual(before.cycles);
    expect(after.actions).toEqual(before.actions);
    expect(after.owners).toEqual(before.owners);
    expect(after.categories).toEqual(before.categories);
    expect(after.key).toEqual(before.key);
    // Spot checks that the comparison covers what was changed.
    expect(after.risks.find((r) => r.ref === 'NEW1')).toMatchObject({ impact: null, likelihood: null });
    expect(after.risks.find((r) => r.ref === 'SR5')?.nextReview).toBe('2026-05-15');
    expect(after.risks.find((r) => r.ref === 'SR6')?.confidential).toBe(true);
    expect(after.risks.find((r) => r.ref === 'SR1')?.title).toBe('=HYPERLINK("http://x")');
    const audit = cli('audit', 'verify', '--db', target);
    expect(audit.code).toBe(0);
  }, 180_000);

  it('is refused by a register that already holds risks, which is left exactly as it was', async () => {
    const source = tmp.file('s.riskreg');
    await app.ok('register:create', { path: source, sample: true });
    app.close();
    const book = tmp.file('book.xlsx');
    expect(cli('export', 'register', '--out', book, '--db', source).code).toBe(0);
    const fullBefore = fingerprint(source);
    const run = cli('import', book, '--db', source);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('imports only into an empty one');
    expect(fingerprint(source).sha256).toBe(fullBefore.sha256);
    app = makeApp();
  }, 180_000);
});
