/** `risk-register import` and `risk-register export summary`, run as a user would: a separate process, real files. */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempDir } from '../helpers.ts';
import { fingerprint, makeTempDir } from '../helpers.ts';
import type { CliRun } from '../cli-run.ts';
import { runCli } from '../cli-run.ts';

const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/lga-strategic-risk-register-2019-04.csv', import.meta.url),
);

function cli(...args: string[]) {
  return cliWith({}, ...args);
}

function cliWith(extraEnv: Record<string, string>, ...args: string[]): CliRun {
  return runCli(args, { env: extraEnv, timeout: 30_000 });
}

const HEAD = 'Ref,Category,Description of risk,I,L,Score,Mitigation,Owner';
let tmp: TempDir;
let db: string;

beforeAll(() => {
  tmp = makeTempDir('rr-import-cli-');
  db = tmp.file('register.riskregister');
  expect(cli('init', '--db', db).code).toBe(0);
});
afterAll(() => tmp.cleanup());

// Each command is a fresh Node process; on a busy two-core machine a few of them take seconds.
describe('risk-register import', { timeout: 60_000 }, () => {
  it('--dry-run prints the check of every row and writes nothing', () => {
    const before = fingerprint(db);
    const r = cli('import', FIXTURE, '--db', db, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'lga-strategic-risk-register-2019-04.csv (CSV, utf-8): header on row 1, 19 rows.',
    );
    expect(r.stdout).toContain('row 13 (SR12): ok — SR12 · 4 × 3 = 12 Amber');
    expect(r.stdout).toContain("note: Owners: CH, PAs, HGOs (from “CH PA's HGO's”).");
    expect(r.stdout).toContain('Dry run: nothing was written. 19 risks would be imported.');
    expect(fingerprint(db)).toEqual(before);
  });

  it('fails non-zero with per-row messages when an error remains, leaving the register unchanged', () => {
    const bad = tmp.file('bad.csv');
    writeFileSync(bad, `${HEAD}\nSR1,F,A,4,2,8,,SP\nSR2,F,B,4,2,12,,SP\nSR3,F,C,4,9,,,SP\n`);
    const before = fingerprint(db);
    const r = cli('import', bad, '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'row 4 (SR3): Likelihood must be a whole number from 1 to 5; the file has 9. Correct it in the file, then import again.',
      'risk-register: nothing was imported.',
    ]);
    expect(fingerprint(db)).toEqual(before);
  });

  it('offers repairs, and applies them only with --accept-repairs', () => {
    const norefs = tmp.file('norefs.csv');
    writeFileSync(norefs, `${HEAD}\n,Finance,First,4,2,,,SP\n,,Second,3,3,12,,DH/SP\n`);
    const refused = cli('import', norefs, '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'row 2: The ref is missing. Accept the generated ref SR1, or add a ref to the file.',
    );
    expect(refused.stderr).toContain('Run again with --accept-repairs to accept the repairs offered.');

    const dry = cli('import', norefs, '--db', db, '--dry-run', '--accept-repairs');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('repair accepted: The category is empty. Accept “Uncategorised”');

    const done = cli('import', norefs, '--db', db, '--accept-repairs');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('row 3: warning: The score column says 12, but 3 × 3 = 9');
    expect(done.stdout).toContain('Imported 2 risks from norefs.csv (3 repairs applied).');
    const list = cli('list', '--db', db);
    expect(list.stdout).toMatch(/^SR1 +4×2 = +8 Yellow Finance: First$/m);
    expect(list.stdout).toMatch(/^SR2 +3×3 = +9 Yellow Uncategorised: Second$/m);
  });

  it('reads a mapping file', () => {
    const own = tmp.file('own.csv');
    writeFileSync(own, 'Code,Area,What could happen,Sev,Prob\nX9,Finance,Mapped,2,2\n');
    const map = tmp.file('map.json');
    writeFileSync(
      map,
      JSON.stringify({ ref: 'Code', description: 'What could happen', impact: 'Sev', likelihood: 'Prob' }),
    );
    const r = cli('import', own, '--db', db, '--mapping', map);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Imported 1 risk from own.csv.');
  });
});

describe('risk-register export summary', { timeout: 60_000 }, () => {
  it('writes XLSX and CSV, filtered and sorted', () => {
    const xlsx = tmp.file('board.xlsx');
    const r = cli(
      'export',
      'summary',
      '--format',
      'xlsx',
      '--out',
      xlsx,
      '--db',
      db,
      '--bands',
      'Green,Yellow',
      '--sort',
      'score',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `Wrote 3 risks to ${xlsx} (Current scores · Green and Yellow only · highest score first).\n`,
    );
    expect(existsSync(xlsx)).toBe(true);
    const csv = tmp.file('all.csv');
    expect(cli('export', 'summary', '--format', 'csv', '--out', csv, '--db', db, '--target').code).toBe(0);
  });

  it('refuses PDF without Chromium and unknown bands with a sentence, exit 1', () => {
    const missing = tmp.file('no-chromium-here');
    const pdf = cliWith(
      { CHROMIUM_PATH: missing },
      ...['export', 'summary', '--format', 'pdf', '--out', tmp.file('x.pdf'), '--db', db],
    );
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toMatch(
      `risk-register: PDF export needs Chromium, which was not found at ${missing}. Install it, or set CHROMIUM_PATH`,
    );
    expect(existsSync(tmp.file('x.pdf'))).toBe(false);
    const purple = cli(
      'export',
      'summary',
      '--format',
      'csv',
      '--out',
      tmp.file('x.csv'),
      '--db',
      db,
      '--bands',
      'Purple',
    );
    expect(purple.code).toBe(1);
    expect(purple.stderr).toContain('There is no band “Purple”');
    expect(existsSync(tmp.file('x.csv'))).toBe(false);
  });
});

describe('risk-register import of real shapes', { timeout: 60_000 }, () => {
  it('--accept-repairs never accepts a decimal; the mapping’s rounding does, and the summary is printed', () => {
    const csv = tmp.file('workshop.csv');
    writeFileSync(
      csv,
      'Ref,Risk,Category,Likelihood,Impact,Notes\nW1,Waste contract fails,Environment,3.6,4,Quarterly\n\nSource: workshop of 12/03/2025\n',
    );
    const reg = tmp.file('workshop.riskregister');
    expect(cli('init', '--db', reg).code).toBe(0);
    const before = fingerprint(reg);
    const refused = cli('import', csv, '--db', reg, '--accept-repairs');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Likelihood is 3.6, not a whole number (an average, perhaps).');
    expect(fingerprint(reg)).toEqual(before);

    const map = tmp.file('workshop-map.json');
    writeFileSync(map, JSON.stringify({ rounding: 'down' }));
    const dry = cli('import', csv, '--db', reg, '--accept-repairs', '--mapping', map, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Columns not imported: “Notes”.');
    expect(dry.stdout).toContain('Values transformed: 1 score rounded or converted to 1–5.');
    expect(dry.stdout).toContain('Rows skipped (not risks): 4.');
    expect(fingerprint(reg)).toEqual(before);

    const done = cli('import', csv, '--db', reg, '--accept-repairs', '--mapping', map);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Imported 1 risk from workshop.csv.');
    expect(done.stdout).toContain('Columns not imported: “Notes”.');
    expect(done.stdout).toContain('Values transformed: 1 score rounded or converted to 1–5.');
    expect(done.stdout).toContain('Rows skipped (not risks): 4.');
    const list = JSON.parse(cli('list', '--db', reg, '--json').stdout) as {
      ref: string;
      likelihood: number;
    }[];
    expect(list.map((r) => [r.ref, r.likelihood])).toEqual([['W1', 3]]);
  });

  it('--mapping names the title column by header or by position, and list --json gives it back', () => {
    const csv = tmp.file('titled.csv');
    writeFileSync(
      csv,
      'Ref,Heading,Risk description / causes and consequences,Category,I,L\n' +
        'T1,Pay award,Pay award above budget because of national negotiations,People,4,3\n' +
        'T2,Grant cliff edge,Grant ends in March with no successor,Finance,5,2\n',
    );
    const reg = tmp.file('titled.riskregister');
    expect(cli('init', '--db', reg).code).toBe(0);
    const before = fingerprint(reg);

    // "Heading" is not a header the importer knows: without the mapping it is named as not imported.
    const plain = cli('import', csv, '--db', reg, '--dry-run');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/Columns not imported: .*“Heading”/);
    expect(fingerprint(reg)).toEqual(before);

    const byHeader = tmp.file('title-header.json');
    writeFileSync(byHeader, JSON.stringify({ title: 'Heading' }));
    const dry = cli('import', csv, '--db', reg, '--mapping', byHeader, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Title +← “Heading”/);
    expect(dry.stdout).toContain('Columns not imported: none.');
    expect(fingerprint(reg)).toEqual(before);

    const byPosition = tmp.file('title-position.json');
    writeFileSync(byPosition, JSON.stringify({ title: '#B' }));
    const done = cli('import', csv, '--db', reg, '--mapping', byPosition);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    const rows = JSON.parse(cli('list', '--db', reg, '--json').stdout) as {
      ref: string;
      title: string | null;
      description: string;
    }[];
    expect(rows.map((r) => [r.ref, r.title, r.description])).toEqual([
      ['T1', 'Pay award', 'Pay award above budget because of national negotiations'],
      ['T2', 'Grant cliff edge', 'Grant ends in March with no successor'],
    ]);
  });
});
