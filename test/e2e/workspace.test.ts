/**
 * The register workspace in Chromium against a real SQLite file: an owner finds a risk by search, changes
 * its current score by keyboard, adds an action with a due date, assigns an owner and undoes that — and
 * the file holds exactly the result. Screenshots of the table with filters, the panel with three scores
 * and actions, and the owners directory.
 */
import Database from 'better-sqlite3';
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

interface RiskRow {
  id: string;
  impact: number;
  likelihood: number;
  target_impact: number | null;
  target_likelihood: number | null;
}

function readFile(path: string, ref: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const risk = db
      .prepare('SELECT id, impact, likelihood, target_impact, target_likelihood FROM risks WHERE ref = ?')
      .get(ref) as RiskRow;
    const owners = (
      db
        .prepare(
          'SELECT o.initials FROM risk_owners ro JOIN owners o ON o.id = ro.owner_id WHERE ro.risk_id = ? ORDER BY ro.position',
        )
        .all(risk.id) as { initials: string }[]
    ).map((o) => o.initials);
    const actions = db
      .prepare(
        'SELECT a.text, a.due_date, a.status, o.initials AS owner FROM actions a LEFT JOIN owners o ON o.id = a.owner_id WHERE a.risk_id = ?',
      )
      .all(risk.id);
    const undos = (
      db.prepare("SELECT COUNT(*) AS n FROM history WHERE reason LIKE 'Undo of change #%'").get() as {
        n: number;
      }
    ).n;
    return { risk, owners, actions, undos };
  } finally {
    db.close();
  }
}

describe('Register workspace', () => {
  it('an owner’s day: search, score by keyboard, an action with a due date, assign an owner, undo', async () => {
    const app = await harness.open({ start: 'sample' });
    const { page, backend } = app;
    await page.getByTestId('risk-table').waitFor();
    const before = readFile(backend.path, 'SR4');
    expect(before.owners).toEqual(['Cho']);

    // Find SR4 by words from its description (Ctrl+F puts the cursor in the search box).
    await page.keyboard.press('Control+f');
    await page.keyboard.type('fails to deliver effectively');
    await expect.poll(() => page.locator('[data-testid^="risk-row-"]').count()).toBe(1);
    expect(await page.getByTestId('shown-count').textContent()).toContain('Showing 1 of 19');

    // Into the table by keyboard; Enter opens it; Alt+3 sets impact 3, Alt+Shift+2 likelihood 2.
    await page.getByTestId('risk-row-SR4').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('panel-ref').waitFor();
    expect(await page.getByTestId('panel-ref').textContent()).toBe('SR4');
    await page.keyboard.press('Alt+3');
    await expect
      .poll(() => page.locator('[data-testid="risk-row-SR4"] td[data-col="impact"]').textContent())
      .toBe('3');
    await page.keyboard.press('Alt+Shift+2');
    await expect
      .poll(() => page.locator('[data-testid="risk-row-SR4"] td[data-col="score"]').textContent())
      .toBe('6');
    expect(await page.locator('[data-testid="risk-row-SR4"] td[data-col="band"]').textContent()).toBe(
      'Yellow',
    );

    // A target, then an action owned by CHo, due 31/03/2027.
    await page.getByTestId('target-impact').selectOption('2');
    await page.getByTestId('target-likelihood').selectOption('2');
    await expect.poll(() => page.getByTestId('score-target').textContent()).toContain('Green');
    await page.getByTestId('add-action').click();
    await page.getByTestId('action-text').fill('Agree the delivery plan with SMT');
    await page.getByTestId('action-owner').selectOption('CHo');
    await page.getByTestId('action-due').fill('31/03/2027');
    await page.getByTestId('action-save').click();
    await expect.poll(() => page.getByTestId('action-item').textContent()).toContain('Due: 31/03/2027');
    await page.getByTestId('score-trio').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.screenshot('workspace-panel-scores');
    await page.getByTestId('actions-section').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.screenshot('workspace-panel-actions');

    // Assign JG to the ticked risk with the bulk bar, then undo it with Ctrl+Z.
    await page.getByTestId('check-SR4').click();
    await page.getByTestId('bulk-owner').fill('JG');
    await page.getByTestId('bulk-assign').click();
    await expect
      .poll(() => page.locator('[data-testid="risk-row-SR4"] td[data-col="owners"]').textContent())
      .toBe('JG');
    expect(readFile(backend.path, 'SR4').owners).toEqual(['JG']);
    await page.getByTestId('risk-row-SR4').focus();
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => page.locator('[data-testid="risk-row-SR4"] td[data-col="owners"]').textContent())
      .toBe('Cho');
    expect(await page.getByTestId('undo-status').textContent()).toContain('Undone: SR4: owner JG');

    // The file: the new score and target stand, the action is there, the owner is back, the undo recorded.
    const after = readFile(backend.path, 'SR4');
    expect(after.risk).toMatchObject({ impact: 3, likelihood: 2, target_impact: 2, target_likelihood: 2 });
    expect(after.owners).toEqual(['Cho']);
    expect(after.actions).toEqual([
      { text: 'Agree the delivery plan with SMT', due_date: '2027-03-31', status: 'planned', owner: 'CHo' },
    ]);
    expect(after.undos).toBe(before.undos + 1);
    expect(app.problems).toEqual([]);
  });

  it('screenshots: the table with filters and grouping, and the owners directory', async () => {
    const app = await harness.open({ start: 'sample' });
    const { page } = app;
    await page.getByTestId('risk-table').waitFor();
    await page.getByTestId('filter-band-Amber').click();
    await page.getByTestId('filter-band-Red').click();
    await page.getByTestId('group-by').selectOption('category');
    await page.getByTestId('sort-score').click();
    await page.getByTestId('sort-score').click();
    await page.getByTestId('check-SR4').click();
    await page.getByTestId('check-SR5').click();
    const rows = await page.locator('[data-testid^="risk-row-"] td[data-col="band"]').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((b) => b === 'Amber' || b === 'Red')).toBe(true);
    await app.screenshot('workspace-table-filters');

    // The New risk form refusing an empty description and an unfinished target, next to each field.
    await page.getByTestId('new-risk').click();
    await page.getByTestId('new-risk-dialog').waitFor();
    await expect.poll(() => page.getByTestId('new-ref').inputValue()).toBe('SR20');
    await page.getByTestId('new-current-impact').selectOption('4');
    await page.getByTestId('new-target-impact').selectOption('5');
    await page.getByTestId('new-save').click();
    expect(await page.getByTestId('new-description-error').textContent()).toBe(
      'The description is required.',
    );
    await page.getByTestId('new-target-likelihood-error').waitFor();
    // The cursor goes to the first field that needs attention (not lost to the page, where Escape would not reach
    // the dialog).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null))
      .toBe('new-description');
    await app.screenshot('workspace-new-risk');
    await page.keyboard.press('Escape');
    await page.getByTestId('new-risk-dialog').waitFor({ state: 'detached' });

    // An overdue action reads as overdue in words, not only in red.
    await page.getByTestId('clear-filters').click();
    await page.getByTestId('risk-row-SR15').locator('td[data-col="description"]').click();
    await page.getByTestId('add-action').click();
    await page.getByTestId('action-text').fill('Refresh the business continuity plan');
    await page.getByTestId('action-owner').selectOption('SP');
    await page.getByTestId('action-due').fill('01/02/2020');
    await page.getByTestId('action-save').click();
    await expect.poll(() => page.getByTestId('overdue').textContent()).toMatch(/^⚠ Overdue by \d+ days$/);
    await page.getByTestId('actions-section').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await app.screenshot('workspace-overdue-action');

    await page.getByTestId('nav-owners').click();
    await page.getByTestId('owner-row-CHo').waitFor();
    await app.screenshot('workspace-owners');
    expect(app.problems).toEqual([]);
  });
});
