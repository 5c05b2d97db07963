import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, createRegisterFile, openRegisterFile } from '../../db/connection.ts';
import { LATEST_VERSION, migrate, MIGRATIONS, schemaVersion } from '../../db/migrations/index.ts';
import { listRisks } from '../../db/risks.ts';
import type { TempDir } from './helpers.ts';
import { makeTempDir } from './helpers.ts';

/** The schema as SQLite holds it, in a stable order, ready to compare or snapshot. */
function schemaOf(db: Database.Database): string {
  const rows = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
        WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
        ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'trigger' THEN 2 ELSE 3 END, name`,
    )
    .all() as { type: string; name: string; sql: string }[];
  return rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql};\n`).join('\n');
}

let tmp: TempDir;
const open: Database.Database[] = [];
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  tmp.cleanup();
});

describe('a new register file', () => {
  it('starts at migration 10, numbered in steps of 10, ending at the latest', () => {
    expect(MIGRATIONS[0]?.version).toBe(10);
    expect(MIGRATIONS.every((m) => m.version % 10 === 0)).toBe(true);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(
      [...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b),
    );
    expect(LATEST_VERSION).toBe(MIGRATIONS.at(-1)?.version);
  });

  it('is migrated to the latest version, marked as a register, in WAL mode with foreign keys on', () => {
    const reg = createRegisterFile(tmp.file('new.riskreg'));
    open.push(reg.db);
    expect(reg.readOnly).toBe(false);
    expect(schemaVersion(reg.db)).toBe(LATEST_VERSION);
    expect(reg.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(reg.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(APPLICATION_ID).toBe(0x52524547); // "RREG"
    expect(reg.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reg.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(reg.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(reg.db.pragma('foreign_key_check')).toEqual([]);
    expect(reg.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('has the expected schema', async () => {
    const reg = createRegisterFile(tmp.file('schema.riskreg'));
    open.push(reg.db);
    await expect(schemaOf(reg.db)).toMatchFileSnapshot('./__snapshots__/schema.sql');
  });

  it('keeps its settings on reopening: still WAL, application id, latest version; nothing re-applied', () => {
    const path = tmp.file('reopen.riskreg');
    createRegisterFile(path).db.close();
    const reg = openRegisterFile(path);
    open.push(reg.db);
    expect(reg.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reg.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(reg.db)).toBe(LATEST_VERSION);
    expect(migrate(reg.db)).toEqual([]);
  });

  it('enforces foreign keys and the 1–5 score checks at the database itself', () => {
    const reg = createRegisterFile(tmp.file('checks.riskreg'));
    open.push(reg.db);
    const insert = reg.db.prepare(
      `INSERT INTO risks (id, ref, category_id, description, impact, likelihood, position, created_at, updated_at)
       VALUES (?, ?, ?, 'd', ?, ?, 1, 'now', 'now')`,
    );
    expect(() => insert.run('r1', 'SR1', 'no-such-category', 3, 3)).toThrow(/FOREIGN KEY/);
    reg.db
      .prepare("INSERT INTO categories (id, name, position, created_at) VALUES ('c1', 'Finance', 1, 'now')")
      .run();
    expect(() => insert.run('r1', 'SR1', 'c1', 6, 3)).toThrow(/CHECK/);
    expect(() => insert.run('r1', 'SR1', 'c1', 3, 0)).toThrow(/CHECK/);
    expect(() => insert.run('r1', 'SR1', 'c1', 2.5, 3)).toThrow(/cannot store REAL value/);
    insert.run('r1', 'SR1', 'c1', 3, 3);
    expect(() => insert.run('r2', 'sr1', 'c1', 3, 3)).toThrow(/UNIQUE/);
  });
});

describe('an older register file', () => {
  it('is migrated forward step by step on opening, keeping its risks', () => {
    const path = tmp.file('old.riskreg');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    expect(migrate(raw, 10)).toEqual([10]);
    expect(schemaVersion(raw)).toBe(10);
    raw.exec(`
      INSERT INTO categories (id, name, position, created_at) VALUES ('c1', 'Finance', 1, '2019-04-01T00:00:00.000Z');
      INSERT INTO risks (id, ref, category_id, description, impact, likelihood, position, created_at, updated_at)
        VALUES ('r1', 'SR1', 'c1', 'Grant dependence', 4, 2, 1, '2019-04-01T00:00:00.000Z', '2019-04-01T00:00:00.000Z');
    `);
    raw.close();

    const reg = openRegisterFile(path);
    open.push(reg.db);
    expect(schemaVersion(reg.db)).toBe(LATEST_VERSION);
    expect(listRisks(reg.db).map((r) => [r.ref, r.category, r.impact, r.likelihood])).toEqual([
      ['SR1', 'Finance', 4, 2],
    ]);

    const fresh = createRegisterFile(tmp.file('fresh.riskreg'));
    open.push(fresh.db);
    expect(schemaOf(reg.db)).toBe(schemaOf(fresh.db));
  });
});
