/**
 * The owners directory, the category list and the risks' order travel between laptops as state (server schema 3,
 * SQLite migration 0160): a new owner or category nothing refers to yet, an owner's details edited, an owner
 * deleted, owners and categories merged, and new risks made offline on two laptops taking the same place in the
 * order everywhere. Only a manager may change the directory and the categories: an owner's attempts are refused by
 * the server, undone on their laptop and listed. Real PostgreSQL, three replica files, the app's handler table
 * and the CLI's own sync code.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { App } from '../helpers.ts';
import { ok, readReplica } from './team-helpers.ts';
import { onLaptop, setUpTeam, sharedState, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-directory-');

async function owners(app: App): Promise<string[]> {
  return (await app.ok('owners:list', {})).map((o) => o.initials).sort();
}

async function categories(app: App): Promise<string[]> {
  return (await app.ok('categories:list', {})).map((c) => c.name);
}

describe('the owners directory, categories and order travel between laptops', () => {
  it('made offline on one laptop, they arrive on the others; an owner is refused', async () => {
    const team = await setUpTeam(env, 'directory', [
      { name: 'alice', role: 'manager', password: 'alice-password-123' },
      { name: 'bob', role: 'manager', password: 'bob-password-4567' },
      { name: 'sam', role: 'owner', owner: 'SP', password: 'sam-password-8901' },
    ]);
    const a = team.files['alice'] ?? '';
    const b = team.files['bob'] ?? '';
    const c = team.files['sam'] ?? '';
    const sync = async (f: string) => ok(['sync', '--db', f], team.password(f));
    const syncAll = async (order: string[]) => {
      for (const f of order) expect(await sync(f)).toMatch(/^\d+ pushed, \d+ pulled, 0 conflicts/);
    };

    // ── Step 1, offline on Alice's laptop: new entries nothing refers to, and an owner's details ──
    const before = await onLaptop(a, 'Alice', async (app) => {
      const list = await app.ok('owners:list', {});
      const edited = list.find((o) => o.initials !== 'SP');
      if (!edited) throw new Error('the sample has one owner');
      await app.ok('owners:create', { initials: 'NEW', name: 'Nia Ellis Walsh', role: 'Climate lead' });
      await app.ok('owners:create', { initials: 'GONE', name: 'Leaving soon' });
      await app.ok('categories:create', { name: 'Climate' });
      await app.ok('owners:update', {
        id: edited.id,
        version: edited.version,
        changes: { name: 'Renamed on Alice', email: 'renamed@council.example' },
      });
      return { edited: edited.initials, owners: await owners(app), categories: await categories(app) };
    });
    await syncAll([a, b, c]);
    for (const f of [b, c]) {
      await onLaptop(f, 'Check', async (app) => {
        expect(await owners(app)).toEqual(before.owners);
        expect(await categories(app)).toEqual(before.categories);
        const o = (await app.ok('owners:list', {})).find((x) => x.initials === before.edited);
        expect(o).toMatchObject({ name: 'Renamed on Alice', email: 'renamed@council.example' });
        const n = (await app.ok('owners:list', {})).find((x) => x.initials === 'NEW');
        expect(n).toMatchObject({ name: 'Nia Ellis Walsh', role: 'Climate lead' });
      });
    }

    // ── Step 2, offline: Alice deletes and merges; Alice and Bob each add a risk; Sam tries the directory ──
    const merge = await onLaptop(a, 'Alice', async (app) => {
      const risks = await app.ok('risks:list', {});
      const list = await app.ok('owners:list', {});
      const used = [...new Set(risks.flatMap((r) => r.owners))].filter((i) => i !== 'SP');
      const from = list.find((o) => o.initials === used[0]);
      const into = list.find((o) => o.initials === used[1]);
      const gone = list.find((o) => o.initials === 'GONE');
      if (!from || !into || !gone) throw new Error('the sample changed');
      await app.ok('owners:delete', { id: gone.id, version: gone.version });
      await app.ok('owners:merge', { fromId: from.id, intoId: into.id });
      const cats = await app.ok('categories:list', {});
      const usedCats = [...new Set(risks.map((r) => r.category))];
      const cFrom = cats.find((x) => x.name === usedCats[0]);
      const cInto = cats.find((x) => x.name === usedCats[1]);
      if (!cFrom || !cInto) throw new Error('the sample changed');
      await app.ok('categories:merge', { fromId: cFrom.id, intoId: cInto.id });
      await app.ok('risks:create', {
        ref: 'ALICE-NEW',
        category: 'Climate',
        description: 'Added on Alice offline',
        impact: 3,
        likelihood: 3,
        owners: ['NEW'],
      });
      return {
        from: from.initials,
        into: into.initials,
        cFrom: cFrom.name,
        cInto: cInto.name,
        owners: await owners(app),
        categories: await categories(app),
      };
    });
    await onLaptop(b, 'Bob', (app) =>
      app.ok('risks:create', {
        ref: 'BOB-NEW',
        category: 'Climate',
        description: 'Added on Bob offline',
        impact: 2,
        likelihood: 4,
        owners: ['NEW'],
      }),
    );
    await onLaptop(c, 'Sam', async (app) => {
      await app.ok('owners:create', { initials: 'SAMX', name: 'Sam made this' });
      await app.ok('categories:create', { name: 'Sam category' });
      const o = (await app.ok('owners:list', {})).find((x) => x.initials === 'NEW');
      if (!o) throw new Error('no NEW');
      await app.ok('owners:update', { id: o.id, version: o.version, changes: { role: 'Changed by Sam' } });
      // An owner may still propose a risk: it and its place in the order land.
      await app.ok('risks:create', {
        ref: 'SAM-NEW',
        category: 'Climate',
        description: 'Proposed by Sam offline',
        impact: 1,
        likelihood: 2,
        owners: ['SP'],
      });
    });
    expect(merge.owners).not.toContain('GONE');
    expect(merge.owners).not.toContain(merge.from);
    expect(merge.categories).not.toContain(merge.cFrom);

    await syncAll([c, a, b, c, a, b]);

    for (const f of [a, b, c]) {
      await onLaptop(f, 'Check', async (app) => {
        expect(await owners(app), f).toEqual(merge.owners);
        expect(await categories(app), f).toEqual(merge.categories);
        const risks = await app.ok('risks:list', {});
        expect(risks.filter((r) => r.owners.includes(merge.from))).toEqual([]);
        expect(risks.filter((r) => r.category === merge.cFrom)).toEqual([]);
        expect(risks.map((r) => r.ref)).toEqual(expect.arrayContaining(['ALICE-NEW', 'BOB-NEW', 'SAM-NEW']));
        const n = (await app.ok('owners:list', {})).find((x) => x.initials === 'NEW');
        expect(n?.role).toBe('Climate lead');
      });
    }
    // The same order on every laptop: the new risks hold the positions the server recorded.
    const order = (f: string) =>
      onLaptop(f, 'Check', async (app) => (await app.ok('risks:list', {})).map((r) => r.ref));
    expect(await order(b)).toEqual(await order(a));
    expect(await order(c)).toEqual(await order(a));

    // Sam's three directory changes: refused by the server, undone on his laptop, listed with the reason.
    const status = JSON.parse(await ok(['team', 'status', '--db', c, '--json'])) as {
      rejected: { ref: string; reason: string; action: string }[];
      waiting: number;
    };
    expect(status.waiting).toBe(0);
    expect(status.rejected.map((r) => `${r.action} ${r.ref}`).sort()).toEqual([
      'create SAMX',
      'create Sam category',
      'update NEW',
    ]);
    for (const r of status.rejected) expect(r.reason).toMatch(/is for the risk manager/);

    // One state, one history, one hash chain; every file verifies.
    const sa = sharedState(a);
    expect(sharedState(b)).toEqual(sa);
    expect(sharedState(c)).toEqual(sa);
    const positions = (sa['risks'] as { position: number }[]).map((r) => r.position);
    expect(positions.every((p) => Number.isInteger(p))).toBe(true);
    const [ra, rb, rc] = [readReplica(a), readReplica(b), readReplica(c)];
    expect(rb.history).toEqual(ra.history);
    expect(rc.history).toEqual(ra.history);
    expect(rb.risks).toEqual(ra.risks);
    expect(rc.risks).toEqual(ra.risks);
    for (const r of [ra, rb, rc]) expect(r.integrity).toBe('ok');
    for (const f of [a, b, c]) expect(await ok(['audit', 'verify', '--db', f])).toMatch(/intact/i);
    expect(await ok(['team', 'verify', '--server', team.server])).toMatch(/intact/);

    // The server holds the directory as the laptops do: no owner row for Sam's attempt, none for the removed.
    const sv = new pg.Client({ connectionString: team.server });
    await sv.connect();
    try {
      const held = (
        await sv.query<{ k: string }>(
          "SELECT pk->>0 AS k FROM risk_register.rows WHERE tbl = 'owners' ORDER BY 1",
        )
      ).rows.map((r) => r.k);
      expect(held.sort()).toEqual([...merge.owners].sort());
      const cats = (
        await sv.query<{ k: string }>("SELECT pk->>0 AS k FROM risk_register.rows WHERE tbl = 'categories'")
      ).rows.map((r) => r.k);
      expect(cats.sort()).toEqual([...merge.categories].sort());
    } finally {
      await sv.end();
    }
  }, 240_000);
});
