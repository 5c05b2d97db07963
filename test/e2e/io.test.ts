/**
 * Import and export in Chromium against a real SQLite file: the LGA CSV imported through the wizard into an
 * empty register, then the PDF board pack exported through the dialog (printed by Chromium's page.pdf() on a
 * second page, as the app's hidden print window does) and read back with poppler: text and page images.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noDialogs } from '../../db/handlers/deps.ts';
import { LGA_KEY } from '../../shared/band-key.ts';
import type { Harness } from './harness.ts';
import { SCREENSHOTS, startHarness } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(ROOT, '../shared/fixtures/lga-strategic-risk-register-2019-04.csv');

let harness: Harness;
let out: string;

beforeAll(async () => {
  harness = await startHarness();
  out = mkdtempSync(join(tmpdir(), 'rr-io-e2e-'));
});

afterAll(async () => {
  await harness?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

function ukToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** pdftotext's reading of the PDF, and PNGs of its pages at 60 dpi under test-output/screenshots. */
function readPdf(path: string, name: string): { text: string; pages: string[] } {
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of readdirSync(SCREENSHOTS)) if (f.startsWith(`${name}-`)) rmSync(join(SCREENSHOTS, f));
  execFileSync('pdftoppm', ['-png', '-r', '60', path, join(SCREENSHOTS, name)]);
  const pages = readdirSync(SCREENSHOTS)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort();
  return { text, pages };
}

describe('import and export', () => {
  it('imports the LGA CSV into an empty register through the wizard, then exports the PDF board pack', async () => {
    const pdfPath = join(out, 'LGA board pack.pdf');
    const app = await harness.open({
      start: 'empty',
      dialogs: {
        ...noDialogs,
        chooseImportFile: () => Promise.resolve(FIXTURE),
        chooseExportPath: () => Promise.resolve(pdfPath),
      },
    });
    const { page } = app;
    await page.getByTestId('open-import').click();
    const wizard = page.getByRole('dialog', { name: 'Import risks' });
    await wizard.getByTestId('import-choose').click();
    const preview = page.getByRole('dialog', { name: 'Import from lga-strategic-risk-register-2019-04.csv' });
    await preview.getByTestId('import-rows').waitFor();
    expect(await preview.getByTestId('import-counts').textContent()).toMatch(/^19 rows: /);
    expect(await preview.locator('[data-testid^="import-row-"]').count()).toBe(19);
    await app.screenshot('import-wizard');

    const commit = preview.getByTestId('import-commit');
    expect(await commit.textContent()).toBe('Import 19 risks');
    await commit.click();
    await page.getByTestId('io-notice').waitFor();
    expect(await page.getByTestId('io-notice').textContent()).toContain(
      'Imported 19 risks from lga-strategic-risk-register-2019-04.csv.',
    );
    await page.getByTestId('risk-row-SR19').waitFor();
    expect(await page.locator('[data-testid^="risk-row-"]').count()).toBe(19);
    await app.screenshot('import-done');

    await page.getByTestId('open-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export the summary' });
    await dialog.getByRole('radio', { name: /^PDF board pack/ }).check();
    await dialog.getByTestId('export-travel').check();
    await app.screenshot('export-dialog');
    await dialog.getByTestId('export-run').click();
    await page.getByTestId('io-notice').getByText('Exported 19 risks to LGA board pack.pdf').waitFor();
    expect(app.problems).toEqual([]);

    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = Number(
      /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))?.[1],
    );
    expect(pages).toBeGreaterThanOrEqual(1);
    const pdf = readPdf(pdfPath, 'board-pack');
    expect(pdf.pages).toHaveLength(pages);
    const name = (await app.backend.call('register:status', {}))?.settings.name ?? '';
    expect(name).not.toBe('');
    expect(pdf.text).toContain(name);
    expect(pdf.text).toContain(`Summary as at ${ukToday()}`);
    expect(pdf.text).toMatch(/SR4\s/);
    expect(pdf.text).toContain('15 Amber');
    expect(pdf.text).toContain('Description of risk');
    for (const band of LGA_KEY) {
      // The Key beside the heatmap: each band's management action (its first two words, as lines wrap).
      expect(pdf.text).toContain(band.action.split(' ').slice(0, 2).join(' '));
    }
    expect(pdf.text).toContain(`Page 1 of ${pages}`);
    expect(pdf.text).toContain(`summary as at ${ukToday()}`);
    // Travel is shown only where a score moved: nothing moved since the import, so no "→ unchanged" rows,
    // and no Moved column at all (issue 12): one line under the table says so instead.
    expect(pdf.text).not.toMatch(/Owner\s+Moved/);
    expect(pdf.text.replace(/\s+/g, ' ')).toContain("No score moved since each risk's previous review.");
    expect(pdf.text).not.toContain('unchanged');
    expect(pdf.text).toMatch(/strategic risk report/i);
    expect(pdf.text).toContain('OFFICIAL');
    expect(pdf.text).toContain('Likelihood');
    expect(pdf.text).toMatch(/Almost\s+certain/);
  });

  it('shows each problem row with its error, warning or proposed repair, and imports nothing until resolved', async () => {
    const bad = join(out, 'last year.csv');
    writeFileSync(
      bad,
      [
        'Ref,Category,Description of risk,I,L,Score,Mitigation,Owner',
        'NW1,Finance,Funding falls short of plans,4,3,12,Medium-term plan,SP/VV',
        ',Finance,Costs rise faster than income,3,3,9,Cost review,DS DH',
        'NW3,People,Key staff leave,7,2,14,Succession planning,CH',
        'NW4,People,Recruitment stalls,3,2,8,Market supplements,CH',
      ].join('\n'),
    );
    const app = await harness.open({
      start: 'sample',
      dialogs: { ...noDialogs, chooseImportFile: () => Promise.resolve(bad) },
    });
    const { page } = app;
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-choose').click();
    const preview = page.getByRole('dialog', { name: 'Import from last year.csv' });
    await preview.getByTestId('import-rows').waitFor();
    expect(await preview.getByTestId('import-row-3').getAttribute('data-status')).toBe('needs-repair');
    expect(await preview.getByTestId('import-row-4').getAttribute('data-status')).toBe('error');
    expect(await preview.getByTestId('import-row-5').getAttribute('data-status')).toBe('warning');
    expect(await preview.getByTestId('import-commit').isDisabled()).toBe(true);
    await preview.getByTestId('import-repair-3:generate-ref').check();
    expect(await preview.getByTestId('import-commit').isDisabled()).toBe(true);
    await app.screenshot('import-wizard-problems');
    await preview.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('io-notice').textContent()).toContain(
      'Import of last year.csv cancelled: the register is unchanged.',
    );
    expect((await app.backend.call('risks:list', {})).length).toBe(19);

    // A script in the page that names a file itself is refused: only the dialog's grant names a file.
    const target = join(out, 'overwritten-by-the-page.csv');
    const sneaky = await page.evaluate((path) => {
      const api = (window as unknown as { api: Record<string, (input: unknown) => Promise<unknown>> }).api;
      return Promise.all([
        api['import:preview']?.({ path: '/etc/passwd' }),
        api['export:summary']?.({ format: 'csv', path }),
      ]);
    }, target);
    expect(sneaky).toMatchObject([
      { ok: false, error: { code: 'FORBIDDEN' } },
      { ok: false, error: { code: 'FORBIDDEN' } },
    ]);
    expect(existsSync(target)).toBe(false);
    expect(app.problems).toEqual([]);
  });

  it('exports the board pack from the CLI with the system Chromium', () => {
    const db = join(out, 'cli.riskregister');
    const pdfPath = join(out, 'cli pack.pdf');
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'db/cli/bin.js'), ...args], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
    expect(run('init', '--db', db, '--sample').status).toBe(0);
    const r = run(
      ...['export', 'summary', '--format', 'pdf', '--out', pdfPath, '--db', db, '--bands', 'Amber,Red'],
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Wrote 6 risks to .*cli pack\.pdf \(Current scores · Amber and Red only/);
    expect(existsSync(pdfPath)).toBe(true);
    const { text } = readPdf(pdfPath, 'board-pack-cli');
    expect(text).toContain('15 Amber');
    expect(text).not.toMatch(/\b\d+ Green\b.*\bSR\d+\b/);
    expect(text).toContain('Page 1 of');
  });
});
