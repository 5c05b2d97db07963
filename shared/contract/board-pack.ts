/** The PDF board pack's data: what the print view (renderer/io/BoardPack.tsx) draws. */
import type { ScoringCriteria } from '../criteria.ts';
import { z } from 'zod';
import type { BandKey } from '../band-key.ts';
import type { BoardPackModel } from '../export/board-pack-model.ts';
import type { SummaryTable } from '../export/summary.ts';
import { marking } from './board.ts';
import { channel } from './define.ts';

export interface BoardPack {
  /** The summary table as every export prints it (shared/export/summary.ts). */
  table: SummaryTable;
  /** The register's key, for the heatmap's cells. */
  bandKey: BandKey;
  /** The cabinet paper: cover, one-page summary, movement, Part A and (when asked) the exempt Part B. */
  pack: BoardPackModel;
  /** The register's scoring criteria, printed as the appendix. */
  criteria: ScoringCriteria;
}

export const boardPackChannels = {
  /**
   * The summary table and the key for the board pack's print view; reads only. `asAt` (yyyy-mm-dd) is the
   * date printed in the title and footer, today by default.
   */
  'export:board-pack': channel<BoardPack>()(
    z
      .object({
        scores: z.enum(['current', 'target'], { error: 'Scores are current or target.' }).default('current'),
        bands: z.array(z.string().min(1).max(100)).max(20).nullable().default(null),
        sort: z.enum(['ref', 'score'], { error: 'Sort by ref or score.' }).default('ref'),
        travel: z.boolean({ error: 'travel is true or false.' }).optional(),
        asAt: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'The as-at date is written yyyy-mm-dd.' })
          .optional(),
        /** The protective marking for this print; the register's own when absent. */
        marking: marking.optional(),
        /** With the exempt Part B listing the confidential risks; public Part A only when false. */
        exempt: z.boolean({ error: 'exempt is true or false.' }).optional(),
      })
      .strict(),
  ),
} as const;
