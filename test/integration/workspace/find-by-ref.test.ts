import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from './harness.ts';
import { newWorkspace, removeTempDirs } from './harness.ts';

let ws: Workspace;
afterEach(() => {
  ws.close();
  removeTempDirs();
});

describe('risks:find-by-ref (what set-score uses instead of the whole list)', () => {
  it('finds a live risk by its ref in any case, and answers null for an unknown or archived ref', async () => {
    ws = await newWorkspace();
    const sr4 = await ws.risk('SR4');
    expect(await ws.ok('risks:find-by-ref', { ref: 'SR4' })).toEqual(sr4);
    expect(await ws.ok('risks:find-by-ref', { ref: 'sr4' })).toEqual(sr4);
    expect(await ws.ok('risks:find-by-ref', { ref: 'SR99' })).toBeNull();
    await ws.ok('risks:archive', { id: sr4.id, version: sr4.version, reason: 'Closed' });
    expect(await ws.ok('risks:find-by-ref', { ref: 'SR4' })).toBeNull();
  });

  it('refuses a ref that could not exist, saying what a ref looks like', async () => {
    ws = await newWorkspace();
    const err = await ws.fail('risks:find-by-ref', { ref: '' });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(/ref is required, such as SR4/);
  });
});
