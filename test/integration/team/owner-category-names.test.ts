/**
 * Issue 10, the three bugs the convergence property found in the owners directory and the category list (server
 * schema 5): two managers renaming two different owners to the same initials offline; an owner merged on one laptop
 * into an owner renamed meanwhile on another; a category renamed on one laptop to the name another laptop gave a
 * new category offline. Each scripted with real PostgreSQL, real replica files, the app's handler table and the
 * CLI's own sync, in both orders of the first syncs. After everyone has synced twice: every laptop holds the same
 * shared rows as the server's `rows`, the same history (same hashes), the chain verifies on every laptop and the
 * server, and the risks' owners and categories name entries of the directory and the list.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openRegisterFile } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { outbox } from '../../../db/team/replica.ts';
import { REPLICATED } from '../../../db/team/row-spec.ts';
import { pushOne } from '../../../db/team/sync.ts';
import { ok, readReplica, riskLinks, rr, takeServerBack } from './team-helpers.ts';
import { onLaptop, setUpTeam, sharedState, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-names-');

interface Listed {
  id: string;
  version: number;
}
interface OwnerRow extends Listed {
  initials: string;
}
interface CategoryRow extends Listed {
  name: string;
}

/** The owners' initials (or categories' names) of a replica, sorted. */
function names(path: string, table: 'owners' | 'categories'): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const col = table === 'owners' ? 'initials' : 'name';
    return (db.prepare(`SELECT ${col} AS n FROM ${table} ORDER BY ${col}`).pluck().all() as string[]).sort();
  } finally {
    db.close();
  }
}

/** The reasons of the changes the server refused on this laptop (team_rejected). */
function refusals(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT reason FROM team_rejected ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Each risk's owners and category, by id (read from the file). */

/** Every laptop syncs twice, then: the same shared rows as the server, one history, every chain intact. */
async function convergeAndCheck(
  server: string,
  files: string[],
  password: (f: string) => string,
): Promise<{ serverRisks: { id: string; owners: string[]; category: string }[] }> {
  for (let round = 0; round < 2; round += 1) {
    for (const f of files) await ok(['sync', '--db', f], password(f));
  }
  const shared = sharedState(files[0] ?? '');
  const history = readReplica(files[0] ?? '').history;
  for (const f of files) {
    expect(sharedState(f)).toEqual(shared);
    const rep = readReplica(f);
    expect(rep.history).toEqual(history);
    expect(rep.integrity).toBe('ok');
    const open = openRegisterFile(f);
    try {
      const v = verifyHistory(open.db);
      expect(v.ok ? 'intact' : JSON.stringify(v)).toBe('intact');
    } finally {
      open.db.close();
    }
    expect(await ok(['audit', 'verify', '--db', f])).toMatch(/intact/i);
  }
  const sv = new pg.Client({ connectionString: server });
  await sv.connect();
  try {
    const held = (
      await sv.query<{ tbl: string; pk: unknown[]; data: Record<string, unknown> }>(
        `SELECT tbl, pk, data FROM risk_register.rows WHERE tbl IN ('owners', 'categories')`,
      )
    ).rows;
    for (const t of REPLICATED.filter((x) => x.table === 'owners' || x.table === 'categories')) {
      const key = (pk: unknown) => JSON.stringify(pk);
      const onServer = held
        .filter((r) => r.tbl === t.table)
        .sort((x, y) => (key(x.pk) < key(y.pk) ? -1 : key(x.pk) > key(y.pk) ? 1 : 0))
        .map((r) => r.data);
      const keyOf = (row: unknown) => key(t.key.map((k) => (row as Record<string, unknown>)[k]));
      const onLaptops = [...(shared[t.table] ?? [])].sort((x, y) =>
        keyOf(x) < keyOf(y) ? -1 : keyOf(x) > keyOf(y) ? 1 : 0,
      );
      expect(onServer, t.table).toEqual(onLaptops);
    }
    const serverHistory = (
      await sv.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM risk_register.history ORDER BY seq',
      )
    ).rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
    expect(history.map((h) => ({ seq: h.seq, hash: h.hash }))).toEqual(serverHistory);
    const serverRisks = (
      await sv.query<{ id: string; fields: { owners: string[]; category: string } }>(
        'SELECT id, fields FROM risk_register.risks WHERE NOT deleted ORDER BY id',
      )
    ).rows.map((r) => ({ id: r.id, owners: r.fields.owners, category: r.fields.category }));
    // The server's risks name the laptops' owners and categories.
    const links = riskLinks(files[0] ?? '');
    expect(serverRisks.map((r) => [r.id, (r.owners ?? []).join('/') || null, r.category])).toEqual(
      links.map((r) => [r.id, r.owners, r.category]),
    );
    return { serverRisks };
  } finally {
    await sv.end();
  }
}

const ORDERS = [
  ['alice', 'bob'],
  ['bob', 'alice'],
] as const;

describe('owner and category names taken meanwhile (server schema 5)', () => {
  it.each(ORDERS)(
    'two owners renamed to the same initials offline: %s syncs first',
    async (first, second) => {
      const n = first === 'alice' ? 1 : 2;
      const name = { alice: `oalice${n}`, bob: `obob${n}` };
      const team = await setUpTeam(env, `ownren_${first}`, [
        { name: name.alice, role: 'manager', password: 'alice-password-123' },
        { name: name.bob, role: 'manager', password: 'bob-password-4567' },
      ]);
      const files = { alice: team.files[name.alice] ?? '', bob: team.files[name.bob] ?? '' };
      const before = names(files.alice, 'owners');
      expect(before.length).toBeGreaterThan(2);
      const [oa, ob] = [before[0] ?? '', before[1] ?? ''];
      const rename = (file: string, user: string, from: string) =>
        onLaptop(file, user, async (app) => {
          const o = (await app.ok('owners:list', {})).find((x: OwnerRow) => x.initials === from);
          if (!o) throw new Error(`no owner ${from}`);
          await app.ok('owners:update', { id: o.id, version: o.version, changes: { initials: 'PNC' } });
        });
      await rename(files.alice, 'Alice', oa);
      await rename(files.bob, 'Bob', ob);
      await ok(['sync', '--db', files[first]], team.password(files[first]));
      await ok(['sync', '--db', files[second]], team.password(files[second]));
      await convergeAndCheck(team.server, [files.alice, files.bob], team.password);
      // The first rename to reach the server holds PNC; the later one is refused (its laptop lists why) and its
      // owner keeps its initials: the directory still has as many owners.
      const after = names(files.alice, 'owners');
      expect(after).toHaveLength(before.length);
      expect(after.filter((i) => i === 'PNC')).toHaveLength(1);
      const [kept, refused] = first === 'alice' ? [oa, ob] : [ob, oa];
      expect(after).not.toContain(kept);
      expect(after).toContain(refused);
      expect(refusals(files[first])).toEqual([]);
      expect(refusals(files[second])).toEqual([
        `The initials PNC were given to another owner on the team server meanwhile, so ${refused} keeps its initials. Choose other initials and rename it again.`,
      ]);
    },
  );

  it.each(ORDERS)(
    'an owner merged into an owner renamed meanwhile: %s syncs first',
    async (first, second) => {
      const n = first === 'alice' ? 1 : 2;
      const name = { alice: `malice${n}`, bob: `mbob${n}` };
      const team = await setUpTeam(env, `ownmerge_${first}`, [
        { name: name.alice, role: 'manager', password: 'alice-password-123' },
        { name: name.bob, role: 'manager', password: 'bob-password-4567' },
      ]);
      const files = { alice: team.files[name.alice] ?? '', bob: team.files[name.bob] ?? '' };
      // Two owners who each own a risk: Alice renames the second, Bob merges the first into the second.
      const owning = [...new Set(riskLinks(files.alice).flatMap((r) => (r.owners ?? '').split('/')))]
        .filter(Boolean)
        .sort();
      const [from, into] = [owning[0] ?? '', owning[1] ?? ''];
      expect(from && into).toBeTruthy();
      const before = names(files.alice, 'owners');
      await onLaptop(files.alice, 'Alice', async (app) => {
        const o = (await app.ok('owners:list', {})).find((x: OwnerRow) => x.initials === into);
        if (!o) throw new Error(`no owner ${into}`);
        await app.ok('owners:update', { id: o.id, version: o.version, changes: { initials: 'REN' } });
      });
      await onLaptop(files.bob, 'Bob', async (app) => {
        const list = await app.ok('owners:list', {});
        const a = list.find((x: OwnerRow) => x.initials === from);
        const b = list.find((x: OwnerRow) => x.initials === into);
        if (!a || !b) throw new Error('owners missing');
        await app.ok('owners:merge', { fromId: a.id, intoId: b.id });
      });
      await ok(['sync', '--db', files[first]], team.password(files[first]));
      await ok(['sync', '--db', files[second]], team.password(files[second]));
      await convergeAndCheck(team.server, [files.alice, files.bob], team.password);
      // The merged owner went into the renamed one (followed by id): neither old initials is left anywhere.
      const after = names(files.alice, 'owners');
      expect(after).toHaveLength(before.length - 1);
      expect(after).toContain('REN');
      expect(after).not.toContain(from);
      expect(after).not.toContain(into);
      for (const r of riskLinks(files.alice)) {
        const os = (r.owners ?? '').split('/');
        expect(os).not.toContain(from);
        expect(os).not.toContain(into);
      }
    },
  );

  it.each(ORDERS)(
    'a category renamed to the name another laptop gave a new category: %s syncs first',
    async (first, second) => {
      const n = first === 'alice' ? 1 : 2;
      const name = { alice: `calice${n}`, bob: `cbob${n}` };
      const team = await setUpTeam(env, `catname_${first}`, [
        { name: name.alice, role: 'manager', password: 'alice-password-123' },
        { name: name.bob, role: 'manager', password: 'bob-password-4567' },
      ]);
      const files = { alice: team.files[name.alice] ?? '', bob: team.files[name.bob] ?? '' };
      const before = names(files.alice, 'categories');
      // A category some risk uses, so its rename travels into the risks.
      const used =
        [...new Set(riskLinks(files.alice).map((r) => r.category))].filter(Boolean).sort()[0] ?? '';
      expect(before).toContain(used);
      expect(before).not.toContain('Climate');
      await onLaptop(files.alice, 'Alice', (app) => app.ok('categories:create', { name: 'Climate' }));
      await onLaptop(files.bob, 'Bob', async (app) => {
        const c = (await app.ok('categories:list', {})).find((x: CategoryRow) => x.name === used);
        if (!c) throw new Error(`no category ${used}`);
        await app.ok('categories:rename', { id: c.id, version: c.version, name: 'Climate' });
      });
      await ok(['sync', '--db', files[first]], team.password(files[first]));
      await ok(['sync', '--db', files[second]], team.password(files[second]));
      await convergeAndCheck(team.server, [files.alice, files.bob], team.password);
      const after = names(files.alice, 'categories');
      expect(after.filter((c) => c === 'Climate')).toHaveLength(1);
      if (first === 'alice') {
        // Alice's new Climate came first: Bob's rename onto it is refused, listed on his laptop, undone there.
        expect(after).toContain(used);
        expect(after).toHaveLength(before.length + 1);
        expect(refusals(files.bob)).toEqual([
          `The name Climate was given to another category on the team server meanwhile, so ${used} keeps its name. Choose another name and rename it again.`,
        ]);
      } else {
        // Bob's rename came first: Alice's new Climate is that same category (as two laptops adding one name).
        expect(after).not.toContain(used);
        expect(after).toHaveLength(before.length);
        expect(refusals(files.bob)).toEqual([]);
      }
      expect(refusals(files.alice)).toEqual([]);
    },
  );
});

/**
 * What a server still at schema 4 did. Made here from a server at 6 by taking version 6's functions away (version
 * 5's apply_op, version 4's apply_row and resolve_conflict are kept under their version 6 names), then version 5's
 * (version 4's apply_op is kept under its version 5 name, so renaming it back gives exactly version 4).
 */

describe('a server at schema 4 holding a merge into an owner renamed meanwhile', () => {
  it('is upgraded in place: the old initials are followed everywhere, laptops converge, the chain verifies', async () => {
    const name = { alice: 'ualice', bob: 'ubob' };
    const pw = { alice: 'alice-password-444', bob: 'bob-password-4444' };
    const team = await setUpTeam(env, 'names_upgrade', [
      { name: name.alice, role: 'manager', password: pw.alice },
      { name: name.bob, role: 'manager', password: pw.bob },
    ]);
    const files = { alice: team.files[name.alice] ?? '', bob: team.files[name.bob] ?? '' };
    await takeServerBack(team.server, 4, [name.alice, name.bob]);
    // Laptops refuse the older server, saying what to do.
    expect((await rr(['sync', '--db', files.alice], pw.alice)).err).toMatch(
      /older schema \(4; this app needs 6\).*risk-register team upgrade --server URL/,
    );

    const owning = [...new Set(riskLinks(files.alice).flatMap((r) => (r.owners ?? '').split('/')))]
      .filter(Boolean)
      .sort();
    const [from, into] = [owning[0] ?? '', owning[1] ?? ''];
    const before = names(files.alice, 'owners');
    await onLaptop(files.alice, 'Alice', async (app) => {
      const o = (await app.ok('owners:list', {})).find((x: OwnerRow) => x.initials === into);
      if (!o) throw new Error(`no owner ${into}`);
      await app.ok('owners:update', { id: o.id, version: o.version, changes: { initials: 'REN' } });
    });
    await onLaptop(files.bob, 'Bob', async (app) => {
      const list = await app.ok('owners:list', {});
      const a = list.find((x: OwnerRow) => x.initials === from);
      const b = list.find((x: OwnerRow) => x.initials === into);
      if (!a || !b) throw new Error('owners missing');
      await app.ok('owners:merge', { fromId: a.id, intoId: b.id });
    });
    // Each laptop's waiting changes reach the schema 4 server as a version 4 laptop sends them (Alice's first).
    for (const [f, who] of [
      [files.alice, name.alice],
      [files.bob, name.bob],
    ] as const) {
      const db = new Database(f, { readonly: true, fileMustExist: true });
      const ops = outbox(db);
      db.close();
      const c = new pg.Client({ connectionString: team.url(who) });
      await c.connect();
      try {
        for (const op of ops) expect(['accepted', 'same']).toContain((await pushOne(c, op)).status);
      } finally {
        await c.end();
      }
    }
    const sv = new pg.Client({ connectionString: team.server });
    await sv.connect();
    const stale = async () =>
      (
        await sv.query<{ n: string }>(
          `SELECT count(*) AS n FROM risk_register.risks WHERE NOT deleted AND fields->'owners' ? $1`,
          [into],
        )
      ).rows[0]?.n;
    try {
      // Version 4 stored Bob's merge under the old initials, which no owner holds any more.
      expect(Number(await stale())).toBeGreaterThan(0);
      expect(await ok(['team', 'upgrade', '--server', team.server])).toMatch(/to schema 6/);
      expect(Number(await stale())).toBe(0);
    } finally {
      await sv.end();
    }
    await convergeAndCheck(team.server, [files.alice, files.bob], team.password);
    const after = names(files.alice, 'owners');
    expect(after).toHaveLength(before.length - 1);
    expect(after).toContain('REN');
    expect(after).not.toContain(from);
    expect(after).not.toContain(into);
    expect(await ok(['team', 'verify', '--server', team.url(name.bob)])).toMatch(/intact/);
  });
});
