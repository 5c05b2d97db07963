/** The append-only history: every change, chained by SHA-256 so that an edited, deleted or reordered row shows. */
import type { Database } from 'better-sqlite3';
import { hash } from 'node:crypto';
import type { HistoryEntry } from '../shared/domain.ts';
import { wellFormed } from '../shared/input-shape.ts';
import { insertRows } from './bulk-insert.ts';
import { stmt } from './statements.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type NewHistoryEntry = Omit<HistoryEntry, 'seq'>;

/** A history row as stored. */
export interface HistoryRow {
  seq: number;
  entity: string;
  entity_id: string;
  label: string;
  action: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  at: string;
  by: string;
  prev_hash: string;
  hash: string;
}

/** The columns `toHistoryEntry` reads. */
export const HISTORY_COLUMNS =
  'seq, entity, entity_id, label, action, field, old_value, new_value, reason, at, by';
type ReadColumn =
  | 'seq'
  | 'entity'
  | 'entity_id'
  | 'label'
  | 'action'
  | 'field'
  | 'old_value'
  | 'new_value'
  | 'reason'
  | 'at'
  | 'by';

function json(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

/** Text as SQLite stores it: UTF-8, where an unpaired surrogate becomes U+FFFD. */
function stored<T extends string | null>(s: T): T {
  return (s === null ? s : wellFormed(s)) as T;
}

/**
 * The hash of one entry over exactly what is stored: every text column is taken in its stored form (an unpaired
 * UTF-16 surrogate as U+FFFD), so the hash computed when writing equals the one computed when reading it back.
 */
export function entryHash(prevHash: string, row: Omit<HistoryRow, 'prev_hash' | 'hash'>): string {
  return storedEntryHash(prevHash, [
    row.seq,
    stored(row.entity),
    stored(row.entity_id),
    stored(row.label),
    stored(row.action),
    stored(row.field),
    stored(row.old_value),
    stored(row.new_value),
    stored(row.reason),
    stored(row.at),
    stored(row.by),
  ]);
}

/** The values of a history row in column order, each text already in its stored form (`stored`). */
type StoredValues = [
  seq: number,
  entity: string,
  entityId: string,
  label: string,
  action: string,
  field: string | null,
  oldValue: string | null,
  newValue: string | null,
  reason: string | null,
  at: string,
  by: string,
];

/** `entryHash` of values already in their stored form: the same canonical JSON, without making them so again. */
function storedEntryHash(prevHash: string, values: StoredValues): string {
  // One call (no Hash object per entry): the same bytes, prevHash + '\n' + the JSON, as UTF-8.
  return hash('sha256', `${prevHash}\n${JSON.stringify(values)}`, 'hex');
}

/** Append entries. Call inside the transaction that makes the change they describe. */
export function appendHistory(db: Database, entries: readonly NewHistoryEntry[]): void {
  if (!entries.length) return;
  const last = stmt(db, 'SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  // Positional parameters, in the order of the hashed values, every row's after the one before: written with
  // multi-row INSERTs (db/bulk-insert.ts), the same rows in the same order as one INSERT each.
  const params: unknown[] = [];
  for (const e of entries) {
    seq += 1;
    // Stored form first (see entryHash): what is hashed is what SQLite keeps.
    const values: StoredValues = [
      seq,
      stored(e.entity),
      stored(e.entityId),
      stored(e.label),
      stored(e.action),
      stored(e.field),
      stored(json(e.oldValue)),
      stored(json(e.newValue)),
      stored(e.reason),
      stored(e.at),
      stored(e.by),
    ];
    const hash = storedEntryHash(prev, values);
    params.push(...values, prev, hash);
    prev = hash;
  }
  insertRows(
    db,
    'history',
    'seq, entity, entity_id, label, action, field, old_value, new_value, reason, at, by, prev_hash, hash',
    13,
    params,
    // entity, action, field, old_value, reason, at, by: one value for a whole batch of an import's rows.
    [1, 4, 5, 6, 8, 9, 10],
  );
}

/** A stored row as the domain entry that crosses the boundary. */
export function toHistoryEntry(r: Pick<HistoryRow, ReadColumn>): HistoryEntry {
  return {
    seq: r.seq,
    entity: r.entity as HistoryEntry['entity'],
    entityId: r.entity_id,
    label: r.label,
    action: r.action as HistoryEntry['action'],
    field: r.field,
    oldValue: r.old_value === null ? null : (JSON.parse(r.old_value) as unknown),
    newValue: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown),
    reason: r.reason,
    at: r.at,
    by: r.by,
  };
}

export function historyFor(db: Database, entity: HistoryEntry['entity'], entityId: string): HistoryEntry[] {
  const rows = stmt(db, 'SELECT * FROM history WHERE entity = ? AND entity_id = ? ORDER BY seq').all(
    entity,
    entityId,
  ) as HistoryRow[];
  return rows.map(toHistoryEntry);
}

export type ChainCheck =
  { ok: true; entries: number } | { ok: false; entries: number; firstBroken: number; problem: string };

/** Walk the chain from the start; report the first entry whose hash or link does not hold. */
export function verifyHistory(db: Database): ChainCheck {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const r of db.prepare('SELECT * FROM history ORDER BY seq').iterate() as Iterable<HistoryRow>) {
    count += 1;
    if (r.seq !== expectedSeq) {
      return {
        ok: false,
        entries: count,
        firstBroken: expectedSeq,
        problem: `entry ${expectedSeq} is missing`,
      };
    }
    if (r.prev_hash !== prev) {
      return {
        ok: false,
        entries: count,
        firstBroken: r.seq,
        problem: `entry ${r.seq} does not follow entry ${r.seq - 1}`,
      };
    }
    if (entryHash(prev, r) !== r.hash) {
      return { ok: false, entries: count, firstBroken: r.seq, problem: `entry ${r.seq} was altered` };
    }
    prev = r.hash;
    expectedSeq += 1;
  }
  return { ok: true, entries: count };
}

/** The last entry's number and hash (`0` and the genesis hash for an empty history). */
export function historyHead(db: Database): { seq: number; hash: string; head: string } {
  const last = stmt(db, 'SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  const seq = last?.seq ?? 0;
  const hash = last?.hash ?? GENESIS_HASH;
  return { seq, hash, head: `${seq}:${hash}` };
}
