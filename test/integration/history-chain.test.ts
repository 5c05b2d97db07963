import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryHash, verifyHistory } from '../../db/history.ts';
import { openRegisterFile } from '../../db/connection.ts';
import type { App, TempDir } from './helpers.ts';
import { makeApp, makeTempDir } from './helpers.ts';

let tmp: TempDir;
let app: App;
let path: string;

/** A register with the sample and a few edits: 19 import entries, then 3 updates (entries 20–22). */
beforeEach(async () => {
  tmp = makeTempDir();
  app = makeApp();
  path = tmp.file('chain.riskreg');
  await app.ok('register:create', { path, sample: true });
  const sr4 = (await app.ok('risks:list', {})).find((r) => r.ref === 'SR4');
  if (!sr4) throw new Error('SR4 missing');
  const v2 = await app.ok('risks:update-score', {
    id: sr4.id,
    version: 1,
    impact: 5,
    likelihood: 4,
    reason: 'Slipping',
  });
  await app.ok('risks:update', {
    id: sr4.id,
    version: v2.version,
    changes: { mitigation: 'Weekly checks', owners: ['Cho', 'SP'] },
  });
  app.close();
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

/** What someone with an external SQLite tool could do: drop the guards, then change rows. */
function tamper(sql: (db: Database.Database) => void): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete;');
  sql(raw);
  raw.close();
}

/** The app's view of the file after tampering. */
function check() {
  const reg = openRegisterFile(path);
  try {
    return verifyHistory(reg.db);
  } finally {
    reg.db.close();
  }
}

describe('the history hash chain', () => {
  it('holds on a register as the app wrote it', () => {
    expect(check()).toEqual({ ok: true, entries: 22 });
  });

  it('holds on a brand-new empty register', async () => {
    const empty = makeApp();
    try {
      await empty.ok('register:create', { path: tmp.file('empty.riskreg'), sample: false });
      expect(verifyHistory(empty.session.db)).toEqual({ ok: true, entries: 0 });
    } finally {
      empty.close();
    }
  });

  it('cannot be edited or deleted through SQLite while the guards are in place', async () => {
    await app.ok('register:open', { path });
    const db = app.session.db;
    expect(() => db.prepare("UPDATE history SET reason = 'nothing happened' WHERE seq = 20").run()).toThrow(
      'history is append-only',
    );
    expect(() => db.prepare('DELETE FROM history WHERE seq = 20').run()).toThrow('history is append-only');
    expect(verifyHistory(db)).toEqual({ ok: true, entries: 22 });
  });

  it('detects an edited row', () => {
    tamper((db) =>
      db.prepare(`UPDATE history SET new_value = '{"impact":2,"likelihood":2}' WHERE seq = 20`).run(),
    );
    expect(check()).toEqual({ ok: false, entries: 20, firstBroken: 20, problem: 'entry 20 was altered' });
  });

  it('detects an edited row whose own hash was recomputed, at the row after it', () => {
    tamper((db) => {
      const row = db.prepare('SELECT * FROM history WHERE seq = 20').get() as Parameters<
        typeof entryHash
      >[1] & {
        prev_hash: string;
      };
      const forged = { ...row, by: 'Someone Else' };
      db.prepare('UPDATE history SET by = ?, hash = ? WHERE seq = 20').run(
        forged.by,
        entryHash(row.prev_hash, forged),
      );
    });
    expect(check()).toEqual({
      ok: false,
      entries: 21,
      firstBroken: 21,
      problem: 'entry 21 does not follow entry 20',
    });
  });

  it('detects a deleted row', () => {
    tamper((db) => db.prepare('DELETE FROM history WHERE seq = 7').run());
    expect(check()).toEqual({ ok: false, entries: 7, firstBroken: 7, problem: 'entry 7 is missing' });
  });

  it('detects reordered rows', () => {
    tamper((db) => {
      db.prepare('UPDATE history SET seq = -1 WHERE seq = 3').run();
      db.prepare('UPDATE history SET seq = 3 WHERE seq = 4').run();
      db.prepare('UPDATE history SET seq = 4 WHERE seq = -1').run();
    });
    expect(check()).toEqual({
      ok: false,
      entries: 3,
      firstBroken: 3,
      problem: 'entry 3 does not follow entry 2',
    });
  });

  it('detects a row changed to claim another time', () => {
    tamper((db) => db.prepare("UPDATE history SET at = '2019-01-01T00:00:00.000Z' WHERE seq = 1").run());
    expect(check()).toMatchObject({ ok: false, firstBroken: 1, problem: 'entry 1 was altered' });
  });
});
