import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from './harness.ts';
import { newWorkspace, removeTempDirs } from './harness.ts';

let ws: Workspace;
afterEach(() => {
  ws.close();
  removeTempDirs();
});

async function owner(initials: string) {
  const o = (await ws.ok('owners:list', {})).find((x) => x.initials === initials);
  if (!o) throw new Error(`no owner ${initials}`);
  return o;
}

async function category(name: string) {
  const c = (await ws.ok('categories:list', {})).find((x) => x.name === name);
  if (!c) throw new Error(`no category ${name}`);
  return c;
}

describe('owners directory', () => {
  it('adds an owner with name, role and email; refuses a bad email and initials taken in any case', async () => {
    ws = await newWorkspace();
    const o = await ws.ok('owners:create', {
      initials: 'AB',
      name: 'Alex Brown',
      role: 'Director of Finance',
      email: 'alex.brown@example.gov.uk',
    });
    expect(o).toMatchObject({ initials: 'AB', name: 'Alex Brown', riskCount: 0, actionCount: 0, version: 1 });
    expect((await ws.ok('history:list', { entity: 'owner', entityId: o.id }))[0]?.action).toBe('create');

    const bad = await ws.fail('owners:create', { initials: 'CD', email: 'not an email' });
    expect(bad).toMatchObject({
      code: 'VALIDATION',
      message: 'The email address is not valid: write it as name@example.gov.uk, or leave it empty.',
    });
    expect((await ws.fail('owners:create', { initials: 'SP' })).message).toBe(
      'An owner with the initials SP already exists. Choose other initials, or merge the two owners.',
    );
    expect((await ws.fail('owners:create', { initials: 'cho' })).message).toMatch(
      /^cho differs from the existing owner C[Hh]o only in capital letters\./,
    );
    expect((await ws.fail('owners:create', { initials: 'A B' })).message).toBe(
      'Initials cannot contain spaces or / , ; & + (these separate owners), such as CHo.',
    );
  });

  it('updates an owner with the version read; a stale version is refused with the fresh details', async () => {
    ws = await newWorkspace();
    const ch = await owner('CH');
    const updated = await ws.ok('owners:update', {
      id: ch.id,
      version: ch.version,
      changes: { name: 'Chris Hart', email: 'chris.hart@example.gov.uk' },
    });
    expect(updated).toMatchObject({ name: 'Chris Hart', version: ch.version + 1, riskCount: 3 });
    const stale = await ws.fail('owners:update', {
      id: ch.id,
      version: ch.version,
      changes: { role: 'CEO' },
    });
    expect(stale.code).toBe('CONFLICT');
    expect((stale.details as { current: { name: string } }).current.name).toBe('Chris Hart');
    expect((await owner('CH')).role).toBe('');
    const taken = await ws.fail('owners:update', {
      id: ch.id,
      version: updated.version,
      changes: { initials: 'SP' },
    });
    expect(taken.code).toBe('DUPLICATE');
  });

  it('merges Cho into CHo on the LGA sample: SR4 moves to CHo, who then owns 3 risks; history recorded', async () => {
    ws = await newWorkspace();
    const cho = await owner('Cho');
    const CHo = await owner('CHo');
    expect(cho.riskCount).toBe(1);
    expect(CHo.riskCount).toBe(2);
    const sr4 = await ws.risk('SR4');
    expect(sr4.owners).toEqual(['Cho']);
    const a = await ws.ok('actions:create', { riskId: sr4.id, text: 'Chase', owner: 'Cho' });

    const out = await ws.ok('owners:merge', { fromId: cho.id, intoId: CHo.id });
    expect(out.owner).toMatchObject({ initials: 'CHo', riskCount: 3, actionCount: 1 });
    expect(out.movedRisks).toEqual(['SR4']);
    expect(out.movedActions).toBe(1);

    const after = await ws.risk('SR4');
    expect(after.owners).toEqual(['CHo']);
    expect(after.version).toBe(sr4.version + 1);
    const onCHo = (await ws.ok('risks:list', {})).filter((r) => r.owners.includes('CHo')).map((r) => r.ref);
    expect(onCHo).toEqual(['SR4', 'SR7', 'SR14']);
    expect((await ws.ok('owners:list', {})).map((o) => o.initials)).not.toContain('Cho');
    expect((await ws.ok('actions:list', { riskId: sr4.id }))[0]?.owner).toBe('CHo');

    const riskHistory = await ws.ok('risks:history', { id: sr4.id });
    expect(riskHistory.at(-1)).toMatchObject({
      field: 'owners',
      oldValue: ['Cho'],
      newValue: ['CHo'],
      reason: 'Owner Cho merged into CHo',
    });
    const gone = await ws.ok('history:list', { entity: 'owner', entityId: cho.id });
    expect(gone.at(-1)).toMatchObject({ action: 'delete', field: 'merged-into' });
    const kept = await ws.ok('history:list', { entity: 'owner', entityId: CHo.id });
    expect(kept.at(-1)).toMatchObject({
      field: 'merged-from',
      newValue: { initials: 'Cho', risks: ['SR4'] },
    });
    expect((await ws.ok('history:list', { entity: 'action', entityId: a.id })).at(-1)).toMatchObject({
      field: 'owner',
      oldValue: 'Cho',
      newValue: 'CHo',
    });
  });

  it('collapses an owner who appears twice on a risk after a merge, keeping the first place', async () => {
    ws = await newWorkspace();
    const sr14 = await ws.risk('SR14'); // SP CHo JG
    await ws.ok('risks:update', {
      id: sr14.id,
      version: sr14.version,
      changes: { owners: ['Cho', 'SP', 'CHo'] },
    });
    await ws.ok('owners:merge', { fromId: (await owner('Cho')).id, intoId: (await owner('CHo')).id });
    expect((await ws.risk('SR14')).owners).toEqual(['CHo', 'SP']);
    expect((await owner('CHo')).riskCount).toBe(3);
  });

  it('refuses to delete an owner who still owns risks, saying how many, and changes nothing', async () => {
    ws = await newWorkspace();
    const sp = await owner('SP');
    const before = ws.session.db.prepare('SELECT COUNT(*) FROM history').pluck().get();
    const err = await ws.fail('owners:delete', { id: sp.id, version: sp.version });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe(
      'SP cannot be deleted: they still own 5 risks: SR1, SR11, SR13, SR14, SR19. Give those to someone else, or merge SP into another owner.',
    );
    expect((await owner('SP')).riskCount).toBe(5);
    expect(ws.session.db.prepare('SELECT COUNT(*) FROM history').pluck().get()).toBe(before);
  });

  it('deletes an owner who owns nothing, with a history entry', async () => {
    ws = await newWorkspace();
    const o = await ws.ok('owners:create', { initials: 'ZZ', name: 'Temp' });
    const out = await ws.ok('owners:delete', { id: o.id, version: o.version, reason: 'Left' });
    expect(out).toEqual({ id: o.id, initials: 'ZZ' });
    expect((await ws.ok('owners:list', {})).map((x) => x.initials)).not.toContain('ZZ');
    expect((await ws.ok('history:list', { entity: 'owner', entityId: o.id })).at(-1)).toMatchObject({
      action: 'delete',
      reason: 'Left',
    });
  });
});

describe('categories', () => {
  it('creates a category at the end, unique in any case', async () => {
    ws = await newWorkspace();
    const before = await ws.ok('categories:list', {});
    const c = await ws.ok('categories:create', { name: 'Cyber security' });
    expect(c.position).toBe(before.length + 1);
    const dup = await ws.fail('categories:create', { name: 'cyber SECURITY' });
    expect(dup).toMatchObject({
      code: 'DUPLICATE',
      message:
        'There is already a category called Cyber security. Choose another name, or merge the two categories.',
    });
  });

  it('renames a category: every risk in it shows the new name; a clash in any case is refused', async () => {
    ws = await newWorkspace();
    const names = (await ws.ok('categories:list', {})).map((c) => c.name);
    expect(names.length).toBeGreaterThan(1);
    const first = await category(names[0] ?? '');
    const renamed = await ws.ok('categories:rename', { id: first.id, version: first.version, name: 'Reach' });
    expect(renamed).toMatchObject({ name: 'Reach', version: first.version + 1 });
    const inIt = (await ws.ok('risks:list', {})).filter((r) => r.category === 'Reach');
    expect(inIt.length).toBeGreaterThan(0);
    expect((await ws.ok('risks:list', {})).filter((r) => r.category === names[0])).toEqual([]);
    const clash = await ws.fail('categories:rename', {
      id: first.id,
      version: renamed.version,
      name: (names[1] ?? '').toUpperCase(),
    });
    expect(clash.code).toBe('DUPLICATE');
    const stale = await ws.fail('categories:rename', { id: first.id, version: first.version, name: 'Other' });
    expect(stale.code).toBe('CONFLICT');
    expect((stale.details as { current: { name: string } }).current.name).toBe('Reach');
    // A change of case alone is allowed.
    expect(
      (await ws.ok('categories:rename', { id: first.id, version: renamed.version, name: 'REACH' })).name,
    ).toBe('REACH');
  });

  it('merges one category into another: its risks move, with history on each, and it is removed', async () => {
    ws = await newWorkspace();
    const [a, b] = await ws.ok('categories:list', {});
    if (!a || !b) throw new Error('sample has categories');
    const inA = (await ws.ok('risks:list', {})).filter((r) => r.category === a.name).map((r) => r.ref);
    const inB = (await ws.ok('risks:list', {})).filter((r) => r.category === b.name).map((r) => r.ref);
    const out = await ws.ok('categories:merge', { fromId: a.id, intoId: b.id });
    expect(out.movedRisks).toEqual(inA);
    const now = (await ws.ok('risks:list', {})).filter((r) => r.category === b.name).map((r) => r.ref);
    expect(now.sort()).toEqual([...inA, ...inB].sort());
    expect((await ws.ok('categories:list', {})).map((c) => c.name)).not.toContain(a.name);
    const moved = await ws.risk(inA[0] ?? '');
    expect((await ws.ok('risks:history', { id: moved.id })).at(-1)).toMatchObject({
      field: 'category',
      oldValue: a.name,
      newValue: b.name,
    });
    expect((await ws.ok('categories:list', {})).map((c) => c.position)).toEqual(
      (await ws.ok('categories:list', {})).map((_, i) => i + 1),
    );
  });

  it('reorders categories; a list that no longer matches is refused with the fresh list', async () => {
    ws = await newWorkspace();
    const before = await ws.ok('categories:list', {});
    const reversed = [...before].reverse();
    const out = await ws.ok('categories:reorder', { ids: reversed.map((c) => c.id) });
    expect(out.map((c) => c.name)).toEqual(reversed.map((c) => c.name));
    expect((await ws.ok('categories:list', {})).map((c) => c.name)).toEqual(reversed.map((c) => c.name));
    const h = await ws.ok('history:list', { entity: 'register', entityId: 'categories' });
    expect(h.at(-1)).toMatchObject({ field: 'order', newValue: reversed.map((c) => c.name) });

    await ws.ok('categories:create', { name: 'New one' });
    const stale = await ws.fail('categories:reorder', { ids: before.map((c) => c.id) });
    expect(stale.code).toBe('CONFLICT');
    expect((stale.details as { current: { name: string }[] }).current.map((c) => c.name)).toContain(
      'New one',
    );
  });
});

describe('table layout', () => {
  it('is null until saved, then remembered in the register file', async () => {
    ws = await newWorkspace();
    expect(await ws.ok('layout:get', {})).toBeNull();
    const layout = {
      visible: ['ref', 'description', 'score'],
      order: ['ref', 'score', 'description'],
      widths: { description: 420 },
      sort: [{ id: 'score', desc: true }],
      grouping: ['category'],
      density: 'compact',
    };
    expect(await ws.ok('layout:set', { layout })).toEqual(layout);
    expect(await ws.ok('layout:get', {})).toEqual(layout);
    expect((await ws.ok('register:status', {}))?.settings.name).toBe('LGA Strategic Risk Register');
  });

  it('refuses a layout over 16 KB, and a malformed sort', async () => {
    ws = await newWorkspace();
    const big = await ws.fail('layout:set', { layout: { notes: 'x'.repeat(17 * 1024) } });
    expect(big.message).toMatch(/^The table layout is too large to save: 17,\d{3} bytes, at most 16,384\.$/);
    const bad = await ws.fail('layout:set', { layout: { sort: [{ id: 'score' }] } as never });
    expect(bad.message).toBe('A sort says desc: true or false.');
    expect(await ws.ok('layout:get', {})).toBeNull();
  });
});
