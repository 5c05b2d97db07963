/**
 * The cabinet board pack, end to end: the LGA sample in a real SQLite file, a quarter of scripted changes
 * through the handler table (a snapshot first, score changes with reasons, an overdue action, one confidential
 * risk, the cover settings), then `risk-register export summary --format pdf` in a child process printing
 * with the system Chromium — once public (Part A) and once with the exempt Part B — read back with pdftotext
 * and turned into PNGs with pdftoppm (test-output/screenshots/cabinet-*.png: look at every page).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noDialogs } from '../../db/handlers/deps.ts';
import { trustedPaths } from '../../db/files/grants.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import { RegisterSession } from '../../db/session.ts';
import type { Channel, InputOf, OutputOf } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { SCREENSHOTS } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let out: string;
let db: string;

function cli(...args: string[]) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return spawnSync(process.execPath, [join(ROOT, 'db/cli/bin.js'), ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 200_000,
  });
}

function readPdf(path: string, name: string): { text: string; pages: string[] } {
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of readdirSync(SCREENSHOTS)) if (f.startsWith(`${name}-`)) rmSync(join(SCREENSHOTS, f));
  execFileSync('pdftoppm', ['-png', '-r', '70', path, join(SCREENSHOTS, name)]);
  const pages = readdirSync(SCREENSHOTS)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort();
  return { text, pages };
}

/** pdftotext's page texts (form feeds between pages). */
function pageTexts(text: string): string[] {
  return text.split('\f').filter((p) => p.trim() !== '');
}

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'rr-cabinet-'));
  db = join(out, 'council.riskregister');
  let clock = new Date('2026-07-01T09:00:00Z');
  const session = new RegisterSession();
  session.create(db);
  const h = createHandlers({
    session,
    now: () => clock,
    user: () => 'Rita Manager',
    dialogs: noDialogs,
    files: trustedPaths,
  });
  const ok = async <C extends Channel>(c: C, input: InputOf<C>): Promise<OutputOf<C>> => {
    const r = await dispatch(h, c, input);
    if (!r.ok) throw new Error(`${c} failed: ${r.error.message}`);
    return r.value as OutputOf<C>;
  };
  const risk = async (ref: string): Promise<RiskRecord> => {
    const found = (await ok('risks:list', {})).find((r) => r.ref === ref);
    if (!found) throw new Error(`no ${ref}`);
    return found;
  };
  const score = async (ref: string, impact: number, likelihood: number, reason: string) => {
    const r = await risk(ref);
    await ok('risks:update-score', {
      id: r.id,
      version: r.version,
      impact: impact as ScoreValue,
      likelihood: likelihood as ScoreValue,
      reason,
    });
  };
  try {
    await ok('register:onboard', { choice: 'sample' });
    await ok('board:set-settings', {
      marking: 'OFFICIAL',
      version: '2.1',
      preparedBy: 'Rita Manager, Risk and Insurance Manager',
      approvedBy: 'Chief Executive',
    });
    for (const [initials, name] of [
      ['Cho', 'Chris Howard'],
      ['SP', 'Sarah Page'],
    ] as const) {
      const owner = (await ok('owners:list', {})).find((o) => o.initials === initials);
      if (!owner) throw new Error(`no owner ${initials}`);
      await ok('owners:update', { id: owner.id, version: owner.version, changes: { name } });
    }
    const sr4 = await risk('SR4');
    await ok('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      which: 'target',
      impact: 3,
      likelihood: 2,
    });
    await ok('criteria:set', {
      changes: [{ area: 'finance', level: 4, text: '£2m to £8m, affects the medium-term plan' }],
      reason: 'Budget set for 2026/27',
    });
    await ok('snapshots:take', { name: 'Q2 2026' });

    clock = new Date('2026-07-20T10:00:00Z');
    await score('SR4', 5, 4, 'Two key posts vacant in the finance team');
    clock = new Date('2026-08-12T10:00:00Z');
    await score('SR15', 1, 1, 'Succession plan agreed for key posts');
    clock = new Date('2026-09-03T10:00:00Z');
    const sr7 = await risk('SR7');
    await ok('risks:set-confidential', {
      id: sr7.id,
      version: sr7.version,
      confidential: true,
      reason: 'Commercial negotiation under way',
    });
    await score('SR7', 5, 5, 'Contract renegotiation at risk of failing');
    clock = new Date('2026-09-10T10:00:00Z');
    const sr2 = await risk('SR2');
    await ok('actions:create', {
      riskId: sr2.id,
      text: 'Refresh the workforce plan',
      owner: 'SP',
      dueDate: '2026-09-30',
    });
  } finally {
    session.close();
  }
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the cabinet board pack', () => {
  it('prints the public Part A: cover, one-page summary, heatmap with movement, table; no confidential risk', () => {
    const pdf = join(out, 'public.pdf');
    const r = cli('export', 'summary', '--format', 'pdf', '--out', pdf, '--db', db);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { text, pages } = readPdf(pdf, 'cabinet-public');
    const byPage = pageTexts(text);
    expect(pages.length).toBe(byPage.length);
    // Cover.
    expect(byPage[0]).toMatch(/strategic risk report/i);
    expect(byPage[0]).toContain('OFFICIAL');
    expect(byPage[0]).toMatch(/Version\s+2\.1/);
    expect(byPage[0]).toContain('Rita Manager, Risk and Insurance Manager');
    expect(byPage[0]).toContain('Chief Executive');
    expect(byPage[0]).toContain('Part A (public)');
    expect(byPage[0]).not.toContain('Part B');
    // One-page summary: counts now and at the snapshot, what moved and why, overdue work.
    const summary = byPage[1] ?? '';
    expect(summary).toContain('Part A · Summary as at');
    expect(summary).toContain('At “Q2 2026”');
    expect(summary).toMatch(/SR4 ↑ up from \d+ \w+ to 20 Red/);
    expect(summary).toContain('Two key posts vacant in the finance team');
    expect(summary).toMatch(/SR15 ↓ down from \d+ \w+ to 1 Green/);
    expect(summary).toContain('Succession plan agreed for key posts');
    expect(summary).toMatch(/Overdue actions \(1\)/);
    expect(summary).toContain('Refresh the workforce plan');
    expect(summary).toContain('1 further risk is exempt from');
    // The table: owner names, target scores, travel only where something moved, every page marked.
    expect(text).toContain('Target score');
    expect(text).toMatch(/6 Yellow/); // SR4's target, 3 × 2
    // Owner names from the directory (the column wraps "Chris Howard (Cho)" over two lines).
    expect(text).toContain('Chris Howard');
    expect(text).toContain('Sarah Page');
    expect(text).not.toContain('unchanged');
    expect(text.match(/[↑↓] (up|down) from/g)?.length).toBeGreaterThanOrEqual(2);
    for (const page of byPage) expect(page).toContain('OFFICIAL');
    // The appendix: the register's own scoring criteria, on the last page, marked like every page.
    const appendix = byPage.at(-1) ?? '';
    expect(appendix).toContain('Appendix · Scoring criteria');
    expect(appendix).toContain('£2m to £8m');
    expect(appendix).toContain('Rare: under 5 %');
    expect(appendix).toMatch(/People and safety/);
    expect(appendix).toContain('Time frame');
    // SR7 is confidential: neither its row nor its reason is in the public version.
    expect(text).not.toMatch(/\bSR7\b/);
    expect(text).not.toContain('Contract renegotiation');
  }, 240_000);

  it('prints Part B with the confidential risk and its reason, under the marking given', () => {
    const pdf = join(out, 'with-exempt.pdf');
    const r = cli(
      ...['export', 'summary', '--format', 'pdf', '--out', pdf, '--db', db],
      ...['--exempt', '--marking', 'OFFICIAL-SENSITIVE'],
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { text } = readPdf(pdf, 'cabinet-exempt');
    const byPage = pageTexts(text);
    expect(byPage[0]).toContain('OFFICIAL-SENSITIVE');
    expect(byPage[0]).toContain('Part A (public) and Part B (exempt)');
    for (const page of byPage) expect(page).toContain('OFFICIAL-SENSITIVE');
    const partB = byPage.slice(byPage.findIndex((p) => p.includes('Part B · Exempt information')));
    expect(partB.length).toBeGreaterThan(0);
    expect(partB.join('\n')).toMatch(/\bSR7\b/);
    expect(partB.join('\n')).toContain('Contract renegotiation at risk of failing');
    // Part A is the same public part: SR7 appears only in Part B.
    const partA = byPage.slice(0, byPage.length - partB.length).join('\n');
    expect(partA).not.toMatch(/\bSR7\b/);
  }, 240_000);

  it('refuses a marking of more than one line, writing nothing', () => {
    const pdf = join(out, 'bad.pdf');
    const r = cli(
      'export',
      'summary',
      '--format',
      'pdf',
      '--out',
      pdf,
      '--db',
      db,
      '--marking',
      'OFFICIAL\nX',
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('The protective marking is one line');
    expect(readdirSync(out)).not.toContain('bad.pdf');
  }, 120_000);
});
