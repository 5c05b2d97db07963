import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempDir } from './helpers.ts';
import { fingerprint, makeTempDir } from './helpers.ts';
import type { CliRun } from './cli-run.ts';
import { BIN, ROOT, runCli } from './cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args, { timeout: 30_000 });

interface Row {
  ref: string;
  category: string;
  description: string;
  impact: number;
  likelihood: number;
  score: number;
  band: string;
  owners: string[];
  mitigation: string;
}

function listJson(db: string): Row[] {
  const r = cli('list', '--db', db, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Row[];
}

let tmp: TempDir;
let db: string;

beforeAll(() => {
  tmp = makeTempDir('rr-cli-');
  db = tmp.file('lga.riskreg');
});
afterAll(() => tmp.cleanup());

describe('risk-register CLI', () => {
  it('init --sample creates a register with the 19 LGA risks', () => {
    const r = cli('init', '--db', db, '--sample');
    expect(r).toEqual({ code: 0, stdout: `Created ${db} with 19 risks.\n`, stderr: '' });
    expect(existsSync(db)).toBe(true);
  });

  it('list --json prints every risk with its score and band', () => {
    const rows = listJson(db);
    expect(rows).toHaveLength(19);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining([
          'ref',
          'category',
          'description',
          'impact',
          'likelihood',
          'score',
          'band',
          'owners',
          'mitigation',
        ]),
      );
      expect(['Green', 'Yellow', 'Amber', 'Red']).toContain(row.band);
      expect(row.score).toBe(row.impact * row.likelihood);
      expect(Array.isArray(row.owners)).toBe(true);
    }
    expect(rows.find((r) => r.ref === 'SR4')).toMatchObject({
      category: 'Effectiveness',
      impact: 5,
      likelihood: 3,
      score: 15,
      band: 'Amber',
      owners: ['Cho'],
    });
    expect(rows.find((r) => r.ref === 'SR15')).toMatchObject({ score: 3, band: 'Green' });
  });

  it('list prints a readable table', () => {
    const r = cli('list', '--db', db);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(19);
    expect(lines[3]).toMatch(/^SR4 +5×3 = 15 Amber +Effectiveness: The LGA fails to deliver/);
  });

  it('set-score changes one score, and a following list shows the new score and band', () => {
    const before = listJson(db);
    const r = cli(
      'set-score',
      'SR15',
      '--impact',
      '3',
      '--likelihood',
      '3',
      '--reason',
      'Two senior staff gave notice',
      '--db',
      db,
    );
    expect(r).toEqual({ code: 0, stdout: 'SR15 is now 3 × 3 = 9 Yellow.\n', stderr: '' });
    const after = listJson(db);
    expect(after.find((x) => x.ref === 'SR15')).toMatchObject({
      impact: 3,
      likelihood: 3,
      score: 9,
      band: 'Yellow',
    });
    expect(after.filter((x) => x.ref !== 'SR15')).toEqual(before.filter((x) => x.ref !== 'SR15'));
  });

  it('set-score --which target prints the target score it set, not the current one', () => {
    const before = listJson(db).find((x) => x.ref === 'SR4');
    const r = cli('set-score', 'SR4', '--which', 'target', '--impact', '2', '--likelihood', '2', '--db', db);
    expect(r).toEqual({ code: 0, stdout: 'SR4 target score is now 2 × 2 = 4 Green.\n', stderr: '' });
    // The target is set; the current score is untouched.
    expect(listJson(db).find((x) => x.ref === 'SR4')).toEqual({
      ...before,
      target: { impact: 2, likelihood: 2, score: 4, band: 'Green' },
    });
    const inherent = cli(
      'set-score',
      'SR4',
      '--which',
      'inherent',
      '--impact',
      '5',
      '--likelihood',
      '4',
      '--db',
      db,
    );
    expect(inherent.stdout).toBe('SR4 inherent score is now 5 × 4 = 20 Red.\n');
  });
});

describe('risk-register CLI in a pipeline', () => {
  it('stops quietly when the reader closes the pipe early (as in `list | head`)', async () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [BIN, 'list', '--db', db], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader has gone before the first line is written
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('risk-register CLI refusing bad input', () => {
  /** The register as the user saw it before any of the refused commands. */
  let baseline: { rows: Row[]; sha256: string | null; size: number | null };
  beforeAll(() => {
    const file = fingerprint(db);
    baseline = { rows: listJson(db), sha256: file.sha256, size: file.size };
  });

  const score = (ref: string, impact: string, likelihood: string) => [
    'set-score',
    ref,
    '--impact',
    impact,
    '--likelihood',
    likelihood,
    '--db',
  ];

  it.each([
    ['an unknown ref', score('SR99', '3', '3'), /^risk-register: There is no risk SR99 in .*lga\.riskreg\.$/],
    [
      'impact 0',
      score('SR4', '0', '3'),
      /^risk-register: Impact must be a whole number from 1 to 5\. Got 0\.$/,
    ],
    [
      'impact 6',
      score('SR4', '6', '3'),
      /^risk-register: Impact must be a whole number from 1 to 5\. Got 6\.$/,
    ],
    [
      'impact 2.5',
      score('SR4', '2.5', '3'),
      /^risk-register: Impact must be a whole number from 1 to 5\. Got 2\.5\.$/,
    ],
    [
      'likelihood 6',
      score('SR4', '3', '6'),
      /^risk-register: Likelihood must be a whole number from 1 to 5\. Got 6\.$/,
    ],
    [
      'a word for impact',
      score('SR4', 'high', '3'),
      /^risk-register: Impact must be a whole number from 1 to 5\. Got the text "high"\.$/,
    ],
    [
      'no likelihood',
      ['set-score', 'SR4', '--impact', '3', '--db'],
      /^risk-register: --likelihood is required\. See risk-register --help\.$/,
    ],
    [
      'an unknown score kind',
      ['set-score', 'SR4', '--impact', '3', '--likelihood', '3', '--which', 'residual', '--db'],
      /^risk-register: Which score to change: inherent, current or target\.$/,
    ],
    [
      'init over an existing register',
      ['init', '--sample', '--db'],
      /^risk-register: .*lga\.riskreg already exists/,
    ],
  ])('%s: exits non-zero with one line on stderr, and the register is unchanged', (_what, args, message) => {
    const r = cli(...args, db);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(listJson(db)).toEqual(baseline.rows);
    const after = fingerprint(db);
    expect([after.sha256, after.size]).toEqual([baseline.sha256, baseline.size]);
  });

  it('a --db file that does not exist: one line naming it, and no file is created', () => {
    const missing = tmp.file('missing.riskreg');
    const r = cli('list', '--db', missing, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `risk-register: There is no file at ${missing}. Check the path, or create a new register.\n`,
    );
    expect(fingerprint(missing)).toMatchObject({ exists: false, siblings: [] });
  });

  it.each([['list', '--json'], score('SR4', '3', '3')])(
    'a --db file that is not a register (%s): one line saying so, and the file is untouched',
    (...args) => {
      const other = tmp.file('notes.csv');
      writeFileSync(other, 'ref,impact\nSR4,3\n');
      const before = fingerprint(other);
      const r = cli(...args.filter((a) => a !== '--db'), '--db', other);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(/^risk-register: .*notes\.csv is not a risk register file/),
      ]);
      expect(fingerprint(other)).toEqual(before);
    },
  );

  it('no --db at all: a usage error', () => {
    const r = cli('list', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('risk-register: --db FILE is required. See risk-register --help.\n');
  });

  it('an unknown command: a usage error', () => {
    const r = cli('delete-everything', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('risk-register: unknown command "delete-everything". See risk-register --help.\n');
  });
});
