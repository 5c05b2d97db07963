/**
 * A server published at schema 1 with people already on it: laptops are refused with what to do until the database
 * owner runs `team upgrade`; afterwards those people can read the new tables and call the new apply_op (row
 * operations included), and can no longer call version 1's function under its internal name.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../db/team/connect.ts';
import { SERVER_MIGRATIONS } from '../../../db/team/server-schema.ts';
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
      /older schema \(1; this app needs 2\).*risk-register team upgrade --server URL/,
    );

    expect(await ok(['team', 'upgrade', '--server', cluster.adminUrl('old')])).toMatch(/to schema 2/);
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
});
