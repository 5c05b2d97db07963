/**
 * Issue 10: two managers give a new objective the same ref (`OBJ-X`) offline. The server (schema 4) decides once:
 * the one reaching it first keeps `OBJ-X`, the later is stored as `OBJ-X~xxxxxx` (the last six characters of its
 * id, the risks' rule) and flagged by a notice every laptop lists. Every sync and a later `team join` succeed and
 * every laptop holds the server's refs. Keeping `OBJ-X` for the later one is refused; renaming it is an ordinary
 * edit (no conflict) that settles the notice. Real PostgreSQL, real replica files, the app's handler table and the
 * CLI's own code; both orders of the first syncs.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../../db/team/replica.ts';
import { pushOne } from '../../../db/team/sync.ts';
import { ok, readReplica, rr, serverField, takeServerBack } from './team-helpers.ts';
import { addUserWithPassword, onLaptop, setUpTeam, sharedState, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-objref-');

interface Objective {
  id: string;
  ref: string;
  title: string;
}

/** Every objective of a replica (archived too), read from the file, in id order. */
function objectives(path: string): Objective[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, ref, title FROM objectives ORDER BY id').all() as Objective[];
  } finally {
    db.close();
  }
}

const SYNCED = /^\d+ pushed, \d+ pulled, 0 conflicts/;
const NOTICE = /^\d+ pushed, \d+ pulled, 1 conflicts/;

interface Notice {
  id: number;
  ref: string;
  field: string;
  base: unknown;
  theirs: unknown;
  mine: unknown;
  by: string;
}

/** The refs the server holds for these objectives, by id. */
const serverRefs = (server: string, ids: string[]) => serverField(server, 'objectives', 'ref', ids);

describe('the same objective ref added offline on two laptops', () => {
  it.each([
    ['alice', 'bob'],
    ['bob', 'alice'],
  ] as const)(
    '%s syncs first, then %s; a third laptop joins; all keep both with the same refs',
    async (first, second) => {
      // Logins are per cluster: each order has its own people.
      const n = first === 'alice' ? 1 : 2;
      const name = { alice: `alice${n}`, bob: `bob${n}`, carol: `carol${n}` };
      const pw = { alice: 'alice-password-123', bob: 'bob-password-4567', carol: 'carol-password-890' };
      const dbName = `objref_${first}`;
      const team = await setUpTeam(env, dbName, [
        { name: name.alice, role: 'manager', password: pw.alice },
        { name: name.bob, role: 'manager', password: pw.bob },
      ]);
      const files = { alice: team.files[name.alice] ?? '', bob: team.files[name.bob] ?? '' };
      const firstSync = (f: string) => ok(['sync', '--db', f], team.password(f));
      const before = objectives(files.alice);
      expect(before.some((o) => o.ref.toUpperCase().startsWith('OBJ-X'))).toBe(false);

      // Offline: each manager adds OBJ-X, with a different title.
      const madeA = await onLaptop(files.alice, 'Alice', (app) =>
        app.ok('objectives:create', { ref: 'OBJ-X', title: 'Balanced budget (Alice)' }),
      );
      const madeB = await onLaptop(files.bob, 'Bob', (app) =>
        app.ok('objectives:create', { ref: 'OBJ-X', title: 'Safe streets (Bob)' }),
      );

      // Every sync succeeds; the second to reach the server learns its objective was moved aside (a notice).
      expect(await firstSync(files[first])).toMatch(SYNCED);
      expect(await firstSync(files[second])).toMatch(NOTICE);
      expect(await firstSync(files[first])).toMatch(NOTICE);
      expect(await firstSync(files[second])).toMatch(NOTICE);

      // A third laptop joins after both are on the server.
      await addUserWithPassword(team.server, { name: name.carol, role: 'manager', password: pw.carol });
      const carol = env.tmp().file(`${dbName}-carol.riskreg`);
      await ok(['team', 'join', '--server', env.cluster().url(name.carol, pw.carol, dbName), '--db', carol]);
      const laptops = [files.alice, files.bob, carol];
      const passwords = new Map([
        [files.alice, pw.alice],
        [files.bob, pw.bob],
        [carol, pw.carol],
      ]);
      const sync = (f: string) => ok(['sync', '--db', f], passwords.get(f));

      // Both kept everywhere: the first to reach the server holds OBJ-X, the later one is moved aside.
      const firstMade = first === 'alice' ? madeA : madeB;
      const secondMade = first === 'alice' ? madeB : madeA;
      const moved = `OBJ-X~${secondMade.id.slice(-6)}`;
      for (const f of laptops) {
        const objs = objectives(f);
        expect(objs).toHaveLength(before.length + 2);
        expect(objs.find((o) => o.id === firstMade.id)).toMatchObject({
          ref: 'OBJ-X',
          title: firstMade.title,
        });
        expect(objs.find((o) => o.id === secondMade.id)).toMatchObject({
          ref: moved,
          title: secondMade.title,
        });
      }
      const s0 = objectives(files.alice);
      expect(objectives(files.bob)).toEqual(s0);
      expect(objectives(carol)).toEqual(s0);

      // The server holds them under different refs, and the notice names who and what.
      expect(await serverRefs(team.server, [madeA.id, madeB.id])).toEqual({
        [firstMade.id]: 'OBJ-X',
        [secondMade.id]: moved,
      });
      for (const f of laptops) {
        const listed = JSON.parse(await ok(['conflicts', '--db', f, '--json'])) as Notice[];
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({
          ref: moved,
          field: 'objectives.ref',
          base: null,
          theirs: moved,
          mine: 'OBJ-X',
          by: name[second],
        });
      }
      const notice = (JSON.parse(await ok(['conflicts', '--db', carol, '--json'])) as Notice[])[0];
      if (!notice) throw new Error('no notice');

      // Keeping OBJ-X for the later one is refused with what to do; nothing changes.
      const keep = await rr(
        ['conflicts', 'resolve', String(notice.id), '--keep', 'mine', '--db', carol],
        pw.carol,
      );
      expect(keep.code).toBe(1);
      expect(keep.err).toMatch(
        /The ref OBJ-X is held by another objective.*Keep theirs, or give it a free ref/,
      );
      expect(await sync(carol)).toMatch(NOTICE);

      // A manager renames the moved one to OBJ-Y: an ordinary edit, no conflict; the notice is settled.
      const renamer = files[first];
      await onLaptop(renamer, 'Renamer', async (app) => {
        const list = await app.ok('objectives:list', { includeArchived: true });
        const o = list.find((x) => x.id === secondMade.id);
        if (!o) throw new Error('the moved objective is missing');
        expect(o.ref).toBe(moved);
        await app.ok('objectives:update', { id: o.id, version: o.version, changes: { ref: 'OBJ-Y' } });
      });
      expect(await sync(renamer)).toMatch(SYNCED);
      for (const f of laptops) expect(await sync(f)).toMatch(SYNCED);
      for (const f of laptops) {
        expect(JSON.parse(await ok(['conflicts', '--db', f, '--json']))).toEqual([]);
        const objs = objectives(f);
        expect(objs).toHaveLength(before.length + 2);
        expect(objs.find((o) => o.id === firstMade.id)).toMatchObject({
          ref: 'OBJ-X',
          title: firstMade.title,
        });
        expect(objs.find((o) => o.id === secondMade.id)).toMatchObject({
          ref: 'OBJ-Y',
          title: secondMade.title,
        });
        expect(objs.filter((o) => o.ref.includes('~'))).toEqual([]);
      }
      // The same shared state and history everywhere, every file sound; the server holds OBJ-X and OBJ-Y, its notice
      // settled by the rename, and its history chain verifies.
      const sa = sharedState(files.alice);
      const ha = readReplica(files.alice).history;
      for (const f of laptops) {
        expect(sharedState(f)).toEqual(sa);
        const r = readReplica(f);
        expect(r.history).toEqual(ha);
        expect(r.integrity).toBe('ok');
      }
      expect(await serverRefs(team.server, [madeA.id, madeB.id])).toEqual({
        [firstMade.id]: 'OBJ-X',
        [secondMade.id]: 'OBJ-Y',
      });
      const sv = new pg.Client({ connectionString: team.server });
      await sv.connect();
      try {
        const n = await sv.query<{ resolution: string; resolved_by: string }>(
          `SELECT resolution, resolved_by FROM risk_register.conflicts WHERE notice`,
        );
        expect(n.rows).toEqual([{ resolution: 'renamed', resolved_by: name[first] }]);
      } finally {
        await sv.end();
      }
      expect(await ok(['team', 'verify', '--server', team.url(name.alice)])).toMatch(/intact/);
    },
  );
});

/**
 * What a server still at schema 3 did: both objectives stored under OBJ-X. Made here from a server at 6 by taking
 * version 6's functions (version 5's apply_op, version 4's apply_row and resolve_conflict are kept under their
 * version 6 names), version 5's (version 4's apply_op is kept under its version 5 name) and version 4's functions and
 * column away again (version 3's functions are kept under their version 4 names, so renaming them back gives exactly
 * version 3), then each laptop's outbox sent as a version 3 laptop sends it.
 */

describe('a server at schema 3 holding two objectives under one ref', () => {
  it('is upgraded in place: the later moves aside and is flagged, laptops converge, the chain verifies', async () => {
    const name = { alice: 'alice3', bob: 'bob3', carol: 'carol3' };
    const pw = { alice: 'alice-password-333', bob: 'bob-password-3333', carol: 'carol-password-333' };
    const dbName = 'objref_upgrade';
    const team = await setUpTeam(env, dbName, [
      { name: name.alice, role: 'manager', password: pw.alice },
      { name: name.bob, role: 'manager', password: pw.bob },
    ]);
    const files = { alice: team.files[name.alice] ?? '', bob: team.files[name.bob] ?? '' };
    await takeServerBack(team.server, 3, [name.alice, name.bob]);
    expect((await rr(['sync', '--db', files.alice], pw.alice)).err).toMatch(
      /older schema \(3; this app needs 6\)/,
    );

    const madeA = await onLaptop(files.alice, 'Alice', (app) =>
      app.ok('objectives:create', { ref: 'OBJ-X', title: 'Balanced budget (Alice)' }),
    );
    const madeB = await onLaptop(files.bob, 'Bob', (app) =>
      app.ok('objectives:create', { ref: 'obj-x', title: 'Safe streets (Bob)' }),
    );
    // Each laptop's waiting changes reach the schema 3 server (Alice's first): both stored, both under OBJ-X.
    for (const f of [files.alice, files.bob]) {
      const db = new Database(f, { readonly: true, fileMustExist: true });
      const ops = outbox(db);
      db.close();
      const c = new pg.Client({ connectionString: team.url(f === files.alice ? name.alice : name.bob) });
      await c.connect();
      try {
        for (const op of ops) expect((await pushOne(c, op)).status).toBe('accepted');
      } finally {
        await c.end();
      }
    }
    expect(await serverRefs(team.server, [madeA.id, madeB.id])).toEqual({
      [madeA.id]: 'OBJ-X',
      [madeB.id]: 'obj-x',
    });

    expect(await ok(['team', 'upgrade', '--server', team.server])).toMatch(/to schema 6/);
    const moved = `obj-x~${madeB.id.slice(-6)}`;
    expect(await serverRefs(team.server, [madeA.id, madeB.id])).toEqual({
      [madeA.id]: 'OBJ-X',
      [madeB.id]: moved,
    });
    expect(await ok(['team', 'verify', '--server', team.url(name.bob)])).toMatch(/intact/);

    // Every laptop (a new one too) ends with the server's refs and lists the notice; the waiting changes are sent
    // again and answered as before.
    await addUserWithPassword(team.server, { name: name.carol, role: 'manager', password: pw.carol });
    const carol = env.tmp().file(`${dbName}-carol.riskreg`);
    await ok(['team', 'join', '--server', env.cluster().url(name.carol, pw.carol, dbName), '--db', carol]);
    const laptops: [string, string][] = [
      [files.alice, pw.alice],
      [files.bob, pw.bob],
      [carol, pw.carol],
    ];
    for (const [f, p] of laptops) expect(await ok(['sync', '--db', f], p)).toMatch(NOTICE);
    for (const [f] of laptops) {
      const objs = objectives(f);
      expect(objs.find((o) => o.id === madeA.id)?.ref).toBe('OBJ-X');
      expect(objs.find((o) => o.id === madeB.id)?.ref).toBe(moved);
      expect(JSON.parse(await ok(['conflicts', '--db', f, '--json']))).toMatchObject([
        { ref: moved, field: 'objectives.ref', base: null, theirs: moved, mine: 'obj-x', by: name.bob },
      ]);
    }
    // Bob renames it: no conflict, the notice is settled, every laptop follows.
    await onLaptop(files.bob, 'Bob', async (app) => {
      const o = (await app.ok('objectives:list', { includeArchived: true })).find((x) => x.id === madeB.id);
      if (!o) throw new Error('the moved objective is missing');
      await app.ok('objectives:update', { id: o.id, version: o.version, changes: { ref: 'OBJ-Z' } });
    });
    expect(await ok(['sync', '--db', files.bob], pw.bob)).toMatch(/^1 pushed, \d+ pulled, 0 conflicts/);
    for (const [f, p] of laptops) expect(await ok(['sync', '--db', f], p)).toMatch(SYNCED);
    const sa = sharedState(files.alice);
    const ha = readReplica(files.alice).history;
    for (const [f] of laptops) {
      expect(objectives(f).find((o) => o.id === madeB.id)?.ref).toBe('OBJ-Z');
      expect(sharedState(f)).toEqual(sa);
      const r = readReplica(f);
      expect(r.history).toEqual(ha);
      expect(r.integrity).toBe('ok');
    }
    expect(await ok(['team', 'verify', '--server', env.cluster().url(name.carol, pw.carol, dbName)])).toMatch(
      /intact/,
    );
  });
});
