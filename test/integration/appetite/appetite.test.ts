/**
 * Appetite levels on real register files through the real handler table (issue 13): a category's level and
 * statement, the register's mapping, a risk's override with its reason, all in history; bad input refused with
 * the register unchanged; and the migration of numeric appetites from a register at the previous version.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegisterFile, APPLICATION_ID } from '../../../db/connection.ts';
import { listCategories } from '../../../db/categories.ts';
import { verifyHistory } from '../../../db/history.ts';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../db/migrations/index.ts';
import { listRisks } from '../../../db/risks.ts';
import { riskAppetite } from '../../../shared/appetite.ts';
import { appetiteAsOf, appetiteSummary, DEFAULT_APPETITE_MAPPING } from '../../../shared/appetite.ts';
import type { App, TempDir } from '../helpers.ts';
import { fingerprint, makeApp, makeTempDir } from '../helpers.ts';

/** The value, or a failed test saying it was missing. */
function must<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`${what} is missing`);
  return v;
}

let tmp: TempDir;
let app: App;

beforeEach(async () => {
  tmp = makeTempDir('rr-appetite-');
  app = makeApp();
  await app.ok('register:create', { path: tmp.file('r.riskreg') });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

async function risk(ref: string, category: string, impact: 1 | 2 | 3 | 4 | 5, likelihood: 1 | 2 | 3 | 4 | 5) {
  return app.ok('risks:create', { ref, category, description: `Risk ${ref}`, impact, likelihood });
}

async function categoryId(name: string) {
  const c = (await app.ok('categories:list', {})).find((x) => x.name === name);
  if (!c) throw new Error(`no category ${name}`);
  return c.id;
}

describe('a category’s level', () => {
  it('maps to the register’s thresholds, gives every risk a status, and is recorded in history', async () => {
    await risk('SR1', 'Finance', 2, 4); // 8
    await risk('SR2', 'Finance', 3, 4); // 12
    await risk('SR3', 'Finance', 3, 5); // 15
    const id = await categoryId('Finance');
    const c = await app.ok('appetite:set-level', {
      categoryId: id,
      level: 'cautious',
      reason: 'Board, 12/03/2026',
    });
    expect(c).toMatchObject({ appetiteLevel: 'cautious', appetite: 8, tolerance: 12 });

    const risks = await app.ok('risks:list', {});
    const cats = await app.ok('categories:list', {});
    expect(risks.map((r) => [r.ref, appetiteSummary(r, cats)])).toEqual([
      ['SR1', { level: 'cautious', status: 'within' }],
      ['SR2', { level: 'cautious', status: 'tolerance' }],
      ['SR3', { level: 'cautious', status: 'outside' }],
    ]);

    const history = await app.ok('appetite:history', { categoryId: id });
    expect(history.filter((h) => h.action === 'update')).toMatchObject([
      {
        field: 'appetiteLevel',
        oldValue: null,
        newValue: 'cautious',
        reason: 'Board, 12/03/2026',
        by: 'Alice Example',
      },
    ]);
  });

  it('follows a change of the register’s mapping, which is in the category’s appetite history too', async () => {
    await risk('SR1', 'Finance', 3, 4); // 12
    const id = await categoryId('Finance');
    const before = await app.ok('appetite:set-level', { categoryId: id, level: 'cautious' });
    const levels = { ...DEFAULT_APPETITE_MAPPING, cautious: { appetite: 12, tolerance: 15 } };
    expect(await app.ok('appetite:set-mapping', { levels, reason: 'Annual review' })).toEqual(levels);
    const overview = await app.ok('appetite:get', {});
    expect(overview.levels).toEqual(levels);
    expect(overview.categories.find((c) => c.id === id)).toMatchObject({ appetite: 12, tolerance: 15 });
    const cats = await app.ok('categories:list', {});
    expect(appetiteSummary(must((await app.ok('risks:list', {}))[0], 'SR1'), cats)).toEqual({
      level: 'cautious',
      status: 'within',
    });

    // What was the appetite when the level was set? The history answers it.
    const history = await app.ok('appetite:history', { categoryId: id });
    const levelEntry = must(
      history.find((h) => h.field === 'appetiteLevel'),
      'the level entry',
    );
    const mappingEntry = must(
      history.find((h) => h.field === 'appetiteLevels'),
      'the mapping entry',
    );
    expect(mappingEntry).toMatchObject({
      oldValue: DEFAULT_APPETITE_MAPPING,
      newValue: levels,
      reason: 'Annual review',
    });
    const now = must(
      overview.categories.find((c) => c.id === id),
      'Finance',
    );
    expect(appetiteAsOf(now, overview.levels, history, levelEntry.at)).toEqual({
      level: 'cautious',
      limits: { appetite: 8, tolerance: 12 },
    });
    expect(before.appetite).toBe(8);
  });

  it('refuses a mapping whose tolerance is below its appetite and leaves the file as it was', async () => {
    const path = tmp.file('r.riskreg');
    const was = fingerprint(path).sha256;
    const err = await app.fail('appetite:set-mapping', {
      levels: { ...DEFAULT_APPETITE_MAPPING, open: { appetite: 12, tolerance: 10 } },
    });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('tolerance cannot be below its appetite');
    expect(fingerprint(path).sha256).toBe(was);
    const bad = await app.fail('appetite:set-level', { categoryId: 'x', level: 'bold' as 'open' });
    expect(bad.message).toContain('averse, minimal, cautious, open or eager');
    expect((await app.fail('appetite:set-level', { categoryId: 'nope', level: 'open' })).code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses levels that are not monotone (averse to eager), naming them, and leaves the file as it was', async () => {
    const path = tmp.file('r.riskreg');
    const was = fingerprint(path).sha256;
    const err = await app.fail('appetite:set-mapping', {
      levels: { ...DEFAULT_APPETITE_MAPPING, open: { appetite: 6, tolerance: 16 } },
    });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe(
      "The appetite levels were not changed. Open: the appetite (6) cannot be below Cautious's (8); levels run from averse to eager.",
    );
    expect(fingerprint(path).sha256).toBe(was);
    expect((await app.ok('appetite:get', {})).levels).toEqual(DEFAULT_APPETITE_MAPPING);
  });

  it('keeps a statement with its approval date, in history', async () => {
    await risk('SR1', 'Finance', 1, 1);
    const id = await categoryId('Finance');
    const c = await app.ok('appetite:set-statement', {
      categoryId: id,
      statement: 'We accept moderate financial risk to deliver our priorities.',
      approved: '2026-03-12',
    });
    expect(c).toMatchObject({
      appetiteStatement: expect.stringContaining('moderate'),
      appetiteApproved: '2026-03-12',
    });
    const err = await app.fail('appetite:set-statement', {
      categoryId: id,
      statement: 'x',
      approved: '2026-02-30',
    });
    expect(err.message).toContain('real date');
    const history = await app.ok('appetite:history', { categoryId: id });
    expect(history.filter((h) => h.field === 'appetiteStatement')).toMatchObject([
      { oldValue: { statement: '', approved: null }, newValue: { approved: '2026-03-12' } },
    ]);
  });
});

describe('a risk’s own level', () => {
  it('overrides its category’s, needs a reason, is in the risk’s history, and can be cleared', async () => {
    const r = await risk('SR1', 'Finance', 3, 4); // 12
    await app.ok('appetite:set-level', { categoryId: await categoryId('Finance'), level: 'averse' });
    const noReason = await app.fail('risks:set-appetite-override', {
      id: r.id,
      version: r.version,
      level: 'open',
    });
    expect(noReason.code).toBe('VALIDATION');
    expect(noReason.message).toContain('Give a reason');

    const o = await app.ok('risks:set-appetite-override', {
      id: r.id,
      version: r.version,
      level: 'open',
      reason: 'Statutory duty: the council cannot avoid it',
    });
    expect(o.appetiteOverride).toEqual({
      level: 'open',
      reason: 'Statutory duty: the council cannot avoid it',
      appetite: 12,
      tolerance: 16,
    });
    const cats = await app.ok('categories:list', {});
    expect(appetiteSummary(o, cats)).toEqual({ level: 'open', status: 'within' });

    // A stale version is a conflict, not a silent overwrite.
    const stale = await app.fail('risks:set-appetite-override', {
      id: r.id,
      version: r.version,
      level: null,
    });
    expect(stale.code).toBe('CONFLICT');

    const cleared = await app.ok('risks:set-appetite-override', {
      id: r.id,
      version: o.version,
      level: null,
    });
    expect(cleared.appetiteOverride).toBeNull();
    expect(appetiteSummary(cleared, cats)).toEqual({ level: 'averse', status: 'outside' });

    const h = (await app.ok('risks:history', { id: r.id })).filter((e) => e.field === 'appetiteOverride');
    expect(h).toMatchObject([
      { oldValue: null, newValue: { level: 'open', reason: 'Statutory duty: the council cannot avoid it' } },
      { oldValue: { level: 'open' }, newValue: null },
    ]);
    expect(verifyHistory(app.session.db).ok).toBe(true);
  });
});

describe('cause, event and effect', () => {
  it('are kept on create, edited with history, and left empty when not given', async () => {
    const r = await app.ok('risks:create', {
      ref: 'SR1',
      category: 'Finance',
      description: 'Funding gap',
      impact: 4,
      likelihood: 4,
      cause: 'rising demand for adult social care',
      event: 'the budget is overspent',
    });
    expect(r).toMatchObject({
      cause: 'rising demand for adult social care',
      event: 'the budget is overspent',
      effect: '',
    });
    const u = await app.ok('risks:update', {
      id: r.id,
      version: r.version,
      changes: { effect: ' a section 114 notice ' },
    });
    expect(u.effect).toBe('a section 114 notice');
    const h = (await app.ok('risks:history', { id: r.id })).filter((e) => e.field === 'effect');
    expect(h).toMatchObject([{ oldValue: '', newValue: 'a section 114 notice' }]);
    const plain = await risk('SR2', 'Finance', 1, 1);
    expect(plain).toMatchObject({ cause: '', event: '', effect: '' });
  });
});

describe('importing cause, event and effect', () => {
  it('reads the columns when a file has them, and the risk reads as one sentence', async () => {
    const path = tmp.file('risks.csv');
    writeFileSync(
      path,
      'Ref,Category,Description,Impact,Likelihood,Cause,Event,Effect\r\n' +
        'SR1,Finance,Funding gap,4,4,rising demand,the budget is overspent,a section 114 notice\r\n' +
        'SR2,Finance,Plain,2,2,,,\r\n',
    );
    await app.ok('import:commit', { path });
    const risks = await app.ok('risks:list', {});
    expect(risks.map((r) => [r.ref, r.cause, r.event, r.effect])).toEqual([
      ['SR1', 'rising demand', 'the budget is overspent', 'a section 114 notice'],
      ['SR2', '', '', ''],
    ]);
    expect(verifyHistory(app.session.db).ok).toBe(true);
  });
});

describe('migration 120 of the numeric appetite', () => {
  it('turns a threshold equal to a level’s into that level and keeps any other number as a custom threshold', () => {
    const path = tmp.file('old.riskreg');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(raw, 90);
    expect(schemaVersion(raw)).toBe(90);
    const at = '2025-01-01T00:00:00.000Z';
    const insert = raw.prepare(
      'INSERT INTO categories (id, name, position, created_at, appetite) VALUES (?, ?, ?, ?, ?)',
    );
    const old: [string, number | null][] = [
      ['Averse one', 3],
      ['Minimal one', 5],
      ['Cautious one', 8],
      ['Open one', 12],
      ['Eager one', 16],
      ['Custom ten', 10],
      ['Custom twenty', 20],
      ['None', null],
    ];
    old.forEach(([name, appetite], i) => insert.run(`c${i}`, name, i + 1, at, appetite));
    raw
      .prepare(
        `INSERT INTO risks (id, ref, category_id, description, impact, likelihood, position, created_at, updated_at)
         VALUES ('r1', 'SR1', 'c5', 'Old risk', 3, 4, 1, ?, ?)`,
      )
      .run(at, at);
    raw.close();

    const reg = openRegisterFile(path);
    try {
      expect(schemaVersion(reg.db)).toBe(LATEST_VERSION);
      const rows = reg.db
        .prepare('SELECT name, appetite, appetite_level FROM categories ORDER BY position')
        .all();
      expect(rows).toEqual([
        { name: 'Averse one', appetite: null, appetite_level: 'averse' },
        { name: 'Minimal one', appetite: null, appetite_level: 'minimal' },
        { name: 'Cautious one', appetite: null, appetite_level: 'cautious' },
        { name: 'Open one', appetite: null, appetite_level: 'open' },
        { name: 'Eager one', appetite: null, appetite_level: 'eager' },
        { name: 'Custom ten', appetite: 10, appetite_level: null },
        { name: 'Custom twenty', appetite: 20, appetite_level: null },
        { name: 'None', appetite: null, appetite_level: null },
      ]);
      // Without loss: the threshold every category had is the one in force now.
      const cats = listCategories(reg.db);
      expect(cats.map((c) => [c.name, c.appetite])).toEqual(old);
      // A custom threshold has no tolerance band: above it is outside tolerance, as "outside appetite" was.
      expect(cats.find((c) => c.name === 'Custom ten')).toMatchObject({ appetiteLevel: null, tolerance: 10 });
      const [sr1] = listRisks(reg.db);
      expect(sr1).toMatchObject({ ref: 'SR1', appetiteOverride: null, cause: '', event: '', effect: '' });
      expect(riskAppetite(must(sr1, 'SR1'), cats)).toMatchObject({
        level: null,
        appetite: 10,
        status: 'outside',
      });
    } finally {
      reg.db.close();
    }
  });
});
