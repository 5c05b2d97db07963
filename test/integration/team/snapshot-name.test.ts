/**
 * Issue 10: two managers take a snapshot of the same name (`Q3 2026/27`) offline on two laptops. A laptop's
 * snapshot names are unique (without regard to case); the server once accepted both (different ids), and the laptop
 * that pulled the other's failed every later sync with "UNIQUE constraint failed: snapshots.name" (its changes
 * waited for ever). Since server schema 6 the server decides once: the snapshot reaching it first keeps the name, the
 * later is stored as `Q3 2026/27 (2)` and flagged by a notice every laptop lists; every laptop applies the server's
 * names (its own copy renamed when the server says so). Every sync and a later `team join` succeed; the history
 * chain stays whole. Real PostgreSQL, real replica files, the app's handler table and the CLI's own code; both
 * orders of the first syncs.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../../db/team/replica.ts';
import { pushOne } from '../../../db/team/sync.ts';
import { ok, readReplica, rr, serverField, takeServerBack } from './team-helpers.ts';
import { addUserWithPassword, onLaptop, setUpTeam, sharedState, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-snapname-');

const NAME = 'Q3 2026/27';
const MOVED = 'Q3 2026/27 (2)';
const SYNCED = /^\d+ pushed, \d+ pulled, 0 conflicts/;
const NOTICE = /^\d+ pushed, \d+ pulled, 1 conflicts/;

interface Snap {
  id: string;
  name: string;
  taken_by: string;
  risks: number;
}

/** Every snapshot of a replica, read from the file, in id order, with its count of frozen risks. */
function snapshots(path: string): Snap[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT s.id, s.name, s.taken_by,
                (SELECT count(*) FROM snapshot_risks r WHERE r.snapshot_id = s.id) AS risks
           FROM snapshots s ORDER BY s.id`,
      )
      .all() as Snap[];
  } finally {
    db.close();
  }
}

/** The names the server holds for these snapshots, by id. */
const serverNames = (server: string, ids: string[]) => serverField(server, 'snapshots', 'name', ids);

describe('the same snapshot name taken offline on two laptops', () => {
  it.each([
    ['alice', 'bob'],
    ['bob', 'alice'],
  ] as const)(
    '%s syncs first, then %s; a third laptop joins; all keep both snapshots under the server’s names',
    async (first, second) => {
      const n = first === 'alice' ? 1 : 2;
      const name = { alice: `salice${n}`, bob: `sbob${n}`, carol: `scarol${n}` };
      const pw = { alice: 'alice-password-123', bob: 'bob-password-4567', carol: 'carol-password-890' };
      const dbName = `snapname_${first}`;
      const team = await setUpTeam(env, dbName, [
        { name: name.alice, role: 'manager', password: pw.alice },
        { name: name.bob, role: 'manager', password: pw.bob },
      ]);
      const files = { alice: team.files[name.alice] ?? '', bob: team.files[name.bob] ?? '' };
      const passwords = new Map([
        [files.alice, pw.alice],
        [files.bob, pw.bob],
      ]);
      const sync = (f: string) => rr(['sync', '--db', f], passwords.get(f));

      // Offline: each manager takes a snapshot called Q3 2026/27 (Bob types it in another case: still the same
      // name on a laptop), and Alice changes a risk so the two differ.
      const takenA = await onLaptop(files.alice, 'Alice', async (app) => {
        const risk = (await app.ok('risks:list', {}))[0];
        if (!risk) throw new Error('the sample has no risks');
        await app.ok('risks:update', {
          id: risk.id,
          version: risk.version,
          changes: { description: 'Changed by Alice' },
        });
        return app.ok('snapshots:take', { name: NAME });
      });
      const takenB = await onLaptop(files.bob, 'Bob', (app) =>
        app.ok('snapshots:take', { name: second === 'bob' ? 'q3 2026/27' : NAME }),
      );
      const taken = { alice: takenA, bob: takenB };
      const firstTaken = taken[first];
      const secondTaken = taken[second];
      const secondName = second === 'bob' ? 'q3 2026/27' : NAME;
      const moved = `${secondName} (2)`;

      // Every sync succeeds; the second to reach the server learns its snapshot was moved aside (a notice).
      for (const [f, expected] of [
        [files[first], SYNCED],
        [files[second], NOTICE],
        [files[first], NOTICE],
        [files[second], NOTICE],
      ] as const) {
        const r = await sync(f);
        expect(r.err).toBe('');
        expect(r.out).toMatch(expected);
      }

      // A third laptop joins after both are on the server.
      await addUserWithPassword(team.server, { name: name.carol, role: 'manager', password: pw.carol });
      const carol = env.tmp().file(`${dbName}-carol.riskreg`);
      await ok(['team', 'join', '--server', env.cluster().url(name.carol, pw.carol, dbName), '--db', carol]);
      passwords.set(carol, pw.carol);
      const laptops = [files.alice, files.bob, carol];
      for (const f of laptops) expect((await sync(f)).out).toMatch(NOTICE);

      // Both kept everywhere, whole: the first to reach the server holds the name, the later one is moved aside.
      for (const f of laptops) {
        const snaps = snapshots(f);
        expect(snaps).toHaveLength(2);
        expect(snaps.find((s) => s.id === firstTaken.id)).toMatchObject({
          name: firstTaken.name,
          risks: firstTaken.riskCount,
        });
        expect(snaps.find((s) => s.id === secondTaken.id)).toMatchObject({
          name: moved,
          risks: secondTaken.riskCount,
        });
      }
      expect(snapshots(files.bob)).toEqual(snapshots(files.alice));
      expect(snapshots(carol)).toEqual(snapshots(files.alice));
      expect(await serverNames(team.server, [takenA.id, takenB.id])).toEqual({
        [firstTaken.id]: firstTaken.name,
        [secondTaken.id]: moved,
      });

      // The notice names who and what, on every laptop; the history records the snapshot under the name it has.
      for (const f of laptops) {
        const listed = JSON.parse(await ok(['conflicts', '--db', f, '--json'])) as Record<string, unknown>[];
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({
          ref: moved,
          field: 'snapshots.name',
          base: null,
          theirs: moved,
          mine: secondName,
          by: name[second],
        });
        const db = new Database(f, { readonly: true, fileMustExist: true });
        try {
          const labels = db
            .prepare(
              `SELECT label FROM history WHERE entity = 'register' AND field = 'snapshot' ORDER BY seq`,
            )
            .all() as { label: string }[];
          expect(labels.map((l) => l.label)).toEqual([
            `Snapshot "${firstTaken.name}"`,
            `Snapshot "${moved}"`,
          ]);
        } finally {
          db.close();
        }
      }
      const notice = (JSON.parse(await ok(['conflicts', '--db', carol, '--json'])) as { id: number }[])[0];
      if (!notice) throw new Error('no notice');

      // Keeping the taken name, or typing another, is refused with what to do; keeping theirs settles the notice.
      const keep = await rr(
        ['conflicts', 'resolve', String(notice.id), '--keep', 'mine', '--db', carol],
        pw.carol,
      );
      expect(keep.code).toBe(1);
      expect(keep.err).toMatch(/held by another snapshot.*Keep theirs/);
      const typed = await rr(
        ['conflicts', 'resolve', String(notice.id), '--value', 'Q3 again', '--db', carol],
        pw.carol,
      );
      expect(typed.code).toBe(1);
      expect(typed.err).toMatch(/cannot be renamed.*Keep theirs/);
      await ok(['conflicts', 'resolve', String(notice.id), '--keep', 'theirs', '--db', carol], pw.carol);
      for (const f of laptops) expect((await sync(f)).out).toMatch(SYNCED);

      // The same shared state and history everywhere, every file sound, the server's chain intact.
      const sa = sharedState(files.alice);
      const ha = readReplica(files.alice).history;
      for (const f of laptops) {
        expect(sharedState(f)).toEqual(sa);
        const r = readReplica(f);
        expect(r.history).toEqual(ha);
        expect(r.integrity).toBe('ok');
        expect(await ok(['audit', 'verify', '--db', f])).toMatch(/intact/i);
      }
      expect(await ok(['team', 'verify', '--server', team.url(name.alice)])).toMatch(/intact/);
    },
  );
});

/**
 * What a server still at schema 5 did: both snapshots stored under one name. Made here from a server at 6 by taking
 * version 6's functions away again (version 5's apply_op, version 4's apply_row and resolve_conflict are kept under
 * their version 6 names, so renaming them back gives exactly version 5).
 */

describe('a server at schema 5 holding two snapshots under one name', () => {
  it('is upgraded in place: the later moves aside and is flagged, every laptop converges, the chain verifies', async () => {
    const name = { alice: 'salice5', bob: 'sbob5', carol: 'scarol5' };
    const pw = { alice: 'alice-password-555', bob: 'bob-password-5555', carol: 'carol-password-555' };
    const dbName = 'snapname_upgrade';
    const team = await setUpTeam(env, dbName, [
      { name: name.alice, role: 'manager', password: pw.alice },
      { name: name.bob, role: 'manager', password: pw.bob },
    ]);
    const files = { alice: team.files[name.alice] ?? '', bob: team.files[name.bob] ?? '' };
    await takeServerBack(team.server, 5, [name.alice, name.bob]);
    // Laptops refuse the older server, saying what to do.
    expect((await rr(['sync', '--db', files.alice], pw.alice)).err).toMatch(
      /older schema \(5; this app needs 6\).*risk-register team upgrade --server URL/,
    );

    const takenA = await onLaptop(files.alice, 'Alice', (app) => app.ok('snapshots:take', { name: NAME }));
    const takenB = await onLaptop(files.bob, 'Bob', (app) => app.ok('snapshots:take', { name: NAME }));
    // Each laptop's waiting changes reach the schema 5 server as a version 5 laptop sends them (Alice's first).
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
        for (const op of ops) expect((await pushOne(c, op)).status).toBe('accepted');
      } finally {
        await c.end();
      }
    }
    expect(await serverNames(team.server, [takenA.id, takenB.id])).toEqual({
      [takenA.id]: NAME,
      [takenB.id]: NAME,
    });

    expect(await ok(['team', 'upgrade', '--server', team.server])).toMatch(/to schema 6/);
    expect(await serverNames(team.server, [takenA.id, takenB.id])).toEqual({
      [takenA.id]: NAME,
      [takenB.id]: MOVED,
    });
    expect(await ok(['team', 'verify', '--server', team.url(name.bob)])).toMatch(/intact/);

    // Every laptop (a new one too) ends with the server's names and lists the notice; the waiting changes are sent
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
      const snaps = snapshots(f);
      expect(snaps.map((x) => [x.id, x.name])).toEqual([
        [takenA.id, NAME],
        [takenB.id, MOVED],
      ]);
      expect(snaps.map((x) => x.risks)).toEqual([takenA.riskCount, takenB.riskCount]);
      expect(JSON.parse(await ok(['conflicts', '--db', f, '--json']))).toMatchObject([
        { ref: MOVED, field: 'snapshots.name', base: null, theirs: MOVED, mine: NAME, by: name.bob },
      ]);
    }
    // Bob keeps theirs: the notice is settled everywhere.
    const notice = (JSON.parse(await ok(['conflicts', '--db', files.bob, '--json'])) as { id: number }[])[0];
    await ok(['conflicts', 'resolve', String(notice?.id), '--keep', 'theirs', '--db', files.bob], pw.bob);
    for (const [f, p] of laptops) expect(await ok(['sync', '--db', f], p)).toMatch(SYNCED);
    const sa = sharedState(files.alice);
    const ha = readReplica(files.alice).history;
    for (const [f] of laptops) {
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
