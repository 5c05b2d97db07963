/**
 * Undo from the window for the Orange Book records (issue 13), in Chromium against a real SQLite file behind the
 * real handler table: Ctrl+Z undoes (and Ctrl+Y redoes) a control, an assurance, a treatment, an acceptance and an
 * objective link made in the panel; the Audit trail's Undo button, by keyboard, says what will change back,
 * undoes it, and shows a refusal in words with nothing changed. Screenshot of the Audit trail at 1280×720.
 */
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
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

/** Read the register file directly, as another program would. */
function fileRows<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

async function ctrlZ(page: Page, redo = false): Promise<void> {
  await page.getByTestId('risk-row-SR4').focus();
  await page.keyboard.press(redo ? 'Control+y' : 'Control+z');
}

const status = (page: Page) => page.getByTestId('undo-status').textContent();

describe('Undo of controls, assurance, treatment, acceptance and objective links', () => {
  it('Ctrl+Z undoes each edit made in the panel, with the same status as risk edits; Ctrl+Y redoes', async () => {
    const app = await harness.open({ start: 'sample' });
    const { page, backend } = app;
    await backend.call('objectives:create', {
      ref: 'F1',
      title: 'Local authorities receive adequate funding',
    });
    await page.getByTestId('risk-row-SR4').click();
    const section = page.getByTestId('controls-section');
    const controls = () => section.getByTestId('control-item').count();

    // A control: added, undone, redone.
    await section.getByLabel('New control').fill('Monthly budget monitoring');
    await section.getByRole('button', { name: 'Add control' }).click();
    await expect.poll(controls).toBe(1);
    await ctrlZ(page);
    await expect.poll(controls).toBe(0);
    expect(await status(page)).toContain('Undone: control “Monthly budget monitoring” added');
    expect(fileRows(backend.path, 'SELECT archived_at FROM controls')).toEqual([
      { archived_at: expect.any(String) },
    ]);
    await ctrlZ(page, true);
    await expect.poll(controls).toBe(1);
    expect(await status(page)).toContain('Redone: control “Monthly budget monitoring” added');

    // Its assessment.
    await section.getByLabel('Assess Monthly budget monitoring').selectOption('ineffective');
    await expect.poll(() => section.getByTestId('control-effectiveness').textContent()).toBe('Ineffective');
    await ctrlZ(page);
    await expect
      .poll(() => section.getByTestId('control-effectiveness').textContent())
      .toBe('Not yet assessed');
    expect(await status(page)).toContain('Undone: control “Monthly budget monitoring” assessed ineffective');

    // An assurance source.
    await section.getByLabel('Assurance source').fill('Internal audit report 2025/26');
    await section.getByRole('button', { name: 'Add assurance' }).click();
    await expect.poll(() => section.getByTestId('assurance-item').count()).toBe(1);
    await ctrlZ(page);
    await expect.poll(() => section.getByTestId('assurance-item').count()).toBe(0);
    expect(await status(page)).toContain('Undone: assurance “Internal audit report 2025/26” added');

    // The treatment, then an acceptance: each undone on its own.
    await section.getByLabel('Treatment').selectOption('tolerate');
    await expect.poll(() => section.getByLabel('Treatment').inputValue()).toBe('tolerate');
    await section.getByLabel('Accepted by').fill('Audit Committee');
    await section.getByLabel('Why accepted').fill('Further controls would cost more than they save');
    await section.getByLabel('Accepted until').fill('31/03/2027');
    await section.getByRole('button', { name: 'Record acceptance' }).click();
    await expect.poll(() => section.getByTestId('acceptance').count()).toBe(1);
    await ctrlZ(page);
    await expect.poll(() => section.getByTestId('acceptance').count()).toBe(0);
    expect(await status(page)).toContain('Undone: SR4 acceptance');
    expect(await section.getByLabel('Treatment').inputValue()).toBe('tolerate');
    await ctrlZ(page);
    await expect.poll(() => section.getByLabel('Treatment').inputValue()).toBe('');
    expect(await status(page)).toContain('Undone: SR4 treatment');
    expect(fileRows(backend.path, 'SELECT treatment, accepted_by FROM risk_treatments')).toEqual([
      { treatment: null, accepted_by: null },
    ]);

    // An objective link from the panel.
    const objectives = page.getByTestId('objectives-section');
    await objectives
      .getByLabel('Link to an objective')
      .selectOption({ label: 'F1 Local authorities receive adequate funding' });
    await expect.poll(() => objectives.getByRole('button', { name: 'Unlink' }).count()).toBe(1);
    await ctrlZ(page);
    await expect.poll(() => objectives.getByRole('button', { name: 'Unlink' }).count()).toBe(0);
    expect(await status(page)).toContain('Undone: SR4 linked to objective F1');
    expect(fileRows(backend.path, 'SELECT * FROM risk_objectives')).toEqual([]);

    // Every undo and redo is in the register's history, as a risk edit's is.
    const undos = fileRows<{ n: number }>(
      backend.path,
      "SELECT COUNT(*) AS n FROM history WHERE reason LIKE 'Undo of change #%'",
    )[0];
    expect(undos?.n).toBe(7);
    expect(app.problems).toEqual([]);
  });

  it('the Audit trail undoes an entry by keyboard after a confirm in words, and shows a refusal with nothing changed', async () => {
    const app = await harness.open({ start: 'sample', viewport: { width: 1280, height: 720 } });
    const { page, backend } = app;
    const sr4 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('no SR4');
    const c = await backend.call('controls:create', { text: 'Monthly budget monitoring', riskIds: [sr4.id] });
    const partial = await backend.call('controls:assess', {
      id: c.id,
      version: c.version,
      effectiveness: 'partial',
    });
    await backend.call('controls:assess', { id: c.id, version: partial.version, effectiveness: 'effective' });
    const reputation = (await backend.call('categories:list', {})).find((x) => x.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation');
    await backend.call('appetite:set-level', { categoryId: reputation.id, level: 'open' });
    const seqOf = (field: string, value: string) =>
      fileRows<{ seq: number }>(
        backend.path,
        `SELECT seq FROM history WHERE field = '${field}' AND new_value = '"${value}"' ORDER BY seq`,
      )[0]?.seq;
    const first = seqOf('effectiveness', 'partial');
    const second = seqOf('effectiveness', 'effective');
    if (!first || !second) throw new Error('assessments not recorded');

    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
    const rows = page.getByTestId('audit-row');
    // Newest first: the appetite level (not undone by history:revert: no button), then the two assessments.
    await expect.poll(() => rows.first().textContent()).toContain('Appetite level');
    expect(await rows.nth(0).getByTestId('audit-undo').count()).toBe(0);
    const later = rows.nth(1).getByRole('button', {
      name: `Undo change #${second}: Control 'Monthly budget monitoring' effectiveness`,
    });
    const earlier = rows.nth(2).getByRole('button', {
      name: `Undo change #${first}: Control 'Monthly budget monitoring' effectiveness`,
    });
    expect(await later.count()).toBe(1);
    expect(await earlier.count()).toBe(1);
    await app.screenshot('audit-trail-undo');

    // The earlier assessment: a later change touched the same thing, refused in words, nothing changes.
    const before = fileRows(backend.path, 'SELECT * FROM history ORDER BY seq');
    await earlier.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('audit-undo-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe(`Undo change #${first}?`);
    expect(await dialog.getByTestId('audit-undo-words').textContent()).toBe(
      'The effectiveness of the control “Monthly budget monitoring” goes back from partially effective to not yet assessed.',
    );
    await dialog.getByTestId('audit-undo-confirm').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => dialog.getByTestId('audit-undo-refusal').textContent())
      .toContain(
        `Nothing was changed. Change #${first} cannot be undone: the effectiveness of Monthly budget monitoring is now "effective"`,
      );
    expect(await dialog.getByTestId('audit-undo-refusal').textContent()).toContain(`(change #${second})`);
    await app.screenshot('audit-trail-undo-refused');
    expect(fileRows(backend.path, 'SELECT * FROM history ORDER BY seq')).toEqual(before);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // The later one: undone, said in words, recorded.
    await later.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await dialog.getByTestId('audit-undo-words').textContent()).toBe(
      'The effectiveness of the control “Monthly budget monitoring” goes back from effective to partially effective.',
    );
    await dialog.getByTestId('audit-undo-confirm').click();
    await expect
      .poll(() => page.getByTestId('audit-undone').textContent())
      .toMatch(
        new RegExp(
          `^Change #${second} undone\\. The effectiveness of the control “Monthly budget monitoring” went back from effective to partially effective\\. Recorded as change #\\d+\\.$`,
        ),
      );
    expect(fileRows(backend.path, 'SELECT effectiveness FROM controls')).toEqual([
      { effectiveness: 'partial' },
    ]);
    await expect.poll(() => rows.first().textContent()).toContain(`Undo of change #${second}`);
    await app.screenshot('audit-trail-undone');
    expect(app.problems).toEqual([]);
  });
});
