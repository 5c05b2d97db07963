/**
 * Crash harness (issue 9 item 6): real child processes doing score changes, imports, backups and migrations in a
 * loop are killed with SIGKILL after a random delay; after every kill the register is reopened through the app's
 * own open checks and must pass PRAGMA integrity_check, hold every write the child acknowledged (it prints an ack
 * line only after a commit), hold nothing half-written, and keep a verifying history chain.
 */
import Database from 'better-sqlite3';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, createRegisterFile, openRegisterFile } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { LATEST_VERSION } from '../../../db/migrations/index.ts';
import type { TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

const WORKER = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
/** Kills per kind of work (even: most lanes kill two workers a round); four kinds, so 4 × 50 = 200 kills. */
const KILLS_PER_KIND = 2 * Math.ceil(Number(process.env['RR_CRASH_KILLS_PER_KIND'] ?? 50) / 2);

/** Workers still running: killed when the test ends, however it ends (they loop for ever). */
const running = new Set<ChildProcess>();

/** Start the worker, let it get going, kill it after a random delay; the ack lines it printed before dying. */
function runAndKill(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer && out.includes('ready\n')) {
        timer = setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 120));
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      running.delete(child);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`worker ended by itself (${signal}): ${err}`));
      // A line cut off by the kill is not an ack: only whole lines count.
      const lines = out.split('\n').slice(0, -1);
      resolve(lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4)));
    });
  });
}

/** Reopen as the app does (read-only checks first), then integrity_check and the history chain. */
function reopen(path: string): Database.Database {
  const { db } = openRegisterFile(path);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(verifyHistory(db).ok).toBe(true);
  return db;
}

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir('rr-crash-');
});
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  tmp.cleanup();
});

async function sampleRegister(name: string): Promise<string> {
  const path = tmp.file(name);
  const app = makeApp();
  await app.ok('register:create', { path, sample: true });
  app.close();
  return path;
}

async function scoreLane(): Promise<number> {
  const path = await sampleRegister('scores.riskregister');
  const base = new Map<string, number>();
  const first = reopen(path);
  for (const r of first.prepare('SELECT id, version FROM risks').all() as { id: string; version: number }[]) {
    base.set(r.id, r.version);
  }
  first.close();
  const acked = new Map<string, number>();
  let acks = 0;
  for (let k = 0; k < KILLS_PER_KIND; k += 2) {
    // Two writers on the same register, each killed at its own moment.
    const lines = (await Promise.all([runAndKill(['scores', path]), runAndKill(['scores', path])])).flat();
    for (const line of lines) {
      const [, id = '', version] = line.split(' ');
      acked.set(id, Math.max(acked.get(id) ?? 0, Number(version)));
      acks++;
    }
    const db = reopen(path);
    for (const [id, version] of acked) {
      const now = db.prepare('SELECT version FROM risks WHERE id = ?').pluck().get(id) as number;
      expect(now).toBeGreaterThanOrEqual(version);
    }
    // Nothing half there: every version step of every risk has its history row.
    for (const [id, v0] of base) {
      const now = db.prepare('SELECT version FROM risks WHERE id = ?').pluck().get(id) as number;
      const rows = db
        .prepare("SELECT COUNT(*) FROM history WHERE entity = 'risk' AND entity_id = ? AND field = 'current'")
        .pluck()
        .get(id) as number;
      expect(rows).toBe(now - v0);
    }
    db.close();
  }
  expect(acks).toBeGreaterThan(0);
  return KILLS_PER_KIND;
}

async function importLane(): Promise<number> {
  const path = tmp.file('imports.riskregister');
  createRegisterFile(path).db.close();
  let ackedCount = 0;
  for (let k = 0; k < KILLS_PER_KIND; k++) {
    for (const line of await runAndKill(['import', path, tmp.dir])) ackedCount = Number(line.split(' ')[1]);
    const db = reopen(path);
    const count = db.prepare('SELECT COUNT(*) FROM risks').pluck().get() as number;
    expect(count).toBeGreaterThanOrEqual(ackedCount);
    expect(count % 5).toBe(0); // all five rows of an import, or none
    const created = db
      .prepare("SELECT COUNT(*) FROM history WHERE entity = 'risk' AND action = 'import'")
      .pluck()
      .get() as number;
    expect(created).toBe(count);
    const imports = db
      .prepare("SELECT COUNT(*) FROM history WHERE entity = 'register' AND action = 'import'")
      .pluck()
      .get() as number;
    expect(imports * 5).toBe(count);
    db.close();
  }
  expect(ackedCount).toBeGreaterThan(0);
  return KILLS_PER_KIND;
}

function verifiedCopy(path: string): boolean {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (
      db.pragma('application_id', { simple: true }) === APPLICATION_ID &&
      db.pragma('integrity_check', { simple: true }) === 'ok'
    );
  } finally {
    db.close();
  }
}

async function backupLane(): Promise<number> {
  const path = await sampleRegister('backed-up.riskregister');
  const dir = tmp.file('backups');
  (await import('node:fs')).mkdirSync(dir);
  const acked: string[] = [];
  for (let k = 0; k < KILLS_PER_KIND; k += 2) {
    const lines = (
      await Promise.all([runAndKill(['backup', path, dir]), runAndKill(['backup', path, dir])])
    ).flat();
    acked.push(...lines.map((l) => l.slice('backup '.length)));
    reopen(path).close();
    // Every acknowledged backup is whole, and so is every file under a backup's name (temp files are hidden).
    const named = readdirSync(dir).filter((f) => !f.startsWith('.'));
    for (const f of acked) expect(named).toContain(f.slice(dir.length + 1));
    for (const f of named) expect(verifiedCopy(join(dir, f))).toBe(true);
  }
  expect(acked.length).toBeGreaterThan(0);
  return KILLS_PER_KIND;
}

async function migrateLane(): Promise<number> {
  const dir = tmp.file('migrations');
  (await import('node:fs')).mkdirSync(dir);
  const acked = new Set<string>();
  for (let k = 0; k < KILLS_PER_KIND; k += 2) {
    const lines = (await Promise.all([runAndKill(['migrate', dir]), runAndKill(['migrate', dir])])).flat();
    for (const line of lines) acked.add(line.slice('migrate '.length));
  }
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.riskregister'))) {
    const path = join(dir, f);
    // Read-write, as any reader would: a file killed mid-migration may have a -wal to recover first (a read-only
    // connection cannot), and recovering it applies only what had committed.
    const conn = new Database(path, { fileMustExist: true });
    const version = conn.pragma('user_version', { simple: true }) as number;
    conn.close();
    // All pending migrations in one transaction: a file is at 0 (killed while being made), 10 or the latest.
    expect([0, 10, LATEST_VERSION]).toContain(version);
    if (acked.has(path)) expect(version).toBe(LATEST_VERSION);
    if (version > 0) {
      const db = reopen(path);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      db.close();
    }
  }
  expect(acked.size).toBeGreaterThan(0);
  return KILLS_PER_KIND;
}

describe('crash harness: SIGKILL at random points', () => {
  it(`${4 * KILLS_PER_KIND} kills during score changes, imports, backups and migrations lose nothing acknowledged`, async () => {
    const started = Date.now();
    // The four lanes run at once; each spawns, kills and verifies in a tight loop.
    const kills = (await Promise.all([scoreLane(), importLane(), backupLane(), migrateLane()])).reduce(
      (a, b) => a + b,
      0,
    );
    expect(kills).toBe(4 * KILLS_PER_KIND);
    console.log(`crash harness: ${kills} kills in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);
});
