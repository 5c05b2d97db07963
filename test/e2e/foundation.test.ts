/**
 * The Foundation acceptance, in Chromium against a real SQLite file: load the sample, see the bands,
 * change SR15 to 3 × 3, see the table and heatmap move, reload, and find the change in the file.
 */
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import { textColourOn } from '../../shared/colour.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function row(page: Page, ref: string) {
  const r = page.getByTestId(`risk-row-${ref}`);
  const text = async (col: string) => (await r.locator(`td[data-col="${col}"]`).textContent())?.trim();
  const badge = r.locator('td[data-col="band"] .band-badge');
  return {
    score: await text('score'),
    band: await text('band'),
    impact: await text('impact'),
    likelihood: await text('likelihood'),
    background: await badge.evaluate((el) => getComputedStyle(el).backgroundColor),
    colour: await badge.evaluate((el) => getComputedStyle(el).color),
  };
}

async function heatCount(page: Page, impact: number, likelihood: number): Promise<number> {
  const cell = page.getByTestId(`heat-cell-i${impact}-l${likelihood}`);
  return Number(await cell.getAttribute('data-count'));
}

describe('Foundation', () => {
  it('loads the sample, changes SR15 to 3 × 3 = 9 Yellow, and the change survives a reload', async () => {
    const app = await harness.open({ start: 'new' });
    const { page } = app;

    // First run: the welcome explains the register and offers the sample.
    await page.getByTestId('welcome').waitFor();
    await app.screenshot('welcome');
    await page.getByRole('button', { name: 'Load the LGA sample register (19 risks)' }).click();
    await page.getByTestId('risk-table').waitFor();
    expect(await page.locator('[data-testid^="risk-row-"]').count()).toBe(19);
    expect(await page.getByTestId('view-title').textContent()).toMatch(
      /^Register · 19 risks · as at \d\d\/\d\d\/\d{4}$/,
    );

    const amber = LGA_KEY.find((b) => b.name === 'Amber');
    const green = LGA_KEY.find((b) => b.name === 'Green');
    const yellow = LGA_KEY.find((b) => b.name === 'Yellow');
    if (!amber || !green || !yellow) throw new Error('LGA key changed');
    expect(await row(page, 'SR4')).toMatchObject({
      score: '15',
      band: 'Amber',
      background: rgb(amber.colour),
      colour: rgb(textColourOn(amber.colour)),
    });
    expect(await row(page, 'SR15')).toMatchObject({
      score: '3',
      band: 'Green',
      background: rgb(green.colour),
    });

    await page.getByTestId('nav-heatmap').click();
    expect(await heatCount(page, 3, 1)).toBe(1);
    expect(await heatCount(page, 3, 3)).toBe(1);

    // Choose SR15 from the heatmap, preview 3 × 3 by hovering, then choose it.
    await page.getByTestId('heat-cell-i3-l1').getByRole('button', { name: 'SR15' }).click();
    expect(await page.getByTestId('panel-ref').textContent()).toBe('SR15');
    await page.getByTestId('likelihood-3').hover();
    const outcome = page.getByTestId('score-outcome');
    const previewText = await outcome.textContent();
    expect(previewText).toContain('Would become');
    expect(previewText).toContain('3 × 3 = 9 Yellow from 3 Green');
    expect(previewText).toContain('Monitor regularly and take action if becomes more serious');
    // Looking saves nothing.
    expect(await heatCount(page, 3, 1)).toBe(1);
    await page.getByTestId('score-reason').fill('Two heads of service leaving this quarter');
    await page.getByTestId('likelihood-3').click();
    await page
      .getByTestId('save-status')
      .getByText(/^Saved · \d\d:\d\d$/)
      .waitFor();

    // The heatmap moves at once: 3,1 loses SR15 and 3,3 gains it.
    await expect.poll(() => heatCount(page, 3, 3)).toBe(2);
    expect(await heatCount(page, 3, 1)).toBe(0);
    expect(await page.getByTestId('heat-cell-i3-l3').textContent()).toContain('SR15');
    await page.mouse.move(0, 0);
    await app.screenshot('heatmap');

    await page.getByTestId('nav-register').click();
    expect(await row(page, 'SR15')).toMatchObject({
      impact: '3',
      likelihood: '3',
      score: '9',
      band: 'Yellow',
      background: rgb(yellow.colour),
    });
    await page.getByTestId('risk-row-SR15').scrollIntoViewIfNeeded();
    await app.screenshot('register');

    // Reload the page: the change is still there.
    await page.reload();
    await page.getByTestId('risk-table').waitFor();
    expect(await row(page, 'SR15')).toMatchObject({ score: '9', band: 'Yellow' });
    expect(await row(page, 'SR4')).toMatchObject({ score: '15', band: 'Amber' });

    // And in the SQLite file itself, with its history row.
    const db = new Database(app.backend.path, { readonly: true, fileMustExist: true });
    try {
      const stored = db.prepare('SELECT id, impact, likelihood FROM risks WHERE ref = ?').get('SR15') as {
        id: string;
        impact: number;
        likelihood: number;
      };
      expect([stored.impact, stored.likelihood]).toEqual([3, 3]);
      const last = db
        .prepare('SELECT field, new_value, reason FROM history WHERE entity_id = ? ORDER BY seq DESC LIMIT 1')
        .get(stored.id) as { field: string; new_value: string; reason: string };
      expect(last.field).toBe('current');
      expect(JSON.parse(last.new_value)).toEqual({ impact: 3, likelihood: 3 });
      expect(last.reason).toBe('Two heads of service leaving this quarter');
    } finally {
      db.close();
    }

    // No CSP violation, no script error along the way.
    expect(app.problems).toEqual([]);
  });

  it('follows the native menu to the heatmap and back', async () => {
    const app = await harness.open({ start: 'sample' });
    const { page } = app;
    await page.getByTestId('risk-table').waitFor();
    await app.emit('menu', 'view-heatmap');
    await page.getByTestId('heatmap').waitFor();
    expect(await heatCount(page, 5, 3)).toBe(5);
    await app.emit('menu', 'view-register');
    await page.getByTestId('risk-table').waitFor();
    expect(app.problems).toEqual([]);
  });
});
