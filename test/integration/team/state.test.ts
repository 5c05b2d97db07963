/**
 * Beyond the risks: reviews, actions, controls and their links, objectives and their links, the band key and
 * snapshots made offline on one laptop arrive as *state* on the others (the generic row mechanism of
 * db/team/row-spec.ts), with one history and one hash chain; an owner's action on someone else's risk is refused by
 * the server, undone on their laptop and listed; a conflicting edit of an action is flagged and resolved with a
 * typed value. Real PostgreSQL, real replica files, the app's own handler table and CLI code.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { RiskRecord } from '../../../shared/domain.ts';
import type { App } from '../helpers.ts';
import { ok, readReplica, rr } from './team-helpers.ts';
import { onLaptop, setUpTeam, sharedState, useTeamEnv } from './team-setup.ts';

const env = useTeamEnv('rr-team-state-');

async function byRef(app: App, ref: string): Promise<RiskRecord> {
  const r = await app.ok('risks:find-by-ref', { ref });
  if (!r) throw new Error(`no ${ref}`);
  return r;
}

describe('state beyond the risks travels between laptops', () => {
  it('reviews, actions, controls, objectives, the key and snapshots made offline arrive as state', async () => {
    const pw = { alice: 'alice-password-123', bob: 'bob-password-4567', sam: 'sam-password-8901' };
    const team = await setUpTeam(env, 'state', [
      { name: 'alice', role: 'manager', password: pw.alice },
      { name: 'bob', role: 'manager', password: pw.bob },
      { name: 'sam', role: 'owner', owner: 'SP', password: pw.sam },
    ]);
    const server = team.server;
    const a = team.files['alice'] ?? '';
    const b = team.files['bob'] ?? '';
    const c = team.files['sam'] ?? '';
    const password = team.password;

    const all = await onLaptop(a, 'Alice', (app) => app.ok('risks:list', {}));
    const X = all.find((r) => r.owners.includes('SP'));
    const W = all.find((r) => !r.owners.includes('SP'));
    if (!X || !W) throw new Error('the sample changed');

    // ── Offline on Alice's laptop (a manager) ──
    await onLaptop(a, 'Alice', async (app) => {
      const x = await byRef(app, X.ref);
      await app.ok('reviews:record', { id: x.id, version: x.version, note: 'Alice reviewed it' });
      await app.ok('actions:create', { riskId: X.id, text: 'Alice: brief the cabinet', owner: 'SP' });
      const control = await app.ok('controls:create', {
        text: 'Monthly budget monitoring',
        riskIds: [X.id],
        owner: 'SP',
      });
      await app.ok('controls:link', { id: control.id, riskId: W.id });
      const objective = await app.ok('objectives:create', { ref: 'OBJ-9', title: 'Balanced budget' });
      await app.ok('objectives:link', { objectiveId: objective.id, riskId: W.id });
      const key = await app.ok('key:get', {});
      await app.ok('key:set', {
        key: key.map((band, i) => (i === 0 ? { ...band, action: 'Accept; look again each year' } : band)),
      });
      await app.ok('snapshots:take', { name: 'Q3 team' });
    });
    // ── Offline on Sam's laptop (owner of X, not of W) ──
    await onLaptop(c, 'Sam', async (app) => {
      const x = await byRef(app, X.ref);
      await app.ok('reviews:record', { id: x.id, version: x.version, note: 'Sam reviewed it' });
      await app.ok('actions:create', { riskId: X.id, text: 'Sam: chase the supplier' });
      await app.ok('actions:create', { riskId: W.id, text: 'Sam: not my risk' });
      expect(await app.ok('actions:list', { riskId: W.id })).toHaveLength(1);
    });

    for (const f of [c, a, b, c, a]) {
      expect(await ok(['sync', '--db', f], password(f))).toMatch(/^\d+ pushed, \d+ pulled, 0 conflicts/);
    }

    // Bob made nothing himself, yet has it all as state.
    await onLaptop(b, 'Bob', async (app) => {
      const notes = (await app.ok('reviews:list', { id: X.id })).map((r) => r.note).sort();
      expect(notes).toEqual(['Alice reviewed it', 'Sam reviewed it']);
      const actionsX = (await app.ok('actions:list', { riskId: X.id })).map((x) => x.text).sort();
      expect(actionsX).toEqual(['Alice: brief the cabinet', 'Sam: chase the supplier']);
      expect(await app.ok('actions:list', { riskId: W.id })).toEqual([]);
      const controlsW = await app.ok('controls:for-risk', { riskId: W.id });
      expect(controlsW.controls.map((k) => k.text)).toEqual(['Monthly budget monitoring']);
      expect(controlsW.controls[0]?.owner).toBe('SP');
      expect((await app.ok('objectives:of-risk', { riskId: W.id })).map((o) => o.ref)).toEqual(['OBJ-9']);
      expect((await app.ok('key:get', {}))[0]?.action).toBe('Accept; look again each year');
      const snaps = await app.ok('snapshots:list', {});
      expect(snaps.map((s) => s.name)).toEqual(['Q3 team']);
      const detail = await app.ok('snapshots:get', { id: snaps[0]?.id ?? '' });
      expect(detail.risks).toHaveLength(all.length);
    });

    // Sam's action on W: refused by the server, gone from his laptop, listed with the reason.
    const status = JSON.parse(await ok(['team', 'status', '--db', c, '--json'])) as {
      rejected: { ref: string; reason: string; action: string }[];
      waiting: number;
    };
    expect(status.waiting).toBe(0);
    expect(status.rejected).toHaveLength(1);
    expect(status.rejected[0]).toMatchObject({ ref: W.ref, action: 'create' });
    expect(status.rejected[0]?.reason).toMatch(
      /not by sam \(SP\): an owner may add and change actions only on the risks they own/,
    );
    // The refusal names the risk's owners, as a refused score does (server schema 6; it said "owned by nobody").
    expect(W.owners.length).toBeGreaterThan(0);
    expect(status.rejected[0]?.reason).toContain(
      `${W.ref} is owned by ${W.owners.join('/')}, not by sam (SP): an owner may add and change actions`,
    );
    await onLaptop(c, 'Sam', async (app) => {
      expect(await app.ok('actions:list', { riskId: W.id })).toEqual([]);
    });

    // The same shared state, history and hash chain everywhere; every file verifies.
    const sa = sharedState(a);
    expect(sharedState(b)).toEqual(sa);
    expect(sharedState(c)).toEqual(sa);
    const [ra, rb, rc] = [readReplica(a), readReplica(b), readReplica(c)];
    expect(rb.history).toEqual(ra.history);
    expect(rc.history).toEqual(ra.history);
    expect(rb.risks).toEqual(ra.risks);
    expect(rc.risks).toEqual(ra.risks);
    for (const r of [ra, rb, rc]) expect(r.integrity).toBe('ok');
    const sv = new pg.Client({ connectionString: server });
    await sv.connect();
    try {
      const rows = (
        await sv.query<{ seq: string; hash: string }>(
          'SELECT seq, hash FROM risk_register.history ORDER BY seq',
        )
      ).rows.map((h) => ({ seq: Number(h.seq), hash: h.hash }));
      expect(rows).toEqual(ra.history.map((h) => ({ seq: h.seq, hash: h.hash })));
    } finally {
      await sv.end();
    }
    for (const f of [a, b, c]) expect(await ok(['audit', 'verify', '--db', f])).toMatch(/intact/i);
    expect(await ok(['team', 'verify', '--server', server])).toMatch(/intact/);

    // ── The same action changed on two laptops: a conflict on its text, resolved with a typed value ──
    const actionId = await onLaptop(a, 'Alice', async (app) => {
      const act = (await app.ok('actions:list', { riskId: X.id })).find((x) => x.text.startsWith('Alice'));
      if (!act) throw new Error('no action');
      await app.ok('actions:update', { id: act.id, version: act.version, changes: { text: 'Alice v2' } });
      return act.id;
    });
    await onLaptop(b, 'Bob', async (app) => {
      const act = (await app.ok('actions:list', { riskId: X.id })).find((x) => x.id === actionId);
      if (!act) throw new Error('no action');
      await app.ok('actions:update', {
        id: act.id,
        version: act.version,
        changes: { text: 'Bob v2', status: 'in_progress' },
      });
    });
    await ok(['sync', '--db', a], pw.alice);
    expect(await ok(['sync', '--db', b], pw.bob)).toMatch(/1 conflicts/);
    await ok(['sync', '--db', a], pw.alice);
    const conflicts = JSON.parse(await ok(['conflicts', '--db', a, '--json'])) as {
      id: number;
      field: string;
      theirs: unknown;
      mine: unknown;
    }[];
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ field: 'actions.text', theirs: 'Alice v2', mine: 'Bob v2' });
    // Bob's other change to the same action (its status) landed; the text kept Alice's until resolved.
    const act = (b2: string) =>
      onLaptop(b2, 'Check', async (app) =>
        (await app.ok('actions:list', { riskId: X.id })).find((x) => x.id === actionId),
      );
    expect(await act(b)).toMatchObject({ text: 'Alice v2', status: 'in_progress' });
    const bad = await rr(
      ['conflicts', 'resolve', String(conflicts[0]?.id), '--value', 'x', '--keep', 'mine', '--db', b],
      pw.bob,
    );
    expect(bad.code).not.toBe(0);
    expect(
      await ok(
        ['conflicts', 'resolve', String(conflicts[0]?.id), '--value', 'Agreed text', '--db', b],
        pw.bob,
      ),
    ).toMatch(/Conflict \d+ resolved \(applied "Agreed text"\)/);
    await ok(['sync', '--db', a], pw.alice);
    await ok(['sync', '--db', c], pw.sam);
    for (const f of [a, b, c]) {
      expect(await act(f)).toMatchObject({ text: 'Agreed text', status: 'in_progress' });
      expect(JSON.parse(await ok(['conflicts', '--db', f, '--json']))).toEqual([]);
    }
    const resolved = readReplica(a).history.at(-1);
    expect(resolved).toMatchObject({ by: 'bob', action: 'update', field: 'text' });
    expect(sharedState(b)).toEqual(sharedState(a));
    expect(sharedState(c)).toEqual(sharedState(a));
    expect(readReplica(b).history).toEqual(readReplica(a).history);
    expect(readReplica(c).history).toEqual(readReplica(a).history);
    for (const f of [a, b, c]) expect(await ok(['audit', 'verify', '--db', f])).toMatch(/intact/i);
  }, 240_000);
});
