/** Reviews, snapshots, direction of travel and the audit trail. */
import { z } from 'zod';
import type {
  HistoryEntry,
  ReviewCycle,
  ReviewRecord,
  ReviewsDue,
  RiskRecord,
  SnapshotInfo,
  FrozenRisk,
} from '../domain.ts';
import { REVIEW_CYCLES } from '../domain.ts';
import type { Comparison, TimeInBand, Travel } from '../travel.ts';
import { isIsoDate } from '../travel.ts';
import { channel, entityId, filePath, noInput, reason, scoreValue, text, version } from './define.ts';

/** A calendar day as yyyy-mm-dd. */
const isoDate = (label: string) =>
  z
    .string({ error: `${label} must be a date written as yyyy-mm-dd, such as 2026-03-31.` })
    .refine(isIsoDate, { error: `${label} must be a real date written as yyyy-mm-dd, such as 2026-03-31.` });

const cycle = z.enum(REVIEW_CYCLES as [ReviewCycle, ...ReviewCycle[]], {
  error: 'The review cycle must be monthly, quarterly, half-yearly or yearly.',
});

const snapshotName = z
  .string({ error: 'A snapshot needs a name, such as "Q4 2018/19".' })
  .trim()
  .min(1, { error: 'A snapshot needs a name, such as "Q4 2018/19".' })
  .max(100, { error: 'A snapshot name is at most 100 characters.' });

export interface ReviewOutcome {
  risk: RiskRecord;
  review: ReviewRecord;
}

export interface CycleOutcome {
  risk: RiskRecord;
  cycle: ReviewCycle;
  nextReview: string;
}

/** A risk's movement, time in band and review schedule: what the table's travel and review columns show. */
export interface RiskTravel {
  riskId: string;
  ref: string;
  travel: Travel;
  timeInBand: TimeInBand;
  cycle: ReviewCycle;
  nextReview: string;
  lastReviewedAt: string | null;
  reviewStatus: 'overdue' | 'due' | 'scheduled';
}

export interface SnapshotDetail {
  snapshot: SnapshotInfo;
  risks: FrozenRisk[];
}

export interface SnapshotComparison extends Comparison {
  from: SnapshotInfo;
  /** The later state: a snapshot, or the register as it stands (id 'now'). */
  to: SnapshotInfo;
}

export interface AuditPage {
  /** Entries matching the filters, newest first. */
  entries: HistoryEntry[];
  /** How many entries match in all (for paging). */
  total: number;
}

export interface AuditFacets {
  people: string[];
  fields: string[];
}

/**
 * The head of the history chain, `SEQ:HASH` (the last entry's number and SHA-256). Kept outside the register (a
 * board pack, an export, a backup receipt, a script's log), it anchors the chain: `audit:verify` with that anchor
 * fails unless entry SEQ still exists with that hash, so a history rewritten and re-chained, wiped, or cut back
 * below the anchor shows.
 */
export interface HistoryHead {
  seq: number;
  hash: string;
  /** `SEQ:HASH`, the exact form scripts keep. */
  head: string;
}

export type AuditCheck =
  | { ok: true; entries: number; message: string; head: string }
  | { ok: false; entries: number; firstBroken: number; problem: string; message: string; head: string };

/**
 * `SEQ:HASH` as printed by `audit head`, or with the hash cut to a prefix of at least 12 hex digits, as exports
 * print it ("History head 23:3f2a9c1b4e5d").
 */
export const HISTORY_ANCHOR = /^(0|[1-9][0-9]{0,14}):([0-9a-f]{12,64})$/;

export interface ExportOutcome {
  path: string;
  format: 'csv' | 'xlsx';
  rows: number;
  /** The history head (`SEQ:HASH`) when the trail was exported. */
  historyHead?: string;
}

const auditFilters = {
  /** Who made the change (as recorded, any case). */
  person: z.string().trim().min(1).max(200).optional(),
  /** First and last day to include (yyyy-mm-dd, inclusive). */
  from: isoDate('The "from" date').optional(),
  to: isoDate('The "to" date').optional(),
  riskId: entityId.optional(),
  field: z.string().trim().min(1).max(100).optional(),
  action: z
    .enum(['create', 'update', 'archive', 'restore', 'delete', 'import', 'export', 'review'], {
      error: 'The action must be one of create, update, archive, restore, delete, import, export, review.',
    })
    .optional(),
};

/** An object's own message for a key it does not know, and for not being an object at all. */
const objectError = (unknownKeys: string, notObject: string) => (issue: { code?: string }) =>
  issue.code === 'unrecognized_keys' ? unknownKeys : notObject;

const reviewsInBand = 'The reviews in band must be a whole number from 1 to 1,000.';

/** `risks:travel`'s `only`: the risks a leadership view draws (either condition). */
const travelOnly = z
  .object(
    {
      moved: z
        .literal(true, { error: '"moved" must be true (leave it out to keep the risks that did not move).' })
        .optional(),
      longInBand: z
        .object(
          {
            reviews: z
              .number({ error: reviewsInBand })
              .int({ error: reviewsInBand })
              .min(1, { error: reviewsInBand })
              .max(1000, { error: reviewsInBand }),
            bands: z
              .array(z.string().trim().min(1, { error: 'A band name cannot be empty.' }).max(50), {
                error: 'The bands must be a list of band names, such as ["Red", "Amber"].',
              })
              .min(1, { error: 'Name at least one band, or leave "bands" out for every band.' })
              .max(20, { error: 'Name at most 20 bands.' })
              .optional(),
          },
          {
            error: objectError(
              '"longInBand" takes "reviews" and "bands" only.',
              '"longInBand" must be written { reviews, bands }, such as { reviews: 2, bands: ["Red", "Amber"] }.',
            ),
          },
        )
        .strict()
        .optional(),
    },
    {
      error: objectError(
        '"only" takes "moved" and "longInBand" only.',
        '"only" must be written { moved, longInBand }, such as { moved: true }.',
      ),
    },
  )
  .strict()
  .refine((o) => o.moved !== undefined || o.longInBand !== undefined, {
    error: 'Say which risks to keep: "moved", "longInBand" or both (or leave "only" out for every risk).',
  });

/** Which risks `risks:travel` answers when narrowed (`only`): see `travelFilter` (db/handlers/history.ts). */
export type TravelOnly = z.infer<typeof travelOnly>;

export const historyChannels = {
  /**
   * The owner looked at the risk: records a review with a note, optionally with a new current score
   * (recorded in history like `risks:update-score`), and moves the next review date on by the cycle.
   */
  'reviews:record': channel<ReviewOutcome>()(
    z
      .object({
        id: entityId,
        version,
        note: text('The review note', 4000).default(''),
        impact: scoreValue('Impact').optional(),
        likelihood: scoreValue('Likelihood').optional(),
      })
      .strict()
      .refine((v) => (v.impact === undefined) === (v.likelihood === undefined), {
        error: 'To change the score at a review, give both impact and likelihood; to keep it, give neither.',
      }),
  ),
  /** Change how often a risk is reviewed; the next review moves to the last review (or creation) + the cycle. */
  'reviews:set-cycle': channel<CycleOutcome>()(
    z
      .object({
        id: entityId,
        version,
        cycle,
        /** Set the next review date by hand instead. */
        nextReview: isoDate('The next review date').optional(),
        reason,
      })
      .strict(),
  ),
  /** Reviews due from today to the end of the month, and overdue ones, with counts. */
  'reviews:due': channel<ReviewsDue>()(
    z
      .object({
        asOf: isoDate('The "as of" date').optional(),
        /**
         * At most this many of each list (the counts are always of every risk): the sidebar's badge asks for 0,
         * so a 100,000-risk register never sends every overdue review to show one number.
         */
        limit: z
          .number({ error: 'The limit must be a whole number from 0 to 200,000.' })
          .int({ error: 'The limit must be a whole number from 0 to 200,000.' })
          .min(0, { error: 'The limit must be a whole number from 0 to 200,000.' })
          .max(200_000, { error: 'The limit must be a whole number from 0 to 200,000.' })
          .optional(),
      })
      .strict(),
  ),
  /** A risk's reviews, newest first. */
  'reviews:list': channel<ReviewRecord[]>()(z.object({ id: entityId }).strict()),
  /** Freeze every live risk under a name, such as "Q4 2018/19". Snapshots are read-only. */
  'snapshots:take': channel<SnapshotInfo>()(z.object({ name: snapshotName }).strict()),
  'snapshots:list': channel<SnapshotInfo[]>()(noInput),
  'snapshots:get': channel<SnapshotDetail>()(z.object({ id: entityId }).strict()),
  /** What changed from one snapshot to another, or to the register as it stands ('now'). */
  'snapshots:compare': channel<SnapshotComparison>()(
    z.object({ from: entityId, to: z.union([z.literal('now'), entityId]).default('now') }).strict(),
  ),
  /** Direction of travel and time in band for every live risk, since the previous review or a snapshot. */
  'risks:travel': channel<RiskTravel[]>()(
    z
      .object(
        {
          /** 'review' (default), or the id of a snapshot to measure from. */
          against: z.union([z.literal('review'), entityId]).default('review'),
          asOf: isoDate('The "as of" date').optional(),
          /**
           * Only these risks (live ones; unknown or archived ids are left out): a window refreshing the risks
           * another window changed reads their figures without walking the whole register's history.
           */
          ids: z
            .array(entityId)
            .max(5000, { error: 'Ask for the travel of at most 5,000 risks at a time.' })
            .optional(),
          /**
           * Only the risks a leadership view draws, not every live risk: those whose score moved since the point
           * compared against (`moved`: a score then and now, and a different impact or likelihood), and those in
           * their band for at least `longInBand.reviews` reviews (in one of `longInBand.bands`, when given; a name
           * not in the key matches no risk). A risk meeting either is answered whole, in the usual order.
           */
          only: travelOnly.optional(),
        },
        {
          error: objectError(
            'The travel is asked with "against", "asOf", "ids" and "only" only.',
            'The travel is asked with an object such as { against: "review" }.',
          ),
        },
      )
      .strict(),
  ),
  /** History across the register, newest first, with filters. */
  'audit:list': channel<AuditPage>()(
    z
      .object({
        ...auditFilters,
        limit: z.number().int().min(1).max(5000).default(200),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
  ),
  /** The people and fields that appear in history, for the audit view's filters. */
  'audit:facets': channel<AuditFacets>()(noInput),
  /** Walk the hash chain: is the history intact? */
  'audit:verify': channel<AuditCheck>()(
    z
      .object({
        /** A head kept earlier (`SEQ:HASH`): the check fails unless that entry still exists with that hash. */
        anchor: z
          .string({ error: 'The anchor must be text written SEQ:HASH, as printed by "audit head".' })
          .regex(HISTORY_ANCHOR, {
            error:
              'The anchor must be written SEQ:HASH, as printed by "audit head": an entry number, a colon and the hash (at least its first 12 hexadecimal characters).',
          })
          .optional(),
      })
      .strict(),
  ),
  /** The head of the history chain (`SEQ:HASH`), to keep outside the register. */
  'audit:head': channel<HistoryHead>()(noInput),
  /**
   * Write the (filtered) history to a CSV or XLSX file; the export itself is recorded in history.
   * Without a path, asks where to save it (null when the user cancels).
   */
  'audit:export': channel<ExportOutcome | null>()(
    z
      .object({
        ...auditFilters,
        format: z.enum(['csv', 'xlsx'], { error: 'The export format must be csv or xlsx.' }),
        path: filePath.optional(),
      })
      .strict(),
  ),
} as const;
