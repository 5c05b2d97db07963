/** Import of existing registers (CSV, XLSX) and export of the summary. */
import { z } from 'zod';
import type { ImportPreview, ImportResult, PreviewRowsPage } from '../import/types.ts';
import { IMPORT_FIELDS } from '../import/types.ts';
import { channel, filePath } from './define.ts';
import { marking } from './board.ts';

const header = z
  .string({ error: 'A mapping names a column by its header text.' })
  .max(200, { error: 'A column header in the mapping is at most 200 characters.' });

const mappingChoices = {
  /** XLSX: the worksheet to read. */
  sheet: z
    .string({ error: 'sheet names a worksheet of the workbook.' })
    .min(1, { error: 'sheet names a worksheet of the workbook.' })
    .max(200, { error: 'A sheet name is at most 200 characters.' })
    .optional(),
  /** Words in score columns → 1–5. */
  scales: z
    .record(
      z.string().min(1).max(100),
      z.number({ error: 'A word of a scale maps to a whole number from 1 to 5.' }).int().min(1).max(5),
      { error: 'scales must be an object such as { "Major": 4, "Almost certain": 5 }.' },
    )
    .refine((o) => Object.keys(o).length <= 200, { error: 'scales names at most 200 words.' })
    .optional(),
  /** How decimal scores become whole numbers. */
  rounding: z.enum(['half-up', 'up', 'down'], { error: 'rounding is half-up, up or down.' }).optional(),
  /** Another scale's whole numbers → 1–5. */
  convert: z
    .record(
      z.string().regex(/^\d{1,2}$/, { error: 'convert maps whole numbers, such as { "6": 5 }.' }),
      z.number({ error: 'convert maps each number to a whole number from 1 to 5.' }).int().min(1).max(5),
      { error: 'convert must be an object such as { "1": 1, "2": 3, "3": 5 }.' },
    )
    .optional(),
  /** How owner cells split. */
  ownerRule: z
    .enum(['one', 'split', 'initials'], { error: 'ownerRule is one, split or initials.' })
    .optional(),
};

/**
 * `{ "ref": "Risk ID", "score": null, "impact": "#E", "sheet": "Register", "scales": { "Major": 4 } }`: field → column
 * header (or position, `#5` / `#E`); null leaves the field out; plus the choices of docs/import.md.
 */
export const importMapping = z
  .object(
    {
      ...(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, header.nullable().optional()])) as Record<
        (typeof IMPORT_FIELDS)[number],
        z.ZodOptional<z.ZodNullable<typeof header>>
      >),
      ...mappingChoices,
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `A mapping's keys are fields of the register (${IMPORT_FIELDS.join(', ')}) or sheet, scales, ownerRule, rounding and convert.`
          : 'The mapping must be an object such as { "ref": "Risk ID" }.',
    },
  )
  .strict();

/** The most rows one answer of `import:preview` (`firstRows`) or `import:preview-rows` carries. */
export const PREVIEW_PAGE_MAX = 1000;

export const repairKind = z.enum(
  ['generate-ref', 'default-category', 'skip-row', 'word-scale', 'not-yet-assessed'],
  { error: 'A repair is generate-ref, default-category, skip-row, word-scale or not-yet-assessed.' },
);

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
    z
      .object({
        path: filePath.optional(),
        mapping: importMapping.optional(),
        /**
         * Only this many rows in `rows` (the window's first page), with `paged` saying how many there are and which
         * propose repairs; the rest by `import:preview-rows`. Without it, every row (the CLI).
         */
        firstRows: z
          .number({ error: 'firstRows is a whole number of rows.' })
          .int({ error: 'firstRows is a whole number of rows.' })
          .min(1, { error: 'firstRows is at least 1.' })
          .max(PREVIEW_PAGE_MAX, { error: `firstRows is at most ${PREVIEW_PAGE_MAX}.` })
          .optional(),
      })
      .strict(),
  ),
  /**
   * The Import dialog was closed without importing: what the preview kept for its pages and its commit (the rows and
   * the checked plan, ~100 MB of the worker's heap at 100,000 rows) is let go now rather than at the next preview.
   * A later `import:commit` of the same file still works: it reads and checks the file again.
   */
  'import:cancel': channel<null>()(z.object({}).strict()),
  /**
   * A page of the rows of the file last previewed (same file, same mapping), from the plan the main process keeps
   * since `import:preview`; all rows or only those with something to check (status other than ready). Refused, with
   * "preview it again", when that plan is gone (imported since, or another file or mapping previewed).
   */
  'import:preview-rows': channel<PreviewRowsPage>()(
    z
      .object({
        path: filePath,
        mapping: importMapping.optional(),
        offset: z
          .number({ error: 'offset is a whole number of rows.' })
          .int({ error: 'offset is a whole number of rows.' })
          .min(0, { error: 'offset is 0 or more.' })
          .max(10_000_000, { error: 'offset is too large.' }),
        limit: z
          .number({ error: 'limit is a whole number of rows.' })
          .int({ error: 'limit is a whole number of rows.' })
          .min(1, { error: 'limit is at least 1.' })
          .max(PREVIEW_PAGE_MAX, { error: `A page is at most ${PREVIEW_PAGE_MAX} rows.` }),
        only: z.enum(['all', 'problems'], { error: 'only is all or problems.' }).default('all'),
      })
      .strict(),
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
