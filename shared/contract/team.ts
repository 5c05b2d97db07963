/**
 * The team register as the window sees it (db/team): the replica's state and the conflicts and refusals the
 * server reported. Read from the local SQLite replica only; the sync itself runs outside the handler table.
 */
import { z } from 'zod';
import type { RegisterStatus } from '../domain.ts';
import { channel, noInput, text } from './define.ts';

export interface TeamConflict {
  /** The server's conflict number (`conflicts resolve ID`). */
  id: number;
  ref: string;
  /** The risk field: ref, category, description, mitigation, owners, current, inherent or target. */
  field: string;
  base: unknown;
  theirs: unknown;
  mine: unknown;
  /** The team user whose change became the conflict. */
  by: string;
  at: string;
}

export interface TeamRejected {
  id: number;
  ref: string;
  action: string;
  field: string | null;
  mine: unknown;
  /** The server's reason, to show and copy. */
  reason: string;
  at: string;
}

export interface TeamStatus {
  /** The server's address, without password. */
  server: string;
  user: string;
  role: 'manager' | 'owner' | 'viewer';
  owner: string | null;
  lastSync: string | null;
  lastSeq: number;
  /** Changes on this laptop not yet on the server. */
  waiting: number;
  conflicts: number;
  rejected: TeamRejected[];
}

/** What one sync round did (`sync:now`, `conflicts:resolve`). */
export interface TeamSyncResult {
  pushed: number;
  pulled: number;
  conflicts: number;
  rejected: number;
  waiting: number;
}

/**
 * The main process's sync loop as the window shows it: *Not synced yet*, *Syncing…*, *Synced hh:mm* (`at`), or
 * *Offline since hh:mm* (`at`) with the reason (`message`), kept from the first failed round until one succeeds.
 */
export interface TeamLoopState {
  kind: 'idle' | 'syncing' | 'synced' | 'offline';
  /** ISO time: when the last round succeeded (synced) or since when the server could not be reached (offline). */
  at: string | null;
  /** Why the last round failed (offline only), to show and copy. */
  message: string | null;
}

export const teamChannels = {
  /** The replica's state, or null for a single-user register. */
  'team:status': channel<TeamStatus | null>()(noInput),
  'conflicts:list': channel<TeamConflict[]>()(noInput),
  /** Dismiss a refused change once its reason has been read (a local notice: not recorded in history). */
  'team:dismiss-rejected': channel<{ dismissed: boolean }>()(
    z
      .object({
        id: z
          .number({ error: 'Which refused change: its number is required.' })
          .int({ error: 'A refused change is numbered by a whole number.' })
          .min(1, { error: 'A refused change is numbered from 1.' }),
      })
      .strict(),
  ),
  /** One sync round now, run by the main process (it holds the server password). */
  'sync:now': channel<TeamSyncResult>()(noInput),
  /**
   * Resolve a conflict on the server (keep theirs, keep mine, or `keep: 'value'` with the `value` typed, such as
   * 4x3 for a score), then sync so the window shows the outcome.
   */
  'conflicts:resolve': channel<TeamSyncResult>()(
    z
      .object({
        id: z
          .number({ error: 'Which conflict: its number is required.' })
          .int({ error: 'A conflict is numbered by a whole number.' })
          .min(1, { error: 'A conflict is numbered from 1.' }),
        keep: z.enum(['theirs', 'mine', 'value'], {
          error: "Say which to keep: 'theirs' or 'mine', or 'value' with the value to apply.",
        }),
        value: text('The value', 4000).optional(),
      })
      .strict()
      .refine((v) => (v.keep === 'value') === (v.value !== undefined), {
        error: "Give a value with keep: 'value' (and only then).",
        path: ['value'],
      }),
  ),
  /**
   * Team settings: keep the team password for this replica's user on this computer (the main process encrypts it
   * with the OS key store; it never comes back to the window), then sync at once.
   */
  'team:save-password': channel<{ saved: true; user: string; server: string }>()(
    z
      .object({
        password: z
          .string({ error: 'Type the team password you were given.' })
          .min(1, { error: 'The team password is empty: type the password you were given.' })
          .max(1000, { error: 'That is longer than any team password (1,000 characters at most).' }),
      })
      .strict(),
  ),
  /** The main process's sync loop state for the open replica; null for a single-user register or outside the app. */
  'team:sync-state': channel<TeamLoopState | null>()(noInput),
  /**
   * The start screen's "Join a team register": connect as this person, save the replica where the main process's
   * save dialog says (null when cancelled), pull everything, keep the password on this computer, open the replica.
   */
  'team:join': channel<RegisterStatus | null>()(
    z
      .object({
        server: z
          .string({ error: 'Give the team server address your risk manager sent.' })
          .trim()
          .min(1, { error: 'Give the team server address your risk manager sent.' })
          .max(2000, { error: 'That server address is too long (2,000 characters at most).' })
          .regex(/^postgres(ql)?:\/\//i, {
            error: 'A team server address starts with postgresql:// (as your risk manager sent it).',
          }),
        user: z.string({ error: 'Give your team user name.' }).regex(/^[A-Za-z][A-Za-z0-9_.-]{0,62}$/, {
          error: 'A team user name starts with a letter and has only letters, digits, _ . or - (63 at most).',
        }),
        password: z
          .string({ error: 'Type the team password you were given.' })
          .min(1, { error: 'The team password is empty: type the password you were given.' })
          .max(1000, { error: 'That is longer than any team password (1,000 characters at most).' }),
      })
      .strict(),
  ),
};
