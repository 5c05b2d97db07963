/**
 * A killed backup leaves no lasting hidden copy of the register; every file write goes through the one helper
 * (temp → fsync → rename → fsync the folder).
 */
import { spawn } from 'node:child_process';
import fs, { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commitTempFile, isOurTempName, writeFileAtomic } from '../../../db/files/write.ts';
import { type App, makeApp, makeTempDir, type TempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
beforeEach(() => {
  tmp = makeTempDir('rr-durable-');
  app = makeApp();
});
afterEach(() => {
  app.close();
  vi.restoreAllMocks();
  tmp.cleanup();
});

describe('a backup killed mid-write', () => {
  it('leaves a temp file that the next backup to that folder, or the next open beside it, removes — and nothing else', async () => {
    const register = tmp.file('live.sqlite');
    await app.ok('register:create', { path: register, sample: true });
    app.close();
    const backups = tmp.file('backups');
    mkdirSync(backups);

    // A child process backs up over and over; it is SIGKILLed the moment one of its temp files is seen.
    const script = `
      import { openRegisterFile } from './db/connection.ts';
      import { backupRegister } from './db/backup.ts';
      const { db } = openRegisterFile(${JSON.stringify(register)});
      for (;;) backupRegister(db, ${JSON.stringify(register)}, ${JSON.stringify(join(backups, 'b.sqlite'))});`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let seen: string | undefined;
    const deadline = Date.now() + 60_000;
    while (!seen && Date.now() < deadline) {
      seen = readdirSync(backups).find((f) => isOurTempName(f));
    }
    child.kill('SIGKILL');
    await exited;
    expect(seen, 'a temp file of the backup was seen').toBeDefined();
    const left = readdirSync(backups).filter((f) => isOurTempName(f));
    // The killed process's hidden copy is there (with SQLite's journal of it, if killed inside VACUUM INTO)…
    expect(left.length).toBeGreaterThanOrEqual(1);
    for (const f of left)
      expect(f).toMatch(new RegExp(`^\\.b\\.sqlite\\.rr-${child.pid}-[0-9a-f]{8}\\.tmp(-journal)?$`));
    console.log(`left by the killed backup: ${left.join(', ')}`);

    // Files that are not ours, or belong to a live process, must survive the clean-up.
    const decoys = [
      '.notes.txt.tmp',
      '.b.sqlite.rr-abc-12345678.tmp',
      'b.sqlite.rr-999999-12345678.tmp',
      `.other.sqlite.rr-${process.pid}-abcdef01.tmp`,
    ];
    for (const d of decoys) writeFileSync(join(backups, d), 'keep');

    app = makeApp();
    await app.ok('register:open', { path: register });
    await app.ok('register:backup', { path: join(backups, 'b2.sqlite') });
    // …and the next backup to that folder removed it, and only it.
    const after = readdirSync(backups)
      .filter((f) => f !== 'b.sqlite') // there if the child finished a backup before it was killed
      .sort();
    expect(after).toEqual(['b2.sqlite', ...decoys].sort());
    for (const d of decoys) expect(readFileSync(join(backups, d), 'utf8')).toBe('keep');

    // Opening a register removes a dead process's temp file beside it.
    app.close();
    const stale = tmp.file(`.live.sqlite.rr-${child.pid}-0badc0de.tmp`);
    writeFileSync(stale, 'half a backup');
    app = makeApp();
    await app.ok('register:open', { path: register });
    expect(existsSync(stale)).toBe(false);
  }, 90_000);
});

describe('the one file writer', () => {
  it('fsyncs the file before the rename and the folder after it', () => {
    const calls: string[] = [];
    const fsync = vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      calls.push(`fsync ${fs.fstatSync(fd).isDirectory() ? 'folder' : 'file'}`);
    });
    const rename = vi.spyOn(fs, 'renameSync');
    rename.mockImplementation((from, to) => {
      calls.push('rename');
      rename.mockRestore();
      fs.renameSync(from, to);
    });
    const out = tmp.file('out.csv');
    writeFileAtomic(out, 'a,b\n');
    expect(calls).toEqual(['fsync file', 'rename', 'fsync folder']);
    expect(readFileSync(out, 'utf8')).toBe('a,b\n');
    expect(fsync).toHaveBeenCalledTimes(2);

    calls.length = 0;
    const temp = tmp.file('.made-elsewhere.tmp');
    writeFileSync(temp, 'x');
    vi.spyOn(fs, 'renameSync').mockImplementationOnce((from, to) => {
      calls.push('rename');
      vi.mocked(fs.renameSync).mockRestore();
      fs.renameSync(from, to);
    });
    commitTempFile(temp, tmp.file('committed.bin'));
    expect(calls).toEqual(['fsync file', 'rename', 'fsync folder']);
  });

  it('writes a file given in pieces as the pieces one after the other (the summary XLSX is never joined in memory)', () => {
    const out = tmp.file('pieces.bin');
    const pieces = [Buffer.from('PK'), new Uint8Array(0), new Uint8Array([1, 2, 3]), Buffer.from('€ end')];
    writeFileAtomic(out, pieces);
    expect(readFileSync(out)).toEqual(
      Buffer.concat([Buffer.from('PK'), Buffer.from([1, 2, 3]), Buffer.from('€ end')]),
    );
    expect(readdirSync(tmp.dir).filter(isOurTempName)).toEqual([]);
  });

  it('is the only code that writes export, audit, PNG or backup files (no other writer in db/ or electron/)', () => {
    const files = [
      ...readdirSync('db', { recursive: true }).map((f) => join('db', String(f))),
      ...readdirSync('electron', { recursive: true }).map((f) => join('electron', String(f))),
    ].filter((f) => f.endsWith('.ts'));
    const writers =
      /\b(writeFileSync|writeFile|renameSync|rename|copyFileSync|copyFile|createWriteStream|appendFileSync)\s*\(/;
    const found = files.filter((f) => writers.test(readFileSync(f, 'utf8'))).sort();
    // db/files/write.ts is the helper; electron/prefs.ts writes the app's own preferences file (not a user file);
    // db/connection.ts only moves a damaged register aside and keeps a copy before a leftover -wal is applied
    // (docs/reliability-storage.md), never an export.
    expect(found).toEqual([
      join('db', 'connection.ts'),
      join('db', 'files', 'write.ts'),
      join('electron', 'prefs.ts'),
    ]);
    const vacuum = files.filter((f) => /prepare\(\s*['"`]VACUUM INTO/.test(readFileSync(f, 'utf8')));
    expect(vacuum).toEqual([join('db', 'backup.ts')]);
  });
});
