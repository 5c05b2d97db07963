/**
 * Scoring criteria on real register files: the default seeded by migration 0140 (new files and files migrated
 * from version 90), edits through the handler table recorded in history (audit verify still passes), bad input
 * refused with a sentence and the file left byte for byte as it was; and the CLI as a user runs it.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID } from '../../db/connection.ts';
import { migrate } from '../../db/migrations/index.ts';
import { DEFAULT_CRITERIA } from '../../shared/criteria.ts';
import type { App, TempDir } from './helpers.ts';
import { fingerprint, makeApp, makeTempDir } from './helpers.ts';
import type { CliRun } from './cli-run.ts';
import { runCli } from './cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args, { timeout: 30_000 });

let tmp: TempDir;
let app: App;
beforeEach(async () => {
  tmp = makeTempDir('rr-criteria-');
  app = makeApp();
  await app.ok('register:create', { path: tmp.file('r.riskreg') });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

describe('scoring criteria', () => {
  it('a new register holds the UK local government default', async () => {
    const c = await app.ok('criteria:get', {});
    expect(c).toEqual(DEFAULT_CRITERIA);
    expect(c.finance[1]).toMatch(/^Under £50k/);
    expect(c.finance[5]).toMatch(/^Over £5m/);
    expect(c.probability[1]).toMatch(/^Rare: under 5 %/);
    expect(c.timeframe[1]).toMatch(/10 years/);
  });

  it('a register from before migration 140 gets the default when it is migrated', () => {
    const path = tmp.file('old.riskreg');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db, 90);
    expect(db.pragma('user_version', { simple: true })).toBe(90);
    migrate(db);
    const rows = db.prepare('SELECT area, level, text FROM scoring_criteria ORDER BY area, level').all() as {
      area: string;
      level: 1;
      text: string;
    }[];
    db.close();
    expect(rows).toHaveLength(35);
    for (const r of rows) expect(r.text).toBe(DEFAULT_CRITERIA[r.area as 'finance'][r.level]);
  });

  it('changes are saved, recorded in history one descriptor at a time, and the chain still verifies', async () => {
    const saved = await app.ok('criteria:set', {
      changes: [
        { area: 'finance', level: 4, text: '  £2m to £8m  ' },
        { area: 'probability', level: 3, text: 'Possible: 25 % to 50 %' },
        { area: 'legal', level: 1, text: DEFAULT_CRITERIA.legal[1] }, // unchanged: not recorded
      ],
      reason: 'Budget set for 2026/27',
    });
    expect(saved.finance[4]).toBe('£2m to £8m');
    expect(saved.probability[3]).toBe('Possible: 25 % to 50 %');
    expect(await app.ok('criteria:get', {})).toEqual(saved);

    const audit = await app.ok('audit:list', {});
    const rows = audit.entries.filter((e) => e.entityId === 'scoring-criteria');
    expect(rows.map((r) => [r.field, r.oldValue, r.newValue, r.reason, r.by])).toEqual(
      expect.arrayContaining([
        [
          'criteria.finance.4',
          DEFAULT_CRITERIA.finance[4],
          '£2m to £8m',
          'Budget set for 2026/27',
          'Alice Example',
        ],
        [
          'criteria.probability.3',
          DEFAULT_CRITERIA.probability[3],
          'Possible: 25 % to 50 %',
          'Budget set for 2026/27',
          'Alice Example',
        ],
      ]),
    );
    expect(rows).toHaveLength(2);
    const check = await app.ok('audit:verify', {});
    expect(check.ok).toBe(true);
  });

  it('a changed criterion does not make windows read every risk again', async () => {
    const before = await app.ok('risks:list-with-revision', {});
    await app.ok('criteria:set', { changes: [{ area: 'people', level: 5, text: 'A death' }] });
    const changes = await app.ok('risks:changes', { sinceRevision: before.revision });
    expect(changes.full).toBe(false);
    expect(changes.revision).toBeGreaterThan(before.revision);
  });

  it.each([
    [{ changes: [{ area: 'money', level: 1, text: 'x' }] }, /area must be one of finance, service/],
    [{ changes: [{ area: 'finance', level: 6, text: 'x' }] }, /level must be a whole number from 1 to 5/],
    [{ changes: [{ area: 'finance', level: 2, text: '   ' }] }, /descriptor is empty/],
    [{ changes: [{ area: 'finance', level: 2, text: 'a\nb' }] }, /one line/],
    [{ changes: [{ area: 'finance', level: 2, text: 'x'.repeat(301) }] }, /too long: at most 300/],
    [{ changes: [] }, /at least one descriptor/],
    [
      {
        changes: [
          { area: 'finance', level: 2, text: 'a' },
          { area: 'finance', level: 2, text: 'b' },
        ],
      },
      /Finance level 2 is given twice/,
    ],
    // One good change beside a bad one: nothing is saved.
    [
      {
        changes: [
          { area: 'finance', level: 2, text: 'Fine' },
          { area: 'service', level: 0, text: 'x' },
        ],
      },
      /level must be a whole number/,
    ],
  ])('refuses %j with a sentence and leaves the register as it was', async (input, message) => {
    const path = tmp.file('r.riskreg');
    const before = await app.ok('criteria:get', {});
    const head = await app.ok('audit:head', {});
    const print = fingerprint(path);
    const err = await app.fail('criteria:set', input as never);
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(message);
    expect(await app.ok('criteria:get', {})).toEqual(before);
    expect(await app.ok('audit:head', {})).toEqual(head);
    expect(fingerprint(path)).toEqual(print);
  });
});

describe('risk-register criteria', () => {
  it('prints, sets one descriptor and refuses bad input without writing', () => {
    const db = tmp.file('cli.riskreg');
    expect(cli('init', '--db', db, '--sample').code).toBe(0);

    const text = cli('criteria', '--db', db);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Impact');
    expect(text.stdout).toContain('4 Major');
    expect(text.stdout).toContain(`Finance:               ${DEFAULT_CRITERIA.finance[4]}`);
    expect(text.stdout).toContain(`Time frame:            ${DEFAULT_CRITERIA.timeframe[1]}`);

    const set = cli(
      'criteria',
      'set',
      '--area',
      'finance',
      '--level',
      '4',
      '--text',
      '£2m to £8m',
      '--db',
      db,
    );
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout.trim()).toBe('Finance level 4 is now: £2m to £8m');

    const json = cli('criteria', '--db', db, '--json');
    const parsed = JSON.parse(json.stdout) as typeof DEFAULT_CRITERIA;
    expect(parsed.finance[4]).toBe('£2m to £8m');
    expect(parsed.service).toEqual(DEFAULT_CRITERIA.service);

    const print = fingerprint(db);
    const bad = cli('criteria', 'set', '--area', 'money', '--level', '4', '--text', 'x', '--db', db);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/area must be one of finance/);
    const noText = cli('criteria', 'set', '--area', 'finance', '--level', '4', '--db', db);
    expect(noText.code).toBe(2);
    expect(noText.stderr).toMatch(/--text is required/);
    expect(fingerprint(db)).toEqual(print);
  }, 180_000);
});
