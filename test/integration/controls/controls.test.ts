/**
 * Controls, assurance, treatment and acceptance, end to end through the real handler table on a real register
 * file (the LGA sample): shared controls, recorded assessments, refusals that change nothing, the flags, and
 * the history chain still verifying.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openRegisterFile } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../db/migrations/index.ts';
import { listRisks } from '../../../db/risks.ts';
import type { Workspace } from '../workspace/harness.ts';
import { attach, newWorkspace, removeTempDirs, tempRegisterPath } from '../workspace/harness.ts';

let ws: Workspace;

beforeEach(async () => {
  ws = await newWorkspace();
});
afterEach(() => {
  ws.close();
  removeTempDirs();
});

function rowCounts(w: Workspace = ws) {
  const db = w.session.db;
  const n = (t: string) => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
  return {
    controls: n('controls'),
    links: n('risk_controls'),
    assurances: n('assurances'),
    treatments: n('risk_treatments'),
    history: n('history'),
  };
}

describe('controls', () => {
  it('one control serves two risks, and each risk lists it', async () => {
    const sr4 = await ws.risk('SR4');
    const sr7 = await ws.risk('SR7');
    const c = await ws.ok('controls:create', {
      text: 'Monthly budget monitoring reported to SMT',
      riskIds: [sr4.id, sr7.id],
      owner: 'SP',
      type: 'detective',
      effectiveness: 'partial',
    });
    expect(c.risks.map((r) => r.ref)).toEqual(['SR4', 'SR7']);
    expect(c).toMatchObject({
      effectiveness: 'partial',
      assessedBy: 'Ann Owner',
      owner: 'SP',
      type: 'detective',
    });
    expect(c.assessedAt).not.toBeNull();

    for (const id of [sr4.id, sr7.id]) {
      const view = await ws.ok('controls:for-risk', { riskId: id });
      expect(view.controls.map((x) => x.id)).toEqual([c.id]);
    }
    expect((await ws.ok('controls:list', { riskId: sr4.id })).map((x) => x.text)).toEqual([
      'Monthly budget monitoring reported to SMT',
    ]);
    expect(await ws.ok('controls:list', { riskId: (await ws.risk('SR1')).id })).toEqual([]);

    // Linking a third risk, then unlinking one, each recorded.
    const sr1 = await ws.risk('SR1');
    const linked = await ws.ok('controls:link', { id: c.id, riskId: sr1.id });
    expect(linked.risks.map((r) => r.ref)).toEqual(['SR1', 'SR4', 'SR7']);
    const unlinked = await ws.ok('controls:unlink', { id: c.id, riskId: sr4.id });
    expect(unlinked.risks.map((r) => r.ref)).toEqual(['SR1', 'SR7']);
    const h = await ws.ok('history:list', { entity: 'control', entityId: c.id });
    expect(h.map((e) => [e.action, e.field, e.oldValue, e.newValue])).toEqual(
      expect.arrayContaining([
        ['update', 'risks', null, 'SR1'],
        ['update', 'risks', 'SR4', null],
      ]),
    );
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });

  it('records every effectiveness change with the date and who assessed it', async () => {
    const sr4 = await ws.risk('SR4');
    const c = await ws.ok('controls:create', {
      text: 'Treasury policy',
      riskIds: [sr4.id],
      effectiveness: 'unassessed',
    });
    expect(c).toMatchObject({ effectiveness: 'unassessed', assessedAt: null, assessedBy: null });

    ws.setClock('2026-06-10T10:00:00.000Z');
    const other = attach(ws.path, 'Bob Auditor', '2026-06-20T14:00:00.000Z');
    try {
      await other.ok('register:open', { path: ws.path });
      const a1 = await ws.ok('controls:assess', { id: c.id, version: c.version, effectiveness: 'effective' });
      expect(a1.assessedBy).toBe('Ann Owner');
      expect(a1.assessedAt?.slice(0, 10)).toBe('2026-06-10');
      const a2 = await other.ok('controls:assess', {
        id: c.id,
        version: a1.version,
        effectiveness: 'ineffective',
        nextAssessmentDue: '2026-09-30',
        reason: 'Internal audit found reconciliations not done',
      });
      expect(a2).toMatchObject({
        effectiveness: 'ineffective',
        assessedBy: 'Bob Auditor',
        nextAssessmentDue: '2026-09-30',
      });
      expect(a2.assessedAt?.slice(0, 10)).toBe('2026-06-20');
      // A stale assessment is refused with the fresh control and changes nothing.
      const before = rowCounts();
      const stale = await ws.fail('controls:assess', {
        id: c.id,
        version: a1.version,
        effectiveness: 'effective',
      });
      expect(stale.code).toBe('CONFLICT');
      expect(stale.message).toContain('Bob Auditor');
      expect(rowCounts()).toEqual(before);
    } finally {
      other.close();
    }
    const h = (await ws.ok('history:list', { entity: 'control', entityId: c.id })).filter(
      (e) => e.field === 'effectiveness',
    );
    expect(h.map((e) => [e.oldValue, e.newValue, e.by, e.at.slice(0, 10)])).toEqual([
      ['unassessed', 'effective', 'Ann Owner', '2026-06-10'],
      ['effective', 'ineffective', 'Bob Auditor', '2026-06-20'],
    ]);
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });

  it('flags an assessment whose next date has passed as overdue (the Controls view counts them), not one to come', async () => {
    const sr4 = await ws.risk('SR4');
    const past = await ws.ok('controls:create', {
      text: 'Quarterly grant reconciliation',
      riskIds: [sr4.id],
      effectiveness: 'effective',
      nextAssessmentDue: '2001-03-31',
    });
    const future = await ws.ok('controls:create', {
      text: 'Annual insurance review',
      riskIds: [sr4.id],
      effectiveness: 'effective',
      nextAssessmentDue: '2999-03-31',
    });
    const none = await ws.ok('controls:create', {
      text: 'Board oversight',
      riskIds: [sr4.id],
      effectiveness: 'effective',
    });
    const listed = await ws.ok('controls:list', {});
    const overdue = (id: string) => listed.find((c) => c.id === id)?.assessmentOverdue;
    expect([overdue(past.id), overdue(future.id), overdue(none.id)]).toEqual([true, false, false]);
  });

  it('refuses to delete a control while it is linked, naming the risks, and changes nothing', async () => {
    const sr4 = await ws.risk('SR4');
    const sr12 = await ws.risk('SR12');
    const c = await ws.ok('controls:create', {
      text: 'Business continuity plan',
      riskIds: [sr4.id, sr12.id],
      effectiveness: 'effective',
    });
    const before = rowCounts();
    const refused = await ws.fail('controls:delete', { id: c.id, version: c.version });
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toContain('SR4, SR12');
    expect(refused.message).toMatch(/Unlink it/);
    expect(rowCounts()).toEqual(before);
    expect((await ws.ok('controls:list', {})).map((x) => x.id)).toEqual([c.id]);

    // An archived risk still counts, and is named as archived.
    await ws.ok('controls:unlink', { id: c.id, riskId: sr4.id });
    await ws.ok('risks:archive', { id: sr12.id, version: sr12.version });
    const stillLinked = await ws.ok('controls:list', { includeArchived: true });
    const again = await ws.fail('controls:delete', { id: c.id, version: stillLinked[0]?.version ?? 0 });
    expect(again.message).toContain('SR12 (archived)');

    const last = await ws.ok('controls:unlink', { id: c.id, riskId: sr12.id });
    const gone = await ws.ok('controls:delete', { id: c.id, version: last.version, reason: 'Replaced' });
    expect(gone.archivedAt).not.toBeNull();
    expect(await ws.ok('controls:list', {})).toEqual([]);
    const del = (await ws.ok('history:list', { entity: 'control', entityId: c.id })).find(
      (e) => e.action === 'delete',
    );
    expect(del).toMatchObject({ reason: 'Replaced', newValue: null });
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });

  it('validates at the door with sentences, leaving the register as it was', async () => {
    const sr4 = await ws.risk('SR4');
    const before = rowCounts();
    const cases: [Parameters<typeof ws.fail<'controls:create'>>[1], RegExp][] = [
      [{ text: '  ', riskIds: [sr4.id], effectiveness: 'effective' }, /The control is required/],
      [{ text: 'X', riskIds: [], effectiveness: 'effective' }, /at least one risk/],
      [
        { text: 'X', riskIds: [sr4.id], effectiveness: 'great' as never },
        /effective, partial, ineffective or unassessed/,
      ],
      [
        { text: 'X', riskIds: [sr4.id], effectiveness: 'effective', type: 'magic' as never },
        /preventive, detective/,
      ],
      [
        { text: 'X', riskIds: [sr4.id], effectiveness: 'effective', nextAssessmentDue: '2026-02-30' },
        /real date/,
      ],
      [{ text: 'X', riskIds: ['nope'], effectiveness: 'effective' }, /no longer exists/],
    ];
    for (const [input, message] of cases) {
      expect((await ws.fail('controls:create', input)).message).toMatch(message);
    }
    expect(
      (
        await ws.fail('assurances:create', {
          riskId: sr4.id,
          source: 'Audit',
          line: 5 as never,
          strength: 'limited',
        })
      ).message,
    ).toMatch(/line must be 1, 2, 3 or 4/);
    expect(rowCounts()).toEqual(before);
  });
});

describe('control owners in the directory', () => {
  it('refuses to delete an owner who owns a control, and moves controls on a merge, with history', async () => {
    const sr4 = await ws.risk('SR4');
    const c = await ws.ok('controls:create', {
      text: 'Fraud reconciliation',
      riskIds: [sr4.id],
      owner: 'ZZ',
      effectiveness: 'effective',
    });
    const owners = await ws.ok('owners:list', {});
    const zz = owners.find((o) => o.initials === 'ZZ');
    const sp = owners.find((o) => o.initials === 'SP');
    if (!zz || !sp) throw new Error('owners missing');
    const refused = await ws.fail('owners:delete', { id: zz.id, version: zz.version });
    expect(refused.message).toMatch(/ZZ cannot be deleted: they still own 1 control/);
    await ws.ok('owners:merge', { fromId: zz.id, intoId: sp.id });
    const [moved] = await ws.ok('controls:list', {});
    expect(moved?.owner).toBe('SP');
    const h = await ws.ok('history:list', { entity: 'control', entityId: c.id });
    expect(h.at(-1)).toMatchObject({ field: 'owner', oldValue: 'ZZ', newValue: 'SP' });
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });
});

describe('assurance', () => {
  it('flags a risk with no assurance beyond the first line, or a limited 3rd-line audit', async () => {
    const sr4 = await ws.risk('SR4');
    const gapsOf = async () => (await ws.ok('controls:for-risk', { riskId: sr4.id })).flags.assuranceGaps;
    expect(await gapsOf()).toEqual(['Assurance gap: no assurance recorded.']);

    await ws.ok('assurances:create', {
      riskId: sr4.id,
      source: 'Monthly budget monitoring',
      line: 1,
      strength: 'reasonable',
    });
    expect(await gapsOf()).toEqual(['Assurance gap: no assurance beyond the first line.']);

    const audit = await ws.ok('assurances:create', {
      riskId: sr4.id,
      source: 'Internal audit report 2025/26',
      line: 3,
      strength: 'limited',
      date: '2026-03-15',
      gaps: 'Reconciliations not evidenced',
    });
    expect(await gapsOf()).toEqual([
      'Assurance gap: limited assurance from the 3rd line (Internal audit report 2025/26).',
    ]);
    const flagged = await ws.ok('controls:flags', {});
    expect(flagged.find((f) => f.ref === 'SR4')?.assuranceGaps).toHaveLength(1);

    // A third line giving no assurance at all reads as such (it read "no assurance assurance").
    const none = await ws.ok('assurances:create', {
      riskId: sr4.id,
      source: 'Internal audit follow-up',
      line: 3,
      strength: 'none',
      date: '2026-04-01',
    });
    expect(await gapsOf()).toEqual([
      'Assurance gap: limited assurance from the 3rd line (Internal audit report 2025/26).',
      'Assurance gap: no assurance from the 3rd line (Internal audit follow-up).',
    ]);
    await ws.ok('assurances:delete', { id: none.id, version: none.version });

    const better = await ws.ok('assurances:update', {
      id: audit.id,
      version: audit.version,
      changes: { strength: 'reasonable', date: '2026-09-01' },
    });
    expect(better).toMatchObject({ strength: 'reasonable', date: '2026-09-01', version: 2 });
    expect(await gapsOf()).toEqual([]);
    expect((await ws.ok('controls:flags', {})).some((f) => f.ref === 'SR4')).toBe(false);
    const h = await ws.ok('history:list', { entity: 'assurance', entityId: audit.id });
    expect(h.map((e) => [e.action, e.field])).toEqual([
      ['create', null],
      ['update', 'strength'],
      ['update', 'date'],
    ]);

    await ws.ok('assurances:delete', { id: audit.id, version: better.version });
    expect(await gapsOf()).toEqual(['Assurance gap: no assurance beyond the first line.']);
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });
});

describe('treatment and acceptance', () => {
  it('a tolerated risk above appetite needs an acceptance, which expires on its date', async () => {
    const sr4 = await ws.risk('SR4'); // Effectiveness, 5 × 3 = 15
    const cat = (await ws.ok('categories:list', {})).find((c) => c.name === 'Effectiveness');
    await ws.ok('categories:set-appetite', { id: cat?.id ?? '', appetite: 12 });
    ws.setClock('2026-05-01T09:00:00.000Z');
    const flags = async () => (await ws.ok('controls:for-risk', { riskId: sr4.id })).flags;

    const t1 = await ws.ok('treatment:set', { riskId: sr4.id, version: 0, treatment: 'tolerate' });
    expect(t1).toMatchObject({ treatment: 'tolerate', acceptance: null, version: 1 });
    expect(await flags()).toMatchObject({ acceptanceNeeded: true, acceptanceExpired: false });

    const t2 = await ws.ok('treatment:set', {
      riskId: sr4.id,
      version: t1.version,
      treatment: 'tolerate',
      acceptance: {
        by: 'Audit Committee',
        why: 'Cost of further controls exceeds the benefit',
        until: '2026-09-30',
      },
      reason: 'Committee minute 14/2026',
    });
    expect(t2.acceptance).toMatchObject({ by: 'Audit Committee', until: '2026-09-30' });
    expect(await flags()).toMatchObject({ acceptanceNeeded: false, acceptanceExpired: false });

    // The day after the acceptance's date, the risk is due for review again.
    ws.setClock('2026-10-01T09:00:00.000Z');
    expect(await flags()).toMatchObject({ acceptanceNeeded: false, acceptanceExpired: true });
    expect((await ws.ok('controls:flags', {})).find((f) => f.ref === 'SR4')).toMatchObject({
      acceptanceExpired: true,
    });

    // Recorded on the risk's own history.
    const h = (await ws.ok('risks:history', { id: sr4.id })).filter(
      (e) => e.field === 'treatment' || e.field === 'acceptance',
    );
    expect(h.map((e) => [e.field, e.newValue])).toEqual([
      ['treatment', 'tolerate'],
      [
        'acceptance',
        { by: 'Audit Committee', why: 'Cost of further controls exceeds the benefit', until: '2026-09-30' },
      ],
    ]);

    // Treat instead: the acceptance goes with the tolerate decision.
    const t3 = await ws.ok('treatment:set', { riskId: sr4.id, version: t2.version, treatment: 'treat' });
    expect(t3).toMatchObject({ treatment: 'treat', acceptance: null });
    expect(await flags()).toMatchObject({ acceptanceNeeded: false, acceptanceExpired: false });
    expect(verifyHistory(ws.session.db)).toMatchObject({ ok: true });
  });

  it('refuses an acceptance without tolerate, and a stale version, changing nothing', async () => {
    const sr4 = await ws.risk('SR4');
    const before = rowCounts();
    const e1 = await ws.fail('treatment:set', {
      riskId: sr4.id,
      version: 0,
      treatment: 'treat',
      acceptance: { by: 'SMT', why: 'x', until: '2026-12-31' },
    });
    expect(e1.message).toMatch(/Set the treatment of SR4 to tolerate/);
    expect(
      (await ws.fail('treatment:set', { riskId: sr4.id, version: 0, treatment: 'ignore' as never })).message,
    ).toMatch(/treat, tolerate, transfer or terminate/);
    expect(rowCounts()).toEqual(before);
    await ws.ok('treatment:set', { riskId: sr4.id, version: 0, treatment: 'transfer' });
    const stale = await ws.fail('treatment:set', { riskId: sr4.id, version: 0, treatment: 'terminate' });
    expect(stale.code).toBe('CONFLICT');
  });
});

describe('refreshing other windows', () => {
  it('a control write moves the revision without asking windows to read everything again', async () => {
    const other = attach(ws.path, 'Bob Auditor');
    try {
      await other.ok('register:open', { path: ws.path });
      const start = await other.ok('risks:list-with-revision', {});
      const sr4 = await ws.risk('SR4');
      await ws.ok('controls:create', { text: 'Risk board', riskIds: [sr4.id], effectiveness: 'effective' });
      await ws.ok('assurances:create', {
        riskId: sr4.id,
        source: 'External auditor',
        line: 4,
        strength: 'substantial',
      });
      await ws.ok('treatment:set', { riskId: sr4.id, version: 0, treatment: 'treat' });
      const changes = await other.ok('risks:changes', { sinceRevision: start.revision });
      expect(changes.full).toBe(false);
      expect(changes.revision).toBeGreaterThan(start.revision);
      expect(changes.risks.map((r) => r.ref)).toEqual(['SR4']);
      expect((await other.ok('controls:for-risk', { riskId: sr4.id })).controls).toHaveLength(1);
    } finally {
      other.close();
    }
  });
});

describe('migration 80', () => {
  it('adds the controls tables to an older register, keeping its risks', () => {
    const path = tempRegisterPath();
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    expect(migrate(raw, 40)).toEqual([10, 20, 30, 40]);
    raw.exec(`
      INSERT INTO categories (id, name, position, created_at) VALUES ('c1', 'Finance', 1, '2019-04-01T00:00:00.000Z');
      INSERT INTO risks (id, ref, category_id, description, impact, likelihood, position, created_at, updated_at)
        VALUES ('r1', 'SR1', 'c1', 'Grant dependence', 4, 2, 1, '2019-04-01T00:00:00.000Z', '2019-04-01T00:00:00.000Z');
    `);
    raw.close();
    const reg = openRegisterFile(path);
    try {
      expect(schemaVersion(reg.db)).toBe(LATEST_VERSION);
      expect(listRisks(reg.db).map((r) => r.ref)).toEqual(['SR1']);
      const n = (t: string) => reg.db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get();
      expect([n('controls'), n('risk_controls'), n('assurances'), n('risk_treatments')]).toEqual([
        0, 0, 0, 0,
      ]);
      expect(() =>
        reg.db
          .prepare(
            "INSERT INTO assurances (id, risk_id, source, line, strength, position, created_at, updated_at) VALUES ('a', 'r1', 's', 5, 'limited', 1, 'x', 'x')",
          )
          .run(),
      ).toThrow(/CHECK/);
    } finally {
      reg.db.close();
    }
  });
});
