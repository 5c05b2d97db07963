/**
 * Issue 13's end-to-end test: in Chromium against a real SQLite file, a risk manager records a control, an
 * assurance source and an acceptance on SR4 through the risk panel, exports the board pack PDF through the export
 * dialog (printed by Chromium), and the PDF shows them: the treatment in the table, the controls-and-assurance
 * appendix with the control, the source, its line and strength, the flag and the acceptance, and the objectives
 * part. pdftotext reads it; pdftoppm turns every page into a PNG about 1280 px wide
 * (test-output/screenshots/orange-pack-*.png) to be looked at as a cabinet member would.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noDialogs } from '../../db/handlers/deps.ts';
import type { Harness } from './harness.ts';
import { SCREENSHOTS, startHarness } from './harness.ts';

let harness: Harness;
let out: string;

beforeAll(async () => {
  harness = await startHarness();
  out = mkdtempSync(join(tmpdir(), 'rr-orange-pack-'));
});
afterAll(async () => {
  await harness?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** The PDF's text per page (pdftotext, form feeds between pages) and its pages as PNGs ≈1280 px wide. */
function readPdf(path: string, name: string): { pages: string[]; pngs: string[] } {
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of readdirSync(SCREENSHOTS)) if (f.startsWith(`${name}-`)) rmSync(join(SCREENSHOTS, f));
  // A4 landscape is 11.69 in wide: 110 dpi gives 1286 px.
  execFileSync('pdftoppm', ['-png', '-r', '110', path, join(SCREENSHOTS, name)]);
  const pngs = readdirSync(SCREENSHOTS)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort();
  return { pages: text.split('\f').slice(0, pngs.length), pngs };
}

describe('the board pack shows what the risk manager recorded', () => {
  it('control, assurance and acceptance recorded in the panel appear in the PDF', async () => {
    const pdfPath = join(out, 'cabinet pack.pdf');
    const app = await harness.open({
      start: 'sample',
      dialogs: { ...noDialogs, chooseExportPath: () => Promise.resolve(pdfPath) },
    });
    const { page, backend } = app;
    await page.getByTestId('risk-row-SR4').click();
    const section = page.getByTestId('controls-section');
    await section.getByLabel('New control').fill('Monthly budget monitoring reported to SMT');
    await section.getByLabel('Control type').selectOption('detective');
    await section.getByLabel('Effectiveness').selectOption('partial');
    await section.getByRole('button', { name: 'Add control' }).click();
    await expect.poll(() => section.getByTestId('control-item').count(), { timeout: 15_000 }).toBe(1);

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

    // An objective the risk threatens (the Objectives view is another part's; its channel is the same).
    const sr4 = (await backend.call('risks:list', {})).find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('no SR4');
    const f1 = await backend.call('objectives:create', {
      ref: 'F1',
      title: 'Local authorities receive adequate funding',
      lead: 'Head of Finance',
      status: 'amber',
    });
    await backend.call('objectives:link', { objectiveId: f1.id, riskId: sr4.id });

    await page.getByTestId('open-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export the summary' });
    await dialog.getByRole('radio', { name: /^PDF board pack/ }).check();
    await dialog.getByTestId('export-run').click();
    await page.getByTestId('io-notice').getByText('Exported 19 risks to cabinet pack.pdf').waitFor();
    expect(app.problems).toEqual([]);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');

    const { pages, pngs } = readPdf(pdfPath, 'orange-pack');
    const text = pages.join('\n');
    const flat = text.replace(/\s+/g, ' ');
    // The table: SR4's treatment.
    expect(flat).toContain('Treatment');
    expect(flat).toMatch(/Tolerate/);
    // The appendix: the control with its type and effectiveness, the source with its line and strength.
    expect(flat).toContain('Appendix · Controls and assurance');
    expect(flat).toContain('Monthly budget monitoring reported to SMT');
    expect(flat).toContain('Detective');
    expect(flat).toContain('Partially effective');
    expect(flat).toContain('Internal audit report 2025/26');
    expect(flat).toContain('3rd line (internal audit)');
    expect(flat).toContain('Limited');
    expect(flat).toContain('15/03/2026');
    expect(flat).toContain('Reconciliations not evidenced');
    // The flag and the acceptance.
    expect(flat).toMatch(/Limited assurance from the 3rd line/);
    expect(flat).toContain('Audit Committee');
    expect(flat).toContain('Further controls would cost more than they save');
    expect(flat).toContain('31/03/2027');
    // The objectives part.
    expect(flat).toContain('Objectives and the risks to them');
    expect(flat).toContain('Local authorities receive adequate funding');

    // No near-empty page: on every page the content (above the footer) reaches at least a third of the way
    // down. Word boxes from pdftotext -bbox.
    const bbox = execFileSync('pdftotext', ['-bbox', pdfPath, '-'], { encoding: 'utf8' });
    const fills = bbox
      .split('<page ')
      .slice(1)
      .map((p) => {
        const height = Number(/height="([\d.]+)"/.exec(p)?.[1]);
        const bottoms = [...p.matchAll(/yMax="([\d.]+)"/g)]
          .map((m) => Number(m[1]))
          .filter((y) => y < height - 50); // the footer line sits in the bottom margin
        return Math.max(0, ...bottoms) / height;
      });
    expect(fills).toHaveLength(pngs.length);
    for (const [i, fill] of fills.entries())
      expect(fill, `page ${i + 1} is filled only to ${Math.round(fill * 100)} %`).toBeGreaterThan(0.35);
  }, 240_000);
});
