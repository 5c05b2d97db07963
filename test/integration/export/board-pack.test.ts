/** The PDF board pack's channel and `export:summary` with format pdf through a host's `renderPdf`. */
import ExcelJS from 'exceljs';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderPdf } from '../../../db/handlers/deps.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { trustedPaths } from '../../../db/files/grants.ts';
import { historyFor } from '../../../db/history.ts';
import { RegisterSession } from '../../../db/session.ts';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract/index.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { parseBoardPackRoute } from '../../../shared/export/board-pack.ts';
import type { TempDir } from '../helpers.ts';
import { makeTempDir } from '../helpers.ts';

const PDF = new TextEncoder().encode('%PDF-1.7\n% a board pack\n%%EOF\n');
let tmp: TempDir;
let session: RegisterSession;
let printed: { route: string; footer: string }[];
let output: Uint8Array;

function handlers(renderPdf?: RenderPdf) {
  const h = createHandlers({
    files: trustedPaths,
    session,
    now: () => new Date(2026, 10, 22, 14, 30),
    user: () => 'Alice Example',
    dialogs: noDialogs,
    ...(renderPdf ? { renderPdf } : {}),
  });
  return {
    ok: async <C extends Channel>(c: C, input: InputOf<C>): Promise<OutputOf<C>> => {
      const r = await dispatch(h, c, input);
      if (!r.ok) throw new Error(`${c} failed: ${r.error.message}`);
      return r.value as OutputOf<C>;
    },
    fail: async <C extends Channel>(c: C, input: InputOf<C>): Promise<ErrorInfo> => {
      const r = await dispatch(h, c, input);
      if (r.ok) throw new Error(`${c} succeeded`);
      return r.error;
    },
  };
}

const printer: RenderPdf = (route, { footer }) => {
  printed.push({ route, footer });
  return Promise.resolve(output);
};

beforeEach(async () => {
  tmp = makeTempDir('rr-board-pack-');
  session = new RegisterSession();
  session.create(tmp.file('register.riskregister'));
  printed = [];
  output = PDF;
  await handlers().ok('register:onboard', { choice: 'sample' });
});
afterEach(() => {
  session.close();
  tmp.cleanup();
});

describe('export:board-pack', () => {
  it('gives the summary table and the key for the print view, as at the day asked for', async () => {
    const pack = await handlers().ok('export:board-pack', {
      bands: ['red', 'Amber'],
      sort: 'score',
      asAt: '2026-03-31',
    });
    expect(pack.table.title).toBe('LGA Strategic Risk Register – summary as at 31/03/2026');
    expect(pack.table.subtitle).toBe('Current scores · Red and Amber only · highest score first');
    expect(pack.table.rows.every((r) => r.band?.name === 'Amber' || r.band?.name === 'Red')).toBe(true);
    expect(pack.table.rows.find((r) => r.ref === 'SR4')).toMatchObject({
      score: 15,
      band: { name: 'Amber' },
    });
    expect(pack.bandKey.map((b) => b.name)).toEqual(['Green', 'Yellow', 'Amber', 'Red']);
    expect(pack.table.key.find((k) => k.name === 'Amber')?.action).toBeTruthy();
  });

  it('refuses a date that is not one, and an unknown band, in words', async () => {
    expect((await handlers().fail('export:board-pack', { asAt: '2026-02-30' })).message).toMatch(
      /2026-02-30 is not a date/,
    );
    expect((await handlers().fail('export:board-pack', { bands: ['Purple'] })).message).toMatch(
      /There is no band “Purple”/,
    );
  });
});

describe('export:summary as a PDF board pack', () => {
  it('prints the board pack route for the options chosen, writes the file and records the export', async () => {
    const path = tmp.file('board pack.pdf');
    const result = await handlers(printer).ok('export:summary', {
      format: 'pdf',
      path,
      scores: 'current',
      bands: ['Amber', 'Red'],
      sort: 'score',
    });
    expect(result).toMatchObject({ path, format: 'pdf', rows: 6 });
    expect(readFileSync(path)).toEqual(Buffer.from(PDF));
    expect(printed).toHaveLength(1);
    expect(parseBoardPackRoute(printed[0]?.route ?? '')).toEqual({
      scores: 'current',
      bands: ['Amber', 'Red'],
      sort: 'score',
      asAt: '2026-11-22',
      travel: false,
      marking: 'OFFICIAL',
      exempt: false,
    });
    expect(printed[0]?.footer).toMatch(
      /^OFFICIAL · LGA Strategic Risk Register – summary as at 22\/11\/2026 · History head 19:[0-9a-f]{12}$/,
    );
    const entries = historyFor(session.db, 'register', 'register');
    expect(entries.at(-1)).toMatchObject({
      action: 'export',
      reason: 'Exported the summary to board pack.pdf',
      newValue: { file: 'board pack.pdf', format: 'pdf', rows: 6 },
    });
  });

  it('writes nothing and records nothing when the printer returns something that is not a PDF', async () => {
    output = new TextEncoder().encode('<html>not a pdf</html>');
    const path = tmp.file('broken.pdf');
    const before = historyFor(session.db, 'register', 'register').length;
    const err = await handlers(printer).fail('export:summary', { format: 'pdf', path });
    expect(err.message).toBe('The board pack could not be printed to PDF.');
    expect(existsSync(path)).toBe(false);
    expect(historyFor(session.db, 'register', 'register')).toHaveLength(before);
  });

  it('refuses an unknown band before printing anything', async () => {
    const err = await handlers(printer).fail('export:summary', {
      format: 'pdf',
      path: tmp.file('x.pdf'),
      bands: ['Purple'],
    });
    expect(err.message).toMatch(/There is no band “Purple”/);
    expect(printed).toHaveLength(0);
  });
});

describe('the direction-of-travel column', () => {
  it('is a last column in CSV, XLSX and the board pack when asked for, with arrows and words', async () => {
    const h = handlers(printer);
    const [sr15] = (await h.ok('risks:list', {})).filter((r) => r.ref === 'SR15');
    if (!sr15) throw new Error('SR15 missing');
    await h.ok('risks:update-score', {
      id: sr15.id,
      version: sr15.version,
      which: 'current',
      impact: 3,
      likelihood: 3,
      reason: 'Two key posts vacant',
    });

    const csvPath = tmp.file('travel.csv');
    const result = await h.ok('export:summary', { format: 'csv', path: csvPath, travel: true });
    expect(result?.subtitle).toBe('Current scores · in ref order · travel since the previous review');
    const lines = readFileSync(csvPath, 'utf8').split('\r\n');
    expect(lines.find((l) => l.startsWith('Ref,'))?.endsWith(',Direction of travel')).toBe(true);
    expect(lines.find((l) => l.startsWith('SR15,'))).toMatch(/,↑ up from 3 Green$/);
    expect(lines.find((l) => l.startsWith('SR4,'))).toMatch(/,→ unchanged at 15 Amber$/);

    const xlsxPath = tmp.file('travel.xlsx');
    await h.ok('export:summary', { format: 'xlsx', path: xlsxPath, travel: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxPath);
    const ws = wb.getWorksheet('Summary');
    expect(ws?.getRow(4).getCell(9).value).toBe('Direction of travel');
    const sr15Row = ws?.getRows(5, 19)?.find((r) => r.getCell(1).value === 'SR15');
    expect(sr15Row?.getCell(9).value).toBe('↑ up from 3 Green');

    const pack = await h.ok('export:board-pack', { travel: true });
    expect(pack.table.columns.at(-1)).toEqual({ id: 'travel', header: 'Direction of travel' });
    expect(pack.table.rows.find((r) => r.ref === 'SR15')?.travel).toBe('↑ up from 3 Green');
  });

  it('is left out of target-score summaries and when not asked for', async () => {
    const h = handlers();
    const target = await h.ok('export:board-pack', { scores: 'target', travel: true });
    expect(target.table.columns.map((c) => c.id)).not.toContain('travel');
    const plain = await h.ok('export:board-pack', {});
    expect(plain.table.columns).toHaveLength(8);
    expect(plain.table.rows.every((r) => r.travel === null)).toBe(true);
  });
});

describe('the cabinet paper settings and the confidential flag', () => {
  it('keeps the cover settings (OFFICIAL by default), records a change, and refuses a bad marking unchanged', async () => {
    const h = handlers(printer);
    expect(await h.ok('board:settings', {})).toEqual({
      marking: 'OFFICIAL',
      version: '1.0',
      preparedBy: '',
      approvedBy: '',
    });
    const saved = await h.ok('board:set-settings', {
      marking: ' OFFICIAL-SENSITIVE ',
      version: '2',
      preparedBy: 'Risk Manager',
      approvedBy: 'Chief Executive',
      reason: 'Cabinet, October',
    });
    expect(saved.marking).toBe('OFFICIAL-SENSITIVE');
    expect(historyFor(session.db, 'register', 'settings').at(-1)).toMatchObject({
      field: 'boardPack',
      reason: 'Cabinet, October',
      by: 'Alice Example',
    });
    const seq = session.db.prepare('SELECT MAX(seq) FROM history').pluck().get();
    const error = await h.fail('board:set-settings', {
      marking: '   ',
      version: '3',
      preparedBy: '',
      approvedBy: '',
    });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('The protective marking is required');
    expect(await h.ok('board:settings', {})).toEqual(saved);
    expect(session.db.prepare('SELECT MAX(seq) FROM history').pluck().get()).toBe(seq);
    // The register's marking is printed unless the export names another.
    await h.ok('export:summary', { format: 'pdf', path: tmp.file('a.pdf') });
    expect(parseBoardPackRoute(printed.at(-1)?.route ?? '')?.marking).toBe('OFFICIAL-SENSITIVE');
    await h.ok('export:summary', {
      format: 'pdf',
      path: tmp.file('b.pdf'),
      marking: 'OFFICIAL',
      exempt: true,
    });
    expect(parseBoardPackRoute(printed.at(-1)?.route ?? '')).toMatchObject({
      marking: 'OFFICIAL',
      exempt: true,
    });
  });

  it('marks a risk confidential with its history, refuses a stale version, and splits the pack into parts', async () => {
    const h = handlers(printer);
    const sr7 = (await h.ok('risks:list', {})).find((r) => r.ref === 'SR7');
    if (!sr7) throw new Error('no SR7');
    const marked = await h.ok('risks:set-confidential', {
      id: sr7.id,
      version: sr7.version,
      confidential: true,
      reason: 'Commercial negotiation',
    });
    expect(marked).toMatchObject({ confidential: true, version: sr7.version + 1 });
    expect(historyFor(session.db, 'risk', sr7.id).at(-1)).toMatchObject({
      field: 'confidential',
      oldValue: false,
      newValue: true,
      reason: 'Commercial negotiation',
    });
    const stale = await h.fail('risks:set-confidential', {
      id: sr7.id,
      version: sr7.version,
      confidential: false,
    });
    expect(stale.code).toBe('CONFLICT');
    expect((await h.ok('risks:get', { id: sr7.id })).confidential).toBe(true);

    const pub = await h.ok('export:board-pack', {});
    expect(pub.pack.partA.rows.map((r) => r.ref)).not.toContain('SR7');
    expect(pub.pack.partB).toBeNull();
    expect(pub.pack.exemptCount).toBe(1);
    const both = await h.ok('export:board-pack', { exempt: true });
    expect(both.pack.partB?.rows.map((r) => r.ref)).toEqual(['SR7']);
  });
});
