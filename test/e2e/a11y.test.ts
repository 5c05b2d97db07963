/**
 * Accessibility in Chromium against the LGA sample on a real SQLite file: axe-core 4 finds no violation on any
 * main view, light or dark; a skip link is the first Tab stop and puts the first risk row in reach; column
 * resize handles are out of the Tab order (the Columns menu sizes columns by keyboard).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';
import { MAIN_VIEWS, reset } from './views.ts';

const AXE = readFileSync(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/**
 * axe-core in the page. The app's Content Security Policy refuses inline scripts (page.addScriptTag's way), so
 * the library is evaluated through the debugging protocol, which the policy does not govern; the policy stays on.
 */
async function axe(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }).axe.run;
    const result = await run();
    return (
      result.violations as {
        id: string;
        impact: string | null;
        nodes: { target: string[]; failureSummary?: string }[];
      }[]
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

describe('accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`axe-core finds no violation on any main view, ${scheme}`, async () => {
      const app = await harness.open({ start: 'sample', viewport: { width: 1366, height: 768 } });
      const { page } = app;
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId('risk-table').waitFor();
      const found: Record<string, Violation[]> = {};
      for (const view of MAIN_VIEWS) {
        await reset(page);
        await view.open(page);
        await page.waitForTimeout(150);
        const v = await axe(page);
        if (v.length) found[view.name] = v;
      }
      expect(found).toEqual({});
      await page.context().close();
    }, 240_000);
  }

  it('reaches the first risk row in at most 5 Tab presses, through the skip link', async () => {
    const app = await harness.open({ start: 'sample', viewport: { width: 1366, height: 768 } });
    const { page } = app;
    await page.getByTestId('risk-table').waitFor();
    let presses = 0;
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    await page.keyboard.press('Tab');
    presses++;
    expect(await focused()).toBe('skip-link');
    expect(await page.getByTestId('skip-link').isVisible()).toBe(true);
    expect(await page.getByTestId('skip-link').textContent()).toBe('Skip to the risks');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('risk-row-SR1');
    expect(presses).toBeLessThanOrEqual(5);
    // From the row, the keys of the table work: ↓ moves, Enter opens.
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('risk-row-SR2');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('panel-ref').textContent()).toBe('SR2');
    await page.context().close();
  });

  it('keeps the resize handles out of the Tab order, and sizes columns by keyboard in the Columns menu', async () => {
    const app = await harness.open({ start: 'sample', viewport: { width: 1366, height: 768 } });
    const { page, backend } = app;
    await page.getByTestId('risk-table').waitFor();
    // Tab through the whole page once: no stop is a resize handle.
    const stops = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      stops.add(await page.evaluate(() => document.activeElement?.className ?? ''));
    }
    expect([...stops].some((c) => c.includes('col-resize'))).toBe(false);
    expect(await page.locator('.col-resize[tabindex]').count()).toBe(0);

    const before = await page.locator('th[data-col="description"]').boundingBox();
    await page.getByTestId('columns-menu').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Make Description wider' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    // Two steps of 16 px, saved with the register's layout.
    await expect
      .poll(async () => Math.round((await backend.call('layout:get', {}))?.widths?.description ?? 0))
      .toBe(Math.round((before?.width ?? 0) + 32));
    await page.context().close();
  });
});
