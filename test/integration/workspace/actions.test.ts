import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from './harness.ts';
import { newWorkspace, removeTempDirs } from './harness.ts';

let ws: Workspace;
afterEach(() => {
  ws.close();
  removeTempDirs();
});

describe('tracked actions', () => {
  it('creates an action with an owner, due date and status, recorded in history', async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    const a = await ws.ok('actions:create', {
      riskId: sr4.id,
      text: '  Agree a lobbying plan with the board  ',
      owner: 'CHo',
      dueDate: '2026-06-30',
      status: 'in_progress',
    });
    expect(a).toMatchObject({
      riskRef: 'SR4',
      text: 'Agree a lobbying plan with the board',
      owner: 'CHo',
      dueDate: '2026-06-30',
      status: 'in_progress',
      overdue: false,
      version: 1,
      archivedAt: null,
    });
    const list = await ws.ok('actions:list', { riskId: sr4.id });
    expect(list.map((x) => x.id)).toEqual([a.id]);
    const h = await ws.ok('history:list', { entity: 'action', entityId: a.id });
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ action: 'create', label: 'SR4', by: 'Ann Owner' });
  });

  it("keeps an imported risk's free-text mitigation as its controls-in-place note, not as an action", async () => {
    ws = await newWorkspace();
    const sr1 = await ws.risk('SR1');
    expect(sr1.mitigation).toMatch(/^Clearly report and account separately on grant funded activity/);
    expect(await ws.ok('actions:list', {})).toEqual([]);
  });

  it('defaults to planned with no owner and no due date', async () => {
    ws = await newWorkspace();
    const sr1 = await ws.risk('SR1');
    const a = await ws.ok('actions:create', { riskId: sr1.id, text: 'Review grant reporting' });
    expect(a).toMatchObject({ owner: null, dueDate: null, status: 'planned', overdue: false });
  });

  it('refuses dates that are not real, blank text, and a bad status, with sentences that say what to do', async () => {
    ws = await newWorkspace();
    const sr1 = await ws.risk('SR1');
    for (const dueDate of ['2026-02-30', '2026-13-01', '31/03/2026', '2026-3-1']) {
      const err = await ws.fail('actions:create', { riskId: sr1.id, text: 'x', dueDate });
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toMatch(
        /^The due date must be a (real )?date written as yyyy-mm-dd, such as 2026-03-31\.$/,
      );
    }
    expect(
      (await ws.ok('actions:create', { riskId: sr1.id, text: 'Leap', dueDate: '2028-02-29' })).dueDate,
    ).toBe('2028-02-29');
    expect((await ws.fail('actions:create', { riskId: sr1.id, text: '  ' })).message).toBe(
      'The action is required.',
    );
    const bad = await ws.fail('actions:create', {
      riskId: sr1.id,
      text: 'x',
      status: 'started' as 'planned',
    });
    expect(bad.message).toBe('The status must be planned, in_progress or done.');
  });

  it('refuses an action on an archived risk', async () => {
    ws = await newWorkspace();
    const sr1 = await ws.risk('SR1');
    await ws.ok('risks:archive', { id: sr1.id, version: sr1.version });
    const err = await ws.fail('actions:create', { riskId: sr1.id, text: 'Too late' });
    expect(err).toMatchObject({
      code: 'VALIDATION',
      message: 'SR1 is archived. Restore it before adding actions to it.',
    });
  });

  it('updates with the version read, one history entry per field; a stale version is refused with fresh values', async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    const a = await ws.ok('actions:create', { riskId: sr4.id, text: 'Plan', dueDate: '2026-06-30' });
    const b = await ws.ok('actions:update', {
      id: a.id,
      version: a.version,
      changes: { status: 'done', owner: 'JG', dueDate: null },
    });
    expect(b).toMatchObject({ status: 'done', owner: 'JG', dueDate: null, version: 2 });
    const h = await ws.ok('history:list', { entity: 'action', entityId: a.id, at: b.updatedAt });
    expect(h.map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
      ['owner', null, 'JG'],
      ['dueDate', '2026-06-30', null],
      ['status', 'planned', 'done'],
    ]);
    const stale = await ws.fail('actions:update', {
      id: a.id,
      version: a.version,
      changes: { text: 'Old view' },
    });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/^This action on SR4 was changed by Ann Owner after you opened it\./);
    expect((stale.details as { current: { status: string } }).current.status).toBe('done');
    expect((await ws.ok('actions:list', { riskId: sr4.id }))[0]?.text).toBe('Plan');
  });

  it('archives an action: it leaves the list unless archived ones are asked for', async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    const a = await ws.ok('actions:create', { riskId: sr4.id, text: 'Plan' });
    const archived = await ws.ok('actions:archive', { id: a.id, version: a.version });
    expect(archived.archivedAt).not.toBeNull();
    expect(await ws.ok('actions:list', { riskId: sr4.id })).toEqual([]);
    expect(await ws.ok('actions:list', { riskId: sr4.id, includeArchived: true })).toHaveLength(1);
  });
});

describe('the overdue rule, with a fixed clock', () => {
  it('is overdue after the due date when not done; due today is not; done never is', async () => {
    ws = await newWorkspace({ clock: '2026-05-01T09:00:00.000Z' });
    const sr4 = await ws.risk('SR4');
    const sr7 = await ws.risk('SR7');
    const past = await ws.ok('actions:create', { riskId: sr4.id, text: 'Past', dueDate: '2026-04-30' });
    const today = await ws.ok('actions:create', { riskId: sr4.id, text: 'Today', dueDate: '2026-05-01' });
    const done = await ws.ok('actions:create', {
      riskId: sr7.id,
      text: 'Done late',
      dueDate: '2026-01-31',
      status: 'done',
    });
    await ws.ok('actions:create', { riskId: sr7.id, text: 'Undated' });
    expect(past.overdue).toBe(true);
    expect(today.overdue).toBe(false);
    expect(done.overdue).toBe(false);

    const all = await ws.ok('actions:list', {});
    expect(all.map((a) => [a.riskRef, a.text, a.overdue])).toEqual([
      ['SR4', 'Past', true],
      ['SR4', 'Today', false],
      ['SR7', 'Done late', false],
      ['SR7', 'Undated', false],
    ]);
    expect((await ws.ok('actions:list', { overdueOnly: true })).map((a) => a.text)).toEqual(['Past']);

    // The next day, the action due "today" is overdue too.
    ws.setClock('2026-05-02T09:00:00.000Z');
    expect((await ws.ok('actions:list', { overdueOnly: true })).map((a) => a.text)).toEqual([
      'Past',
      'Today',
    ]);
    // Marking it done clears it.
    const fresh = (await ws.ok('actions:list', {})).find((a) => a.id === today.id);
    const closed = await ws.ok('actions:update', {
      id: today.id,
      version: fresh?.version ?? 0,
      changes: { status: 'done' },
    });
    expect(closed.overdue).toBe(false);
    expect(done.id).toBeTruthy();
  });

  it("leaves out an archived risk's actions from the register's list", async () => {
    ws = await newWorkspace({ clock: '2026-05-01T09:00:00.000Z' });
    const sr4 = await ws.risk('SR4');
    await ws.ok('actions:create', { riskId: sr4.id, text: 'Past', dueDate: '2026-04-30' });
    const fresh = await ws.risk('SR4');
    await ws.ok('risks:archive', { id: fresh.id, version: fresh.version });
    expect(await ws.ok('actions:list', { overdueOnly: true })).toEqual([]);
    expect(await ws.ok('actions:list', { riskId: sr4.id })).toHaveLength(1);
  });
});
