import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RiskRecord } from '../../shared/domain.ts';
import { LGA_KEY } from '../../shared/band-key.ts';
import { summariseRisk } from '../../shared/risk-view.ts';
import { verifyHistory } from '../../db/history.ts';
import type { App, TempDir } from './helpers.ts';
import { makeApp, makeTempDir } from './helpers.ts';

let tmp: TempDir;
let app: App;
let path: string;

beforeEach(async () => {
  tmp = makeTempDir();
  app = makeApp();
  path = tmp.file('register.riskreg');
  await app.ok('register:create', { path, sample: true });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

async function byRef(ref: string, a: App = app): Promise<RiskRecord> {
  const r = (await a.ok('risks:list', {})).find((x) => x.ref === ref);
  if (!r) throw new Error(`No risk ${ref}`);
  return r;
}

function counts(a: App = app) {
  const db = a.session.db;
  const n = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  return {
    risks: n('risks'),
    categories: n('categories'),
    owners: n('owners'),
    riskOwners: n('risk_owners'),
    history: n('history'),
  };
}

describe('a register created with the sample', () => {
  it('holds the 19 LGA risks with their scores, bands and owners', async () => {
    const status = await app.ok('register:status', {});
    expect(status).toMatchObject({ path, riskCount: 19, readOnly: false });
    expect(status?.settings.name).toBe('LGA Strategic Risk Register');
    const risks = await app.ok('risks:list', {});
    expect(risks.map((r) => r.ref)).toEqual(Array.from({ length: 19 }, (_, k) => `SR${k + 1}`));
    const sr4 = summariseRisk(await byRef('SR4'), LGA_KEY);
    expect(sr4).toMatchObject({ category: 'Effectiveness', score: 15, band: 'Amber', owners: ['Cho'] });
    expect((await byRef('SR12')).owners).toEqual(['CH', 'PAs', 'HGOs']);
    expect((await app.ok('categories:list', {})).map((c) => c.name)).toEqual([
      'Effectiveness',
      'Reputation',
      'Membership',
      'Resource management',
      'Organisation',
    ]);
    const owners = await app.ok('owners:list', {});
    expect(owners.find((o) => o.initials === 'SP')?.riskCount).toBe(5);
    expect(owners.map((o) => o.initials)).toContain('Cho');
    expect(owners.map((o) => o.initials)).toContain('CHo');
  });

  it('records one import entry per risk, by the user, at the time it was loaded', async () => {
    const sr1 = await byRef('SR1');
    const history = await app.ok('risks:history', { id: sr1.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      entity: 'risk',
      label: 'SR1',
      action: 'import',
      by: 'Alice Example',
      at: sr1.createdAt,
      reason: 'Loaded from the LGA Strategic Risk Register summary, April 2019',
    });
    expect(history[0]?.newValue).toMatchObject({
      ref: 'SR1',
      current: { impact: 4, likelihood: 2 },
      owners: ['SP', 'VV'],
    });
    expect(verifyHistory(app.session.db)).toEqual({ ok: true, entries: 19 });
  });
});

describe('editing a risk', () => {
  it('changes the score, text and owners, keeps them after reopening, and records who, when, old, new and why', async () => {
    const sr15 = await byRef('SR15');
    expect(summariseRisk(sr15, LGA_KEY)).toMatchObject({ score: 3, band: 'Green' });

    app.setUser('Bob Builder');
    const scored = await app.ok('risks:update-score', {
      id: sr15.id,
      version: sr15.version,
      impact: 3,
      likelihood: 3,
      reason: 'Two senior staff gave notice',
    });
    expect(scored.version).toBe(sr15.version + 1);
    expect(summariseRisk(scored, LGA_KEY)).toMatchObject({
      impact: 3,
      likelihood: 3,
      score: 9,
      band: 'Yellow',
    });

    app.setUser('Carol Checker');
    const edited = await app.ok('risks:update', {
      id: sr15.id,
      version: scored.version,
      changes: {
        description: 'Loss of key staff reduces delivery.',
        mitigation: 'Succession planning; retention payments.',
        owners: ['CH', 'JG'],
      },
      reason: 'Board review',
    });
    expect(edited).toMatchObject({
      description: 'Loss of key staff reduces delivery.',
      mitigation: 'Succession planning; retention payments.',
      owners: ['CH', 'JG'],
      version: scored.version + 1,
    });

    const target = await app.ok('risks:update-score', {
      id: sr15.id,
      version: edited.version,
      which: 'target',
      impact: 2,
      likelihood: 1,
    });
    expect(target.target).toEqual({ impact: 2, likelihood: 1 });
    expect(target.impact).toBe(3);

    // Reopen the file in a fresh session: everything was written to disk.
    app.close();
    const again = makeApp();
    try {
      await again.ok('register:open', { path });
      const reread = await byRef('SR15', again);
      expect(summariseRisk(reread, LGA_KEY)).toMatchObject({
        score: 9,
        band: 'Yellow',
        owners: ['CH', 'JG'],
        description: 'Loss of key staff reduces delivery.',
        target: { score: 2, band: 'Green' },
      });
      const history = await again.ok('risks:history', { id: sr15.id });
      expect(history.map((h) => [h.action, h.field, h.oldValue, h.newValue, h.by, h.reason])).toEqual([
        ['import', null, null, expect.objectContaining({ ref: 'SR15' }), 'Alice Example', expect.any(String)],
        [
          'update',
          'current',
          { impact: 3, likelihood: 1 },
          { impact: 3, likelihood: 3 },
          'Bob Builder',
          'Two senior staff gave notice',
        ],
        [
          'update',
          'description',
          "Loss of key staff reduces the LGA's ability to delivery on the expectations of its membership.",
          'Loss of key staff reduces delivery.',
          'Carol Checker',
          'Board review',
        ],
        [
          'update',
          'mitigation',
          'Succession planning and staff appraisal and development',
          'Succession planning; retention payments.',
          'Carol Checker',
          'Board review',
        ],
        ['update', 'owners', ['CH'], ['CH', 'JG'], 'Carol Checker', 'Board review'],
        ['update', 'target', null, { impact: 2, likelihood: 1 }, 'Carol Checker', null],
      ]);
      const times = history.map((h) => h.at);
      expect([...times].sort()).toEqual(times);
      expect(new Set(times.slice(2, 5)).size).toBe(1); // one edit, one moment
      expect(times[1]).toBe(scored.updatedAt);
      expect((await again.ok('owners:list', {})).find((o) => o.initials === 'JG')?.riskCount).toBe(4);
      expect(verifyHistory(again.session.db)).toEqual({ ok: true, entries: 19 + 5 });
    } finally {
      again.close();
    }
  });

  it('creates a risk with a new category and owners, suggesting the next ref', async () => {
    const created = await app.ok('risks:create', {
      category: 'Climate',
      description: 'Flooding closes the head office.',
      impact: 4,
      likelihood: 4,
      owners: ['ZZ', 'SP'],
      reason: 'New risk from the climate audit',
    });
    expect(created).toMatchObject({ ref: 'SR20', category: 'Climate', owners: ['ZZ', 'SP'], version: 1 });
    expect(summariseRisk(created, LGA_KEY)).toMatchObject({ score: 16, band: 'Red' });
    expect((await app.ok('categories:list', {})).at(-1)?.name).toBe('Climate');
    expect((await app.ok('register:status', {}))?.riskCount).toBe(20);
  });

  it('makes no history entry for a change that changes nothing', async () => {
    const sr1 = await byRef('SR1');
    const before = counts();
    const same = await app.ok('risks:update-score', {
      id: sr1.id,
      version: sr1.version,
      impact: 4,
      likelihood: 2,
    });
    expect(same.version).toBe(sr1.version);
    expect(counts()).toEqual(before);
  });
});

describe('two people editing the same risk', () => {
  it('refuses the stale edit with CONFLICT, shows the fresh values, and overwrites nothing', async () => {
    const seenByBoth = await byRef('SR4');
    app.setUser('Alice Example');
    const alice = await app.ok('risks:update-score', {
      id: seenByBoth.id,
      version: seenByBoth.version,
      impact: 5,
      likelihood: 4,
      reason: 'Transition slipping',
    });
    const before = counts();

    app.setUser('Bob Builder');
    const error = await app.fail('risks:update-score', {
      id: seenByBoth.id,
      version: seenByBoth.version,
      impact: 2,
      likelihood: 2,
      reason: 'Looks fine to me',
    });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(
      /^SR4 was changed by Alice Example at \d\d:\d\d on \d\d\/\d\d\/\d{4} after you opened it\. The latest values are shown/,
    );
    expect(error.details).toEqual({ current: alice });
    expect(error.details).toMatchObject({
      current: { impact: 5, likelihood: 4, version: seenByBoth.version + 1 },
    });

    const textError = await app.fail('risks:update', {
      id: seenByBoth.id,
      version: seenByBoth.version,
      changes: { description: 'Overwritten by Bob', owners: ['BB'] },
    });
    expect(textError.code).toBe('CONFLICT');

    expect(await byRef('SR4')).toEqual(alice);
    expect(counts()).toEqual(before);
    expect((await app.ok('owners:list', {})).map((o) => o.initials)).not.toContain('BB');
  });

  it('lets the second person apply the change again on the fresh version', async () => {
    const sr4 = await byRef('SR4');
    const first = await app.ok('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      impact: 5,
      likelihood: 4,
    });
    const retry = await app.ok('risks:update-score', {
      id: sr4.id,
      version: first.version,
      impact: 2,
      likelihood: 2,
    });
    expect(summariseRisk(retry, LGA_KEY)).toMatchObject({ score: 4, band: 'Green' });
  });
});

describe('a write that fails', () => {
  it('risks:create with a ref already in use leaves no new category, owner, risk or history row', async () => {
    const before = counts();
    const error = await app.fail('risks:create', {
      ref: 'sr4',
      category: 'Climate',
      description: 'Flooding',
      impact: 3,
      likelihood: 3,
      owners: ['ZZ'],
    });
    expect(error.code).toBe('DUPLICATE');
    expect(error.message).toBe('The ref sr4 is already used by another risk. Choose another, such as SR20.');
    expect(counts()).toEqual(before);
  });

  it('renaming a risk to a ref in use changes nothing, even alongside other edits', async () => {
    const sr5 = await byRef('SR5');
    const before = counts();
    const error = await app.fail('risks:update', {
      id: sr5.id,
      version: sr5.version,
      changes: { category: 'Brand new category', description: 'Changed', ref: 'SR6', owners: ['NEW'] },
    });
    expect(error.code).toBe('DUPLICATE');
    expect(await byRef('SR5')).toEqual(sr5);
    expect(counts()).toEqual(before);
  });

  describe('when the history cannot be appended', () => {
    beforeEach(() => {
      app.session.db.exec(
        "CREATE TEMP TRIGGER fail_history BEFORE INSERT ON main.history BEGIN SELECT RAISE(ABORT, 'disk is full'); END",
      );
    });

    it('a new risk is not created, nor its category or owners', async () => {
      const before = counts();
      const error = await app.fail('risks:create', {
        category: 'Climate',
        description: 'Flooding',
        impact: 3,
        likelihood: 3,
        owners: ['ZZ', 'YY'],
      });
      expect(error).toEqual({
        code: 'INTERNAL',
        message: expect.stringMatching(/^Something went wrong inside Risk Register/),
      });
      expect(counts()).toEqual(before);
      expect((await app.ok('categories:list', {})).map((c) => c.name)).not.toContain('Climate');
    });

    it('a score change is rolled back', async () => {
      const sr4 = await byRef('SR4');
      const before = counts();
      const error = await app.fail('risks:update-score', {
        id: sr4.id,
        version: sr4.version,
        impact: 1,
        likelihood: 1,
      });
      expect(error.code).toBe('INTERNAL'); // the detail (disk is full) goes to the log, not the window
      expect(await byRef('SR4')).toEqual(sr4);
      expect(counts()).toEqual(before);
    });

    it('a text, category and owner change is rolled back', async () => {
      const sr4 = await byRef('SR4');
      const before = counts();
      const error = await app.fail('risks:update', {
        id: sr4.id,
        version: sr4.version,
        changes: { category: 'Climate', description: 'Changed', owners: ['ZZ', 'Cho'] },
      });
      expect(error.code).toBe('INTERNAL'); // the detail (disk is full) goes to the log, not the window
      expect(await byRef('SR4')).toEqual(sr4);
      expect(counts()).toEqual(before);
    });

    it('the register can be written again once the fault is gone', async () => {
      app.session.db.exec('DROP TRIGGER temp.fail_history');
      const sr4 = await byRef('SR4');
      const updated = await app.ok('risks:update-score', {
        id: sr4.id,
        version: sr4.version,
        impact: 1,
        likelihood: 1,
      });
      expect(updated.version).toBe(sr4.version + 1);
      expect(verifyHistory(app.session.db)).toEqual({ ok: true, entries: 20 });
    });
  });

  it('a host whose user lookup fails writes nothing', async () => {
    const broken = makeApp({
      user: () => {
        throw new Error('no user name');
      },
    });
    try {
      app.close();
      await broken.ok('register:open', { path });
      const before = counts(broken);
      const sr4 = await byRef('SR4', broken);
      const error = await broken.fail('risks:update-score', {
        id: sr4.id,
        version: sr4.version,
        impact: 1,
        likelihood: 1,
      });
      expect(error.code).toBe('INTERNAL'); // the detail (no user name) goes to the log, not the window
      expect(await byRef('SR4', broken)).toEqual(sr4);
      expect(counts(broken)).toEqual(before);
    } finally {
      broken.close();
    }
  });
});

describe('without an open register', () => {
  it('says so and tells the user what to do', async () => {
    const fresh = makeApp();
    try {
      expect(await fresh.ok('register:status', {})).toBeNull();
      expect(await fresh.fail('risks:list', {})).toEqual({
        code: 'NO_REGISTER',
        message: 'No register is open. Open a register file or create a new one.',
      });
    } finally {
      fresh.close();
    }
  });
});
