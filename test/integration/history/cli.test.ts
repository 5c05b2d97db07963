import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/domain.ts';
import { addMonths, formatDate, isoDay } from '../../../shared/travel.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { CliRun } from '../cli-run.ts';
import { runCli } from '../cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args, { timeout: 30_000 });

let tmp: TempDir;
let db: string;
beforeAll(() => {
  tmp = makeTempDir('rr-history-cli-');
  db = tmp.file('lga.riskreg');
  expect(cli('init', '--db', db, '--sample').code).toBe(0);
  expect(
    cli('set-score', 'SR4', '--impact', '5', '--likelihood', '4', '--reason', 'Slipping', '--db', db).code,
  ).toBe(0);
}, 120_000); // two CLI processes: seconds each on a loaded 2-core machine
afterAll(() => tmp.cleanup());

describe('risk-register history, snapshot, reviews and audit', { timeout: 60_000 }, () => {
  it('history REF --json prints the risk’s timeline', () => {
    const r = cli('history', 'sr4', '--db', db, '--json', '--by', 'ignored');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as HistoryEntry[];
    expect(entries.map((e) => [e.label, e.action, e.field, e.newValue, e.reason])).toEqual([
      [
        'SR4',
        'import',
        null,
        expect.objectContaining({ current: { impact: 5, likelihood: 3 } }),
        'Loaded from the LGA Strategic Risk Register summary, April 2019',
      ],
      ['SR4', 'update', 'current', { impact: 5, likelihood: 4 }, 'Slipping'],
    ]);
  });

  it('history REF in words, and an unknown ref is refused', () => {
    const r = cli('history', 'SR4', '--db', db);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SR4: The LGA fails to deliver effectively/);
    expect(lines[1]).toMatch(
      /^\d\d\/\d\d\/\d{4} \d\d:\d\d {2}\S+ {2}imported at 5 × 3 = 15 Amber {2}\(Loaded from/,
    );
    expect(lines[2]).toMatch(/ {2}current: 5 × 3 = 15 Amber → 5 × 4 = 20 Red {2}\(Slipping\)$/);
    const missing = cli('history', 'SR99', '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`risk-register: There is no risk SR99 in ${db}.\n`);
  });

  it('snapshot NAME takes a snapshot; --compare shows what moved since', () => {
    const taken = cli('snapshot', 'Q4 2018/19', '--db', db, '--by', 'Risk Manager');
    expect(taken).toEqual({ code: 0, stdout: 'Took snapshot "Q4 2018/19" of 19 risks.\n', stderr: '' });
    const again = cli('snapshot', 'Q4 2018/19', '--db', db);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/There is already a snapshot called "Q4 2018\/19"/);
    expect(cli('set-score', 'SR15', '--impact', '3', '--likelihood', '3', '--db', db).code).toBe(0);
    const c = cli('snapshot', '--compare', 'q4 2018/19', '--db', db);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('From "Q4 2018/19" to now:\n');
    expect(c.stdout).toContain('Band up: 1\n  SR15  ↑ up from 3 Green to 9 Yellow\n');
    expect(c.stdout).toContain('New risks: 0\n');
    const list = cli('snapshot', '--list', '--db', db);
    expect(list.stdout).toMatch(/^\d\d\/\d\d\/\d{4} {2}Q4 2018\/19 {2}\(19 risks, by Risk Manager\)\n$/);
  });

  it('reviews lists due and overdue; review REF records one and moves the date on', () => {
    const today = isoDay(new Date());
    const none = cli('reviews', '--db', db, '--json');
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toMatchObject({ asOf: today, counts: { overdue: 0 } });
    const later = cli('reviews', '--db', db, '--as-of', addMonths(today, 4));
    expect(later.stdout.split('\n')[0]).toMatch(/: 19 overdue, 0 due by /);
    expect(later.stdout).toContain('\nOverdue:\n  SR1    due ');

    const r = cli('review', 'SR4', '--note', 'Looked at it', '--db', db);
    expect(r).toEqual({
      code: 0,
      stdout: `Reviewed SR4: still 20 Red. Next review ${formatDate(addMonths(today, 3))}.\n`,
      stderr: '',
    });
    const last = (JSON.parse(cli('history', 'SR4', '--db', db, '--json').stdout) as HistoryEntry[]).at(-1);
    expect(last).toMatchObject({
      action: 'review',
      reason: 'Looked at it',
      newValue: { scoreChanged: false },
    });
    const bad = cli('review', 'SR4', '--impact', '4', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/give both impact and likelihood/);
  });

  it('audit export writes the file and records it', () => {
    // SR4 so far: imported, re-scored, reviewed.
    const out = tmp.file('audit.csv');
    const r = cli('audit', 'export', out, '--db', db, '--ref', 'SR4');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Exported 3 history entries to ${out}.\n`);
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toBe(
      '\uFEFFEntry,Date,Time,By,Item,Type,Action,Field,Old value,New value,Reason,Hash',
    );
    const list = JSON.parse(cli('audit', 'list', '--db', db, '--json', '--limit', '1').stdout) as {
      entries: HistoryEntry[];
    };
    expect(list.entries[0]).toMatchObject({ action: 'export', newValue: { format: 'csv', rows: 3 } });
  });

  it('audit verify: exit 0 when intact, non-zero and the first broken entry when not', () => {
    const ok = cli('audit', 'verify', '--db', db);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^History intact: \d+ entries\.\n$/);
    const n = Number(/(\d+) entries/.exec(ok.stdout)?.[1]);

    const raw = new Database(db);
    raw.exec('DROP TRIGGER history_no_update');
    raw.prepare('UPDATE history SET new_value = \'{"impact":1,"likelihood":1}\' WHERE seq = 20').run();
    raw.close();
    const broken = cli('audit', 'verify', '--db', db);
    expect(broken).toEqual({
      code: 1,
      stdout: '',
      stderr: `History broken at entry 20: entry 20 was altered. Checked 20 entries.\n`,
    });
    expect(n).toBeGreaterThan(20);
  });

  it('audit with no sub-command explains itself', () => {
    const r = cli('audit', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'risk-register: audit needs verify, head, list or export. See risk-register --help.\n',
    );
  });
});
