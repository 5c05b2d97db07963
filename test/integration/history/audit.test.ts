import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../db/handlers/index.ts';
import { trustedPaths } from '../../../db/files/grants.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import type { Fixture } from './setup.ts';
import { lgaRegister } from './setup.ts';

let f: Fixture;
beforeEach(async () => {
  f = await lgaRegister();
});
afterEach(() => f.done());

/** A working day of changes by two people: 19 import entries on 01/04, then 4 more on 02/04 and 03/04. */
async function someChanges() {
  f.clock.set('2026-04-02T10:00:00.000Z');
  f.app.setUser('Carol Hope');
  const sr4 = await f.byRef('SR4');
  const v2 = await f.app.ok('risks:update-score', {
    id: sr4.id,
    version: sr4.version,
    impact: 5,
    likelihood: 4,
    reason: 'Contracts slipping',
  });
  f.clock.set('2026-04-03T11:00:00.000Z');
  f.app.setUser('Dan Hill');
  await f.app.ok('risks:update', {
    id: sr4.id,
    version: v2.version,
    changes: { mitigation: 'Weekly transition checks', owners: ['Cho', 'DH'] },
  });
  const sr6 = await f.byRef('SR6');
  await f.app.ok('reviews:record', { id: sr6.id, version: sr6.version, note: 'No change' });
  return { sr4, sr6 };
}

describe('audit:list', () => {
  it('lists every change across the register, newest first, with a total for paging', async () => {
    await someChanges();
    const page = await f.app.ok('audit:list', { limit: 3 });
    expect(page.total).toBe(23);
    expect(page.entries.map((e) => [e.seq, e.label, e.action, e.field])).toEqual([
      [23, 'SR6', 'review', 'review'],
      [22, 'SR4', 'update', 'owners'],
      [21, 'SR4', 'update', 'mitigation'],
    ]);
    const next = await f.app.ok('audit:list', { limit: 3, offset: 3 });
    expect(next.entries.map((e) => e.seq)).toEqual([20, 19, 18]);
  });

  it('filters by person (any case), date range, risk, field and action', async () => {
    const { sr4 } = await someChanges();
    const seqs = async (input: Parameters<typeof f.app.ok<'audit:list'>>[1]) =>
      (await f.app.ok('audit:list', input)).entries.map((e) => e.seq);
    expect(await seqs({ person: 'carol hope' })).toEqual([20]);
    expect(await seqs({ person: 'Dan Hill' })).toEqual([23, 22, 21]);
    expect(await seqs({ from: '2026-04-02', to: '2026-04-02' })).toEqual([20]);
    expect(await seqs({ from: '2026-04-03' })).toEqual([23, 22, 21]);
    expect((await seqs({ to: '2026-04-01' })).length).toBe(19);
    expect(await seqs({ riskId: sr4.id })).toEqual([22, 21, 20, 4]);
    expect(await seqs({ field: 'current' })).toEqual([20]);
    expect(await seqs({ action: 'review' })).toEqual([23]);
    expect(await seqs({ riskId: sr4.id, person: 'Dan Hill', field: 'owners' })).toEqual([22]);
  });

  it('offers the people and fields that appear, for the filters', async () => {
    await someChanges();
    expect(await f.app.ok('audit:facets', {})).toEqual({
      people: ['Alice Example', 'Carol Hope', 'Dan Hill'],
      fields: ['current', 'mitigation', 'owners', 'review'],
    });
  });

  it('refuses a range that ends before it starts, saying what to do', async () => {
    const err = await f.app.fail('audit:list', { from: '2026-04-03', to: '2026-04-01' });
    expect(err.message).toBe(
      'The "from" date 03/04/2026 is after the "to" date 01/04/2026. Swap them or widen the range.',
    );
  });
});

describe('history is written in the same transaction as the change', () => {
  it('a stale score edit leaves no history row', async () => {
    const sr4 = await f.byRef('SR4');
    await f.app.ok('risks:update-score', { id: sr4.id, version: sr4.version, impact: 4, likelihood: 3 });
    const before = f.historyCount();
    const err = await f.app.fail('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      impact: 1,
      likelihood: 1,
    });
    expect(err.code).toBe('CONFLICT');
    expect(f.historyCount()).toBe(before);
    expect((await f.app.ok('audit:list', { riskId: sr4.id })).total).toBe(2);
  });

  it('a snapshot that fails half-way leaves neither the snapshot nor its history row', async () => {
    const before = f.historyCount();
    f.app.session.db.exec(
      "CREATE TEMP TRIGGER fail_history BEFORE INSERT ON history BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    expect((await f.app.fail('snapshots:take', { name: 'Q1' })).code).toBe('INTERNAL');
    f.app.session.db.exec('DROP TRIGGER temp.fail_history');
    expect(await f.app.ok('snapshots:list', {})).toEqual([]);
    expect(f.app.session.db.prepare('SELECT COUNT(*) FROM snapshot_risks').pluck().get()).toBe(0);
    expect(f.historyCount()).toBe(before);
  });
});

describe('audit:verify', () => {
  /** What someone with another SQLite tool could do: drop the guards, then change rows. */
  function tamper(sql: string): void {
    const path = f.path;
    f.app.close();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete;');
    raw.exec(sql);
    raw.close();
    f.app.session.open(path);
  }

  it('says the history is intact, with the number of entries', async () => {
    await someChanges();
    expect(await f.app.ok('audit:verify', {})).toEqual({
      ok: true,
      entries: 23,
      message: 'History intact: 23 entries.',
      head: expect.stringMatching(/^23:[0-9a-f]{64}$/),
    });
  });

  it('finds an edited row', async () => {
    await someChanges();
    tamper(`UPDATE history SET by = 'Someone Else' WHERE seq = 20`);
    expect(await f.app.ok('audit:verify', {})).toMatchObject({
      ok: false,
      firstBroken: 20,
      problem: 'entry 20 was altered',
      message: 'History broken at entry 20: entry 20 was altered. Checked 20 entries.',
    });
  });

  it('finds a deleted row', async () => {
    await someChanges();
    tamper('DELETE FROM history WHERE seq = 21');
    expect(await f.app.ok('audit:verify', {})).toMatchObject({ ok: false, firstBroken: 21 });
  });

  it('finds rows swapped into another order', async () => {
    await someChanges();
    tamper(`
      UPDATE history SET seq = -1 WHERE seq = 21;
      UPDATE history SET seq = 21 WHERE seq = 22;
      UPDATE history SET seq = 22 WHERE seq = -1;`);
    expect(await f.app.ok('audit:verify', {})).toMatchObject({
      ok: false,
      firstBroken: 21,
      problem: 'entry 21 does not follow entry 20',
    });
  });

  it('finds the last rows cut off the end', async () => {
    await someChanges();
    tamper('DELETE FROM history WHERE seq >= 22');
    expect(await f.app.ok('audit:verify', {})).toMatchObject({
      ok: false,
      entries: 21,
      firstBroken: 22,
      problem: 'entries 22 to 23 are missing',
    });
  });
});

describe('audit:export', () => {
  it('writes a CSV Excel opens as UTF-8, with formula-like cells neutralised, and records the export', async () => {
    await someChanges();
    const sr9 = await f.byRef('SR9');
    f.app.setUser('@admin');
    await f.app.ok('risks:update', {
      id: sr9.id,
      version: sr9.version,
      changes: { mitigation: '=HYPERLINK("http://evil.example","Click")' },
      reason: '-1+1 tidy',
    });
    const path = f.tmp.file('audit.csv');
    const out = await f.app.ok('audit:export', { format: 'csv', path });
    expect(out).toEqual({
      path,
      format: 'csv',
      rows: 24,
      historyHead: expect.stringMatching(/^24:[0-9a-f]{64}$/),
    });
    // The last cell of every row is the entry's own anchor, SEQ:HASH.
    const anchor = (seq: number) =>
      `,${seq}:${String(f.app.session.db.prepare('SELECT hash FROM history WHERE seq = ?').pluck().get(seq))}`;

    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Entry,Date,Time,By,Item,Type,Action,Field,Old value,New value,Reason,Hash');
    expect(lines).toHaveLength(24 + 2); // header, 24 rows, final line end
    expect(lines[20]).toBe(
      '20,02/04/2026,10:00,Carol Hope,SR4,risk,update,current,5 × 3 = 15 Amber,5 × 4 = 20 Red,Contracts slipping' +
        anchor(20),
    );
    expect(lines[23]).toBe(
      '23,03/04/2026,11:00,Dan Hill,SR6,risk,review,review,next review 01/07/2026,' +
        '3 × 3 = 9 Yellow; next review 03/07/2026,No change' +
        anchor(23),
    );
    // A cell with a comma is quoted; cells starting with @ = - are shown as text by a leading apostrophe.
    expect(lines[24]).toBe(
      `24,03/04/2026,11:00,'@admin,SR9,risk,update,mitigation,"${sr9.mitigation}",` +
        `"'=HYPERLINK(""http://evil.example"",""Click"")",'-1+1 tidy` +
        anchor(24),
    );

    const exported = (await f.app.ok('audit:list', { limit: 1 })).entries[0];
    expect(exported).toMatchObject({
      seq: 25,
      entity: 'register',
      action: 'export',
      by: '@admin',
      newValue: { format: 'csv', path, rows: 24 },
    });
    expect((await f.app.ok('audit:verify', {})).ok).toBe(true);
  });

  it('writes an XLSX with the same rows, filtered like the list', async () => {
    const { sr4 } = await someChanges();
    const path = f.tmp.file('sr4.xlsx');
    const out = await f.app.ok('audit:export', { format: 'xlsx', path, riskId: sr4.id });
    expect(out?.rows).toBe(4);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('Audit trail');
    expect(ws?.rowCount).toBe(5);
    expect(ws?.getRow(1).getCell(1).value).toBe('Entry');
    expect(ws?.getRow(1).font?.bold).toBe(true);
    const row = ws?.getRow(3);
    expect([1, 4, 5, 8, 9, 10, 11].map((c) => row?.getCell(c).value)).toEqual([
      20,
      'Carol Hope',
      'SR4',
      'current',
      '5 × 3 = 15 Amber',
      '5 × 4 = 20 Red',
      'Contracts slipping',
    ]);
    expect(ws?.getRow(5).getCell(10).value).toBe('Cho, DH');
    const last = (await f.app.ok('audit:list', { limit: 1 })).entries[0];
    expect(last).toMatchObject({
      action: 'export',
      newValue: { format: 'xlsx', rows: 4, filters: { riskId: sr4.id } },
    });
  });

  it('a failed export leaves no file and no record of an export', async () => {
    const before = f.historyCount();
    const path = f.tmp.file('no-such-folder/audit.csv');
    const err = await f.app.fail('audit:export', { format: 'csv', path });
    expect(err.code).toBe('IO');
    expect(err.message).toMatch(/no-such-folder does not exist\. Choose another place to save the export\.$/);
    expect(existsSync(path)).toBe(false);
    expect(f.historyCount()).toBe(before);
    expect(readdirSync(f.tmp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('without a path, asks where to save (suggesting a name), and does nothing when cancelled', async () => {
    const asked: [string, string][] = [];
    let answer: string | null = null;
    const handlers = createHandlers({
      files: trustedPaths,
      session: f.app.session,
      now: f.clock.now,
      user: () => 'Alice Example',
      dialogs: {
        ...noDialogs,
        chooseExportPath: (name, format) => {
          asked.push([name, format]);
          return Promise.resolve(answer);
        },
      },
    });
    const before = f.historyCount();
    expect(await handlers['audit:export']({ format: 'xlsx' })).toBeNull();
    expect(asked).toEqual([['Audit trail 2026-04-01.xlsx', 'xlsx']]);
    expect(f.historyCount()).toBe(before);

    answer = f.tmp.file('chosen.csv');
    expect(await handlers['audit:export']({ format: 'csv' })).toEqual({
      path: answer,
      format: 'csv',
      rows: 19,
      historyHead: expect.stringMatching(/^\d+:[0-9a-f]{64}$/),
    });
    expect(existsSync(answer)).toBe(true);
    expect(f.historyCount()).toBe(before + 1);
  });
});
