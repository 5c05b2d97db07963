/**
 * Every export and every backup carries the history head, so a copy kept outside the register anchors its history:
 * the summary CSV (a second cell on the subtitle line), the XLSX (document properties and page footer), the PDF
 * board pack (page footer, handed to the host's printer), the audit export (each row's own SEQ:HASH) and the
 * backup (its result and its history entry). A prefix printed in an export works as an `audit verify` anchor.
 */
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderPdf } from '../../../db/handlers/deps.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { trustedPaths } from '../../../db/files/grants.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { entryHash, GENESIS_HASH } from '../../../db/history.ts';
import type { HistoryRow } from '../../../db/history.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
let path: string;

beforeEach(async () => {
  tmp = makeTempDir('rr-export-head-');
  app = makeApp();
  path = tmp.file('head.riskreg');
  await app.ok('register:create', { path, sample: true });
  const sr4 = (await app.ok('risks:list', {})).find((r) => r.ref === 'SR4');
  if (!sr4) throw new Error('SR4 missing');
  await app.ok('risks:update-score', { id: sr4.id, version: sr4.version, impact: 5, likelihood: 4 });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

const prefix = (head: string) => head.slice(0, head.indexOf(':') + 13);

describe('exports carry the history head', () => {
  it('summary CSV: a second cell on the subtitle line; the file still imports; the prefix anchors the chain', async () => {
    const { head } = await app.ok('audit:head', {});
    expect(head).toMatch(/^20:[0-9a-f]{64}$/);
    const out = tmp.file('summary.csv');
    const result = await app.ok('export:summary', { format: 'csv', path: out });
    expect(result?.historyHead).toBe(head);
    const lines = readFileSync(out, 'utf8').slice(1).split('\r\n');
    expect(lines[1]).toBe(`Current scores · in ref order,History head ${prefix(head)}`);
    expect(lines[3]).toBe('Ref,Category,Description of risk,I,L,Score,Band,Mitigation,Owner');
    // The export's own history entry records the head it printed.
    const entry = (await app.ok('audit:list', { limit: 1 })).entries[0];
    expect(entry?.newValue).toMatchObject({ historyHead: head });
    // Re-import: the header row is still found and all 19 rows read.
    const other = makeApp();
    try {
      await other.ok('register:create', { path: tmp.file('other.riskreg') });
      const preview = await other.ok('import:preview', { path: out });
      expect(preview?.fileErrors).toEqual([]);
      expect(preview?.counts).toMatchObject({ rows: 19, importable: 19 });
    } finally {
      other.close();
    }
    const anchored = await app.ok('audit:verify', { anchor: prefix(head) });
    expect(anchored).toMatchObject({
      ok: true,
      message: 'History intact: 21 entries, anchored at entry 20.',
    });
  });

  it('summary XLSX: the full head in the document properties, the prefix in the page footer', async () => {
    const { head } = await app.ok('audit:head', {});
    const out = tmp.file('summary.xlsx');
    await app.ok('export:summary', { format: 'xlsx', path: out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.description).toBe(`History head ${head}`);
    expect(wb.getWorksheet('Summary')?.headerFooter.oddFooter).toContain(`History head ${prefix(head)}`);
  });

  it('PDF board pack: the footer the host prints reads "History head SEQ:HASH-prefix"', async () => {
    const { head } = await app.ok('audit:head', {});
    const footers: string[] = [];
    // The host's printer (Electron printToPDF / Chromium page.pdf) is given the footer text: record it.
    const renderPdf: RenderPdf = (_route, { footer }) => {
      footers.push(footer);
      return Promise.resolve(new TextEncoder().encode('%PDF-1.7\n%%EOF\n'));
    };
    const session = app.session;
    const withPrinter = createHandlers({
      session,
      now: () => new Date(2026, 3, 1, 9, 0),
      user: () => 'Alice Example',
      dialogs: noDialogs,
      files: trustedPaths,
      renderPdf,
    });
    const r = await dispatch(withPrinter, 'export:summary', { format: 'pdf', path: tmp.file('pack.pdf') });
    expect(r.ok).toBe(true);
    expect(footers).toEqual([
      `OFFICIAL · LGA Strategic Risk Register – summary as at 01/04/2026 · History head ${prefix(head)}`,
    ]);
  });

  it('audit export: each row ends with its own SEQ:HASH; the outcome carries the head', async () => {
    const { head } = await app.ok('audit:head', {});
    const out = tmp.file('audit.csv');
    const result = await app.ok('audit:export', { format: 'csv', path: out });
    expect(result?.historyHead).toBe(head);
    const lines = readFileSync(out, 'utf8').slice(1).trimEnd().split('\r\n');
    expect(lines.at(-1)?.endsWith(`,${head}`)).toBe(true);
    expect((await app.ok('audit:verify', { anchor: lines[5]?.split(',').at(-1) ?? '' })).ok).toBe(true);
  });

  it('backup: the result and its history entry carry the head; the backup verifies against it', async () => {
    const { head } = await app.ok('audit:head', {});
    const out = tmp.file('backup.riskreg');
    const result = await app.ok('register:backup', { path: out });
    expect(result?.historyHead).toBe(head);
    const entry = (await app.ok('audit:list', { limit: 1 })).entries[0];
    expect(entry).toMatchObject({ action: 'export', field: 'backup', newValue: { historyHead: head } });
    const copy = makeApp();
    try {
      copy.session.open(out);
      expect(await copy.ok('audit:verify', { anchor: head })).toMatchObject({ ok: true });
    } finally {
      copy.close();
    }
    // A backup whose history was later rewritten and re-chained no longer matches the receipt.
    const raw = new Database(out);
    raw.exec('DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete;');
    raw.prepare("UPDATE history SET by = 'Mallory' WHERE seq = 20").run();
    let prev = GENESIS_HASH;
    for (const row of raw.prepare('SELECT * FROM history ORDER BY seq').all() as HistoryRow[]) {
      const hash = entryHash(prev, row);
      raw.prepare('UPDATE history SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
      prev = hash;
    }
    raw.close();
    const again = makeApp();
    try {
      again.session.open(out);
      expect((await again.ok('audit:verify', {})).ok).toBe(true);
      expect(await again.ok('audit:verify', { anchor: head })).toMatchObject({ ok: false, firstBroken: 20 });
    } finally {
      again.close();
    }
  });
});
