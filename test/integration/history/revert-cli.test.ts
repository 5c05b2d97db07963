/**
 * `risk-register history revert SEQ` as a user runs it: a separate Node process on a real register file. It says
 * what changed back and records the undo; a change touched since is refused with exit code 1 and the message, the
 * file left exactly as it was; a wrong number is a usage error (exit 2).
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/domain.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { CliRun } from '../cli-run.ts';
import { runCli } from '../cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args, { timeout: 30_000 });

let tmp: TempDir;
let db: string;
beforeAll(() => {
  tmp = makeTempDir('rr-revert-cli-');
  db = tmp.file('lga.riskreg');
  expect(cli('init', '--db', db, '--sample').code).toBe(0);
}, 120_000); // CLI processes: seconds each on a loaded 2-core machine
afterAll(() => tmp.cleanup());

const rows = () => {
  const d = new Database(db, { readonly: true });
  try {
    return {
      history: d.prepare('SELECT * FROM history ORDER BY seq').all(),
      risks: d.prepare('SELECT * FROM risks ORDER BY id').all(),
    };
  } finally {
    d.close();
  }
};

const timeline = () => JSON.parse(cli('history', 'SR4', '--db', db, '--json').stdout) as HistoryEntry[];

describe('risk-register history revert', { timeout: 300_000 }, () => {
  it('undoes a change, says what went back, and refuses one touched since', () => {
    expect(cli('set-score', 'SR4', '--impact', '5', '--likelihood', '4', '--db', db).code).toBe(0);
    expect(cli('set-score', 'SR4', '--impact', '4', '--likelihood', '4', '--db', db).code).toBe(0);
    const [first, second] = timeline().filter((e) => e.field === 'current');
    if (!first || !second) throw new Error('scores not recorded');

    // The first score change was touched by the second: refused with the message, exit 1, nothing changed.
    const before = rows();
    const refused = cli('history', 'revert', String(first.seq), '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      new RegExp(
        `^risk-register: Change #${first.seq} cannot be undone: the current score of SR4 is now impact 4 × likelihood 4, changed by .+ \\(change #${second.seq}\\), not impact 5 × likelihood 4\\. Undo the later change first, or edit the value directly\\.\\n$`,
      ),
    );
    expect(rows()).toEqual(before);

    // The second: undone, in words, recorded as a new change.
    const done = cli('history', 'revert', String(second.seq), '--db', db);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    const recorded = second.seq + 1;
    expect(done.stdout).toBe(
      `Change #${second.seq} undone. The current score of SR4 went back from impact 4 × likelihood 4 to impact 5 × likelihood 4. Recorded as change #${recorded} ("Undo of change #${second.seq}").\n`,
    );
    const last = timeline().at(-1);
    expect(last).toMatchObject({
      seq: recorded,
      field: 'current',
      newValue: { impact: 5, likelihood: 4 },
      reason: `Undo of change #${second.seq}`,
    });

    // Now the first goes through too (#NN is accepted), and --json says what was undone and recorded.
    const json = cli('history', 'revert', `#${first.seq}`, '--db', db, '--json');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { undone: HistoryEntry; recorded: HistoryEntry };
    expect(out.undone.seq).toBe(first.seq);
    expect(out.recorded).toMatchObject({
      newValue: { impact: 5, likelihood: 3 },
      reason: `Undo of change #${first.seq}`,
    });
  });

  it('refuses an unknown change number and a wrong one, the file untouched', () => {
    const before = rows();
    const unknown = cli('history', 'revert', '99999', '--db', db);
    expect(unknown).toEqual({
      code: 1,
      stdout: '',
      stderr: "risk-register: There is no change #99999 in this register's history.\n",
    });
    const wrong = cli('history', 'revert', 'SR4', '--db', db);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"SR4" is not the number of a change: give a whole number such as 12');
    const missing = cli('history', 'revert', '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('history revert needs the number of a change, such as 12');
    expect(rows()).toEqual(before);
  });

  it('undoes switching an escalation rule off: the rule is on again in the file', () => {
    const rule = {
      label: 'Red now',
      when: { metric: 'current-score', op: '>=', value: 15 },
      then: 'escalate',
      to: 'Leadership board',
    };
    const file = tmp.file('rules.json');
    writeFileSync(file, JSON.stringify([rule]));
    expect(cli('escalation', 'set', file, '--db', db).code).toBe(0);
    writeFileSync(file, JSON.stringify([{ ...rule, disabled: true }]));
    expect(cli('escalation', 'set', file, '--db', db).code).toBe(0);
    const off = () => {
      const d = new Database(db, { readonly: true });
      try {
        return d.prepare('SELECT label, disabled_at FROM escalation_rules').all() as {
          label: string;
          disabled_at: string | null;
        }[];
      } finally {
        d.close();
      }
    };
    expect(off()[0]?.disabled_at).not.toBeNull();
    const d = new Database(db, { readonly: true });
    const seq = d
      .prepare("SELECT MAX(seq) FROM history WHERE field = 'escalationRules'")
      .pluck()
      .get() as number;
    d.close();
    const done = cli('history', 'revert', String(seq), '--db', db);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('The escalation rule “Red now” was switched on again.');
    expect(off()).toEqual([{ label: 'Red now', disabled_at: null }]);
  });
});
