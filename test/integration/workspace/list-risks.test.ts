/**
 * `risks:list` reads the whole register in one query (owners as a JSON array per risk, rows as arrays): it must
 * give exactly what reading each risk on its own gives — owners in their order, none, names with quotes and
 * non-Latin letters, inherent and target pairs or null, archived risks only when asked — in natural ref order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getRisk } from '../../../db/risks.ts';
import type { Workspace } from './harness.ts';
import { newWorkspace, removeTempDirs } from './harness.ts';

let ws: Workspace | null = null;
afterEach(() => {
  ws?.close();
  ws = null;
  removeTempDirs();
});

describe('risks:list', () => {
  it('equals reading each risk by id, in natural ref order, archived only when asked', async () => {
    ws = await newWorkspace({ sample: false });
    const w = ws;
    const made = [
      { ref: 'SR10', owners: ['CHo', 'AB', 'ZZ'] },
      { ref: 'SR2', owners: [] },
      { ref: 'sr1', owners: ['Ö"q', 'AB'] },
      { ref: 'SR1a', owners: ['ZZ'] },
      { ref: 'AB3', owners: ['AB'] },
    ];
    for (const [k, m] of made.entries()) {
      await w.ok('risks:create', {
        ref: m.ref,
        category: k % 2 ? 'Finance' : 'People',
        description: `Risk ${m.ref}`,
        impact: 3,
        likelihood: 4,
        owners: m.owners,
        ...(k === 0 ? { inherent: { impact: 5, likelihood: 5 }, target: { impact: 1, likelihood: 2 } } : {}),
      });
    }
    const ab3 = await w.risk('AB3');
    await w.ok('risks:archive', { id: ab3.id, version: ab3.version, reason: 'Closed' });

    const live = await w.ok('risks:list', {});
    expect(live.map((r) => r.ref)).toEqual(['sr1', 'SR1a', 'SR2', 'SR10']);
    for (const r of live) expect(r).toEqual(getRisk(w.session.db, r.id));
    expect(live.find((r) => r.ref === 'SR10')?.owners).toEqual(['CHo', 'AB', 'ZZ']);
    expect(live.find((r) => r.ref === 'sr1')?.owners).toEqual(['Ö"q', 'AB']);
    expect(live.find((r) => r.ref === 'SR2')?.owners).toEqual([]);
    expect(live.find((r) => r.ref === 'SR10')?.inherent).toEqual({ impact: 5, likelihood: 5 });
    expect(live.find((r) => r.ref === 'SR2')?.target).toBeNull();

    const every = await w.ok('risks:list', { includeArchived: true });
    expect(every.map((r) => r.ref)).toEqual(['AB3', 'sr1', 'SR1a', 'SR2', 'SR10']);
    for (const r of every) expect(r).toEqual(getRisk(w.session.db, r.id));
    expect(every[0]?.archivedAt).not.toBeNull();
  });
});
