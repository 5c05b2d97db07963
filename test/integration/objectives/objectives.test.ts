/**
 * Objectives and escalation rules on real register files through the real handler table: exposure figures on
 * crafted risks, rules firing over a scripted sequence of reviews, the import's all-or-nothing, links in history.
 */
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import { migrate } from '../../../db/migrations/index.ts';
import type { App, TempDir } from '../helpers.ts';
import { fingerprint, makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
/** A clock the test moves: each reading is one minute after the last, from `day` 09:00 UTC. */
let clock = Date.UTC(2026, 0, 5, 9, 0);
const setDay = (iso: string) => {
  clock = Date.parse(`${iso}T09:00:00Z`);
};

beforeEach(async () => {
  tmp = makeTempDir('rr-objectives-');
  setDay('2026-01-05');
  app = makeApp({
    now: () => {
      const d = new Date(clock);
      clock += 60_000;
      return d;
    },
  });
  await app.ok('register:create', { path: tmp.file('r.riskreg') });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

async function risk(
  ref: string,
  category: string,
  impact: number,
  likelihood: number,
  target?: [number, number],
) {
  return app.ok('risks:create', {
    ref,
    category,
    description: `Risk ${ref}`,
    impact: impact as 1,
    likelihood: likelihood as 1,
    target: target ? { impact: target[0] as 1, likelihood: target[1] as 1 } : null,
  });
}

describe('objective exposure', () => {
  it('counts the highest score, every band, and the risks above their category appetite', async () => {
    const a = await risk('R1', 'Finance', 4, 4); // 16 Red
    const b = await risk('R2', 'Finance', 3, 3); // 9 Yellow
    const c = await risk('R3', 'People', 2, 2); // 4 Green
    const d = await risk('R4', 'People', 5, 5); // 25 Red, archived below: must not count
    const cats = await app.ok('categories:list', {});
    const finance = cats.find((x) => x.name === 'Finance');
    if (!finance) throw new Error('no Finance category');
    await app.ok('categories:set-appetite', { id: finance.id, appetite: 8 });

    const o = await app.ok('objectives:create', { ref: 'F1', title: 'Adequate funding', status: 'amber' });
    for (const r of [a, b, c, d]) await app.ok('objectives:link', { objectiveId: o.id, riskId: r.id });
    await app.ok('risks:archive', { id: d.id, version: d.version });

    const [f1] = await app.ok('objectives:list', {});
    expect(f1?.riskRefs).toEqual(['R1', 'R2', 'R3']);
    expect(f1?.exposure).toEqual({
      highest: 16,
      highestBand: 'Red',
      bands: [
        { band: 'Green', colour: '#cfeec2', count: 1 },
        { band: 'Yellow', colour: '#eeba26', count: 1 },
        { band: 'Amber', colour: '#d8691c', count: 0 },
        { band: 'Red', colour: '#9a1a1a', count: 1 },
      ],
      // R1 (16) and R2 (9) are above Finance's 8; People has no appetite set.
      outsideTolerance: 2,
      riskCount: 3,
    });
  });

  it('records link and unlink in the objective history, and the chain verifies', async () => {
    const a = await risk('R1', 'Finance', 4, 4);
    const b = await risk('R2', 'Finance', 2, 2);
    const o = await app.ok('objectives:create', { ref: 'F1', title: 'Adequate funding' });
    await app.ok('objectives:link', { objectiveId: o.id, riskId: a.id });
    await app.ok('objectives:link', { objectiveId: o.id, riskId: b.id });
    // Linking again changes nothing and records nothing.
    await app.ok('objectives:link', { objectiveId: o.id, riskId: b.id });
    const after = await app.ok('objectives:link', { objectiveId: o.id, riskId: a.id, linked: false });
    expect(after.riskRefs).toEqual(['R2']);
    expect((await app.ok('objectives:of-risk', { riskId: b.id })).map((x) => x.ref)).toEqual(['F1']);

    const hist = await app.ok('history:list', { entity: 'objective', entityId: o.id });
    const changes = hist.filter((e) => e.field === 'risks').map((e) => [e.oldValue, e.newValue]);
    expect(changes).toHaveLength(3);
    expect(changes).toContainEqual([[], ['R1']]);
    expect(changes).toContainEqual([['R1'], ['R1', 'R2']]);
    expect(changes).toContainEqual([['R1', 'R2'], ['R2']]);
    expect(verifyHistory(app.session.db).ok).toBe(true);
    // Other windows: a link moves the revision but touches no risk record, so no full reload.
    const { revision } = await app.ok('risks:list-with-revision', {});
    await app.ok('objectives:link', { objectiveId: o.id, riskId: a.id });
    const since = await app.ok('risks:changes', { sinceRevision: revision });
    expect(since.revision).toBe(revision + 1);
    expect(since.full).toBe(false);
    expect(since.risks).toEqual([]);
  });

  it('refuses a duplicate ref and linking an archived risk, changing nothing', async () => {
    const a = await risk('R1', 'Finance', 4, 4);
    await app.ok('objectives:create', { ref: 'F1', title: 'Adequate funding' });
    const dup = await app.fail('objectives:create', { ref: 'f1', title: 'Again' });
    expect(dup.code).toBe('VALIDATION');
    expect(dup.message).toContain('already an objective F1');
    const [o] = await app.ok('objectives:list', {});
    const archived = await app.ok('risks:archive', { id: a.id, version: a.version });
    const err = await app.fail('objectives:link', { objectiveId: o?.id ?? '', riskId: archived.id });
    expect(err.message).toContain('R1 is archived');
    expect((await app.ok('objectives:list', {}))[0]?.riskRefs).toEqual([]);
  });
});

describe('objectives import', () => {
  it('imports a CSV, then updates known refs from an XLSX', async () => {
    const csv = tmp.file('plan.csv');
    writeFileSync(
      csv,
      'Ref,Title,Lead,Status\nF1,Adequate funding,CEx,Amber\nF2,Sector-led improvement,DS,G\n',
    );
    expect(await app.ok('objectives:import', { path: csv })).toEqual({
      fileName: 'plan.csv',
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Plan');
    ws.addRow(['ref', 'title', 'lead', 'status']);
    ws.addRow(['F1', 'Adequate funding', 'CEx', 'Red']);
    ws.addRow(['F2', 'Sector-led improvement', 'DS', 'Green']);
    ws.addRow(['F3', 'Workforce', 'HR', 'not started']);
    const xlsx = tmp.file('plan.xlsx');
    await wb.xlsx.writeFile(xlsx);
    expect(await app.ok('objectives:import', { path: xlsx })).toEqual({
      fileName: 'plan.xlsx',
      created: 1,
      updated: 1,
      unchanged: 1,
    });
    const list = await app.ok('objectives:list', {});
    expect(list.map((o) => [o.ref, o.lead, o.status])).toEqual([
      ['F1', 'CEx', 'red'],
      ['F2', 'DS', 'green'],
      ['F3', 'HR', 'not-started'],
    ]);
  });

  it('refuses the whole file when any row is wrong, naming every row, and leaves the file untouched', async () => {
    await app.ok('objectives:create', { ref: 'F1', title: 'Adequate funding', status: 'green' });
    const path = tmp.file('r.riskreg');
    app.session.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = fingerprint(path);
    const csv = tmp.file('bad.csv');
    writeFileSync(
      csv,
      'ref,title,lead,status\nF1,Adequate funding,CEx,Red\nF2,,DS,Green\nF3,Workforce,HR,Purple\nF1,Twice,X,Green\n',
    );
    const err = await app.fail('objectives:import', { path: csv });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('nothing was changed');
    expect(err.message).toContain('Row 3: F2 has no title');
    expect(err.message).toContain('Row 4: the status "Purple"');
    expect(err.message).toContain('Row 5: the ref F1 is also on row 2');
    app.session.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fingerprint(path).sha256).toBe(before.sha256);
    expect((await app.ok('objectives:list', {})).map((o) => [o.ref, o.status])).toEqual([['F1', 'green']]);
  });
});

describe('escalation rules', () => {
  const RULES = [
    {
      label: 'High for two reviews',
      when: { metric: 'current-score', op: '>=', value: 15, forReviews: 2 },
      then: 'escalate',
      to: 'Leadership board',
    },
    {
      label: 'Within appetite for two quarters',
      when: { metric: 'appetite', op: '=', value: 'within', forQuarters: 2 },
      then: 'de-escalate',
      to: 'Directorate register',
    },
    {
      label: 'Target missed',
      when: { metric: 'target', op: 'not-met-by', value: '2026-03-31' },
      then: 'escalate',
      to: 'Audit committee',
    },
  ];

  it('fires on a scripted sequence of reviews, and stops when the score drops', async () => {
    const cats = async () => app.ok('categories:list', {});
    const r1 = await risk('R1', 'Finance', 3, 4, [2, 2]); // 12, target 4
    const r2 = await risk('R2', 'People', 2, 2); // 4
    const people = (await cats()).find((c) => c.name === 'People');
    await app.ok('categories:set-appetite', { id: people?.id ?? '', appetite: 6 });
    await app.ok('escalation:set-rules', { rules: RULES });
    const fired = async (asOf?: string) =>
      (await app.ok('escalation:list', asOf ? { asOf } : {})).map((f) => `${f.ref}: ${f.label}`);
    expect(await fired()).toEqual([]);

    // Review 1 (February): R1 up to 16. One review at ≥ 15 is not enough.
    setDay('2026-02-02');
    let cur = await app.ok('reviews:record', { id: r1.id, version: r1.version, impact: 4, likelihood: 4 });
    expect(await fired()).toEqual([]);
    // Review 2 (March): still 16 → the two-review rule fires.
    setDay('2026-03-02');
    cur = await app.ok('reviews:record', { id: r1.id, version: cur.risk.version });
    expect(await fired()).toEqual(['R1: High for two reviews']);
    // April: the target date has passed with 16 above the target's 4.
    setDay('2026-04-06');
    expect(await fired('2026-04-06')).toEqual(['R1: High for two reviews', 'R1: Target missed']);
    // Review 3: R1 down to 9: neither fires any more.
    await app.ok('reviews:record', { id: r1.id, version: cur.risk.version, impact: 3, likelihood: 3 });
    expect(await fired('2026-04-06')).toEqual(['R1: Target missed']);
    // R2 has been within People's appetite (6) since January: two quarters later it is proposed for de-escalation.
    expect(await fired('2026-07-04')).toEqual(['R1: Target missed']);
    expect(await fired('2026-07-06')).toEqual(['R1: Target missed', 'R2: Within appetite for two quarters']);
    expect(r2.ref).toBe('R2');
  });

  it('refuses bad rules with every problem named, keeps the old ones, and records a change in history', async () => {
    await app.ok('escalation:set-rules', { rules: RULES, reason: 'Agreed by audit committee' });
    const err = await app.fail('escalation:set-rules', {
      rules: [
        {
          label: 'Purple',
          when: { metric: 'band', op: '=', value: 'Purple' },
          then: 'escalate',
          to: 'Board',
        },
      ],
    });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('no band "Purple"');
    expect((await app.ok('escalation:rules', {})).map((r) => r.label)).toEqual(RULES.map((r) => r.label));
    const hist = await app.ok('history:list', { entity: 'register', entityId: 'escalation-rules' });
    expect(hist.map((e) => [e.field, e.reason])).toEqual([['escalationRules', 'Agreed by audit committee']]);
    expect(verifyHistory(app.session.db).ok).toBe(true);
  });
});

describe('migration 0090', () => {
  it('adds the tables to a register at version 40, with the status check', () => {
    const path = tmp.file('old.riskreg');
    const db = new Database(path);
    migrate(db, 40);
    expect(migrate(db)).toContain(90);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['objectives', 'risk_objectives', 'escalation_rules']));
    expect(() =>
      db
        .prepare(
          "INSERT INTO objectives (id, ref, title, status, created_at, updated_at) VALUES ('o', 'F1', 't', 'purple', 'x', 'x')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
