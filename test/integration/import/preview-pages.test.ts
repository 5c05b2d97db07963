/**
 * The import preview in pages (issue 14): the window asks `import:preview` for its first page of rows and reads the
 * others with `import:preview-rows` from the rows kept since the preview — by the worker thread that made them, or
 * by the calling thread for hosts without one. Every page is exactly the slice of what a preview of every row (the
 * CLI's) answers; a page of a plan that is gone (imported, another file or mapping previewed) is refused.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportRowPreview } from '../../../shared/import/types.ts';
import { previewContext } from '../../../db/import/run.ts';
import { runJob } from '../../../db/work/jobs.ts';
import { inThreadRunner, type WorkRunner, workerRunner } from '../../../db/work/runner.ts';
import type { TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

const ROWS = 10_000;

/** 10,000 risks; every 50th without a ref (a repair to accept), every 333rd with an impact of 9 (an error). */
function bigCsv(path: string, opts: { problems: boolean }): string {
  const lines = ['Ref,Category,Description,Impact,Likelihood'];
  for (let i = 1; i <= ROWS; i++) {
    const ref = opts.problems && i % 50 === 0 ? '' : `PG${i}`;
    const impact = opts.problems && i % 333 === 0 ? 9 : (i % 5) + 1;
    lines.push(`${ref},Finance,Risk number ${i},${impact},${((i >> 2) % 5) + 1}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function appWith(work: WorkRunner) {
  return makeApp({ work, now: () => new Date('2026-12-01T09:00:00Z') });
}

const runners: [string, () => WorkRunner][] = [
  ['in the calling thread', () => inThreadRunner],
  ['in the worker thread', () => workerRunner(resolve('db/work/worker.ts'))],
];

describe.each(runners)('the import preview in pages, %s', (_name, makeRunner) => {
  let tmp: TempDir;
  let work: WorkRunner;
  let app: ReturnType<typeof appWith>;

  beforeEach(async () => {
    tmp = makeTempDir('rr-preview-pages-');
    work = makeRunner();
    app = appWith(work);
    await app.ok('register:create', { path: tmp.file('register.sqlite') });
  });
  afterEach(async () => {
    app.session.close();
    await work.close();
    tmp.cleanup();
  });

  it('answers the first page with the counts and the repair rows, then every page as the slice of all rows', async () => {
    const csv = bigCsv(tmp.file('problems.csv'), { problems: true });
    // Every row, as the CLI asks: the reference the pages must match.
    const full = await app.ok('import:preview', { path: csv });
    expect(full?.rows).toHaveLength(ROWS);
    expect(full?.paged).toBeUndefined();
    const all = full?.rows ?? [];
    const problems = all.filter((r) => r.status !== 'ok');
    expect(problems.length).toBe(200 + 30);

    const first = await app.ok('import:preview', { path: csv, firstRows: 300 });
    if (!first?.paged) throw new Error('no paged preview');
    expect(first.rows).toEqual(all.slice(0, 300));
    expect(first.counts).toEqual(full?.counts);
    expect(first.paged.total).toBe(ROWS);
    expect(first.paged.problems).toBe(problems.length);
    expect(first.paged.repairRows).toEqual(
      all
        .filter((r) => r.repairs.length > 0 || r.status === 'needs-repair')
        .map((r) => ({
          row: r.row,
          status: r.status,
          kinds: r.repairs.map((x) => x.kind),
          ...(r.errors.length ? { errors: true } : {}),
        })),
    );
    expect(first.paged.repairRows).toHaveLength(200);
    // Everything but the rows is the same as the whole preview's.
    const { rows: _a, paged: _p, ...head } = first;
    const { rows: _b, ...fullHead } = full ?? first;
    void _a;
    void _p;
    void _b;
    expect(head).toEqual(fullHead);

    // The first page again, a middle page and the last, partial page.
    const page = (offset: number, limit: number, only?: 'all' | 'problems') =>
      app.ok('import:preview-rows', { path: csv, offset, limit, ...(only ? { only } : {}) });
    expect(await page(0, 300)).toEqual({ offset: 0, total: ROWS, rows: all.slice(0, 300) });
    expect(await page(4200, 300)).toEqual({ offset: 4200, total: ROWS, rows: all.slice(4200, 4500) });
    const last = await page(9900, 300);
    expect(last.rows).toHaveLength(100);
    expect(last).toEqual({ offset: 9900, total: ROWS, rows: all.slice(9900) });
    expect((await page(ROWS, 300)).rows).toEqual([]);

    // Only the rows with something to check, page by page: the same list as filtering every row.
    const seen: ImportRowPreview[] = [];
    for (let offset = 0; offset < problems.length; offset += 100) {
      const p = await page(offset, 100, 'problems');
      expect(p.total).toBe(problems.length);
      seen.push(...p.rows);
    }
    expect(seen).toEqual(problems);
  }, 60_000);

  it('refuses a page larger than the cap at the door, and firstRows over it too', async () => {
    const csv = bigCsv(tmp.file('problems.csv'), { problems: true });
    await app.ok('import:preview', { path: csv, firstRows: 300 });
    const big = await app.fail('import:preview-rows', { path: csv, offset: 0, limit: 1001 });
    expect(big.code).toBe('VALIDATION');
    expect(big.message).toContain('at most 1000 rows');
    expect((await app.fail('import:preview-rows', { path: csv, offset: -1, limit: 10 })).code).toBe(
      'VALIDATION',
    );
    expect((await app.fail('import:preview', { path: csv, firstRows: 5000 })).code).toBe('VALIDATION');
    expect((await app.ok('import:preview-rows', { path: csv, offset: 0, limit: 1000 })).rows).toHaveLength(
      1000,
    );
  }, 60_000);

  it('refuses a page of a file once another file, or the same file with another mapping, was previewed', async () => {
    const a = bigCsv(tmp.file('a.csv'), { problems: true });
    const b = tmp.file('b.csv');
    writeFileSync(b, 'Ref,Category,Description,Impact,Likelihood\nB1,Finance,Other,3,3\n');
    await app.ok('import:preview', { path: a, firstRows: 300 });
    await app.ok('import:preview', { path: b, firstRows: 300 });
    const gone = await app.fail('import:preview-rows', { path: a, offset: 300, limit: 300 });
    expect(gone.code).toBe('CONFLICT');
    expect(gone.message).toMatch(/a\.csv.*Preview the file again\./);
    // b's rows are there; with another mapping than b's preview's they are not.
    expect((await app.ok('import:preview-rows', { path: b, offset: 0, limit: 10 })).rows).toHaveLength(1);
    const other = await app.fail('import:preview-rows', {
      path: b,
      mapping: { description: null },
      offset: 0,
      limit: 10,
    });
    expect(other.code).toBe('CONFLICT');
    expect(other.message).toContain('Preview the file again.');
    // A preview of every row (the CLI's) keeps none back: there is no page to ask for.
    await app.ok('import:preview', { path: b });
    expect((await app.fail('import:preview-rows', { path: b, offset: 0, limit: 10 })).code).toBe('CONFLICT');
  }, 60_000);

  it('lets go of the pages when the dialog is cancelled; the same file still imports, read again', async () => {
    const csv = bigCsv(tmp.file('clean.csv'), { problems: false });
    const preview = await app.ok('import:preview', { path: csv, firstRows: 300 });
    expect(await app.ok('import:cancel', {})).toBeNull();
    const gone = await app.fail('import:preview-rows', { path: csv, offset: 300, limit: 300 });
    expect(gone.code).toBe('CONFLICT');
    // Cancelling twice, or with nothing previewed, is harmless.
    expect(await app.ok('import:cancel', {})).toBeNull();
    const done = await app.ok('import:commit', { path: csv, fileHash: preview?.fileHash });
    expect(done.imported).toBe(ROWS);
  }, 60_000);

  it('refuses a page once the file is imported', async () => {
    const csv = bigCsv(tmp.file('clean.csv'), { problems: false });
    const preview = await app.ok('import:preview', { path: csv, firstRows: 300 });
    expect(preview?.paged?.repairRows).toEqual([]);
    expect((await app.ok('import:preview-rows', { path: csv, offset: 9990, limit: 300 })).rows).toHaveLength(
      10,
    );
    const done = await app.ok('import:commit', { path: csv, fileHash: preview?.fileHash });
    expect(done.imported).toBe(ROWS);
    const after = await app.fail('import:preview-rows', { path: csv, offset: 0, limit: 300 });
    expect(after.code).toBe('CONFLICT');
    expect(after.message).toContain('Preview the file again.');
  }, 60_000);
});

describe.each(runners)('the import preview in pages of a register workbook, %s', (_name, makeRunner) => {
  it('pages the workbook’s rows kept by the thread that read it, and lets go of them on import', async () => {
    const tmp = makeTempDir('rr-preview-pages-book-');
    const work = makeRunner();
    const from = appWith(inThreadRunner);
    const to = appWith(work);
    try {
      await from.ok('register:create', { path: tmp.file('from.sqlite'), sample: true });
      const book = tmp.file('register.xlsx');
      await from.ok('export:register', { path: book });
      await to.ok('register:create', { path: tmp.file('to.sqlite') });
      const full = await to.ok('import:preview', { path: book });
      const all = full?.rows ?? [];
      expect(all).toHaveLength(19);
      const first = await to.ok('import:preview', { path: book, firstRows: 5 });
      expect(first?.rows).toEqual(all.slice(0, 5));
      expect(first?.paged).toEqual({ total: 19, problems: 0, repairRows: [] });
      expect(await to.ok('import:preview-rows', { path: book, offset: 15, limit: 5 })).toEqual({
        offset: 15,
        total: 19,
        rows: all.slice(15),
      });
      expect(
        await to.ok('import:preview-rows', { path: book, offset: 0, limit: 5, only: 'problems' }),
      ).toEqual({ offset: 0, total: 0, rows: [] });
      expect((await to.ok('import:commit', { path: book, fileHash: first?.fileHash })).imported).toBe(19);
      expect((await to.fail('import:preview-rows', { path: book, offset: 0, limit: 5 })).code).toBe(
        'CONFLICT',
      );
    } finally {
      from.session.close();
      to.session.close();
      await work.close();
      tmp.cleanup();
    }
  });
});

describe("the worker lets go of a cancelled preview's plan", () => {
  it('a commit after import:forget { plan } reads the file again (the kept plan of the old bytes is gone)', async () => {
    const tmp = makeTempDir('rr-preview-forget-');
    try {
      const app = appWith(inThreadRunner);
      const registerPath = tmp.file('register.sqlite');
      await app.ok('register:create', { path: registerPath });
      const csv = tmp.file('one.csv');
      writeFileSync(csv, 'Ref,Category,Description,Impact,Likelihood\nFG1,Finance,As previewed,3,3\n');
      const { prepared } = await runJob('import:preview', {
        path: csv,
        context: previewContext(app.session.db),
        firstRows: 300,
      });
      if (!prepared) throw new Error('a CSV has a plan');
      await runJob('import:forget', { plan: true });
      writeFileSync(csv, 'Ref,Category,Description,Impact,Likelihood\nFG1,Finance,Changed since,3,3\n');
      // With the plan still kept this is refused ("changed since it was previewed"); forgotten, the file is read now.
      const done = await runJob('import:commit', {
        registerPath,
        path: csv,
        token: prepared.token,
        accept: [],
        ctx: { now: '2026-12-01T09:00:00.000Z', by: 'Alice Example' },
      });
      expect(done.imported).toBe(1);
      const description = app.session.db
        .prepare("SELECT description FROM risks WHERE ref = 'FG1'")
        .pluck()
        .get();
      expect(description).toBe('Changed since');
      app.session.close();
    } finally {
      tmp.cleanup();
    }
  });
});
