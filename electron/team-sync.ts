/**
 * The main process's side of the team register: the server password kept with Electron's safeStorage (encrypted
 * into a file in userData, never the register, never plain preferences), and the sync loop that runs a round
 * after a change notice, on a timer and when the computer resumes, never two at once, with an
 * "Offline since hh:mm" state when the server cannot be reached.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, powerMonitor, safeStorage } from 'electron';
import { writeFileAtomic } from '../db/files/write.ts';
import type { TeamShell } from '../db/handlers/deps.ts';
import type { TeamLoopState } from '../shared/contract/team.ts';
import { AppError } from '../shared/errors.ts';
import { isAccessRemoved } from '../shared/team-url.ts';

/** Where the encrypted passwords live: userData/team-credentials.bin. */
export function credentialsFile(): string {
  return join(app.getPath('userData'), 'team-credentials.bin');
}

const key = (server: string, user: string) => `${user}@${server}`;

function requireEncryption(): void {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new AppError(
      'FORBIDDEN',
      "This computer cannot keep the team password safely (the system's key store is not available), so it was not saved. Unlock or set up the key store (on Linux: the Secret Service, e.g. GNOME Keyring), then enter the password again.",
    );
  }
}

function readAll(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  requireEncryption();
  try {
    return JSON.parse(safeStorage.decryptString(readFileSync(file))) as Record<string, string>;
  } catch {
    throw new AppError(
      'FORBIDDEN',
      'The team password kept on this computer could not be read (the key store changed). Enter the password again.',
    );
  }
}

export interface CredentialStore {
  save(server: string, user: string, password: string): void;
  password(server: string, user: string): string | null;
  forget(server: string, user: string): void;
}

export function createCredentialStore(file: string = credentialsFile()): CredentialStore {
  const write = (all: Record<string, string>) => {
    requireEncryption();
    writeFileAtomic(file, safeStorage.encryptString(JSON.stringify(all)));
  };
  return {
    save(server, user, password) {
      if (!password)
        throw new AppError('VALIDATION', 'The team password is empty: type the password you were given.');
      requireEncryption();
      write({ ...readAll(file), [key(server, user)]: password });
    },
    password: (server, user) => readAll(file)[key(server, user)] ?? null,
    forget(server, user) {
      const all = readAll(file);
      if (!(key(server, user) in all)) return;
      write(Object.fromEntries(Object.entries(all).filter(([k]) => k !== key(server, user))));
    },
  };
}

export type SyncLoopState =
  | { kind: 'idle' }
  | { kind: 'syncing' }
  | { kind: 'synced'; at: Date }
  | { kind: 'offline'; since: Date; message: string }
  /** The server refused this person as removed from the team register (db/team/connect.ts `accessRemoved`). */
  | { kind: 'removed'; since: Date; message: string };

function hhmm(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The state as the window words it. */
export function stateLabel(s: SyncLoopState): string {
  switch (s.kind) {
    case 'idle':
      return 'Not synced yet';
    case 'syncing':
      return 'Syncing…';
    case 'synced':
      return `Synced ${hhmm(s.at)}`;
    case 'offline':
      return `Offline since ${hhmm(s.since)}`;
    case 'removed':
      return 'Access removed';
  }
}

export interface SyncLoopOptions {
  /** One round; resolves false when there is nothing to sync (a single-user register). */
  round: () => Promise<boolean>;
  intervalMs?: number;
  /** Wait after a change notice, so a burst of edits goes in one round. */
  afterChangeMs?: number;
  now?: () => Date;
  onState?: (s: SyncLoopState) => void;
}

export interface SyncLoop {
  /** The register changed on this computer. */
  changed(): void;
  /** Run a round now (or once more after the one running). */
  kick(): Promise<void>;
  stop(): void;
  /**
   * A round ran outside the loop (the window's Sync now, resolving a conflict) and succeeded: the loop shows
   * Synced hh:mm at once (left to the loop itself while one of its rounds runs).
   */
  noteSynced(): void;
  readonly state: SyncLoopState;
  /** Rounds started so far. */
  readonly rounds: number;
}

/** Start the loop; call after the app is ready (it listens to powerMonitor). */
export function startSyncLoop(opts: SyncLoopOptions): SyncLoop {
  const now = opts.now ?? (() => new Date());
  let state: SyncLoopState = { kind: 'idle' };
  let running: Promise<void> | null = null;
  let again = false;
  let rounds = 0;
  let changeTimer: ReturnType<typeof setTimeout> | null = null;
  const set = (s: SyncLoopState) => {
    state = s;
    opts.onState?.(s);
  };

  const once = async () => {
    rounds += 1;
    const wasOffline = state.kind === 'offline' || state.kind === 'removed' ? state : null;
    set({ kind: 'syncing' });
    try {
      const did = await opts.round();
      set(did ? { kind: 'synced', at: now() } : { kind: 'idle' });
    } catch (e) {
      set({
        // A removal is its own state, not a failed round: the window says so and what to do.
        kind: isAccessRemoved(e) ? 'removed' : 'offline',
        since: wasOffline ? wasOffline.since : now(),
        message: e instanceof Error ? e.message : String(e),
      });
    }
  };

  const kick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await once();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => void kick(), opts.intervalMs ?? 60_000);
  const onResume = () => void kick();
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onResume);

  return {
    changed() {
      if (changeTimer) clearTimeout(changeTimer);
      changeTimer = setTimeout(() => {
        changeTimer = null;
        void kick();
      }, opts.afterChangeMs ?? 2_000);
    },
    kick,
    noteSynced() {
      if (!running) set({ kind: 'synced', at: now() });
    },
    stop() {
      clearInterval(timer);
      if (changeTimer) clearTimeout(changeTimer);
      powerMonitor.removeListener('resume', onResume);
      powerMonitor.removeListener('unlock-screen', onResume);
    },
    get state() {
      return state;
    },
    get rounds() {
      return rounds;
    },
  };
}

/** The loop's state as it crosses to the window (plain JSON: ISO times). */
export function loopStateForWindow(s: SyncLoopState): TeamLoopState {
  switch (s.kind) {
    case 'idle':
    case 'syncing':
      return { kind: s.kind, at: null, message: null };
    case 'synced':
      return { kind: 'synced', at: s.at.toISOString(), message: null };
    case 'offline':
    case 'removed':
      return { kind: s.kind, at: s.since.toISOString(), message: s.message };
  }
}

/**
 * The handler table's view of the shell's team pieces (`team:save-password`, `team:sync-state`): the password
 * goes into the safeStorage file and nowhere else (nothing here returns it), then a round starts at once.
 */
export function createTeamShell(opts: {
  credentials: CredentialStore;
  loop: () => SyncLoop | null;
}): TeamShell {
  return {
    savePassword: (server, user, password) => opts.credentials.save(server, user, password),
    syncState: () => loopStateForWindow(opts.loop()?.state ?? { kind: 'idle' }),
    syncSoon: () => void opts.loop()?.kick(),
  };
}
