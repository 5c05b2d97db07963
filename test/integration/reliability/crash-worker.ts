/**
 * Work to be killed (crash harness): loops for ever on one kind of write and prints `ack …` only after each write
 * has committed. Imports only what its kind needs, so it starts quickly. Run by crash-harness.test.ts:
 *
 *   node crash-worker.ts scores  <register>            score changes of random risks → ack score <riskId> <version>
 *   node crash-worker.ts import  <register> <csv-dir>  imports of 5 new risks, all or nothing → ack import <riskCount>
 *   node crash-worker.ts backup  <register> <dir>      backups (VACUUM INTO, check, rename) → ack backup <path>
 *   node crash-worker.ts migrate <dir>                 a register at version 10, then opened (migrated) → ack migrate <path>
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPLICATION_ID, openRegisterFile } from '../../../db/connection.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';

const [kind, target, extra] = process.argv.slice(2);
const ctx = () => ({ now: new Date().toISOString(), by: `crash worker ${process.pid}` });
const ack = (line: string) => process.stdout.write(`ack ${line}\n`);
const rnd = (n: number) => Math.floor(Math.random() * n);

async function scores(path: string): Promise<void> {
  const { updateRiskScore } = await import('../../../db/risk-writes.ts');
  const { db } = openRegisterFile(path);
  const ids = db.prepare('SELECT id FROM risks').pluck().all() as string[];
  process.stdout.write('ready\n');
  for (;;) {
    const id = ids[rnd(ids.length)] ?? '';
    const next = { impact: (rnd(5) + 1) as ScoreValue, likelihood: (rnd(5) + 1) as ScoreValue };
    // The version is read inside the write transaction: the other worker may save between a read outside it
    // and the write, which is a (correctly refused) stale edit, not what this harness is about.
    // Two of these loop on one register without pause, so one can wait out busy_timeout while the other takes the
    // lock again and again (SQLite's busy handler polls; it does not queue). The app then says "Try again"; nothing
    // was written and nothing is acknowledged, so this worker tries again, as a user would.
    let r: { version: number };
    try {
      r = writeTransaction(db, () => {
        const version = db.prepare('SELECT version FROM risks WHERE id = ?').pluck().get(id) as number;
        return updateRiskScore(db, id, version, 'current', next, 'crash test', ctx());
      });
    } catch (e) {
      if (e instanceof AppError && e.code === 'BUSY') continue;
      throw e;
    }
    ack(`score ${id} ${r.version}`);
  }
}

async function imports(path: string, dir: string): Promise<void> {
  const { commitImport } = await import('../../../db/import/run.ts');
  const { csvToTable } = await import('../../../shared/import/csv.ts');
  const { db } = openRegisterFile(path);
  process.stdout.write('ready\n');
  for (let n = 0; ; n++) {
    const count = db.prepare('SELECT COUNT(*) FROM risks').pluck().get() as number;
    const rows = [1, 2, 3, 4, 5].map(
      (k) => `SR${count + k},Finance,Imported risk ${count + k},${rnd(5) + 1},${rnd(5) + 1},,,AB`,
    );
    const text = `Ref,Category,Description of risk,I,L,Score,Mitigation,Owner\n${rows.join('\n')}\n`;
    const csv = join(dir, `import-${process.pid}-${n}.csv`);
    writeFileSync(csv, text);
    const file = {
      path: csv,
      fileName: `import-${n}.csv`,
      format: 'csv' as const,
      encoding: 'utf-8' as const,
      sheet: null,
      fileHash: `hash-${n}`,
      notes: [],
      table: csvToTable(text),
    };
    commitImport(db, file, { accept: [] }, ctx());
    ack(`import ${count + 5}`);
  }
}

async function backups(path: string, dir: string): Promise<void> {
  const { backupRegister } = await import('../../../db/backup.ts');
  const { db } = openRegisterFile(path);
  process.stdout.write('ready\n');
  for (let n = 0; ; n++) {
    const out = join(dir, `backup-${process.pid}-${n}.riskregister`);
    backupRegister(db, path, out);
    ack(`backup ${out}`);
  }
}

async function migrations(dir: string): Promise<void> {
  const { migrate } = await import('../../../db/migrations/index.ts');
  process.stdout.write('ready\n');
  for (let n = 0; ; n++) {
    const path = join(dir, `old-${process.pid}-${n}.riskregister`);
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(old, 10);
    old.close();
    const { db } = openRegisterFile(path);
    db.close();
    ack(`migrate ${path}`);
  }
}

if (kind === 'scores') await scores(target ?? '');
else if (kind === 'import') await imports(target ?? '', extra ?? '');
else if (kind === 'backup') await backups(target ?? '', extra ?? '');
else if (kind === 'migrate') await migrations(target ?? '');
else throw new Error(`unknown kind ${kind}`);
