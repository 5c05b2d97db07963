/**
 * The server side, as the laptop sees it: migrate the schema, publish a register, join one, add people, and verify
 * the server's history chain. Every function takes an open `pg` client (db/team/connect.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type pg from 'pg';
import { AppError } from '../../shared/errors.ts';
import { registerImage } from '../backup.ts';
import { openRegisterFile } from '../connection.ts';
import { writeFileAtomic } from '../files/write.ts';
import type { HistoryRow } from '../history.ts';
import { entryHash, GENESIS_HASH, verifyHistory } from '../history.ts';
import { listRisks } from '../risks.ts';
import { snapshot } from '../risk-writes.ts';
import { writeTransaction } from '../transaction.ts';
import { withoutPassword } from './connect.ts';
import { installCaptureTriggers, REPLICATED, rowImagesSql } from './row-spec.ts';
import type { TeamRole } from './replica.ts';
import { teamRow } from './replica.ts';
import {
  CALLABLE_FUNCTIONS,
  READABLE_TABLES,
  SCHEMA,
  SERVER_LATEST,
  SERVER_MIGRATIONS,
} from './server-schema.ts';

/** The schema version on the server: 0 for an empty database. Refuses a database that is not a register. */
export async function serverVersion(client: pg.Client): Promise<number> {
  const has = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'team_meta'`,
    [SCHEMA],
  );
  if (has.rows[0]?.n) {
    const v = await client.query<{ schema_version: number }>(
      `SELECT schema_version FROM ${SCHEMA}.team_meta WHERE id = 1`,
    );
    return v.rows[0]?.schema_version ?? 0;
  }
  // pg_class, not information_schema: the latter hides tables this login has no privilege on, so a database
  // holding someone else's tables would look empty to a non-superuser publishing into it.
  const other = await client.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1 LIMIT 3`,
  );
  const schemas = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`,
    [SCHEMA],
  );
  if (other.rows.length || schemas.rows[0]?.n) {
    const db = (await client.query<{ d: string }>('SELECT current_database() AS d')).rows[0]?.d;
    throw new AppError(
      'NOT_A_REGISTER',
      `The database ${db} is not empty and is not a team register (it has ${other.rows.map((r) => r.name).join(', ') || `a schema ${SCHEMA}`}). Publish into an empty database: ask your IT team to create one (CREATE DATABASE risk_register).`,
    );
  }
  return 0;
}

function newerServer(v: number): AppError {
  return new AppError(
    'FUTURE_VERSION',
    `The team register on this server was made by a newer version of Risk Register (server schema ${v}, this app knows up to ${SERVER_LATEST}). Update Risk Register on this computer, then try again.`,
  );
}

/** Bring the server schema up to date, in the caller's transaction. Returns the versions applied. */
export async function migrateServer(client: pg.Client): Promise<number[]> {
  const current = await serverVersion(client);
  if (current > SERVER_LATEST) throw newerServer(current);
  const pending = SERVER_MIGRATIONS.filter((m) => m.version > current);
  for (const m of pending) {
    await client.query(m.up);
    await client.query(
      `INSERT INTO ${SCHEMA}.team_meta (id, schema_version) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET schema_version = EXCLUDED.schema_version`,
      [m.version],
    );
  }
  return pending.map((m) => m.version);
}

/** Refuses a server this app cannot use (not a register, or a newer schema). */
export async function checkServer(client: pg.Client): Promise<void> {
  const v = await serverVersion(client);
  if (v === 0) {
    throw new AppError(
      'NOT_A_REGISTER',
      'This database holds no team register yet. The risk manager publishes one first (risk-register team publish).',
    );
  }
  if (v > SERVER_LATEST) throw newerServer(v);
  if (v < SERVER_LATEST) {
    throw new AppError(
      'VALIDATION',
      `The team register on this server has an older schema (${v}; this app needs ${SERVER_LATEST}). The database owner upgrades it with risk-register team upgrade --server URL, then sync again.`,
    );
  }
}

/** Bring a published server's schema up to this app's version (run by the database owner). */
export async function upgradeServer(client: pg.Client): Promise<number[]> {
  return inTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock(7265)');
    if ((await serverVersion(client)) === 0) {
      throw new AppError(
        'NOT_A_REGISTER',
        'This database holds no team register yet. The risk manager publishes one first (risk-register team publish).',
      );
    }
    return migrateServer(client);
  });
}

async function inTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Grants for one login role: read the readable tables, call the functions; nothing else. */
async function grantTo(client: pg.Client, role: string): Promise<void> {
  const r = client.escapeIdentifier(role);
  await client.query(`GRANT USAGE ON SCHEMA ${SCHEMA} TO ${r}`);
  for (const t of READABLE_TABLES) await client.query(`GRANT SELECT ON ${SCHEMA}.${t} TO ${r}`);
  for (const f of CALLABLE_FUNCTIONS) await client.query(`GRANT EXECUTE ON FUNCTION ${SCHEMA}.${f} TO ${r}`);
}

export interface PublishResult {
  risks: number;
  history: number;
  user: string;
}

/**
 * Publish the register at `path` to an empty database: schema, history (verbatim, so the chain is the same), the
 * risks' current values, the publishing login as the first manager, and a base image new laptops start from. The
 * local file then becomes the first replica.
 */
export async function publish(client: pg.Client, path: string, serverUrl: string): Promise<PublishResult> {
  const open = openRegisterFile(path);
  try {
    const db = open.db;
    if (open.readOnly)
      throw new AppError('READ_ONLY', `${path} cannot be written, so it cannot be published.`);
    if (teamRow(db)) {
      throw new AppError(
        'VALIDATION',
        `${path} is already a replica of ${teamRow(db)?.server}. Publish a single-user register, or sync this one.`,
      );
    }
    const check = verifyHistory(db);
    if (!check.ok) {
      throw new AppError(
        'VALIDATION',
        `The history of ${path} does not verify (${check.problem}), so it cannot be published. Run risk-register audit verify.`,
      );
    }
    const image = registerImage(db, path);
    const history = db.prepare('SELECT * FROM history ORDER BY seq').all() as HistoryRow[];
    const risks = listRisks(db, { includeArchived: true });
    const user = (await client.query<{ u: string }>('SELECT session_user::text AS u')).rows[0]?.u ?? '';
    const lastSeq = history.at(-1)?.seq ?? 0;
    await inTransaction(client, async () => {
      await client.query('SELECT pg_advisory_xact_lock(7265)');
      await migrateServer(client);
      const used = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.history`);
      if (used.rows[0]?.n) {
        throw new AppError(
          'DUPLICATE',
          'This database already holds a published team register. Join it (risk-register team join) instead, or publish into an empty database.',
        );
      }
      const cols = [
        'seq',
        'entity',
        'entity_id',
        'label',
        'action',
        'field',
        'old_value',
        'new_value',
        'reason',
        'at',
        'by',
        'prev_hash',
        'hash',
      ] as const;
      for (let i = 0; i < history.length; i += 500) {
        const chunk = history.slice(i, i + 500);
        const arrays = cols.map((c) => chunk.map((h) => h[c]));
        await client.query(
          `INSERT INTO ${SCHEMA}.history (${cols.join(', ')})
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])`,
          arrays,
        );
      }
      for (let i = 0; i < risks.length; i += 500) {
        const chunk = risks.slice(i, i + 500);
        await client.query(
          `INSERT INTO ${SCHEMA}.risks (id, ref, fields, archived_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[])`,
          [
            chunk.map((r) => r.id),
            chunk.map((r) => r.ref),
            chunk.map((r) => JSON.stringify(snapshot(r))),
            chunk.map((r) => r.archivedAt),
          ],
        );
      }
      // The shared rows as they stand (reviews, actions, controls, settings…): what later row operations are
      // compared with, and where an action's risk is looked up.
      for (const t of REPLICATED) {
        const images = db.prepare(rowImagesSql(t)).all() as { pk: string; data: string }[];
        for (let i = 0; i < images.length; i += 1000) {
          const chunk = images.slice(i, i + 1000);
          await client.query(
            `INSERT INTO ${SCHEMA}.rows (tbl, pk, data) SELECT $1, * FROM unnest($2::jsonb[], $3::jsonb[])`,
            [t.table, chunk.map((r) => r.pk), chunk.map((r) => r.data)],
          );
        }
      }
      await client.query(
        `INSERT INTO ${SCHEMA}.users (name, role) VALUES ($1, 'manager') ON CONFLICT (name) DO NOTHING`,
        [user],
      );
      await client.query(`UPDATE ${SCHEMA}.team_meta SET base_seq = $1, base_image = $2 WHERE id = 1`, [
        lastSeq,
        image,
      ]);
    });
    writeTransaction(db, () => {
      db.prepare(
        `INSERT INTO team (id, server, user, role, owner, last_seq, last_sync) VALUES (1, ?, ?, 'manager', NULL, ?, ?)`,
      ).run(withoutPassword(serverUrl), user, lastSeq, new Date().toISOString());
      installCaptureTriggers(db);
    });
    return { risks: risks.length, history: history.length, user };
  } finally {
    open.db.close();
  }
}

export interface JoinResult {
  user: string;
  role: TeamRole;
  baseSeq: number;
}

/** Create the local replica at `path` from the server's base image; the caller then runs a sync round. */
export async function join(client: pg.Client, path: string, serverUrl: string): Promise<JoinResult> {
  if (existsSync(path)) {
    throw new AppError(
      'VALIDATION',
      `${path} already exists. Choose a new file name for your copy of the team register.`,
    );
  }
  await checkServer(client);
  const me = await client.query<{ name: string; role: TeamRole; owner_initials: string | null }>(
    `SELECT name, role, owner_initials FROM ${SCHEMA}.users WHERE name = session_user::text`,
  );
  const user = me.rows[0];
  if (!user) {
    throw new AppError(
      'FORBIDDEN',
      'Your login is not a user of this team register. Ask the risk manager to add you (risk-register team add-user).',
    );
  }
  const meta = await client.query<{ base_seq: string; base_image: Buffer }>(
    `SELECT base_seq, base_image FROM ${SCHEMA}.team_meta WHERE id = 1`,
  );
  const row = meta.rows[0];
  if (!row?.base_image)
    throw new AppError('NOT_A_REGISTER', 'The team register on this server has no base image.');
  writeFileAtomic(path, row.base_image);
  const open = openRegisterFile(path);
  try {
    writeTransaction(open.db, () => {
      open.db.prepare('DELETE FROM team_outbox').run();
      open.db
        .prepare(
          `INSERT INTO team (id, server, user, role, owner, last_seq) VALUES (1, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET server = excluded.server, user = excluded.user, role = excluded.role,
             owner = excluded.owner, last_seq = excluded.last_seq, rebasing = 0`,
        )
        .run(withoutPassword(serverUrl), user.name, user.role, user.owner_initials, Number(row.base_seq));
      installCaptureTriggers(open.db);
    });
  } finally {
    open.db.close();
  }
  return { user: user.name, role: user.role, baseSeq: Number(row.base_seq) };
}

const LOGIN_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;

/** Create a login role for a person and record their role (and owners-directory initials). */
export async function addUser(
  client: pg.Client,
  name: string,
  role: TeamRole,
  owner: string | undefined,
  password: string | undefined,
): Promise<{ password: string; generated: boolean }> {
  if (!LOGIN_NAME.test(name)) {
    throw new AppError(
      'VALIDATION',
      `"${name}" cannot be a login name: use letters, digits, dot, dash or underscore, starting with a letter (up to 63).`,
    );
  }
  if (role === 'owner' && !owner?.trim()) {
    throw new AppError(
      'VALIDATION',
      'An owner needs --owner INITIALS: the owners-directory entry whose risks they own.',
    );
  }
  await checkServer(client);
  const pw = password ?? randomBytes(18).toString('base64url');
  if (pw.length < 12) throw new AppError('VALIDATION', 'The password must be at least 12 characters long.');
  await inTransaction(client, async () => {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
    if (exists.rowCount) {
      throw new AppError(
        'DUPLICATE',
        `There is already a login called ${name} on this server. Choose another name.`,
      );
    }
    await client.query(
      `CREATE ROLE ${client.escapeIdentifier(name)} LOGIN PASSWORD ${client.escapeLiteral(pw)} NOSUPERUSER NOCREATEDB NOCREATEROLE`,
    );
    await grantTo(client, name);
    await client.query(`INSERT INTO ${SCHEMA}.users (name, role, owner_initials) VALUES ($1, $2, $3)`, [
      name,
      role,
      owner?.trim() || null,
    ]);
  });
  return { password: pw, generated: password === undefined };
}

export type ServerCheck =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; firstBroken: number; problem: string };

/** Walk the server's history chain with the same hash as SQLite's. */
export async function verifyServer(client: pg.Client): Promise<ServerCheck> {
  await checkServer(client);
  const rows = (
    await client.query<HistoryRow & { seq: string }>(`SELECT * FROM ${SCHEMA}.history ORDER BY seq`)
  ).rows;
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const raw of rows) {
    const r = { ...raw, seq: Number(raw.seq) };
    if (r.seq !== expected)
      return {
        ok: false,
        entries: rows.length,
        firstBroken: expected,
        problem: `entry ${expected} is missing`,
      };
    if (r.prev_hash !== prev) {
      return {
        ok: false,
        entries: rows.length,
        firstBroken: r.seq,
        problem: `entry ${r.seq} does not follow entry ${r.seq - 1}`,
      };
    }
    if (entryHash(prev, r) !== r.hash) {
      return { ok: false, entries: rows.length, firstBroken: r.seq, problem: `entry ${r.seq} was altered` };
    }
    prev = r.hash;
    expected += 1;
  }
  return { ok: true, entries: rows.length, head: `${expected - 1}:${prev}` };
}

/** The people-changing commands refused by PostgreSQL itself, in words: only the login owning the register may. */
function refusedByServer(e: unknown, what: string): unknown {
  const err = e as { code?: string; message?: string };
  if (err.code === '42501') {
    return new AppError(
      'FORBIDDEN',
      `The team server refused to ${what}: your login may not change people (${err.message ?? 'permission denied'}). Only a risk manager whose login owns the team register and may create logins (usually the one who shared it) can change people; ask them.`,
    );
  }
  return e;
}

interface UserRow {
  name: string;
  role: TeamRole;
  owner_initials: string | null;
}

/**
 * Lock the users table against concurrent people changes (refused by PostgreSQL for a login that may not change
 * it), then the person named and who is asking. Called inside a transaction.
 */
async function lockPeople(
  client: pg.Client,
  name: string,
): Promise<{ me: string; target: UserRow; managers: number }> {
  await client.query(`LOCK TABLE ${SCHEMA}.users IN SHARE ROW EXCLUSIVE MODE`);
  const me = (await client.query<{ u: string }>('SELECT session_user::text AS u')).rows[0]?.u ?? '';
  const target = (
    await client.query<UserRow>(`SELECT name, role, owner_initials FROM ${SCHEMA}.users WHERE name = $1`, [
      name,
    ])
  ).rows[0];
  if (!target) {
    throw new AppError(
      'NOT_FOUND',
      `There is no person called ${name} on this team register. Check the login name (People lists everyone).`,
    );
  }
  const managers =
    (
      await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${SCHEMA}.users WHERE role = 'manager'`,
      )
    ).rows[0]?.n ?? 0;
  return { me, target, managers };
}

function checkLoginName(name: string): void {
  if (!LOGIN_NAME.test(name)) {
    throw new AppError(
      'VALIDATION',
      `"${name}" cannot be a login name: use letters, digits, dot, dash or underscore, starting with a letter (up to 63).`,
    );
  }
}

export interface RoleChange {
  name: string;
  role: TeamRole;
  owner: string | null;
  /** False when the person already had this role and owner link. */
  changed: boolean;
}

/**
 * Change a person's role and owner link on the server. Takes effect on the server at once: `caller()` reads the
 * users table for every operation, so their next change is checked against the new role. Refuses changing your
 * own role and leaving the register without a manager; an owner needs initials the owners directory knows.
 */
export async function setUserRole(
  client: pg.Client,
  name: string,
  role: TeamRole,
  owner: string | undefined,
): Promise<RoleChange> {
  checkLoginName(name);
  const initials = owner?.trim() || null;
  if (role === 'owner' && !initials) {
    throw new AppError(
      'VALIDATION',
      `An owner needs --owner INITIALS: the owners-directory entry whose risks ${name} owns.`,
    );
  }
  await checkServer(client);
  try {
    return await inTransaction(client, async () => {
      const { me, target, managers } = await lockPeople(client, name);
      if (target.name === me && role !== target.role) {
        throw new AppError(
          'VALIDATION',
          `You cannot change your own role (${me} is a ${target.role}). Ask another risk manager to do it.`,
        );
      }
      if (target.role === 'manager' && role !== 'manager' && managers <= 1) {
        throw new AppError(
          'VALIDATION',
          `${name} is the only risk manager of this team register, so their role cannot change. Make someone else a manager first.`,
        );
      }
      if (initials) {
        const known = await client.query(
          `SELECT 1 FROM ${SCHEMA}.rows WHERE tbl = 'owners' AND upper(data->>'initials') = upper($1)`,
          [initials],
        );
        if (!known.rowCount) {
          throw new AppError(
            'VALIDATION',
            `There is no owner with the initials ${initials} in the team register's owners directory. Add them under Owners first (and sync), or check the initials.`,
          );
        }
      }
      if (target.role === role && (target.owner_initials ?? null) === initials) {
        return { name, role, owner: initials, changed: false };
      }
      await client.query(`UPDATE ${SCHEMA}.users SET role = $2, owner_initials = $3 WHERE name = $1`, [
        name,
        role,
        initials,
      ]);
      return { name, role, owner: initials, changed: true };
    });
  } catch (e) {
    throw refusedByServer(e, `change the role of ${name}`);
  }
}

/**
 * Remove a person: their login can no longer connect (the login role is dropped, or, if PostgreSQL keeps it for
 * something it owns, made unable to log in), they leave the users table so any session still open is refused at
 * its next change, and their past changes stay in the history under their name (history rows carry the name as
 * text; nothing is deleted). Refuses removing yourself and the last manager.
 *
 * Their open connections (`pg_stat_activity`) are ended with `pg_terminate_backend`, inside the same transaction,
 * before the login goes. PostgreSQL lets a login end another's sessions when it is a superuser, a member of
 * `pg_signal_backend`, or a member of the role whose sessions they are: the remover, who may drop the login (it has
 * CREATEROLE, or ADMIN on it), makes itself a member of the departing login for that moment (the membership goes
 * with the login). A session the remover still may not end is counted in `sessionsOpen` (it can do nothing: its
 * person is gone and its grants are revoked); no server schema change.
 */
export async function removeUser(
  client: pg.Client,
  name: string,
): Promise<{ name: string; loginDropped: boolean; sessionsEnded: number; sessionsOpen: number }> {
  checkLoginName(name);
  await checkServer(client);
  try {
    return await inTransaction(client, async () => {
      const { me, target, managers } = await lockPeople(client, name);
      if (target.name === me) {
        throw new AppError(
          'VALIDATION',
          `You cannot remove yourself (${me}) from the team register. Ask another risk manager to do it.`,
        );
      }
      if (target.role === 'manager' && managers <= 1) {
        throw new AppError(
          'VALIDATION',
          `${name} is the only risk manager of this team register, so they cannot be removed. Make someone else a manager first.`,
        );
      }
      const r = client.escapeIdentifier(name);
      await client.query(`DELETE FROM ${SCHEMA}.users WHERE name = $1`, [name]);
      const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
      if (!role.rowCount) {
        const gone = await endSessions(client, name, false);
        return {
          name,
          loginDropped: true,
          sessionsEnded: gone.sessionsEnded,
          sessionsOpen: gone.sessionsOpen,
        };
      }
      await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${SCHEMA} FROM ${r}`);
      await client.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${SCHEMA} FROM ${r}`);
      await client.query(`REVOKE ALL ON SCHEMA ${SCHEMA} FROM ${r}`);
      const sessions = await endSessions(client, name, true);
      await client.query('SAVEPOINT drop_login');
      try {
        await client.query(`DROP ROLE ${r}`);
        return {
          name,
          loginDropped: true,
          sessionsEnded: sessions.sessionsEnded,
          sessionsOpen: sessions.sessionsOpen,
        };
      } catch (e) {
        if ((e as { code?: string }).code !== '2BP01') throw e;
        // Something else still depends on the login (granted elsewhere, owns objects): keep it, but no logging in.
        await client.query('ROLLBACK TO SAVEPOINT drop_login');
        await client.query(`ALTER ROLE ${r} NOLOGIN PASSWORD NULL`);
        if (sessions.joined) await client.query(`REVOKE ${r} FROM ${client.escapeIdentifier(me)}`);
        return {
          name,
          loginDropped: false,
          sessionsEnded: sessions.sessionsEnded,
          sessionsOpen: sessions.sessionsOpen,
        };
      }
    });
  } catch (e) {
    throw refusedByServer(e, `remove ${name}`);
  }
}

/**
 * End the open sessions of `name` (inside removeUser's transaction). When the login still exists and the remover is
 * not already allowed to signal its sessions, the remover joins the role first (`joined`), so PostgreSQL allows it.
 */
async function endSessions(
  client: pg.Client,
  name: string,
  loginExists: boolean,
): Promise<{ sessionsEnded: number; sessionsOpen: number; joined: boolean }> {
  const pids = (
    await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()',
      [name],
    )
  ).rows.map((row) => row.pid);
  if (!pids.length) return { sessionsEnded: 0, sessionsOpen: 0, joined: false };
  let joined = false;
  if (loginExists) {
    const allowed = await client.query<{ ok: boolean }>(
      `SELECT pg_has_role(session_user, $1, 'USAGE') OR pg_has_role(session_user, 'pg_signal_backend', 'USAGE')
              OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS ok`,
      [name],
    );
    if (!allowed.rows[0]?.ok) {
      await client.query('SAVEPOINT join_login');
      try {
        await client.query(
          `GRANT ${client.escapeIdentifier(name)} TO ${client.escapeIdentifier((await client.query<{ u: string }>('SELECT session_user::text AS u')).rows[0]?.u ?? '')}`,
        );
        joined = true;
      } catch {
        await client.query('ROLLBACK TO SAVEPOINT join_login');
      }
    }
  }
  let ended = 0;
  for (const pid of pids) {
    await client.query('SAVEPOINT end_session');
    try {
      const r = await client.query<{ done: boolean }>('SELECT pg_terminate_backend($1) AS done', [pid]);
      if (r.rows[0]?.done) ended += 1;
    } catch {
      // Not allowed (42501): the session stays open, though it can no longer do anything.
      await client.query('ROLLBACK TO SAVEPOINT end_session');
    }
  }
  return { sessionsEnded: ended, sessionsOpen: pids.length - ended, joined };
}
