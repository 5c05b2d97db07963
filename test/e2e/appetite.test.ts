/**
 * Appetite status in Chromium at 1280×720 against a real SQLite file (issue 13): Reputation set to Cautious, the
 * table's ✓ ◇ ◆ with words, the panel's Appetite section for a risk outside tolerance, and the heatmap's ◆ on
 * the chips outside tolerance. Screenshots in test-output/screenshots (appetite-panel, appetite-heatmap).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('appetite in the browser', () => {
  it('shows the status beside the score, in the panel and on the heatmap', async () => {
    const app = await harness.open({ start: 'sample', viewport: { width: 1280, height: 720 } });
    const { page, backend } = app;
    await page.getByTestId('risk-table').waitFor();
    const reputation = (await backend.call('categories:list', {})).find((c) => c.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation');
    await backend.call('appetite:set-level', { categoryId: reputation.id, level: 'cautious' });
    await app.emit('register-changed', null);

    const mark = page.getByTestId('risk-row-SR5').getByTestId('appetite-mark');
    await mark.waitFor();
    expect((await mark.textContent())?.trim()).toBe('◆ outside');
    expect((await page.getByTestId('risk-row-SR6').getByTestId('appetite-mark').textContent())?.trim()).toBe(
      '◇ tolerance',
    );
    await page.getByTestId('risk-row-SR5').click();
    const status = page.getByTestId('panel-appetite-status');
    await status.waitFor();
    expect(await status.textContent()).toContain('◆ Outside tolerance');
    await page.getByTestId('panel-appetite').scrollIntoViewIfNeeded();
    await app.screenshot('appetite-panel');

    await page.getByTestId('nav-heatmap').click();
    const chip = page.getByTestId('heat-ref-SR5');
    await chip.waitFor();
    expect(await chip.getAttribute('aria-label')).toBe('SR5, outside tolerance');
    expect(await chip.textContent()).toBe('SR5◆');
    expect(await page.getByTestId('heat-ref-SR6').textContent()).toBe('SR6');
    await page.mouse.move(0, 0);
    await app.screenshot('appetite-heatmap');
    expect(app.problems).toEqual([]);
  });
});
