/**
 * Registers as councils publish them (test/fixtures/import/real-shapes): a workbook with several sheets, titles,
 * merged score groups and notes under the table; word scales; score groups in a CSV named by position. Each
 * asserts field by field what lands, what is named as skipped or transformed, and that a refused import leaves
 * the register byte-identical.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyFor } from '../../../db/history.ts';
import { readRememberedMapping } from '../../../db/import/remembered.ts';
import type { ImportPreview } from '../../../shared/import/types.ts';
import { writeAll } from '../../fixtures/import/real-shapes/generate.ts';
import type { App, TempDir } from '../helpers.ts';
import { fingerprint, makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
let db: string;
let files: Record<string, string>;

beforeEach(async () => {
  tmp = makeTempDir('rr-real-shapes-');
  app = makeApp();
  db = tmp.file('register.riskregister');
  await app.ok('register:create', { path: db });
  files = await writeAll(tmp.dir);
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

function registerState() {
  const conn = app.session.db;
  const tables = conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const rows = Object.fromEntries(
    tables.map((t) => [t, conn.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]),
  );
  return { rows, file: fingerprint(db), wal: fingerprint(`${db}-wal`) };
}

async function preview(path: string, mapping?: Parameters<App['ok']>[1] extends never ? never : object) {
  const p = (await app.ok('import:preview', {
    path,
    ...(mapping ? { mapping } : {}),
  })) as ImportPreview | null;
  if (!p) throw new Error('no preview');
  return p;
}

function lastImportEntry() {
  const reg = historyFor(app.session.db, 'register', 'register');
  const e = reg[reg.length - 1];
  return e?.newValue as Record<string, unknown>;
}

describe('a county workbook: several sheets, titles, merged score groups, notes under the table', () => {
  it('reads the register sheet, names the groups, and offers the notes for skipping', async () => {
    const p = await preview(files.county ?? '');
    expect(p.sheet).toBe('Strategic Risks');
    expect(p.sheets).toEqual(['Cover', 'Scoring key', 'Strategic Risks']);
    expect(p.notes.join('\n')).toMatch(
      /The workbook has 3 sheets .* “Strategic Risks” is read because its headers look most like a register/,
    );
    expect(p.headerRow).toBe(4);
    expect(p.columns.map((c) => [c.letter, c.group ?? '', c.header, c.field])).toEqual([
      ['A', '', 'Ref', 'ref'],
      ['B', '', 'Category', 'category'],
      ['C', '', 'Risk description', 'description'],
      ['D', '', 'Risk owner', 'owner'],
      ['E', 'Inherent Risk', 'Likelihood', 'inherentLikelihood'],
      ['F', 'Inherent Risk', 'Impact', 'inherentImpact'],
      ['G', 'Inherent Risk', 'Score', 'inherentScore'],
      ['H', 'Current / Residual Risk', 'Impact', 'impact'],
      ['I', 'Current / Residual Risk', 'Likelihood', 'likelihood'],
      ['J', 'Current / Residual Risk', 'Score', 'score'],
      ['K', 'Target Risk', 'Likelihood', 'targetLikelihood'],
      ['L', 'Target Risk', 'Impact', 'targetImpact'],
      ['M', 'Target Risk', 'Score', 'targetScore'],
      ['N', '', 'Direction of travel', null],
    ]);
    // Repeated headers are named by group and header in the mapping in effect, so they can be found again.
    expect(p.mapping).toMatchObject({
      inherentLikelihood: 'Inherent Risk Likelihood',
      impact: 'Current / Residual Risk Impact',
      targetScore: 'Target Risk Score',
    });
    expect(p.notes.join('\n')).toMatch(/Not imported: “Direction of travel”/);
    expect(p.rows.map((r) => [r.row, r.status])).toEqual([
      [5, 'ok'],
      [6, 'ok'],
      [7, 'ok'],
      [10, 'needs-repair'],
      [11, 'needs-repair'],
    ]);
    expect(p.rows[3]?.repairs).toEqual([
      {
        kind: 'skip-row',
        message:
          'Row 10 holds only “Source: Cabinet report, 12/03/2025, appendix B.”: a heading or a note, not a risk. Accept skipping it, or correct the file.',
        value: '',
        accepted: false,
      },
    ]);
    expect(p.rows[0]?.values).toMatchObject({
      ref: 'CR/07',
      impact: 4,
      likelihood: 4,
      score: 16,
      inherent: { impact: 5, likelihood: 5 },
      target: { impact: 3, likelihood: 3 },
    });
  });

  it('refuses until the notes are skipped, leaving the register byte-identical; then imports field by field', async () => {
    await app.ok('owners:create', { initials: 'HD', name: 'Helen Davies' });
    const before = registerState();
    const err = await app.fail('import:commit', { path: files.county ?? '' });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(/Nothing was imported: 2 rows need attention/);
    expect(registerState()).toEqual(before);

    const result = await app.ok('import:commit', {
      path: files.county ?? '',
      accept: [
        { row: 10, kind: 'skip-row' },
        { row: 11, kind: 'skip-row' },
      ],
    });
    expect(result).toMatchObject({ imported: 3, refs: ['CR/07', '4.2a', 'CR-07(a)'] });
    const risks = await app.ok('risks:list', {});
    const got = Object.fromEntries(
      risks.map((r) => [r.ref, [r.category, r.impact, r.likelihood, r.inherent, r.target, r.description]]),
    );
    expect(got).toEqual({
      'CR/07': [
        'Finance',
        4,
        4,
        { impact: 5, likelihood: 5 },
        { impact: 3, likelihood: 3 },
        'Medium term funding gap is not closed',
      ],
      '4.2a': [
        'People',
        3,
        4,
        { impact: 4, likelihood: 4 },
        { impact: 3, likelihood: 2 },
        'Loss of key staff in children’s services',
      ],
      'CR-07(a)': [
        'Technology',
        4,
        3,
        { impact: 4, likelihood: 5 },
        { impact: 2, likelihood: 3 },
        'Cyber attack disables council systems',
      ],
    });
    // Job titles are one owner each, keyed by their capitals; a key already held by someone else gets a number.
    expect(Object.fromEntries(risks.map((r) => [r.ref, r.owners]))).toEqual({
      'CR/07': ['DR'],
      '4.2a': ['HH'],
      'CR-07(a)': ['HD2'],
    });
    const owners = await app.ok('owners:list', {});
    expect(owners.map((o) => [o.initials, o.name])).toEqual([
      ['DR', 'Director of Resources'],
      ['HD', 'Helen Davies'],
      ['HD2', 'Head of Digital'],
      ['HH', 'Head of HR'],
    ]);
    const entry = lastImportEntry();
    expect(entry).toMatchObject({
      sheet: 'Strategic Risks',
      keptFromColumnsNotImported: [
        { row: 5, ref: 'CR/07', values: { 'Direction of travel': 'Stable' } },
        { row: 6, ref: '4.2a', values: { 'Direction of travel': 'Worsening' } },
        { row: 7, ref: 'CR-07(a)', values: { 'Direction of travel': '↔' } },
      ],
      skipped: [
        { row: 10, why: expect.stringMatching(/^Row 10 holds only “Source: Cabinet report/) },
        { row: 11, why: expect.stringMatching(/^Row 11 holds only “\* Scores are likelihood × impact/) },
      ],
      columnsNotImported: ['Direction of travel'],
      ownersByTitle: { 'Director of Resources': 'DR', 'Head of HR': 'HH', 'Head of Digital': 'HD2' },
    });
  });

  it('reads another sheet when the mapping names it, and names the sheets when it does not exist', async () => {
    const p = await preview(files.county ?? '', { sheet: 'scoring KEY' });
    expect(p.sheet).toBe('Scoring key');
    const err = await app.fail('import:preview', {
      path: files.county ?? '',
      mapping: { sheet: 'Risks 2024' },
    });
    expect(err.message).toBe(
      'The mapping chooses the sheet “Risks 2024”, but the workbook has no visible sheet of that name with anything in it. ' +
        'Sheets found: “Cover”, “Scoring key”, “Strategic Risks”. Choose one of them, then preview again.',
    );
  });
});

describe('score groups in a CSV, and columns named by position', () => {
  it('runs each group name over the columns under it', async () => {
    const p = await preview(files.grouped ?? '');
    expect(p.headerRow).toBe(2);
    expect(p.columns.map((c) => c.field)).toEqual([
      'ref',
      'description',
      'inherentImpact',
      'inherentLikelihood',
      'inherentScore',
      'likelihood',
      'impact',
      'score',
      'reviewDate',
      null,
    ]);
    expect(p.rows.map((r) => [r.values.impact, r.values.likelihood, r.values.inherent])).toEqual([
      [3, 2, { impact: 4, likelihood: 4 }],
      [4, 3, { impact: 5, likelihood: 3 }],
    ]);
    await app.ok('import:commit', {
      path: files.grouped ?? '',
      accept: [
        { row: 3, kind: 'default-category' },
        { row: 4, kind: 'default-category' },
      ],
    });
    // The review date becomes the risk's next review; the status column is kept in the import's history.
    const risks = await app.ok('risks:list', {});
    const pcc1 = risks.find((r) => r.ref === 'PCC1');
    expect(app.session.db.prepare('SELECT next_review FROM risks WHERE ref = ?').pluck().get('PCC1')).toBe(
      '2026-06-30',
    );
    expect(pcc1).toBeDefined();
    expect(lastImportEntry()).toMatchObject({
      columnsNotImported: ['Status'],
      keptFromColumnsNotImported: [
        { row: 3, ref: 'PCC1', values: { Status: 'Open' } },
        { row: 4, ref: 'PCC2', values: { Status: 'Treat' } },
      ],
    });
  });

  it('takes a column by number (#7) or letter (#F) when the mapping says so, and refuses one past the end', async () => {
    const p = await preview(files.grouped ?? '', { impact: '#F', likelihood: '#7' });
    expect(p.columns.filter((c) => c.source === 'supplied').map((c) => [c.letter, c.field])).toEqual([
      ['F', 'impact'],
      ['G', 'likelihood'],
    ]);
    expect(p.rows.map((r) => [r.values.impact, r.values.likelihood])).toEqual([
      [2, 3],
      [3, 4],
    ]);
    // The mapping in effect names the chosen columns by group and header, unique in this file, and is remembered so.
    await app.ok('import:commit', {
      path: files.grouped ?? '',
      mapping: { impact: '#F', likelihood: '#7' },
      accept: [
        { row: 3, kind: 'default-category' },
        { row: 4, kind: 'default-category' },
      ],
    });
    expect(lastImportEntry()).toMatchObject({
      mapping: { impact: 'Residual Likelihood', likelihood: 'Residual Impact' },
    });
    const remembered = readRememberedMapping(app.session.db);
    expect(remembered.impact).toBe('Residual Likelihood');
    expect(remembered.ref).toBe('Ref');
    const err = await app.fail('import:preview', { path: files.grouped ?? '', mapping: { impact: '#Z' } });
    expect(err.message).toMatch(
      /^The mapping takes Impact from column #Z \(Z\), but the header row has only 10 columns\. Columns found: .*\(a column can also be named by position, such as #5 or #E/,
    );
  });
});

describe('a parish register with words for impact and likelihood', () => {
  it('proposes the known scales, refuses until accepted (register unchanged), records and remembers the words', async () => {
    const p = await preview(files.parish ?? '');
    expect(p.scales).toEqual([
      { word: 'Major', value: 4, source: 'proposed', scale: 'Insignificant … Catastrophic', cells: 1 },
      { word: 'Catastrophic', value: 5, source: 'proposed', scale: 'Insignificant … Catastrophic', cells: 1 },
      { word: 'Moderate', value: 3, source: 'proposed', scale: 'Insignificant … Catastrophic', cells: 1 },
      { word: 'Unlikely', value: 2, source: 'proposed', scale: 'Rare … Almost certain', cells: 1 },
      { word: 'Possible', value: 3, source: 'proposed', scale: 'Rare … Almost certain', cells: 1 },
      { word: 'Likely', value: 4, source: 'proposed', scale: 'Rare … Almost certain', cells: 1 },
    ]);
    expect(p.rows[0]).toMatchObject({
      status: 'needs-repair',
      values: { impact: 4, likelihood: 2, score: 8 },
      repairs: [
        { kind: 'default-category', accepted: false },
        {
          kind: 'word-scale',
          message:
            "Impact “Major” → 4, Likelihood “Unlikely” → 2: words read on a known scale. Accept these numbers, or set them in the mapping's scales.",
        },
      ],
    });
    const before = registerState();
    await app.fail('import:commit', { path: files.parish ?? '' });
    expect(registerState()).toEqual(before);

    const accept = [2, 3, 4].flatMap((row) => [
      { row, kind: 'word-scale' as const },
      { row, kind: 'default-category' as const },
    ]);
    await app.ok('import:commit', { path: files.parish ?? '', accept });
    const risks = await app.ok('risks:list', {});
    expect(risks.map((r) => [r.ref, r.impact, r.likelihood])).toEqual([
      ['P1', 4, 2],
      ['P2', 5, 3],
      ['P3', 3, 4],
    ]);
    expect(Object.fromEntries(risks.map((r) => [r.ref, r.owners]))).toEqual({
      P1: ['Clerk'],
      P2: ['Clerk'],
      P3: ['Clerk', 'RFO', 'Chair', 'FC'],
    });
    expect(p.rows[2]?.notes).toContain(
      'Owners: Clerk, RFO, Chair, Full Council (from “Clerk/RFO, Chair, Full Council”); “Full Council” is one owner (a job title or name, not split into words).',
    );
    expect(lastImportEntry()).toMatchObject({
      scales: { Major: 4, Catastrophic: 5, Moderate: 3, Unlikely: 2, Possible: 3, Likely: 4 },
    });

    // Next time the same words are taken as confirmed: a note, not a repair.
    const next = tmp.file('parish-2026.csv');
    writeFileSync(
      next,
      'Ref,Risk,Impact,Likelihood,Responsible\nP4,Councillor conduct complaint,Minor,Likely,Clerk\n',
    );
    const again = await preview(next);
    expect(again.scales).toEqual([
      { word: 'Minor', value: 2, source: 'proposed', scale: 'Insignificant … Catastrophic', cells: 1 },
      { word: 'Likely', value: 4, source: 'remembered', cells: 1 },
    ]);
  });

  it('takes the words the mapping gives without asking', async () => {
    const scales = { major: 5, catastrophic: 5, moderate: 3, unlikely: 1, possible: 3, likely: 4 };
    const p = await preview(files.parish ?? '', { scales, category: null });
    expect(p.rows[0]).toMatchObject({ values: { impact: 5, likelihood: 1 } });
    expect(p.rows[0]?.repairs.map((r) => r.kind)).toEqual(['default-category']);
    expect(p.rows[0]?.notes).toContain(
      "Impact “Major” → 5, Likelihood “Unlikely” → 1 (the mapping's scales).",
    );
  });
});

describe('a 6-point register of workshop averages', () => {
  it('refuses decimals and points above 5 until the mapping chooses rounding and a conversion, and says why', async () => {
    const p = await preview(files.workshop ?? '');
    const w2 = p.rows.find((r) => r.ref === 'W2');
    expect(w2?.errors).toEqual([
      'Impact is 5.4, not a whole number (an average, perhaps). Choose how decimals are made whole in the mapping ' +
        '("rounding": "half-up", "up" or "down"); the published value is kept in the import\'s history. The score columns ' +
        "go up to 6, so the file seems to use a 6-point scale: say how each point becomes 1–5 in the mapping's convert, " +
        'such as "convert": {"1":1,"2":2,"3":3,"4":3,"5":4,"6":5}.',
      expect.stringMatching(/^Likelihood is 2\.2, not a whole number/),
    ]);
    expect(p.rows.flatMap((r) => r.errors).join('\n')).not.toMatch(/to 5 or 5/);
    const before = registerState();
    await app.fail('import:commit', { path: files.workshop ?? '' });
    expect(registerState()).toEqual(before);
  });

  it('imports with the rounding and conversion chosen, keeping the published values in history', async () => {
    const mapping = {
      rounding: 'half-up' as const,
      convert: { '1': 1, '2': 2, '3': 3, '4': 3, '5': 4, '6': 5 },
    };
    const p = await preview(files.workshop ?? '', mapping);
    expect(p.rows.map((r) => [r.ref, r.status, r.values.impact, r.values.likelihood])).toEqual([
      ['W1', 'warning', 3, 3],
      ['W2', 'warning', 4, 2],
      ['W3', 'warning', 2, 5],
    ]);
    // The H/M/L rating is not read as a number.
    expect(p.rows[0]?.warnings).toEqual([
      'The score column holds “H”, which is not a number; it is ignored. The register will show 3 × 3 = 9 (Yellow).',
    ]);
    expect(p.rows[0]?.notes).toContain(
      'Impact 4.4 → 3 (rounded half-up, converted 4 → 3), Likelihood 3.6 → 3 (rounded half-up, converted 4 → 3): as the mapping says; the published value is kept in history.',
    );
    await app.ok('import:commit', { path: files.workshop ?? '', mapping });
    expect(lastImportEntry()).toMatchObject({
      published: [
        { row: 2, field: 'impact', published: '4.4', value: 3 },
        { row: 2, field: 'likelihood', published: '3.6', value: 3 },
        { row: 3, field: 'impact', published: '5.4', value: 4 },
        { row: 3, field: 'likelihood', published: '2.2', value: 2 },
        { row: 4, field: 'likelihood', published: '6', value: 5 },
      ],
      mapping: { rounding: 'half-up', convert: mapping.convert },
    });
  });
});
