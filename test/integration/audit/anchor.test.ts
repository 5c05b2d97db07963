/**
 * Attacks on the audit trail by someone with the file and any SQLite tool, and what catches each:
 * an anchor kept outside the file (`audit head` → `audit verify --anchor`), and the risk rows replayed against
 * their history. Real register files, the real CLI in its own process.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH } from '../../../db/history.ts';
import type { HistoryRow } from '../../../db/history.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';
import type { CliRun } from '../cli-run.ts';
import { runCli } from '../cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args, { timeout: 30_000 });

let tmp: TempDir;
let app: App;
let path: string;

/** The LGA sample (19 import entries) and a few edits, then closed. */
beforeEach(async () => {
  tmp = makeTempDir('rr-anchor-');
  app = makeApp();
  path = tmp.file('anchor.riskreg');
  await app.ok('register:create', { path, sample: true });
  const sr4 = (await app.ok('risks:list', {})).find((r) => r.ref === 'SR4');
  if (!sr4) throw new Error('SR4 missing');
  const v2 = await app.ok('risks:update-score', {
    id: sr4.id,
    version: 1,
    impact: 5,
    likelihood: 4,
    reason: 'Slipping',
  });
  await app.ok('risks:update', { id: sr4.id, version: v2.version, changes: { mitigation: 'Weekly checks' } });
  app.close();
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

/** Open the file as an attacker would: the guards dropped, then any SQL. */
function tamper(fn: (db: Database.Database) => void): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER IF EXISTS history_no_update; DROP TRIGGER IF EXISTS history_no_delete;');
  fn(raw);
  raw.close();
}

/** Recompute every hash from `from` on, so the chain is self-consistent again (what a careful forger does). */
function rechain(db: Database.Database): void {
  let prev = GENESIS_HASH;
  const rows = db.prepare('SELECT * FROM history ORDER BY seq').all() as HistoryRow[];
  const fix = db.prepare('UPDATE history SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of rows) {
    const hash = entryHash(prev, r);
    fix.run(prev, hash, r.seq);
    prev = hash;
  }
}

function head(): string {
  const r = cli('audit', 'head', '--db', path);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^\d+:[0-9a-f]{64}\n$/);
  return r.stdout.trim();
}

function verify(anchor?: string) {
  return anchor === undefined
    ? cli('audit', 'verify', '--db', path)
    : cli('audit', 'verify', '--db', path, '--anchor', anchor);
}

/** The same check in-process (the CLI's own behaviour is covered by the failing cases): fewer process spawns. */
async function check(anchor?: string): Promise<{ ok: boolean; message: string }> {
  app.session.open(path);
  try {
    return await app.ok('audit:verify', anchor === undefined ? {} : { anchor });
  } finally {
    app.close();
  }
}

async function headInProcess(): Promise<string> {
  app.session.open(path);
  try {
    return (await app.ok('audit:head', {})).head;
  } finally {
    app.close();
  }
}

function expectFails(r: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('audit head and audit verify --anchor', { timeout: 180_000 }, () => {
  it('head prints SEQ:HASH of the last entry; verify with it passes, and still passes after more work', async () => {
    const anchor = head();
    expect(anchor.startsWith('21:')).toBe(true);
    const ok = verify(anchor);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('History intact: 21 entries, anchored at entry 21.\n');
    app.session.open(path);
    const sr5 = (await app.ok('risks:list', {})).find((r) => r.ref === 'SR5');
    await app.ok('risks:update-score', {
      id: sr5?.id ?? '',
      version: sr5?.version ?? 0,
      impact: 2,
      likelihood: 2,
    });
    app.close();
    expect(await check(anchor)).toMatchObject({ ok: true });
    expect((await headInProcess()).startsWith('22:')).toBe(true);
  });

  it('refuses a malformed anchor with one clear line', () => {
    expectFails(verify('21:nothex'), /anchor must be written SEQ:HASH/);
  });

  it('catches a history rewritten and re-chained (which passes without the anchor)', async () => {
    const anchor = await headInProcess();
    tamper((db) => {
      db.prepare("UPDATE history SET reason = 'Routine review', by = 'Someone else' WHERE seq = 20").run();
      rechain(db);
    });
    expect((await check()).ok).toBe(true); // the chain alone cannot tell
    expectFails(verify(anchor), /^History broken at entry 21: entry 21 no longer has the anchored hash/);
  });

  it('catches a wiped register (history, sequence and risks gone: intact without the anchor)', async () => {
    const anchor = await headInProcess();
    tamper((db) => {
      db.exec("DELETE FROM history; DELETE FROM sqlite_sequence WHERE name = 'history';");
      db.exec('DELETE FROM risk_owners; DELETE FROM actions; DELETE FROM reviews; DELETE FROM risks;');
    });
    expect((await check()).message).toBe('History intact: 0 entries.');
    expectFails(verify(anchor), /the anchored entry 21 no longer exists \(the history has 0 entries\)/);
  });

  it('catches a tail cut off with the sequence reset (intact without the anchor)', async () => {
    // A register-level entry (a backup) after the older anchor: the forger wants it gone.
    const anchorBefore = await headInProcess();
    app.session.open(path);
    await app.ok('register:backup', { path: tmp.file('b1.riskreg') });
    app.close();
    const anchor = await headInProcess();
    tamper((db) => {
      db.exec(
        "DELETE FROM history WHERE seq >= 22; UPDATE sqlite_sequence SET seq = 21 WHERE name = 'history';",
      );
    });
    expect((await check()).ok).toBe(true);
    expect((await check(anchorBefore)).ok).toBe(true);
    expectFails(verify(anchor), /the anchored entry 22 no longer exists \(the history has 21 entries\)/);
  });
});

describe('risk rows checked against their history', { timeout: 180_000 }, () => {
  const attacks: [string, string, RegExp][] = [
    [
      'a score edited in the file',
      "UPDATE risks SET impact = 1 WHERE ref = 'SR4'",
      /risk SR4 does not match its history: its current score is impact 1, likelihood 4 but entry 20 recorded impact 5, likelihood 4/,
    ],
    [
      'a target score edited',
      "UPDATE risks SET target_impact = 1, target_likelihood = 1 WHERE ref = 'SR7'",
      /risk SR7 does not match its history: its target/,
    ],
    [
      'a description edited',
      "UPDATE risks SET description = 'Nothing to see' WHERE ref = 'SR2'",
      /risk SR2 .* description/,
    ],
    [
      'a mitigation edited',
      "UPDATE risks SET mitigation = '' WHERE ref = 'SR4'",
      /risk SR4 .* mitigation .* entry 21/,
    ],
    ['a ref edited', "UPDATE risks SET ref = 'SR99' WHERE ref = 'SR3'", /risk SR99 .* ref is "SR99"/],
    [
      'a risk archived in the file',
      "UPDATE risks SET archived_at = '2026-01-01T00:00:00Z' WHERE ref = 'SR5'",
      /risk SR5 .* archived/,
    ],
    [
      'an owner removed',
      "DELETE FROM risk_owners WHERE risk_id = (SELECT id FROM risks WHERE ref = 'SR6')",
      /risk SR6 .* owners/,
    ],
    [
      'a category switched',
      "UPDATE risks SET category_id = (SELECT id FROM categories WHERE id <> risks.category_id LIMIT 1) WHERE ref = 'SR8'",
      /risk SR8 .* category/,
    ],
    [
      'a risk deleted',
      "DELETE FROM risk_owners WHERE risk_id = (SELECT id FROM risks WHERE ref = 'SR9'); DELETE FROM actions WHERE risk_id = (SELECT id FROM risks WHERE ref = 'SR9'); DELETE FROM reviews WHERE risk_id = (SELECT id FROM risks WHERE ref = 'SR9'); DELETE FROM risks WHERE ref = 'SR9'",
      /risk SR9 is missing from the register, but its history .* never recorded its deletion/,
    ],
    [
      'a risk inserted',
      "INSERT INTO risks (id, ref, category_id, description, impact, likelihood, mitigation, position, created_at, updated_at) SELECT 'forged', 'SR100', category_id, 'Forged', 1, 1, '', 999, created_at, updated_at FROM risks LIMIT 1",
      /risk SR100 is in the register without a history/,
    ],
  ];
  it('audit verify exits non-zero with one line for a row edited in the file', () => {
    tamper((db) => db.exec("UPDATE risks SET likelihood = 1 WHERE ref = 'SR4'"));
    expectFails(verify(), /^History broken at entry 20: risk SR4 does not match its history/);
  });

  for (const [what, sql, message] of attacks) {
    it(`catches ${what}`, async () => {
      tamper((db) => db.exec(sql));
      app.session.open(path);
      const check = await app.ok('audit:verify', {});
      expect(check.ok).toBe(false);
      expect(check.message).toMatch(message);
    });
  }

  it('every change made through the app keeps the rows and history in step', async () => {
    app.session.open(path);
    const byRef = async (ref: string) => {
      const r = (await app.ok('risks:list', { includeArchived: true })).find((x) => x.ref === ref);
      if (!r) throw new Error(`${ref} missing`);
      return r;
    };
    const categories = await app.ok('categories:list', {});
    const owners = await app.ok('owners:list', {});
    const [c0, c1] = categories;
    const [o0, o1, o2] = owners;
    if (!c0 || !c1 || !o0 || !o1 || !o2) throw new Error('sample too small');
    await app.ok('categories:rename', { id: c0.id, version: c0.version, name: `${c0.name} (renamed)` });
    await app.ok('categories:merge', { fromId: c1.id, intoId: c0.id });
    await app.ok('owners:update', { id: o0.id, version: o0.version, changes: { initials: 'ZZ9' } });
    await app.ok('owners:merge', { fromId: o1.id, intoId: o2.id });
    const sr10 = await app.ok('risks:archive', {
      id: (await byRef('SR10')).id,
      version: (await byRef('SR10')).version,
    });
    await app.ok('risks:delete', { id: sr10.id, version: sr10.version });
    const sr11 = await app.ok('risks:archive', {
      id: (await byRef('SR11')).id,
      version: (await byRef('SR11')).version,
    });
    await app.ok('risks:restore', { id: sr11.id, version: sr11.version });
    await app.ok('risks:create', {
      category: 'Climate',
      description: 'Flooding',
      impact: 3,
      likelihood: 3,
      owners: ['NEW'],
    });
    const sr12 = await byRef('SR12');
    await app.ok('risks:update-score', {
      id: sr12.id,
      version: sr12.version,
      which: 'target',
      impact: 1,
      likelihood: 2,
    } as never);
    const intact = await app.ok('audit:verify', {});
    expect(intact.message).toMatch(/^History intact/);
    app.close();
    expect(await check(await headInProcess())).toMatchObject({ ok: true });
  });
});
