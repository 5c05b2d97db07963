/**
 * Controls and assurance in Chromium against a real SQLite file: a risk manager records a control, an assurance
 * source and an acceptance on SR4, sees the Controls view, and the file holds them. Screenshots of the panel
 * section and the view.
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

describe('Controls and assurance', () => {
  it('a risk manager records a control, an assurance source and an acceptance', async () => {
    const app = await harness.open({ start: 'sample' });
    const { page, backend } = app;
    await page.getByTestId('risk-row-SR4').click();
    const section = page.getByTestId('controls-section');
    await section.getByLabel('New control').fill('Monthly budget monitoring reported to SMT');
    await section.getByLabel('Control type').selectOption('detective');
    await section.getByLabel('Effectiveness').selectOption('partial');
    await section.getByRole('button', { name: 'Add control' }).click();
    await expect.poll(() => section.getByTestId('control-item').count()).toBe(1);
    await expect
      .poll(() => section.getByTestId('assurance-gap').textContent())
      .toContain('no assurance recorded');

    await section.getByLabel('Assurance source').fill('Internal audit report 2025/26');
    await section.getByLabel('Line').selectOption('3');
    await section.getByLabel('Strength').selectOption('limited');
    await section.getByLabel('Assurance date').fill('15/03/2026');
    await section.getByLabel('Gaps').fill('Reconciliations not evidenced');
    await section.getByRole('button', { name: 'Add assurance' }).click();
    await expect
      .poll(() => section.getByTestId('assurance-gap').textContent())
      .toContain('limited assurance from the 3rd line');

    await section.getByLabel('Treatment').selectOption('tolerate');
    await section.getByLabel('Accepted by').fill('Audit Committee');
    await section.getByLabel('Why accepted').fill('Further controls would cost more than they save');
    await section.getByLabel('Accepted until').fill('31/03/2027');
    await section.getByRole('button', { name: 'Record acceptance' }).click();
    await expect
      .poll(() => section.getByTestId('acceptance').textContent())
      .toContain('Audit Committee until 31/03/2027');
    await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.screenshot('controls-panel');

    await page.getByTestId('nav-controls').click();
    await expect.poll(() => page.getByTestId('controls-row').count()).toBe(1);
    expect(await page.getByTestId('flagged-risks').textContent()).toContain('SR4');
    await app.screenshot('controls-view');

    const db = new Database(backend.path, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT text, effectiveness, type FROM controls').all()).toEqual([
        { text: 'Monthly budget monitoring reported to SMT', effectiveness: 'partial', type: 'detective' },
      ]);
      expect(db.prepare('SELECT line, strength, assured_on FROM assurances').all()).toEqual([
        { line: 3, strength: 'limited', assured_on: '2026-03-15' },
      ]);
      expect(db.prepare('SELECT treatment, accepted_by, accepted_until FROM risk_treatments').all()).toEqual([
        { treatment: 'tolerate', accepted_by: 'Audit Committee', accepted_until: '2027-03-31' },
      ]);
    } finally {
      db.close();
    }
    expect(app.problems).toEqual([]);
  });
});
