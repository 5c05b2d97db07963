/**
 * The summary workbook's history read in a thread of its own (db/export/pack-history-thread.ts): the thread's answer
 * must be `packHistory(db)`'s, read on the register's own connection — on a register with score changes (with and
 * without reasons) and reviews with and without a new score — and when history grew after the thread read it, the
 * history is read again here rather than the thread's older answer given.
 */
import { renameSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatherBoardPack, gatherWorkbookPack } from '../../../db/export/board-pack-data.ts';
import { codesInOrder, startPackHistory } from '../../../db/export/pack-history-thread.ts';
import { exportRisksScanned } from '../../../db/risks.ts';
import { packHistory } from '../../../db/timelines.ts';
import type { RiskRecord } from '../../../shared/domain.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
let clock: Date;

beforeEach(async () => {
  tmp = makeTempDir('rr-pack-history-thread-');
  clock = new Date('2026-04-01T09:00:00Z');
  app = makeApp({ now: () => clock, user: () => 'Rita Manager' });
  app.session.create(tmp.file('council.riskregister'));
  await app.ok('register:onboard', { choice: 'sample' });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

async function risk(ref: string): Promise<RiskRecord> {
  const found = (await app.ok('risks:list', {})).find((r) => r.ref === ref);
  if (!found) throw new Error(`no ${ref}`);
  return found;
}

async function move(ref: string, impact: number, likelihood: number, reason?: string): Promise<void> {
  const r = await risk(ref);
  await app.ok('risks:update-score', {
    id: r.id,
    version: r.version,
    impact: impact as 1,
    likelihood: likelihood as 1,
    ...(reason === undefined ? {} : { reason }),
  });
}

async function review(ref: string, impact?: number, likelihood?: number): Promise<void> {
  const r = await risk(ref);
  await app.ok('reviews:record', {
    id: r.id,
    version: r.version,
    note: 'Reviewed',
    ...(impact === undefined ? {} : { impact: impact as 1, likelihood: likelihood as 1 }),
  });
}

async function answered(read: { answered: boolean }): Promise<void> {
  for (let i = 0; i < 1_000 && !read.answered; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(read.answered).toBe(true);
}

describe('the pack history read in a thread', () => {
  it("gives packHistory's answer, read on a connection of its own", async () => {
    await move('SR1', 5, 4, 'Funding cut');
    await review('SR1');
    await move('SR1', 3, 3);
    await review('SR2', 2, 2);
    await review('SR2');
    await review('SR3', 4, 4);
    await move('SR3', 1, 2, 'Mitigated');
    await move('SR4', 2, 5);
    const db = app.session.db;
    const expected = packHistory(db);
    expect(expected.changes.size).toBeGreaterThanOrEqual(3);
    const read = startPackHistory(db, 0);
    const history = read.result();
    expect(read.fromThread).toBe(true);
    expect(history).toEqual(expected);
    // Pairs are shared as packHistory shares them (one object per score pair).
    expect(history.previous.get((await risk('SR2')).id)).toBe(expected.previous.get((await risk('SR2')).id));
  });

  it("gives each risk's previous score in the order of the risks read meanwhile, the same pack", async () => {
    await move('SR1', 5, 4, 'Funding cut');
    await review('SR1');
    await move('SR1', 3, 3);
    await review('SR2', 2, 2);
    await move('SR3', 1, 2, 'Mitigated');
    await move('SR4', 2, 5);
    const sr6 = await risk('SR6');
    await app.ok('risks:set-confidential', {
      id: sr6.id,
      version: sr6.version,
      confidential: true,
      reason: 'Commercial',
    });
    const db = app.session.db;
    const expected = packHistory(db);
    const read = startPackHistory(db, 0);
    const order = exportRisksScanned(db);
    const history = read.result(order);
    expect(read.fromThread).toBe(true);
    const codes = history.previousInOrder;
    if (!codes) throw new Error('no previous scores in order');
    expect(history.previous.size).toBe(0);
    expect(history.changes).toEqual(expected.changes);
    const decoded = [...codes].map((c) => (c ? { impact: c >> 3, likelihood: c & 7 } : undefined));
    expect(decoded).toEqual(order.risks.map((r) => expected.previous.get(r.id)));
    expect(decoded.filter(Boolean).length).toBeGreaterThan(10);
    // The pack made from them is the one made from the map (the workbook's part, and the PDF's with Part B).
    const asAt = new Date('2026-05-01T12:00:00Z');
    const byMap = { risks: order.risks, history: expected };
    const inOrder = { risks: order.risks, history };
    expect(gatherWorkbookPack(db, asAt, {}, inOrder)).toEqual(gatherWorkbookPack(db, asAt, {}, byMap));
    const pdf = gatherBoardPack(db, asAt, { exempt: true }, inOrder);
    expect(pdf).toEqual(gatherBoardPack(db, asAt, { exempt: true }, byMap));
    expect(pdf.partA.moves.length + (pdf.partB?.moves.length ?? 0)).toBeGreaterThanOrEqual(3);
    expect(pdf.exemptCount).toBeGreaterThan(0);
  });

  it('gives the previous scores by id when the scan it read was not this one', async () => {
    await move('SR1', 5, 4, 'Funding cut');
    const db = app.session.db;
    const order = exportRisksScanned(db);
    const thread = startPackHistory(db, 0);
    // Two places of the scan swapped: the ids no longer match the thread's, so its order is not used.
    const swapped = [...order.scanned];
    [swapped[0], swapped[1]] = [swapped[1] as number, swapped[0] as number];
    const history = thread.result({ risks: order.risks, scanned: swapped });
    expect(thread.fromThread).toBe(true);
    expect(history.previousInOrder).toBeUndefined();
    expect(history).toEqual(packHistory(db));
    // The same scan read backwards is still that scan: each risk's code, in the reversed order.
    const scan = { ids: order.risks.map((r) => r.id), codes: order.risks.map((r, j) => j % 40) };
    const inScan = new Array<number>(order.risks.length);
    const idsInScan = new Array<string>(order.risks.length);
    order.scanned.forEach((k, j) => {
      inScan[k] = scan.codes[j] as number;
      idsInScan[k] = scan.ids[j] as string;
    });
    const threadScan = {
      ids: idsInScan.join(''),
      lengths: Uint32Array.from(idsInScan.map((id) => id.length)),
      codes: Uint8Array.from(inScan),
    };
    expect([...(codesInOrder(threadScan, order) ?? [])]).toEqual(scan.codes);
    const back = { risks: [...order.risks].reverse(), scanned: [...order.scanned].reverse() };
    expect([...(codesInOrder(threadScan, back) ?? [])]).toEqual([...scan.codes].reverse());
    expect(codesInOrder(threadScan, { risks: order.risks, scanned: swapped })).toBeNull();
    expect(
      codesInOrder(threadScan, { risks: order.risks.slice(1), scanned: order.scanned.slice(1) }),
    ).toBeNull();
  });

  it('reads the history here when it grew after the thread read it', async () => {
    const db = app.session.db;
    const read = startPackHistory(db, 0);
    await answered(read);
    await move('SR5', 5, 5, 'After the read');
    const history = read.result();
    expect(read.fromThread).toBe(false);
    expect(history).toEqual(packHistory(db));
    expect(history.changes.get((await risk('SR5')).id)?.map((c) => c.reason)).toEqual(['After the read']);
  });

  it('reads the history here when the thread cannot read the register', async () => {
    const db = app.session.db;
    const file = tmp.file('council.riskregister');
    // The thread opens the register by its name: moved away, it fails, and its failure is not the answer.
    renameSync(file, `${file}.moved`);
    try {
      const read = startPackHistory(db, 0);
      await answered(read);
      expect(read.result()).toEqual(packHistory(db));
      expect(read.fromThread).toBe(false);
    } finally {
      renameSync(`${file}.moved`, file);
    }
  });

  it('reads a small history here without a thread', () => {
    const read = startPackHistory(app.session.db);
    expect(read.result()).toEqual(packHistory(app.session.db));
    expect(read.fromThread).toBe(false);
    expect(read.answered).toBe(false);
  });
});
