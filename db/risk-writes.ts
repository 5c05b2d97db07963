/**
 * Risk changes with their history rows. Each function expects to run inside the caller's transaction,
 * so a change and its history commit together or not at all.
 */
import type { Database } from 'better-sqlite3';
import type { ReviewCycle, RiskRecord, ScoreKind, ScorePair } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import { normaliseTitle } from '../shared/risk-title.ts';
import type { ScoreValue } from '../shared/scoring.ts';
import { ensureCategory } from './categories.ts';
import { insertRows } from './bulk-insert.ts';
import { appendHistory, historyFor, type NewHistoryEntry } from './history.ts';
import { uuidv7 } from './ids.ts';
import { ensureOwner, linkOwner, setRiskOwners } from './owners.ts';
import type { RiskColumn } from './risks.ts';
import {
  firstReviewDate,
  getRisk,
  insertRisk,
  nextRiskPosition,
  type NewRiskRow,
  RISK_INSERT_COLUMNS,
  riskIdByRef,
  riskRowValues,
  suggestRef,
  updateRiskColumns,
} from './risks.ts';
import { stmt } from './statements.ts';
import type { WriteContext } from './write-context.ts';

export interface NewRisk {
  ref?: string | undefined;
  /** Optional short title; blank or absent means none. */
  title?: string | null | undefined;
  category: string;
  description: string;
  /** Both null: the risk is not yet assessed (an import of a published combined score, say). */
  impact: ScoreValue | null;
  likelihood: ScoreValue | null;
  inherent: ScorePair | null;
  target: ScorePair | null;
  mitigation: string;
  owners: string[];
  /** "Because of …", "there is a risk that …", "resulting in …" (optional). */
  cause?: string | undefined;
  event?: string | undefined;
  effect?: string | undefined;
  reason?: string | undefined;
  /** What an imported file published that the register does not hold as such (a combined score only). */
  published?: Record<string, unknown> | undefined;
  /** From a register workbook: kept as written (otherwise quarterly, next review from the cycle). */
  reviewCycle?: ReviewCycle | undefined;
  nextReview?: string | null | undefined;
  confidential?: boolean | undefined;
}

function assertRefFree(db: Database, ref: string, exceptId?: string): void {
  const holder = riskIdByRef(db, ref);
  if (holder && holder !== exceptId) {
    throw new AppError(
      'DUPLICATE',
      `The ref ${ref} is already used by another risk. Choose another, such as ${suggestRef(db)}.`,
      {
        field: 'ref',
        suggestion: suggestRef(db),
      },
    );
  }
}

/**
 * Inserts a risk with its owners and its history row, and returns the record as stored — built from what was
 * written (the category as the register spells it, owners once each in order), not read back: reading every new
 * risk back was 19 % of a 100,000-row import. `position` (the register order) defaults to after the last risk; an
 * import passes its own running count instead of asking SQLite once per row.
 */
export function createRisk(
  db: Database,
  input: NewRisk,
  ctx: WriteContext,
  action: 'create' | 'import' = 'create',
  position?: number,
): RiskRecord {
  const { created, entry } = buildRisk(db, input, ctx, action, position, null);
  appendHistory(db, [entry]);
  return created;
}

/**
 * Many new risks in the caller's transaction (an import): the same rows, owner links and history rows as
 * `createRisk` one by one, with the categories and owners looked up once per name rather than once per risk, and
 * the rows held back and written together by `flush()` — the risks, then their owner links, then their history
 * rows, each table with multi-row INSERTs (db/bulk-insert.ts) in the order the risks were added, so every table
 * ends up with the same rows in the same order as one `createRisk` per risk (`appendHistory` over a batch writes
 * the same chain as one call per row: each row's hash covers the one before). Nothing added is in the register
 * until `flush()`: call it before reading a risk just added or writing any other row that refers to one.
 */
const BATCH = 100;

export class RiskBatch {
  readonly #db: Database;
  readonly #ctx: WriteContext;
  readonly #action: 'create' | 'import';
  readonly #known: BatchLookups = { categories: new Map(), owners: new Map(), firstReview: new Map() };
  #pending: PendingRows = emptyPending();

  constructor(db: Database, ctx: WriteContext, action: 'create' | 'import') {
    this.#db = db;
    this.#ctx = ctx;
    this.#action = action;
  }

  add(input: NewRisk, position: number): RiskRecord {
    const ref = input.ref?.trim();
    // A ref to suggest, or one taken by a risk still held back: write those first, so the look-up sees them
    // (the same refusal, with the same suggestion, as when each risk was written on its own).
    const key = ref ? asciiLower(ref) : '';
    if (!ref || this.#pending.refs.has(key)) this.flush();
    const pending = this.#pending;
    const links = pending.links.length;
    let built: { created: RiskRecord; entry: NewHistoryEntry };
    try {
      built = buildRisk(this.#db, input, this.#ctx, this.#action, position, this.#known, pending);
    } catch (e) {
      // The refusal one `createRisk` per risk gave first: a held-back risk's ref taken, then this one's.
      this.flush();
      if (ref) assertRefFree(this.#db, ref);
      throw e;
    }
    pending.refs.add(built.created.ref === ref ? key : asciiLower(built.created.ref));
    pending.refList.push(built.created.ref);
    pending.linkCounts.push((pending.links.length - links) / 3);
    pending.history.push(built.entry);
    // 100 at a time, not 1,000: a batch waiting to be written outlives a young-generation collection or two and is
    // promoted, so at 100,000 risks larger batches grew the old heap by ~40 MB of dead entries during the commit
    // (issue 14: the import's peak).
    if (pending.history.length >= BATCH) this.flush();
    return built.created;
  }

  /**
   * Write the risks added so far, their owner links and their history rows. The batch's rows go in under a
   * savepoint without asking first whether a ref is taken: the refs' UNIQUE index refuses a taken one anyway.
   * Only when a row is refused are they undone (to the savepoint, so the register is as it was before this flush)
   * and written as before this change: whether any of their refs is taken is asked once for them all; if one is,
   * they are written one by one, each after the look-up `createRisk` makes, so the refusal (and its suggested ref)
   * is the one a risk written on its own gets; if none is, the refusal is the one the batch's rows got. Asking for
   * every batch's refs first (`json_each` over them, the NOCASE index once per ref) was ~4 % of SQLite's side of a
   * 100,000-risk import (issue 14).
   */
  flush(): void {
    const p = this.#pending;
    if (!p.history.length) return;
    this.#pending = emptyPending();
    const db = this.#db;
    stmt(db, 'SAVEPOINT risk_batch').run();
    try {
      writeRows(db, p);
    } catch (refused) {
      // An error that ended the whole transaction (a full disk, say) took the savepoint with it.
      if (!db.inTransaction) throw refused;
      stmt(db, 'ROLLBACK TO risk_batch').run();
      stmt(db, 'RELEASE risk_batch').run();
      const taken = stmt(db, 'SELECT 1 FROM risks WHERE ref IN (SELECT value FROM json_each(?)) LIMIT 1')
        .pluck()
        .get(JSON.stringify(p.refList));
      if (taken === undefined) throw refused;
      writeOneByOne(db, p);
      appendHistory(db, p.history);
      return;
    }
    stmt(db, 'RELEASE risk_batch').run();
    appendHistory(db, p.history);
  }
}

/** A batch's risks, then their owner links, with multi-row INSERTs. */
function writeRows(db: Database, p: PendingRows): void {
  insertRows(db, 'risks', RISK_INSERT_COLUMNS, RISK_WIDTH, p.risks, RISK_SHARED);
  insertRows(db, 'risk_owners', LINK_COLUMNS, 3, p.links);
}

/** A batch's risks one by one, each after `createRisk`'s look-up of its ref, each followed by its owner links. */
function writeOneByOne(db: Database, p: PendingRows): void {
  let link = 0;
  p.refList.forEach((ref, i) => {
    assertRefFree(db, ref);
    insertRows(
      db,
      'risks',
      RISK_INSERT_COLUMNS,
      RISK_WIDTH,
      p.risks.slice(i * RISK_WIDTH, (i + 1) * RISK_WIDTH),
    );
    const n = (p.linkCounts[i] ?? 0) * 3;
    insertRows(db, 'risk_owners', LINK_COLUMNS, 3, p.links.slice(link, link + n));
    link += n;
  });
}

const RISK_WIDTH = 21;
/**
 * created_at, updated_at, review_cycle, next_review, confidential: one value for an import's risks, as a rule; the
 * inherent and target pairs, cause, event, effect and title: often empty in every risk of a file (each bound once
 * per INSERT then, not once per risk: −8 of 16 values a risk for the bench's file, −11 % of `Statement::run`).
 */
const RISK_SHARED = [6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19, 20];
const LINK_COLUMNS = 'risk_id, owner_id, position';

/** What a batch holds back until `flush()`: each table's values in column order, row after row. */
interface PendingRows {
  risks: unknown[];
  links: unknown[];
  history: NewHistoryEntry[];
  /** The refs held back, as the refs' `COLLATE NOCASE` compares them (ASCII letters folded). */
  refs: Set<string>;
  /** The refs held back as written, and each risk's number of owner links, in the order added. */
  refList: string[];
  linkCounts: number[];
}

function emptyPending(): PendingRows {
  return { risks: [], links: [], history: [], refs: new Set(), refList: [], linkCounts: [] };
}

/** SQLite's NOCASE: only A–Z fold. */
function asciiLower(s: string): string {
  // Printable ASCII (every ref an import writes): toLowerCase folds exactly A–Z there, natively.
  return ASCII.test(s) ? s.toLowerCase() : s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
const ASCII = /^[ -~]*$/;

interface BatchLookups {
  categories: Map<string, { id: string; name: string }>;
  owners: Map<string, string>;
  /** The first review date of a risk created now, per review cycle (see `firstReview`). */
  firstReview: Map<ReviewCycle, string | null>;
}

/**
 * The first review date of a risk created at `now` with this cycle (`firstReviewDate`: the expression of the
 * former `risks_first_review` trigger), asked of SQLite once per cycle per batch.
 */
function firstReview(db: Database, known: BatchLookups, now: string, cycle: ReviewCycle): string | null {
  let date = known.firstReview.get(cycle);
  if (date === undefined) {
    date = firstReviewDate(db, now, cycle);
    known.firstReview.set(cycle, date);
  }
  return date;
}

function buildRisk(
  db: Database,
  input: NewRisk,
  ctx: WriteContext,
  action: 'create' | 'import',
  position: number | undefined,
  known: BatchLookups | null,
  pending: PendingRows | null = null,
): { created: RiskRecord; entry: NewHistoryEntry } {
  const ref = input.ref?.trim() || suggestRef(db);
  // A batch asks for its refs together when it writes them (`RiskBatch.flush`).
  if (!pending) assertRefFree(db, ref);
  const title = normaliseTitle(input.title);
  if ((input.impact === null) !== (input.likelihood === null)) {
    throw new AppError(
      'VALIDATION',
      `${ref}: give both impact and likelihood, or leave both blank for a risk not yet assessed.`,
      { field: input.impact === null ? 'impact' : 'likelihood' },
    );
  }
  const id = uuidv7();
  const categoryName = input.category.trim();
  let category = known?.categories.get(categoryName);
  if (!category) {
    category = ensureCategory(db, input.category, ctx.now);
    known?.categories.set(categoryName, category);
  }
  const description = input.description.trim();
  const mitigation = input.mitigation.trim();
  const cause = input.cause?.trim() ?? '';
  const event = input.event?.trim() ?? '';
  const effect = input.effect?.trim() ?? '';
  const row: NewRiskRow = {
    cause,
    event,
    effect,
    id,
    ref,
    title,
    categoryId: category.id,
    description,
    impact: input.impact,
    likelihood: input.likelihood,
    inherent: input.inherent,
    target: input.target,
    mitigation,
    now: ctx.now,
    position,
    reviewCycle: input.reviewCycle,
    nextReview:
      input.nextReview ?? (known ? firstReview(db, known, ctx.now, input.reviewCycle ?? 'quarterly') : null),
    confidential: input.confidential,
  };
  if (pending) pending.risks.push(...riskRowValues(row, position ?? nextRiskPosition(db)));
  else insertRisk(db, row);
  const owners = [...new Set(input.owners)];
  if (known) {
    // A new risk has no owner links yet: link each owner, looked up (or created) once per import.
    owners.forEach((initials, at) => {
      let ownerId = known.owners.get(initials);
      if (ownerId === undefined) {
        ownerId = ensureOwner(db, initials, ctx.now);
        known.owners.set(initials, ownerId);
      }
      if (pending) pending.links.push(id, ownerId, at);
      else linkOwner(db, id, ownerId, at);
    });
  } else {
    setRiskOwners(db, id, owners, ctx.now);
  }
  const created: RiskRecord = {
    id,
    ref,
    title,
    category: category.name,
    description,
    impact: input.impact,
    likelihood: input.likelihood,
    inherent: input.inherent
      ? { impact: input.inherent.impact, likelihood: input.inherent.likelihood }
      : null,
    target: input.target ? { impact: input.target.impact, likelihood: input.target.likelihood } : null,
    mitigation,
    owners,
    confidential: input.confidential ?? false,
    appetiteOverride: null,
    cause,
    event,
    effect,
    version: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    archivedAt: null,
  };
  const entry: NewHistoryEntry = {
    entity: 'risk',
    entityId: id,
    label: ref,
    action,
    field: null,
    oldValue: null,
    newValue: {
      ...snapshot(created),
      // A register workbook's review schedule and exempt mark, recorded with the risk they came with.
      ...(input.reviewCycle !== undefined ? { reviewCycle: input.reviewCycle } : {}),
      ...(input.nextReview ? { nextReview: input.nextReview } : {}),
      ...(input.confidential ? { confidential: true } : {}),
      ...(input.published ? { published: input.published } : {}),
    },
    reason: input.reason ?? null,
    at: ctx.now,
    by: ctx.by,
  };
  return { created, entry };
}

/** What history keeps of a risk when it is created. */
export function snapshot(r: RiskRecord): Record<string, unknown> {
  return {
    ref: r.ref,
    ...(r.title !== null ? { title: r.title } : {}),
    category: r.category,
    description: r.description,
    current:
      r.impact === null || r.likelihood === null ? null : { impact: r.impact, likelihood: r.likelihood },
    inherent: r.inherent,
    target: r.target,
    mitigation: r.mitigation,
    owners: r.owners,
    // Only when given, so a risk without them is recorded exactly as before issue 13.
    ...(r.cause ? { cause: r.cause } : {}),
    ...(r.event ? { event: r.event } : {}),
    ...(r.effect ? { effect: r.effect } : {}),
  };
}

function conflict(db: Database, id: string): AppError {
  const current = getRisk(db, id);
  if (!current)
    return new AppError(
      'NOT_FOUND',
      'This risk no longer exists. It may have been deleted in another window.',
    );
  const last = historyFor(db, 'risk', id).at(-1);
  const when = last ? ` at ${formatWhen(last.at)}` : '';
  const who = last ? ` by ${last.by}` : '';
  return new AppError(
    'CONFLICT',
    `${current.ref} was changed${who}${when} after you opened it. The latest values are shown; apply your change again if it still stands.`,
    { current },
  );
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())} on ${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

function load(db: Database, id: string): RiskRecord {
  const r = getRisk(db, id);
  if (!r)
    throw new AppError(
      'NOT_FOUND',
      'This risk no longer exists. It may have been deleted in another window.',
    );
  return r;
}

export interface RiskTextChanges {
  ref?: string | undefined;
  /** null or blank clears the title. */
  title?: string | null | undefined;
  category?: string | undefined;
  description?: string | undefined;
  mitigation?: string | undefined;
  owners?: string[] | undefined;
  cause?: string | undefined;
  event?: string | undefined;
  effect?: string | undefined;
}

export function updateRiskText(
  db: Database,
  id: string,
  version: number,
  changes: RiskTextChanges,
  reason: string | undefined,
  ctx: WriteContext,
): RiskRecord {
  const before = load(db, id);
  if (before.version !== version) throw conflict(db, id);
  const cols: Partial<Record<RiskColumn, string | number | null>> = {};
  const entries: { field: string; old: unknown; new: unknown }[] = [];
  if (changes.ref !== undefined && changes.ref.trim() !== before.ref) {
    assertRefFree(db, changes.ref.trim(), id);
    cols.ref = changes.ref.trim();
    entries.push({ field: 'ref', old: before.ref, new: cols.ref });
  }
  if (changes.title !== undefined) {
    const title = normaliseTitle(changes.title);
    if (title !== before.title) {
      cols.title = title;
      entries.push({ field: 'title', old: before.title, new: title });
    }
  }
  if (changes.category !== undefined && changes.category.trim() !== before.category) {
    cols.category_id = ensureCategory(db, changes.category, ctx.now).id;
    entries.push({ field: 'category', old: before.category, new: changes.category.trim() });
  }
  if (changes.description !== undefined && changes.description.trim() !== before.description) {
    cols.description = changes.description.trim();
    entries.push({ field: 'description', old: before.description, new: cols.description });
  }
  if (changes.mitigation !== undefined && changes.mitigation.trim() !== before.mitigation) {
    cols.mitigation = changes.mitigation.trim();
    entries.push({ field: 'mitigation', old: before.mitigation, new: cols.mitigation });
  }
  for (const f of ['cause', 'event', 'effect'] as const) {
    const v = changes[f];
    if (v !== undefined && v.trim() !== before[f]) {
      cols[f] = v.trim();
      entries.push({ field: f, old: before[f], new: cols[f] });
    }
  }
  const owners = changes.owners?.map((o) => o.trim()).filter(Boolean);
  const ownersChanged =
    owners !== undefined && JSON.stringify([...new Set(owners)]) !== JSON.stringify(before.owners);
  if (ownersChanged) entries.push({ field: 'owners', old: before.owners, new: [...new Set(owners)] });
  if (!entries.length) return before;
  if (!updateRiskColumns(db, id, version, cols, ctx.now)) throw conflict(db, id);
  if (ownersChanged && owners) setRiskOwners(db, id, owners, ctx.now);
  const label = (cols.ref as string | undefined) ?? before.ref;
  appendHistory(
    db,
    entries.map((e) => ({
      entity: 'risk' as const,
      entityId: id,
      label,
      action: 'update' as const,
      field: e.field,
      oldValue: e.old,
      newValue: e.new,
      reason: reason ?? null,
      at: ctx.now,
      by: ctx.by,
    })),
  );
  return load(db, id);
}

export function updateRiskScore(
  db: Database,
  id: string,
  version: number,
  which: ScoreKind,
  next: ScorePair | null,
  reason: string | undefined,
  ctx: WriteContext,
): RiskRecord {
  const before = load(db, id);
  if (before.version !== version) throw conflict(db, id);
  // A risk not yet assessed has no current pair: its first score is recorded as old null → new pair.
  const old: ScorePair | null =
    which === 'current'
      ? before.impact === null || before.likelihood === null
        ? null
        : { impact: before.impact, likelihood: before.likelihood }
      : before[which];
  if (which === 'current' && !next) throw new AppError('VALIDATION', 'The current score cannot be cleared.');
  if (JSON.stringify(old) === JSON.stringify(next)) return before;
  const cols: Partial<Record<RiskColumn, number | null>> =
    which === 'current'
      ? { impact: next?.impact ?? null, likelihood: next?.likelihood ?? null }
      : which === 'inherent'
        ? { inherent_impact: next?.impact ?? null, inherent_likelihood: next?.likelihood ?? null }
        : { target_impact: next?.impact ?? null, target_likelihood: next?.likelihood ?? null };
  if (!updateRiskColumns(db, id, version, cols, ctx.now)) throw conflict(db, id);
  appendHistory(db, [
    {
      entity: 'risk',
      entityId: id,
      label: before.ref,
      action: 'update',
      field: which,
      oldValue: old,
      newValue: next,
      reason: reason ?? null,
      at: ctx.now,
      by: ctx.by,
    },
  ]);
  return load(db, id);
}

/** For other write modules: the CONFLICT (with the fresh risk) and the NOT_FOUND a stale edit gets. */
export { conflict as riskConflict, load as loadRisk };
