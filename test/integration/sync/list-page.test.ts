/** `risks:list-page`: the live list in pages, so a window shows its first rows without reading the whole register. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RiskPage } from '../../../shared/contract/sync.ts';
import type { RiskRecord } from '../../../shared/domain.ts';
import { compareRefs } from '../../../shared/ref-order.ts';
import type { Fixture } from '../history/setup.ts';
import { lgaRegister } from '../history/setup.ts';

let f: Fixture;
beforeEach(async () => {
  f = await lgaRegister();
});
afterEach(() => f.done());

/** Every page from the start, `limit` risks each. */
async function allPages(limit: number): Promise<RiskPage[]> {
  const pages: RiskPage[] = [];
  let after: RiskPage['next'] = null;
  do {
    const page: RiskPage = await f.app.ok('risks:list-page', { after, limit });
    pages.push(page);
    after = page.next;
    if (pages.length > 1_000) throw new Error('The pages never end');
  } while (after);
  return pages;
}

const byRef = (risks: RiskRecord[]) => [...risks].sort((a, b) => compareRefs(a.ref, b.ref));

describe('risks:list-page', () => {
  it.each([1, 3, 7, 1_000])('pages of %i concatenated are risks:list, each risk once', async (limit) => {
    const list = await f.app.ok('risks:list', {});
    expect(list.length).toBeGreaterThan(7);
    const pages = await allPages(limit);
    const revision = (await f.app.ok('risks:list-with-revision', {})).revision;
    expect(pages.length).toBe(Math.ceil(list.length / limit));
    for (const p of pages) {
      expect(p.risks.length).toBeLessThanOrEqual(limit);
      expect(p.revision).toBe(revision);
      expect(p.total).toBe(list.length);
    }
    expect(pages.at(-1)?.next).toBeNull();
    const joined = pages.flatMap((p) => p.risks);
    expect(new Set(joined.map((r) => r.id)).size).toBe(joined.length);
    // The sample's positions follow its refs, so the register order is the list's order as it is.
    expect(joined).toEqual(list);
    expect(byRef(joined)).toEqual(list);
  });

  it('follows the register order (position, then id) even when positions tie or run against the refs', async () => {
    const list = await f.app.ok('risks:list', {});
    const db = f.app.session.db;
    // Every risk on one of two positions, the later refs first: only the id tells ties apart.
    db.prepare(
      `UPDATE risks SET position = CASE WHEN CAST(substr(ref, 3) AS INTEGER) % 2 = 0 THEN 1 ELSE 2 END`,
    ).run();
    const joined = (await allPages(3)).flatMap((p) => p.risks);
    expect(new Set(joined.map((r) => r.id)).size).toBe(list.length);
    expect(byRef(joined)).toEqual(list);
    const positions = new Map(
      (db.prepare('SELECT id, position FROM risks').all() as { id: string; position: number }[]).map((r) => [
        r.id,
        r.position,
      ]),
    );
    const keys = joined.map((r) => [positions.get(r.id) as number, r.id] as const);
    for (let k = 1; k < keys.length; k += 1) {
      const [pa, ia] = keys[k - 1] as readonly [number, string];
      const [pb, ib] = keys[k] as readonly [number, string];
      expect(pa < pb || (pa === pb && ia < ib)).toBe(true);
    }
  });

  it('leaves out archived risks and counts only the live ones', async () => {
    const sr4 = await f.byRef('SR4');
    await f.app.ok('risks:archive', { id: sr4.id, version: sr4.version, reason: 'Closed' });
    const pages = await allPages(5);
    const joined = pages.flatMap((p) => p.risks);
    expect(joined.map((r) => r.ref)).not.toContain('SR4');
    expect(byRef(joined)).toEqual(await f.app.ok('risks:list', {}));
    expect(pages[0]?.total).toBe(joined.length);
  });

  it('reports the revision of each page, so a window sees a write between pages', async () => {
    const first = await f.app.ok('risks:list-page', { after: null, limit: 2 });
    const sr4 = await f.byRef('SR4');
    await f.app.ok('risks:update', { id: sr4.id, version: sr4.version, changes: { mitigation: 'Checked.' } });
    const second = await f.app.ok('risks:list-page', { after: first.next, limit: 2 });
    expect(second.revision).toBeGreaterThan(first.revision);
    expect(second.revision).toBe(f.historyCount());
  });

  it.each([
    [{ after: null, limit: 0 }, /at least 1/],
    [{ after: null, limit: 5_001 }, /at most 5,000/],
    [{ after: null, limit: 2.5 }, /whole number/],
    [{ after: null }, /how many risks/],
    [{ limit: 10 }, /after/i],
    [{ after: { position: -1, id: 'x' }, limit: 10 }, /cannot be negative/],
    [{ after: { position: 1 }, limit: 10 }, /id of the last risk/],
    [{ after: { position: 1, id: '' }, limit: 10 }, /cannot be empty/],
    [{ after: 'SR4', limit: 10 }, /after/i],
    [{ after: null, limit: 10, includeArchived: true }, /includeArchived|unrecognized|not expected/i],
  ])('refuses %j with a VALIDATION error that says what is wrong', async (input, message) => {
    const before = await f.app.ok('risks:list-with-revision', {});
    const err = await f.app.fail('risks:list-page', input as never);
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(message);
    expect(await f.app.ok('risks:list-with-revision', {})).toEqual(before);
  });
});
