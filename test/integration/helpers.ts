/** Real register files in a temporary folder, the real handler table, and file fingerprints. */
import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Channel, Handlers, InputOf, OutputOf } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import type { ErrorInfo, Result } from '../../shared/errors.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import { trustedPaths } from '../../db/files/grants.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { RegisterSession } from '../../db/session.ts';
import type { WorkRunner } from '../../db/work/runner.ts';

export interface TempDir {
  dir: string;
  file: (name: string) => string;
  cleanup: () => void;
}

export function makeTempDir(prefix = 'rr-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A small deterministic generator (mulberry32): the same numbers in [0, 1) for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A clock that moves one minute per reading, from 09:00 UTC on 1 April 2026. */
export function steppingClock(start = Date.UTC(2026, 3, 1, 9, 0)): () => Date {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d;
  };
}

export interface App {
  session: RegisterSession;
  handlers: Handlers;
  /** What the window would get back: the result envelope. */
  call: <C extends Channel>(channel: C, input: InputOf<C>) => Promise<Result<OutputOf<C>>>;
  /** The value, or a thrown Error carrying the code and message when the call failed. */
  ok: <C extends Channel>(channel: C, input: InputOf<C>) => Promise<OutputOf<C>>;
  /** The error of a call that must fail. */
  fail: <C extends Channel>(channel: C, input: InputOf<C>) => Promise<ErrorInfo>;
  setUser: (name: string) => void;
  close: () => void;
}

/** `work`, noting the name of every job asked of it in `jobs` (which thread did what). */
export function countingJobs(work: WorkRunner): { work: WorkRunner; jobs: string[] } {
  const jobs: string[] = [];
  return {
    jobs,
    work: {
      run: (kind, input) => {
        jobs.push(kind);
        return work.run(kind, input);
      },
      close: () => work.close(),
    },
  };
}

/** The handler table on a new session; `work` puts a job runner behind it (a worker thread), as the app has. */
export function makeApp(opts: { user?: () => string; now?: () => Date; work?: WorkRunner } = {}): App {
  const session = new RegisterSession();
  let user = 'Alice Example';
  const handlers = createHandlers({
    files: trustedPaths,
    session,
    now: opts.now ?? steppingClock(),
    user: opts.user ?? (() => user),
    dialogs: noDialogs,
    ...(opts.work ? { work: opts.work } : {}),
  });
  const call = <C extends Channel>(channel: C, input: InputOf<C>) =>
    dispatch(handlers, channel, input) as Promise<Result<OutputOf<C>>>;
  return {
    session,
    handlers,
    call,
    ok: async (channel, input) => {
      const r = await call(channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    fail: async (channel, input) => {
      const r = await call(channel, input);
      if (r.ok) throw new Error(`${channel} succeeded but was expected to fail`);
      return r.error;
    },
    setUser: (name) => {
      user = name;
    },
    close: () => session.close(),
  };
}

export interface Fingerprint {
  exists: boolean;
  sha256: string | null;
  size: number | null;
  mtimeMs: number | null;
  /** Files beside it that share its name (journals: -wal, -shm, -journal). */
  siblings: string[];
}

/** Everything about a file a user could notice had changed. */
export function fingerprint(path: string): Fingerprint {
  const name = basename(path);
  const siblings = existsSync(dirname(path))
    ? readdirSync(dirname(path))
        .filter((f) => f !== name && f.startsWith(name))
        .sort()
    : [];
  if (!existsSync(path)) return { exists: false, sha256: null, size: null, mtimeMs: null, siblings };
  const st = statSync(path);
  const sha256 = st.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
  return { exists: true, sha256, size: st.size, mtimeMs: st.mtimeMs, siblings };
}

/**
 * Replaces, in a value read from a register, every id of a risk, owner or category by what it stands for
 * (`risks:SR4`, `owners:AB`, `categories:Finance`; any other id by `unknown-id`), so that two registers written
 * with the same rows but fresh ids can be compared whole.
 */
export function idsByName(db: Database): (v: unknown) => unknown {
  const names = new Map<string, string>();
  for (const [table, key] of [
    ['risks', 'ref'],
    ['owners', 'initials'],
    ['categories', 'name'],
  ] as const) {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    if (!has) continue;
    for (const r of db.prepare(`SELECT id, ${key} AS k FROM ${table}`).all() as { id: string; k: string }[])
      names.set(r.id, `${table}:${r.k}`);
  }
  return (v) =>
    typeof v === 'string'
      ? v.replace(
          /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
          (u) => names.get(u) ?? 'unknown-id',
        )
      : v;
}

/**
 * Every row of every table of a register, ids replaced by what they stand for (`idsByName`); hashes (of those ids)
 * and op ids left out, and a row captured for sync stamped "clock" (SQL's clock, not the write's): two registers
 * written with the same rows but fresh ids compare whole.
 */
export function dumpRegister(db: Database): Record<string, unknown[]> {
  const canon = idsByName(db);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      (db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[]).map((r) =>
        Object.fromEntries(
          Object.entries(r)
            .filter(([k]) => k !== 'hash' && k !== 'prev_hash' && k !== 'op_id')
            .map(([k, v]) => [
              k,
              t === 'team_outbox' && k === 'at' && r['entity'] === 'row' ? 'clock' : canon(v),
            ]),
        ),
      ),
    ]),
  );
}
