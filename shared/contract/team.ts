/**
 * The team register as the window sees it (db/team): the replica's state and the conflicts and refusals the
 * server reported. Read from the local SQLite replica only; the sync itself runs outside the handler table.
 */
import { z } from 'zod';
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
};
