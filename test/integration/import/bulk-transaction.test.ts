/**
 * `bulkWriteTransaction` (db/transaction.ts), the import's commit transaction: SQLite's temporary files (each
 * multi-row INSERT's statement journal) kept in memory while it runs, the connection's setting put back after —
 * on success and on failure — and all or nothing as any write transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeRegister, createRegisterFile, type OpenRegister } from '../../../db/connection.ts';
import { insertRows } from '../../../db/bulk-insert.ts';
import { bulkWriteTransaction, writeTransaction } from '../../../db/transaction.ts';
import { makeTempDir, type TempDir } from '../helpers.ts';

let tmp: TempDir;
let reg: OpenRegister;
beforeEach(() => {
  tmp = makeTempDir('rr-bulk-transaction-');
  reg = createRegisterFile(tmp.file('register.sqlite'));
});
afterEach(() => {
  closeRegister(reg);
  tmp.cleanup();
});

const tempStore = () => reg.db.pragma('temp_store', { simple: true }) as number;
const MEMORY = 2;
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => [`k${i}`, JSON.stringify({ i, text: 'x'.repeat(500) })]).flat();

describe('bulkWriteTransaction', () => {
  it('keeps temporary files in memory while it writes, and puts the setting back after', () => {
    reg.db.exec('CREATE TABLE bulk_probe (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT');
    const before = tempStore();
    expect(before).not.toBe(MEMORY);
    const inside = bulkWriteTransaction(reg.db, () => {
      insertRows(reg.db, 'bulk_probe', 'k, v', 2, rows(500));
      return tempStore();
    });
    expect(inside).toBe(MEMORY);
    expect(tempStore()).toBe(before);
    expect(reg.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(reg.db.prepare('SELECT count(*) FROM bulk_probe').pluck().get()).toBe(500);
  });

  it('writes nothing and puts the setting back when it fails', () => {
    reg.db.exec('CREATE TABLE bulk_probe (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT');
    const before = tempStore();
    expect(() =>
      bulkWriteTransaction(reg.db, () => {
        insertRows(reg.db, 'bulk_probe', 'k, v', 2, rows(300));
        // A repeated key in the next run of rows: its statement fails, and the transaction with it.
        insertRows(reg.db, 'bulk_probe', 'k, v', 2, ['a', '1', 'b', '2', 'a', '3']);
      }),
    ).toThrow(/UNIQUE/);
    expect(tempStore()).toBe(before);
    expect(reg.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(reg.db.prepare('SELECT count(*) FROM bulk_probe').pluck().get()).toBe(0);
  });

  it('inside another transaction runs as a savepoint and leaves the setting alone', () => {
    reg.db.exec('CREATE TABLE bulk_probe (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT');
    const before = tempStore();
    const inside = writeTransaction(reg.db, () =>
      bulkWriteTransaction(reg.db, () => {
        insertRows(reg.db, 'bulk_probe', 'k, v', 2, rows(10));
        return tempStore();
      }),
    );
    expect(inside).toBe(before);
    expect(tempStore()).toBe(before);
    expect(reg.db.prepare('SELECT count(*) FROM bulk_probe').pluck().get()).toBe(10);
  });
});
