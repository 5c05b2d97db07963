/**
 * An import's batch (db/risk-writes.ts `RiskBatch`) holds its risks back and writes them, their owner links and
 * their history rows with multi-row INSERTs (db/bulk-insert.ts). What it leaves must be what `createRisk` one risk
 * at a time leaves — the same rows in the same order, the same chain, and on a team register the same changes
 * captured for sync (the capture triggers fire once per row) — and a ref already taken must be refused as
 * `createRisk` refuses it, with nothing written.
 */
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertRows, MAX_SHARED_SETS, sharedSets } from '../../../db/bulk-insert.ts';
import { closeRegister, createRegisterFile, type OpenRegister } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { ensureOwner } from '../../../db/owners.ts';
import { ensureCategory } from '../../../db/categories.ts';
import { createRisk, type NewRisk, RiskBatch } from '../../../db/risk-writes.ts';
import { installCaptureTriggers } from '../../../db/team/row-spec.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import { AppError } from '../../../shared/errors.ts';
import { idsByName, makeTempDir, type TempDir } from '../helpers.ts';

let tmp: TempDir;
let one: OpenRegister;
let batch: OpenRegister;
beforeEach(() => {
  tmp = makeTempDir('rr-bulk-commit-');
  one = createRegisterFile(tmp.file('one.sqlite'));
  batch = createRegisterFile(tmp.file('batch.sqlite'));
});
afterEach(() => {
  closeRegister(one);
  closeRegister(batch);
  tmp.cleanup();
});

const ctx = { now: '2026-11-30T12:00:00.000Z', by: 'Tester' };
const OWNERS = ['AB', 'CD', 'EF', 'GH'];
const CATEGORIES = ['Finance', 'People', 'Legal'];

/** The i-th risk: owners 0–3 of them, titles, scores and texts that vary. */
const risk = (i: number): NewRisk => ({
  ref: `SR${i}`,
  ...(i % 3 === 0 ? { title: `Title ${i}` } : {}),
  category: CATEGORIES[i % CATEGORIES.length] ?? 'Finance',
  description: `Risk ${i} — "quoted", with ünïcode`,
  impact: i % 7 === 0 ? null : (((i % 5) + 1) as 1),
  likelihood: i % 7 === 0 ? null : ((((i + 2) % 5) + 1) as 1),
  inherent: i % 4 === 0 ? { impact: 5, likelihood: 4 } : null,
  target: i % 2 === 0 ? { impact: 1, likelihood: 2 } : null,
  mitigation: i % 2 ? `Mitigation ${i}` : '',
  owners: OWNERS.slice(i % 3, (i % 3) + (i % 4)),
  ...(i % 5 === 0 ? { cause: `Cause ${i}`, effect: `Effect ${i}` } : {}),
  reason: 'Imported from test.csv',
});

/** `n` refs no risk holds, from SR`from` on. */
const fresh = (n: number, from = 200): string[] => Array.from({ length: n }, (_, k) => `SR${from + k}`);

/**
 * A register that syncs with a team (its `team` row and the capture triggers, as publish and join make them), its
 * owners and categories already there.
 */
function teamRegister(db: Database): void {
  db.prepare(
    "INSERT INTO team (id, server, user, role) VALUES (1, 'postgres://x', 'alice', 'manager')",
  ).run();
  installCaptureTriggers(db);
  writeTransaction(db, () => {
    for (const o of OWNERS) ensureOwner(db, o, ctx.now);
    for (const c of CATEGORIES) ensureCategory(db, c, ctx.now);
  });
}

/** Every table an import writes, ids replaced by the refs (or initials, names) they stand for. */
function dump(db: Database): Record<string, unknown[]> {
  const canon = idsByName(db);
  const rows = (sql: string) =>
    (db.prepare(sql).all() as Record<string, unknown>[]).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, canon(v)])),
    );
  return {
    risks: rows('SELECT rowid, * FROM risks ORDER BY rowid'),
    links: rows('SELECT rowid, * FROM risk_owners ORDER BY rowid'),
    owners: rows('SELECT rowid, * FROM owners ORDER BY rowid'),
    categories: rows('SELECT rowid, * FROM categories ORDER BY rowid'),
    history: rows(
      'SELECT seq, entity, entity_id, label, action, field, old_value, new_value, reason, at, by FROM history ORDER BY seq',
    ),
    // What sync sends: op ids are random, and a captured row is stamped with the clock, not the write's time.
    outbox: rows(
      `SELECT id, entity, entity_id, label, action, field, old_value, new_value, reason,
              CASE entity WHEN 'row' THEN 'clock' ELSE at END AS at FROM team_outbox ORDER BY id`,
    ),
  };
}

/** Risks without title, inherent and target pairs, cause or effect: those columns bound once per INSERT. */
const plain = (i: number): NewRisk => ({
  ...risk(i),
  title: null,
  inherent: null,
  target: null,
  cause: undefined,
  effect: undefined,
});

describe('an import batch', () => {
  it.each([
    ['risks that differ in every column', risk],
    ['risks alike in their optional columns', plain],
  ])('leaves the same rows, chain and sync capture as createRisk one risk at a time (%s)', (_, risk) => {
    const n = 233; // two full batches of 100 and a part, each written in runs of 64, 32, 4 and 1 rows
    teamRegister(one.db);
    teamRegister(batch.db);
    writeTransaction(one.db, () => {
      for (let i = 1; i <= n; i += 1) createRisk(one.db, risk(i), ctx, 'import', i);
    });
    writeTransaction(batch.db, () => {
      const b = new RiskBatch(batch.db, ctx, 'import');
      for (let i = 1; i <= n; i += 1) b.add(risk(i), i);
      b.flush();
    });
    const expected = dump(one.db);
    expect(expected['risks']).toHaveLength(n);
    // The owners and categories made first, then every risk's history row and its captured row image.
    expect(expected['outbox']).toHaveLength(OWNERS.length + CATEGORIES.length + 2 * n);
    expect(dump(batch.db)).toEqual(expected);
    expect(verifyHistory(batch.db)).toEqual({ ok: true, entries: n });
  });

  it.each([
    ['taken in the register', ['SR2', 'SR3', 'sr1']],
    ['held back in the same batch', ['SR2', 'SR3', 'sr3']],
    ['held back, before a row that fails', ['SR2', 'sr2']],
    // Past the first 64-row INSERT of the batch's risks: the rows the first one wrote must be undone before the
    // refs are looked up one by one, or the first fresh ref would be reported as taken (by its own row).
    ["taken in the register, in the batch's second INSERT", [...fresh(80), 'sr1']],
  ])('refuses a ref %s as createRisk does, and writes nothing', (_, refs) => {
    const refusal = (db: Database, add: (r: NewRisk, at: number) => void, flush: () => void) => {
      writeTransaction(db, () => createRisk(db, risk(1), ctx));
      const before = dump(db);
      let error: unknown;
      try {
        writeTransaction(db, () => {
          refs.forEach((ref, k) => add({ ...risk(10 + k), ref }, 10 + k));
          // A row that fails its own checks after the taken ref: the taken ref is still what is reported.
          add({ ...risk(99), impact: 3, likelihood: null }, 99);
          flush();
        });
      } catch (e) {
        error = e;
      }
      expect(dump(db)).toEqual(before);
      return error;
    };
    const expected = refusal(
      one.db,
      (r, at) => createRisk(one.db, r, ctx, 'import', at),
      () => {},
    );
    const b = new RiskBatch(batch.db, ctx, 'import');
    const got = refusal(
      batch.db,
      (r, at) => b.add(r, at),
      () => b.flush(),
    );
    expect(expected).toBeInstanceOf(AppError);
    expect((expected as AppError).code).toBe('DUPLICATE');
    expect(got).toEqual(expected);
    expect((got as AppError).message).toBe((expected as AppError).message);
  });

  it.each([
    ['a score out of range', [...fresh(70), 'BAD']],
    ['a score out of range before a taken ref', [...fresh(70), 'BAD', ...fresh(5, 300), 'sr1']],
  ])('refuses a row SQLite refuses (%s) as createRisk does, and writes nothing', (_, refs) => {
    const refusal = (db: Database, add: (r: NewRisk, at: number) => void, flush: () => void) => {
      writeTransaction(db, () => createRisk(db, risk(1), ctx));
      const before = dump(db);
      let error: unknown;
      try {
        writeTransaction(db, () => {
          refs.forEach((ref, k) =>
            // impact 9: the risks table's CHECK refuses it; nothing in the app checks it first.
            add(
              { ...risk(10 + k), ref, ...(ref === 'BAD' ? { impact: 9 as 1, likelihood: 1 } : {}) },
              10 + k,
            ),
          );
          flush();
        });
      } catch (e) {
        error = e;
      }
      expect(dump(db)).toEqual(before);
      return error;
    };
    const expected = refusal(
      one.db,
      (r, at) => createRisk(one.db, r, ctx, 'import', at),
      () => {},
    );
    const b = new RiskBatch(batch.db, ctx, 'import');
    const got = refusal(
      batch.db,
      (r, at) => b.add(r, at),
      () => b.flush(),
    );
    expect((expected as Error).message).toMatch(/CHECK constraint failed/);
    expect(got).toBeInstanceOf((expected as Error).constructor);
    expect((got as { code?: unknown }).code).toBe((expected as { code?: unknown }).code);
    expect((got as Error).message).toBe((expected as Error).message);
  });
});

describe('insertRows', () => {
  it.each([0, 1, 63, 64, 65, 100, 130])('writes %i rows in order', (n) => {
    const db = one.db;
    db.exec('CREATE TEMP TABLE t (a INTEGER, b TEXT)');
    const values = Array.from({ length: n }, (_, i) => [i, `row ${i}`]).flat();
    insertRows(db, 't', 'a, b', 2, values);
    expect(db.prepare('SELECT rowid - 1 AS a, b FROM t ORDER BY rowid').all()).toEqual(
      Array.from({ length: n }, (_, i) => ({ a: i, b: `row ${i}` })),
    );
    expect(db.prepare('SELECT count(*) FROM t WHERE a = rowid - 1').pluck().get()).toBe(n);
  });

  it.each([1, 2, 64, 65, 130])(
    'binds a shared column once when every row holds the same value, giving each row its own (%i rows)',
    (n) => {
      const db = one.db;
      db.exec('CREATE TEMP TABLE t (a INTEGER, at TEXT, by TEXT, note TEXT, gone TEXT)');
      // `at` and `gone` are the same in every row, `by` differs in the last row only, `note` in every row.
      const row = (i: number) => [
        i,
        '2026-11-30T12:00:00.000Z',
        i === n - 1 && n > 1 ? 'Someone else' : 'Tester',
        `note ${i}`,
        null,
      ];
      insertRows(
        db,
        't',
        'a, at, by, note, gone',
        5,
        Array.from({ length: n }, (_, i) => row(i)).flat(),
        [1, 2, 4],
      );
      const rows = db
        .prepare('SELECT rowid - 1 AS i, a, at, by, note, gone FROM t ORDER BY rowid')
        .raw()
        .all() as unknown[][];
      expect(rows).toEqual(Array.from({ length: n }, (_, i) => [i, ...row(i)]));
    },
  );

  it('holds statements for at most MAX_SHARED_SETS sets of shared columns, then binds every value', () => {
    const db = one.db;
    db.exec('CREATE TEMP TABLE t (a INTEGER, b TEXT, c TEXT, d TEXT, e TEXT, f TEXT, g TEXT)');
    const columns = 'a, b, c, d, e, f, g';
    const written: unknown[][] = [];
    // 64 calls of 3 rows, call k with column j + 1 alike in its rows when bit j of k is set: 64 sets.
    for (let k = 0; k < 64; k += 1) {
      const rows = Array.from({ length: 3 }, (_, r) => [
        written.length + r,
        ...Array.from({ length: 6 }, (_, j) => (k & (1 << j) ? `same ${k}` : `row ${r} of ${k}`)),
      ]);
      insertRows(db, 't', columns, 7, rows.flat(), [1, 2, 3, 4, 5, 6]);
      written.push(...rows);
    }
    expect(sharedSets(db, 't', columns, 7)).toBe(MAX_SHARED_SETS);
    expect(db.prepare(`SELECT ${columns} FROM t ORDER BY rowid`).raw().all()).toEqual(written);
  });
});
