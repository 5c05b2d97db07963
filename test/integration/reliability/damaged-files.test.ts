/**
 * The damaged-file set (issue 9 items 3, 4 and 5): every way a register file can be broken or unusable gets its own
 * error code and message (or opens read-only with its own reason), the original bytes are preserved (hashed before
 * and after: a damaged register is moved aside, never changed or deleted), a damaged register is offered its newest
 * verified backup, and a failed open leaves no file handle behind (/proc/self/fd).
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DamagedDetails } from '../../../db/connection.ts';
import { LATEST_VERSION } from '../../../db/migrations/index.ts';
import { READ_ONLY_MESSAGES } from '../../../shared/domain.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
beforeEach(() => {
  tmp = makeTempDir('rr-damaged-');
  app = makeApp();
});
afterEach(() => {
  app.close();
  for (const f of readdirSync(tmp.dir)) {
    try {
      chmodSync(join(tmp.dir, f), 0o755);
    } catch {
      /* gone */
    }
  }
  chmodSync(tmp.dir, 0o755);
  tmp.cleanup();
});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every file handle this process holds on `path` (or a name that starts with it: -wal, -shm, moved copies). */
function handlesOn(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) open.push(target);
    } catch {
      /* closed while listing */
    }
  }
  return open;
}

/** A register with the LGA sample and a few changes, closed (so its -wal has been checkpointed away). */
async function register(name: string): Promise<string> {
  const path = tmp.file(name);
  const maker = makeApp();
  await maker.ok('register:create', { path, sample: true });
  const [risk] = await maker.ok('risks:list', { includeArchived: false });
  if (!risk) throw new Error('no risks');
  await maker.ok('risks:update-score', {
    id: risk.id,
    version: risk.version,
    which: 'current',
    impact: 5,
    likelihood: 5,
  });
  maker.close();
  return path;
}

/** A verified backup beside the register, dated 2 days ago. */
async function backupOf(path: string, name: string): Promise<string> {
  const maker = makeApp();
  await maker.ok('register:open', { path });
  const out = tmp.file(name);
  await maker.ok('register:backup', { path: out });
  maker.close();
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
  utimesSync(out, twoDaysAgo, twoDaysAgo);
  return out;
}

/**
 * What a crash leaves: copies of a register file and its -wal taken while a connection that has committed
 * changes (never checkpointed) is still open.
 */
async function crashImage(path: string, edit: (a: App) => Promise<void>, to: string): Promise<void> {
  const writer = makeApp();
  await writer.ok('register:open', { path });
  writer.session.db.pragma('wal_autocheckpoint = 0');
  await edit(writer);
  copyFileSync(path, to);
  copyFileSync(`${path}-wal`, `${to}-wal`);
  writer.close();
}

async function someEdits(a: App): Promise<void> {
  const risks = await a.ok('risks:list', { includeArchived: false });
  for (const r of risks.slice(0, 6)) {
    await a.ok('risks:update', {
      id: r.id,
      version: r.version,
      changes: { description: `${r.description} (revised)` },
    });
  }
}

async function refused(path: string): Promise<ErrorInfo> {
  const error = await app.fail('register:open', { path });
  expect(await app.ok('register:status', {})).toBeNull();
  expect(handlesOn(tmp.dir)).toEqual([]);
  // Nothing holds the file: it can be renamed (and back) at once.
  if (existsSync(path)) {
    renameSync(path, `${path}.renamed`);
    renameSync(`${path}.renamed`, path);
  }
  return error;
}

describe('files that are not registers: NOT_A_REGISTER, left exactly where and as they were', () => {
  it.each([
    ['empty', (p: string) => writeFileSync(p, ''), 'it is empty (0 bytes)'],
    ['random bytes', (p: string) => writeFileSync(p, randomBytes(8192)), 'it is not a SQLite database'],
    ['text', (p: string) => writeFileSync(p, 'Ref,Risk\nSR1,Funding\n'), 'it is not a SQLite database'],
    [
      'a SQLite database of another program',
      (p: string) => {
        const db = new Database(p);
        db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
        db.close();
      },
      'it is a SQLite database of another program',
    ],
  ])('%s', async (_what, make, why) => {
    const path = tmp.file('file.riskregister');
    make(path);
    const before = sha(path);
    const error = await refused(path);
    expect(error.code).toBe('NOT_A_REGISTER');
    expect(error.message).toBe(
      `${path} is not a risk register file: ${why}. Choose a register file instead.`,
    );
    expect(sha(path)).toBe(before);
    expect(readdirSync(tmp.dir)).toEqual(['file.riskregister']);
  });
});

describe('damaged registers: DAMAGED, moved aside unchanged, newest verified backup offered', () => {
  async function expectDamaged(path: string, reason: RegExp, backup: string | null): Promise<DamagedDetails> {
    const before = sha(path);
    const walBefore = existsSync(`${path}-wal`) ? sha(`${path}-wal`) : null;
    const error = await refused(path);
    expect(error.code).toBe('DAMAGED');
    const details = error.details as DamagedDetails;
    expect(details.reason).toMatch(reason);
    expect(existsSync(path)).toBe(false);
    expect(basename(details.movedTo)).toMatch(/^reg\.damaged-\d{8}-\d{6}\.riskregister$/);
    expect(sha(details.movedTo)).toBe(before);
    if (walBefore) expect(sha(`${details.movedTo}-wal`)).toBe(walBefore);
    expect(error.message).toContain(`is damaged (${details.reason}), so it was not opened.`);
    expect(error.message).toContain(`moved aside, unchanged, to ${basename(details.movedTo)}`);
    if (backup) {
      expect(details.backup?.path).toBe(backup);
      const when = new Date(statSync(backup).mtimeMs);
      const day = `${String(when.getDate()).padStart(2, '0')}/${String(when.getMonth() + 1).padStart(2, '0')}/${when.getFullYear()}`;
      expect(details.backup?.savedOn).toBe(day);
      expect(error.message).toContain(`Open the backup from ${day} (${basename(backup)}) to carry on.`);
      // The offer works: the backup opens and holds the sample.
      const status = await app.ok('register:open', { path: backup });
      expect(status.riskCount).toBe(19);
    } else {
      expect(details.backup).toBeNull();
      expect(error.message).toContain('No verified backup was found');
    }
    return details;
  }

  it('overwritten header', async () => {
    const path = await register('reg.riskregister');
    const backup = await backupOf(path, 'Risk register backup.riskregister');
    const bytes = readFileSync(path);
    bytes.fill(0, 0, 16);
    writeFileSync(path, bytes);
    await expectDamaged(path, /start of the file has been overwritten/, backup);
  });

  it('truncated at a page boundary', async () => {
    const path = await register('reg.riskregister');
    const backup = await backupOf(path, 'Risk register backup 2026-11-27.riskregister');
    truncateSync(path, Math.floor(statSync(path).size / 2 / 4096) * 4096);
    await expectDamaged(path, /cut short/, backup);
  });

  it('truncated mid-page, with no backup anywhere', async () => {
    const path = await register('reg.riskregister');
    truncateSync(path, statSync(path).size - 1000);
    await expectDamaged(path, /cut short/, null);
  });

  it('a damaged page', async () => {
    const path = await register('reg.riskregister');
    const backup = await backupOf(path, 'Risk register backup 2026-11-27.riskregister');
    const bytes = readFileSync(path);
    const pages = bytes.length / 4096;
    // Scribble over the middle of every page after the schema page: the b-tree pages no longer parse.
    for (let p = 1; p < pages; p++) randomBytes(64).copy(bytes, p * 4096 + 8);
    writeFileSync(path, bytes);
    await expectDamaged(path, /SQLite's check found damage|SQLite cannot read it|point at records/, backup);
  });

  it('a -wal taken from another register', async () => {
    const path = await register('reg.riskregister');
    const other = await register('other.riskregister');
    const backup = await backupOf(path, 'Risk register backup 2026-11-27.riskregister');
    await crashImage(other, someEdits, tmp.file('other-crash.riskregister'));
    copyFileSync(tmp.file('other-crash.riskregister-wal'), `${path}-wal`);
    rmSync(tmp.file('other-crash.riskregister'));
    rmSync(tmp.file('other-crash.riskregister-wal'));
    const details = await expectDamaged(path, /point at records|SQLite|do not fit/, backup);
    expect(details.movedFiles.map((f) => basename(f))).toContain(`${basename(details.movedTo)}-wal`);
  });

  it('a stale -wal left beside a restored copy', async () => {
    const path = await register('reg.riskregister');
    const backup = await backupOf(path, 'reg backup.riskregister');
    await crashImage(path, someEdits, tmp.file('crashed.riskregister'));
    // The user restores the backup over the crashed register; the crashed register's -wal stays beside it.
    copyFileSync(backup, path);
    renameSync(tmp.file('crashed.riskregister-wal'), `${path}-wal`);
    rmSync(tmp.file('crashed.riskregister'));
    await expectDamaged(path, /point at records|SQLite|do not fit/, backup);
  });
});

describe('a leftover -wal that belongs to the register', () => {
  it('is applied after a copy of both files is kept, and the checks pass', async () => {
    const path = await register('reg.riskregister');
    const image = tmp.file('reg2.riskregister');
    await crashImage(path, someEdits, image);
    const dbBefore = sha(image);
    const walBefore = sha(`${image}-wal`);
    const status = await app.ok('register:open', { path: image });
    expect(status.readOnly).toBe(false);
    expect(status.keptCopy).toMatch(/reg2\.wal-kept-\d{8}-\d{6}\.riskregister$/);
    const kept = status.keptCopy ?? '';
    expect(sha(kept)).toBe(dbBefore);
    expect(sha(`${kept}-wal`)).toBe(walBefore);
    const risks = await app.ok('risks:list', { includeArchived: false });
    expect(risks.filter((r) => r.description.endsWith('(revised)'))).toHaveLength(6);
  });
});

describe('registers that open read-only, each with its own reason', () => {
  async function expectReadOnly(path: string, reason: keyof typeof READ_ONLY_MESSAGES): Promise<void> {
    const files = readdirSync(tmp.dir).filter((f) => f.startsWith(basename(path)) && !f.endsWith('-shm'));
    const before = files.map((f) => sha(tmp.file(f)));
    const status = await app.ok('register:open', { path });
    expect(status.readOnly).toBe(true);
    expect(status.readOnlyReason).toBe(reason);
    expect(status.riskCount).toBeGreaterThan(0);
    const [risk] = await app.ok('risks:list', { includeArchived: false });
    if (!risk) throw new Error('no risks');
    const error = await app.fail('risks:update', {
      id: risk.id,
      version: risk.version,
      changes: { description: 'x' },
    });
    expect(error).toEqual({ code: 'READ_ONLY', message: READ_ONLY_MESSAGES[reason] });
    app.close();
    expect(files.map((f) => sha(tmp.file(f)))).toEqual(before);
  }

  it('a register from a newer version of the app, with a hot -wal', async () => {
    const path = await register('reg.riskregister');
    const future = new Database(path);
    future.pragma(`user_version = ${LATEST_VERSION + 10}`);
    future.close();
    const image = tmp.file('future.riskregister');
    const writer = new Database(path);
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec("UPDATE settings SET value = value WHERE key = 'name'");
    copyFileSync(path, image);
    copyFileSync(`${path}-wal`, `${image}-wal`);
    writer.close();
    await expectReadOnly(image, 'newer-version');
  });

  it('a file marked read-only', async () => {
    const path = await register('reg.riskregister');
    chmodSync(path, 0o444);
    await expectReadOnly(path, 'file-read-only');
  });

  it('a register in a read-only folder', async () => {
    const folder = tmp.file('shared-drive');
    mkdirSync(folder);
    const made = await register('reg.riskregister');
    renameSync(made, join(folder, 'reg.riskregister'));
    chmodSync(folder, 0o555);
    const status = await app.ok('register:open', { path: join(folder, 'reg.riskregister') });
    expect(status.readOnlyReason).toBe('folder-read-only');
    const [risk] = await app.ok('risks:list', { includeArchived: false });
    if (!risk) throw new Error('no risks');
    const error = await app.fail('risks:update', {
      id: risk.id,
      version: risk.version,
      changes: { description: 'x' },
    });
    expect(error).toEqual({ code: 'READ_ONLY', message: READ_ONLY_MESSAGES['folder-read-only'] });
  });
});

describe('a full disk (a 2 MB tmpfs mounted for the test)', () => {
  const mountPoint = join('/tmp', `rr-full-${process.pid}`);
  let mounted = false;
  beforeEach(() => {
    mkdirSync(mountPoint, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      mounted = true;
    } catch {
      mounted = false;
    }
  });
  afterEach(() => {
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('a write says the disk is full and leaves the register as it was; it works again once there is space', async (ctx) => {
    if (!mounted) ctx.skip(); // needs root (mount); the CI machine runs as root
    const path = join(mountPoint, 'reg.riskregister');
    copyFileSync(await register('src.riskregister'), path);
    await app.ok('register:open', { path });
    const filler = join(mountPoint, 'filler');
    // Fill the disk to the last byte.
    try {
      for (let i = 0; ; i++) writeFileSync(filler, Buffer.alloc(4096), { flag: 'a' });
    } catch {
      /* ENOSPC: full */
    }
    const before = sha(path);
    const [risk] = await app.ok('risks:list', { includeArchived: false });
    if (!risk) throw new Error('no risks');
    const error = await app.fail('risks:update', {
      id: risk.id,
      version: risk.version,
      changes: { description: 'Written to a full disk' },
    });
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toBe(
      'The disk that holds this register is full, so nothing was saved. Free some space on it, then try again.',
    );
    expect(await app.ok('risks:get', { id: risk.id })).toEqual(risk);
    app.close();
    expect(sha(path)).toBe(before);
    rmSync(filler);
    const again = makeApp();
    await again.ok('register:open', { path });
    expect(await again.ok('risks:get', { id: risk.id })).toEqual(risk);
    await again.ok('risks:update', {
      id: risk.id,
      version: risk.version,
      changes: { description: 'Saved now' },
    });
    again.close();
  });
});
