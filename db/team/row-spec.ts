/**
 * The applier table of a team replica: which tables travel as *state* between laptops besides the risks' tracked
 * fields (which travel as history rows, `applyEntry` in replica.ts). One generic mechanism for all of them:
 *
 * - on a replica, a trigger per table (migrations 0150 and 0160, generated from this list) appends a **row operation** to
 *   `team_outbox` in the writer's own transaction: entity `row`, label = the table, entity_id = the row's key (a
 *   JSON array), field = the key before an update (when it changed), old_value / new_value = the row's image
 *   before / after (JSON objects, null for an insert / a delete);
 * - the server checks the caller's role (risk_register.apply_row), compares and sets per column against the row
 *   it holds, and records the resulting image in `risk_register.row_changes`;
 * - every laptop applies the images it pulls (`applyRow` in replica.ts), interleaved with the history rows in the
 *   server's order, in the same SQLite transaction; a refused or conflicting row operation is undone by putting
 *   its `before` image back.
 *
 * Rows are identified by keys that mean the same on every laptop: ids the app generates (uuid v7), or natural keys
 * where the id is made locally (owners by initials, categories by name; an owner reference in a row travels as
 * the owner's initials). A migration that adds a column to one of these tables must rebuild the triggers
 * (`rowCaptureSql`) on team registers only (`hasTeamRow`: a solo register has no capture triggers, see below);
 * test/integration/team/rows.test.ts fails until it does.
 *
 * The capture triggers exist only on a team register (migration 0200, issue 14): every row written to a table with
 * an AFTER trigger runs the trigger's program, WHEN clause included, even when the WHEN is false, and on a solo
 * register (no `team` row) it is always false — an import of 100,000 risks ran `team_outbox_capture` for each of its
 * 100,000 history rows for nothing. They are made in the transaction that writes the `team` row (publish and join,
 * db/team/server.ts: `installCaptureTriggers`), so a register captures from the moment it is a team register, and
 * dropped from solo registers by migration 0200. No path removes a `team` row.
 */
import type { Database } from 'better-sqlite3';

export interface ReplicatedTable {
  table: string;
  /** The columns identifying a row on every laptop. */
  key: readonly string[];
  /** The columns carried (the key included). */
  columns: readonly string[];
  /** Columns holding an owners.id: carried as the owner's initials. */
  ownerRefs?: readonly string[];
  /** Only updates travel: the rows themselves are created and removed through the history (risks, directory). */
  updatesOnly?: boolean;
  /** A row never changes once written (reviews, snapshots): one already present is left as it is. */
  immutable?: boolean;
  /** The column naming the risk a row belongs to: an owner may write rows of the risks they own. */
  ownerRisk?: string;
  /** Only rows matching this SQL condition (on the row alias `R`) travel; the others stay on the laptop. */
  where?: string;
  /** An extra condition on an update (OLD and NEW) for it to travel. */
  updateWhen?: string;
  /**
   * The table's own `id` is made on each laptop (owners, categories): a row arriving from another laptop is
   * inserted with a new id and `created_at`.
   */
  localId?: boolean;
  /**
   * A condition (on the row alias `R`) meaning other rows still refer to it: a removal arriving from another laptop
   * waits until they have moved (a merge moves the risks through their history rows, which come after the removal;
   * the history row of the removal then removes it, `applyEntry`).
   */
  inUse?: string;
}

/** Register settings that travel (the band key, the register's name, appetite levels, board pack cover). */
export const SHARED_SETTINGS = ['name', 'key', 'appetiteLevels', 'boardPack'] as const;

/** Applied in this order at publish; at sync, in the server's order. */
export const REPLICATED: readonly ReplicatedTable[] = [
  {
    table: 'risks',
    key: ['id'],
    columns: [
      'id',
      'review_cycle',
      'next_review',
      'confidential',
      'appetite_level',
      'appetite_reason',
      'position',
    ],
    // Created through the history; the image as created (its order among the risks) follows the history row of the
    // creation (historyCaptureSql), and later changes travel as updates.
    updatesOnly: true,
    ownerRisk: 'id',
    // The first review date a new risk gets on insert (firstReviewDate; before migration 0210 the trigger
    // risks_first_review set it by an UPDATE, which this leaves out) comes with its creation.
    updateWhen: 'OLD.next_review IS NOT NULL',
  },
  {
    table: 'owners',
    key: ['initials'],
    columns: ['initials', 'name', 'role', 'email'],
    localId: true,
    inUse: `EXISTS (SELECT 1 FROM risk_owners x WHERE x.owner_id = R.id)
      OR EXISTS (SELECT 1 FROM actions x WHERE x.owner_id = R.id)
      OR EXISTS (SELECT 1 FROM controls x WHERE x.owner_id = R.id)`,
  },
  {
    table: 'categories',
    key: ['name'],
    columns: ['name', 'position', 'appetite', 'appetite_level', 'appetite_statement', 'appetite_approved'],
    localId: true,
    inUse: 'EXISTS (SELECT 1 FROM risks x WHERE x.category_id = R.id)',
  },
  {
    table: 'settings',
    key: ['key'],
    columns: ['key', 'value'],
    where: `R.key IN (${SHARED_SETTINGS.map((k) => `'${k}'`).join(', ')})`,
  },
  { table: 'scoring_criteria', key: ['area', 'level'], columns: ['area', 'level', 'text'] },
  {
    table: 'reviews',
    key: ['id'],
    columns: [
      'id',
      'risk_id',
      'ref',
      'at',
      'by',
      'note',
      'impact',
      'likelihood',
      'score_changed',
      'next_review',
    ],
    immutable: true,
    ownerRisk: 'risk_id',
  },
  {
    table: 'actions',
    key: ['id'],
    columns: [
      'id',
      'risk_id',
      'text',
      'owner_id',
      'due_date',
      'status',
      'position',
      'version',
      'created_at',
      'updated_at',
      'archived_at',
    ],
    ownerRefs: ['owner_id'],
    ownerRisk: 'risk_id',
  },
  {
    table: 'controls',
    key: ['id'],
    columns: [
      'id',
      'text',
      'owner_id',
      'type',
      'effectiveness',
      'assessed_at',
      'assessed_by',
      'next_assessment_due',
      'version',
      'created_at',
      'updated_at',
      'archived_at',
    ],
    ownerRefs: ['owner_id'],
  },
  { table: 'risk_controls', key: ['risk_id', 'control_id'], columns: ['risk_id', 'control_id', 'linked_at'] },
  {
    table: 'assurances',
    key: ['id'],
    columns: [
      'id',
      'risk_id',
      'source',
      'line',
      'strength',
      'assured_on',
      'gaps',
      'position',
      'version',
      'created_at',
      'updated_at',
      'archived_at',
    ],
  },
  {
    table: 'risk_treatments',
    key: ['risk_id'],
    columns: [
      'risk_id',
      'treatment',
      'accepted_by',
      'accepted_because',
      'accepted_until',
      'accepted_at',
      'version',
      'updated_at',
    ],
  },
  {
    table: 'objectives',
    key: ['id'],
    columns: ['id', 'ref', 'title', 'lead', 'status', 'version', 'created_at', 'updated_at', 'archived_at'],
  },
  {
    table: 'risk_objectives',
    key: ['risk_id', 'objective_id'],
    columns: ['risk_id', 'objective_id', 'linked_at'],
  },
  {
    table: 'escalation_rules',
    key: ['id'],
    columns: ['id', 'position', 'label', 'condition', 'outcome', 'escalate_to', 'created_at', 'disabled_at'],
  },
  {
    table: 'snapshot_risks',
    key: ['snapshot_id', 'risk_id'],
    columns: [
      'snapshot_id',
      'risk_id',
      'ref',
      'category',
      'description',
      'impact',
      'likelihood',
      'inherent_impact',
      'inherent_likelihood',
      'target_impact',
      'target_likelihood',
      'owners',
      'mitigation',
    ],
    immutable: true,
  },
  { table: 'snapshots', key: ['id'], columns: ['id', 'name', 'taken_at', 'taken_by'], immutable: true },
];

/** Columns whose concurrent change is not a conflict (bookkeeping): the later write wins. */
export const LOOSE_COLUMNS = ['version', 'updated_at', 'linked_at'] as const;

export function replicated(table: string): ReplicatedTable | undefined {
  return REPLICATED.find((t) => t.table === table);
}

const q = (s: string) => `'${s}'`;

/** The JSON image of the row aliased `alias` (NEW, OLD or a table alias), owner references as initials. */
export function imageSql(t: ReplicatedTable, alias: string): string {
  const parts = t.columns.map((c) =>
    t.ownerRefs?.includes(c)
      ? `${q(c)}, (SELECT o.initials FROM owners o WHERE o.id = ${alias}.${c})`
      : `${q(c)}, ${alias}.${c}`,
  );
  return `json_object(${parts.join(', ')})`;
}

export function keySql(t: ReplicatedTable, alias: string): string {
  return `json_array(${t.key.map((k) => `${alias}.${k}`).join(', ')})`;
}

const ON_REPLICA = 'EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)';
const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

let captureSql: string | undefined;

/**
 * The capture triggers of every replicated table (dropped first, so a later migration can rebuild them). Three
 * migrations put it in their SQL when their module loads, i.e. at every start of the app or the command line even
 * when no migration runs: the text is the same each time, so it is made once.
 */
export function rowCaptureSql(): string {
  captureSql ??= buildRowCaptureSql();
  return captureSql;
}

function buildRowCaptureSql(): string {
  const out: string[] = [];
  for (const t of REPLICATED) {
    const cond = (alias: string) => (t.where ? ` AND ${t.where.replaceAll('R.', `${alias}.`)}` : '');
    const insert = (action: string, key: string, oldKey: string, before: string, after: string) =>
      `INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', ${key}, '${t.table}', '${action}', ${oldKey}, ${before}, ${after}, NULL, ${NOW});`;
    const changed = t.columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
    for (const op of ['insert', 'update', 'delete'] as const) {
      out.push(`DROP TRIGGER IF EXISTS team_rows_${t.table}_${op};`);
    }
    out.push(`CREATE TRIGGER team_rows_${t.table}_update AFTER UPDATE ON ${t.table}
WHEN ${ON_REPLICA}${cond('NEW')}${t.updateWhen ? ` AND ${t.updateWhen}` : ''} AND (${changed})
BEGIN
  ${insert('update', keySql(t, 'NEW'), `CASE WHEN ${keySql(t, 'OLD')} IS NOT ${keySql(t, 'NEW')} THEN ${keySql(t, 'OLD')} END`, imageSql(t, 'OLD'), imageSql(t, 'NEW'))}
END;`);
    if (t.updatesOnly) continue;
    out.push(`CREATE TRIGGER team_rows_${t.table}_insert AFTER INSERT ON ${t.table}
WHEN ${ON_REPLICA}${cond('NEW')}
BEGIN
  ${insert('insert', keySql(t, 'NEW'), 'NULL', 'NULL', imageSql(t, 'NEW'))}
END;`);
    out.push(`CREATE TRIGGER team_rows_${t.table}_delete AFTER DELETE ON ${t.table}
WHEN ${ON_REPLICA}${cond('OLD')}
BEGIN
  ${insert('delete', keySql(t, 'OLD'), 'NULL', imageSql(t, 'OLD'), 'NULL')}
END;`);
  }
  return out.join('\n');
}

/**
 * The capture of history rows into the outbox (migration 0100's trigger), rebuilt so that a risk's creation (or
 * import) is followed, in the same trigger and so always in this order, by the risk's row image as created: its
 * position in the register's order and review schedule reach every laptop as the server recorded them.
 */
export function historyCaptureSql(): string {
  const risks = replicated('risks');
  if (!risks) throw new Error('risks are not replicated');
  return `DROP TRIGGER IF EXISTS team_outbox_capture;
CREATE TRIGGER team_outbox_capture AFTER INSERT ON history
WHEN ${ON_REPLICA}
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), NEW.entity, NEW.entity_id, NEW.label, NEW.action, NEW.field,
          NEW.old_value, NEW.new_value, NEW.reason, NEW.at);
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  SELECT lower(hex(randomblob(16))), 'row', ${keySql(risks, 'R')}, 'risks', 'insert', NULL, NULL, ${imageSql(risks, 'R')}, NULL, ${NOW}
    FROM risks R
   WHERE NEW.entity = 'risk' AND NEW.action IN ('create', 'import') AND R.id = NEW.entity_id;
END;`;
}

/** Key and image of every row of `t` that travels, for seeding the server at publish. */
export function rowImagesSql(t: ReplicatedTable): string {
  return `SELECT ${keySql(t, 'R')} AS pk, ${imageSql(t, 'R')} AS data FROM ${t.table} R${t.where ? ` WHERE ${t.where}` : ''}`;
}

/** Every capture trigger: one per replicated table and operation, and the history's `team_outbox_capture`. */
export function captureTriggerNames(): string[] {
  const names = ['team_outbox_capture'];
  for (const t of REPLICATED) {
    names.push(`team_rows_${t.table}_update`);
    if (!t.updatesOnly) names.push(`team_rows_${t.table}_insert`, `team_rows_${t.table}_delete`);
  }
  return names;
}

/** Whether the register is a team replica (it has its `team` row; rebasing or not). */
export function hasTeamRow(db: Database): boolean {
  return db.prepare('SELECT 1 FROM team WHERE id = 1').get() !== undefined;
}

/**
 * Makes the capture triggers (today's, from this file), replacing any there are. Called in the transaction that
 * writes the `team` row, so the register never is a team replica without them.
 */
export function installCaptureTriggers(db: Database): void {
  db.exec(`${rowCaptureSql()}\n${historyCaptureSql()}`);
}

/** Drops every capture trigger (a solo register: migration 0200). */
export function dropCaptureTriggers(db: Database): void {
  db.exec(
    captureTriggerNames()
      .map((n) => `DROP TRIGGER IF EXISTS ${n};`)
      .join('\n'),
  );
}
