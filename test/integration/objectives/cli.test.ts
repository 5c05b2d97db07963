/** `risk-register objectives …`, `escalation …` and `escalations` as a user runs them: separate Node processes. */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { CliRun } from '../cli-run.ts';
import { runCli } from '../cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args, { timeout: 30_000 });

let tmp: TempDir;
let db: string;
beforeAll(() => {
  tmp = makeTempDir('rr-objectives-cli-');
  db = tmp.file('lga.riskreg');
  expect(cli('init', '--db', db, '--sample').code).toBe(0);
  // A spawned Node process: on a loaded 2-core machine this takes more than the default 10 s hook time.
}, 60_000);
afterAll(() => tmp.cleanup());

describe('risk-register objectives', () => {
  it('imports, links and lists objectives with their exposure as JSON', () => {
    const csv = tmp.file('plan.csv');
    writeFileSync(
      csv,
      'ref,title,lead,status\nF1,Local authorities receive adequate funding,CEx,Amber\nF2,Improvement,DS,Green\n',
    );
    const imp = cli('objectives', 'import', csv, '--db', db);
    expect(imp.stderr).toBe('');
    expect(imp.stdout).toContain('2 added');
    for (const ref of ['SR1', 'SR4']) expect(cli('objectives', 'link', ref, 'F1', '--db', db).code).toBe(0);
    const list = cli('objectives', '--db', db, '--json');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as {
      ref: string;
      title: string;
      status: string;
      risks: string[];
      exposure: { highest: number | null; outsideTolerance: number };
    }[];
    expect(
      rows.map((r) => [r.ref, r.status, r.risks, r.exposure.highest, r.exposure.outsideTolerance]),
    ).toEqual([
      ['F1', 'amber', ['SR1', 'SR4'], 15, 0],
      ['F2', 'green', [], null, 0],
    ]);
    const unlink = cli('objectives', 'link', 'SR1', 'F1', '--unlink', '--db', db);
    expect(unlink.stdout).toContain('Unlinked SR1 from F1. F1 now has SR4.');
  });

  it('refuses a bad file and an unknown objective with a message and exit 1', () => {
    const bad = tmp.file('bad.csv');
    writeFileSync(bad, 'ref,title,status\nF9,,Green\n');
    const r = cli('objectives', 'import', bad, '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Row 2: F9 has no title');
    const l = cli('objectives', 'link', 'SR1', 'X9', '--db', db);
    expect(l.code).toBe(1);
    expect(l.stderr).toContain('There is no objective X9');
    expect(cli('objectives', 'link', 'SR1', '--db', db).code).toBe(2);
  });
});

describe('risk-register escalation', () => {
  it('sets rules from JSON, lists them, and lists the risks they fire for', () => {
    const file = tmp.file('rules.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          label: 'Amber or worse',
          when: { metric: 'current-score', op: '>=', value: 15 },
          then: 'escalate',
          to: 'Leadership board',
        },
      ]),
    );
    const set = cli('escalation', 'set', file, '--db', db);
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain('Saved 1 escalation rule.');
    const rules = JSON.parse(cli('escalation', 'rules', '--db', db, '--json').stdout) as {
      label: string;
      to: string;
    }[];
    expect(rules.map((r) => [r.label, r.to])).toEqual([['Amber or worse', 'Leadership board']]);
    const fired = JSON.parse(cli('escalations', '--db', db, '--json').stdout) as {
      ref: string;
      label: string;
      then: string;
    }[];
    // The LGA sample's risks scored 15 or more.
    expect(fired.map((f) => f.ref)).toEqual(['SR4', 'SR5', 'SR8', 'SR11', 'SR18']);
    expect(new Set(fired.map((f) => `${f.label} ${f.then}`))).toEqual(new Set(['Amber or worse escalate']));

    writeFileSync(
      file,
      '[{"label":"x","when":{"metric":"band","op":"=","value":"Purple"},"then":"escalate","to":"Board"}]',
    );
    const bad = cli('escalation', 'set', file, '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('no band "Purple"');
    expect(JSON.parse(cli('escalation', 'rules', '--db', db, '--json').stdout)).toHaveLength(1);
    expect(cli('audit', 'verify', '--db', db).stdout).toContain('History intact');
  });

  it('switches a rule off and on again by number or label; a rule that is off fires for no risk', () => {
    const file = tmp.file('rules.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          label: 'Amber or worse',
          when: { metric: 'current-score', op: '>=', value: 15 },
          then: 'escalate',
          to: 'Leadership board',
        },
        {
          label: 'Severe',
          when: { metric: 'current-score', op: '>=', value: 25 },
          then: 'escalate',
          to: 'ARC',
        },
      ]),
    );
    expect(cli('escalation', 'set', file, '--db', db).code).toBe(0);
    const fired = () =>
      (JSON.parse(cli('escalations', '--db', db, '--json').stdout) as { ref: string }[]).map((f) => f.ref);
    expect(fired()).toEqual(['SR4', 'SR5', 'SR8', 'SR11', 'SR18']);

    const off = cli('escalation', 'off', '1', '--db', db, '--reason', 'Paused by the board');
    expect(off.stderr).toBe('');
    expect(off.stdout).toContain('Switched rule 1 ("Amber or worse") off');
    expect(fired()).toEqual([]);
    const rules = JSON.parse(cli('escalation', 'rules', '--db', db, '--json').stdout) as {
      label: string;
      disabled?: boolean;
    }[];
    expect(rules.map((r) => [r.label, r.disabled ?? false])).toEqual([
      ['Amber or worse', true],
      ['Severe', false],
    ]);
    expect(cli('escalation', 'rules', '--db', db).stdout).toContain('1. Amber or worse (off):');
    expect(cli('escalation', 'off', 'amber OR worse', '--db', db).stdout).toContain(
      'already off; nothing was changed',
    );

    const missing = cli('escalation', 'on', 'Purple', '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no escalation rule Purple');
    expect(missing.stderr).toContain('1 "Amber or worse", 2 "Severe"');

    expect(cli('escalation', 'on', 'Amber or worse', '--db', db).stdout).toContain('on: it fires again');
    expect(fired()).toEqual(['SR4', 'SR5', 'SR8', 'SR11', 'SR18']);
    const file_ = new Database(db, { readonly: true });
    const reasons = file_
      .prepare("SELECT reason FROM history WHERE field = 'escalationRules' ORDER BY seq")
      .pluck()
      .all();
    file_.close();
    expect(reasons.slice(-2)).toEqual(['Paused by the board', null]);
    expect(cli('audit', 'verify', '--db', db).stdout).toContain('History intact');
    // Twelve Node processes one after another: more than the default 30 s on a loaded machine.
  }, 240_000);
});
