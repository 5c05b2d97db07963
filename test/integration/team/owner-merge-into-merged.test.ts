/**
 * Issue 10, server schema 6 follows merges (docs/team.md, "Conflict rules"). The owners' twin of
 * merge-into-merged.test.ts (categories, found by the convergence property, seeds 1011974193 and -641144700): two
 * managers merge owners offline, one into the owner the other merges away. Laptop A merges owner X into Y; laptop B
 * merges Z into X. A syncs first: the server removes X and moves its risks, actions and controls to Y. B's merge then
 * reaches the server carrying X (the risks' owners, the actions' and controls' owner): schema 5 followed renames only,
 * so it stored X, and every laptop applying those rows made owner X again, which the server's rows lacked. Schema 6
 * follows the merge as it follows a rename (Z's risks land on Y, the rows stored carry Y) and sends the removal of X
 * after them, so every laptop ends with the server's directory.
 *
 * The second test: a server still at schema 5 that already holds such a merge (a category merged into one merged away
 * meanwhile, the convergence property's case) is upgraded in place: the stored names are followed, laptops converge.
 * With PostgreSQL really running, the CLI's own sync and the app's handler table on real replica files.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { openRegisterFile } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { outbox } from '../../../db/team/replica.ts';
import { pushOne } from '../../../db/team/sync.ts';
import { ok, readReplica, replicaRows, riskLinks, rr, takeServerBack } from './team-helpers.ts';
import { onLaptop, setUpTeam, sharedState, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-owner-merge-');

interface OwnerRow {
  id: string;
  initials: string;
}
interface CategoryRow {
  id: string;
  name: string;
}

/** Each risk's owners and category, by id (read from the file). */

/** The initials of the owners of actions and controls (read from the file), sorted, duplicates dropped. */
function rowOwners(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT DISTINCT o.initials FROM owners o
          WHERE o.id IN (SELECT owner_id FROM actions UNION SELECT owner_id FROM controls) ORDER BY o.initials`,
      )
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

const byJson = (x: unknown, y: unknown) => {
  const a = JSON.stringify(x);
  const b = JSON.stringify(y);
  return a < b ? -1 : a > b ? 1 : 0;
};

/**
 * Every laptop syncs twice (A first), then: nothing waits, one history (same hashes as the server's), every chain
 * intact, the same shared rows on every laptop, and the owners and categories exactly the server's rows.
 */
async function convergeAndCheck(
  server: string,
  files: string[],
  password: (f: string) => string,
): Promise<void> {
  for (let round = 0; round < 2; round += 1) {
    for (const f of files) await ok(['sync', '--db', f], password(f));
  }
  const shared = sharedState(files[0] ?? '');
  const history = readReplica(files[0] ?? '').history.map((h) => ({ seq: h.seq, hash: h.hash }));
  for (const f of files) {
    const open = openRegisterFile(f);
    try {
      expect(verifyHistory(open.db).ok).toBe(true);
      expect(open.db.prepare('SELECT count(*) AS n FROM team_outbox').get()).toEqual({ n: 0 });
    } finally {
      open.db.close();
    }
    expect(readReplica(f).history.map((h) => ({ seq: h.seq, hash: h.hash }))).toEqual(history);
    expect(sharedState(f)).toEqual(shared);
  }
  const sv = new pg.Client({ connectionString: server });
  await sv.connect();
  try {
    for (const tbl of ['owners', 'categories'] as const) {
      const onServer = (
        await sv.query<{ data: Record<string, unknown> }>(
          'SELECT data FROM risk_register.rows WHERE tbl = $1',
          [tbl],
        )
      ).rows
        .map((r) => r.data)
        .sort(byJson);
      for (const f of files)
        expect([...replicaRows(f, tbl)].sort(byJson), `${tbl} of ${f}`).toEqual(onServer);
    }
    const serverHistory = (
      await sv.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM risk_register.history ORDER BY seq',
      )
    ).rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
    expect(history).toEqual(serverHistory);
    const serverRisks = (
      await sv.query<{ id: string; fields: { owners?: string[]; category?: string } }>(
        'SELECT id, fields FROM risk_register.risks WHERE NOT deleted ORDER BY id',
      )
    ).rows.map((r) => [r.id, (r.fields.owners ?? []).join('/') || null, r.fields.category ?? null]);
    for (const f of files) {
      expect(riskLinks(f).map((r) => [r.id, r.owners, r.category])).toEqual(serverRisks);
    }
  } finally {
    await sv.end();
  }
}

async function mergeOwners(file: string, from: string, into: string): Promise<void> {
  await onLaptop(file, 'Manager', async (app) => {
    const list = await app.ok('owners:list', {});
    const f = list.find((o: OwnerRow) => o.initials === from);
    const i = list.find((o: OwnerRow) => o.initials === into);
    if (!f || !i) throw new Error(`no owner ${from} or ${into}`);
    await app.ok('owners:merge', { fromId: f.id, intoId: i.id });
  });
}

async function mergeCategories(file: string, from: string, into: string): Promise<void> {
  await onLaptop(file, 'Manager', async (app) => {
    const list = await app.ok('categories:list', {});
    const f = list.find((c: CategoryRow) => c.name === from);
    const i = list.find((c: CategoryRow) => c.name === into);
    if (!f || !i) throw new Error(`no category ${from} or ${into}`);
    await app.ok('categories:merge', { fromId: f.id, intoId: i.id });
  });
}

it('an owner merged into an owner merged away meanwhile: every laptop ends with the server’s directory', async () => {
  const team = await setUpTeam(env, 'owner_merge', [
    { name: 'oma', role: 'manager', password: 'password-oma-xyz' },
    { name: 'omb', role: 'manager', password: 'password-omb-xyz' },
  ]);
  const a = team.files['oma'] ?? '';
  const b = team.files['omb'] ?? '';
  // Three owners who each own a risk: A merges X into Y, B merges Z into X.
  const owning = [...new Set(riskLinks(a).flatMap((r) => (r.owners ?? '').split('/')))]
    .filter(Boolean)
    .sort();
  const [x, y, z] = [owning[0] ?? '', owning[1] ?? '', owning[2] ?? ''];
  expect(x && y && z).toBeTruthy();
  const zRisks = riskLinks(a)
    .filter((r) => (r.owners ?? '').split('/').includes(z))
    .map((r) => r.id);
  const before = replicaRows(a, 'owners').length;
  await mergeOwners(a, x, y);
  await mergeOwners(b, z, x);
  await convergeAndCheck(team.server, [a, b], team.password);
  // Neither merged owner is left anywhere; Z's risks are Y's, as if both merges had been made on one laptop.
  const initials = replicaRows(a, 'owners').map((o) => (o as { initials: string }).initials);
  expect(initials).toHaveLength(before - 2);
  expect(initials).toContain(y);
  expect(initials).not.toContain(x);
  expect(initials).not.toContain(z);
  for (const r of riskLinks(b)) {
    const os = (r.owners ?? '').split('/');
    expect(os).not.toContain(x);
    expect(os).not.toContain(z);
    if (zRisks.includes(r.id)) expect(os).toContain(y);
  }
  expect(rowOwners(b)).not.toContain(x);
}, 300_000);

/**
 * What a server still at schema 5 did: version 6's functions taken away (version 5's apply_op, current_name, version
 * 4's apply_row and resolve_conflict are kept under their version 6 names, so renaming them back gives exactly 5).
 */

it('a server at schema 5 holding a category merged into one merged away meanwhile is upgraded in place', async () => {
  const team = await setUpTeam(env, 'merge_upgrade', [
    { name: 'uma', role: 'manager', password: 'password-uma-xyz' },
    { name: 'umb', role: 'manager', password: 'password-umb-xyz' },
  ]);
  const a = team.files['uma'] ?? '';
  const b = team.files['umb'] ?? '';
  await takeServerBack(team.server, 5, ['uma', 'umb']);
  expect((await rr(['sync', '--db', a], team.password(a))).err).toMatch(
    /older schema \(5; this app needs 6\).*risk-register team upgrade --server URL/,
  );
  await mergeCategories(a, 'Organisation', 'Reputation');
  await mergeCategories(b, 'Membership', 'Organisation');
  // Each laptop's waiting changes reach the schema 5 server as a version 5 laptop sends them (A's first).
  for (const [f, who] of [
    [a, 'uma'],
    [b, 'umb'],
  ] as const) {
    const db = new Database(f, { readonly: true, fileMustExist: true });
    const ops = outbox(db);
    db.close();
    const c = new pg.Client({ connectionString: team.url(who) });
    await c.connect();
    try {
      for (const op of ops) {
        const answer = await pushOne(c, op);
        // B's new order of the categories still names Organisation: that row, removed meanwhile, is refused (as
        // by every version since 2; the laptop undoes it).
        if (op.entity === 'row' && op.label === 'categories' && answer.status === 'rejected') {
          expect(answer.reason).toMatch(/removed on the team server meanwhile/);
        } else expect(['accepted', 'same']).toContain(answer.status);
      }
    } finally {
      await c.end();
    }
  }
  const sv = new pg.Client({ connectionString: team.server });
  await sv.connect();
  const stale = async () =>
    Number(
      (
        await sv.query<{ n: string }>(
          `SELECT count(*) AS n FROM risk_register.risks WHERE NOT deleted AND fields->>'category' = 'Organisation'`,
        )
      ).rows[0]?.n,
    );
  try {
    // Version 5 stored B's merge under Organisation, which no category holds any more.
    expect(await stale()).toBeGreaterThan(0);
    expect(await ok(['team', 'upgrade', '--server', team.server])).toMatch(/to schema 6/);
    expect(await stale()).toBe(0);
  } finally {
    await sv.end();
  }
  await convergeAndCheck(team.server, [a, b], team.password);
  const names = replicaRows(a, 'categories').map((c) => (c as { name: string }).name);
  expect(names).toContain('Reputation');
  expect(names).not.toContain('Organisation');
  expect(names).not.toContain('Membership');
  expect(await ok(['team', 'verify', '--server', team.server])).toMatch(/intact/);
}, 300_000);
