/**
 * A long register (3,000 risks, so the table is virtualised) in Chromium against a real SQLite file: jumps across
 * the table show the rows at each scroll position, End moves to the last risk and focuses it, a click far down
 * opens that risk, and the travel column fills for the rows on screen only (read by ids, never the whole register).
 * After a search, a sort and a grouping (headings of another height), jumps still show exactly the rows that list
 * puts at each scroll position (the window is arithmetic on fixed heights, nothing is measured).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreValue } from '../../shared/scoring.ts';
import { createRisk } from '../../db/risk-writes.ts';
import { writeTransaction } from '../../db/transaction.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

const COUNT = 3_000;
/** RiskTable's fixed row height in a long table, and a group heading's. */
const ROW = 62;
const GROUP = 36;
const CATEGORIES = ['Finance', 'People', 'Delivery'];

/** Risk i (0-based) as the test creates it. */
function riskAt(i: number) {
  const impact = (i % 5) + 1;
  const likelihood = ((i >> 2) % 5) + 1;
  return { ref: `SR${i + 1}`, category: CATEGORIES[i % 3] as string, score: impact * likelihood };
}

/**
 * Twelve jumps across the table; after each, the item under the heading must be the one `expected` (test ids
 * in item order) puts at that scroll position, by the items' heights (`ROW`, `GROUP` for a heading). Returns
 * the mismatches.
 */
async function jumpsShow(page: Page, expected: readonly string[]): Promise<string[]> {
  return page.evaluate(
    async ({ expected, row, group }) => {
      const s = document.querySelector<HTMLElement>('[data-testid="table-scroll"]');
      if (!s) throw new Error('no scroll box');
      const head = s.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const starts: number[] = [];
      let y = 0;
      for (const id of expected) {
        starts.push(y);
        y += id.startsWith('table-group-') ? group : row;
      }
      const out: string[] = [];
      for (let k = 0; k < 12; k += 1) {
        s.scrollTop = Math.round((((k * 7) % 12) / 11) * (s.scrollHeight - s.clientHeight));
        await new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok())));
        let want = 0;
        while (want + 1 < starts.length && (starts[want + 1] as number) <= s.scrollTop + 2) want += 1;
        const box = s.getBoundingClientRect();
        const tr = document.elementFromPoint(box.left + box.width / 2, box.top + head + 2)?.closest('tr');
        const got = Number(tr?.getAttribute('data-index') ?? -1);
        const id = tr?.getAttribute('data-testid') ?? '';
        if (Math.abs(got - want) > 1 || id !== expected[got]) out.push(`${want}: ${got} ${id}`);
      }
      return out;
    },
    { expected, row: ROW, group: GROUP },
  );
}

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe(`a register of ${COUNT.toLocaleString('en-GB')} risks`, () => {
  it('scrolls to the right rows, moves to the end, opens a risk far down, and reads travel for what shows', async () => {
    const app = await harness.open({ start: 'empty' });
    const { page, backend } = app;
    const db = backend.session.writable();
    const ctx = { now: new Date().toISOString(), by: 'Test User' };
    writeTransaction(db, () => {
      for (let i = 0; i < COUNT; i += 1) {
        createRisk(
          db,
          {
            ref: `SR${i + 1}`,
            category: ['Finance', 'People', 'Delivery'][i % 3] as string,
            description: `Synthetic risk number ${i + 1}`,
            impact: ((i % 5) + 1) as ScoreValue,
            likelihood: (((i >> 2) % 5) + 1) as ScoreValue,
            inherent: null,
            target: null,
            mitigation: '',
            owners: [`O${i % 40}`],
          },
          ctx,
          'import',
        );
      }
    });
    // Travel reads from here on are counted; the window is opened again on the filled register.
    const travelReads: unknown[] = [];
    const dispatch = backend.dispatch;
    backend.dispatch = (channel, input) => {
      if (channel === 'risks:travel') travelReads.push(input);
      return dispatch(channel, input);
    };
    await page.reload();
    await page.getByTestId('risk-row-SR1').waitFor();
    // 3,000 risks arrive in pages: the first at once, the rest with "Loading risks…" until the list is whole.
    await page.getByTestId('load-progress').waitFor({ state: 'detached' });
    expect(await page.getByTestId('shown-count').textContent()).toBe('3,000 risks');

    // Jumps across the table: the row under the heading is the one the scroll position names.
    const wrong = await page.evaluate(async (row) => {
      const s = document.querySelector<HTMLElement>('[data-testid="table-scroll"]');
      if (!s) throw new Error('no scroll box');
      const head = s.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const out: string[] = [];
      for (let k = 0; k < 12; k += 1) {
        s.scrollTop = Math.round((((k * 7) % 12) / 11) * (s.scrollHeight - s.clientHeight));
        await new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok())));
        const want = Math.floor((s.scrollTop + 2) / row);
        const box = s.getBoundingClientRect();
        const tr = document.elementFromPoint(box.left + box.width / 2, box.top + head + 2)?.closest('tr');
        const got = Number(tr?.getAttribute('data-index') ?? -1);
        const ref = tr?.getAttribute('data-testid') ?? '';
        // Register order: the row at index i is SR(i + 1).
        if (Math.abs(got - want) > 1 || ref !== `risk-row-SR${got + 1}`) out.push(`${want}: ${got} ${ref}`);
      }
      return out;
    }, ROW);
    expect(wrong).toEqual([]);
    // Only a window of rows is in the page.
    expect(await page.locator('tr[data-risk-id]').count()).toBeLessThan(100);

    // Travel fills for the rows on screen, read by ids only.
    await page.evaluate(() => {
      const s = document.querySelector<HTMLElement>('[data-testid="table-scroll"]');
      if (s) s.scrollTop = 1500 * 62;
    });
    const sr1501 = page.getByTestId('risk-row-SR1501');
    await sr1501.waitFor();
    await expect.poll(() => sr1501.locator('td[data-col="travel"]').textContent()).toMatch(/unchanged|new/i);
    expect(travelReads.length).toBeGreaterThan(0);
    for (const r of travelReads) {
      const ids = (r as { ids?: string[] }).ids;
      expect(ids).toBeDefined();
      expect(ids?.length).toBeLessThan(200);
    }

    // End moves to the last risk, in the page and focused; a click on a row far down opens that risk.
    await sr1501.click();
    await expect.poll(async () => (await page.getByTestId('panel-ref').textContent())?.trim()).toBe('SR1501');
    await sr1501.focus();
    await page.keyboard.press('End');
    const last = page.getByTestId('risk-row-SR3000');
    await last.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('risk-row-SR3000');
    await last.click();
    await expect.poll(async () => (await page.getByTestId('panel-ref').textContent())?.trim()).toBe('SR3000');
    expect(await last.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Escape');

    const all = Array.from({ length: COUNT }, (_, i) => riskAt(i));
    const ids = (list: readonly { ref: string }[]) => list.map((r) => `risk-row-${r.ref}`);

    // A search that leaves a long list (SR1, SR10–19, SR100–199, SR1000–1999): its rows, in register order.
    const search = page.getByTestId('table-search');
    await search.fill('SR1');
    const found = all.filter((r) => r.ref.startsWith('SR1'));
    await expect.poll(() => page.getByTestId('shown-count').textContent()).toMatch(/Showing 1,111 of 3,000/);
    expect(await jumpsShow(page, ids(found))).toEqual([]);

    // Sorted by score (lowest first, register order within a score), still searched.
    await page.getByTestId('sort-score').click();
    await expect.poll(() => page.locator('th[data-col="score"]').getAttribute('aria-sort')).toBe('ascending');
    const byScore = found
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.score - b.r.score || a.i - b.i)
      .map((x) => x.r);
    expect(await jumpsShow(page, ids(byScore))).toEqual([]);

    // Search cleared: the whole register by score.
    await search.fill('');
    await expect.poll(() => page.getByTestId('shown-count').textContent()).toMatch(/3,000 risks/);
    const allByScore = all
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.score - b.r.score || a.i - b.i)
      .map((x) => x.r);
    expect(await jumpsShow(page, ids(allByScore))).toEqual([]);

    // Grouped by category: headings (another height) before each group's rows, rows in register order.
    await page.getByTestId('sort-score').click(); // descending
    await page.getByTestId('sort-score').click(); // register order
    await page.getByTestId('group-by').selectOption('category');
    // Where each heading must be: item 0, 1,001 and 2,002 (1,000 risks a category). Which category each
    // heading names follows the register's category order, so it is read from the page.
    await expect.poll(() => page.getByTestId('group-by').inputValue()).toBe('category');
    const headings = await page.evaluate(
      async ({ row, group, count }) => {
        const s = document.querySelector<HTMLElement>('[data-testid="table-scroll"]');
        if (!s) return [];
        const found: string[] = [];
        for (const k of [0, 1, 2]) {
          s.scrollTop = k * (group + (count / 3) * row);
          await new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok())));
          const tr = s.querySelector(`tr.group-row[data-index="${k * (count / 3 + 1)}"]`);
          found.push(tr?.getAttribute('data-testid') ?? '');
        }
        return found;
      },
      { row: ROW, group: GROUP, count: COUNT },
    );
    expect([...headings].sort()).toEqual(CATEGORIES.map((c) => `table-group-${c}`).sort());
    const grouped: string[] = [];
    for (const g of headings) {
      grouped.push(g);
      grouped.push(...ids(all.filter((r) => `table-group-${r.category}` === g)));
    }
    expect(await jumpsShow(page, grouped)).toEqual([]);
    expect(app.problems).toEqual([]);
  }, 240_000);
});
