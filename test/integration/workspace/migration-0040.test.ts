/** Migration 40 adds a version to every existing category (starting at 1) and indexes actions by owner. */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openRegisterFile } from '../../../db/connection.ts';
import { listCategories } from '../../../db/categories.ts';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../db/migrations/index.ts';
import { removeTempDirs, tempRegisterPath } from './harness.ts';

afterEach(removeTempDirs);

describe('migration 40: the workspace', () => {
  it('keeps every category, each at version 1, and the register opens at the latest version', () => {
    const path = tempRegisterPath();
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    expect(migrate(raw, 30)).toEqual([10, 20, 30]);
    raw.exec(`INSERT INTO categories (id, name, position, created_at, appetite)
              VALUES ('c1', 'Finance', 1, '2019-01-01T00:00:00.000Z', 12),
                     ('c2', 'People', 2, '2019-01-01T00:00:00.000Z', NULL)`);
    raw.close();

    const reg = openRegisterFile(path);
    try {
      expect(schemaVersion(reg.db)).toBe(LATEST_VERSION);
      expect(listCategories(reg.db)).toEqual([
        // Migration 120 turns the appetite of 12 into the Open level (appetite 12, tolerance 16).
        {
          id: 'c1',
          name: 'Finance',
          position: 1,
          appetite: 12,
          appetiteLevel: 'open',
          tolerance: 16,
          appetiteStatement: '',
          appetiteApproved: null,
          version: 1,
        },
        {
          id: 'c2',
          name: 'People',
          position: 2,
          appetite: null,
          appetiteLevel: null,
          tolerance: null,
          appetiteStatement: '',
          appetiteApproved: null,
          version: 1,
        },
      ]);
      const indexes = reg.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all();
      expect(indexes).toContain('actions_owner');
    } finally {
      reg.db.close();
    }
  });
});
