/**
 * Undo (history:revert) of a risk's treatment and acceptance (issue 13), on a real SQLite file through the handler
 * table: undo works, undo of the undo, refusal when a later change touched the same thing or the risk is
 * archived, and the history chain still verifies.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import type { Workspace } from '../workspace/harness.ts';
import { newWorkspace, removeTempDirs } from '../workspace/harness.ts';

let ws: Workspace;
beforeEach(async () => {
  ws = await newWorkspace();
});
afterEach(() => {
  ws.close();
  removeTempDirs();
});

const seqOf = async (riskId: string, field: string) => {
  const h = await ws.ok('history:list', { entity: 'risk', entityId: riskId });
  const e = h.filter((x) => x.field === field).at(-1);
  if (!e) throw new Error(`no ${field} entry`);
  return e.seq;
};

describe('undo of treatment and acceptance', () => {
  it('undoes a treatment, redoes it, and refuses once a later change touched it', async () => {
    const sr4 = await ws.risk('SR4');
    let t = (await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment;
    await ws.ok('treatment:set', { riskId: sr4.id, version: t.version, treatment: 'treat' });
    t = (await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment;
    await ws.ok('treatment:set', { riskId: sr4.id, version: t.version, treatment: 'transfer' });
    const seq = await seqOf(sr4.id, 'treatment');

    const undo = await ws.ok('history:revert', { seq });
    expect((await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment.treatment).toBe('treat');
    const undoEntry = (await ws.ok('history:list', { entity: 'risk', entityId: sr4.id })).at(-1);
    expect(undoEntry).toMatchObject({
      field: 'treatment',
      oldValue: 'transfer',
      newValue: 'treat',
      reason: `Undo of change #${seq}`,
    });

    // Undo of the undo puts "transfer" back.
    await ws.ok('history:revert', { seq: undo.seq });
    expect((await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment.treatment).toBe('transfer');

    // A later change to the treatment: the first entry can no longer be undone, and nothing changes.
    t = (await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment;
    await ws.ok('treatment:set', { riskId: sr4.id, version: t.version, treatment: 'terminate' });
    const before = ws.session.db.prepare('SELECT COUNT(*) FROM history').pluck().get();
    const refused = await ws.call('history:revert', { seq });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('CONFLICT');
    expect(refused.error.message).toContain(
      `Change #${seq} cannot be undone: the treatment of SR4 is now "terminate"`,
    );
    expect(refused.error.message).toContain('Undo the later change first');
    expect(ws.session.db.prepare('SELECT COUNT(*) FROM history').pluck().get()).toBe(before);
    expect((await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment.treatment).toBe('terminate');
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });

  it('undoes an acceptance, redoes it, and refuses on an archived risk or a risk no longer tolerated', async () => {
    const sr4 = await ws.risk('SR4');
    let t = (await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment;
    await ws.ok('treatment:set', {
      riskId: sr4.id,
      version: t.version,
      treatment: 'tolerate',
      acceptance: { by: 'Cabinet', why: 'Within the budget envelope', until: '2027-03-31' },
    });
    const seq = await seqOf(sr4.id, 'acceptance');
    const undo = await ws.ok('history:revert', { seq });
    t = (await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment;
    expect(t.treatment).toBe('tolerate');
    expect(t.acceptance).toBeNull();
    await ws.ok('history:revert', { seq: undo.seq });
    t = (await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment;
    expect(t.acceptance).toMatchObject({
      by: 'Cabinet',
      why: 'Within the budget envelope',
      until: '2027-03-31',
    });

    // Archived: refused, nothing changed.
    let risk = await ws.risk('SR4');
    await ws.ok('risks:archive', { id: risk.id, version: risk.version });
    const archived = await ws.call('history:revert', { seq });
    expect(archived.ok).toBe(false);
    if (!archived.ok) expect(archived.error.message).toContain('SR4 is archived. Restore it first');
    risk = (await ws.ok('risks:list', { includeArchived: true })).find((r) => r.ref === 'SR4') ?? risk;
    await ws.ok('risks:restore', { id: risk.id, version: risk.version });

    // Treatment moved on to "treat" (which cleared the acceptance): undoing the clearing is refused until the
    // treatment change is undone.
    t = (await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment;
    await ws.ok('treatment:set', { riskId: sr4.id, version: t.version, treatment: 'treat' });
    const cleared = await seqOf(sr4.id, 'acceptance');
    const refused = await ws.call('history:revert', { seq: cleared });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('Undo the later treatment change first');
    await ws.ok('history:revert', { seq: await seqOf(sr4.id, 'treatment') });
    await ws.ok('history:revert', { seq: cleared });
    t = (await ws.ok('controls:for-risk', { riskId: sr4.id })).treatment;
    expect(t).toMatchObject({ treatment: 'tolerate', acceptance: { by: 'Cabinet' } });
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });
});
