/**
 * Objectives in Chromium against a real SQLite file: the Objectives view with a linked risk's exposure, a link
 * made from the risk panel, and the dashboard's escalations. Screenshots under test-output/screenshots.
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

describe('objectives in the app', () => {
  it('links a risk from the panel, shows the exposure, and lists an escalation on the dashboard', async () => {
    const app = await harness.open({ start: 'sample' });
    const { page, backend } = app;
    await backend.call('objectives:create', {
      ref: 'F1',
      title: 'Local authorities receive adequate funding',
      lead: 'CEx',
      status: 'amber',
    });
    await backend.call('objectives:create', {
      ref: 'F2',
      title: 'Councils are supported to improve',
      lead: 'DS',
      status: 'green',
    });
    await backend.call('escalation:set-rules', {
      rules: [
        {
          label: 'Score 15 or more',
          when: { metric: 'current-score', op: '>=', value: 15 },
          then: 'escalate',
          to: 'Leadership board',
        },
      ],
    });
    await page.getByTestId('risk-row-SR4').click();
    const section = page.getByTestId('objectives-section');
    await section
      .getByLabel('Link to an objective')
      .selectOption({ label: 'F1 Local authorities receive adequate funding' });
    await expect.poll(() => section.textContent()).toContain('F1 Local authorities receive adequate funding');
    await section.scrollIntoViewIfNeeded();
    await app.screenshot('objectives-panel');

    await page.getByTestId('nav-objectives').click();
    const card = page.getByTestId('objective-F1');
    await expect
      .poll(() => card.getByTestId('objective-exposure').textContent())
      .toBe('Highest current score 15 (Amber); 1 Amber; 0 outside appetite.');
    await app.screenshot('objectives-view');

    await page.getByTestId('nav-dashboard').click();
    await expect.poll(() => page.getByTestId('escalation').count()).toBe(5);
    await app.screenshot('objectives-dashboard-escalations');
    expect(app.problems).toEqual([]);
  });
});
