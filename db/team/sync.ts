/**
 * One sync round for a replica: push the outbox in order (each operation idempotent by its id), pull the server's
 * history since the last pulled change, and rebase the replica on it in one SQLite transaction (refused and
 * conflicting operations undone and listed, the server's rows in place of the local tail, the still-waiting outbox
 * re-applied on top).
 *
 * A round that fails part-way leaves the outbox as it was: pushing again is safe because the server answers an
 * operation it has already applied with the answer it gave the first time (table risk_register.ops).
 */
import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import { AppError } from '../../shared/errors.ts';
import type { HistoryRow } from '../history.ts';
import { appendHistory } from '../history.ts';
import { stmt } from '../statements.ts';
import { writeTransaction } from '../transaction.ts';
import { serverError } from './connect.ts';
import type { OlderImages, OutboxRow, TeamRole } from './replica.ts';
import {
  applyEntry,
  applyRow,
  newRowPull,
  olderImages,
  outbox,
  reapplyRow,
  requireTeam,
  revertLocal,
  revertRow,
  setRebasing,
} from './replica.ts';
export { listConflicts, typedValue } from './replica.ts';
export type { ConflictView } from './replica.ts';
import { checkServer } from './server.ts';
import { SCHEMA } from './server-schema.ts';

export interface OpAnswer {
  status: 'accepted' | 'same' | 'conflict' | 'rejected';
  seq?: number;
  reason?: string;
  current?: unknown;
  conflict?: number | null;
  gone?: boolean;
}

export interface SyncResult {
  pushed: number;
  pulled: number;
  conflicts: number;
  rejected: number;
  waiting: number;
  /**
   * Row images pulled from a laptop on an older app, lacking columns this app has (`applyRow`): this laptop kept
   * its own values for those columns. Empty when every image was whole.
   */
  olderApp: OlderImages[];
}

export interface SyncOptions {
  now?: () => Date;
  /** Called after each operation is pushed (tests use it to stop a laptop mid-push). */
  onPushed?: (op: OutboxRow, answer: OpAnswer) => void;
  /**
   * A write into this replica that this process is making through another connection now (an import's commit in
   * the worker: db/session.ts `writingElsewhere`), or null: the round's local write waits for it rather than block
   * the thread on the register's write lock.
   */
  writingElsewhere?: () => Promise<void> | null;
}

/** The operation as the server's apply_op takes it. */
function opJson(op: OutboxRow): Record<string, unknown> {
  return {
    id: op.op_id,
    entity: op.entity,
    entity_id: op.entity_id,
    label: op.label,
    action: op.action,
    field: op.field,
    old_value: op.old_value,
    new_value: op.new_value,
    reason: op.reason,
    at: op.at,
  };
}

export async function pushOne(client: pg.Client, op: OutboxRow): Promise<OpAnswer> {
  try {
    const res = await client.query<{ a: OpAnswer }>(`SELECT ${SCHEMA}.apply_op($1::jsonb) AS a`, [
      JSON.stringify(opJson(op)),
    ]);
    const a = res.rows[0]?.a;
    if (!a) throw new AppError('IO', 'The team server gave no answer to a change; it will be sent again.');
    return a;
  } catch (e) {
    throw serverError(e);
  }
}

/**
 * The outbox cut into groups pushed each in one server transaction: a snapshot's frozen risks (`snapshot_risks`
 * inserts) together with the `snapshots` row that seals them, every other operation alone. On a laptop the frozen
 * risks can only stand with their snapshot (a deferred foreign key, and the seal trigger refuses a frozen risk once
 * its snapshot is there), so the server must never hold some of them without the snapshot: a reply lost after the
 * first of them had left the server with a frozen risk of no snapshot, and every other laptop's sync then failed
 * with "FOREIGN KEY constraint failed" until this laptop pushed the rest (seed -887722354, docs/team.md).
 */
export function pushGroups(pending: readonly OutboxRow[]): OutboxRow[][] {
  const groups: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  for (const op of pending) {
    current.push(op);
    if (op.entity === 'row' && op.label === 'snapshot_risks') continue;
    groups.push(current);
    current = [];
  }
  if (current.length) groups.push(current);
  return groups;
}

/**
 * Push one group: a lone operation as it is, several in one transaction (all applied or none; a connection lost
 * part-way leaves none on the server, and the whole group is sent again next time, each operation still idempotent
 * by its id).
 */
async function pushGroup(client: pg.Client, group: readonly OutboxRow[]): Promise<[OutboxRow, OpAnswer][]> {
  const first = group[0];
  if (group.length === 1 && first) return [[first, await pushOne(client, first)]];
  const out: [OutboxRow, OpAnswer][] = [];
  try {
    await client.query('BEGIN');
  } catch (e) {
    throw serverError(e);
  }
  try {
    for (const op of group) out.push([op, await pushOne(client, op)]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw serverError(e);
  }
  return out;
}

/** A row change as the server recorded it: the row's key (before and after) and its image, null when removed. */
interface RowChange {
  rseq: number;
  after_seq: number;
  tbl: string;
  pk: unknown[];
  old_pk: unknown[] | null;
  data: unknown;
}

interface ServerConflict {
  id: string;
  risk_id: string;
  ref: string;
  field: string;
  base: unknown;
  theirs: unknown;
  mine: unknown;
  by: string;
  at: string;
}

/** One round: push, pull, rebase. Resolves when the round completed; rejects (outbox intact) when it did not. */
export async function syncRound(
  db: Database,
  path: string,
  client: pg.Client,
  opts: SyncOptions = {},
): Promise<SyncResult> {
  const now = opts.now ?? (() => new Date());
  requireTeam(db, path);
  try {
    await checkServer(client);
  } catch (e) {
    throw serverError(e);
  }
  const pending = outbox(db);
  const answers = new Map<string, OpAnswer>();
  for (const group of pushGroups(pending)) {
    for (const [op, a] of await pushGroup(client, group)) {
      answers.set(op.op_id, a);
      opts.onPushed?.(op, a);
    }
  }
  const team = requireTeam(db, path);
  let rows: HistoryRow[];
  let conflicts: ServerConflict[];
  let changes: RowChange[];
  let me: { role: TeamRole; owner_initials: string | null } | undefined;
  try {
    rows = (
      await client.query<HistoryRow & { seq: string }>(
        `SELECT seq, entity, entity_id, label, action, field, old_value, new_value, reason, at, by, prev_hash, hash
           FROM ${SCHEMA}.history WHERE seq > $1 ORDER BY seq`,
        [team.last_seq],
      )
    ).rows.map((r) => ({ ...r, seq: Number(r.seq) }));
    changes = (
      await client.query<RowChange & { rseq: string; after_seq: string }>(
        `SELECT rseq, after_seq, tbl, pk, old_pk, data FROM ${SCHEMA}.row_changes WHERE rseq > $1 ORDER BY rseq`,
        [team.last_rseq],
      )
    ).rows.map((r) => ({ ...r, rseq: Number(r.rseq), after_seq: Number(r.after_seq) }));
    conflicts = (
      await client.query<ServerConflict>(
        `SELECT id::text, risk_id, ref, field, base, theirs, mine, by, at FROM ${SCHEMA}.conflicts
          WHERE resolved_at IS NULL ORDER BY id`,
      )
    ).rows;
    // The role and owner link as the server holds them now (a manager may have changed them: team set-role).
    me = (
      await client.query<{ role: TeamRole; owner_initials: string | null }>(
        `SELECT role, owner_initials FROM ${SCHEMA}.users WHERE name = session_user::text`,
      )
    ).rows[0];
    await client.query(`SELECT ${SCHEMA}.mark_synced()`);
  } catch (e) {
    throw serverError(e);
  }

  for (let w = opts.writingElsewhere?.(); w; w = opts.writingElsewhere?.()) await w;
  const at = now().toISOString();
  let rejected = 0;
  // Row images from a laptop on an older app (lacking columns this app has): reported, the local values kept.
  const pull = newRowPull();
  const waiting = writeTransaction(db, () => {
    setRebasing(db, true);
    const pushedIds = new Set(pending.map((p) => p.op_id));
    // Refused and conflicting operations: undone here (the field back to the server's value), refusals listed.
    // Row operations are undone last first, so a row changed twice gets back its first `before` image.
    for (const op of [...pending].reverse()) {
      const a = answers.get(op.op_id);
      if (op.entity !== 'row' || !a || a.status === 'accepted' || a.status === 'same') continue;
      revertRow(db, op, at);
    }
    for (const op of pending) {
      const a = answers.get(op.op_id);
      if (op.entity === 'row' || !a || a.status === 'accepted' || a.status === 'same') continue;
      revertLocal(db, op, a.current, at);
      if (a.status === 'rejected') {
        rejected += 1;
        stmt(
          db,
          `INSERT OR IGNORE INTO team_rejected (op_id, entity, entity_id, label, action, field, old_value, new_value, at, reason, rejected_at)
           VALUES (@op_id, @entity, @entity_id, @label, @action, @field, @old_value, @new_value, @at, @reason, @rejected_at)`,
        ).run({ ...op, reason: a.reason ?? 'Refused by the team server.', rejected_at: at });
      }
    }
    if (pending.length) {
      stmt(db, 'DELETE FROM team_outbox WHERE id <= ?').run(pending[pending.length - 1]?.id ?? 0);
    }
    const still = outbox(db).filter((o) => !pushedIds.has(o.op_id));
    // The server's history replaces the local tail: same rows, same order, same hashes on every laptop.
    stmt(db, 'DELETE FROM history WHERE seq > ?').run(team.last_seq);
    const insert = stmt(
      db,
      `INSERT INTO history (seq, entity, entity_id, label, action, field, old_value, new_value, reason, at, by, prev_hash, hash)
       VALUES (@seq, @entity, @entity_id, @label, @action, @field, @old_value, @new_value, @reason, @at, @by, @prev_hash, @hash)`,
    );
    // The server's row changes, each after the history row it followed (the server's order).
    let next = 0;
    const rowsUpTo = (seq: number) => {
      for (; next < changes.length && (changes[next]?.after_seq ?? Infinity) <= seq; next += 1) {
        const c = changes[next];
        if (c) applyRow(db, c.tbl, c.old_pk ?? c.pk, c.data, at, 'server', renamesAfter(changes, next), pull);
      }
    };
    for (const r of rows) {
      rowsUpTo(r.seq - 1);
      insert.run(r);
      applyEntry(db, r);
    }
    rowsUpTo(Infinity);
    const lastSeq = rows.at(-1)?.seq ?? team.last_seq;
    stmt(db, `UPDATE sqlite_sequence SET seq = ? WHERE name = 'history'`).run(lastSeq);
    // Changes made on this laptop while the round ran: on top again, still waiting in the outbox.
    for (const o of still) {
      if (o.entity === 'row') {
        reapplyRow(db, o, at);
        continue;
      }
      appendHistory(db, [
        {
          entity: o.entity as never,
          entityId: o.entity_id,
          label: o.label,
          action: o.action as never,
          field: o.field,
          oldValue: o.old_value === null ? undefined : (JSON.parse(o.old_value) as unknown),
          newValue: o.new_value === null ? undefined : (JSON.parse(o.new_value) as unknown),
          reason: o.reason,
          at: o.at,
          by: requireTeam(db, path).user,
        },
      ]);
      applyEntry(db, { ...o });
    }
    stmt(db, 'DELETE FROM team_conflicts').run();
    const addConflict = stmt(
      db,
      `INSERT INTO team_conflicts (id, risk_id, ref, field, base, theirs, mine, by, at)
       VALUES (@id, @risk_id, @ref, @field, @base, @theirs, @mine, @by, @at)`,
    );
    for (const c of conflicts) {
      addConflict.run({
        ...c,
        id: Number(c.id),
        base: JSON.stringify(c.base),
        theirs: JSON.stringify(c.theirs),
        mine: JSON.stringify(c.mine),
      });
    }
    stmt(db, 'UPDATE team SET last_seq = ?, last_rseq = ?, last_sync = ? WHERE id = 1').run(
      lastSeq,
      changes.at(-1)?.rseq ?? team.last_rseq,
      at,
    );
    if (me) stmt(db, 'UPDATE team SET role = ?, owner = ? WHERE id = 1').run(me.role, me.owner_initials);
    setRebasing(db, false);
    return still.filter((o) => o.entity !== 'row').length;
  });
  return {
    pushed: pending.filter((p) => p.entity !== 'row').length,
    pulled: rows.length,
    conflicts: conflicts.length,
    rejected,
    waiting,
    olderApp: olderImages(pull),
  };
}

/** How a conflict is resolved: keep theirs, apply mine, or apply another value (already parsed, see `typedValue`). */
export type Resolution = 'theirs' | 'mine' | { value: unknown };

export async function resolveConflict(client: pg.Client, id: number, keep: Resolution): Promise<void> {
  try {
    await client.query(`SELECT ${SCHEMA}.resolve_conflict($1, $2, $3::jsonb)`, [
      id,
      typeof keep === 'string' ? keep : 'value',
      typeof keep === 'string' ? null : JSON.stringify(keep.value),
    ]);
  } catch (e) {
    const err = serverError(e);
    if (err instanceof AppError && (e as { code?: string }).code === '02000') {
      throw new AppError('NOT_FOUND', err.message);
    }
    throw err;
  }
}

/**
 * The keys the row of `changes[i]` is given by later renames in the same pull (a rename's `old_pk` is the key it
 * had), in order: a laptop that changed a category or owner and then renamed it before syncing finds its row under
 * the new key when its first change comes back.
 */
function renamesAfter(
  changes: readonly { tbl: string; pk: unknown[]; old_pk: unknown[] | null }[],
  i: number,
): unknown[][] {
  const c = changes[i];
  if (!c) return [];
  const keys: unknown[][] = [];
  let key = JSON.stringify(c.old_pk ?? c.pk);
  for (const d of changes.slice(i + 1)) {
    if (d.tbl !== c.tbl || !d.old_pk || JSON.stringify(d.old_pk) !== key) continue;
    keys.push(d.pk);
    key = JSON.stringify(d.pk);
  }
  return keys;
}
