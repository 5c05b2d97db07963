/**
 * Issue 10: two managers give a new objective the same ref (`OBJ-X`) offline. The server keeps both (objectives
 * travel keyed by id); each laptop applies them in the server's order and the objective already holding the ref
 * moves aside to `OBJ-X~xxxxxx` (the risks' rule), so every sync and a later `team join` succeed and every laptop
 * ends with the same refs. A manager then renames the moved one. Real PostgreSQL, real replica files, the app's
 * handler table and the CLI's own code; both orders of the first syncs.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ok, readReplica } from './team-helpers.ts';
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

      // Every sync succeeds (before the fix the second one failed with UNIQUE constraint failed: objectives.ref).
      for (const f of [files[first], files[second], files[first], files[second]]) {
        expect(await firstSync(f)).toMatch(SYNCED);
      }

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

      // Both kept everywhere; the one the server recorded last holds OBJ-X, the other moved aside.
      const secondMade = second === 'alice' ? madeA : madeB;
      const firstMade = second === 'alice' ? madeB : madeA;
      const moved = `OBJ-X~${firstMade.id.slice(-6)}`;
      for (const f of laptops) {
        const objs = objectives(f);
        expect(objs).toHaveLength(before.length + 2);
        expect(objs.find((o) => o.id === secondMade.id)).toMatchObject({
          ref: 'OBJ-X',
          title: secondMade.title,
        });
        expect(objs.find((o) => o.id === firstMade.id)).toMatchObject({ ref: moved, title: firstMade.title });
      }
      const s0 = objectives(files.alice);
      expect(objectives(files.bob)).toEqual(s0);
      expect(objectives(carol)).toEqual(s0);

      // The server still holds both under OBJ-X (nothing renamed there yet).
      const sv = new pg.Client({ connectionString: team.server });
      await sv.connect();
      try {
        const refs = (
          await sv.query<{ ref: string }>(
            `SELECT data->>'ref' AS ref FROM risk_register.rows WHERE tbl = 'objectives' AND pk->>0 = ANY($1)`,
            [[madeA.id, madeB.id]],
          )
        ).rows.map((r) => r.ref);
        expect(refs).toEqual(['OBJ-X', 'OBJ-X']);
      } finally {
        await sv.end();
      }

      // A manager renames the moved one to OBJ-Y; after a round every laptop shows OBJ-X and OBJ-Y.
      const renamer = files[second];
      await onLaptop(renamer, 'Renamer', async (app) => {
        const list = await app.ok('objectives:list', { includeArchived: true });
        const o = list.find((x) => x.id === firstMade.id);
        if (!o) throw new Error('the moved objective is missing');
        expect(o.ref).toBe(moved);
        await app.ok('objectives:update', { id: o.id, version: o.version, changes: { ref: 'OBJ-Y' } });
      });
      // The server still has OBJ-X for it, not the laptop's OBJ-X~…: the rename is flagged as a conflict on the ref
      // (not lost), undone on the laptop until resolved; the manager keeps theirs (`--keep mine`: OBJ-Y) and every laptop follows.
      expect(await sync(renamer)).toMatch(/^\d+ pushed, \d+ pulled, 1 conflicts/);
      const conflicts = JSON.parse(await ok(['conflicts', '--db', renamer, '--json'])) as {
        id: number;
        field: string;
        base: unknown;
        theirs: unknown;
        mine: unknown;
      }[];
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({
        field: 'objectives.ref',
        base: moved,
        theirs: 'OBJ-X',
        mine: 'OBJ-Y',
      });
      // Meanwhile the server's image of the renamed one (its version moved, its ref still OBJ-X) takes OBJ-X back and
      // the other moves aside: the same on every laptop after a round.
      const flipped = `OBJ-X~${secondMade.id.slice(-6)}`;
      for (const f of laptops) expect(await sync(f)).toMatch(/^\d+ pushed, \d+ pulled, 1 conflicts/);
      for (const f of laptops) {
        const objs = objectives(f);
        expect(objs.find((o) => o.id === firstMade.id)?.ref).toBe('OBJ-X');
        expect(objs.find((o) => o.id === secondMade.id)?.ref).toBe(flipped);
      }
      expect(
        await ok(
          ['conflicts', 'resolve', String(conflicts[0]?.id), '--keep', 'mine', '--db', renamer],
          passwords.get(renamer),
        ),
      ).toMatch(/resolved/);
      for (const f of laptops) expect(await sync(f)).toMatch(SYNCED);
      for (const f of laptops) {
        const objs = objectives(f);
        expect(objs).toHaveLength(before.length + 2);
        expect(objs.find((o) => o.id === secondMade.id)).toMatchObject({
          ref: 'OBJ-X',
          title: secondMade.title,
        });
        expect(objs.find((o) => o.id === firstMade.id)).toMatchObject({
          ref: 'OBJ-Y',
          title: firstMade.title,
        });
        expect(objs.filter((o) => o.ref.includes('~'))).toEqual([]);
      }
      // The same shared state and history everywhere, every file sound; the server now holds OBJ-X and OBJ-Y.
      const sa = sharedState(files.alice);
      const ha = readReplica(files.alice).history;
      for (const f of laptops) {
        expect(sharedState(f)).toEqual(sa);
        const r = readReplica(f);
        expect(r.history).toEqual(ha);
        expect(r.integrity).toBe('ok');
      }
      const sv2 = new pg.Client({ connectionString: team.server });
      await sv2.connect();
      try {
        const refs = (
          await sv2.query<{ id: string; ref: string }>(
            `SELECT pk->>0 AS id, data->>'ref' AS ref FROM risk_register.rows WHERE tbl = 'objectives' AND pk->>0 = ANY($1)`,
            [[madeA.id, madeB.id]],
          )
        ).rows;
        expect(Object.fromEntries(refs.map((r) => [r.id, r.ref]))).toEqual({
          [firstMade.id]: 'OBJ-Y',
          [secondMade.id]: 'OBJ-X',
        });
      } finally {
        await sv2.end();
      }
    },
  );
});
