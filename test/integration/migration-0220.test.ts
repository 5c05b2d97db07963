/**
 * Migration 220 (issue 14): the indexes `risk_owners_owner` and `risks_category` go (a large import paid for them
 * and no everyday query needs them), and the owners list counts each owner's risks in one pass (`listOwners`).
 * Proven on a register file built at version 210 with risks (some archived), owners (one with no risk, one with
 * only archived ones), owner links, actions and three categories: after the upgrade the rows are the same, every
 * owner and category query gives what it gave at 210 (the owners list also what the former per-owner query gives
 * on the same file), the foreign keys still hold without the indexes, and a merge or delete still works.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { APPLICATION_ID, createRegisterFile, openRegisterFile } from '../../db/connection.ts';
import { mergeCategories, mergeOwners } from '../../db/directory.ts';
import { LATEST_VERSION, migrate, schemaVersion } from '../../db/migrations/index.ts';
import { getOwner, listOwners, OWNER_LIST, ownersLike, risksOwnedBy } from '../../db/owners.ts';
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
const ctx = { now: '2026-03-02T10:00:00.000Z', by: 'Tester' };

/** The owners list as it was read before migration 220: each owner's links looked up on `risk_owners_owner`. */
const FORMER_OWNER_LIST = `
  SELECT o.id, o.initials, o.name, o.role, o.email, o.version,
         (SELECT COUNT(*) FROM risk_owners ro JOIN risks r ON r.id = ro.risk_id
           WHERE ro.owner_id = o.id AND r.archived_at IS NULL) AS riskCount,
         (SELECT COUNT(*) FROM actions a JOIN risks r ON r.id = a.risk_id
           WHERE a.owner_id = o.id AND a.archived_at IS NULL AND r.archived_at IS NULL) AS actionCount
    FROM owners o ORDER BY o.initials COLLATE NOCASE, o.initials`;

const OWNERS = ['AA', 'bb', 'BB', 'CC', 'DD', 'EE', 'NONE', 'OLD'];
/** Owner ids in the opposite order to their initials. */
const idOf = (initials: string): string => `o${9 - OWNERS.indexOf(initials)}`;

/**
 * A register at version 210: 60 risks in three categories, every 7th archived; each risk linked to one to three
 * owners in an order unlike their ids'; OLD owns only archived risks, NONE nothing; an action on every 5th risk.
 */
function registerAt210(path: string): void {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  expect(migrate(raw, 210).at(-1)).toBe(210);
  raw.exec('BEGIN');
  for (const [k, name] of ['Finance', 'People', 'Safety'].entries())
    raw
      .prepare('INSERT INTO categories (id, name, position, created_at) VALUES (?, ?, ?, ?)')
      .run(`c${k}`, name, k, T);
  for (const initials of OWNERS)
    raw
      .prepare('INSERT INTO owners (id, initials, name, created_at) VALUES (?, ?, ?, ?)')
      .run(idOf(initials), initials, `Owner ${initials}`, T);
  const risk = raw.prepare(
    `INSERT INTO risks (id, ref, category_id, description, impact, likelihood, mitigation, position, created_at,
                        updated_at, archived_at)
     VALUES (?, ?, ?, 'd', 3, 2, '', ?, ?, ?, ?)`,
  );
  const link = raw.prepare('INSERT INTO risk_owners (risk_id, owner_id, position) VALUES (?, ?, ?)');
  const action = raw.prepare(
    `INSERT INTO actions (id, risk_id, text, owner_id, position, created_at, updated_at)
     VALUES (?, ?, 'Do it', ?, 1, ?, ?)`,
  );
  for (let n = 1; n <= 60; n += 1) {
    const archived = n % 7 === 0;
    risk.run(`r${n}`, `SR${n}`, `c${n % 3}`, n, T, T, archived ? T : null);
    const owners =
      archived && n % 2 === 0
        ? ['OLD']
        : [OWNERS[(n * 5) % 6], OWNERS[(n * 3 + 1) % 6]].slice(0, 1 + (n % 2));
    if (n % 11 === 0) owners.push(OWNERS[(n + 2) % 6] as string);
    [...new Set(owners)].forEach((initials, at) => link.run(`r${n}`, idOf(initials as string), 2 - at));
    if (n % 5 === 0) action.run(`a${n}`, `r${n}`, `o${9 - (n % 6)}`, T, T);
  }
  raw.exec('COMMIT');
  expect(schemaVersion(raw)).toBe(210);
  raw.close();
}

const indexNames = (db: Database.Database): string[] =>
  db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`).pluck().all() as string[];

/** Every table's rows in rowid order (the rows and their order must not change). */
function rows(db: Database.Database): Record<string, unknown[]> {
  const tables = ['categories', 'owners', 'risks', 'risk_owners', 'actions'];
  return Object.fromEntries(
    tables.map((t) => [t, db.prepare(`SELECT rowid, * FROM ${t} ORDER BY rowid`).all()]),
  );
}

/** What every query that read the dropped indexes answers, and the risk list. */
function answers(db: Database.Database) {
  return {
    owners: listOwners(db),
    byOwner: OWNERS.map((i) => {
      const id = idOf(i);
      return { one: getOwner(db, id), like: ownersLike(db, i), risks: risksOwnedBy(db, id) };
    }),
    byCategory: ['c0', 'c1', 'c2'].map((c) =>
      db.prepare('SELECT id, ref, version FROM risks WHERE category_id = ? ORDER BY position').all(c),
    ),
    inUse: OWNERS.map(
      (i) =>
        db
          .prepare('SELECT EXISTS (SELECT 1 FROM risk_owners x WHERE x.owner_id = ?)')
          .pluck()
          .get(idOf(i)) as number,
    ),
    risks: listRisks(db, { includeArchived: true }).map((r) => [r.ref, r.category, r.owners, r.archivedAt]),
  };
}

it('upgrades a register at 210: the two indexes go, the rows and every answer stay the same', () => {
  const path = tmp.file('at210.riskreg');
  registerAt210(path);
  const before = new Database(path, { readonly: true });
  expect(indexNames(before)).toEqual(expect.arrayContaining(['risk_owners_owner', 'risks_category']));
  const rowsBefore = rows(before);
  const answersBefore = answers(before);
  const formerList = before.prepare(FORMER_OWNER_LIST).all();
  const otherIndexes = indexNames(before).filter((n) => n !== 'risk_owners_owner' && n !== 'risks_category');
  before.close();
  // The data has what the queries must tell apart: an owner with none, one with only archived risks, shared risks.
  const counts = Object.fromEntries(answersBefore.owners.map((o) => [o.initials, o.riskCount]));
  expect(counts['NONE']).toBe(0);
  expect(counts['OLD']).toBe(0);
  expect(answersBefore.byOwner[OWNERS.indexOf('OLD')]?.risks.length).toBeGreaterThan(0);
  expect(answersBefore.owners.filter((o) => o.riskCount > 0).length).toBe(6);
  expect(answersBefore.owners).toEqual(formerList);

  const reg = openRegisterFile(path);
  open.push(reg.db);
  const db = reg.db;
  expect(schemaVersion(db)).toBe(LATEST_VERSION);
  expect(LATEST_VERSION).toBeGreaterThanOrEqual(220);
  expect(indexNames(db)).toEqual(otherIndexes);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(rows(db)).toEqual(rowsBefore);
  expect(answers(db)).toEqual(answersBefore);
  // The owners list answers what the per-owner query answers on the same file.
  expect(listOwners(db)).toEqual(db.prepare(FORMER_OWNER_LIST).all());

  // The foreign keys hold without an index on the child columns.
  expect(() => db.prepare(`DELETE FROM owners WHERE initials = 'OLD'`).run()).toThrow(/FOREIGN KEY/);
  expect(() => db.prepare(`DELETE FROM categories WHERE id = 'c1'`).run()).toThrow(/FOREIGN KEY/);
  expect(() =>
    db
      .prepare(`INSERT INTO risk_owners (risk_id, owner_id, position) VALUES ('r1', 'no-such-owner', 9)`)
      .run(),
  ).toThrow(/FOREIGN KEY/);

  // A merge moves every link and risk as before, and the counts follow.
  const aa = listOwners(db).find((o) => o.initials === 'AA');
  const cc = listOwners(db).find((o) => o.initials === 'CC');
  const merged = mergeOwners(db, idOf('AA'), idOf('CC'), undefined, ctx);
  expect(merged.owner.riskCount).toBe(listOwners(db).find((o) => o.initials === 'CC')?.riskCount);
  expect(listOwners(db).find((o) => o.initials === 'AA')).toBeUndefined();
  expect(merged.owner.riskCount).toBeGreaterThanOrEqual(Math.max(aa?.riskCount ?? 0, cc?.riskCount ?? 0));
  expect(listOwners(db)).toEqual(db.prepare(FORMER_OWNER_LIST).all());
  const movedCategory = mergeCategories(db, 'c2', 'c0', undefined, ctx);
  expect(movedCategory.movedRisks).toEqual(
    answersBefore.byCategory[2]?.map((r) => (r as { ref: string }).ref),
  );
  expect(db.prepare(`SELECT COUNT(*) FROM risks WHERE category_id = 'c2'`).pluck().get()).toBe(0);
});

it('a register created now has neither index; the owners list reads the risks in order, their links by key', () => {
  const reg = createRegisterFile(tmp.file('fresh.riskreg'));
  open.push(reg.db);
  expect(schemaVersion(reg.db)).toBe(LATEST_VERSION);
  expect(indexNames(reg.db)).not.toContain('risk_owners_owner');
  expect(indexNames(reg.db)).not.toContain('risks_category');
  expect(indexNames(reg.db)).toContain('risk_owners_order');
  const plan = (reg.db.prepare(`EXPLAIN QUERY PLAN ${OWNER_LIST}`).all() as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ');
  expect(plan).toMatch(/SCAN r\b/);
  expect(plan).toMatch(/SEARCH ro USING COVERING INDEX \w+ \(risk_id=\?\)/);
});
