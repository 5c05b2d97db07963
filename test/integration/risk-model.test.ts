/**
 * Issue 11, the risk model: an optional title and risks not yet assessed, through the real handler table on real
 * register files, and `risk-register list --json` in a separate Node process.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkChain } from '../../db/audit.ts';
import type { App, TempDir } from './helpers.ts';
import { fingerprint, makeApp, makeTempDir } from './helpers.ts';
import type { CliRun } from './cli-run.ts';
import { LIST_JSON_KEYS, runCli } from './cli-run.ts';

let tmp: TempDir;
let app: App;
beforeEach(() => {
  tmp = makeTempDir();
  app = makeApp();
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

const base = {
  category: 'Finance',
  description: 'Funding may fall short of need',
  mitigation: '',
  owners: ['SP'],
};

describe('a risk title', () => {
  it('is stored trimmed, edited through risks:update with history, and cleared with a blank', async () => {
    await app.ok('register:create', { path: tmp.file('t.riskreg'), sample: false });
    const r = await app.ok('risks:create', { ...base, title: '  Funding gap  ', impact: 4, likelihood: 3 });
    expect(r.title).toBe('Funding gap');
    expect((await app.ok('risks:get', { id: r.id })).title).toBe('Funding gap');

    const renamed = await app.ok('risks:update', {
      id: r.id,
      version: r.version,
      changes: { title: 'Grant funding gap' },
    });
    expect(renamed.title).toBe('Grant funding gap');
    const cleared = await app.ok('risks:update', {
      id: r.id,
      version: renamed.version,
      changes: { title: '   ' },
    });
    expect(cleared.title).toBeNull();

    const history = await app.ok('risks:history', { id: r.id });
    expect(history.filter((h) => h.field === 'title').map((h) => [h.oldValue, h.newValue])).toEqual([
      ['Funding gap', 'Grant funding gap'],
      ['Grant funding gap', null],
    ]);
    expect(history[0]?.newValue).toMatchObject({ title: 'Funding gap' });
    expect(checkChain(app.session.writable())).toMatchObject({ ok: true });
  });

  it('refuses two lines or more than 200 characters, naming the problem, and leaves the register as it was', async () => {
    const path = tmp.file('refuse.riskreg');
    await app.ok('register:create', { path, sample: false });
    const r = await app.ok('risks:create', { ...base, impact: 2, likelihood: 2 });
    app.close();
    const before = fingerprint(path);
    app = makeApp();
    await app.ok('register:open', { path });

    const twoLines = await app.fail('risks:update', {
      id: r.id,
      version: r.version,
      changes: { title: 'Funding\ngap' },
    });
    expect(twoLines.code).toBe('VALIDATION');
    expect(twoLines.message).toContain('The title must be one line');
    const long = await app.fail('risks:create', {
      ...base,
      title: 'x'.repeat(201),
      impact: 2,
      likelihood: 2,
    });
    expect(long.code).toBe('VALIDATION');
    expect(long.message).toContain('at most 200 characters');
    app.close();
    expect(fingerprint(path).sha256).toBe(before.sha256);
    app = makeApp();
  }, 180_000);
});

describe('a risk not yet assessed', () => {
  it('is kept and listed with no score, gets its first score through update-score (recorded from nothing), and the chain holds', async () => {
    await app.ok('register:create', { path: tmp.file('n.riskreg'), sample: true });
    const r = await app.ok('risks:create', { ...base, ref: 'NEW1', impact: null, likelihood: null });
    expect([r.impact, r.likelihood]).toEqual([null, null]);
    const listed = (await app.ok('risks:list', {})).find((x) => x.ref === 'NEW1');
    expect(listed).toMatchObject({ impact: null, likelihood: null });

    const half = await app.fail('risks:create', { ...base, ref: 'NEW2', impact: 3, likelihood: null });
    expect(half.code).toBe('VALIDATION');
    expect(half.message).toContain('both impact and likelihood');

    // A review needs a score first.
    const review = await app.fail('reviews:record', { id: r.id, version: r.version, note: 'Looked' });
    expect(review.code).toBe('VALIDATION');
    expect(review.message).toContain('NEW1 is not yet scored');

    const scored = await app.ok('risks:update-score', {
      id: r.id,
      version: r.version,
      which: 'current',
      impact: 4,
      likelihood: 5,
      reason: 'First assessment',
    });
    expect([scored.impact, scored.likelihood]).toEqual([4, 5]);
    const history = await app.ok('risks:history', { id: r.id });
    const first = history.find((h) => h.field === 'current');
    expect(first).toMatchObject({
      oldValue: null,
      newValue: { impact: 4, likelihood: 5 },
      reason: 'First assessment',
    });
    expect(history[0]?.newValue).toMatchObject({ current: null });
    expect(checkChain(app.session.writable())).toMatchObject({ ok: true });
  });

  it('is counted apart from the bands in the board pack model and the dashboard-facing figures', async () => {
    await app.ok('register:create', { path: tmp.file('b.riskreg'), sample: true });
    await app.ok('risks:create', { ...base, ref: 'NEW1', impact: null, likelihood: null });
    const travel = await app.ok('risks:travel', {});
    const t = travel.find((x) => x.ref === 'NEW1');
    expect(t?.travel).toMatchObject({ direction: 'unscored', text: 'not yet scored', to: null });
    expect(t?.timeInBand.text).toBe('Not yet scored');
  });
});

describe('risk-register list --json', () => {
  const cli = (...args: string[]): CliRun => runCli(args);

  it('gains title and nextReview, and gives null scores for a risk not yet assessed, keeping every other field', async () => {
    const path = tmp.file('cli.riskreg');
    await app.ok('register:create', { path, sample: true });
    const sr1 = (await app.ok('risks:list', {})).find((r) => r.ref === 'SR1');
    if (!sr1) throw new Error('no SR1');
    await app.ok('risks:update', {
      id: sr1.id,
      version: sr1.version,
      changes: { title: 'Climate adaptation' },
    });
    await app.ok('risks:create', { ...base, ref: 'NEW1', impact: null, likelihood: null });
    app.close();

    const run = cli('list', '--json', '--db', path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(20);
    expect(Object.keys(rows[0] ?? {})).toEqual([...LIST_JSON_KEYS]);
    const one = rows.find((r) => r.ref === 'SR1');
    expect(one?.title).toBe('Climate adaptation');
    expect(one?.nextReview).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof one?.score).toBe('number');
    const fresh = rows.find((r) => r.ref === 'NEW1');
    expect(fresh).toMatchObject({ title: null, impact: null, likelihood: null, score: null, band: null });
    expect(fresh?.nextReview).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows.filter((r) => r.ref !== 'SR1').every((r) => r.title === null)).toBe(true);

    const text = cli('list', '--db', path);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/NEW1\s+Not yet scored\s+Finance: Funding may fall short of need/);
    expect(text.stdout).toContain('Climate adaptation:');
    app = makeApp();
  }, 180_000);
});

describe('risk-register import of a file with a combined score only', () => {
  const cli = (...args: string[]): CliRun => runCli(args);

  it('is refused without --accept-repairs, and with it imports the rows as not yet assessed, the published score in history', async () => {
    app.close();
    const path = tmp.file('scores.riskreg');
    const csv = tmp.file('scores.csv');
    writeFileSync(
      csv,
      'Ref,Category,Risk,Score\nCR-07,Finance,Grant cliff edge,16\nCR-08,People,Pay award,\n',
    );
    expect(cli('init', '--db', path).code).toBe(0);
    const before = fingerprint(path);
    const refused = cli('import', csv, '--db', path);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('import as not yet assessed, keeping 16 in its history');
    expect(fingerprint(path).sha256).toBe(before.sha256);

    const run = cli('import', csv, '--db', path, '--accept-repairs');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported 2 risks');
    const rows = JSON.parse(cli('list', '--json', '--db', path).stdout) as Record<string, unknown>[];
    expect(rows.map((r) => [r.ref, r.impact, r.likelihood, r.score, r.band])).toEqual([
      ['CR-07', null, null, null, null],
      ['CR-08', null, null, null, null],
    ]);
    app = makeApp();
    await app.ok('register:open', { path });
    const risk = (await app.ok('risks:list', {})).find((r) => r.ref === 'CR-07');
    const history = await app.ok('risks:history', { id: risk?.id ?? '' });
    expect(history[0]).toMatchObject({
      action: 'import',
      newValue: { current: null, published: { score: '16' } },
    });
  }, 180_000);
});
