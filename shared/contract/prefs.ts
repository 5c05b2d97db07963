import { z } from 'zod';
import { channel, noInput } from './define.ts';

/** Who the history records as making changes from this computer. */
export interface Identity {
  /** The operating-system account name: the default. */
  osUser: string;
  /** The display name chosen in preferences, or null to use the OS account name. */
  displayName: string | null;
  /** What history records as "who": the display name when set, else the OS account. */
  recordedAs: string;
  /** False where the host keeps no preferences (the CLI takes `--by NAME` instead). */
  canChange: boolean;
}

export const prefsChannels = {
  'prefs:identity': channel<Identity>()(noInput),
  /** Set (or, with null or empty text, clear) the display name recorded in history. */
  'prefs:set-display-name': channel<Identity>()(
    z
      .object({
        displayName: z
          .string({ error: 'Your name must be text.' })
          .trim()
          .max(100, { error: 'Your name is at most 100 characters.' })
          .nullable(),
      })
      .strict(),
  ),
} as const;
