/** The register's revision and `risks:changes`: what a window needs to refresh only what another changed. */
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANGES_FULL_THRESHOLD } from '../../../shared/contract/sync.ts';
import { createRisk } from '../../../db/risk-writes.ts';
import type { Fixture } from '../history/setup.ts';
import { lgaRegister } from '../history/setup.ts';

const FIXTURE = resolve('../shared/fixtures/lga-strategic-risk-register-2019-04.csv');

let f: Fixture;
beforeEach(async () => {
  f = await lgaRegister();
});
afterEach(() => f.done());

const revisionNow = async () => (await f.app.ok('risks:list-with-revision', {})).revision;

describe('risks:list-with-revision', () => {
  it('reads the live risks with the highest history seq, and the revision moves with each write', async () => {
    const first = await f.app.ok('risks:list-with-revision', {});
    expect(first.risks).toEqual(await f.app.ok('risks:list', {}));
    expect(first.revision).toBe(f.historyCount());

    const sr4 = await f.byRef('SR4');
    await f.app.ok('risks:update', { id: sr4.id, version: sr4.version, changes: { mitigation: 'Checked.' } });
    const second = await revisionNow();
    expect(second).toBeGreaterThan(first.revision);
    expect(second).toBe(f.historyCount());

    await f.app.ok('risks:archive', { id: sr4.id, version: sr4.version + 1, reason: 'Closed' });
    expect(await revisionNow()).toBeGreaterThan(second);
    const all = await f.app.ok('risks:list-with-revision', { includeArchived: true });
    expect(all.risks.map((r) => r.ref)).toContain('SR4');
    expect((await f.app.ok('risks:list-with-revision', {})).risks.map((r) => r.ref)).not.toContain('SR4');
  });
});

describe('risks:changes', () => {
  it('since the current revision: nothing', async () => {
    const revision = await revisionNow();
    expect(await f.app.ok('risks:changes', { sinceRevision: revision })).toEqual({
      revision,
      day: '2026-04-01',
      risks: [],
      removedIds: [],
      full: false,
    });
  });

  it('returns exactly the risks touched since a revision, as they are now', async () => {
    const since = await revisionNow();
    const sr1 = await f.byRef('SR1');
    const sr7 = await f.byRef('SR7');
    await f.app.ok('risks:update-score', {
      id: sr1.id,
      version: sr1.version,
      which: 'current',
      impact: 2,
      likelihood: 2,
    });
    await f.app.ok('risks:update', {
      id: sr7.id,
      version: sr7.version,
      changes: { description: 'Reworded.' },
    });
    await f.app.ok('risks:update', {
      id: sr7.id,
      version: sr7.version + 1,
      changes: { mitigation: 'New controls.' },
    });
    const created = await f.app.ok('risks:create', {
      category: 'Finance',
      description: 'A new risk.',
      impact: 3,
      likelihood: 3,
    });

    const out = await f.app.ok('risks:changes', { sinceRevision: since });
    expect(out.full).toBe(false);
    expect(out.revision).toBe(f.historyCount());
    expect(out.removedIds).toEqual([]);
    const byRef = new Map(out.risks.map((r) => [r.ref, r]));
    expect([...byRef.keys()].sort()).toEqual(['SR1', 'SR7', created.ref].sort());
    expect(byRef.get('SR1')).toMatchObject({ impact: 2, likelihood: 2 });
    expect(byRef.get('SR7')).toMatchObject({ description: 'Reworded.', mitigation: 'New controls.' });
    expect(byRef.get('SR7')).toEqual(await f.byRef('SR7'));

    // Since the revision after the first edit: SR1 is no longer in the answer.
    const later = await f.app.ok('risks:changes', { sinceRevision: since + 1 });
    expect(later.risks.map((r) => r.ref).sort()).toEqual(['SR7', created.ref].sort());
  });

  it('archive, restore and delete: archived records come back (to be dropped), deleted ids are listed', async () => {
    const sr2 = await f.byRef('SR2');
    let since = await revisionNow();
    const archived = await f.app.ok('risks:archive', { id: sr2.id, version: sr2.version, reason: 'Closed' });
    let out = await f.app.ok('risks:changes', { sinceRevision: since });
    expect(out.risks).toEqual([archived]);
    expect(out.risks[0]?.archivedAt).not.toBeNull();

    since = out.revision;
    const restored = await f.app.ok('risks:restore', {
      id: sr2.id,
      version: archived.version,
      reason: 'Back',
    });
    out = await f.app.ok('risks:changes', { sinceRevision: since });
    expect(out.risks).toEqual([restored]);
    expect(out.risks[0]?.archivedAt).toBeNull();

    const again = await f.app.ok('risks:archive', {
      id: sr2.id,
      version: restored.version,
      reason: 'Closed',
    });
    since = await revisionNow();
    await f.app.ok('risks:delete', { id: sr2.id, version: again.version, reason: 'Duplicate' });
    out = await f.app.ok('risks:changes', { sinceRevision: since });
    expect(out).toMatchObject({ risks: [], removedIds: [sr2.id], full: false });
  });

  it('changes that do not touch a risk record (an action, a snapshot, a new owner) leave nothing to refresh', async () => {
    const sr3 = await f.byRef('SR3');
    const since = await revisionNow();
    await f.app.ok('actions:create', { riskId: sr3.id, text: 'Write the plan.' });
    await f.app.ok('snapshots:take', { name: 'Q1' });
    await f.app.ok('owners:create', { initials: 'ZZ', name: 'Zed Zee' });
    const out = await f.app.ok('risks:changes', { sinceRevision: since });
    expect(out.full).toBe(false);
    expect(out.risks).toEqual([]);
    expect(out.revision).toBeGreaterThan(since);
  });

  it('asks for a full reload after a band key change, a category rename or an owner merge', async () => {
    let since = await revisionNow();
    const key = await f.app.ok('key:get', {});
    await f.app.ok('key:set', {
      key: key.map((b, i) => (i === 0 ? { ...b, name: `${b.name} (low)` } : b)),
    });
    expect(await f.app.ok('risks:changes', { sinceRevision: since })).toMatchObject({
      full: true,
      risks: [],
    });

    since = await revisionNow();
    const [category] = await f.app.ok('categories:list', {});
    if (!category) throw new Error('The sample has no categories');
    await f.app.ok('categories:rename', { id: category.id, version: category.version, name: 'Renamed' });
    expect((await f.app.ok('risks:changes', { sinceRevision: since })).full).toBe(true);

    since = await revisionNow();
    const [from, into] = await f.app.ok('owners:list', {});
    if (!from || !into) throw new Error('The sample has fewer than two owners');
    await f.app.ok('owners:merge', { fromId: from.id, intoId: into.id });
    expect((await f.app.ok('risks:changes', { sinceRevision: since })).full).toBe(true);
  });

  it(`asks for a full reload when more than ${CHANGES_FULL_THRESHOLD} risks changed`, async () => {
    const since = await revisionNow();
    const db = f.app.session.writable();
    const ctx = { now: new Date().toISOString(), by: 'Test' };
    const add = (n: number) =>
      db.transaction(() => {
        for (let i = 0; i < n; i += 1) {
          createRisk(
            db,
            {
              category: 'Finance',
              description: `Bulk ${i}.`,
              impact: 2,
              likelihood: 2,
              inherent: null,
              target: null,
              mitigation: '',
              owners: [],
            },
            ctx,
          );
        }
      })();
    add(CHANGES_FULL_THRESHOLD);
    // Exactly the threshold is still answered risk by risk; one more is a full reload.
    const atThreshold = await f.app.ok('risks:changes', { sinceRevision: since });
    expect(atThreshold.full).toBe(false);
    expect(atThreshold.risks).toHaveLength(CHANGES_FULL_THRESHOLD);
    add(1);
    expect(await f.app.ok('risks:changes', { sinceRevision: since })).toMatchObject({
      full: true,
      risks: [],
    });
  });

  it('asks for a full reload after an import', async () => {
    const path = f.tmp.file('empty.riskreg');
    await f.app.ok('register:create', { path, sample: false });
    const since = await revisionNow();
    const preview = await f.app.ok('import:preview', { path: FIXTURE });
    if (!preview) throw new Error('No preview');
    await f.app.ok('import:commit', { path: FIXTURE, fileHash: preview.fileHash });
    const out = await f.app.ok('risks:changes', { sinceRevision: since });
    expect(out).toMatchObject({ full: true, risks: [], removedIds: [] });
    expect((await f.app.ok('risks:list-with-revision', {})).risks.length).toBeGreaterThan(0);
  });

  it('a revision this register never reached (another register was opened): full', async () => {
    const revision = await revisionNow();
    expect((await f.app.ok('risks:changes', { sinceRevision: revision + 50 })).full).toBe(true);
  });
});

describe('risks:travel with ids', () => {
  it('gives the same figures as the whole-register read, for the live risks asked for only', async () => {
    const sr1 = await f.byRef('SR1');
    const sr5 = await f.byRef('SR5');
    f.clock.set('2026-05-10T09:00:00.000Z');
    await f.app.ok('risks:update-score', {
      id: sr1.id,
      version: sr1.version,
      which: 'current',
      impact: 5,
      likelihood: 5,
    });
    await f.app.ok('reviews:record', { id: sr5.id, version: sr5.version, note: 'Looked at it.' });
    const sr6 = await f.byRef('SR6');
    await f.app.ok('risks:archive', { id: sr6.id, version: sr6.version, reason: 'Closed' });

    const all = await f.app.ok('risks:travel', {});
    const some = await f.app.ok('risks:travel', { ids: [sr1.id, sr5.id, sr6.id, sr1.id, 'no-such-risk'] });
    expect(some.map((t) => t.ref).sort()).toEqual(['SR1', 'SR5']);
    for (const t of some) expect(t).toEqual(all.find((a) => a.riskId === t.riskId));
    expect(some.find((t) => t.ref === 'SR5')?.lastReviewedAt).not.toBeNull();
  });
});
