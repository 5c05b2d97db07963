/**
 * db/timelines.ts reads score timelines with SQLite's json_extract instead of parsing every history row: it must give
 * exactly the points `scoreTimeline(historyFor(…))` gives, for a register with creates, score edits of every kind,
 * text edits and reviews with and without a new score.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { historyFor } from '../../../db/history.ts';
import { scoreTimelines } from '../../../db/timelines.ts';
import { scoreTimeline } from '../../../shared/travel.ts';
import type { Workspace } from './harness.ts';
import { newWorkspace, removeTempDirs } from './harness.ts';

let ws: Workspace;
afterEach(() => {
  ws.close();
  removeTempDirs();
});

describe('score timelines from SQL', () => {
  it('match the timelines parsed from full history, whole register and by ids', async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    const a = await ws.ok('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      impact: 5,
      likelihood: 5,
    });
    const b = await ws.ok('risks:update-score', {
      id: sr4.id,
      version: a.version,
      which: 'target',
      impact: 2,
      likelihood: 2,
    });
    const c = await ws.ok('risks:update', {
      id: sr4.id,
      version: b.version,
      changes: { description: 'Reworded.' },
    });
    await ws.ok('reviews:record', {
      id: sr4.id,
      version: c.version,
      note: 'Checked',
      impact: 4,
      likelihood: 3,
    });
    const sr7 = await ws.risk('SR7');
    await ws.ok('reviews:record', { id: sr7.id, version: sr7.version, note: 'No change' });
    await ws.ok('risks:create', { category: 'Finance', description: 'New one', impact: 2, likelihood: 3 });

    const db = ws.session.db;
    const risks = await ws.ok('risks:list', {});
    const all = scoreTimelines(db);
    for (const r of risks) {
      expect(all.get(r.id) ?? [], r.ref).toEqual(scoreTimeline(historyFor(db, 'risk', r.id)));
    }
    const kinds = all.get(sr4.id)?.map((p) => p.kind) ?? [];
    expect(kinds[0]).toBe('created');
    expect(kinds).toContain('changed');
    expect(kinds.at(-1)).toBe('reviewed');
    const some = scoreTimelines(db, [sr4.id, sr7.id, sr4.id]);
    expect([...some.keys()].sort()).toEqual([sr4.id, sr7.id].sort());
    expect(some.get(sr7.id)).toEqual(scoreTimeline(historyFor(db, 'risk', sr7.id)));
  });
});
