/**
 * The main process's team pieces with the strict fake Electron: the password kept with safeStorage in a file in
 * userData (refused before ready and when the key store is unavailable, never written in clear), and the sync
 * loop (after a change, on the timer, on resume; never two rounds at once; Offline since hh:mm).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors.ts';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

const {
  createCredentialStore,
  createTeamShell,
  credentialsFile,
  loopStateForWindow,
  startSyncLoop,
  stateLabel,
} = await import('../../../electron/team-sync.ts');

let dir: string;
beforeEach(() => {
  fake.reset();
  dir = mkdtempSync(join(tmpdir(), 'rr-team-cred-'));
  fake.state.paths['userData'] = dir;
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const SERVER = 'postgresql://mia@db.council.gov.uk:5432/risks?sslmode=verify-full';

describe('team password with safeStorage', () => {
  it('is refused before the app is ready, as real Electron refuses', () => {
    expect(() => createCredentialStore().save(SERVER, 'mia', 'secret-pass-1')).toThrow(
      /cannot keep the team password safely/,
    );
    expect(existsSync(credentialsFile())).toBe(false);
    // The fake itself throws where Electron does.
    expect(() => fake.module.safeStorage.encryptString('x')).toThrow(/Encryption is not available/);
  });

  it('is kept encrypted in userData and read back; the file never holds it in clear', () => {
    fake.state.resolveReady();
    fake.state.ready = true;
    const store = createCredentialStore();
    store.save(SERVER, 'mia', 'secret-pass-1');
    const file = credentialsFile();
    expect(file).toBe(join(dir, 'team-credentials.bin'));
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from('secret-pass-1'))).toBe(false);
    expect(bytes.includes(Buffer.from('mia'))).toBe(false);
    expect(createCredentialStore().password(SERVER, 'mia')).toBe('secret-pass-1');
    expect(store.password(SERVER, 'sam')).toBeNull();
    store.forget(SERVER, 'mia');
    expect(store.password(SERVER, 'mia')).toBeNull();
  });

  it('is refused with what to do when the key store is unavailable, leaving the kept one as it was', () => {
    fake.state.ready = true;
    const store = createCredentialStore();
    store.save(SERVER, 'mia', 'secret-pass-1');
    const before = readFileSync(credentialsFile());
    fake.state.encryption = false;
    expect(() => store.save(SERVER, 'mia', 'other-pass-2')).toThrow(
      /key store is not available.*Secret Service/,
    );
    expect(() => store.password(SERVER, 'mia')).toThrow(/cannot keep the team password safely/);
    expect(readFileSync(credentialsFile()).equals(before)).toBe(true);
  });
});

describe('sync loop', () => {
  it('cannot start before ready (powerMonitor), as in Electron', () => {
    expect(() => startSyncLoop({ round: () => Promise.resolve(true) })).toThrow(/before the app is ready/);
  });

  it('runs after a change, on the timer and on resume, never two rounds at once; offline since the first failure', async () => {
    fake.state.ready = true;
    vi.useFakeTimers();
    let clock = new Date(2026, 10, 30, 14, 32);
    let active = 0;
    let most = 0;
    let fail = false;
    const finish: (() => void)[] = [];
    const loop = startSyncLoop({
      now: () => clock,
      intervalMs: 60_000,
      afterChangeMs: 2_000,
      round: async () => {
        active += 1;
        most = Math.max(most, active);
        await new Promise<void>((resolve) => finish.push(resolve));
        active -= 1;
        if (fail) throw new Error('The team server could not be reached.');
        return true;
      },
    });
    expect(stateLabel(loop.state)).toBe('Not synced yet');

    // Three changes in a burst: one round, 2 s after the last.
    loop.changed();
    loop.changed();
    await vi.advanceTimersByTimeAsync(1_500);
    loop.changed();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(loop.rounds).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(loop.rounds).toBe(1);
    expect(stateLabel(loop.state)).toBe('Syncing…');

    // While it runs: a resume, a kick and the timer ask again: still one at a time, then exactly one more.
    fake.module.powerMonitor.emit('resume');
    void loop.kick();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(loop.rounds).toBe(1);
    finish.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.rounds).toBe(2);
    finish.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(most).toBe(1);
    expect(stateLabel(loop.state)).toBe('Synced 14:32');

    // The server goes away: offline since the first failed round, kept through later failures.
    fail = true;
    clock = new Date(2026, 10, 30, 14, 40);
    await vi.advanceTimersByTimeAsync(60_000);
    finish.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(stateLabel(loop.state)).toBe('Offline since 14:40');
    clock = new Date(2026, 10, 30, 14, 45);
    await vi.advanceTimersByTimeAsync(60_000);
    finish.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(stateLabel(loop.state)).toBe('Offline since 14:40');
    expect(loop.state).toMatchObject({ message: 'The team server could not be reached.' });

    // Back on the network: the resume event syncs at once.
    fail = false;
    clock = new Date(2026, 10, 30, 14, 47);
    fake.module.powerMonitor.emit('resume');
    await vi.advanceTimersByTimeAsync(0);
    finish.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(stateLabel(loop.state)).toBe('Synced 14:47');
    expect(most).toBe(1);

    loop.stop();
    const rounds = loop.rounds;
    await vi.advanceTimersByTimeAsync(300_000);
    fake.module.powerMonitor.emit('resume');
    expect(loop.rounds).toBe(rounds);
  });
});

describe('sync loop: removed from the team register', () => {
  it('a round refused as a removal is its own state (Access removed), not Offline, and crosses to the window so', async () => {
    fake.state.ready = true;
    const clock = new Date(2026, 10, 30, 15, 5);
    const words =
      'Your access to this team register was removed — ask the risk manager. The team server (postgresql://rita@db/reg) no longer accepts rita, which synced here before. Your copy here stays readable.';
    let removed = false;
    const loop = startSyncLoop({
      now: () => clock,
      intervalMs: 3_600_000,
      round: () => (removed ? Promise.reject(new AppError('FORBIDDEN', words)) : Promise.resolve(true)),
    });
    try {
      await loop.kick();
      expect(stateLabel(loop.state)).toBe('Synced 15:05');
      removed = true;
      await loop.kick();
      expect(stateLabel(loop.state)).toBe('Access removed');
      expect(loopStateForWindow(loop.state)).toEqual({
        kind: 'removed',
        at: clock.toISOString(),
        message: words,
      });
      // Any other refusal stays a failed round (Offline since …).
      removed = false;
      const other = startSyncLoop({
        now: () => clock,
        intervalMs: 3_600_000,
        round: () =>
          Promise.reject(new AppError('FORBIDDEN', 'The team server refused the login: wrong password.')),
      });
      await other.kick();
      expect(stateLabel(other.state)).toBe('Offline since 15:05');
      other.stop();
    } finally {
      loop.stop();
    }
  });
});

describe('the shell side the handler table sees (team:save-password, team:sync-state)', () => {
  it('keeps the password only in the safeStorage file, starts a round at once and reports the state as JSON', async () => {
    fake.state.ready = true;
    const clock = new Date(Date.UTC(2026, 10, 30, 14, 32));
    const sent: unknown[] = [];
    let fail = true;
    const loop = startSyncLoop({
      now: () => clock,
      intervalMs: 3_600_000,
      round: () =>
        fail ? Promise.reject(new Error('No password is kept on this computer.')) : Promise.resolve(true),
      onState: (st) => sent.push(loopStateForWindow(st)),
    });
    const credentials = createCredentialStore();
    const shell = createTeamShell({ credentials, loop: () => loop });
    try {
      expect(shell.syncState()).toEqual({ kind: 'idle', at: null, message: null });
      await loop.kick();
      expect(shell.syncState()).toEqual({
        kind: 'offline',
        at: '2026-11-30T14:32:00.000Z',
        message: 'No password is kept on this computer.',
      });

      // A refused save (no key store) keeps nothing and starts nothing; the caller gets the reason.
      fake.state.encryption = false;
      expect(() => shell.savePassword(SERVER, 'mia', 'secret-pass-1')).toThrow(
        /cannot keep the team password safely/,
      );
      expect(existsSync(credentialsFile())).toBe(false);
      fake.state.encryption = true;

      fail = false;
      const roundsBefore = loop.rounds;
      expect(shell.savePassword(SERVER, 'mia', 'secret-pass-1')).toBeUndefined();
      shell.syncSoon();
      await vi.waitFor(() => expect(shell.syncState().kind).toBe('synced'));
      expect(loop.rounds).toBe(roundsBefore + 1);
      expect(credentials.password(SERVER, 'mia')).toBe('secret-pass-1');
      expect(readFileSync(credentialsFile()).includes(Buffer.from('secret-pass-1'))).toBe(false);
      // What crossed to the window: states only, never the password.
      expect(sent.map((x) => (x as { kind: string }).kind)).toEqual([
        'syncing',
        'offline',
        'syncing',
        'synced',
      ]);
      expect(JSON.stringify(sent)).not.toContain('secret-pass-1');
    } finally {
      loop.stop();
    }
  });

  it('shows a round run outside the loop (Sync now in the window) as Synced at once, not while its own runs', async () => {
    fake.state.ready = true;
    let clock = new Date(2026, 10, 30, 9, 5);
    let finish: (() => void) | null = null;
    const loop = startSyncLoop({
      now: () => clock,
      intervalMs: 3_600_000,
      round: () => new Promise<boolean>((resolve) => (finish = () => resolve(true))),
    });
    try {
      loop.noteSynced();
      expect(stateLabel(loop.state)).toBe('Synced 09:05');
      const running = loop.kick();
      clock = new Date(2026, 10, 30, 9, 7);
      loop.noteSynced();
      expect(stateLabel(loop.state)).toBe('Syncing…');
      (finish as (() => void) | null)?.();
      await running;
      expect(stateLabel(loop.state)).toBe('Synced 09:07');
    } finally {
      loop.stop();
    }
  });
});
