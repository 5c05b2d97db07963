/**
 * History, reviews and audit in Chromium against a real SQLite file: a register whose quarterly reviews
 * have fallen due shows the overdue count on launch; reviewing SR15 with a new score shows the arrow in
 * words and takes one off the count; the reviews, audit and snapshot views, with screenshots.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movableClock } from '../renderer/history/clock.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim();

describe('History, reviews and audit', () => {
  it('reviews an overdue risk: the arrow and the overdue count change', async () => {
    const clock = movableClock('2026-01-15T10:00:00Z');
    const app = await harness.open({ start: 'sample', now: clock.now });
    const { page } = app;
    await page.getByTestId('risk-table').waitFor();
    // Nothing is due on the day the sample was loaded.
    expect(await page.getByTestId('reviews-overdue-count').count()).toBe(0);

    // Four months later the app is opened again: every quarterly review (15/04/2026) is overdue.
    clock.set('2026-05-20T09:00:00Z');
    await page.reload();
    await page.getByTestId('risk-table').waitFor();
    await expect.poll(() => text(page, 'reviews-overdue-count')).toBe('19 reviews overdue');
    // The direction of travel shows by default; time in band and next review, from the column chooser.
    await page.getByTestId('columns-menu').click();
    await page.getByTestId('column-timeInBand').click();
    await page.getByTestId('column-nextReview').click();
    await page.getByTestId('columns-menu').click();
    const sr15 = page.getByTestId('risk-row-SR15');
    await expect
      .poll(() => sr15.locator('td[data-col="travel"]').textContent())
      .toBe('▶unchanged at 3 Green');
    await app.screenshot('history-register-overdue');

    await page.getByTestId('risk-row-SR15').click();
    await expect.poll(() => text(page, 'review-status')).toBe('Overdue by 35 days (was due 15/04/2026)');
    expect(await text(page, 'panel-travel')).toBe('▶ unchanged at 3 Green · Green for 125 days');
    const status = page.getByTestId('review-status');
    expect(await status.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(180, 35, 24)');

    await page.getByTestId('review-open').click();
    await page.getByTestId('review-likelihood').selectOption('3');
    await page
      .getByTestId('review-note')
      .fill('Contract costs rising; owner agrees likelihood is now possible');
    await app.screenshot('history-review-form');
    await page.getByTestId('review-save').click();

    await expect.poll(() => text(page, 'review-status')).toBe('Next review 20/08/2026');
    expect(await text(page, 'panel-travel')).toBe('▲ up from 3 Green · Yellow for 1 review');
    await expect.poll(() => text(page, 'reviews-overdue-count')).toBe('18 reviews overdue');
    await expect.poll(() => sr15.locator('td[data-col="travel"]').textContent()).toBe('▲up from 3 Green');
    expect(await sr15.locator('td[data-col="timeInBand"]').textContent()).toBe('Yellow for 1 review');
    const arrow = sr15.locator('td[data-col="travel"] .travel-arrow');
    expect(await arrow.getAttribute('aria-hidden')).toBe('true');
    const first = page.getByTestId('timeline-entry').first();
    expect(await first.textContent()).toContain('Reviewed, score changed');
    expect(await first.textContent()).toContain('3 × 3 = 9 Yellow; next review 20/08/2026');
    expect(await page.getByTestId('chart-point').count()).toBe(3);
    await page.getByTestId('history-section').scrollIntoViewIfNeeded();
    await app.screenshot('history-panel-after-review');

    // The reviews view: SR15 has left the overdue list.
    await page.getByTestId('nav-reviews').click();
    await page.getByTestId('reviews-overdue').waitFor();
    expect(await page.getByTestId('reviews-overdue-SR15').count()).toBe(0);
    expect(await page.getByTestId('reviews-overdue').locator('tbody tr').count()).toBe(18);
    expect(await text(page, 'reviews-summary')).toMatch(/^18 overdue · 0 due by 31\/05\/2026/);
    await page.getByTestId('risk-panel').getByRole('button', { name: 'Close the risk panel' }).click();
    await app.screenshot('history-reviews');

    // The audit trail: the review and the score change, newest first, and the chain intact.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
    expect(await text(page, 'chain-check')).toMatch(/^✓ History intact: \d+ entries$/);
    const top = page.getByTestId('audit-row').first();
    expect(await top.textContent()).toContain('Reviewed, score changed');
    await app.screenshot('history-audit');

    // Snapshots: freeze the register, change a score, compare with now.
    await page.getByTestId('nav-snapshots').click();
    await page.getByTestId('snapshot-name').fill('Q1 2026/27');
    await page.getByTestId('snapshot-take').click();
    await page.getByTestId('snapshot-Q1 2026/27').waitFor();
    const sr4 = (await app.backend.call('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('No SR4');
    await app.backend.call('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      which: 'current',
      impact: 5,
      likelihood: 4,
      reason: 'Funding gap confirmed',
    });
    await page.getByTestId('compare-run').click();
    await page.getByTestId('comparison').waitFor();
    expect(await text(page, 'compare-band-up-SR4')).toMatch(/^▲ SR4 up from 15 Amber to 20 Red · /);
    await app.screenshot('history-snapshots');
    expect(app.problems).toEqual([]);
  });
});
