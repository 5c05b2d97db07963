/**
 * The board pack gathered in one pass (db/export/board-pack-data.ts with `scoreHistory`, the risks read once for
 * the summary table and the pack, the controls and flags from the same reads; the model's groups built in linear
 * time) must give exactly the model the previous code gave: the previous gathering and model are kept as the
 * reference in ./reference/ (every risk history row read into entry objects, `listRisks` read three times, notes
 * and groups grown by copying). Register: the LGA sample after the Orange Book script, with score changes (with and
 * without reasons, two at the same instant, on a confidential risk, on a risk later archived), reviews with and
 * without a new score, ineffective controls serving several risks, escalation rules that fire — compared before and
 * after a snapshot (the two baselines: each risk's previous review, then the snapshot), with Part B and without.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardPackReads } from '../../../db/export/board-pack-data.ts';
import { gatherBoardPack, gatherWorkbookPack } from '../../../db/export/board-pack-data.ts';
import { historyFor } from '../../../db/history.ts';
import { listRisks } from '../../../db/risks.ts';
import { packHistory, packHistoryOf, scoreHistory, scoreTimelines } from '../../../db/timelines.ts';
import type { RiskRecord } from '../../../shared/domain.ts';
import { previousReviewPoint, scoreTimeline } from '../../../shared/travel.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';
import type { Ok } from './orange-script.ts';
import { scriptOrange } from './orange-script.ts';
import { gatherBoardPack as gatherBoardPackBefore } from './reference/board-pack-data-before.ts';

let tmp: TempDir;
let app: App;
let clock: Date;
let ok: Ok;

beforeEach(async () => {
  tmp = makeTempDir('rr-board-pack-reads-');
  clock = new Date('2026-04-01T09:00:00Z');
  app = makeApp({ now: () => clock, user: () => 'Rita Manager' });
  app.session.create(tmp.file('council.riskregister'));
  ok = app.ok;
  await ok('register:onboard', { choice: 'sample' });
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

const setClock = (iso: string) => {
  clock = new Date(iso);
};

async function risk(ref: string): Promise<RiskRecord> {
  const found = (await ok('risks:list', {})).find((r) => r.ref === ref);
  if (!found) throw new Error(`no ${ref}`);
  return found;
}

async function score(ref: string, impact: number, likelihood: number, reason?: string): Promise<void> {
  const r = await risk(ref);
  await ok('risks:update-score', {
    id: r.id,
    version: r.version,
    impact: impact as 1,
    likelihood: likelihood as 1,
    ...(reason === undefined ? {} : { reason }),
  });
}

/** The model gathered today (as the PDF's handler does, and as the export does with its reads) and before. */
function expectSameModel(asAt: Date) {
  const db = app.session.db;
  for (const options of [
    {},
    { marking: 'OFFICIAL-SENSITIVE' },
    { exempt: true },
    { exempt: true, marking: 'OFFICIAL-SENSITIVE' },
  ]) {
    const before = gatherBoardPackBefore(db, asAt, options);
    expect(gatherBoardPack(db, asAt, options)).toEqual(before);
    const full = scoreHistory(db);
    const reads: BoardPackReads = { risks: listRisks(db), history: packHistory(db) };
    expect(gatherBoardPack(db, asAt, options, reads)).toEqual(before);
    // As the summary workbook reads it with the travel column: from the timelines.
    const withTimelines: BoardPackReads = {
      risks: listRisks(db),
      history: packHistoryOf(full),
      timelines: full.timelines,
    };
    expect(gatherBoardPack(db, asAt, options, withTimelines)).toEqual(before);
    // The summary workbook's model: the same values, less what the workbook does not write (Part A's table of
    // every risk, the Orange Book figures, Part B, the appetite page). The workbook never has Part B.
    if (!('exempt' in options)) {
      const { rows, notScored, orange, ...partA } = before.partA;
      expect(rows.length + notScored + orange.length).toBeGreaterThan(0);
      const { partB, appetite, ...rest } = before;
      expect(partB === null && appetite.length > 0).toBe(true);
      expect(gatherWorkbookPack(db, asAt, options, reads)).toEqual({ ...rest, partA });
      expect(gatherWorkbookPack(db, asAt, options)).toEqual({ ...rest, partA });
    }
  }
}

describe('the board pack gathered in one pass', () => {
  it('is the model the previous gathering built, before and after a snapshot', async () => {
    await scriptOrange(ok, setClock);
    setClock('2026-08-01T09:00:00Z');
    await ok('escalation:set-rules', {
      rules: [
        {
          label: 'High score',
          when: { metric: 'current-score', op: '>=', value: 12 },
          then: 'escalate',
          to: 'Leadership board',
        },
        {
          label: 'Red band',
          when: { metric: 'band', op: '=', value: 'Red' },
          then: 'escalate',
          to: 'Cabinet',
        },
      ],
    });
    const [sr1, sr2, sr3] = [await risk('SR1'), await risk('SR2'), await risk('SR3')];
    await ok('controls:create', {
      text: 'Monthly  budget\nchallenge',
      riskIds: [sr1.id, sr2.id, sr3.id],
      effectiveness: 'ineffective',
    });
    await ok('controls:create', { text: 'Vendor review', riskIds: [sr2.id], effectiveness: 'ineffective' });

    // Score changes: with reasons, without, two at the same instant, on the confidential SR7, on SR12 (archived).
    setClock('2026-08-03T09:00:00Z');
    await score('SR1', 5, 5, 'Grant cut announced');
    await score('SR2', 2, 2, 'New supplier');
    await score('SR3', 4, 4);
    setClock('2026-08-04T09:00:00Z');
    await score('SR1', 4, 5, '  ');
    await score('SR7', 1, 1, 'Confidential move');
    await score('SR12', 5, 4, 'Before archiving');
    const sr12 = await risk('SR12');
    await ok('risks:archive', { id: sr12.id, version: sr12.version });
    setClock('2026-08-05T09:00:00Z');
    const sr4 = await risk('SR4');
    await ok('reviews:record', {
      id: sr4.id,
      version: sr4.version,
      note: 'Checked',
      impact: 2,
      likelihood: 3,
    });
    const sr5 = await risk('SR5');
    await ok('reviews:record', { id: sr5.id, version: sr5.version, note: 'No change' });
    setClock('2026-08-06T09:00:00Z');
    await score('SR4', 5, 3, 'After the review');

    const db = app.session.db;
    // The one pass reads the same timelines as the travel column, and the changes the history entries hold.
    const history = scoreHistory(db);
    expect(history.timelines).toEqual(scoreTimelines(db));
    for (const r of listRisks(db)) {
      expect(history.timelines.get(r.id) ?? [], r.ref).toEqual(scoreTimeline(historyFor(db, 'risk', r.id)));
    }
    expect(history.changes.get(sr1.id)?.map((c) => [c.at, c.from, c.to, c.reason, c.by])).toEqual([
      [
        '2026-08-03T09:00:00.000Z',
        { impact: sr1.impact, likelihood: sr1.likelihood },
        { impact: 5, likelihood: 5 },
        'Grant cut announced',
        'Rita Manager',
      ],
      [
        '2026-08-04T09:00:00.000Z',
        { impact: 5, likelihood: 5 },
        { impact: 4, likelihood: 5 },
        '  ',
        'Rita Manager',
      ],
    ]);

    const asAt = new Date('2026-08-10T12:00:00Z');
    const pack = gatherBoardPack(db, asAt, { exempt: true });
    // The script moved scores and fired rules, so the comparison covers moves, reasons and every Orange figure.
    expect(pack.partA.moves.length).toBeGreaterThan(2);
    expect(pack.partA.moves.some((m) => m.reasons.length > 0)).toBe(true);
    expect(pack.partB?.moves.map((m) => m.ref)).toEqual(['SR7']);
    expect(pack.partA.orange.find((f) => f.id === 'controls-ineffective')?.groups.length).toBeGreaterThan(1);
    expect(pack.partA.orange.find((f) => f.id === 'escalations-due')?.value).toBeGreaterThan(1);
    expectSameModel(asAt);

    setClock('2026-08-07T09:00:00Z');
    await ok('snapshots:take', { name: 'Q2 2026/27' });
    setClock('2026-08-08T09:00:00Z');
    await score('SR1', 1, 2, 'Grant restored');
    await score('SR6', 5, 5, 'Flood');
    await score('SR6', 4, 5, 'Flood receding');
    const withSnapshot = gatherBoardPack(db, asAt, {});
    expect(withSnapshot.baselineName).toBe('Q2 2026/27');
    expect(withSnapshot.partA.moves.map((m) => m.ref).sort()).toEqual(['SR1', 'SR6']);
    expectSameModel(asAt);
  });

  it("reads each risk's previous-review score and its score changes as the timelines give them", async () => {
    // Reviews with and without a new score and score changes on six risks in a fixed pseudo-random order, so every
    // case of the previous review comes up: none, one, two or more reviews, changes before, between and after them.
    const refs = ['SR1', 'SR2', 'SR3', 'SR4', 'SR5', 'SR6'];
    let seed = 2_463_534_242;
    const next = (n: number) => {
      // xorshift32
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const db = app.session.db;
    const check = () => {
      const full = scoreHistory(db);
      const history = packHistory(db);
      expect(history).toEqual(packHistoryOf(full));
      expect(history.changes).toEqual(full.changes);
      for (const r of listRisks(db, { includeArchived: true })) {
        const base = previousReviewPoint(scoreTimeline(historyFor(db, 'risk', r.id)));
        expect(history.previous.get(r.id) ?? null, r.ref).toEqual(
          base ? { impact: base.impact, likelihood: base.likelihood } : null,
        );
      }
    };
    check();
    const cases = new Set<string>();
    for (let step = 0; step < 60; step += 1) {
      setClock(new Date(Date.UTC(2026, 4, 1) + step * 3_600_000).toISOString());
      const r = await risk(refs[next(refs.length)] ?? 'SR1');
      const what = next(4);
      if (what === 0) await score(r.ref, 1 + next(5), 1 + next(5), step % 2 ? 'Moved' : undefined);
      else if (what === 1)
        await ok('reviews:record', { id: r.id, version: r.version, note: `Review ${step}` });
      else
        await ok('reviews:record', {
          id: r.id,
          version: r.version,
          note: `Review ${step}`,
          impact: (1 + next(5)) as 1,
          likelihood: (1 + next(5)) as 1,
        });
      if (step % 10 === 9) check();
      const base = previousReviewPoint(scoreTimeline(historyFor(db, 'risk', r.id)));
      cases.add(base?.kind ?? 'none');
    }
    check();
    // The sequence reached both kinds of previous point (a review, the creation score) and a risk whose last
    // review settled its score (no change since), so the review before it counts.
    expect(cases).toEqual(new Set(['reviewed', 'created']));
    const settled = refs.filter((ref) => {
      const t = scoreTimeline(historyFor(db, 'risk', listRisks(db).find((r) => r.ref === ref)?.id ?? ''));
      return t.filter((p) => p.kind === 'reviewed').length >= 2 && t.at(-1)?.kind === 'reviewed';
    });
    expect(settled.length).toBeGreaterThan(0);
  });
});
