/**
 * A long register (3,000 risks, so the table is virtualised) in Chromium against a real SQLite file: jumps across
 * the table show the rows at each scroll position, End moves to the last risk and focuses it, a click far down
 * opens that risk, and the travel column fills for the rows on screen only (read by ids, never the whole register).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreValue } from '../../shared/scoring.ts';
import { createRisk } from '../../db/risk-writes.ts';
import { writeTransaction } from '../../db/transaction.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

const COUNT = 3_000;
/** RiskTable's fixed row height in a long table. */
const ROW = 62;

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
    expect(app.problems).toEqual([]);
  });
});
