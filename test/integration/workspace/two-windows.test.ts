import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from './harness.ts';
import { attach, newWorkspace, removeTempDirs } from './harness.ts';

const open: Workspace[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
  removeTempDirs();
});

describe('two windows (or two copies of the app) on one register file', () => {
  it("see each other's commits, and a stale edit is refused with CONFLICT and the fresh values", async () => {
    const a = await newWorkspace();
    open.push(a);
    const b = attach(a.path, 'Ben Other', '2026-05-01T10:00:00.000Z');
    open.push(b);
    await b.ok('register:open', { path: a.path });

    // Both read SR4.
    const seenByA = await a.risk('SR4');
    const seenByB = await b.risk('SR4');
    expect(seenByB.version).toBe(seenByA.version);

    // B changes the current score; A sees it on its next read.
    const byB = await b.ok('risks:update-score', {
      id: seenByB.id,
      version: seenByB.version,
      impact: 5,
      likelihood: 5,
    });
    const fresh = await a.risk('SR4');
    expect([fresh.impact, fresh.likelihood, fresh.version]).toEqual([5, 5, byB.version]);

    // A, still holding the old version, edits: refused, nothing overwritten, the fresh values come back.
    const err = await a.fail('risks:update', {
      id: seenByA.id,
      version: seenByA.version,
      changes: { description: 'Written on stale data' },
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(
      /^SR4 was changed by Ben Other at \d\d:\d\d on \d\d\/\d\d\/\d{4} after you opened it\./,
    );
    const current = (err.details as { current: { impact: number; likelihood: number; description: string } })
      .current;
    expect([current.impact, current.likelihood]).toEqual([5, 5]);
    expect(current.description).toBe(seenByA.description);
    expect((await b.risk('SR4')).description).toBe(seenByA.description);

    // The same holds for the workspace's own writes: archive, actions and the directory.
    expect((await a.fail('risks:archive', { id: seenByA.id, version: seenByA.version })).code).toBe(
      'CONFLICT',
    );
    const action = await a.ok('actions:create', { riskId: fresh.id, text: 'Chase', dueDate: '2026-06-30' });
    const actionSeenByB = (await b.ok('actions:list', { riskId: fresh.id }))[0];
    expect(actionSeenByB?.text).toBe('Chase');
    await a.ok('actions:update', { id: action.id, version: action.version, changes: { status: 'done' } });
    const staleAction = await b.fail('actions:update', {
      id: action.id,
      version: actionSeenByB?.version ?? 0,
      changes: { text: 'Overwrite' },
    });
    expect(staleAction.code).toBe('CONFLICT');
    expect((staleAction.details as { current: { status: string } }).current.status).toBe('done');

    // An undo in one window that the other has moved past is refused too.
    const [scoreSeq] = (
      await a.ok('history:list', { entity: 'risk', entityId: fresh.id, at: byB.updatedAt })
    ).map((e) => e.seq);
    const latest = await b.risk('SR4');
    await b.ok('risks:update-score', { id: latest.id, version: latest.version, impact: 1, likelihood: 1 });
    expect((await a.fail('history:revert', { seq: scoreSeq ?? 0 })).code).toBe('CONFLICT');
  });

  it('an owner merged in one window is gone in the other; editing them there is refused', async () => {
    const a = await newWorkspace();
    open.push(a);
    const b = attach(a.path, 'Ben Other', '2026-05-01T10:00:00.000Z');
    open.push(b);
    await b.ok('register:open', { path: a.path });
    const owners = await b.ok('owners:list', {});
    const cho = owners.find((o) => o.initials === 'Cho');
    const CHo = owners.find((o) => o.initials === 'CHo');
    if (!cho || !CHo) throw new Error('sample owners');
    await a.ok('owners:merge', { fromId: cho.id, intoId: CHo.id });
    const err = await b.fail('owners:update', {
      id: cho.id,
      version: cho.version,
      changes: { name: 'C Ho' },
    });
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe(
      'This owner no longer exists. They may have been merged or deleted in another window.',
    );
    expect((await b.ok('owners:list', {})).find((o) => o.initials === 'CHo')?.riskCount).toBe(3);
  });
});
