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

const revision = z
  .number({ error: 'The revision the window last read is required.' })
  .int()
  .min(0, { error: 'The revision cannot be negative.' });

export const syncChannels = {
  /** Every risk (live only unless `includeArchived`) and the revision they were read at, in one read. */
  'risks:list-with-revision': channel<RisksWithRevision>()(
    z.object({ includeArchived: z.boolean().default(false) }).strict(),
  ),
  /** What changed since the revision a window last read (see `RiskChanges`). */
  'risks:changes': channel<RiskChanges>()(z.object({ sinceRevision: revision }).strict()),
} as const;
