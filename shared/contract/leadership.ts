/** The leadership view's own channel: saving the heatmap picture the window drew. */
import { z } from 'zod';
import { channel, filePath } from './define.ts';

export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';
/** About 20 MB of picture: far more than a 5×5 grid needs. */
export const PNG_DATA_URL_MAX = 28_000_000;

export interface PngExportOutcome {
  path: string;
  bytes: number;
}

export const leadershipChannels = {
  /**
   * Save a PNG the window drew (the heatmap) to a file: asks where when no path is given (null when the
   * user cancels), writes a temp file beside it and renames it over, and records the export in history.
   */
  'export:png': channel<PngExportOutcome | null>()(
    z
      .object({
        dataUrl: z
          .string({ error: 'The picture to save is missing: export it again from the heatmap.' })
          .startsWith(PNG_DATA_URL_PREFIX, { error: 'Only PNG pictures can be saved this way.' })
          .max(PNG_DATA_URL_MAX, { error: 'The picture is too large to save (at most about 20 MB).' }),
        /** Suggested file name, without the extension. */
        name: z
          .string()
          .trim()
          .min(1)
          .max(150, { error: 'The file name is at most 150 characters.' })
          .regex(/^[^\\/:*?"<>|]+$/, { error: 'The file name cannot contain \\ / : * ? " < > or |.' })
          .default('Heatmap'),
        path: filePath.optional(),
      })
      .strict(),
  ),
} as const;
