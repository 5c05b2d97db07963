import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from './harness.ts';
import { newWorkspace, removeTempDirs } from './harness.ts';
import { verifyHistory } from '../../../db/history.ts';

let ws: Workspace;
afterEach(() => {
  ws.close();
  removeTempDirs();
});

/** The seqs of the change that produced this record (one write = one instant). */
async function seqsOf(entity: 'risk' | 'action' | 'owner', rec: { id: string; updatedAt?: string }) {
  const entries = await ws.ok('history:list', {
    entity,
    entityId: rec.id,
    ...(rec.updatedAt ? { at: rec.updatedAt } : {}),
  });
  return entries.map((e) => e.seq);
}

describe('undo and redo through history:revert', () => {
  it('round-trips a current score: undo puts it back, redo puts it again, each recorded with its reason', async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    const changed = await ws.ok('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      impact: 2,
      likelihood: 1,
    });
    const [seq] = await seqsOf('risk', changed);
    if (seq === undefined) throw new Error('no history for the change');

    const undo = await ws.ok('history:revert', { seq });
    expect(undo.entity).toBe('risk');
    const undone = undo.record as typeof sr4;
    expect([undone.impact, undone.likelihood]).toEqual([sr4.impact, sr4.likelihood]);
    expect(undo.seq).toBe(seq + 1);

    const redo = await ws.ok('history:revert', { seq: undo.seq });
    const redone = redo.record as typeof sr4;
    expect([redone.impact, redone.likelihood]).toEqual([2, 1]);

    const h = await ws.ok('risks:history', { id: sr4.id });
    expect(h.slice(-3).map((e) => [e.seq, e.field, e.newValue, e.reason])).toEqual([
      [seq, 'current', { impact: 2, likelihood: 1 }, null],
      [undo.seq, 'current', { impact: sr4.impact, likelihood: sr4.likelihood }, `Undo of change #${seq}`],
      [redo.seq, 'current', { impact: 2, likelihood: 1 }, `Undo of change #${undo.seq}`],
    ]);
    expect(verifyHistory(ws.session.db).ok).toBe(true);
  });

  it('round-trips a description and the owners', async () => {
    ws = await newWorkspace();
    const sr1 = await ws.risk('SR1');
    const edited = await ws.ok('risks:update', {
      id: sr1.id,
      version: sr1.version,
      changes: { description: 'Grant dependence.', owners: ['CHo'] },
    });
    const seqs = await seqsOf('risk', edited);
    expect(seqs).toHaveLength(2);
    const undo = await ws.ok('history:revert-many', { seqs });
    expect(undo.seqs).toHaveLength(2);
    let now = await ws.risk('SR1');
    expect(now.description).toBe(sr1.description);
    expect(now.owners).toEqual(['SP', 'VV']);
    await ws.ok('history:revert-many', { seqs: undo.seqs });
    now = await ws.risk('SR1');
    expect(now.description).toBe('Grant dependence.');
    expect(now.owners).toEqual(['CHo']);
  });

  it('round-trips archive and restore', async () => {
    ws = await newWorkspace();
    const sr2 = await ws.risk('SR2');
    const archived = await ws.ok('risks:archive', { id: sr2.id, version: sr2.version });
    const [seq] = await seqsOf('risk', archived);
    const undo = await ws.ok('history:revert', { seq: seq ?? 0 });
    expect((undo.record as typeof sr2).archivedAt).toBeNull();
    expect((await ws.ok('risks:list', {})).map((r) => r.ref)).toContain('SR2');
    const h = await ws.ok('risks:history', { id: sr2.id });
    expect(h.at(-1)).toMatchObject({ action: 'restore', reason: `Undo of change #${seq}` });
    await ws.ok('history:revert', { seq: undo.seq });
    expect((await ws.ok('risks:list', {})).map((r) => r.ref)).not.toContain('SR2');
  });

  it('undoes creating a risk by archiving it, and an added action by archiving it', async () => {
    ws = await newWorkspace();
    const created = await ws.ok('risks:create', {
      category: 'Effectiveness',
      description: 'New risk',
      impact: 3,
      likelihood: 3,
    });
    const [riskSeq] = await seqsOf('risk', created);
    await ws.ok('history:revert', { seq: riskSeq ?? 0 });
    expect((await ws.ok('risks:list', {})).map((r) => r.ref)).not.toContain(created.ref);

    const sr4 = await ws.risk('SR4');
    const action = await ws.ok('actions:create', { riskId: sr4.id, text: 'Chase', dueDate: '2026-06-30' });
    const [actionSeq] = await seqsOf('action', action);
    const undo = await ws.ok('history:revert', { seq: actionSeq ?? 0 });
    expect(undo.entity).toBe('action');
    expect(await ws.ok('actions:list', { riskId: sr4.id })).toEqual([]);
    await ws.ok('history:revert', { seq: undo.seq });
    expect((await ws.ok('actions:list', { riskId: sr4.id })).map((a) => a.text)).toEqual(['Chase']);
  });

  it("round-trips an action's due date and an owner's name", async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    const a = await ws.ok('actions:create', { riskId: sr4.id, text: 'Chase', dueDate: '2026-06-30' });
    const b = await ws.ok('actions:update', {
      id: a.id,
      version: a.version,
      changes: { dueDate: '2026-09-30' },
    });
    const [seq] = await seqsOf('action', b);
    const undo = await ws.ok('history:revert', { seq: seq ?? 0 });
    expect(undo.record).toMatchObject({ dueDate: '2026-06-30' });

    const sp = (await ws.ok('owners:list', {})).find((o) => o.initials === 'SP');
    if (!sp) throw new Error('SP');
    await ws.ok('owners:update', { id: sp.id, version: sp.version, changes: { name: 'Sam Page' } });
    const [ownerSeq] = (await ws.ok('history:list', { entity: 'owner', entityId: sp.id })).map((e) => e.seq);
    const ownerUndo = await ws.ok('history:revert', { seq: ownerSeq ?? 0 });
    expect(ownerUndo.record).toMatchObject({ initials: 'SP', name: '' });
  });

  it('refuses to undo a change the record has moved on from, saying what changed since', async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    const first = await ws.ok('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      impact: 2,
      likelihood: 1,
    });
    const [seq] = await seqsOf('risk', first);
    ws.setClock('2026-05-01T14:30:00.000Z');
    const second = await ws.ok('risks:update-score', {
      id: sr4.id,
      version: first.version,
      impact: 5,
      likelihood: 4,
    });
    const [laterSeq] = await seqsOf('risk', second);
    const err = await ws.fail('history:revert', { seq: seq ?? 0 });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(
      new RegExp(
        `^Change #${seq} cannot be undone: the current score of SR4 is now impact 5 × likelihood 4, changed by Ann Owner at \\d\\d:\\d\\d on \\d\\d/\\d\\d/\\d{4} \\(change #${laterSeq}\\), not impact 2 × likelihood 1\\. Undo the later change first`,
      ),
    );
    expect((err.details as { current: { impact: number } }).current.impact).toBe(5);
    expect((await ws.risk('SR4')).impact).toBe(5);
  });

  it('refuses a permanent delete and an unknown change, with a clear message', async () => {
    ws = await newWorkspace();
    const sr3 = await ws.risk('SR3');
    const archived = await ws.ok('risks:archive', { id: sr3.id, version: sr3.version });
    const gone = await ws.ok('risks:delete', { id: sr3.id, version: archived.version });
    const err = await ws.fail('history:revert', { seq: gone.seq });
    expect(err).toMatchObject({
      code: 'VALIDATION',
      message: `Change #${gone.seq} (delete of SR3) cannot be undone: SR3 has been deleted permanently.`,
    });
    expect((await ws.fail('history:revert', { seq: 99999 })).message).toBe(
      "There is no change #99999 in this register's history.",
    );
  });

  it('undoes a bulk change all at once, and all or nothing', async () => {
    ws = await newWorkspace();
    const picked = await Promise.all(['SR1', 'SR2'].map((r) => ws.risk(r)));
    const bulk = await ws.ok('risks:bulk', {
      op: 'assign-owner',
      owner: 'JG',
      risks: picked.map((r) => ({ id: r.id, version: r.version })),
    });
    const sr2 = bulk.risks[1];
    if (!sr2) throw new Error('SR2');
    // Someone changes SR2's owners again: undoing the whole bulk change is refused, and SR1 keeps JG.
    await ws.ok('risks:update', { id: sr2.id, version: sr2.version, changes: { owners: ['DS'] } });
    const err = await ws.fail('history:revert-many', { seqs: bulk.seqs });
    expect(err.code).toBe('CONFLICT');
    expect((await ws.risk('SR1')).owners).toEqual(['JG']);
    // Undo just SR1's part.
    await ws.ok('history:revert', { seq: bulk.seqs[0] ?? 0 });
    expect((await ws.risk('SR1')).owners).toEqual(['SP', 'VV']);
  });

  it('round-trips a category rename and the category order', async () => {
    ws = await newWorkspace();
    const cats = await ws.ok('categories:list', {});
    const first = cats[0];
    if (!first) throw new Error('categories');
    await ws.ok('categories:rename', { id: first.id, version: first.version, name: 'Reach' });
    const [renameSeq] = (await ws.ok('history:list', { entity: 'category', entityId: first.id })).map(
      (e) => e.seq,
    );
    const undo = await ws.ok('history:revert', { seq: renameSeq ?? 0 });
    expect(undo.record).toMatchObject({ name: first.name });

    await ws.ok('categories:reorder', { ids: [...cats].reverse().map((c) => c.id) });
    const order = await ws.ok('history:list', { entity: 'register', entityId: 'categories' });
    const back = await ws.ok('history:revert', { seq: order.at(-1)?.seq ?? 0 });
    expect(back.entity).toBe('register');
    expect((await ws.ok('categories:list', {})).map((c) => c.name)).toEqual(cats.map((c) => c.name));
  });
});
