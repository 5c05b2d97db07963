import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { trustedPaths } from '../../../db/files/grants.ts';
import { RegisterSession } from '../../../db/session.ts';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract/index.ts';
import { dispatch } from '../../../shared/dispatch.ts';

const dirs: string[] = [];
const sessions: RegisterSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(choose: string | null = null) {
  const dir = mkdtempSync(join(tmpdir(), 'rr-backup-'));
  dirs.push(dir);
  const session = new RegisterSession();
  sessions.push(session);
  const handlers = createHandlers({
    files: trustedPaths,
    session,
    now: () => new Date('2026-11-22T10:00:00Z'),
    user: () => 'Risk Manager',
    dialogs: { ...noDialogs, chooseBackupPath: () => Promise.resolve(choose) },
  });
  const call = async <C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> => {
    const r = await dispatch(handlers, channel, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as OutputOf<C>;
  };
  return { dir, session, call };
}

describe('register:backup', () => {
  it('writes a checked copy that opens as the same register, and records the backup', async () => {
    const { dir, call } = setup();
    await call('register:create', { path: join(dir, 'live.riskregister'), sample: true });
    const sr4 = (await call('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('SR4 missing');
    await call('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      impact: 4,
      likelihood: 4,
      reason: 'Q3',
    });

    const out = join(dir, 'backup.riskregister');
    const result = await call('register:backup', { path: out });
    expect(result).toMatchObject({ path: out, risks: 19 });
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);

    const copy = setup();
    await copy.call('register:open', { path: out });
    const risks = await copy.call('risks:list', {});
    expect(risks).toHaveLength(19);
    expect(risks.find((r) => r.ref === 'SR4')).toMatchObject({ impact: 4, likelihood: 4 });
    expect((await copy.call('audit:verify', {})).ok).toBe(true);

    const last = (await call('audit:list', { limit: 1 })).entries[0];
    expect(last).toMatchObject({ action: 'export', field: 'backup', by: 'Risk Manager' });
  });

  it('asks where when no path is given, and does nothing when the dialog is cancelled', async () => {
    const { dir, call } = setup(null);
    await call('register:create', { path: join(dir, 'live.riskregister'), sample: true });
    const before = (await call('audit:list', { limit: 1 })).total;
    expect(await call('register:backup', {})).toBeNull();
    expect((await call('audit:list', { limit: 1 })).total).toBe(before);
  });

  it('refuses to overwrite the register itself or to write into a missing folder, leaving no file', async () => {
    const { dir, call } = setup();
    const live = join(dir, 'live.riskregister');
    await call('register:create', { path: live, sample: true });
    const bytes = readFileSync(live);
    await expect(call('register:backup', { path: live })).rejects.toThrow(
      'That is the register itself — choose another file name',
    );
    expect(readFileSync(live).equals(bytes)).toBe(true);
    const missing = join(dir, 'no-such-folder', 'b.riskregister');
    await expect(call('register:backup', { path: missing })).rejects.toThrow('does not exist');
    expect(existsSync(missing)).toBe(false);
  });

  it('is available from the CLI', () => {
    const { dir } = setup();
    const db = join(dir, 'cli.riskregister');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['db/cli/bin.js', ...args], { encoding: 'utf8' });
    expect(run('init', '--db', db, '--sample').status).toBe(0);
    const out = join(dir, 'cli-backup.riskregister');
    const r = run('backup', '--db', db, '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Backed up 19 risks to ${out}`);
    expect(run('list', '--db', out, '--json').stdout).toContain('"ref": "SR19"');
  });
});
