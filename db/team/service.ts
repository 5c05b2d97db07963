/**
 * The team sync service the main process owns: one sync round at a time for the open replica, and resolving a
 * conflict (online, then a round so the window shows the outcome). It connects with the replica's server address
 * (stored without password) and the password the host supplies (the shell's safeStorage file, a test's literal),
 * so the password never reaches the register or the window. Used by the handler table's `sync:now` and
 * `conflicts:resolve` (injected like `renderPdf`) and by the shell's sync loop.
 */
import type pg from 'pg';
import { AppError } from '../../shared/errors.ts';
import { choseWithoutEncryption } from '../../shared/team-url.ts';
import type { RegisterSession } from '../session.ts';
import { accessRemoved, connect } from './connect.ts';
import { requireTeam, teamRow, waitingCount } from './replica.ts';
import type { Resolution, SyncResult } from './sync.ts';
import { resolveConflict, syncRound } from './sync.ts';

export interface TeamSync {
  /** One round now (waits for a round already running first: never two rounds at once). */
  syncNow(): Promise<SyncResult>;
  /** Resolve a conflict on the server, then run a round so this replica shows the outcome. */
  resolve(id: number, keep: Resolution): Promise<SyncResult>;
  /** True while a round runs. */
  readonly running: boolean;
  /**
   * Run `fn` with a connection to the open replica's server as its user (People, adding a person); no round.
   * Optional so a host's own stand-in need not offer it.
   */
  withServer?<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
}

export interface TeamSyncOptions {
  session: RegisterSession;
  /** The password for the replica's server user, or null when none is kept on this computer. */
  password: (server: string, user: string) => string | null;
  now?: () => Date;
  insecureTls?: boolean;
  /** Told after a round changed the replica, so windows read it again. */
  onSynced?: (result: SyncResult) => void;
}

/** The stored server URL with the password put in (the stored one never carries it). */
export function urlWithPassword(server: string, password: string): string {
  const u = new URL(server);
  u.password = encodeURIComponent(password);
  return u.toString();
}

export function createTeamSync(opts: TeamSyncOptions): TeamSync {
  let current: Promise<SyncResult> | null = null;
  /** The password that last connected for each server and user (this process only): a refusal of it means removal. */
  const worked = new Map<string, string>();

  async function withServer<T>(
    fn: (client: pg.Client, path: string) => Promise<T>,
    inRound = false,
  ): Promise<T> {
    // An import being written into the register from the worker: the round starts after it (the write gate).
    while (opts.session.writingElsewhere) await opts.session.writingElsewhere;
    const path = opts.session.path;
    if (!path) throw new AppError('NO_REGISTER', 'Open a team register first, then sync.');
    const db = opts.session.writable();
    const t = teamRow(db);
    if (!t) {
      throw new AppError(
        'VALIDATION',
        'This register is not shared with a team server, so there is nothing to sync.',
      );
    }
    requireTeam(db, path);
    const password = opts.password(t.server, t.user);
    if (!password) {
      throw new AppError(
        'FORBIDDEN',
        `No password is kept on this computer for ${t.user} on the team server. Enter it in Team settings, then sync again.`,
      );
    }
    const key = `${t.user}@${t.server}`;
    const removed = (e: unknown) =>
      accessRemoved(e, t, waitingCount(db), !worked.has(key) || worked.get(key) === password);
    const client = await connect(urlWithPassword(t.server, password), {
      // `sslmode=disable` (or `prefer`) is stored only when the person who shared or joined the register turned
      // encryption off (db/team/join-app.ts): keep to that choice rather than refusing every round.
      insecureTls:
        opts.insecureTls === true || choseWithoutEncryption(new URL(t.server).searchParams.get('sslmode')),
    }).catch((e: unknown) => {
      throw removed(e);
    });
    worked.set(key, password);
    try {
      return await fn(client, path);
    } catch (e) {
      // Only a sync round's refusals can mean removal: People's own refusals (a manager who may not change
      // people) are their own words.
      throw inRound ? removed(e) : e;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  function round(before?: (client: pg.Client) => Promise<void>): Promise<SyncResult> {
    const run = async (): Promise<SyncResult> => {
      const result = await withServer(async (client, path) => {
        if (before) await before(client);
        while (opts.session.writingElsewhere) await opts.session.writingElsewhere;
        return syncRound(opts.session.writable(), path, client, {
          ...(opts.now ? { now: opts.now } : {}),
          writingElsewhere: () => opts.session.writingElsewhere,
        });
      }, true);
      opts.onSynced?.(result);
      return result;
    };
    // Never two rounds at once: a call while one runs waits for it, then runs its own (its changes may be newer).
    const previous = current;
    const next = (previous ? previous.catch(() => undefined).then(run) : run()).finally(() => {
      if (current === next) current = null;
    });
    current = next;
    return next;
  }

  return {
    syncNow: () => round(),
    resolve: (id, keep) => round((client) => resolveConflict(client, id, keep)),
    withServer: (fn) => withServer((client) => fn(client)),
    get running() {
      return current !== null;
    },
  };
}
