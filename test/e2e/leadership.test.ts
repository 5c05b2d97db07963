/**
 * The leadership view in Chromium against a real SQLite file: change the band key in Settings and see
 * the heatmap and the table re-band (SR3's 10 becomes Amber everywhere); the heatmap with movement and
 * appetite marks, in the workspace and in presentation mode; the PNG export; the dashboard. Screenshots.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import type { Backend } from '../renderer/backend.ts';
import { movableClock } from '../renderer/history/clock.ts';
import type { Harness } from './harness.ts';
import { SCREENSHOTS, startHarness } from './harness.ts';

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

const AMBER = LGA_KEY.find((b) => b.name === 'Amber')?.colour ?? '';
const YELLOW = LGA_KEY.find((b) => b.name === 'Yellow')?.colour ?? '';

async function tableBand(page: Page, ref: string) {
  const badge = page.getByTestId(`risk-row-${ref}`).locator('td[data-col="band"] .band-badge');
  return {
    band: (await badge.textContent())?.trim(),
    background: await badge.evaluate((el) => getComputedStyle(el).backgroundColor),
  };
}

async function cell(page: Page, impact: number, likelihood: number) {
  const c = page.getByTestId(`heat-cell-i${impact}-l${likelihood}`);
  return {
    band: await c.getAttribute('data-band'),
    count: Number(await c.getAttribute('data-count')),
    text: (await c.textContent()) ?? '',
    background: await c.evaluate((el) => getComputedStyle(el).backgroundColor),
  };
}

async function byRef(backend: Backend, ref: string) {
  const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
  if (!r) throw new Error(`no ${ref}`);
  return r;
}

describe('Leadership view', () => {
  it('changes the key in Settings: cells and table re-band (SR3’s 10 becomes Amber)', async () => {
    const app = await harness.open({ start: 'sample' });
    const { page } = app;
    await page.getByTestId('risk-table').waitFor();
    expect(await tableBand(page, 'SR3')).toEqual({ band: 'Yellow', background: rgb(YELLOW) });
    await page.getByTestId('nav-heatmap').click();
    expect(await cell(page, 5, 2)).toMatchObject({ band: 'Yellow', background: rgb(YELLOW) });

    await page.getByTestId('nav-band-key').click();
    await page.getByTestId('key-max-1').fill('9');
    await page.getByTestId('key-min-2').fill('10');
    expect(await page.getByTestId('preview-heat-cell-i5-l2').getAttribute('data-band')).toBe('Amber');
    await page.getByTestId('key-save').click();
    await page.getByTestId('key-saved').waitFor();
    await app.screenshot('leadership-key-editor');

    await page.getByTestId('nav-heatmap').click();
    const sr3Cell = await cell(page, 5, 2);
    expect(sr3Cell).toMatchObject({ band: 'Amber', background: rgb(AMBER) });
    expect(sr3Cell.text).toContain('10 Amber');
    expect(sr3Cell.text).toContain('SR3');
    expect(await cell(page, 3, 3)).toMatchObject({ band: 'Yellow' });

    await page.getByTestId('nav-register').click();
    expect(await tableBand(page, 'SR3')).toEqual({ band: 'Amber', background: rgb(AMBER) });
    expect(await tableBand(page, 'SR1')).toMatchObject({ band: 'Yellow' });

    // The refusal names the gap and nothing changes.
    await page.getByTestId('nav-band-key').click();
    await page.getByTestId('key-max-1').fill('7');
    await page.getByTestId('key-save').click();
    expect(await page.getByTestId('key-error').textContent()).toContain('No band covers the scores 8–9.');
    expect((await app.backend.call('key:get', {})).find((b) => b.name === 'Yellow')?.max).toBe(9);
    expect(app.problems).toEqual([]);
  });

  it('shows the heatmap with movement and appetite, presents it, and exports it as PNG', async () => {
    const clock = movableClock('2026-01-15T10:00:00Z');
    const saved = join(SCREENSHOTS, 'leadership-heatmap-export.png');
    rmSync(saved, { force: true });
    const app = await harness.open({
      start: 'sample',
      now: clock.now,
      dialogs: { ...noDialogs, chooseExportPath: () => Promise.resolve(saved) },
    });
    const { page, backend } = app;
    await page.getByTestId('risk-table').waitFor();
    // A quarter later: reviews, a few scores move, Reputation gets an appetite of 12.
    clock.set('2026-04-20T09:00:00Z');
    const moves: [string, ScoreValue, ScoreValue][] = [
      ['SR4', 5, 4],
      ['SR15', 3, 3],
      ['SR12', 3, 2],
    ];
    for (const [ref, impact, likelihood] of moves) {
      const r = await byRef(backend, ref);
      await backend.call('reviews:record', {
        id: r.id,
        version: r.version,
        note: 'Quarterly review',
        impact,
        likelihood,
      });
    }
    const reputation = (await backend.call('categories:list', {})).find((c) => c.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation');
    await backend.call('categories:set-appetite', { id: reputation.id, appetite: 12 });
    await page.reload();
    await page.getByTestId('risk-table').waitFor();

    await page.getByTestId('nav-heatmap').click();
    await page.getByTestId('movement-against').selectOption('review');
    const list = page.getByTestId('movement-list');
    await expect
      .poll(() => list.locator('li').allTextContents())
      .toEqual([
        '↑ SR4 up from 15 Amber to 20 Red',
        '↓ SR12 down from 12 Amber to 6 Yellow',
        '↑ SR15 up from 3 Green to 9 Yellow',
      ]);
    expect(await page.getByTestId('track-lines').locator('path.track-line').count()).toBe(3);
    expect(await page.getByTestId('heat-ref-SR5').getAttribute('aria-label')).toBe('SR5, outside tolerance');
    await page.getByTestId('heat-cell-i5-l3').getByTestId('heat-count').click();
    await page.getByTestId('cell-risks').waitFor();
    await app.screenshot('leadership-heatmap');

    // Presentation: full window, large type, the sidebar covered; Esc leaves.
    await page.getByTestId('present-toggle').click();
    const shown = page.getByTestId('presentation');
    await shown.waitFor();
    const box = await shown.boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 1440, height: 900 });
    const refSize = await page
      .getByTestId('heat-ref-SR4')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(refSize).toBeGreaterThanOrEqual(17);
    await page.mouse.move(0, 0);
    await app.screenshot('leadership-heatmap-presentation');
    await page.keyboard.press('Escape');
    await expect.poll(() => shown.count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Views' }).isVisible()).toBe(true);

    // Export: the PNG drawn from the grid, saved where the (test's) save dialog says.
    await page.getByTestId('export-png').click();
    expect(await page.getByTestId('export-note').textContent()).toBe(
      'Saved the heatmap to leadership-heatmap-export.png.',
    );
    const png = readFileSync(saved);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000);
    expect(app.problems).toEqual([]);
  });

  it('shows the dashboard, each figure opening its risks', async () => {
    const clock = movableClock('2026-01-15T10:00:00Z');
    const app = await harness.open({ start: 'sample', now: clock.now });
    const { page, backend } = app;
    await page.getByTestId('risk-table').waitFor();
    const reputation = (await backend.call('categories:list', {})).find((c) => c.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation');
    await backend.call('categories:set-appetite', { id: reputation.id, appetite: 12 });
    const sr7 = await byRef(backend, 'SR7');
    await backend.call('actions:create', { riskId: sr7.id, text: 'Brief the board', dueDate: '2026-02-27' });
    const sr4 = await byRef(backend, 'SR4');
    await backend.call('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      which: 'target',
      impact: 3,
      likelihood: 2,
    });
    // Two quarterly reviews of SR18, still Amber; then time passes and the other 18 reviews fall due.
    for (const day of ['2026-04-14T09:00:00Z', '2026-07-10T09:00:00Z']) {
      clock.set(day);
      const r = await byRef(backend, 'SR18');
      await backend.call('reviews:record', { id: r.id, version: r.version, note: 'No change' });
    }
    clock.set('2026-07-20T09:00:00Z');
    const sr15 = await byRef(backend, 'SR15');
    await backend.call('risks:update-score', {
      id: sr15.id,
      version: sr15.version,
      which: 'current',
      impact: 3,
      likelihood: 3,
    });
    await page.reload();
    await page.getByTestId('risk-table').waitFor();

    await page.getByTestId('nav-dashboard').click();
    const value = (id: string) => page.getByTestId(`figure-${id}`).getAttribute('data-value');
    await expect.poll(() => value('reviews-overdue')).toBe('18');
    expect(await value('actions-overdue')).toBe('1');
    expect(await value('band-rose')).toBe('1');
    expect(await value('time-in-band')).toBe('1');
    expect(await value('target-Yellow')).toBe('1');
    await page.getByTestId('figure-time-in-band').click();
    expect(
      await page.getByTestId('figure-risk-list').locator('[data-testid^="list-row-"]').allTextContents(),
    ).toHaveLength(1);
    expect(await page.getByTestId('list-row-SR18').textContent()).toContain('(2 reviews)');
    await page.getByTestId('figure-outside-appetite').click();
    await page.getByTestId('list-row-SR5').click();
    expect(await page.getByTestId('panel-ref').textContent()).toBe('SR5');
    await page.mouse.move(0, 0);
    await app.screenshot('leadership-dashboard');

    await page.getByTestId('present-toggle').click();
    await page.getByTestId('presentation').waitFor();
    await app.screenshot('leadership-dashboard-presentation');
    await page.keyboard.press('Escape');
    expect(app.problems).toEqual([]);
  });
});
