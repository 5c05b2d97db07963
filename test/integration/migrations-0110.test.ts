/**
 * Migration 110 (issue 11): risks gain an optional title, and impact/likelihood become nullable (not yet assessed).
 * SQLite cannot relax NOT NULL in place, so `risks` and `snapshot_risks` are rebuilt. Proven here on a register
 * file built at version 90 with a row in every table that points at a risk: nothing is lost, every other table
 * is unchanged row for row, the foreign keys point at the new table (deleting a risk still cascades), and a
 * rebuild that would leave a dangling row rolls back entirely.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, createRegisterFile, openRegisterFile } from '../../db/connection.ts';
import { LATEST_VERSION, migrate, schemaVersion } from '../../db/migrations/index.ts';
import { listRisks } from '../../db/risks.ts';
import type { TempDir } from './helpers.ts';
import { makeTempDir } from './helpers.ts';

let tmp: TempDir;
const open: Database.Database[] = [];
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  tmp.cleanup();
});

const T = '2026-03-01T09:00:00.000Z';

/** A register at version 90 with a row in every table that names a risk. */
function registerAt90(path: string): void {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  expect(migrate(raw, 90)).toEqual([10, 20, 30, 40, 60, 80, 90]);
  raw.exec(`
    BEGIN;
    INSERT INTO categories (id, name, position, created_at) VALUES ('c1', 'Finance', 1, '${T}');
    INSERT INTO owners (id, initials, name, created_at) VALUES ('o1', 'SP', 'Sarah Page', '${T}');
    INSERT INTO risks (id, ref, category_id, description, impact, likelihood, inherent_impact, inherent_likelihood,
                       target_impact, target_likelihood, mitigation, position, created_at, updated_at, review_cycle,
                       confidential)
      VALUES ('r1', 'SR1', 'c1', 'Grant dependence', 4, 2, 5, 3, 2, 2, 'Reserves', 1, '${T}', '${T}', 'monthly', 1),
             ('r2', 'SR2', 'c1', 'Pay award', 3, 3, NULL, NULL, NULL, NULL, '', 2, '${T}', '${T}', 'quarterly', 0);
    INSERT INTO risk_owners (risk_id, owner_id, position) VALUES ('r1', 'o1', 1), ('r2', 'o1', 1);
    INSERT INTO actions (id, risk_id, text, owner_id, due_date, status, position, created_at, updated_at)
      VALUES ('a1', 'r1', 'Bid for the grant', 'o1', '2026-06-30', 'in_progress', 1, '${T}', '${T}');
    INSERT INTO reviews (id, risk_id, ref, at, by, note, impact, likelihood, score_changed, next_review)
      VALUES ('v1', 'r1', 'SR1', '${T}', 'Sarah', 'Looked', 4, 2, 0, '2026-04-01');
    INSERT INTO controls (id, text, owner_id, created_at, updated_at) VALUES ('k1', 'Budget monitoring', 'o1', '${T}', '${T}');
    INSERT INTO risk_controls (risk_id, control_id, linked_at) VALUES ('r1', 'k1', '${T}');
    INSERT INTO assurances (id, risk_id, source, line, strength, position, created_at, updated_at)
      VALUES ('s1', 'r1', 'Internal audit', 3, 'reasonable', 1, '${T}', '${T}');
    INSERT INTO risk_treatments (risk_id, treatment, updated_at) VALUES ('r2', 'tolerate', '${T}');
    INSERT INTO objectives (id, ref, title, created_at, updated_at) VALUES ('b1', 'OBJ1', 'Balanced budget', '${T}', '${T}');
    INSERT INTO risk_objectives (risk_id, objective_id, linked_at) VALUES ('r1', 'b1', '${T}');
    INSERT INTO snapshot_risks (snapshot_id, risk_id, ref, category, description, impact, likelihood, owners, mitigation)
      VALUES ('p1', 'r1', 'SR1', 'Finance', 'Grant dependence', 4, 2, '["SP"]', 'Reserves');
    INSERT INTO snapshots (id, name, taken_at, taken_by) VALUES ('p1', 'Q4', '${T}', 'Sarah');
    COMMIT;
  `);
  expect(schemaVersion(raw)).toBe(90);
  raw.close();
}

const CHILD_TABLES = [
  'categories',
  'owners',
  'risk_owners',
  'actions',
  'reviews',
  'controls',
  'risk_controls',
  'assurances',
  'risk_treatments',
  'objectives',
  'risk_objectives',
  'snapshots',
  'snapshot_risks',
  'settings',
] as const;

function rowsOf(db: Database.Database, table: string): unknown[] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
}

describe('migration 110 on a register at version 90', () => {
  it('keeps every risk and every row that points at one; old risks have no title and stay assessed', () => {
    const path = tmp.file('at90.riskreg');
    registerAt90(path);
    const before = new Database(path, { readonly: true });
    const risksBefore = rowsOf(before, 'risks') as Record<string, unknown>[];
    const childrenBefore = Object.fromEntries(CHILD_TABLES.map((t) => [t, rowsOf(before, t)]));
    before.close();
    expect(risksBefore).toHaveLength(2);

    const reg = openRegisterFile(path);
    open.push(reg.db);
    expect(schemaVersion(reg.db)).toBe(LATEST_VERSION);
    expect(reg.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(reg.db.pragma('foreign_key_check')).toEqual([]);
    expect(reg.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Risks: every column as it was, plus a null title (and the later migrations' columns at their defaults:
    // no appetite override, no cause, event or effect).
    const risksAfter = rowsOf(reg.db, 'risks') as Record<string, unknown>[];
    expect(risksAfter).toEqual(
      risksBefore.map((r) => ({
        ...r,
        title: null,
        appetite_level: null,
        appetite_reason: null,
        cause: '',
        event: '',
        effect: '',
      })),
    );
    // Every other table, row for row (the columns it had at version 90; later migrations may add columns).
    const project = (rows: unknown[], like: unknown[]) =>
      rows.map((r, i) => {
        const keys = Object.keys((like[i] ?? {}) as Record<string, unknown>);
        return Object.fromEntries(keys.map((k) => [k, (r as Record<string, unknown>)[k]]));
      });
    for (const t of CHILD_TABLES) {
      const was = childrenBefore[t] ?? [];
      const now = rowsOf(reg.db, t);
      expect(now, t).toHaveLength(was.length);
      expect(project(now, was), t).toEqual(was);
    }

    const records = listRisks(reg.db);
    expect(records.map((r) => [r.ref, r.title, r.impact, r.likelihood, r.inherent, r.target])).toEqual([
      ['SR1', null, 4, 2, { impact: 5, likelihood: 3 }, { impact: 2, likelihood: 2 }],
      ['SR2', null, 3, 3, null, null],
    ]);

    // The same schema as a register created now.
    const fresh = createRegisterFile(tmp.file('fresh.riskreg'));
    open.push(fresh.db);
    const schema = (db: Database.Database) =>
      db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name`).all();
    expect(schema(reg.db)).toEqual(schema(fresh.db));
  });

  it('leaves the foreign keys pointing at the rebuilt table: deleting a risk still cascades, a dangling row is refused', () => {
    const path = tmp.file('cascade.riskreg');
    registerAt90(path);
    const reg = openRegisterFile(path);
    open.push(reg.db);
    const count = (sql: string) => reg.db.prepare(sql).pluck().get() as number;
    expect(count(`SELECT COUNT(*) FROM actions WHERE risk_id = 'r1'`)).toBe(1);
    reg.db.prepare(`DELETE FROM risks WHERE id = 'r1'`).run();
    for (const t of ['risk_owners', 'actions', 'reviews', 'risk_controls', 'assurances', 'risk_objectives']) {
      expect(count(`SELECT COUNT(*) FROM ${t} WHERE risk_id = 'r1'`), t).toBe(0);
    }
    expect(count(`SELECT COUNT(*) FROM risk_owners WHERE risk_id = 'r2'`)).toBe(1);
    expect(() =>
      reg.db
        .prepare(
          `INSERT INTO actions (id, risk_id, text, position, created_at, updated_at) VALUES ('a9', 'nope', 't', 1, 'x', 'x')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('allows a risk not yet assessed (both null) but never one without the other, and checks the title', () => {
    const reg = createRegisterFile(tmp.file('checks.riskreg'));
    open.push(reg.db);
    reg.db.exec(
      `INSERT INTO categories (id, name, position, created_at) VALUES ('c1', 'Finance', 1, '${T}')`,
    );
    const insert = reg.db.prepare(
      `INSERT INTO risks (id, ref, category_id, description, impact, likelihood, title, position, created_at, updated_at)
       VALUES (?, ?, 'c1', 'd', ?, ?, ?, 1, '${T}', '${T}')`,
    );
    insert.run('r1', 'SR1', null, null, 'Funding gap');
    expect(() => insert.run('r2', 'SR2', 3, null, null)).toThrow(/CHECK/);
    expect(() => insert.run('r3', 'SR3', null, 2, null)).toThrow(/CHECK/);
    expect(() => insert.run('r4', 'SR4', 3, 3, 'two\nlines')).toThrow(/CHECK/);
    expect(() => insert.run('r5', 'SR5', 3, 3, 'x'.repeat(201))).toThrow(/CHECK/);
    expect(() => insert.run('r6', 'SR6', 3, 3, '')).toThrow(/CHECK/);
    expect(listRisks(reg.db).map((r) => [r.ref, r.title, r.impact, r.likelihood])).toEqual([
      ['SR1', 'Funding gap', null, null],
    ]);
  });

  it('rolls everything back, still at version 90, when the rebuild would leave a row pointing at nothing', () => {
    const path = tmp.file('dangling.riskreg');
    registerAt90(path);
    const raw = new Database(path);
    open.push(raw);
    // A row written with foreign keys off by some other tool: it points at no risk.
    raw.pragma('foreign_keys = OFF');
    raw.exec(`INSERT INTO risk_owners (risk_id, owner_id, position) VALUES ('ghost', 'o1', 1)`);
    raw.pragma('foreign_keys = ON');
    const risksBefore = rowsOf(raw, 'risks');
    expect(() => migrate(raw)).toThrow(/pointing at missing rows/);
    expect(schemaVersion(raw)).toBe(90);
    expect(rowsOf(raw, 'risks')).toEqual(risksBefore);
    expect(raw.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%0110%'`).pluck().get()).toBe(0);
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
