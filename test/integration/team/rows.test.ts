/**
 * The applier table (db/team/row-spec.ts) against the schema as migrations leave it: every carried column exists,
 * every column a shared table has is either carried or known to stay local, and the capture triggers exist on a
 * migrated register once it is a team register. A migration that adds a column to a shared table fails here until the spec (and the
 * triggers, rebuilt with rowCaptureSql in that migration) follow.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../db/migrations/index.ts';
import { installCaptureTriggers, REPLICATED } from '../../../db/team/row-spec.ts';

/** Columns of shared tables that stay on each laptop, and why. */
const LOCAL: Record<string, string[]> = {
  // Risks' tracked fields travel as history rows (applyEntry); these are bookkeeping or derived.
  risks: [
    'ref',
    'category_id',
    'description',
    'impact',
    'likelihood',
    'inherent_impact',
    'inherent_likelihood',
    'target_impact',
    'target_likelihood',
    'mitigation',
    'version',
    'created_at',
    'updated_at',
    'archived_at',
    'title',
    'cause',
    'event',
    'effect',
  ],
  // Local ids: owners and categories are known by initials and name on every laptop.
  owners: ['id', 'created_at', 'version'],
  categories: ['id', 'created_at', 'version'],
};

describe('the applier table matches the schema', () => {
  const db = new Database(':memory:');
  migrate(db);
  // A team register: the `team` row and the capture triggers, as publish and join make them.
  db.prepare(
    "INSERT INTO team (id, server, user, role) VALUES (1, 'postgres://x', 'alice', 'manager')",
  ).run();
  installCaptureTriggers(db);
  it.each(REPLICATED.map((t) => [t.table, t] as const))('%s', (table, t) => {
    const cols = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    for (const c of t.columns) expect(cols, `${table}.${c}`).toContain(c);
    for (const k of t.key) expect(t.columns).toContain(k);
    const local = cols.filter((c) => !t.columns.includes(c)).sort();
    expect(local).toEqual([...(LOCAL[table] ?? [])].sort());
    const triggers = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").all(table) as {
        name: string;
      }[]
    ).map((x) => x.name);
    expect(triggers).toContain(`team_rows_${table}_update`);
    if (!t.updatesOnly) {
      expect(triggers).toContain(`team_rows_${table}_insert`);
      expect(triggers).toContain(`team_rows_${table}_delete`);
    }
  });
});
