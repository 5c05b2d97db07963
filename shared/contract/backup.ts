import { z } from 'zod';
import { channel, filePath } from './define.ts';

export interface BackupOutcome {
  path: string;
  bytes: number;
  /** Live risks in the backup. */
  risks: number;
  /** The backup's history head (`SEQ:HASH`): keep it to check the backup later with `audit verify --anchor`. */
  historyHead?: string;
}

export const backupChannels = {
  /**
   * Back up the open register to a file (a consistent copy, checked before it replaces anything). Without a path,
   * asks where (native save dialog) and returns null when cancelled. Recorded in history.
   */
  'register:backup': channel<BackupOutcome | null>()(z.object({ path: filePath.optional() }).strict()),
} as const;
