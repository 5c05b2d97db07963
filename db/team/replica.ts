/**
 * The replica side in SQLite: the `team` row, the outbox, and applying the server's history rows to the local
 * risks. Everything here runs inside the caller's write transaction.
 *
 * Carried to other laptops: risks (create, import, every tracked field, archive, restore, delete) through their
 * history rows, and every table of the applier table (db/team/row-spec.ts: reviews, actions, controls, objectives,
 * the owners directory, categories, the risks' order and review schedule…) as row images (`applyRow`). See
 * docs/team.md.
 */
import type { Database } from 'better-sqlite3';
import type { ScorePair } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import { ensureCategory } from '../categories.ts';
import type { HistoryRow } from '../history.ts';
import { uuidv7 } from '../ids.ts';
import { ensureOwner, setRiskOwners } from '../owners.ts';
import { insertRisk } from '../risks.ts';
import { stmt } from '../statements.ts';
import type { ReplicatedTable } from './row-spec.ts';
import { replicated } from './row-spec.ts';

export type TeamRole = 'manager' | 'owner' | 'viewer';

export interface TeamRow {
  server: string;
  user: string;
  role: TeamRole;
  owner: string | null;
  last_seq: number;
  last_rseq: number;
  last_sync: string | null;
}

export interface OutboxRow {
  id: number;
  op_id: string;
  entity: string;
  entity_id: string;
  label: string;
  action: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  at: string;
}

export function teamRow(db: Database): TeamRow | undefined {
  // A file opened read-only before migration 0100 (a read-only older file) has no team tables: single-user.
  if (!stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team'").get()) return undefined;
  return stmt(
    db,
    'SELECT server, user, role, owner, last_seq, last_rseq, last_sync FROM team WHERE id = 1',
  ).get() as TeamRow | undefined;
}

export function requireTeam(db: Database, path: string): TeamRow {
  const t = teamRow(db);
  if (!t) {
    throw new AppError(
      'VALIDATION',
      `${path} is a single-user register, not a team replica. Publish it (risk-register team publish) or join a team register (risk-register team join).`,
    );
  }
  return t;
}

export function outbox(db: Database): OutboxRow[] {
  return stmt(db, 'SELECT * FROM team_outbox ORDER BY id').all() as OutboxRow[];
}

/** Changes waiting to be sent, as people count them: row operations come with the history row of their change. */
export function waitingCount(db: Database): number {
  return (stmt(db, "SELECT count(*) AS n FROM team_outbox WHERE entity <> 'row'").get() as { n: number }).n;
}

export function setRebasing(db: Database, on: boolean): void {
  stmt(db, 'UPDATE team SET rebasing = ? WHERE id = 1').run(on ? 1 : 0);
}

function parse(v: string | null): unknown {
  return v === null ? null : (JSON.parse(v) as unknown);
}

function pair(v: unknown): ScorePair | null {
  if (v && typeof v === 'object' && 'impact' in v && 'likelihood' in v) {
    const p = v as ScorePair;
    return { impact: p.impact, likelihood: p.likelihood };
  }
  return null;
}

/** Make `ref` free for risk `id`: a local risk holding it (not yet renamed by the server) moves aside. */
function freeRef(db: Database, ref: string, id: string): void {
  const holder = stmt(db, 'SELECT id FROM risks WHERE ref = ? AND id <> ?').get(ref, id) as
    { id: string } | undefined;
  if (holder) {
    stmt(db, 'UPDATE risks SET ref = ? WHERE id = ?').run(`${ref}~${holder.id.slice(-6)}`, holder.id);
  }
}

/**
 * Two laptops gave a new objective the same ref offline. Since server schema 4 the server decides, once: the later
 * one to reach it is stored under `REF~xxxxxx` (the last six characters of its id, `-2`, `-3`… if even that is
 * taken) and flagged; every laptop applies the server's images in the server's order. On this laptop, while it
 * rebases:
 * - an image from the server takes its ref: an objective of this laptop still holding it (one not yet sent, or
 *   renamed here and not yet sent) moves aside — it is the later one, and the server will move it the same way;
 * - a change of this laptop put back on top (still waiting, or undone) never takes a ref another objective holds:
 *   it moves aside itself, as the server will when it arrives.
 */
function movedObjectiveRef(db: Database, ref: string, id: string): string {
  const moved = `${ref}~${id.slice(-6)}`;
  let candidate = moved;
  for (let n = 2; stmt(db, 'SELECT 1 FROM objectives WHERE ref = ? AND id <> ?').get(candidate, id); n += 1) {
    candidate = `${moved}-${n}`;
  }
  return candidate;
}

/** Where the image applied comes from: the server (authoritative), or this laptop's own change put back. */
export type RowSource = 'server' | 'laptop';

function settleObjectiveRef(
  db: Database,
  t: ReplicatedTable,
  values: Record<string, unknown>,
  from: RowSource,
): void {
  if (t.table !== 'objectives') return;
  const ref = values['v_ref'];
  const id = values['v_id'];
  if (typeof ref !== 'string' || typeof id !== 'string') return;
  const holder = stmt(db, 'SELECT id FROM objectives WHERE ref = ? AND id <> ?').get(ref, id) as
    { id: string } | undefined;
  if (!holder) return;
  if (from === 'laptop') {
    values['v_ref'] = movedObjectiveRef(db, ref, id);
    return;
  }
  stmt(db, 'UPDATE objectives SET ref = ? WHERE id = ?').run(
    movedObjectiveRef(db, ref, holder.id),
    holder.id,
  );
}

/**
 * Two laptops took a snapshot of the same name offline. Since server schema 6 the server decides, once: the later
 * new snapshot to reach it is stored as `NAME (2)` (`(3)`… if that is taken) and flagged; every laptop applies the
 * server's names. A laptop's names are unique without regard to case, and snapshots are read-only, so here, while
 * the replica rebases:
 * - an image from the server takes its name: a snapshot of this laptop still holding it (one not yet sent, or one
 *   the server moved aside and whose image comes later in the pull) moves aside to the first free `NAME (n)`;
 * - a snapshot this laptop holds under another name than the server's image is renamed to the server's name;
 * - a snapshot of this laptop put back on top never takes a name another snapshot holds: it moves aside itself, as
 *   the server will move it when it arrives.
 */
function movedSnapshotName(db: Database, name: string, id: string): string {
  for (let n = 2; ; n += 1) {
    const candidate = `${name} (${n})`;
    if (!stmt(db, 'SELECT 1 FROM snapshots WHERE name = ? AND id <> ?').get(candidate, id)) return candidate;
  }
}

/**
 * Rename a snapshot on this laptop (the server's decision): a snapshot row is read-only, so it is removed and
 * written again under its id (allowed only while the replica rebases; its frozen risks stay, their key deferred).
 */
function renameSnapshot(db: Database, id: string, name: string): void {
  const row = stmt(db, 'SELECT taken_at, taken_by FROM snapshots WHERE id = ?').get(id) as
    { taken_at: string; taken_by: string } | undefined;
  if (!row) return;
  stmt(db, 'DELETE FROM snapshots WHERE id = ?').run(id);
  stmt(db, 'INSERT INTO snapshots (id, name, taken_at, taken_by) VALUES (?, ?, ?, ?)').run(
    id,
    name,
    row.taken_at,
    row.taken_by,
  );
}

function settleSnapshotName(
  db: Database,
  t: ReplicatedTable,
  values: Record<string, unknown>,
  from: RowSource,
  here: boolean,
): void {
  if (t.table !== 'snapshots') return;
  const name = values['v_name'];
  const id = values['v_id'];
  if (typeof name !== 'string' || typeof id !== 'string') return;
  const holder = stmt(db, 'SELECT id FROM snapshots WHERE name = ? AND id <> ?').get(name, id) as
    { id: string } | undefined;
  if (from === 'laptop') {
    if (holder && !here) values['v_name'] = movedSnapshotName(db, name, id);
    return;
  }
  if (holder) renameSnapshot(db, holder.id, movedSnapshotName(db, name, holder.id));
  if (!here) return;
  const mine = stmt(db, 'SELECT name FROM snapshots WHERE id = ?').get(id) as { name: string } | undefined;
  if (mine && mine.name !== name) renameSnapshot(db, id, name);
}

const bump = 'version = version + 1, updated_at = @at';

/** Set one tracked field of a risk to a value as history records it. */
export function setRiskField(db: Database, id: string, field: string, value: unknown, at: string): void {
  const exists = stmt(db, 'SELECT 1 FROM risks WHERE id = ?').get(id);
  if (!exists) return;
  switch (field) {
    case 'ref':
      freeRef(db, String(value), id);
      stmt(db, `UPDATE risks SET ref = @v, ${bump} WHERE id = @id`).run({ v: String(value), at, id });
      return;
    case 'description':
    case 'mitigation':
    case 'cause':
    case 'event':
    case 'effect':
      stmt(db, `UPDATE risks SET ${field} = @v, ${bump} WHERE id = @id`).run({
        v: String(value ?? ''),
        at,
        id,
      });
      return;
    case 'title':
      // An optional short title: null (or blank) means none.
      stmt(db, `UPDATE risks SET title = @v, ${bump} WHERE id = @id`).run({
        v: typeof value === 'string' && value.trim() ? value : null,
        at,
        id,
      });
      return;
    case 'category':
      stmt(db, `UPDATE risks SET category_id = @v, ${bump} WHERE id = @id`).run({
        v: ensureCategory(db, String(value), at).id,
        at,
        id,
      });
      return;
    case 'owners':
      setRiskOwners(db, id, Array.isArray(value) ? value.map(String) : [], at);
      stmt(db, `UPDATE risks SET ${bump} WHERE id = @id`).run({ at, id });
      return;
    case 'current': {
      // Null: the risk is not yet assessed (no current score).
      const p = pair(value);
      stmt(db, `UPDATE risks SET impact = @i, likelihood = @l, ${bump} WHERE id = @id`).run({
        i: p?.impact ?? null,
        l: p?.likelihood ?? null,
        at,
        id,
      });
      return;
    }
    case 'inherent':
    case 'target': {
      const p = pair(value);
      stmt(db, `UPDATE risks SET ${field}_impact = @i, ${field}_likelihood = @l, ${bump} WHERE id = @id`).run(
        {
          i: p?.impact ?? null,
          l: p?.likelihood ?? null,
          at,
          id,
        },
      );
      return;
    }
  }
}

function upsertFromSnapshot(db: Database, id: string, snap: Record<string, unknown>, at: string): void {
  const ref = String(snap['ref']);
  freeRef(db, ref, id);
  const exists = stmt(db, 'SELECT 1 FROM risks WHERE id = ?').get(id);
  if (!exists) {
    // A risk created not yet assessed has no current score: kept as such, never given a made-up one.
    const current = pair(snap['current']);
    const text = (f: string) => (typeof snap[f] === 'string' ? (snap[f] as string) : '');
    insertRisk(db, {
      id,
      ref,
      title: text('title').trim() ? text('title') : null,
      cause: text('cause'),
      event: text('event'),
      effect: text('effect'),
      categoryId: ensureCategory(db, String(snap['category']), at).id,
      description: String(snap['description'] ?? ''),
      impact: (current?.impact ?? null) as never,
      likelihood: (current?.likelihood ?? null) as never,
      inherent: pair(snap['inherent']),
      target: pair(snap['target']),
      mitigation: String(snap['mitigation'] ?? ''),
      now: at,
    });
    const owners = snap['owners'];
    setRiskOwners(db, id, Array.isArray(owners) ? owners.map(String) : [], at);
    return;
  }
  for (const f of [
    'ref',
    'title',
    'category',
    'description',
    'mitigation',
    'cause',
    'event',
    'effect',
    'owners',
    'current',
    'inherent',
    'target',
  ]) {
    if (f in snap) setRiskField(db, id, f, snap[f], at);
  }
}

/** Apply one history row (from the server, or a waiting local operation) to the local risks. */
export function applyEntry(
  db: Database,
  h: Pick<
    HistoryRow,
    'entity' | 'entity_id' | 'label' | 'action' | 'field' | 'old_value' | 'new_value' | 'at'
  >,
): void {
  const value = parse(h.new_value);
  // A category or owner renamed on another laptop: renamed here too (risks follow by name and initials).
  // If this laptop also holds an entry under the new name (one it added, or made for a risk it pulled), the server
  // holds one entry under that name: the two become one here too (foldEntry), then nothing is left to rename.
  if (h.entity === 'category' && h.action === 'update' && h.field === 'name') {
    const from = String(parse(h.old_value));
    foldEntry(db, 'categories', from, String(value));
    stmt(
      db,
      'UPDATE categories SET name = ? WHERE name = ? AND NOT EXISTS (SELECT 1 FROM categories WHERE name = ?)',
    ).run(String(value), from, String(value));
    return;
  }
  if (h.entity === 'owner' && h.action === 'update' && h.field === 'initials') {
    const from = String(parse(h.old_value));
    foldEntry(db, 'owners', from, String(value));
    stmt(
      db,
      'UPDATE owners SET initials = ? WHERE initials = ? AND NOT EXISTS (SELECT 1 FROM owners WHERE initials = ?)',
    ).run(String(value), from, String(value));
    return;
  }
  // An owner or category removed (deleted, or merged into another) on another laptop: its row removal may have
  // waited for the risks to move (applyRow); once they have, it goes here too.
  if ((h.entity === 'owner' || h.entity === 'category') && h.action === 'delete') {
    const t = replicated(h.entity === 'owner' ? 'owners' : 'categories');
    if (t) removeUnused(db, t, [h.label]);
    return;
  }
  if (h.entity !== 'risk') return;
  switch (h.action) {
    case 'create':
    case 'import':
      if (value && typeof value === 'object') {
        upsertFromSnapshot(db, h.entity_id, value as Record<string, unknown>, h.at);
      }
      return;
    case 'update':
      if (h.field) setRiskField(db, h.entity_id, h.field, value, h.at);
      return;
    case 'archive':
      stmt(db, `UPDATE risks SET archived_at = @v, ${bump} WHERE id = @id`).run({
        v: typeof value === 'string' ? value : h.at,
        at: h.at,
        id: h.entity_id,
      });
      return;
    case 'restore':
      stmt(db, `UPDATE risks SET archived_at = NULL, ${bump} WHERE id = @id`).run({
        at: h.at,
        id: h.entity_id,
      });
      return;
    case 'delete':
      stmt(db, 'DELETE FROM risks WHERE id = ?').run(h.entity_id);
      return;
  }
}

/**
 * Undo, on this laptop, an operation the server refused or found in conflict: the field goes back to the
 * server's value (`current`), a created risk the server never accepted is removed, an archive or restore is undone.
 */
export function revertLocal(db: Database, op: OutboxRow, current: unknown, at: string): void {
  if (op.entity !== 'risk') return;
  switch (op.action) {
    case 'create':
    case 'import':
      stmt(db, 'DELETE FROM risks WHERE id = ?').run(op.entity_id);
      return;
    case 'update':
      if (op.field)
        setRiskField(db, op.entity_id, op.field, current === undefined ? parse(op.old_value) : current, at);
      return;
    case 'archive':
    case 'restore':
      stmt(db, `UPDATE risks SET archived_at = @v, ${bump} WHERE id = @id`).run({
        v: op.old_value === null ? null : (parse(op.old_value) as string | null),
        at,
        id: op.entity_id,
      });
      return;
  }
}

export interface ConflictView {
  id: number;
  ref: string;
  field: string;
  base: unknown;
  theirs: unknown;
  mine: unknown;
  by: string;
  at: string;
}

export function listConflicts(db: Database): ConflictView[] {
  const rows = stmt(
    db,
    'SELECT id, ref, field, base, theirs, mine, by, at FROM team_conflicts ORDER BY id',
  ).all() as {
    id: number;
    ref: string;
    field: string;
    base: string | null;
    theirs: string | null;
    mine: string | null;
    by: string;
    at: string;
  }[];
  const p = (v: string | null): unknown => (v === null ? null : (JSON.parse(v) as unknown));
  return rows.map((r) => ({ ...r, base: p(r.base), theirs: p(r.theirs), mine: p(r.mine) }));
}

export interface RejectedView {
  id: number;
  ref: string;
  action: string;
  field: string | null;
  mine: unknown;
  reason: string;
  at: string;
}

export function listRejected(db: Database): RejectedView[] {
  const rows = stmt(
    db,
    'SELECT id, label AS ref, action, field, new_value, reason, at FROM team_rejected ORDER BY id',
  ).all() as (Omit<RejectedView, 'mine'> & { new_value: string | null })[];
  return rows.map(({ new_value, ...r }) => ({ ...r, mine: parse(new_value) }));
}

export interface TeamStatusView {
  server: string;
  user: string;
  role: TeamRole;
  owner: string | null;
  lastSync: string | null;
  lastSeq: number;
  waiting: number;
  conflicts: number;
  rejected: RejectedView[];
}

/** The replica's state for the window and `team status`; null for a single-user register. */
export function teamStatus(db: Database): TeamStatusView | null {
  const t = teamRow(db);
  if (!t) return null;
  const waiting = waitingCount(db);
  const conflicts = (stmt(db, 'SELECT count(*) AS n FROM team_conflicts').get() as { n: number }).n;
  return {
    server: t.server,
    user: t.user,
    role: t.role,
    owner: t.owner,
    lastSync: t.last_sync,
    lastSeq: t.last_seq,
    waiting,
    conflicts,
    rejected: listRejected(db),
  };
}

/** A row operation's or row change's key, as the JSON text of an array. */
function keyOf(v: string | null): unknown[] | null {
  const k = parse(v);
  return Array.isArray(k) ? k : null;
}

function findRow(db: Database, t: ReplicatedTable, key: unknown[]): boolean {
  const where = t.key.map((k) => `${k} = ?`).join(' AND ');
  return stmt(db, `SELECT 1 FROM ${t.table} WHERE ${where}`).get(...(key as never[])) !== undefined;
}

/** Remove the row of `t` found by `key`, unless other rows still refer to it (`inUse`). */
function removeUnused(db: Database, t: ReplicatedTable, key: unknown[]): void {
  const where = t.key.map((k) => `R.${k} = @k_${k}`).join(' AND ');
  const keyParams = Object.fromEntries(t.key.map((k, i) => [`k_${k}`, key[i] ?? null]));
  stmt(db, `DELETE FROM ${t.table} AS R WHERE ${where}${t.inUse ? ` AND NOT (${t.inUse})` : ''}`).run(
    keyParams,
  );
}

/**
 * What one pull remembers from one row image to the next (sync.ts makes one per round). An app older than a
 * column (say `escalation_rules.disabled_at`, migration 0170) publishes images without it, and saves some tables
 * as DELETE + INSERT of every row: the row removed earlier in the same pull gives back the values the image lacks.
 */
export interface RowPull {
  /** The carried columns of rows removed in this pull, as they were here, by table and key. */
  removed: Map<string, Record<string, unknown>>;
  /** Images that lacked columns the table has, per table: which columns, how many images. */
  lacking: Map<string, { columns: Set<string>; rows: number }>;
}

export function newRowPull(): RowPull {
  return { removed: new Map(), lacking: new Map() };
}

/** Images from a laptop on an older app, for the pull's report: table, the columns they lacked, how many. */
export interface OlderImages {
  table: string;
  columns: string[];
  rows: number;
}

export function olderImages(pull: RowPull): OlderImages[] {
  return [...pull.lacking].map(([table, l]) => ({ table, columns: [...l.columns].sort(), rows: l.rows }));
}

const pullKey = (table: string, key: readonly unknown[]) => `${table}\u0000${JSON.stringify(key)}`;

function localRow(
  db: Database,
  t: ReplicatedTable,
  key: readonly unknown[],
): Record<string, unknown> | undefined {
  const where = t.key.map((k) => `${k} = ?`).join(' AND ');
  return stmt(db, `SELECT ${t.columns.join(', ')} FROM ${t.table} WHERE ${where}`).get(
    ...(key as never[]),
  ) as Record<string, unknown> | undefined;
}

/**
 * Make the row of `table` found by `key` equal `image` (a JSON object of the table's carried columns), or remove
 * it when `image` is null. Runs while the replica rebases, so nothing is captured again. A row of a risk this
 * laptop no longer has is skipped (the risk's deletion came first), and so is an update of a row that only travels
 * by its updates (a risk) and is not here. An owner or category still referred to is not removed yet (`inUse`).
 *
 * An image that **lacks** a column the table has (absent, not null: written by an app older than the column) leaves
 * that column as it is here; a new row takes the values of the row removed under the same key earlier in the same
 * pull (`pull`), or else the column's default. Each such image is counted in `pull.lacking` for the pull's report.
 */
export function applyRow(
  db: Database,
  table: string,
  key: unknown[],
  image: unknown,
  at: string,
  from: RowSource = 'server',
  laterKeys: readonly unknown[][] = [],
  pull?: RowPull,
): void {
  const t = replicated(table);
  if (!t) return;
  if (key.length !== t.key.length) return;
  const where = t.key.map((k) => `${k} = @k_${k}`).join(' AND ');
  if (image === null || typeof image !== 'object') {
    if (t.updatesOnly) return;
    const before = pull ? localRow(db, t, key) : undefined;
    removeUnused(db, t, key);
    if (pull && before && !localRow(db, t, key)) pull.removed.set(pullKey(t.table, key), before);
    return;
  }
  const row = image as Record<string, unknown>;
  const lacks = t.columns.filter((c) => !t.key.includes(c) && !Object.prototype.hasOwnProperty.call(row, c));
  if (lacks.length && pull) {
    const l = pull.lacking.get(t.table) ?? { columns: new Set<string>(), rows: 0 };
    for (const c of lacks) l.columns.add(c);
    l.rows += 1;
    pull.lacking.set(t.table, l);
  }
  const carried = t.columns.filter((c) => !lacks.includes(c));
  const values: Record<string, unknown> = {};
  for (const c of carried) {
    let v = row[c] ?? null;
    if (t.ownerRefs?.includes(c) && typeof v === 'string') v = ensureOwner(db, v, at);
    if (typeof v === 'boolean') v = v ? 1 : 0;
    values[`v_${c}`] = v;
  }
  // Found by the key it had (a renamed owner or category not yet renamed here), or by the key in its image
  // (already renamed here, by the history row of the rename or by this laptop itself).
  const own = t.key.map((k) => row[k] ?? null);
  // Or by a key a later change of the same pull renames it to, when this laptop already made that rename: its own
  // change of the row before the rename, echoed back, updates its row rather than adding one under the old key.
  let found = findRow(db, t, key)
    ? key
    : findRow(db, t, own)
      ? own
      : (laterKeys.find((k) => k.length === t.key.length && findRow(db, t, k)) ?? null);
  // A renamed owner or category whose new name this laptop also holds as another row (one it added offline, or
  // made for a risk it pulled): the server holds one entry under that name, so the two become one here.
  if (found === key && t.localId && t.key.length === 1 && findRow(db, t, own)) {
    if (foldEntry(db, t.table as 'owners' | 'categories', String(key[0]), String(own[0]))) found = own;
  }
  if (found) {
    if (t.immutable) {
      settleSnapshotName(db, t, values, from, true);
      return;
    }
    settleObjectiveRef(db, t, values, from);
    const set = carried.map((c) => `${c} = @v_${c}`).join(', ');
    const params = Object.fromEntries(t.key.map((k, i) => [`k_${k}`, found[i] ?? null]));
    stmt(db, `UPDATE ${t.table} SET ${set} WHERE ${where}`).run({ ...values, ...params });
    return;
  }
  if (t.updatesOnly) return;
  const riskCol = t.columns.includes('risk_id') && t.table !== 'snapshot_risks' ? 'risk_id' : null;
  if (
    riskCol &&
    !stmt(db, 'SELECT 1 FROM risks WHERE id = ?').get((values[`v_${riskCol}`] ?? null) as string)
  )
    return;
  settleObjectiveRef(db, t, values, from);
  // The columns the image lacks: as the row removed under this key earlier in the pull had them, else the default.
  const gone = pull?.removed.get(pullKey(t.table, key)) ?? pull?.removed.get(pullKey(t.table, own));
  const kept = gone ? lacks.filter((c) => c in gone) : [];
  for (const c of kept) values[`v_${c}`] = gone?.[c] ?? null;
  settleSnapshotName(db, t, values, from, false);
  // A table whose ids are made on each laptop: the row gets a new local id here.
  const cols = t.localId ? ['id', ...carried, ...kept, 'created_at'] : [...carried, ...kept];
  if (t.localId) {
    values['v_id'] = uuidv7();
    values['v_created_at'] = at;
  }
  stmt(
    db,
    `INSERT INTO ${t.table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@v_${c}`).join(', ')})`,
  ).run(values);
}

/**
 * Server schema 5: an owner (or category) renamed on another laptop to initials (a name) this laptop holds as
 * another entry is, on the server, that one entry (a new entry under a name the server holds is the same entry, and
 * a rename onto another existing entry is refused there). Here the entry under the old name is folded into the one
 * holding the new name: its risks, actions and controls (a category: its risks) move to it and it goes. Returns
 * whether it folded (both existed as different rows). Runs while rebasing, so nothing is captured.
 */
function foldEntry(db: Database, table: 'owners' | 'categories', from: string, to: string): boolean {
  const col = table === 'owners' ? 'initials' : 'name';
  const idOf = (v: string) =>
    (stmt(db, `SELECT id FROM ${table} WHERE ${col} = ?`).get(v) as { id: string } | undefined)?.id;
  const fromId = idOf(from);
  const intoId = idOf(to);
  if (!fromId || !intoId || fromId === intoId) return false;
  if (table === 'owners') {
    stmt(db, 'UPDATE OR IGNORE risk_owners SET owner_id = ? WHERE owner_id = ?').run(intoId, fromId);
    stmt(db, 'DELETE FROM risk_owners WHERE owner_id = ?').run(fromId);
    stmt(db, 'UPDATE actions SET owner_id = ? WHERE owner_id = ?').run(intoId, fromId);
    stmt(db, 'UPDATE controls SET owner_id = ? WHERE owner_id = ?').run(intoId, fromId);
  } else {
    stmt(db, 'UPDATE risks SET category_id = ? WHERE category_id = ?').run(intoId, fromId);
  }
  stmt(db, `DELETE FROM ${table} WHERE id = ?`).run(fromId);
  return true;
}

/** Undo a row operation on this laptop: its `before` image back (a row it added removed). */
export function revertRow(db: Database, op: OutboxRow, at: string): void {
  const key = keyOf(op.entity_id);
  if (!key) return;
  applyRow(db, op.label, key, parse(op.old_value), at, 'laptop');
}

/** Apply a row operation still waiting in the outbox (again, on top of what the server sent). */
export function reapplyRow(db: Database, op: OutboxRow, at: string): void {
  const key = keyOf(op.field ?? op.entity_id);
  if (!key) return;
  applyRow(db, op.label, key, parse(op.new_value), at, 'laptop');
}

const TEXT_FIELDS = ['ref', 'title', 'category', 'description', 'mitigation', 'cause', 'event', 'effect'];

/**
 * The value typed to resolve a conflict on `field`, as the register records it: text for a risk's text fields,
 * initials for owners ("AB/CD"), a score as "impact x likelihood" ("4x3"), and for a row's column the type of the
 * values in conflict (a number where they are numbers). Refuses what the field cannot hold.
 */
export function typedValue(field: string, text: string, sample: unknown): unknown {
  const t = text.trim();
  const fail = (what: string): never => {
    throw new AppError('VALIDATION', `"${text}" is not ${what} for ${field}. Type it again.`);
  };
  if (['current', 'inherent', 'target'].includes(field)) {
    const m = /^([1-5])\s*[x×,/ ]\s*([1-5])$/i.exec(t);
    if (!m) return fail('a score such as 4x3 (impact 1–5 × likelihood 1–5)');
    return { impact: Number(m[1]), likelihood: Number(m[2]) };
  }
  if (field === 'owners') {
    const owners = t
      .split(/[/,\s]+/)
      .map((o) => o.trim())
      .filter(Boolean);
    if (!owners.length || owners.some((o) => !/^[A-Za-z0-9.-]{1,10}$/.test(o))) {
      return fail('a list of owner initials such as AB/CD');
    }
    return owners;
  }
  if (TEXT_FIELDS.includes(field)) {
    if ((field === 'ref' || field === 'category') && !t) return fail('a ref or name (it cannot be empty)');
    if (field === 'title' && t.length > 200) return fail('a title of up to 200 characters');
    return field === 'ref' || field === 'category' || field === 'title' ? t : text;
  }
  if (!field.includes('.')) return fail('a value this field can take');
  if (typeof sample === 'number') {
    const n = Number(t);
    if (!t || !Number.isFinite(n)) return fail('a number');
    return n;
  }
  if (sample === null && !t) return null;
  return text;
}
