/**
 * Settings › Escalation rules in Chromium against a real SQLite file (issue 13): a risk manager adds a rule,
 * sees which risks it fires on, saves it, and finds it firing on the dashboard. axe-core finds no violation on
 * the view, with the list and with a rule's fields open. Screenshot: test-output/screenshots/escalation-rules.png.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riskScore } from '../../shared/scoring.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

const AXE = readFileSync(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core run in the page through the debugging protocol (the app's CSP refuses inline scripts). */
async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }).axe.run;
    const result = await run();
    return (result.violations as { id: string; nodes: { target: string[] }[] }[]).map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
}

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('escalation rules in the app', () => {
  it('adds a rule, saves it, and sees it fire on the dashboard', async () => {
    const app = await harness.open({ start: 'sample', viewport: { width: 1366, height: 768 } });
    const { page, backend } = app;
    await page.getByTestId('risk-table').waitFor();
    await page.getByTestId('nav-escalation-rules').click();
    await page.getByTestId('rules-empty').waitFor();
    expect(await axe(page)).toEqual([]);

    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-label-1').fill('Amber or worse');
    await page.getByTestId('rule-value-1').fill('12');
    await page.getByTestId('rule-lasts-1').selectOption('now');
    await page.getByTestId('rule-to-1').fill('Leadership board');
    await page.getByTestId('rules-reason').fill('Audit committee asked for it');
    expect(await page.getByTestId('rule-words-1').textContent()).toBe(
      'Current score ≥ 12 → escalate to Leadership board',
    );
    const expected = (await backend.call('risks:list', {}))
      .filter((r) => r.impact !== null && r.likelihood !== null && riskScore(r.impact, r.likelihood) >= 12)
      .map((r) => r.ref);
    expect(expected.length).toBeGreaterThan(0);
    await page
      .getByTestId('rule-fires-1')
      .filter({ hasText: `Fires now on ${expected.join(', ')}.` })
      .waitFor();
    expect(await axe(page)).toEqual([]);
    await app.screenshot('escalation-rules');

    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-outcome').filter({ hasText: 'Saved one rule.' }).waitFor();
    expect((await backend.call('escalation:rules', {})).map((r) => r.label)).toEqual(['Amber or worse']);

    await page.getByTestId('nav-dashboard').click();
    const items = page.getByTestId('escalation');
    await items.first().waitFor();
    const texts = await items.allTextContents();
    expect(texts.map((t) => t.split(' ')[0])).toEqual(expected);
    expect(texts[0]).toContain('Escalate to Leadership board: Amber or worse.');
    expect(app.problems).toEqual([]);
  }, 120_000);
});
