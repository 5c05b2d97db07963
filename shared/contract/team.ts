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
  /** Row images from a laptop on an older app that lacked columns (kept here as they were): table, columns, count. */
  olderApp?: { table: string; columns: string[]; rows: number }[];
}

/**
 * The main process's sync loop as the window shows it: *Not synced yet*, *Syncing…*, *Synced hh:mm* (`at`), or
 * *Offline since hh:mm* (`at`) with the reason (`message`), kept from the first failed round until one succeeds.
 */
export interface TeamLoopState {
  /** `removed`: the server no longer accepts this person (removed from the team register); rounds keep trying. */
  kind: 'idle' | 'syncing' | 'synced' | 'offline' | 'removed';
  /**
   * ISO time: when the last round succeeded (synced) or since when the server could not be reached (offline) or
   * refused this person (removed).
   */
  at: string | null;
  /** Why the last round failed (offline and removed), to show and copy. */
  message: string | null;
}

const serverAddress = z
  .string({ error: 'Give the team server address your risk manager sent.' })
  .trim()
  .min(1, { error: 'Give the team server address.' })
  .max(2000, { error: 'That server address is too long (2,000 characters at most).' })
  .regex(/^postgres(ql)?:\/\//i, {
    error:
      'A team server address starts with postgresql://, like postgresql://HOST:5432/DATABASE?sslmode=verify-full.',
  });
const loginName = z.string({ error: 'Give the team user name.' }).regex(/^[A-Za-z][A-Za-z0-9_.-]{0,62}$/, {
  error: 'A team user name starts with a letter and has only letters, digits, _ . or - (63 at most).',
});
const teamPassword = z
  .string({ error: 'Type the password.' })
  .min(1, { error: 'The password is empty: type it.' })
  .max(1000, { error: 'That is longer than any team password (1,000 characters at most).' });

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
        /**
         * Team settings' address and login (both or neither): a new one is tried on the server before the replica
         * keeps it; `insecureTls` is the same explicit "Connect without encryption" choice as Join and Share.
         */
        server: serverAddress.optional(),
        user: loginName.optional(),
        insecureTls: z
          .boolean({ error: 'Say whether to connect without encryption (true or false).' })
          .optional(),
      })
      .strict()
      .refine((v) => (v.server === undefined) === (v.user === undefined), {
        error: 'Give the server address and the user name together (or neither, to keep only the password).',
        path: ['server'],
      }),
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
        /** The person's explicit choice to connect to a host that is not this computer without encryption. */
        insecureTls: z
          .boolean({ error: 'Say whether to connect without encryption (true or false).' })
          .optional(),
      })
      .strict(),
  ),
  /**
   * File › Share register…: publish the open single-user register to an empty PostgreSQL database as the manager
   * typed here (the main process publishes the open file; the window sends no path), keep the password on this
   * computer, then reopen the file as the first replica. `insecureTls` is the manager's explicit choice to connect
   * to a host that is not this computer without encryption (refused otherwise, as for Join).
   */
  'team:publish': channel<RegisterStatus>()(
    z
      .object({
        server: serverAddress,
        user: loginName,
        password: teamPassword,
        insecureTls: z
          .boolean({ error: 'Say whether to connect without encryption (true or false).' })
          .optional(),
      })
      .strict(),
  ),
  /** People on the team server (read from the server, online only): role, linked owner, last synced. */
  'team:people': channel<TeamPerson[]>()(noInput),
  /**
   * Add a person (a manager on the server): a new login with a generated password, shown once. An owner needs the
   * owners-directory initials of the risks they own.
   */
  'team:add-person': channel<{ name: string; role: TeamPerson['role']; password: string }>()(
    z
      .object({
        name: loginName,
        role: z.enum(['manager', 'owner', 'viewer'], { error: 'Choose a role: manager, owner or viewer.' }),
        owner: z
          .string({ error: 'Give the owner initials as text.' })
          .trim()
          .regex(/^[A-Za-z0-9.-]{1,10}$/, {
            error: 'Owner initials are 1 to 10 letters or digits (as in the owners directory).',
          })
          .optional(),
      })
      .strict()
      .refine((v) => v.role !== 'owner' || v.owner !== undefined, {
        error: 'An owner needs the owner initials of the risks they own.',
        path: ['owner'],
      }),
  ),
  /**
   * Change a person's role and owner link (a manager on the server; the server refuses anyone else, changing your
   * own role and leaving the register without a manager). An owner needs the owner initials of the risks they own.
   */
  'team:set-role': channel<{
    name: string;
    role: TeamPerson['role'];
    owner: string | null;
    changed: boolean;
  }>()(
    z
      .object({
        name: loginName,
        role: z.enum(['manager', 'owner', 'viewer'], { error: 'Choose a role: manager, owner or viewer.' }),
        owner: z
          .string({ error: 'Give the owner initials as text.' })
          .trim()
          .regex(/^[A-Za-z0-9.-]{1,10}$/, {
            error: 'Owner initials are 1 to 10 letters or digits (as in the owners directory).',
          })
          .optional(),
      })
      .strict()
      .refine((v) => v.role !== 'owner' || v.owner !== undefined, {
        error: 'An owner needs the owner initials of the risks they own.',
        path: ['owner'],
      }),
  ),
  /**
   * Remove a person (a manager on the server): their login can no longer connect, their open connections are ended
   * when the server lets this login do so (`sessionsEnded`; `sessionsOpen`: still open, able to do nothing), their
   * past changes stay in the history under their name. Refused for yourself and for the last manager.
   */
  'team:remove-person': channel<{
    name: string;
    loginDropped: boolean;
    sessionsEnded: number;
    sessionsOpen: number;
  }>()(z.object({ name: loginName }).strict()),
};

/** One person on the team server, as People and the dashboard's Team panel show them. */
export interface TeamPerson {
  name: string;
  role: 'manager' | 'owner' | 'viewer';
  /** Owners-directory initials (owners only), and the name the directory gives them on this replica. */
  ownerInitials: string | null;
  ownerName: string | null;
  /** ISO time of this person's last completed sync round; null: never. */
  lastSync: string | null;
}
