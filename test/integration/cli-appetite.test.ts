/** The appetite commands' exact forms (issue 13), run as a user would: a separate Node process on a real file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempDir } from './helpers.ts';
import { fingerprint, makeTempDir } from './helpers.ts';
import type { CliRun } from './cli-run.ts';
import { LIST_JSON_KEYS, runCli } from './cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args);

interface Row {
  ref: string;
  category: string;
  score: number;
  appetite: { level: string; status: string } | null;
}

let tmp: TempDir;
let db: string;

beforeAll(() => {
  tmp = makeTempDir('rr-cli-appetite-');
  db = tmp.file('lga.riskreg');
  expect(cli('init', '--db', db, '--sample').code).toBe(0);
}, 120_000);
afterAll(() => tmp.cleanup());

// Each command is a fresh Node process; on a loaded 2-core machine one can take several seconds.
describe('risk-register appetite', { timeout: 240_000 }, () => {
  it('list --json has appetite null for every risk while no level is set, and keeps every other field', () => {
    const r = cli('list', '--db', db, '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as (Row & Record<string, unknown>)[];
    expect(rows).toHaveLength(19);
    expect(Object.keys(rows[0] ?? {})).toEqual([...LIST_JSON_KEYS]);
    expect(rows.every((x) => x.appetite === null)).toBe(true);
  });

  it('appetite set CATEGORY --level cautious --db F --reason TEXT sets the level; list --json gives each status', () => {
    const set = cli(
      'appetite',
      'set',
      'Reputation',
      '--level',
      'cautious',
      '--db',
      db,
      '--reason',
      'Board 12/03/2026',
    );
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('Reputation appetite is now Cautious: appetite up to 8, tolerance up to 12.\n');
    const rows = JSON.parse(cli('list', '--db', db, '--json').stdout) as Row[];
    for (const r of rows) {
      if (r.category !== 'Reputation') {
        expect(r.appetite).toBeNull();
        continue;
      }
      const status = r.score <= 8 ? 'within' : r.score <= 12 ? 'tolerance' : 'outside';
      expect(r.appetite).toEqual({ level: 'cautious', status });
    }
    // The sample's Reputation risks score 15, 9 and 8: all three statuses appear.
    const statuses = new Set(rows.filter((r) => r.appetite).map((r) => r.appetite?.status));
    expect([...statuses].sort()).toEqual(['outside', 'tolerance', 'within']);
  });

  it('appetite --db F --json lists categories with level, thresholds and statement', () => {
    expect(
      cli(
        'appetite',
        'statement',
        'Reputation',
        '--text',
        'Cautious about reputation.',
        '--approved',
        '2026-03-12',
        '--db',
        db,
      ).stdout,
    ).toBe('Reputation appetite statement saved, approved 12/03/2026.\n');
    const r = cli('appetite', '--db', db, '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.find((c) => c.category === 'Reputation')).toEqual({
      category: 'Reputation',
      level: 'cautious',
      appetite: 8,
      tolerance: 12,
      statement: 'Cautious about reputation.',
      approved: '2026-03-12',
    });
    expect(list.find((c) => c.category === 'Membership')).toMatchObject({ level: null, appetite: null });
    expect(cli('appetite', '--db', db).stdout).toContain(
      'Reputation: Cautious: appetite up to 8, tolerance up to 12\n    "Cautious about reputation." (approved 12/03/2026)',
    );
  });

  it('every level of the exact form is accepted, and gives the issue’s default thresholds', () => {
    const expected: Record<string, [number, number]> = {
      averse: [3, 5],
      minimal: [5, 8],
      cautious: [8, 12],
      open: [12, 16],
      eager: [16, 20],
    };
    for (const [level, [a, t]] of Object.entries(expected)) {
      const r = cli('appetite', 'set', 'Membership', '--level', level, '--db', db);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`appetite up to ${a}, tolerance up to ${t}.`);
    }
  });

  it('refuses a bad level, an unknown category or an override without a reason, leaving the file as it was', () => {
    const before = fingerprint(db).sha256;
    const bad = cli('appetite', 'set', 'Reputation', '--level', 'bold', '--db', db);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(
      '"bold" is not an appetite level: use averse, minimal, cautious, open or eager',
    );
    const unknown = cli('appetite', 'set', 'Nope', '--level', 'open', '--db', db);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('There is no category "Nope"');
    const missing = cli('appetite', 'set', 'Reputation', '--db', db);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--level');
    const noReason = cli('appetite', 'override', 'SR5', '--level', 'eager', '--db', db);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toContain('Give a reason');
    expect(fingerprint(db).sha256).toBe(before);
  });

  it('appetite override REF gives one risk its own level; list --json follows it; the audit chain holds', () => {
    const r = cli(
      'appetite',
      'override',
      'SR5',
      '--level',
      'eager',
      '--reason',
      'Statutory duty',
      '--db',
      db,
    );
    expect(r.code).toBe(0);
    const sr5 = (JSON.parse(cli('list', '--db', db, '--json').stdout) as Row[]).find((x) => x.ref === 'SR5');
    expect(sr5?.appetite).toEqual({ level: 'eager', status: 'within' });
    expect(cli('appetite', 'override', 'SR5', '--level', 'category', '--db', db).code).toBe(0);
    const again = (JSON.parse(cli('list', '--db', db, '--json').stdout) as Row[]).find(
      (x) => x.ref === 'SR5',
    );
    expect(again?.appetite).toEqual({ level: 'cautious', status: 'outside' });
    const verify = cli('audit', 'verify', '--db', db);
    expect(verify.code).toBe(0);
  });
});
