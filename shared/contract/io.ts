/** Import of existing registers (CSV, XLSX) and export of the summary. */
import { z } from 'zod';
import type { ImportPreview, ImportResult } from '../import/types.ts';
import { IMPORT_FIELDS } from '../import/types.ts';
import { channel, filePath } from './define.ts';
import { marking } from './board.ts';

const header = z
  .string({ error: 'A mapping names a column by its header text.' })
  .max(200, { error: 'A column header in the mapping is at most 200 characters.' });

/** `{ "ref": "Risk ID", "score": null }`: field → column header; null leaves the field out. */
export const importMapping = z.partialRecord(z.enum(IMPORT_FIELDS), header.nullable(), {
  error: (issue) =>
    issue.code === 'invalid_key'
      ? `A mapping's keys are fields of the register: ${IMPORT_FIELDS.join(', ')}.`
      : 'The mapping must be an object such as { "ref": "Risk ID" }.',
});

export const repairKind = z.enum(['generate-ref', 'default-category', 'not-yet-assessed'], {
  error: 'A repair is generate-ref, default-category or not-yet-assessed.',
});

export interface ExportResult {
  path: string;
  format: 'xlsx' | 'csv' | 'pdf';
  /** Risks in the table. */
  rows: number;
  /** What was chosen, in words: "Current scores · Amber and Red only · highest score first". */
  subtitle: string;
  /** The history head (`SEQ:HASH`) the export was drawn at; the file carries it too (see docs/reliability-audit.md). */
  historyHead?: string | null;
}

export const ioChannels = {
  /**
   * Read a CSV or XLSX file and check every row; writes nothing. Without a path, asks which file
   * (native open dialog) and returns null when cancelled.
   */
  'import:preview': channel<ImportPreview | null>()(
    z.object({ path: filePath.optional(), mapping: importMapping.optional() }).strict(),
  ),
  /**
   * Import the rows of a previewed file, all or nothing, in one transaction. Repairs are applied only
   * when listed in `accept`. Any error left (or a repair not accepted) writes nothing.
   */
  'import:commit': channel<ImportResult>()(
    z
      .object({
        path: filePath,
        mapping: importMapping.optional(),
        accept: z
          .array(z.object({ row: z.number().int().min(1), kind: repairKind }).strict())
          .max(20_000)
          .default([]),
        /** From the preview: refuses the import if the file changed since. */
        fileHash: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
      })
      .strict(),
  ),
  /**
   * Write the summary table to a file (temp file, then rename). Without a path, asks where (native save
   * dialog) and returns null when cancelled. PDF (the board pack: table, Key and heatmap) is drawn by the
   * host's print path (`renderPdf`); a host without one refuses it.
   */
  'export:summary': channel<ExportResult | null>()(
    z
      .object({
        format: z.enum(['xlsx', 'csv', 'pdf'], { error: 'The format is xlsx, csv or pdf.' }),
        path: filePath.optional(),
        scores: z.enum(['current', 'target'], { error: 'Scores are current or target.' }).default('current'),
        bands: z.array(z.string().min(1).max(100)).max(20).nullable().default(null),
        sort: z.enum(['ref', 'score'], { error: 'Sort by ref or score.' }).default('ref'),
        /** A last column with each risk's direction of travel since its previous review (current scores). */
        travel: z.boolean({ error: 'travel is true or false.' }).optional(),
        /** PDF: the protective marking for this print; the register's own (OFFICIAL by default) when absent. */
        marking: marking.optional(),
        /** PDF: with the exempt Part B listing the confidential risks; public Part A only when false. */
        exempt: z.boolean({ error: 'exempt is true or false.' }).optional(),
      })
      .strict(),
  ),
  /**
   * Write the register workbook (Risks, Actions, Owners, Key): the whole register as an XLSX that imports into an
   * empty register and gives back the same register. Without a path, asks where (native save dialog); null when
   * cancelled.
   */
  'export:register': channel<RegisterWorkbookResult | null>()(
    z.object({ path: filePath.optional() }).strict(),
  ),
} as const;

export interface RegisterWorkbookResult {
  path: string;
  risks: number;
  actions: number;
  /** The history head (`SEQ:HASH`) the workbook was drawn at. */
  historyHead: string | null;
}
