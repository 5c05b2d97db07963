/**
 * Splitting a risk's imported free-text Mitigation into controls (issue 13): through the real handler table on a
 * real register file (one transaction, history, refusals that change nothing) and through the CLI in a real
 * Node process (`risk-register controls split REF --db F [--json] [--dry-run]`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../../db/history.ts';
import { fingerprint } from '../helpers.ts';
import type { Workspace } from '../workspace/harness.ts';
import { newWorkspace, removeTempDirs } from '../workspace/harness.ts';
import type { CliRun } from '../cli-run.ts';
import { runCli } from '../cli-run.ts';

const cli = (...args: string[]): CliRun => runCli(args, { timeout: 30_000 });

const MITIGATION = '• Medium term financial strategy\n• Monthly budget monitoring to SMT\n• Reserves policy';

let ws: Workspace;
beforeEach(async () => {
  ws = await newWorkspace();
});
afterEach(() => {
  ws.close();
  removeTempDirs();
});

async function withMitigation(ref: string, mitigation: string) {
  const r = await ws.risk(ref);
  return ws.ok('risks:update', { id: r.id, version: r.version, changes: { mitigation } });
}

describe('controls:split', () => {
  it('creates the chosen controls linked to the risk and clears the Mitigation, all recorded', async () => {
    const sr4 = await withMitigation('SR4', MITIGATION);
    const out = await ws.ok('controls:split', {
      riskId: sr4.id,
      version: sr4.version,
      controls: [
        { text: 'Medium term financial strategy', type: 'directive', effectiveness: 'effective' },
        { text: 'Monthly budget monitoring to SMT', type: 'detective', effectiveness: 'unassessed' },
      ],
      mitigation: 'clear',
      reason: 'Split the imported mitigation',
    });
    expect(out.controls.map((c) => [c.text, c.type, c.effectiveness, c.risks.map((r) => r.ref)])).toEqual([
      ['Medium term financial strategy', 'directive', 'effective', ['SR4']],
      ['Monthly budget monitoring to SMT', 'detective', 'unassessed', ['SR4']],
    ]);
    expect(out.risk.mitigation).toBe('');
    expect((await ws.risk('SR4')).mitigation).toBe('');
    const view = await ws.ok('controls:for-risk', { riskId: sr4.id });
    expect(view.controls).toHaveLength(2);
    const history = await ws.ok('risks:history', { id: sr4.id });
    expect(history.at(-1)).toMatchObject({
      field: 'mitigation',
      oldValue: MITIGATION,
      newValue: '',
      reason: 'Split the imported mitigation',
    });
    expect(verifyHistory(ws.session.db).ok).toBe(true);
  });

  it('keeps the Mitigation when asked', async () => {
    const sr4 = await withMitigation('SR4', MITIGATION);
    const out = await ws.ok('controls:split', {
      riskId: sr4.id,
      version: sr4.version,
      controls: [{ text: 'Reserves policy' }],
      mitigation: 'keep',
    });
    expect(out.controls.map((c) => c.effectiveness)).toEqual(['unassessed']);
    expect((await ws.risk('SR4')).mitigation).toBe(MITIGATION);
  });

  it('refuses a stale version, an empty list or a blank control, leaving the file as it was', async () => {
    const sr4 = await withMitigation('SR4', MITIGATION);
    const was = fingerprint(ws.path).sha256;
    const stale = await ws.fail('controls:split', {
      riskId: sr4.id,
      version: sr4.version - 1,
      controls: [{ text: 'Reserves policy' }],
      mitigation: 'clear',
    });
    expect(stale.code).toBe('CONFLICT');
    const none = await ws.fail('controls:split', {
      riskId: sr4.id,
      version: sr4.version,
      controls: [],
      mitigation: 'clear',
    });
    expect(none.message).toContain('Choose at least one control');
    const blank = await ws.fail('controls:split', {
      riskId: sr4.id,
      version: sr4.version,
      controls: [{ text: 'Reserves policy' }, { text: '   ' }],
      mitigation: 'clear',
    });
    expect(blank.code).toBe('VALIDATION');
    expect(fingerprint(ws.path).sha256).toBe(was);
    expect(await ws.ok('controls:list', {})).toEqual([]);
    expect((await ws.risk('SR4')).mitigation).toBe(MITIGATION);
  });
});

describe('risk-register controls split', { timeout: 300_000 }, () => {
  it('lists the proposals with --dry-run, writes nothing, then creates them and can clear the Mitigation', async () => {
    await withMitigation('SR4', MITIGATION);
    await withMitigation('SR7', 'Budget monitoring. Quarterly review by Cabinet.');
    const db = ws.path;
    ws.close();
    const was = fingerprint(db).sha256;

    const dry = cli('controls', 'split', 'sr4', '--db', db, '--dry-run', '--json');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      ref: 'SR4',
      mitigation: MITIGATION,
      controls: ['Medium term financial strategy', 'Monthly budget monitoring to SMT', 'Reserves policy'],
    });
    const dryText = cli('controls', 'split', 'SR7', '--db', db, '--dry-run');
    expect(dryText.stdout).toBe(
      "SR7's Mitigation would become 2 controls (nothing written):\n  1. Budget monitoring.\n  2. Quarterly review by Cabinet.\n",
    );
    expect(fingerprint(db).sha256).toBe(was);

    const made = cli('controls', 'split', 'SR4', '--db', db, '--json', '--clear-mitigation');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const rows = JSON.parse(made.stdout) as { text: string; effectiveness: string; risks: string[] }[];
    expect(rows.map((r) => [r.text, r.effectiveness, r.risks])).toEqual([
      ['Medium term financial strategy', 'unassessed', ['SR4']],
      ['Monthly budget monitoring to SMT', 'unassessed', ['SR4']],
      ['Reserves policy', 'unassessed', ['SR4']],
    ]);

    const kept = cli('controls', 'split', 'SR7', '--db', db, '--effectiveness', 'partial');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/^Added 2 controls to SR7 \(its Mitigation is kept\):\n/);

    // Nothing left to split, and a bad effectiveness: refused with a sentence, file unchanged.
    const before = fingerprint(db).sha256;
    const empty = cli('controls', 'split', 'SR4', '--db', db);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toContain('SR4 has no Mitigation text to split.');
    const bad = cli('controls', 'split', 'SR7', '--db', db, '--effectiveness', 'great');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('The effectiveness must be effective, partial, ineffective or unassessed.');
    expect(fingerprint(db).sha256).toBe(before);
  });
});
