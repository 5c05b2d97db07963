/** `risk-register controls …` as a user runs it: a separate Node process on a real register file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempDir } from '../helpers.ts';
import { fingerprint, makeTempDir } from '../helpers.ts';
import type { CliRun } from '../cli-run.ts';
import { runCli } from '../cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args, { timeout: 30_000 });

interface ControlRow {
  id: string;
  text: string;
  effectiveness: string;
  risks: string[];
}

function listJson(db: string): ControlRow[] {
  const r = cli('controls', '--db', db, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ControlRow[];
}

let tmp: TempDir;
let db: string;

beforeAll(() => {
  tmp = makeTempDir('rr-controls-cli-');
  db = tmp.file('council.sqlite');
  expect(cli('init', '--db', db, '--sample').code).toBe(0);
}, 60_000);
afterAll(() => tmp.cleanup());

// Each command is a fresh Node process (about 1–5 s on a busy two-core machine).
describe('risk-register controls', { timeout: 300_000 }, () => {
  it('adds a control serving two risks and lists it as JSON', () => {
    const add = cli(
      'controls',
      'add',
      'Monthly budget monitoring',
      '--risk',
      'SR4',
      '--risk',
      'sr7',
      '--effectiveness',
      'partial',
      '--db',
      db,
      '--by',
      'Jo Finance',
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/Added control .* \(Partially effective\) to SR4, SR7\./);
    const rows = listJson(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      text: 'Monthly budget monitoring',
      effectiveness: 'partial',
      risks: ['SR4', 'SR7'],
    });
    const plain = cli('controls', '--db', db);
    expect(plain.stdout).toContain('assessed');
    expect(plain.stdout).toContain('by Jo Finance');
  });

  it('refuses bad input with one line, exit non-zero, and leaves the file unchanged', () => {
    const before = fingerprint(db);
    const cases: [string[], RegExp][] = [
      [['controls', 'add', 'X', '--risk', 'SR99', '--effectiveness', 'effective'], /no live risk SR99/],
      [
        ['controls', 'add', 'X', '--risk', 'SR1', '--effectiveness', 'great'],
        /effective, partial, ineffective or unassessed/,
      ],
      [
        ['controls', 'add', 'X', '--risk', 'SR1', '--effectiveness', 'effective', '--type', 'magic'],
        /preventive, detective/,
      ],
      [['controls', 'add', 'X', '--effectiveness', 'effective'], /--risk REF/],
      [['controls', 'delete', 'not-an-id'], /There is no control not-an-id/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args, '--db', db);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(fingerprint(db)).toEqual(before);
  });

  it('links, assesses, refuses a delete while linked naming the risks, then deletes once unlinked', () => {
    const [c] = listJson(db);
    if (!c) throw new Error('no control');
    expect(cli('controls', 'link', c.id, '--risk', 'SR1', '--db', db).code).toBe(0);
    expect(listJson(db)[0]?.risks).toEqual(['SR1', 'SR4', 'SR7']);

    const assess = cli(
      'controls',
      'assess',
      c.id,
      '--effectiveness',
      'ineffective',
      '--db',
      db,
      '--by',
      'Internal Audit',
    );
    expect(assess.stderr).toBe('');
    expect(assess.stdout).toContain('Ineffective (by Internal Audit)');
    expect(listJson(db)[0]?.effectiveness).toBe('ineffective');
    const audit = cli('audit', 'list', '--db', db, '--person', 'Internal Audit');
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain('ineffective');

    const before = fingerprint(db);
    const refused = cli('controls', 'delete', c.id, '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/still serves risks SR1, SR4, SR7/);
    expect(fingerprint(db)).toEqual(before);

    for (const ref of ['SR1', 'SR4', 'SR7'])
      expect(cli('controls', 'unlink', c.id, '--risk', ref, '--db', db).code).toBe(0);
    const del = cli('controls', 'delete', c.id, '--db', db);
    expect(del.stderr).toBe('');
    expect(del.code).toBe(0);
    expect(listJson(db)).toEqual([]);
    const verify = cli('audit', 'verify', '--db', db);
    expect(verify.code).toBe(0);
  });
});
