/** The register table's layout, remembered per register (in the register file, shared by its windows). */
import { z } from 'zod';
import { channel, noInput } from './define.ts';

export const LAYOUT_MAX_BYTES = 16 * 1024;

const columnId = z
  .string({ error: 'A column is named by its id, such as "ref".' })
  .min(1, { error: 'A column id cannot be empty.' })
  .max(100, { error: 'A column id is at most 100 characters.' });

/** UTF-8 length of a string, without TextEncoder (not part of the shared environment). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * A table layout. The known keys are checked; the renderer may keep more of its own (any JSON) beside them.
 * The whole object is at most 16 KB as JSON.
 */
export const tableLayout = z
  .object({
    /** Column ids shown, any order. */
    visible: z.array(columnId).max(100).optional(),
    /** Column ids in display order. */
    order: z.array(columnId).max(100).optional(),
    /** Width in CSS pixels by column id. */
    widths: z
      .record(columnId, z.number({ error: 'A column width is a number of pixels.' }).min(0).max(5000))
      .optional(),
    /** Sort keys, first one first. */
    sort: z
      .array(
        z.object({ id: columnId, desc: z.boolean({ error: 'A sort says desc: true or false.' }) }).strict(),
      )
      .max(10)
      .optional(),
    /** Column ids to group by, outermost first (such as ["category"]). */
    grouping: z.array(columnId).max(5).optional(),
  })
  .catchall(z.unknown())
  .superRefine((v, ctx) => {
    const size = utf8Length(JSON.stringify(v));
    if (size > LAYOUT_MAX_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `The table layout is too large to save: ${size.toLocaleString('en-GB')} bytes, at most ${LAYOUT_MAX_BYTES.toLocaleString('en-GB')}.`,
      });
    }
  });

export type TableLayout = z.output<typeof tableLayout>;

export const layoutChannels = {
  /**
   * The saved table layout of the open register, or null when none has been saved yet (use the default).
   * Stored in the register file, so every window and every copy of the app on that file shares it.
   */
  'layout:get': channel<TableLayout | null>()(noInput),
  /**
   * Save the table layout (visible columns, order, widths, sort, grouping; ≤ 16 KB as JSON). Replaces what
   * was saved; last save wins. A preference, not a change to the register: not recorded in history.
   */
  'layout:set': channel<TableLayout>()(z.object({ layout: tableLayout }).strict()),
} as const;
