/** Risk rows ↔ RiskRecord. Plain synchronous functions, `db` first, placeholders only. */
import type { Database } from 'better-sqlite3';
import type { AppetiteLevel, AppetiteMapping } from '../shared/appetite.ts';
import type { RiskPageKey } from '../shared/contract/sync.ts';
import type { ReviewCycle, RiskRecord, ScorePair } from '../shared/domain.ts';
import type { ScoreValue } from '../shared/scoring.ts';
import { readAppetiteMapping } from './appetite-mapping.ts';
import { stmt } from './statements.ts';
import { compareRefs } from '../shared/ref-order.ts';

interface RiskRow {
  id: string;
  ref: string;
  title: string | null;
  category: string;
  description: string;
  impact: number | null;
  likelihood: number | null;
  inherent_impact: number | null;
  inherent_likelihood: number | null;
  target_impact: number | null;
  target_likelihood: number | null;
  mitigation: string;
  version: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  confidential: number;
  appetite_level: AppetiteLevel | null;
  appetite_reason: string | null;
  cause: string;
  event: string;
  effect: string;
  next_review: string | null;
}

const SELECT = `
  SELECT r.id, r.ref, r.title, c.name AS category, r.description, r.impact, r.likelihood,
         r.inherent_impact, r.inherent_likelihood, r.target_impact, r.target_likelihood,
         r.mitigation, r.version, r.created_at, r.updated_at, r.archived_at, r.confidential,
         r.appetite_level, r.appetite_reason, r.cause, r.event, r.effect, r.next_review
    FROM risks r JOIN categories c ON c.id = r.category_id`;

/** An inherent or target pair from its two nullable columns (both set, or neither). */
export function pairFromColumns(i: number | null, l: number | null): ScorePair | null {
  return i === null || l === null ? null : { impact: i as ScoreValue, likelihood: l as ScoreValue };
}

function toRecord(row: RiskRow, owners: string[], mapping: AppetiteMapping): RiskRecord {
  const level = row.appetite_level;
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    category: row.category,
    description: row.description,
    impact: row.impact as ScoreValue | null,
    likelihood: row.likelihood as ScoreValue | null,
    inherent: pairFromColumns(row.inherent_impact, row.inherent_likelihood),
    target: pairFromColumns(row.target_impact, row.target_likelihood),
    mitigation: row.mitigation,
    owners,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
    confidential: row.confidential === 1,
    appetiteOverride: level ? { level, reason: row.appetite_reason ?? '', ...mapping[level] } : null,
    cause: row.cause,
    event: row.event,
    effect: row.effect,
    nextReview: row.next_review,
  };
}

/** Refs sort naturally: SR2 before SR10 (plain refs without ICU's collator, shared/ref-order.ts). */
function naturalRefOrder(a: RiskRecord, b: RiskRecord): number {
  return compareRefs(a.ref, b.ref);
}

/** The risk columns in `SELECT`'s order, then the owners' initials as a JSON array (`LIST`). */
type ListRow = [
  string,
  string,
  string,
  string,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  string,
  number,
  string,
  string,
  string | null,
  number,
  AppetiteLevel | null,
  string | null,
  string,
  string,
  string,
  string | null,
  string | null,
  string,
];

/**
 * One query for the whole list: each risk's owners come with it, in order, as a JSON array made by SQLite, and rows
 * come as arrays (`raw()`), not objects. At 100,000 risks this took the handler from ~2.4× to ~1.7× the CPU of a
 * bare `SELECT * FROM risks` (a second query of every owner link, then a Map of 100,000 lists, was most of the gap).
 *
 * The owners are read in order from the `risk_owners_order` index (migration 0190) by an inner query with
 * `ORDER BY`, which the aggregate reads as a co-routine in that order (SQLite does not flatten a subquery with
 * `ORDER BY` into an aggregate): no table look-up per link and no sort per risk. An aggregate
 * `json_group_array(… ORDER BY ro.position)` sorts in a temporary B-tree for every risk even with the index there
 * (measured at 100,000 risks: ~45 ms more of ~260 for the query). `OWNER_INITIALS` is that subquery, for a query
 * whose risks are `r`.
 */
export const OWNER_INITIALS = `(SELECT json_group_array(initials)
            FROM (SELECT o.initials FROM risk_owners ro JOIN owners o ON o.id = ro.owner_id
                   WHERE ro.risk_id = r.id ORDER BY ro.position))`;

export const LIST = `
  SELECT r.id, r.ref, c.name AS category, r.description, r.impact, r.likelihood,
         r.inherent_impact, r.inherent_likelihood, r.target_impact, r.target_likelihood,
         r.mitigation, r.version, r.created_at, r.updated_at, r.archived_at, r.confidential,
         r.appetite_level, r.appetite_reason, r.cause, r.event, r.effect, r.title, r.next_review,
         ${OWNER_INITIALS} AS owners
    FROM risks r JOIN categories c ON c.id = r.category_id`;

export function listRisks(db: Database, opts: { includeArchived?: boolean } = {}): RiskRecord[] {
  const where = opts.includeArchived ? '' : ' WHERE r.archived_at IS NULL';
  const rows = stmt(db, `${LIST}${where}`).raw().all() as ListRow[];
  const mapping = readAppetiteMapping(db);
  const out: RiskRecord[] = new Array<RiskRecord>(rows.length);
  for (let k = 0; k < rows.length; k += 1) out[k] = listRecord(rows[k] as ListRow, mapping);
  return out.sort(naturalRefOrder);
}

/**
 * The live risks whose id `ids` (an SQL query of risk ids) gives, the records `listRisks(db)` makes, in its order:
 * the register is scanned as `listRisks` scans it (`+r.id` keeps SQLite from starting at the ids instead), so risks
 * whose refs sort as equal (SR01, SR1) keep the whole list's order under the same stable sort.
 */
export function listRisksIn(db: Database, ids: string): RiskRecord[] {
  const rows = stmt(db, `${LIST} WHERE r.archived_at IS NULL AND +r.id IN (${ids})`).raw().all() as ListRow[];
  const mapping = readAppetiteMapping(db);
  return rows.map((r) => listRecord(r, mapping)).sort(naturalRefOrder);
}

/**
 * The live risks in ref order, the same records as `listRisks(db)`, for a whole-register export (the summary XLSX):
 * the rows are stepped through (`iterate`), each made into its record and dropped, instead of every raw row of the
 * register being held beside the records (`all`). At 100,000 risks the raw rows were ~90 MB of live heap at once
 * and most of the export's peak memory; stepping costs no more CPU.
 */
export function exportRisks(db: Database): RiskRecord[] {
  return exportRisksScanned(db).risks;
}

/** The scan of the live risks `exportRisks` makes (`EXPORT_SCAN`'s rows, in its order). */
export const EXPORT_SCAN = `${LIST} WHERE r.archived_at IS NULL`;

/**
 * `exportRisks(db)` and where each risk came in the scan: `risks[k]` is the `scanned[k]`-th row of `EXPORT_SCAN`. The
 * scan's positions are sorted (by the risks' refs, the same stable sort of the same comparisons, so the same order),
 * for a caller that has something per risk in the scan's order (the summary's history thread).
 */
export function exportRisksScanned(db: Database): { risks: RiskRecord[]; scanned: number[] } {
  const mapping = readAppetiteMapping(db);
  const out: RiskRecord[] = [];
  for (const r of stmt(db, EXPORT_SCAN).raw().iterate()) out.push(listRecord(r as ListRow, mapping));
  const scanned = new Array<number>(out.length);
  for (let k = 0; k < out.length; k += 1) scanned[k] = k;
  scanned.sort((a, b) => compareRefs((out[a] as RiskRecord).ref, (out[b] as RiskRecord).ref));
  return { risks: scanned.map((k) => out[k] as RiskRecord), scanned };
}

/** `LIST` with each risk's position after the owners, so a page knows where the next one starts. */
const LIST_PAGE = LIST.replace(' AS owners', ' AS owners, r.position');

/**
 * One page of the live risks in the register order (position, then id), the records `listRisks` makes, starting
 * after `after` (from the start when null). A range on the `risks_position` index: a page costs its own rows, not
 * the register's. `next` is where the following page starts, null after the last risk (read one row more to know).
 */
export function listRisksPage(
  db: Database,
  after: RiskPageKey | null,
  limit: number,
): { risks: RiskRecord[]; next: RiskPageKey | null } {
  const rows = (
    after
      ? stmt(
          db,
          `${LIST_PAGE} WHERE r.archived_at IS NULL AND r.position >= ? AND (r.position > ? OR r.id > ?)
            ORDER BY r.position, r.id LIMIT ?`,
        )
          .raw()
          .all(after.position, after.position, after.id, limit + 1)
      : stmt(db, `${LIST_PAGE} WHERE r.archived_at IS NULL ORDER BY r.position, r.id LIMIT ?`)
          .raw()
          .all(limit + 1)
  ) as [...ListRow, number][];
  const mapping = readAppetiteMapping(db);
  const risks: RiskRecord[] = [];
  for (let k = 0; k < rows.length && k < limit; k += 1) {
    risks.push(listRecord(rows[k] as unknown as ListRow, mapping));
  }
  const last = rows[limit - 1];
  const next = rows.length > limit && last ? { position: last[24], id: last[0] } : null;
  return { risks, next };
}

/** A `LIST` row as a record. */
function listRecord(r: ListRow, mapping: AppetiteMapping): RiskRecord {
  return {
    id: r[0],
    ref: r[1],
    title: r[21],
    category: r[2],
    description: r[3],
    impact: r[4] as ScoreValue | null,
    likelihood: r[5] as ScoreValue | null,
    inherent: pairFromColumns(r[6], r[7]),
    target: pairFromColumns(r[8], r[9]),
    mitigation: r[10],
    owners: JSON.parse(r[23]) as string[],
    version: r[11],
    createdAt: r[12],
    updatedAt: r[13],
    archivedAt: r[14],
    confidential: r[15] === 1,
    appetiteOverride: r[16] ? { level: r[16], reason: r[17] ?? '', ...mapping[r[16]] } : null,
    cause: r[18],
    event: r[19],
    effect: r[20],
    nextReview: r[22],
  };
}

/** What `risks:travel` needs of a live risk: its current score, when it was made, and its review state. */
export interface TravelRisk {
  id: string;
  ref: string;
  impact: ScoreValue | null;
  likelihood: ScoreValue | null;
  createdAt: string;
  cycle: ReviewCycle;
  nextReview: string | null;
}

/**
 * The live risks in `listRisks`'s order (the same rows, scanned in the same order, sorted by the same comparison),
 * with only the columns the travel of the whole register uses: `listRisks` made 100,000 full records (owners,
 * descriptions, mitigations) for `risks:travel` to read five fields of each, ~0.4 s of its ~0.9 s.
 * `sorted: false` leaves them in scan order, for a caller that keeps a few and sorts those by `compareRefs` (the
 * sort is stable, so the few come out in the order the whole list would have given them).
 */
export function travelRisks(db: Database, sorted = true): TravelRisk[] {
  const rows = stmt(
    db,
    `SELECT r.id, r.ref, r.impact, r.likelihood, r.created_at, r.review_cycle, r.next_review
       FROM risks r JOIN categories c ON c.id = r.category_id WHERE r.archived_at IS NULL`,
  )
    .raw()
    .all() as [string, string, number | null, number | null, string, ReviewCycle, string | null][];
  const out = new Array<TravelRisk>(rows.length);
  for (let k = 0; k < rows.length; k += 1) {
    const [id, ref, impact, likelihood, createdAt, cycle, nextReview] = rows[k] as (typeof rows)[number];
    out[k] = {
      id,
      ref,
      impact: impact as ScoreValue | null,
      likelihood: likelihood as ScoreValue | null,
      createdAt,
      cycle,
      nextReview,
    };
  }
  return sorted ? out.sort((a, b) => compareRefs(a.ref, b.ref)) : out;
}

export function getRisk(db: Database, id: string): RiskRecord | undefined {
  const row = stmt(db, `${SELECT} WHERE r.id = ?`).get(id) as RiskRow | undefined;
  if (!row) return undefined;
  const owners = stmt(
    db,
    `SELECT o.initials FROM risk_owners ro JOIN owners o ON o.id = ro.owner_id WHERE ro.risk_id = ? ORDER BY ro.position`,
  )
    .pluck()
    .all(id) as string[];
  return toRecord(row, owners, readAppetiteMapping(db));
}

export function riskIdByRef(db: Database, ref: string): string | undefined {
  return stmt(db, 'SELECT id FROM risks WHERE ref = ?').pluck().get(ref) as string | undefined;
}

/** The live risk with this ref, in any case (the column is UNIQUE COLLATE NOCASE, so this is an index look-up). */
export function getRiskByRef(db: Database, ref: string): RiskRecord | undefined {
  const id = stmt(db, 'SELECT id FROM risks WHERE ref = ? AND archived_at IS NULL').pluck().get(ref) as
    string | undefined;
  return id === undefined ? undefined : getRisk(db, id);
}

/** The live (not archived) risks: all risks on the `risks_position` index less the archived ones on `risks_archived`. */
export function countRisks(db: Database): number {
  return stmt(
    db,
    'SELECT (SELECT COUNT(*) FROM risks) - (SELECT COUNT(*) FROM risks WHERE archived_at IS NOT NULL)',
  )
    .pluck()
    .get() as number;
}

/** The next free ref of the commonest prefix: SR20 after SR1…SR19. */
export function suggestRef(db: Database): string {
  const refs = stmt(db, 'SELECT ref FROM risks').pluck().all() as string[];
  const byPrefix = new Map<string, number[]>();
  for (const ref of refs) {
    const m = /^(.*?)(\d+)$/.exec(ref);
    if (!m) continue;
    const list = byPrefix.get(m[1] ?? '') ?? [];
    list.push(Number(m[2]));
    byPrefix.set(m[1] ?? '', list);
  }
  let prefix = 'SR';
  let best = -1;
  for (const [p, nums] of byPrefix) {
    if (nums.length > best) {
      best = nums.length;
      prefix = p;
    }
  }
  const max = Math.max(0, ...(byPrefix.get(prefix) ?? []));
  return `${prefix}${max + 1}`;
}

export interface NewRiskRow {
  id: string;
  ref: string;
  title?: string | null | undefined;
  categoryId: string;
  description: string;
  impact: ScoreValue | null;
  likelihood: ScoreValue | null;
  inherent: ScorePair | null;
  target: ScorePair | null;
  mitigation: string;
  /** Cause, event and effect (empty when not given). */
  cause?: string | undefined;
  event?: string | undefined;
  effect?: string | undefined;
  now: string;
  /** A register workbook's own values; by default quarterly, first review by `firstReviewDate`, not confidential. */
  reviewCycle?: ReviewCycle | undefined;
  nextReview?: string | null | undefined;
  confidential?: boolean | undefined;
  /** The register order; by default after the last risk. A bulk insert passes its own running count. */
  position?: number | undefined;
}

/** The position after the last risk (an index look-up on risks_position). */
export function nextRiskPosition(db: Database): number {
  return stmt(db, 'SELECT COALESCE(MAX(position), 0) + 1 FROM risks').pluck().get() as number;
}

/** The columns `insertRisk` writes, in the order of `riskRowValues`. */
export const RISK_INSERT_COLUMNS =
  'id, ref, category_id, description, impact, likelihood, inherent_impact, inherent_likelihood, ' +
  'target_impact, target_likelihood, mitigation, position, created_at, updated_at, ' +
  'cause, event, effect, title, review_cycle, next_review, confidential';

/** A new risk's values in the order of `RISK_INSERT_COLUMNS`, its position given. */
export function riskRowValues(r: NewRiskRow, position: number): unknown[] {
  return [
    r.id,
    r.ref,
    r.categoryId,
    r.description,
    r.impact,
    r.likelihood,
    r.inherent?.impact ?? null,
    r.inherent?.likelihood ?? null,
    r.target?.impact ?? null,
    r.target?.likelihood ?? null,
    r.mitigation,
    position,
    r.now,
    r.now,
    r.cause ?? '',
    r.event ?? '',
    r.effect ?? '',
    r.title ?? null,
    r.reviewCycle ?? 'quarterly',
    r.nextReview ?? null,
    r.confidential ? 1 : 0,
  ];
}

/**
 * The first review date of a risk created at `createdAt` with this cycle: the expression of the former
 * `risks_first_review` trigger (migrations 0020 and 0110, dropped by 0210), asked of SQLite so the date is the one
 * the trigger gave — same function, same clock, same time zone, the same `'floor'` rule at month ends, and NULL
 * for a `createdAt` SQLite cannot read. Every way a risk is written (`insertRisk`, the import's `RiskBatch`) sets
 * `next_review` with it when the risk comes without one.
 */
export function firstReviewDate(db: Database, createdAt: string, cycle: ReviewCycle): string | null {
  return stmt(
    db,
    `SELECT date(?, 'localtime',
        CASE ? WHEN 'monthly' THEN '+1 months' WHEN 'half-yearly' THEN '+6 months'
               WHEN 'yearly' THEN '+12 months' ELSE '+3 months' END, 'floor')`,
  )
    .pluck()
    .get(createdAt, cycle) as string | null;
}

export function insertRisk(db: Database, r: NewRiskRow): void {
  const position = r.position ?? nextRiskPosition(db);
  // Only when the risk comes without a date (NULL), as the trigger's WHEN next_review IS NULL.
  const row = { ...r, nextReview: r.nextReview ?? firstReviewDate(db, r.now, r.reviewCycle ?? 'quarterly') };
  stmt(
    db,
    `INSERT INTO risks (${RISK_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(riskRowValues(row, position));
}

/** Column names a risk update may touch (never interpolated from input). */
export type RiskColumn =
  | 'ref'
  | 'title'
  | 'category_id'
  | 'description'
  | 'mitigation'
  | 'impact'
  | 'likelihood'
  | 'inherent_impact'
  | 'inherent_likelihood'
  | 'target_impact'
  | 'target_likelihood'
  | 'archived_at'
  | 'confidential'
  | 'appetite_level'
  | 'appetite_reason'
  | 'cause'
  | 'event'
  | 'effect';

const COLUMNS: ReadonlySet<RiskColumn> = new Set<RiskColumn>([
  'ref',
  'title',
  'category_id',
  'description',
  'mitigation',
  'impact',
  'likelihood',
  'inherent_impact',
  'inherent_likelihood',
  'target_impact',
  'target_likelihood',
  'archived_at',
  'confidential',
  'appetite_level',
  'appetite_reason',
  'cause',
  'event',
  'effect',
]);

/**
 * Update columns if the row is still at `version`; bumps the version.
 * Returns false when the row has moved on (or is gone): the caller reports a conflict.
 */
export function updateRiskColumns(
  db: Database,
  id: string,
  version: number,
  values: Partial<Record<RiskColumn, string | number | null>>,
  now: string,
): boolean {
  const cols = (Object.keys(values) as RiskColumn[]).filter((c) => COLUMNS.has(c));
  const sets = cols.map((c) => `${c} = @${c}`);
  const info = stmt(
    db,
    `UPDATE risks SET ${[...sets, 'version = version + 1', 'updated_at = @now'].join(', ')}
        WHERE id = @id AND version = @version`,
  ).run({ ...Object.fromEntries(cols.map((c) => [c, values[c] ?? null])), id, version, now });
  return info.changes === 1;
}
