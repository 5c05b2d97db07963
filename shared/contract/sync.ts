/**
 * Keeping a window's copy of the register up to date without reading it all again.
 *
 * The register's revision is the highest history `seq`: history is append-only and every write appends to
 * it in the write's own transaction, so the revision moves with each write and never goes back (0 for a
 * register with no history yet). A window reads the risks with their revision once, then after each
 * `register-changed` asks only for what changed since that revision.
 */
import { z } from 'zod';
import type { RiskRecord } from '../domain.ts';
import { channel } from './define.ts';

/**
 * More distinct risks than this changed since the caller's revision: `risks:changes` answers `full` and the
 * window reads the whole register again (one `risks:list` is cheaper than thousands of single reads).
 */
export const CHANGES_FULL_THRESHOLD = 2_000;

export interface RisksWithRevision {
  revision: number;
  /**
   * The handler's local day (yyyy-mm-dd). Figures that depend on the date (review due, time in band) are
   * read again when it turns, although no write happened.
   */
  day: string;
  risks: RiskRecord[];
}

export interface RiskChanges {
  /** The register's revision now: the caller's next `sinceRevision`. */
  revision: number;
  /** The handler's local day (yyyy-mm-dd), as in `RisksWithRevision`. */
  day: string;
  /**
   * The current record of every risk with history after `sinceRevision`, archived ones included (the
   * window drops those from its live list). Empty when `full`.
   */
  risks: RiskRecord[];
  /** Risks deleted for good since `sinceRevision`. Empty when `full`. */
  removedIds: string[];
  /**
   * True when the change is too large or not about single risks: the band key, the register's name, an
   * import, a category or owner renamed, merged or deleted, more than `CHANGES_FULL_THRESHOLD` risks, or a
   * revision this register never had (another register was opened). The caller reads everything again.
   */
  full: boolean;
}

/** Where a page starts: after this risk in the register order (its position, then its id). */
export interface RiskPageKey {
  position: number;
  id: string;
}

/** The largest page `risks:list-page` gives. */
export const RISK_PAGE_MAX = 5_000;

export interface RiskPage {
  /** The live risks of this page, in the register order (position, then id). */
  risks: RiskRecord[];
  /** The register's revision when this page was read: a window that sees it move between pages starts again. */
  revision: number;
  /** Live risks in the whole register when this page was read. */
  total: number;
  /** The handler's local day (yyyy-mm-dd), as in `RisksWithRevision`. */
  day: string;
  /** Pass as `after` for the following page; null after the last risk. */
  next: RiskPageKey | null;
}

const revision = z
  .number({ error: 'The revision the window last read is required.' })
  .int()
  .min(0, { error: 'The revision cannot be negative.' });

export const syncChannels = {
  /** Every risk (live only unless `includeArchived`) and the revision they were read at, in one read. */
  'risks:list-with-revision': channel<RisksWithRevision>()(
    z.object({ includeArchived: z.boolean().default(false) }).strict(),
  ),
  /**
   * One page of the live risks, so a window shows its first rows without waiting for the whole register:
   * `after` null for the first page, then the previous page's `next`.
   */
  'risks:list-page': channel<RiskPage>()(
    z
      .object({
        after: z
          .object({
            position: z
              .number({ error: 'The page key needs the position of the last risk read (a whole number).' })
              .int()
              .min(0, { error: 'The page key position cannot be negative.' }),
            id: z
              .string({ error: 'The page key needs the id of the last risk read.' })
              .min(1, { error: 'The page key id cannot be empty.' })
              .max(100, { error: 'The page key id is too long: pass the id from the previous page.' }),
          })
          .strict()
          .nullable(),
        limit: z
          .number({ error: 'Say how many risks the page holds (1 to 5,000).' })
          .int({ error: 'The page size must be a whole number (1 to 5,000).' })
          .min(1, { error: 'A page holds at least 1 risk.' })
          .max(RISK_PAGE_MAX, {
            error: 'A page holds at most 5,000 risks: ask for the rest in further pages.',
          }),
      })
      .strict(),
  ),
  /** What changed since the revision a window last read (see `RiskChanges`). */
  'risks:changes': channel<RiskChanges>()(z.object({ sinceRevision: revision }).strict()),
} as const;
