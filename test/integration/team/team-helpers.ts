/** Shared pieces of the team register tests: the CLI in-process (the real command code), and reading replicas. */
import Database from 'better-sqlite3';
import pg from 'pg';
import { main } from '../../../db/cli/main.ts';
import { openRegisterFile } from '../../../db/connection.ts';
import { connect } from '../../../db/team/connect.ts';
import { REPLICATED, rowImagesSql } from '../../../db/team/row-spec.ts';
import { syncRound } from '../../../db/team/sync.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `risk-register …` in this process with PGPASSWORD set for the call (the commands' own code paths). */
export async function rr(args: string[], password?: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = process.env['PGPASSWORD'];
  if (password === undefined) delete process.env['PGPASSWORD'];
  else process.env['PGPASSWORD'] = password;
  try {
    const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    if (saved === undefined) delete process.env['PGPASSWORD'];
    else process.env['PGPASSWORD'] = saved;
  }
}

export async function ok(args: string[], password?: string): Promise<string> {
  const r = await rr(args, password);
  if (r.code !== 0) throw new Error(`risk-register ${args.join(' ')} exited ${r.code}: ${r.err}${r.out}`);
  return r.out;
}

export interface RiskState {
  id: string;
  ref: string;
  description: string;
  mitigation: string;
  impact: number;
  likelihood: number;
  target_impact: number | null;
  target_likelihood: number | null;
  archived_at: string | null;
  owners: string | null;
}

/** The risks and history of a register file, read directly (read-only). */
export function readReplica(path: string): {
  risks: RiskState[];
  history: { seq: number; hash: string; by: string; action: string; field: string | null }[];
  integrity: string;
} {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const risks = db
      .prepare(
        `SELECT r.id, r.ref, r.description, r.mitigation, r.impact, r.likelihood, r.target_impact, r.target_likelihood,
                r.archived_at,
                (SELECT group_concat(o.initials, '/') FROM (SELECT o.initials FROM risk_owners ro
                   JOIN owners o ON o.id = ro.owner_id WHERE ro.risk_id = r.id ORDER BY ro.position) o) AS owners
           FROM risks r ORDER BY r.id`,
      )
      .all() as RiskState[];
    const history = db.prepare('SELECT seq, hash, by, action, field FROM history ORDER BY seq').all() as {
      seq: number;
      hash: string;
      by: string;
      action: string;
      field: string | null;
    }[];
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    return { risks, history, integrity };
  } finally {
    db.close();
  }
}

/** One replicated table of a register file as the server's `rows` hold it (row images ordered by key), read-only. */
export function replicaRows(file: string, table: string): unknown[] {
  const t = REPLICATED.find((x) => x.table === table);
  if (!t) throw new Error(`${table} is not a replicated table (db/team/row-spec.ts)`);
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`${rowImagesSql(t)} ORDER BY pk`).all() as { data: string }[]).map(
      (r) => JSON.parse(r.data) as unknown,
    );
  } finally {
    db.close();
  }
}

/**
 * One sync round of a register file against the server at `url` (the real `syncRound`, as `risk-register sync`
 * runs it): null when it succeeded, else the error's message (so a test can expect a failure, or show it).
 */
export async function syncOnce(file: string, url: string): Promise<string | null> {
  const open = openRegisterFile(file);
  try {
    const client = await connect(url);
    try {
      await syncRound(open.db, file, client);
      return null;
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    open.db.close();
  }
}

/**
 * The SQL that takes a server one schema version back, newest first: each version keeps the functions it replaced
 * under a versioned name (`apply_op_v5`, `apply_row_v4`, `current_name_v5`, …), so dropping the newer ones and
 * renaming those back gives exactly the older version — what a server still at that version holds.
 */
const UNDO_SCHEMA: Record<number, string> = {
  6: `
DROP FUNCTION risk_register.apply_op(jsonb);
ALTER FUNCTION risk_register.apply_op_v5(jsonb) RENAME TO apply_op;
DROP FUNCTION risk_register.apply_row(risk_register.users, jsonb);
ALTER FUNCTION risk_register.apply_row_v4(risk_register.users, jsonb) RENAME TO apply_row;
DROP FUNCTION risk_register.resolve_conflict(bigint, text, jsonb);
ALTER FUNCTION risk_register.resolve_conflict_v4(bigint, text, jsonb) RENAME TO resolve_conflict;
DROP FUNCTION risk_register.moved_snapshot_name(text, jsonb);
DROP FUNCTION risk_register.snapshot_name_held(text, jsonb);
DROP FUNCTION risk_register.names_followed_away(jsonb);
DROP FUNCTION risk_register.current_name(text, text);
ALTER FUNCTION risk_register.current_name_v5(text, text) RENAME TO current_name;`,
  5: `
DROP FUNCTION risk_register.apply_op(jsonb);
ALTER FUNCTION risk_register.apply_op_v4(jsonb) RENAME TO apply_op;
DROP FUNCTION risk_register.follow_names(text, text);
DROP FUNCTION risk_register.current_owners(jsonb);
DROP FUNCTION risk_register.current_name(text, text);
DROP FUNCTION risk_register.name_held(text, text, text);`,
  4: `
DROP FUNCTION risk_register.apply_row(risk_register.users, jsonb);
ALTER FUNCTION risk_register.apply_row_v3(risk_register.users, jsonb) RENAME TO apply_row;
DROP FUNCTION risk_register.resolve_conflict(bigint, text, jsonb);
ALTER FUNCTION risk_register.resolve_conflict_v3(bigint, text, jsonb) RENAME TO resolve_conflict;
DROP FUNCTION risk_register.moved_objective_ref(text, jsonb);
DROP FUNCTION risk_register.objective_ref_held(text, jsonb);
ALTER TABLE risk_register.conflicts DROP COLUMN notice;`,
};

/**
 * Takes the server at `server` (at the current schema, 6) back to schema `to`, in one transaction as its owner, and
 * lets `logins` call the older `apply_op` and `resolve_conflict` again (dropping a function drops its grants).
 */
export async function takeServerBack(server: string, to: 3 | 4 | 5, logins: string[]): Promise<void> {
  const steps = [6, 5, 4].filter((v) => v > to).map((v) => UNDO_SCHEMA[v] ?? '');
  const owner = new pg.Client({ connectionString: server });
  await owner.connect();
  try {
    await owner.query('BEGIN');
    await owner.query(`${steps.join('\n')}\nUPDATE risk_register.team_meta SET schema_version = ${to};`);
    await owner.query(
      `GRANT EXECUTE ON FUNCTION risk_register.apply_op(jsonb), risk_register.resolve_conflict(bigint, text, jsonb) TO ${logins.join(', ')}`,
    );
    await owner.query('COMMIT');
  } finally {
    await owner.end();
  }
}

/** Each risk of the register file at `path` with its category name and owners' initials ("A/B"), by id. */
export function riskLinks(path: string): { id: string; owners: string | null; category: string | null }[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT r.id, (SELECT c.name FROM categories c WHERE c.id = r.category_id) AS category,
                (SELECT group_concat(o.initials, '/') FROM (SELECT o.initials FROM risk_owners ro
                   JOIN owners o ON o.id = ro.owner_id WHERE ro.risk_id = r.id ORDER BY ro.position) o) AS owners
           FROM risks r ORDER BY r.id`,
      )
      .all() as { id: string; owners: string | null; category: string | null }[];
  } finally {
    db.close();
  }
}

/** One field of the server's current rows of `table` (`risk_register.rows`) for these ids, by id. */
export async function serverField(
  server: string,
  table: string,
  field: string,
  ids: string[],
): Promise<Record<string, string>> {
  const sv = new pg.Client({ connectionString: server });
  await sv.connect();
  try {
    const rows = (
      await sv.query<{ id: string; value: string }>(
        `SELECT pk->>0 AS id, data->>$2 AS value FROM risk_register.rows WHERE tbl = $3 AND pk->>0 = ANY($1)`,
        [ids, field, table],
      )
    ).rows;
    return Object.fromEntries(rows.map((r) => [r.id, r.value]));
  } finally {
    await sv.end();
  }
}
