/**
 * The server side against a real PostgreSQL: no login role can write any table directly, the functions refuse
 * what a role may not do, an operation sent twice is applied once, and the schema checks (empty database, newer
 * schema, a database that is not a register, TLS for remote hosts).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../db/team/server.ts';
import { SERVER_LATEST } from '../../../db/team/server-schema.ts';
import { connect } from '../../../db/team/connect.ts';
import type { OutboxRow } from '../../../db/team/replica.ts';
import { pushOne } from '../../../db/team/sync.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import { ok, rr } from './team-helpers.ts';

const BIN = fileURLToPath(new URL('../../../db/cli/bin.js', import.meta.url));
let cluster: PgCluster;
let tmp: TempDir;
let admin: pg.Client;
const PW = { viewer: 'viewer-password-1', owner: 'owner-password-22', manager: 'manager-password-3' };

async function asUser(name: string, password: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: cluster.url(name, password, 'reg') });
  await c.connect();
  return c;
}

beforeAll(async () => {
  cluster = await startCluster();
  tmp = makeTempDir('rr-team-srv-');
  const boot = new pg.Client({ connectionString: cluster.adminUrl() });
  await boot.connect();
  await boot.query('CREATE DATABASE reg');
  await boot.end();
  const file = tmp.file('reg.riskreg');
  await ok(['init', '--db', file, '--sample']);
  await ok(['team', 'publish', '--db', file, '--server', cluster.adminUrl('reg')]);
  admin = await connect(cluster.adminUrl('reg'));
  await addUser(admin, 'vic', 'viewer', undefined, PW.viewer);
  await addUser(admin, 'olga', 'owner', 'SP', PW.owner);
  await addUser(admin, 'mia', 'manager', undefined, PW.manager);
}, 60_000);
afterAll(async () => {
  await admin?.end();
  cluster?.stop();
  tmp?.cleanup();
});

async function tables(): Promise<string[]> {
  const r = await admin.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'risk_register' ORDER BY 1`,
  );
  return r.rows.map((x) => x.t);
}

async function refused(c: pg.Client, sql: string): Promise<string> {
  try {
    await c.query(sql);
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'allowed';
}

/** One real column per table, so an UPDATE is refused for the privilege and not for the statement. */
const COLUMN: Record<string, string> = {
  conflicts: 'ref',
  history: 'by',
  ops: 'login',
  risks: 'ref',
  row_changes: 'tbl',
  rows: 'tbl',
  team_meta: 'base_seq',
  users: 'role',
};

function op(over: Partial<OutboxRow>): OutboxRow {
  return {
    id: 1,
    op_id: `op-${Math.random().toString(36).slice(2)}`,
    entity: 'risk',
    entity_id: 'x',
    label: 'x',
    action: 'update',
    field: 'description',
    old_value: null,
    new_value: null,
    reason: null,
    at: '2026-11-29T10:00:00.000Z',
    ...over,
  };
}

describe('login roles cannot write tables', () => {
  it.each(['vic', 'olga', 'mia'])(
    '%s: every INSERT, UPDATE, DELETE and TRUNCATE on every table is refused',
    async (who) => {
      const pw = who === 'vic' ? PW.viewer : who === 'olga' ? PW.owner : PW.manager;
      const c = await asUser(who, pw);
      try {
        const all = await tables();
        expect(all).toEqual([
          'conflicts',
          'history',
          'ops',
          'risks',
          'row_changes',
          'rows',
          'team_meta',
          'users',
        ]);
        for (const t of all) {
          expect(
            await refused(c, `INSERT INTO risk_register.${t} DEFAULT VALUES`),
            `${who} INSERT ${t}`,
          ).toBe('42501');
          expect(
            await refused(c, `UPDATE risk_register.${t} SET ${COLUMN[t]} = ${COLUMN[t]}`),
            `${who} UPDATE ${t}`,
          ).toBe('42501');
          expect(await refused(c, `DELETE FROM risk_register.${t}`), `${who} DELETE ${t}`).toBe('42501');
          expect(await refused(c, `TRUNCATE risk_register.${t}`), `${who} TRUNCATE ${t}`).toBe('42501');
        }
        // UPDATE with a real column, so the refusal is the privilege, not the statement.
        expect(await refused(c, `UPDATE risk_register.history SET by = 'x'`)).toBe('42501');
        expect(await refused(c, `UPDATE risk_register.users SET role = 'manager'`)).toBe('42501');
        // The operation log is not even readable; the internal functions cannot be called.
        expect(await refused(c, 'SELECT * FROM risk_register.ops')).toBe('42501');
        expect(
          await refused(
            c,
            `SELECT risk_register.append_history('risk','x','x','update',null,null,null,null,'x','x','x')`,
          ),
        ).toBe('42501');
        // Reading the register is allowed.
        expect((await c.query('SELECT count(*)::int AS n FROM risk_register.risks')).rows[0]).toEqual({
          n: 19,
        });
      } finally {
        await c.end();
      }
    },
  );
});

describe('the functions enforce the roles', () => {
  it('a viewer may not change anything; an owner only the scores and mitigation of their own risks', async () => {
    const risks = (
      await admin.query<{
        id: string;
        ref: string;
        fields: { owners: string[]; current: unknown; mitigation: string };
      }>('SELECT id, ref, fields FROM risk_register.risks ORDER BY ref')
    ).rows;
    const mine = risks.find((r) => r.fields.owners.includes('SP'));
    const other = risks.find((r) => !r.fields.owners.includes('SP'));
    if (!mine || !other) throw new Error('sample changed');
    const vic = await asUser('vic', PW.viewer);
    const olga = await asUser('olga', PW.owner);
    try {
      const score = (r: typeof mine) => ({
        old_value: JSON.stringify(r.fields.current),
        new_value: '{"impact":1,"likelihood":1}',
      });
      const v = await pushOne(
        vic,
        op({ entity_id: mine.id, label: mine.ref, field: 'current', ...score(mine) }),
      );
      expect(v).toMatchObject({ status: 'rejected' });
      expect(v.reason).toMatch(/viewer may read and export/);
      expect(
        (await pushOne(vic, op({ entity: 'register', action: 'export', field: null, label: 'Register' })))
          .status,
      ).toBe('accepted');

      const o1 = await pushOne(
        olga,
        op({ entity_id: other.id, label: other.ref, field: 'current', ...score(other) }),
      );
      expect(o1.status).toBe('rejected');
      expect(o1.reason).toMatch(/an owner may change only the risks they own/);
      const o2 = await pushOne(
        olga,
        op({ entity_id: mine.id, label: mine.ref, field: 'description', old_value: '"a"', new_value: '"b"' }),
      );
      expect(o2.status).toBe('rejected');
      expect(o2.reason).toMatch(/scores and mitigation of their risks, not the description/);
      const archive = await pushOne(
        olga,
        op({
          entity_id: mine.id,
          label: mine.ref,
          action: 'archive',
          field: null,
          new_value: '"2026-11-29"',
        }),
      );
      expect(archive.reason).toMatch(/Only a risk manager may archive/);
      const fine = await pushOne(
        olga,
        op({ entity_id: mine.id, label: mine.ref, field: 'current', ...score(mine) }),
      );
      expect(fine.status).toBe('accepted');

      // Same operation id again (a retry after a lost reply): the same answer, applied once.
      const first = op({
        entity_id: mine.id,
        label: mine.ref,
        field: 'mitigation',
        old_value: JSON.stringify(mine.fields.mitigation),
        new_value: '"Olga was here"',
      });
      const before = (await admin.query('SELECT max(seq)::int AS s FROM risk_register.history')).rows[0] as {
        s: number;
      };
      const a1 = await pushOne(olga, first);
      const a2 = await pushOne(olga, first);
      expect(a2).toEqual(a1);
      const afterSeq = (await admin.query('SELECT max(seq)::int AS s FROM risk_register.history'))
        .rows[0] as { s: number };
      expect(afterSeq.s).toBe(before.s + 1);

      // A login that is not a team user reaches nothing.
      await admin.query(`CREATE ROLE stranger LOGIN PASSWORD 'stranger-password'`);
      const s = await asUser('stranger', 'stranger-password');
      try {
        expect(await refused(s, `SELECT risk_register.apply_op('{}')`)).toBe('42501');
        expect(await refused(s, 'SELECT * FROM risk_register.history')).toBe('42501');
      } finally {
        await s.end();
      }
    } finally {
      await vic.end();
      await olga.end();
    }
  });
});

describe('schema checks', () => {
  it('refuses a database that is neither empty nor a register, a second publish, and a newer schema', async () => {
    await admin.query('CREATE DATABASE other');
    const other = new pg.Client({ connectionString: cluster.adminUrl('other') });
    await other.connect();
    await other.query('CREATE TABLE payroll (id int)');
    await other.end();
    const f = tmp.file('second.riskreg');
    await ok(['init', '--db', f, '--sample']);
    const notEmpty = await rr(['team', 'publish', '--db', f, '--server', cluster.adminUrl('other')]);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.err).toMatch(
      /The database other is not empty and is not a team register \(it has public\.payroll\)/,
    );
    const again = await rr(['team', 'publish', '--db', f, '--server', cluster.adminUrl('reg')]);
    expect(again.err).toMatch(/already holds a published team register/);
    // The refused publishes left the file a single-user register.
    expect((await rr(['team', 'status', '--db', f])).err).toMatch(/single-user register/);

    await admin.query('UPDATE risk_register.team_meta SET schema_version = 99');
    try {
      const newer = await rr([
        'team',
        'join',
        '--server',
        cluster.url('mia', PW.manager, 'reg'),
        '--db',
        tmp.file('new.riskreg'),
      ]);
      expect(newer.code).toBe(1);
      expect(newer.err).toMatch(/made by a newer version of Risk Register \(server schema 99/);
    } finally {
      await admin.query('UPDATE risk_register.team_meta SET schema_version = $1', [SERVER_LATEST]);
    }
  });

  it('refuses an unencrypted connection to a remote host unless told otherwise', async () => {
    const r = await rr(['team', 'verify', '--server', 'postgresql://mia@db.council.example/register']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/db\.council\.example is not this computer.*sslmode=verify-full.*--insecure-tls/);
    expect(await ok(['team', 'verify', '--server', cluster.url('mia', PW.manager, 'reg')])).toMatch(/intact/);
  });

  it('add-user reads a password from standard input when asked, never prompts, and refuses bad input', async () => {
    // A real child process with a pipe for standard input (not a terminal).
    const run = (args: string[], input: string) =>
      spawnSync(process.execPath, [BIN, ...args], {
        input,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
    const piped = run(
      [
        'team',
        'add-user',
        'piper',
        '--role',
        'viewer',
        '--server',
        cluster.adminUrl('reg'),
        '--password-stdin',
      ],
      'piped-password-99\n',
    );
    expect(piped.status).toBe(0);
    expect(piped.stdout).toMatch(/Added piper as viewer/);
    expect(piped.stdout).not.toMatch(/Password/);
    const c = await asUser('piper', 'piped-password-99');
    await c.end();
    const generated = run(
      ['team', 'add-user', 'gene', '--role', 'viewer', '--server', cluster.adminUrl('reg')],
      '',
    );
    expect(generated.status).toBe(0);
    const pw = /Password \(shown once; give it to gene privately\): (\S+)/.exec(generated.stdout)?.[1];
    expect(pw).toBeDefined();
    const g = await asUser('gene', pw ?? '');
    await g.end();

    const bad = await rr([
      'team',
      'add-user',
      'x y',
      '--role',
      'viewer',
      '--server',
      cluster.adminUrl('reg'),
    ]);
    expect(bad.err).toMatch(/cannot be a login name/);
    const noOwner = await rr([
      'team',
      'add-user',
      'pat',
      '--role',
      'owner',
      '--server',
      cluster.adminUrl('reg'),
    ]);
    expect(noOwner.err).toMatch(/An owner needs --owner INITIALS/);
    const noRole = await rr(['team', 'add-user', 'pat', '--server', cluster.adminUrl('reg')]);
    expect(noRole.code).toBe(2);
  });
});
