/** Migration 20 moves data: every existing risk gets a review cycle and a next review date. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openRegisterFile } from '../../../db/connection.ts';
import { migrate, schemaVersion } from '../../../db/migrations/index.ts';
import { createRisk } from '../../../db/risk-writes.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

/** A register file left at version 10 (before reviews), holding risks created on the given days. */
function registerAtVersion10(path: string, created: Record<string, string>): void {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  expect(migrate(raw, 10)).toEqual([10]);
  // Plain SQL, as the app of version 10 wrote it: today's repositories expect today's schema.
  raw.exec(
    `INSERT INTO categories (id, name, position, created_at) VALUES ('c1', 'Finance', 1, '2018-01-01T00:00:00.000Z')`,
  );
  const insert = raw.prepare(
    `INSERT INTO risks (id, ref, category_id, description, impact, likelihood, position, created_at, updated_at)
     VALUES (?, ?, 'c1', ?, 3, 2, ?, ?, ?)`,
  );
  Object.entries(created).forEach(([ref, at], i) => insert.run(`r${i}`, ref, `Risk ${ref}`, i + 1, at, at));
  expect(schemaVersion(raw)).toBe(10);
  raw.close();
}

describe('migration 20: reviews and snapshots', () => {
  it('gives every existing risk a quarterly cycle, due 3 months after it was created (end of month kept)', () => {
    const path = tmp.file('v10.riskreg');
    registerAtVersion10(path, {
      SR1: '2019-04-01T09:00:00.000Z',
      SR2: '2019-01-31T10:00:00.000Z', // 31 January + 3 months: 30 April, not 1 May
      SR3: '2018-11-30T10:00:00.000Z', // 30 November + 3 months: 28 February
      SR4: '2019-12-15T10:00:00.000Z', // across the year end
    });

    const reg = openRegisterFile(path);
    try {
      expect(schemaVersion(reg.db)).toBeGreaterThanOrEqual(20);
      const rows = reg.db
        .prepare('SELECT ref, review_cycle AS cycle, next_review AS next FROM risks ORDER BY ref')
        .all();
      expect(rows).toEqual([
        { ref: 'SR1', cycle: 'quarterly', next: '2019-07-01' },
        { ref: 'SR2', cycle: 'quarterly', next: '2019-04-30' },
        { ref: 'SR3', cycle: 'quarterly', next: '2019-02-28' },
        { ref: 'SR4', cycle: 'quarterly', next: '2020-03-15' },
      ]);
      // The risks themselves are untouched.
      const versions = reg.db.prepare('SELECT DISTINCT version FROM risks').pluck().all();
      expect(versions).toEqual([1]);
    } finally {
      reg.db.close();
    }
  });

  it('schedules the first review of a risk created after the migration from its own cycle', () => {
    const path = tmp.file('v10b.riskreg');
    registerAtVersion10(path, {});
    const reg = openRegisterFile(path);
    try {
      createRisk(
        reg.db,
        {
          ref: 'SR9',
          category: 'Finance',
          description: 'New',
          impact: 2,
          likelihood: 2,
          inherent: null,
          target: null,
          mitigation: '',
          owners: [],
        },
        { now: '2026-08-31T12:00:00.000Z', by: 'New app' },
      );
      const next = reg.db.prepare("SELECT next_review FROM risks WHERE ref = 'SR9'").pluck().get();
      expect(next).toBe('2026-11-30');
    } finally {
      reg.db.close();
    }
  });
});
