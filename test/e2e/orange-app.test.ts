/**
 * The app's side of issue 13 in Chromium against a real SQLite file, at 1280×720 and 1440×900: the dashboard's
 * Orange Book figures (one opened), Settings › Risk appetite, and "Split into controls" in the risk panel.
 * Screenshots in test-output/screenshots (orange-dashboard-*, orange-appetite-*, orange-split-*).
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

describe('the Orange Book in the app', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    it(`shows the figures, the appetite settings and the split at ${viewport.width}×${viewport.height}`, async () => {
      const app = await harness.open({ start: 'sample', viewport });
      const { page, backend } = app;
      const size = `${viewport.width}`;
      await page.getByTestId('risk-table').waitFor();
      const risks = await backend.call('risks:list', {});
      const sr4 = risks.find((r) => r.ref === 'SR4');
      const sr7 = risks.find((r) => r.ref === 'SR7');
      if (!sr4 || !sr7) throw new Error('no SR4/SR7');
      const reputation = (await backend.call('categories:list', {})).find((c) => c.name === 'Reputation');
      if (!reputation) throw new Error('no Reputation');
      await backend.call('appetite:set-level', { categoryId: reputation.id, level: 'cautious' });
      await backend.call('controls:create', {
        text: 'Monthly budget monitoring',
        riskIds: [sr4.id, sr7.id],
        effectiveness: 'ineffective',
      });
      await backend.call('assurances:create', {
        riskId: sr4.id,
        source: 'Internal audit 2025/26',
        line: 3,
        strength: 'limited',
      });
      await backend.call('risks:update', {
        id: sr7.id,
        version: sr7.version,
        changes: {
          mitigation: '• Medium term financial strategy\n• Lobbying through the LGA\n• Reserves policy',
        },
      });
      await app.emit('register-changed', null);

      await page.getByTestId('nav-dashboard').click();
      const tile = page.getByTestId('figure-controls-ineffective');
      await tile.waitFor();
      expect(await tile.getAttribute('data-value')).toBe('1');
      await tile.click();
      await page.getByTestId('figure-risk-list').waitFor();
      expect(await page.getByTestId('list-row-SR7').textContent()).toContain('Ineffective control');
      expect(await page.getByTestId('figure-acceptances-expired-empty').textContent()).toBe(
        'No acceptance has passed its date.',
      );
      await app.screenshot(`orange-dashboard-${size}`);

      await page.getByTestId('nav-risk-appetite').click();
      await page.getByTestId('appetite-mapping').waitFor();
      await page.getByTestId('mapping-open-appetite').fill('6');
      expect(await page.getByTestId('mapping-problems').textContent()).toContain(
        "Open: the appetite (6) cannot be below Cautious's (8)",
      );
      await app.screenshot(`orange-appetite-${size}`);

      await page.getByTestId('nav-register').click();
      await page.getByTestId('risk-row-SR7').click();
      await page.getByTestId('split-mitigation').click();
      await page.getByTestId('split-form').scrollIntoViewIfNeeded();
      expect(await page.getByTestId('split-item').count()).toBe(3);
      await app.screenshot(`orange-split-${size}`);
      await page.getByTestId('split-create').click();
      await expect.poll(async () => (await backend.call('controls:list', { riskId: sr7.id })).length).toBe(4);
      expect(app.problems).toEqual([]);
    });
  }
});
