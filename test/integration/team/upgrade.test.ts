/**
 * A server published at schema 1 with people already on it: laptops are refused with what to do until the database
 * owner runs `team upgrade`; afterwards those people can read the new tables and call the new apply_op (row
 * operations included), and can no longer call version 1's function under its internal name.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../db/team/connect.ts';
import { CALLABLE_FUNCTIONS, READABLE_TABLES, SERVER_MIGRATIONS } from '../../../db/team/server-schema.ts';
import type { OpAnswer } from '../../../db/team/sync.ts';
import { pushOne } from '../../../db/team/sync.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import { ok, rr } from './team-helpers.ts';

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startCluster();
}, 60_000);
afterAll(() => cluster?.stop());

async function refused(c: pg.Client, sql: string): Promise<string> {
  try {
    await c.query(sql);
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'allowed';
}

describe('team upgrade', () => {
  it('brings a schema 1 server to the current schema, with the grants of the people already on it', async () => {
    const admin = await connect(cluster.adminUrl());
    await admin.query('CREATE DATABASE old');
    await admin.end();
    const owner = await connect(cluster.adminUrl('old'));
    const v1 = SERVER_MIGRATIONS[0];
    if (!v1) throw new Error('no schema 1');
    await owner.query('BEGIN');
    await owner.query(v1.up);
    await owner.query(`INSERT INTO risk_register.team_meta (id, schema_version) VALUES (1, 1)`);
    // A manager added under schema 1, with schema 1's grants.
    await owner.query(`CREATE ROLE old_mia LOGIN PASSWORD 'old-mia-password-1'`);
    await owner.query(`INSERT INTO risk_register.users (name, role) VALUES ('old_mia', 'manager')`);
    await owner.query('GRANT USAGE ON SCHEMA risk_register TO old_mia');
    for (const t of ['team_meta', 'users', 'risks', 'history', 'conflicts']) {
      await owner.query(`GRANT SELECT ON risk_register.${t} TO old_mia`);
    }
    await owner.query('GRANT EXECUTE ON FUNCTION risk_register.apply_op(jsonb) TO old_mia');
    await owner.query('COMMIT');
    await owner.end();

    const mia = cluster.url('old_mia', 'old-mia-password-1', 'old');
    const before = await rr(['team', 'verify', '--server', mia]);
    expect(before.code).toBe(1);
    expect(before.err).toMatch(
      /older schema \(1; this app needs 6\).*risk-register team upgrade --server URL/,
    );

    expect(await ok(['team', 'upgrade', '--server', cluster.adminUrl('old')])).toMatch(/to schema 6/);
    expect(await ok(['team', 'upgrade', '--server', cluster.adminUrl('old')])).toMatch(/is up to date/);
    expect(await ok(['team', 'verify', '--server', mia])).toMatch(/intact/);

    const c = new pg.Client({ connectionString: mia });
    await c.connect();
    try {
      expect((await c.query('SELECT count(*)::int AS n FROM risk_register.row_changes')).rows[0]).toEqual({
        n: 0,
      });
      expect(await refused(c, `SELECT risk_register.apply_history_op('{}')`)).toBe('42501');
      expect(
        await refused(c, `INSERT INTO risk_register.rows (tbl, pk, data) VALUES ('x', '[]', '{}')`),
      ).toBe('42501');
      const a = await pushOne(c, {
        id: 1,
        op_id: 'upgrade-op-1',
        entity: 'row',
        entity_id: '["name"]',
        label: 'settings',
        action: 'insert',
        field: null,
        old_value: null,
        new_value: JSON.stringify({ key: 'name', value: '"County Council register"' }),
        reason: null,
        at: '2026-11-30T02:00:00.000Z',
      });
      expect(a.status).toBe('accepted');
      const changes = await c.query<{ tbl: string; data: unknown; by: string }>(
        'SELECT tbl, data, by FROM risk_register.row_changes',
      );
      expect(changes.rows).toEqual([
        { tbl: 'settings', data: { key: 'name', value: '"County Council register"' }, by: 'old_mia' },
      ]);
    } finally {
      await c.end();
    }
  }, 120_000);

  it('brings a schema 2 server to the current schema: the directory, categories and order are a manager’s', async () => {
    const admin = await connect(cluster.adminUrl());
    await admin.query('CREATE DATABASE two');
    await admin.end();
    const owner = await connect(cluster.adminUrl('two'));
    await owner.query('BEGIN');
    for (const m of SERVER_MIGRATIONS.filter((x) => x.version <= 2)) await owner.query(m.up);
    await owner.query(`INSERT INTO risk_register.team_meta (id, schema_version) VALUES (1, 2)`);
    // A manager and an owner added under schema 2, with schema 2's grants.
    for (const [name, role, initials] of [
      ['two_mia', 'manager', null],
      ['two_sam', 'owner', 'SP'],
    ] as const) {
      await owner.query(`CREATE ROLE ${name} LOGIN PASSWORD '${name}-password-1'`);
      await owner.query(`INSERT INTO risk_register.users (name, role, owner_initials) VALUES ($1, $2, $3)`, [
        name,
        role,
        initials,
      ]);
      await owner.query(`GRANT USAGE ON SCHEMA risk_register TO ${name}`);
      for (const t of READABLE_TABLES) await owner.query(`GRANT SELECT ON risk_register.${t} TO ${name}`);
      for (const f of CALLABLE_FUNCTIONS) {
        await owner.query(`GRANT EXECUTE ON FUNCTION risk_register.${f} TO ${name}`);
      }
    }
    await owner.query('COMMIT');
    await owner.end();

    const mia = cluster.url('two_mia', 'two_mia-password-1', 'two');
    const sam = cluster.url('two_sam', 'two_sam-password-1', 'two');
    const before = await rr(['team', 'verify', '--server', mia]);
    expect(before.code).toBe(1);
    expect(before.err).toMatch(/older schema \(2; this app needs 6\)/);
    expect(await ok(['team', 'upgrade', '--server', cluster.adminUrl('two')])).toMatch(/to schema 6/);
    expect(await ok(['team', 'upgrade', '--server', cluster.adminUrl('two')])).toMatch(/is up to date/);
    expect(await ok(['team', 'verify', '--server', mia])).toMatch(/intact/);

    const m = new pg.Client({ connectionString: mia });
    const s = new pg.Client({ connectionString: sam });
    await m.connect();
    await s.connect();
    let n = 0;
    const op = (o: Partial<Parameters<typeof pushOne>[1]>) => ({
      id: (n += 1),
      op_id: `two-op-${n}`,
      entity: 'row',
      entity_id: '[]',
      label: '',
      action: 'update',
      field: null,
      old_value: null,
      new_value: null,
      reason: null,
      at: '2026-11-30T05:00:00.000Z',
      ...o,
    });
    const risk = { id: 'risk-two-1', review_cycle: 'quarterly', next_review: '2027-01-01', confidential: 0 };
    const image = (position: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ ...risk, appetite_level: null, appetite_reason: null, position, ...extra });
    const push = (c: pg.Client, o: Partial<Parameters<typeof pushOne>[1]>): Promise<OpAnswer> =>
      pushOne(c, op(o));
    try {
      // An owner may not add to the directory or the categories; a manager may.
      const ownerRow = { label: 'owners', action: 'insert', entity_id: '["SAMX"]' };
      const samOwner = await push(s, {
        ...ownerRow,
        new_value: JSON.stringify({ initials: 'SAMX', name: 'Sam', role: '', email: '' }),
      });
      expect(samOwner).toMatchObject({ status: 'rejected' });
      expect(samOwner.reason).toMatch(/Only the risk manager may change the owners directory \(SAMX\)/);
      const samCat = await push(s, {
        label: 'categories',
        action: 'insert',
        entity_id: '["Sam category"]',
        new_value: JSON.stringify({ name: 'Sam category', position: 9 }),
      });
      expect(samCat.reason).toMatch(/Only the risk manager may change the category list \(Sam category\)/);
      expect(
        await push(m, {
          ...ownerRow,
          entity_id: '["NEW"]',
          new_value: JSON.stringify({ initials: 'NEW', name: 'New', role: '', email: '' }),
        }),
      ).toMatchObject({ status: 'accepted' });

      // A risk created by the manager, owned by SP, then its image as created (its place in the order).
      await push(m, {
        entity: 'risk',
        entity_id: risk.id,
        label: 'TWO-1',
        action: 'create',
        new_value: JSON.stringify({ ref: 'TWO-1', category: 'Finance', description: 'x', owners: ['SP'] }),
      });
      const created = { label: 'risks', entity_id: JSON.stringify([risk.id]) };
      expect(await push(m, { ...created, action: 'insert', new_value: image(7) })).toMatchObject({
        status: 'accepted',
      });
      // Sam owns it: his review schedule lands, his change of its order does not.
      const moved = await push(s, { ...created, old_value: image(7), new_value: image(1) });
      expect(moved).toMatchObject({ status: 'rejected' });
      expect(moved.reason).toMatch(/Only the risk manager may change the order of the risks \(TWO-1\)/);
      expect(
        await push(s, { ...created, old_value: image(7), new_value: image(7, { review_cycle: 'monthly' }) }),
      ).toMatchObject({ status: 'accepted' });
      expect(
        await push(m, {
          ...created,
          old_value: image(7, { review_cycle: 'monthly' }),
          new_value: image(2, { review_cycle: 'monthly' }),
        }),
      ).toMatchObject({
        status: 'accepted',
      });
      const held = await m.query<{ tbl: string; data: Record<string, unknown> }>(
        `SELECT tbl, data FROM risk_register.rows ORDER BY tbl`,
      );
      expect(held.rows.map((r) => r.tbl)).toEqual(['owners', 'risks']);
      expect(held.rows[1]?.data).toMatchObject({ position: 2, review_cycle: 'monthly' });
      // An update of a row the server does not hold is refused, not recorded as part of a row.
      const stale = await push(m, {
        label: 'owners',
        entity_id: '["GONE"]',
        old_value: JSON.stringify({ initials: 'GONE', name: 'a', role: '', email: '' }),
        new_value: JSON.stringify({ initials: 'GONE', name: 'b', role: '', email: '' }),
      });
      expect(stale).toMatchObject({ status: 'rejected' });
      // The guard and version 2's function stay internal.
      expect(await refused(m, `SELECT risk_register.apply_row_v2(NULL, '{}')`)).toBe('42501');
      expect(await refused(m, `SELECT risk_register.apply_row(NULL, '{}')`)).toBe('42501');
      // Version 4's apply_op, behind version 5's, is internal too; so are version 5's apply_op and version 4's
      // apply_row and resolve_conflict, behind version 6's.
      expect(await refused(m, `SELECT risk_register.apply_op_v4('{}')`)).toBe('42501');
      expect(await refused(m, `SELECT risk_register.apply_op_v5('{}')`)).toBe('42501');
      expect(await refused(m, `SELECT risk_register.apply_row_v4(NULL, '{}')`)).toBe('42501');
      expect(await refused(m, `SELECT risk_register.resolve_conflict_v4(1, 'theirs', NULL)`)).toBe('42501');
    } finally {
      await m.end();
      await s.end();
    }
  }, 120_000);
});
