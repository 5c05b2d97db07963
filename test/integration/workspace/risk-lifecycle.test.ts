import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from './harness.ts';
import { newWorkspace, removeTempDirs } from './harness.ts';

let ws: Workspace;
afterEach(() => {
  ws.close();
  removeTempDirs();
});

const refs = (list: { ref: string }[]) => list.map((r) => r.ref);

describe('archive, restore and permanent delete', () => {
  it('archive takes a risk out of the register; restore brings it back; both are in its history', async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    const archived = await ws.ok('risks:archive', { id: sr4.id, version: sr4.version, reason: 'Closed' });
    expect(archived.archivedAt).not.toBeNull();
    expect(archived.version).toBe(sr4.version + 1);
    expect(refs(await ws.ok('risks:list', {}))).not.toContain('SR4');
    expect(refs(await ws.ok('risks:list', {})).length).toBe(18);
    expect(refs(await ws.ok('risks:list', { includeArchived: true }))).toContain('SR4');
    expect((await ws.ok('register:status', {}))?.riskCount).toBe(18);

    const restored = await ws.ok('risks:restore', { id: sr4.id, version: archived.version });
    expect(restored.archivedAt).toBeNull();
    expect(refs(await ws.ok('risks:list', {}))).toContain('SR4');

    const history = await ws.ok('risks:history', { id: sr4.id });
    expect(history.map((h) => h.action)).toEqual(['import', 'archive', 'restore']);
    expect(history[1]?.reason).toBe('Closed');
  });

  it('archive with a stale version is refused with the fresh risk, and nothing changes', async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    await ws.ok('risks:update', { id: sr4.id, version: sr4.version, changes: { description: 'Reworded.' } });
    const err = await ws.fail('risks:archive', { id: sr4.id, version: sr4.version });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/SR4 was changed by Ann Owner/);
    expect((err.details as { current: { description: string } }).current.description).toBe('Reworded.');
    expect((await ws.risk('SR4')).archivedAt).toBeNull();
  });

  it('permanent delete is refused for a live risk and allowed from the archive, keeping a snapshot', async () => {
    ws = await newWorkspace();
    const sr5 = await ws.risk('SR5');
    await ws.ok('actions:create', { riskId: sr5.id, text: 'Brief members', dueDate: '2026-06-30' });
    const refused = await ws.fail('risks:delete', { id: sr5.id, version: sr5.version });
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toBe(
      'SR5 is not archived. Archive it first: only an archived risk can be deleted permanently.',
    );
    expect(refs(await ws.ok('risks:list', {}))).toContain('SR5');

    const archived = await ws.ok('risks:archive', { id: sr5.id, version: sr5.version });
    const gone = await ws.ok('risks:delete', { id: sr5.id, version: archived.version, reason: 'Duplicate' });
    expect(gone.ref).toBe('SR5');
    expect(refs(await ws.ok('risks:list', { includeArchived: true }))).not.toContain('SR5');
    expect((await ws.fail('risks:get', { id: sr5.id })).code).toBe('NOT_FOUND');
    expect(ws.session.db.prepare('SELECT COUNT(*) FROM actions WHERE risk_id = ?').pluck().get(sr5.id)).toBe(
      0,
    );

    const history = await ws.ok('risks:history', { id: sr5.id });
    const del = history.at(-1);
    expect(del?.action).toBe('delete');
    expect(del?.seq).toBe(gone.seq);
    expect(del?.reason).toBe('Duplicate');
    const snap = del?.oldValue as { ref: string; owners: string[]; actions: { text: string }[] };
    expect(snap.ref).toBe('SR5');
    expect(snap.owners).toEqual(['HGOs', 'DH']);
    expect(snap.actions.map((a) => a.text)).toEqual(['Brief members']);
  });

  it('suggests the next free ref, counting archived risks as taken', async () => {
    ws = await newWorkspace();
    expect(await ws.ok('risks:suggest-ref', {})).toBe('SR20');
    const sr19 = await ws.risk('SR19');
    await ws.ok('risks:archive', { id: sr19.id, version: sr19.version });
    expect(await ws.ok('risks:suggest-ref', {})).toBe('SR20');
  });
});

describe('bulk changes', () => {
  it('assigns an owner to several risks at once, replacing their owners, with history on each', async () => {
    ws = await newWorkspace();
    const picked = await Promise.all(['SR1', 'SR2', 'SR3'].map((r) => ws.risk(r)));
    const out = await ws.ok('risks:bulk', {
      op: 'assign-owner',
      owner: 'CHo',
      risks: picked.map((r) => ({ id: r.id, version: r.version })),
    });
    expect(out.risks.map((r) => r.owners)).toEqual([['CHo'], ['CHo'], ['CHo']]);
    expect(out.seqs).toHaveLength(3);
    const h = await ws.ok('risks:history', { id: picked[1]?.id ?? '' });
    expect(h.at(-1)).toMatchObject({ field: 'owners', oldValue: ['DS', 'DH', 'HGOs'], newValue: ['CHo'] });
  });

  it("adds an owner when asked to, keeping the risk's other owners", async () => {
    ws = await newWorkspace();
    const sr1 = await ws.risk('SR1');
    const out = await ws.ok('risks:bulk', {
      op: 'assign-owner',
      owner: 'JG',
      mode: 'add',
      risks: [{ id: sr1.id, version: sr1.version }],
    });
    expect(out.risks[0]?.owners).toEqual(['SP', 'VV', 'JG']);
  });

  it('changes the category of several risks, and archives several', async () => {
    ws = await newWorkspace();
    const a = await ws.risk('SR1');
    const b = await ws.risk('SR10');
    const moved = await ws.ok('risks:bulk', {
      op: 'change-category',
      category: 'Governance',
      risks: [a, b].map((r) => ({ id: r.id, version: r.version })),
    });
    expect(moved.risks.map((r) => r.category)).toEqual(['Governance', 'Governance']);
    await ws.ok('risks:bulk', {
      op: 'archive',
      risks: moved.risks.map((r) => ({ id: r.id, version: r.version })),
    });
    expect(refs(await ws.ok('risks:list', {}))).not.toContain('SR10');
    expect(await ws.ok('risks:list', {})).toHaveLength(17);
  });

  it('is all or nothing: one stale version and no risk changes', async () => {
    ws = await newWorkspace();
    const picked = await Promise.all(['SR1', 'SR2', 'SR3'].map((r) => ws.risk(r)));
    const sr2 = picked[1];
    if (!sr2) throw new Error('SR2 missing');
    await ws.ok('risks:update-score', { id: sr2.id, version: sr2.version, impact: 5, likelihood: 5 });
    const before = ws.session.db.prepare('SELECT COUNT(*) FROM history').pluck().get();
    const err = await ws.fail('risks:bulk', {
      op: 'archive',
      risks: picked.map((r) => ({ id: r.id, version: r.version })),
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/^SR2 was changed after you selected it\. Nothing was changed\./);
    const stale = (err.details as { stale: { ref: string; impact: number }[] }).stale;
    expect(stale.map((s) => [s.ref, s.impact])).toEqual([['SR2', 5]]);
    expect(await ws.ok('risks:list', {})).toHaveLength(19);
    expect((await ws.risk('SR1')).version).toBe(picked[0]?.version);
    expect(ws.session.db.prepare('SELECT COUNT(*) FROM history').pluck().get()).toBe(before);
  });

  it('refuses a blank category at the door, and nothing changes', async () => {
    ws = await newWorkspace();
    const a = await ws.risk('SR1');
    const b = await ws.risk('SR2');
    const err = await ws.fail('risks:bulk', {
      op: 'change-category',
      category: '   ',
      risks: [a, b].map((r) => ({ id: r.id, version: r.version })),
    });
    expect(err).toMatchObject({ code: 'VALIDATION', message: 'The category is required.' });
    expect((await ws.risk('SR1')).version).toBe(a.version);
  });

  it('refuses the whole change when a selected risk has been deleted meanwhile', async () => {
    ws = await newWorkspace();
    const a = await ws.risk('SR1');
    const b = await ws.risk('SR2');
    const archived = await ws.ok('risks:archive', { id: b.id, version: b.version });
    await ws.ok('risks:delete', { id: b.id, version: archived.version });
    const err = await ws.fail('risks:bulk', {
      op: 'assign-owner',
      owner: 'JG',
      risks: [a, b].map((r) => ({ id: r.id, version: r.version })),
    });
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe(
      'One of the selected risks no longer exists. Nothing was changed; refresh and select again.',
    );
    expect((await ws.risk('SR1')).owners).toEqual(['SP', 'VV']);
  });

  it('refuses a risk selected twice, at the door', async () => {
    ws = await newWorkspace();
    const a = await ws.risk('SR1');
    const err = await ws.fail('risks:bulk', {
      op: 'archive',
      risks: [
        { id: a.id, version: a.version },
        { id: a.id, version: a.version },
      ],
    });
    expect(err).toMatchObject({
      code: 'VALIDATION',
      message: 'A risk was selected twice. Select each risk once.',
    });
  });
});
