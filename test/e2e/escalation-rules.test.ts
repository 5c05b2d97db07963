/**
 * Settings › Escalation rules in Chromium against a real SQLite file (issue 13): a risk manager adds a rule,
 * sees which risks it fires on, saves it, and finds it firing on the dashboard. axe-core finds no violation on
 * the view, with the list and with a rule's fields open. A rule switched off and on again: greyed with "Off", firing
 * on nothing, gone from the dashboard, back once on. Screenshots: test-output/screenshots/escalation-rules.png and
 * escalation-rules-off-1280x720.png. A rule switched off is switched on again by Undo in the Audit trail: on again on
 * screen and in the file (test-output/screenshots/escalation-rules-undo.png).
 */
import Database from 'better-sqlite3';
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

  it('switches a rule off (greyed, Off, firing on nothing) and on again, saved and seen on the dashboard', async () => {
    const app = await harness.open({ start: 'sample', viewport: { width: 1280, height: 720 } });
    const { page, backend } = app;
    await backend.call('escalation:set-rules', {
      rules: [
        {
          label: 'Red now',
          when: { metric: 'current-score', op: '>=', value: 15 },
          then: 'escalate',
          to: 'Leadership board',
        },
        {
          label: 'Amber or worse',
          when: { metric: 'current-score', op: '>=', value: 12 },
          then: 'escalate',
          to: 'Directorate team',
        },
      ],
    });
    const scored = (min: number) =>
      backend
        .call('risks:list', {})
        .then((rs) =>
          rs
            .filter(
              (r) => r.impact !== null && r.likelihood !== null && riskScore(r.impact, r.likelihood) >= min,
            )
            .map((r) => r.ref),
        );
    const red = await scored(15);
    const amber = await scored(12);
    expect(red.length).toBeGreaterThan(0);
    await page.getByTestId('risk-table').waitFor();
    await page.getByTestId('nav-escalation-rules').click();
    await page
      .getByTestId('rule-fires-1')
      .filter({ hasText: `Fires now on ${red.join(', ')}.` })
      .waitFor();
    expect(await page.getByTestId('rule-off-1').count()).toBe(0);

    await page.getByRole('button', { name: 'Switch off rule 1' }).click();
    await page.getByTestId('rule-off-1').filter({ hasText: 'Off' }).waitFor();
    expect(await page.getByTestId('rule-fires-1').textContent()).toBe(
      'Off: fires on no risk until it is switched on again.',
    );
    expect(await page.getByTestId('rule-1').getAttribute('class')).toContain('escalation-rule-off');
    // Greyed: the words of a rule that is off are in the muted colour, the rule that is on is not.
    const colour = (n: number) =>
      page
        .getByTestId(`rule-words-${n}`)
        .evaluate((el) => getComputedStyle(el.parentElement as Element).color);
    expect(await colour(1)).not.toBe(await colour(2));
    await page
      .getByTestId('rule-fires-2')
      .filter({ hasText: `Fires now on ${amber.join(', ')}.` })
      .waitFor();
    expect(await page.getByTestId('rule-toggle-1').textContent()).toBe('Switch on');
    expect(await axe(page)).toEqual([]);
    await page.getByTestId('rules-reason').fill('Paused while the board reviews it');
    await app.screenshot('escalation-rules-off-1280x720');

    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-outcome').filter({ hasText: 'Saved 2 rules.' }).waitFor();
    expect((await backend.call('escalation:rules', {})).map((r) => [r.label, r.disabled ?? false])).toEqual([
      ['Red now', true],
      ['Amber or worse', false],
    ]);
    expect(new Set((await backend.call('escalation:list', {})).map((f) => f.label))).toEqual(
      new Set(['Amber or worse']),
    );
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('escalation').first().waitFor();
    const shown = await page.getByTestId('escalation').allTextContents();
    expect(shown.every((t) => !t.includes('Red now'))).toBe(true);
    expect(shown.map((t) => t.split(' ')[0])).toEqual(amber);

    // Back in Settings the rule is still there, off; switched on and saved, it fires again.
    await page.getByTestId('nav-escalation-rules').click();
    await page.getByTestId('rule-off-1').waitFor();
    await page.getByRole('button', { name: 'Switch on rule 1' }).click();
    await page
      .getByTestId('rule-fires-1')
      .filter({ hasText: `Fires now on ${red.join(', ')}.` })
      .waitFor();
    expect(await page.getByTestId('rule-off-1').count()).toBe(0);
    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-outcome').filter({ hasText: 'Saved 2 rules.' }).waitFor();
    expect((await backend.call('escalation:rules', {}))[0]?.disabled).toBeUndefined();
    const history = await backend.call('history:list', { entity: 'register', entityId: 'escalation-rules' });
    expect(history.map((e) => e.reason)).toEqual([null, 'Paused while the board reviews it', null]);
    await page.getByTestId('nav-audit').click();
    await page.getByText("Escalation rule 'Red now' switched off").first().waitFor();
    expect(app.problems).toEqual([]);
  }, 180_000);

  it('undoes switching a rule off from the Audit trail: on again on screen and in the file', async () => {
    const app = await harness.open({ start: 'sample', viewport: { width: 1280, height: 720 } });
    const { page, backend } = app;
    const offIn = () => {
      const db = new Database(backend.path, { readonly: true });
      try {
        return db.prepare('SELECT label, disabled_at FROM escalation_rules ORDER BY position').all() as {
          label: string;
          disabled_at: string | null;
        }[];
      } finally {
        db.close();
      }
    };
    await backend.call('escalation:set-rules', {
      rules: [
        {
          label: 'Red now',
          when: { metric: 'current-score', op: '>=', value: 15 },
          then: 'escalate',
          to: 'Leadership board',
        },
      ],
    });
    await page.getByTestId('risk-table').waitFor();
    await page.getByTestId('nav-escalation-rules').click();
    await page.getByRole('button', { name: 'Switch off rule 1' }).click();
    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-outcome').filter({ hasText: 'Saved one rule.' }).waitFor();
    expect(offIn()[0]?.disabled_at).not.toBeNull();

    await page.getByTestId('nav-audit').click();
    const row = page.getByTestId('audit-row').first();
    await expect.poll(() => row.textContent()).toContain("Escalation rule 'Red now' switched off");
    await row.getByTestId('audit-undo').click();
    const dialog = page.getByTestId('audit-undo-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('audit-undo-words').textContent()).toBe(
      'The escalation rule “Red now” is switched on again.',
    );
    await dialog.getByTestId('audit-undo-confirm').click();
    await expect
      .poll(() => page.getByTestId('audit-undone').textContent())
      .toMatch(/undone\. The escalation rule “Red now” was switched on again\. Recorded as change #\d+\.$/);
    expect(offIn()).toEqual([{ label: 'Red now', disabled_at: null }]);
    await app.screenshot('escalation-rules-undo');

    await page.getByTestId('nav-escalation-rules').click();
    await page.getByRole('button', { name: 'Switch off rule 1' }).waitFor();
    expect(await page.getByTestId('rule-off-1').count()).toBe(0);
    expect(app.problems).toEqual([]);
  }, 180_000);
});
