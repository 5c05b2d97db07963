/**
 * The team register end to end against a real PostgreSQL server: the LGA sample published, two laptops (two
 * replica files) joined as a manager and as an owner, scripted offline edits, then sync rounds in two orders.
 * Every edit goes through the app's own handler table on the laptop's file; sync, status and conflicts through the
 * CLI's own code. Asserts the expected conflicts and refusals, and identical risks, history and hash chain on both
 * laptops and the server.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { RiskRecord } from '../../../shared/domain.ts';
import type { App } from '../helpers.ts';
import { ok, readReplica, rr } from './team-helpers.ts';
import { onLaptop, setUpTeam, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-');

async function byRef(app: App, ref: string): Promise<RiskRecord> {
  const r = await app.ok('risks:find-by-ref', { ref });
  if (!r) throw new Error(`no ${ref}`);
  return r;
}

async function serverHistory(url: string): Promise<{ seq: number; hash: string }[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows = (
      await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM risk_register.history ORDER BY seq')
    ).rows;
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
  } finally {
    await c.end();
  }
}

interface Conflict {
  id: number;
  ref: string;
  field: string;
  base: unknown;
  theirs: unknown;
  mine: unknown;
  by: string;
  at: string;
}

describe.each([
  { order: 'manager first', first: 'a', db: 'order1' },
  { order: 'owner first', first: 'b', db: 'order2' },
] as const)('two laptops, offline edits, $order', ({ first, db }) => {
  it('merges, flags conflicts and refusals, and converges with one verified history', async () => {
    // A fresh database per order, on the same throwaway cluster. Login roles belong to the cluster, so each
    // database's people get their own names.
    const alicePw = 'alice-password-123';
    const samPw = 'sam-password-4567';
    const alice = `alice_${db}`;
    const sam = `sam_${db}`;
    const team = await setUpTeam(env, db, [
      { name: alice, role: 'manager', password: alicePw },
      { name: sam, role: 'owner', owner: 'SP', password: samPw },
    ]);
    const server = team.server;
    const published = team.published;
    expect(team.publishOut).toMatch(/19 risks, 19 history entries/);
    // add-user with a generated password (printed once).
    const gen = await ok(['team', 'add-user', `gen_${db}`, '--role', 'viewer', '--server', server]);
    expect(gen).toMatch(/Password \(shown once; give it to gen_order\d privately\): \S{20,}/);
    const a = team.files[alice] ?? '';
    const b = team.files[sam] ?? '';
    const wrong = env.tmp().file(`${db}-wrong.riskreg`);
    await ok([
      'team',
      'join',
      '--server',
      env.cluster().url(sam, 'wrong-password-0', db),
      '--db',
      wrong,
    ]).then(
      () => {
        throw new Error('a wrong password joined');
      },
      (e: Error) => expect(e.message).toMatch(/refused the login/),
    );
    expect(team.joinOut[sam]).toMatch(new RegExp(`Joined as ${sam} \\(owner\\)`));
    // A refused join leaves nothing in the way: the same file joins with the right password.
    expect(await ok(['team', 'join', '--server', team.url(sam), '--db', wrong])).toMatch(
      new RegExp(`Joined as ${sam} \\(owner\\)`),
    );
    // The password is in no register file.
    for (const f of [a, b, published]) {
      const text = (await import('node:fs')).readFileSync(f).toString('latin1');
      expect(text).not.toContain(alicePw);
      expect(text).not.toContain(samPw);
    }

    // Risks for the script: X, Y, Z owned by SP; W not.
    const all = await onLaptop(a, 'Alice', (app) => app.ok('risks:list', {}));
    const spRisks = all.filter((r) => r.owners.includes('SP'));
    const [X, Y, Z] = spRisks;
    const W = all.find((r) => !r.owners.includes('SP'));
    if (!X || !Y || !Z || !W) throw new Error('the sample changed');
    const category = X.category;

    // ── Offline edits on the manager's laptop (A) ──
    await onLaptop(a, 'Alice', async (app) => {
      let x = await byRef(app, X.ref);
      x = await app.ok('risks:update-score', {
        id: x.id,
        version: x.version,
        which: 'current',
        impact: 4,
        likelihood: 4,
      });
      await app.ok('risks:update', {
        id: x.id,
        version: x.version,
        changes: { description: 'Alice rewrote this' },
      });
      const y = await byRef(app, Y.ref);
      await app.ok('risks:update-score', {
        id: y.id,
        version: y.version,
        which: 'target',
        impact: 1,
        likelihood: 1,
      });
      const z = await byRef(app, Z.ref);
      await app.ok('risks:archive', { id: z.id, version: z.version });
      await app.ok('risks:create', {
        ref: 'NEW1',
        category,
        description: 'Made by Alice',
        impact: 2,
        likelihood: 2,
      });
    });
    // ── Offline edits on the owner's laptop (B) ──
    await onLaptop(b, 'Sam', async (app) => {
      let x = await byRef(app, X.ref);
      x = await app.ok('risks:update-score', {
        id: x.id,
        version: x.version,
        which: 'current',
        impact: 2,
        likelihood: 2,
      });
      await app.ok('risks:update', {
        id: x.id,
        version: x.version,
        changes: { mitigation: 'Sam added controls' },
      });
      const y = await byRef(app, Y.ref);
      await app.ok('risks:update-score', {
        id: y.id,
        version: y.version,
        which: 'target',
        impact: 1,
        likelihood: 1,
      });
      const z = await byRef(app, Z.ref);
      await app.ok('risks:update', { id: z.id, version: z.version, changes: { mitigation: 'Sam edits Z' } });
      await app.ok('risks:create', {
        ref: 'NEW1',
        category,
        description: 'Made by Sam',
        impact: 3,
        likelihood: 3,
        owners: ['SP'],
      });
      const w = await byRef(app, W.ref);
      await app.ok('risks:update-score', {
        id: w.id,
        version: w.version,
        which: 'current',
        impact: 1,
        likelihood: 1,
      });
    });
    const waitingA = JSON.parse(await ok(['team', 'status', '--db', a, '--json'])) as { waiting: number };
    const waitingB = JSON.parse(await ok(['team', 'status', '--db', b, '--json'])) as { waiting: number };
    expect(waitingA.waiting).toBe(5);
    expect(waitingB.waiting).toBe(6);

    // ── Sync: first, second, first again (so both have seen everything) ──
    const files = first === 'a' ? [a, b, a] : [b, a, b];
    const pw = (f: string) => (f === a ? alicePw : samPw);
    const outs: string[] = [];
    for (const f of files) outs.push(await ok(['sync', '--db', f], pw(f)));
    for (const o of outs) expect(o).toMatch(/^\d+ pushed, \d+ pulled, \d+ conflicts/);
    await ok(['sync', '--db', files[1] ?? b], pw(files[1] ?? b));

    // The expected conflicts, the same list on both laptops.
    const ca = JSON.parse(await ok(['conflicts', '--db', a, '--json'])) as Conflict[];
    const cb = JSON.parse(await ok(['conflicts', '--db', b, '--json'])) as Conflict[];
    expect(cb).toEqual(ca);
    const score = ca.find((c) => c.field === 'current');
    expect(score).toMatchObject({
      ref: X.ref,
      base: { impact: X.impact, likelihood: X.likelihood },
      theirs: first === 'a' ? { impact: 4, likelihood: 4 } : { impact: 2, likelihood: 2 },
      mine: first === 'a' ? { impact: 2, likelihood: 2 } : { impact: 4, likelihood: 4 },
      by: first === 'a' ? sam : alice,
    });
    const refFlag = ca.find((c) => c.field === 'ref');
    expect(refFlag).toMatchObject({ theirs: 'NEW1-2', mine: 'NEW1', by: first === 'a' ? sam : alice });
    const archived = ca.find((c) => c.field === 'mitigation');
    if (first === 'a') {
      // Sam edited Z after Alice archived it.
      expect(archived).toMatchObject({ ref: Z.ref, mine: 'Sam edits Z', by: sam });
      expect(archived?.theirs).toHaveProperty('archivedAt');
      expect(ca).toHaveLength(3);
    } else {
      // Sam's edit landed first; archiving afterwards is no conflict.
      expect(archived).toBeUndefined();
      expect(ca).toHaveLength(2);
    }
    // No conflict for the same value (Y's target), none for different fields of X.
    expect(ca.filter((c) => c.ref === Y.ref)).toEqual([]);
    expect(ca.filter((c) => c.ref === X.ref && c.field !== 'current')).toEqual([]);

    // The owner's edit of someone else's risk: refused, kept with the reason, and undone on the laptop.
    const statusB = JSON.parse(await ok(['team', 'status', '--db', b, '--json'])) as {
      rejected: { ref: string; reason: string }[];
      waiting: number;
    };
    expect(statusB.waiting).toBe(0);
    expect(statusB.rejected).toHaveLength(1);
    expect(statusB.rejected[0]?.ref).toBe(W.ref);
    expect(statusB.rejected[0]?.reason).toContain(
      `not by ${sam} (SP): an owner may change only the risks they own`,
    );
    expect(await ok(['team', 'status', '--db', b])).toMatch(/refused: update .* current: .* is owned by/);

    // The window reads the same through the handler table; a refusal can be dismissed once read.
    await onLaptop(b, 'Sam', async (app) => {
      const st = await app.ok('team:status', {});
      expect(st).toMatchObject({ user: sam, role: 'owner', owner: 'SP', waiting: 0, conflicts: cb.length });
      expect(st?.rejected.map((r) => r.ref)).toEqual([W.ref]);
      expect(await app.ok('conflicts:list', {})).toEqual(cb);
      const id = st?.rejected[0]?.id ?? 0;
      expect(await app.ok('team:dismiss-rejected', { id })).toEqual({ dismissed: true });
      expect(await app.ok('team:dismiss-rejected', { id })).toEqual({ dismissed: false });
      expect((await app.ok('team:status', {}))?.rejected).toEqual([]);
    });

    // Identical risks, history and hash chain on both laptops and the server.
    const ra = readReplica(a);
    const rb = readReplica(b);
    expect(rb.risks).toEqual(ra.risks);
    expect(rb.history).toEqual(ra.history);
    expect(ra.integrity).toBe('ok');
    expect(rb.integrity).toBe('ok');
    expect(await serverHistory(server)).toEqual(ra.history.map((h) => ({ seq: h.seq, hash: h.hash })));
    for (const f of [a, b]) expect(await ok(['audit', 'verify', '--db', f])).toMatch(/intact/i);
    expect(await ok(['team', 'verify', '--server', server])).toMatch(/The server history is intact/);

    // Who: the server recorded the login, not the name typed on the laptop.
    const byWho = new Set(ra.history.slice(19).map((h) => h.by));
    expect([...byWho].sort()).toEqual([alice, sam].sort());

    // The merged values.
    const x = ra.risks.find((r) => r.id === X.id);
    expect(x).toMatchObject({ description: 'Alice rewrote this', mitigation: 'Sam added controls' });
    expect([x?.impact, x?.likelihood]).toEqual(first === 'a' ? [4, 4] : [2, 2]);
    const y = ra.risks.find((r) => r.id === Y.id);
    expect([y?.target_impact, y?.target_likelihood]).toEqual([1, 1]);
    const z = ra.risks.find((r) => r.id === Z.id);
    expect(z?.archived_at).not.toBeNull();
    expect(z?.mitigation).toBe(first === 'a' ? Z.mitigation : 'Sam edits Z');
    const w = ra.risks.find((r) => r.id === W.id);
    expect([w?.impact, w?.likelihood]).toEqual([W.impact, W.likelihood]);
    const news = ra.risks
      .filter((r) => r.ref.startsWith('NEW1'))
      .map((r) => [r.ref, r.description])
      .sort();
    expect(news).toEqual(
      first === 'a'
        ? [
            ['NEW1', 'Made by Alice'],
            ['NEW1-2', 'Made by Sam'],
          ]
        : [
            ['NEW1', 'Made by Sam'],
            ['NEW1-2', 'Made by Alice'],
          ],
    );

    // Resolving the score conflict by keeping mine is an edit every laptop receives.
    const loser = first === 'a' ? b : a;
    const winner = first === 'a' ? a : b;
    expect(
      await ok(['conflicts', 'resolve', String(score?.id), '--keep', 'mine', '--db', loser], pw(loser)),
    ).toMatch(/Conflict \d+ resolved \(kept mine\)/);
    await ok(['sync', '--db', winner], pw(winner));
    const after = readReplica(winner).risks.find((r) => r.id === X.id);
    expect([after?.impact, after?.likelihood]).toEqual(first === 'a' ? [2, 2] : [4, 4]);
    const left = JSON.parse(await ok(['conflicts', '--db', winner, '--json'])) as Conflict[];
    expect(left.map((c) => c.id)).not.toContain(score?.id);
    expect(readReplica(winner).history).toEqual(readReplica(loser).history);
    // The manager renames X's category and an owner's initials: every laptop follows, and both still verify.
    const renamed = `${category} (renamed)`;
    await onLaptop(a, 'Alice', async (app) => {
      const cat = (await app.ok('categories:list', {})).find((c) => c.name === category);
      if (!cat) throw new Error('no category');
      await app.ok('categories:rename', { id: cat.id, version: cat.version, name: renamed });
      const owner = (await app.ok('owners:list', {})).find((o) => o.initials === 'VV');
      if (!owner) throw new Error('no owner VV');
      await app.ok('owners:update', { id: owner.id, version: owner.version, changes: { initials: 'VVX' } });
    });
    await ok(['sync', '--db', a], alicePw);
    await ok(['sync', '--db', b], samPw);
    for (const f of [a, b]) {
      expect(await ok(['audit', 'verify', '--db', f])).toMatch(/intact/i);
      await onLaptop(f, 'Check', async (app) => {
        expect((await byRef(app, X.ref)).category).toBe(renamed);
        expect((await app.ok('owners:list', {})).map((o) => o.initials)).toContain('VVX');
      });
    }
    expect(readReplica(b).history).toEqual(readReplica(a).history);

    // A single-user register is unchanged: no team row, so its writes add nothing to an outbox.
    const solo = env.tmp().file(`${db}-solo.riskreg`);
    await ok(['init', '--db', solo, '--sample']);
    await ok(['set-score', X.ref, '--impact', '5', '--likelihood', '5', '--db', solo]);
    await onLaptop(solo, 'Solo', async (app) => {
      expect(await app.ok('team:status', {})).toBeNull();
      expect(await app.ok('conflicts:list', {})).toEqual([]);
    });
    const s = await rr(['sync', '--db', solo]);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/single-user register, not a team replica/);
  }, 180_000);
});
