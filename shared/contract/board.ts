/** The cabinet board pack's register settings (cover, protective marking) and the per-risk confidential flag. */
import { z } from 'zod';
import type { RiskRecord } from '../domain.ts';
import type { BoardSettings } from '../export/board-pack.ts';
import { BOARD_TEXT_MAX, MARKING_MAX } from '../export/board-pack.ts';
import { channel, entityId, noInput, reason, text, version } from './define.ts';

/** A protective marking as printed on every page: "OFFICIAL", "OFFICIAL-SENSITIVE". */
export const marking = text('The protective marking', MARKING_MAX, { required: true }).refine(
  (s) => !/[\r\n]/.test(s),
  { error: 'The protective marking is one line, such as OFFICIAL or OFFICIAL-SENSITIVE.' },
);

export const boardChannels = {
  /**
   * Mark a risk confidential (exempt from publication) or public again, recorded in its history. A
   * confidential risk is left out of the board pack's public Part A and listed in the exempt Part B.
   */
  'risks:set-confidential': channel<RiskRecord>()(
    z
      .object({
        id: entityId,
        version,
        confidential: z.boolean({ error: 'confidential is true or false.' }),
        reason,
      })
      .strict(),
  ),
  /** The board pack's cover settings: protective marking, version, prepared by, approved by. */
  'board:settings': channel<BoardSettings>()(noInput),
  /** Change the cover settings; recorded in the register's history. */
  'board:set-settings': channel<BoardSettings>()(
    z
      .object({
        marking,
        version: text('The version', BOARD_TEXT_MAX),
        preparedBy: text('Prepared by', BOARD_TEXT_MAX),
        approvedBy: text('Approved by', BOARD_TEXT_MAX),
        reason,
      })
      .strict(),
  ),
} as const;
