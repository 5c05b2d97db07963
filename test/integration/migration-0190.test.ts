/**
 * Migration 190 (issue 14): an index of each risk's owner links in order (`risk_owners_order`), so the risk list's
 * owners subquery reads them from the index in order instead of looking up and sorting each risk's links. Proven on
 * a register file built at version 180 with risks whose owners' order is not their ids' order: the version moves,
 * the index is there, the list's owners keep their order, and the list query no longer sorts per risk.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { APPLICATION_ID, createRegisterFile, openRegisterFile } from '../../db/connection.ts';
import { LATEST_VERSION, migrate, schemaVersion } from '../../db/migrations/index.ts';
import { LIST, listRisks, listRisksPage } from '../../db/risks.ts';
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

/** A register at version 180: three risks, owners linked in an order unlike their ids' (and one with none). */
function registerAt180(path: string): void {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  expect(migrate(raw, 180).at(-1)).toBe(180);
  raw.exec(`
    BEGIN;
    INSERT INTO categories (id, name, position, created_at) VALUES ('c1', 'Finance', 1, '${T}');
    INSERT INTO owners (id, initials, name, created_at)
      VALUES ('o1', 'AA', 'Ann Able', '${T}'), ('o2', 'BB', 'Bob Bell', '${T}'), ('o3', 'CC', 'Cat Cole', '${T}');
    INSERT INTO risks (id, ref, category_id, description, impact, likelihood, mitigation, position, created_at,
                       updated_at, review_cycle, confidential)
      VALUES ('r1', 'SR1', 'c1', 'Grant dependence', 4, 2, 'Reserves', 1, '${T}', '${T}', 'monthly', 0),
             ('r2', 'SR2', 'c1', 'Pay award', 3, 3, '', 2, '${T}', '${T}', 'quarterly', 0),
             ('r3', 'SR10', 'c1', 'Flood', 2, 2, '', 3, '${T}', '${T}', 'quarterly', 0);
    INSERT INTO risk_owners (risk_id, owner_id, position)
      VALUES ('r1', 'o3', 1), ('r1', 'o1', 2), ('r1', 'o2', 3), ('r2', 'o2', 2), ('r2', 'o1', 1);
    COMMIT;
  `);
  expect(schemaVersion(raw)).toBe(180);
  raw.close();
}

const plan = (db: Database.Database, sql: string): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

it('applies on a register at 180 with data: the version moves, owners keep their order, no sort per risk', () => {
  const path = tmp.file('at180.riskreg');
  registerAt180(path);
  const before = new Database(path, { readonly: true });
  const ownersBefore = listRisks(before).map((r) => [r.ref, r.owners]);
  const linksBefore = before.prepare('SELECT * FROM risk_owners ORDER BY rowid').all();
  before.close();
  expect(ownersBefore).toEqual([
    ['SR1', ['CC', 'AA', 'BB']],
    ['SR2', ['AA', 'BB']],
    ['SR10', []],
  ]);

  const reg = openRegisterFile(path);
  open.push(reg.db);
  expect(LATEST_VERSION).toBeGreaterThanOrEqual(190);
  expect(schemaVersion(reg.db)).toBe(LATEST_VERSION);
  expect(reg.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(reg.db.prepare('SELECT * FROM risk_owners ORDER BY rowid').all()).toEqual(linksBefore);
  expect(reg.db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'risk_owners_order'`).pluck().get()).toBe(
    'CREATE INDEX risk_owners_order ON risk_owners(risk_id, position, owner_id)',
  );

  // The same owners, in the same order, from the list and from a page of it.
  expect(listRisks(reg.db).map((r) => [r.ref, r.owners])).toEqual(ownersBefore);
  expect(listRisksPage(reg.db, null, 10).risks.map((r) => [r.ref, r.owners])).toEqual([
    ['SR1', ['CC', 'AA', 'BB']],
    ['SR2', ['AA', 'BB']],
    ['SR10', []],
  ]);

  // The owners subquery reads the links from the new index, in order: no temporary B-tree for each risk.
  const listing = plan(reg.db, LIST);
  expect(listing).toContain('USING COVERING INDEX risk_owners_order');
  expect(listing).not.toContain('TEMP B-TREE');

  // A register created now has the same index.
  const fresh = createRegisterFile(tmp.file('fresh.riskreg'));
  open.push(fresh.db);
  expect(schemaVersion(fresh.db)).toBe(LATEST_VERSION);
  expect(plan(fresh.db, LIST)).toContain('risk_owners_order');
});
