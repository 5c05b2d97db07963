/**
 * Undo (history:revert) of control, assurance and objective entries (issue 13), on a real SQLite file through the
 * handler table: each kind of entry undone, the undo of the undo, every refusal leaving the history and the
 * records exactly as they were, and the history chain still verifying.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import type { HistoryEntry } from '../../../shared/domain.ts';
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

type Kind = 'control' | 'assurance' | 'objective';

const entries = (entity: Kind, entityId: string) => ws.ok('history:list', { entity, entityId });

/** The newest entry on the record matching `pick`. */
async function last(entity: Kind, id: string, pick: (e: HistoryEntry) => boolean): Promise<HistoryEntry> {
  const e = (await entries(entity, id)).filter(pick).at(-1);
  if (!e) throw new Error(`no matching ${entity} entry`);
  return e;
}

/** Everything a refusal must leave alone: every history row and every row of the tables undo writes. */
function state(): unknown {
  const db = ws.session.db;
  return [
    'history',
    'controls',
    'risk_controls',
    'assurances',
    'objectives',
    'risk_objectives',
    'owners',
  ].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
}

/** Revert `seq`, expect a refusal with `code` whose message contains `words`, and nothing changed. */
async function refused(seq: number, code: string, ...words: string[]): Promise<string> {
  const before = state();
  const r = await ws.call('history:revert', { seq });
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.error.code).toBe(code);
  expect(r.error.message).toMatch(new RegExp(`^Change #${seq} (\\(.*\\) )?cannot be undone: `));
  for (const w of words) expect(r.error.message).toContain(w);
  expect(state()).toEqual(before);
  return r.error.message;
}

const controlsOf = async (ref: string) =>
  (await ws.ok('controls:for-risk', { riskId: (await ws.risk(ref)).id })).controls.map((c) => c.text);

const control = async (id: string) => {
  const c = (await ws.ok('controls:list', { includeArchived: true })).find((x) => x.id === id);
  if (!c) throw new Error('no control');
  return c;
};

describe('undo of control entries', () => {
  it('undoes adding a control (its links with it), restores it on redo, and refuses while it serves a risk linked since', async () => {
    const [sr1, sr2] = [await ws.risk('SR1'), await ws.risk('SR2')];
    const c = await ws.ok('controls:create', { text: 'Monthly budget monitoring', riskIds: [sr1.id] });
    const created = await last('control', c.id, (e) => e.action === 'create');
    await ws.ok('controls:link', { id: c.id, riskId: sr2.id });

    // Linked to SR2 since: refused, naming it.
    await refused(created.seq, 'VALIDATION', 'linked to SR2 since', 'Unlink it from that risk first');

    // Undo the link, then the add.
    const link = await last('control', c.id, (e) => e.field === 'risks');
    await ws.ok('history:revert', { seq: link.seq });
    expect(await controlsOf('SR2')).toEqual([]);
    const undo = await ws.ok('history:revert', { seq: created.seq });
    expect(undo.entity).toBe('control');
    expect((await control(c.id)).archivedAt).not.toBeNull();
    expect(await controlsOf('SR1')).toEqual([]);
    const undoEntry = (await entries('control', c.id)).at(-1);
    expect(undoEntry).toMatchObject({
      seq: undo.seq,
      action: 'delete',
      reason: `Undo of change #${created.seq}`,
      oldValue: { text: 'Monthly budget monitoring', risks: ['SR1'] },
    });

    // A second undo of the add: it is deleted already.
    await refused(created.seq, 'CONFLICT', 'has been deleted since', `change #${undo.seq}`);

    // Redo (undo of the undo) while SR1 is archived: refused, naming SR1; nothing is half-restored.
    let r1 = await ws.risk('SR1');
    await ws.ok('risks:archive', { id: r1.id, version: r1.version });
    await refused(undo.seq, 'VALIDATION', 'SR1 (archived)', 'Restore that risk first');
    r1 = await ws.risk('SR1');
    await ws.ok('risks:restore', { id: r1.id, version: r1.version });

    const redo = await ws.ok('history:revert', { seq: undo.seq });
    expect((await control(c.id)).archivedAt).toBeNull();
    expect(await controlsOf('SR1')).toEqual(['Monthly budget monitoring']);
    expect((await entries('control', c.id)).at(-1)).toMatchObject({
      seq: redo.seq,
      action: 'restore',
      reason: `Undo of change #${undo.seq}`,
    });
    // And that restore can itself be undone.
    await ws.ok('history:revert', { seq: redo.seq });
    expect(await controlsOf('SR1')).toEqual([]);
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });

  it('undoes a delete of an unlinked control, and an unlink', async () => {
    const sr3 = await ws.risk('SR3');
    let c = await ws.ok('controls:create', { text: 'Treasury reconciliation', riskIds: [sr3.id] });
    c = await ws.ok('controls:unlink', { id: c.id, riskId: sr3.id });
    const unlink = await last('control', c.id, (e) => e.field === 'risks');
    c = await ws.ok('controls:delete', { id: c.id, version: c.version });
    const del = await last('control', c.id, (e) => e.action === 'delete');

    // The unlink cannot be undone while the control is deleted.
    await refused(unlink.seq, 'VALIDATION', 'has been deleted since. Undo its deletion first');
    await ws.ok('history:revert', { seq: del.seq });
    expect((await control(c.id)).archivedAt).toBeNull();
    await ws.ok('history:revert', { seq: unlink.seq });
    expect(await controlsOf('SR3')).toEqual(['Treasury reconciliation']);
    // Undone once already: it serves SR3 again, so a second undo is refused.
    await refused(unlink.seq, 'VALIDATION', 'serves SR3 again already');
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });

  it('sets fields back while they still hold the value written, and refuses once changed again since', async () => {
    const sr1 = await ws.risk('SR1');
    let c = await ws.ok('controls:create', {
      text: 'Budget board',
      riskIds: [sr1.id],
      type: 'preventive',
      owner: 'AB',
    });
    c = await ws.ok('controls:update', {
      id: c.id,
      version: c.version,
      changes: {
        text: 'Budget board (monthly)',
        type: 'detective',
        owner: 'CD',
        nextAssessmentDue: '2027-01-31',
      },
    });
    const entry = (f: string) => last('control', c.id, (e) => e.field === f);
    const [text, type, owner, due] = [
      await entry('text'),
      await entry('type'),
      await entry('owner'),
      await entry('nextAssessmentDue'),
    ];
    await ws.ok('history:revert', { seq: type.seq });
    await ws.ok('history:revert', { seq: owner.seq });
    const dueUndo = await ws.ok('history:revert', { seq: due.seq });
    expect(await control(c.id)).toMatchObject({
      text: 'Budget board (monthly)',
      type: 'preventive',
      owner: 'AB',
      nextAssessmentDue: null,
    });
    // Undo of an undo.
    await ws.ok('history:revert', { seq: dueUndo.seq });
    expect((await control(c.id)).nextAssessmentDue).toBe('2027-01-31');

    // The text changed again since: refused, naming the later change.
    c = await control(c.id);
    await ws.ok('controls:update', {
      id: c.id,
      version: c.version,
      changes: { text: 'Budget scrutiny board' },
    });
    const later = await entry('text');
    await refused(
      text.seq,
      'CONFLICT',
      'the text of Budget board is now "Budget scrutiny board"',
      `(change #${later.seq})`,
      'Undo the later change first',
    );
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });

  it('undoes an assessment, putting back the earlier rating with its date and assessor', async () => {
    const sr2 = await ws.risk('SR2');
    let c = await ws.ok('controls:create', { text: 'Audit committee', riskIds: [sr2.id] });
    c = await ws.ok('controls:assess', { id: c.id, version: c.version, effectiveness: 'effective' });
    const first = { at: c.assessedAt, by: c.assessedBy };
    const firstEntry = await last('control', c.id, (e) => e.field === 'effectiveness');
    c = await ws.ok('controls:assess', { id: c.id, version: c.version, effectiveness: 'ineffective' });
    const second = await last('control', c.id, (e) => e.field === 'effectiveness');
    expect(c.assessedAt).not.toBe(first.at);

    // The first assessment was overtaken by the second: refused.
    await refused(firstEntry.seq, 'CONFLICT', 'the effectiveness of Audit committee is now "ineffective"');

    const undo = await ws.ok('history:revert', { seq: second.seq });
    c = await control(c.id);
    expect(c).toMatchObject({ effectiveness: 'effective', assessedAt: first.at, assessedBy: first.by });
    // Undo of the undo: the second assessment again, dated as it was.
    await ws.ok('history:revert', { seq: undo.seq });
    expect(await control(c.id)).toMatchObject({ effectiveness: 'ineffective', assessedAt: second.at });
    // Back to before any assessment: unassessed, no date, nobody.
    await ws.ok('history:revert', {
      seq: (await last('control', c.id, (e) => e.field === 'effectiveness')).seq,
    });
    await ws.ok('history:revert', { seq: firstEntry.seq });
    expect(await control(c.id)).toMatchObject({
      effectiveness: 'unassessed',
      assessedAt: null,
      assessedBy: null,
    });

    // Assessed again with the same rating: the value is the same but no longer the one that entry wrote.
    c = await control(c.id);
    c = await ws.ok('controls:assess', { id: c.id, version: c.version, effectiveness: 'partial' });
    const once = await last('control', c.id, (e) => e.field === 'effectiveness');
    c = await ws.ok('controls:assess', { id: c.id, version: c.version, effectiveness: 'partial' });
    const again = await last('control', c.id, (e) => e.field === 'effectiveness');
    await refused(
      once.seq,
      'CONFLICT',
      'Audit committee has been assessed again since',
      `(change #${again.seq})`,
    );
    await ws.ok('history:revert', { seq: again.seq });
    expect(await control(c.id)).toMatchObject({ effectiveness: 'partial', assessedAt: once.at });
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });
});

describe('undo of assurance entries', () => {
  it('undoes add, field change and removal; refuses when changed since or the risk is archived', async () => {
    const sr4 = await ws.risk('SR4');
    let a = await ws.ok('assurances:create', {
      riskId: sr4.id,
      source: 'Internal audit 2025/26',
      line: 3,
      strength: 'reasonable',
    });
    const created = await last('assurance', a.id, (e) => e.action === 'create');
    a = await ws.ok('assurances:update', {
      id: a.id,
      version: a.version,
      changes: { strength: 'limited', gaps: 'No testing of the reconciliations' },
    });
    const strength = await last('assurance', a.id, (e) => e.field === 'strength');
    const gaps = await last('assurance', a.id, (e) => e.field === 'gaps');
    await ws.ok('history:revert', { seq: gaps.seq });
    const assurances = async () => (await ws.ok('controls:for-risk', { riskId: sr4.id })).assurances;
    expect((await assurances())[0]).toMatchObject({ strength: 'limited', gaps: '' });

    a = (await assurances())[0] ?? a;
    await ws.ok('assurances:update', { id: a.id, version: a.version, changes: { strength: 'substantial' } });
    await refused(
      strength.seq,
      'CONFLICT',
      'the strength of SR4 is now "substantial"',
      'Undo the later change first',
    );

    a = (await assurances())[0] ?? a;
    await ws.ok('assurances:delete', { id: a.id, version: a.version });
    const removed = await last('assurance', a.id, (e) => e.action === 'delete');
    await refused(strength.seq, 'VALIDATION', 'has been removed since. Undo its removal first');

    // Bringing it back needs a live risk.
    let r = await ws.risk('SR4');
    await ws.ok('risks:archive', { id: r.id, version: r.version });
    await refused(removed.seq, 'VALIDATION', 'SR4 is archived. Restore it first');
    r = await ws.risk('SR4');
    await ws.ok('risks:restore', { id: r.id, version: r.version });

    const back = await ws.ok('history:revert', { seq: removed.seq });
    expect(back.entity).toBe('assurance');
    expect((await assurances()).map((x) => x.source)).toEqual(['Internal audit 2025/26']);
    // The add undone: removed again; and the removal that undo made can be undone in turn.
    const unadd = await ws.ok('history:revert', { seq: created.seq });
    expect(await assurances()).toEqual([]);
    expect((await entries('assurance', a.id)).at(-1)).toMatchObject({
      action: 'delete',
      reason: `Undo of change #${created.seq}`,
    });
    await ws.ok('history:revert', { seq: unadd.seq });
    expect((await assurances()).map((x) => x.strength)).toEqual(['substantial']);
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });
});

describe('undo of objective entries', () => {
  it('undoes add, fields, links and archive; refuses an add while risks are linked, and an import', async () => {
    const [sr1, sr2] = [await ws.risk('SR1'), await ws.risk('SR2')];
    let o = await ws.ok('objectives:create', { ref: 'F1', title: 'Adequate funding', lead: 'CEx' });
    const created = await last('objective', o.id, (e) => e.action === 'create');
    o = await ws.ok('objectives:update', {
      id: o.id,
      version: o.version,
      changes: { status: 'amber', title: 'Funding' },
    });
    const status = await last('objective', o.id, (e) => e.field === 'status');
    await ws.ok('objectives:link', { objectiveId: o.id, riskId: sr1.id });
    const link1 = await last('objective', o.id, (e) => e.field === 'risks');
    await ws.ok('objectives:link', { objectiveId: o.id, riskId: sr2.id });
    await ws.ok('objectives:link', { objectiveId: o.id, riskId: sr2.id, linked: false });
    const unlink2 = await last('objective', o.id, (e) => e.field === 'risks');
    const objective = async () =>
      (await ws.ok('objectives:list', { includeArchived: true })).find((x) => x.id === o.id);

    await refused(created.seq, 'VALIDATION', 'SR1 has been linked to F1 since. Unlink it first');

    await ws.ok('history:revert', { seq: status.seq });
    const relink = await ws.ok('history:revert', { seq: unlink2.seq });
    expect(await objective()).toMatchObject({
      status: 'not-started',
      title: 'Funding',
      riskRefs: ['SR1', 'SR2'],
    });
    await refused(unlink2.seq, 'VALIDATION', 'SR2 has been linked to F1 again since');
    await ws.ok('history:revert', { seq: relink.seq });
    await ws.ok('history:revert', { seq: link1.seq });
    expect((await objective())?.riskRefs).toEqual([]);

    // No links now: undoing the add archives the objective; undo of that restores it.
    const unadd = await ws.ok('history:revert', { seq: created.seq });
    expect((await objective())?.archivedAt).not.toBeNull();
    expect((await entries('objective', o.id)).at(-1)).toMatchObject({
      action: 'archive',
      reason: `Undo of change #${created.seq}`,
    });
    await refused(created.seq, 'CONFLICT', 'F1 has been archived since');
    await ws.ok('history:revert', { seq: unadd.seq });
    expect((await objective())?.archivedAt).toBeNull();

    // Changed again since: refused.
    const cur = await objective();
    if (!cur) throw new Error('no objective');
    await ws.ok('objectives:update', {
      id: o.id,
      version: cur.version,
      changes: { title: 'Adequate funding for all' },
    });
    const title = (await entries('objective', o.id)).filter((e) => e.field === 'title')[0];
    if (!title) throw new Error('no title entry');
    await refused(title.seq, 'CONFLICT', 'the title of F1 is now "Adequate funding for all"');

    // An imported objective: refused with a sentence.
    const csv = join(dirname(ws.path), 'plan.csv');
    writeFileSync(csv, 'ref,title,lead,status\nF2,Sector-led improvement,DS,Green\n');
    await ws.ok('objectives:import', { path: csv });
    const f2 = (await ws.ok('objectives:list', {})).find((x) => x.ref === 'F2');
    if (!f2) throw new Error('no F2');
    const imported = await last('objective', f2.id, (e) => e.action === 'import');
    await refused(
      imported.seq,
      'VALIDATION',
      'F2 came in with the rest of its file (Imported from plan.csv)',
      'Archive F2 in the Objectives view',
    );
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });
});
