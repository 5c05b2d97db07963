import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import type { RiskRecord, ScorePair } from '../../../shared/domain.ts';
import { DEFAULT_BOARD_SETTINGS } from '../../../shared/export/board-pack.ts';
import type { BoardPackInputs } from '../../../shared/export/board-pack-model.ts';
import { buildBoardPack, moveTravel, moveWords } from '../../../shared/export/board-pack-model.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';

const pair = (i: number, l: number): ScorePair => ({ impact: i as ScoreValue, likelihood: l as ScoreValue });

function risk(ref: string, i: number, l: number, extra: Partial<RiskRecord> = {}): RiskRecord {
  return {
    id: `id-${ref}`,
    ref,
    title: null,
    category: 'Finance',
    description: `Risk ${ref}`,
    impact: i as ScoreValue,
    likelihood: l as ScoreValue,
    inherent: null,
    target: null,
    mitigation: '',
    owners: ['SP'],
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    archivedAt: null,
    confidential: false,
    appetiteOverride: null,
    cause: '',
    event: '',
    effect: '',
    ...extra,
  };
}

function inputs(over: Partial<BoardPackInputs> = {}): BoardPackInputs {
  return {
    registerName: 'Borough Council',
    key: LGA_KEY,
    asAt: new Date(2026, 8, 30),
    settings: DEFAULT_BOARD_SETTINGS,
    risks: [
      risk('SR1', 4, 5, { target: pair(2, 2) }),
      risk('SR2', 2, 2),
      risk('SR10', 3, 4),
      risk('SR3', 5, 5, { confidential: true }),
    ],
    categories: [{ name: 'Finance', appetite: 12 }],
    ownerNames: new Map([['SP', 'Sarah Page']]),
    snapshot: {
      name: 'Q2',
      takenAt: '2026-07-01T09:00:00Z',
      scores: new Map([
        ['id-SR1', pair(3, 3)],
        ['id-SR2', pair(2, 2)],
        ['id-SR10', pair(3, 4)],
        ['id-SR3', pair(3, 3)],
        ['id-gone', pair(1, 1)],
      ]),
    },
    previous: new Map(),
    changes: [
      {
        riskId: 'id-SR1',
        at: '2026-06-01T00:00:00Z',
        by: 'A',
        from: pair(2, 2),
        to: pair(3, 3),
        reason: 'Before',
      },
      {
        riskId: 'id-SR1',
        at: '2026-07-20T00:00:00Z',
        by: 'A',
        from: pair(3, 3),
        to: pair(4, 5),
        reason: 'Posts vacant',
      },
      {
        riskId: 'id-SR3',
        at: '2026-08-01T00:00:00Z',
        by: 'A',
        from: pair(3, 3),
        to: pair(5, 5),
        reason: 'Secret',
      },
    ],
    overdueReviews: [{ riskId: 'id-SR2', nextReview: '2026-09-01', daysOverdue: 29 }],
    overdueActions: [{ riskId: 'id-SR3', text: 'Hidden', owner: 'SP', dueDate: '2026-09-01' }],
    exempt: false,
    ...over,
  };
}

describe('the board pack model', () => {
  it('puts the marking, version and parts on the cover (OFFICIAL by default)', () => {
    const p = buildBoardPack(inputs());
    expect(p.cover).toMatchObject({ marking: 'OFFICIAL', asAt: '30/09/2026', contents: 'Part A (public)' });
    expect(buildBoardPack(inputs({ exempt: true })).cover.contents).toBe(
      'Part A (public) and Part B (exempt)',
    );
    expect(p.baseline).toBe('since the snapshot “Q2” of 01/07/2026');
  });

  it('counts per band now and at the snapshot, public risks only', () => {
    const p = buildBoardPack(inputs());
    const counts = Object.fromEntries(p.partA.counts.map((c) => [c.name, [c.now, c.before]]));
    // Now: SR1 20 Red, SR2 4 Green, SR10 12 Amber. Then: SR1 9 Yellow, SR2 4, SR10 12, a gone risk 1 Green.
    expect(counts).toEqual({ Green: [1, 2], Yellow: [0, 1], Amber: [1, 1], Red: [1, 0] });
    expect(p.exemptCount).toBe(1);
  });

  it('lists what moved with the reasons since the snapshot only, and travel only where it moved', () => {
    const p = buildBoardPack(inputs());
    expect(p.partA.moves).toEqual([
      expect.objectContaining({ ref: 'SR1', direction: 'up', reasons: ['20/07/2026: Posts vacant'] }),
    ]);
    expect(p.partA.rows.map((r) => [r.ref, r.travel])).toEqual([
      ['SR1', '↑ up from 9 Yellow'],
      ['SR2', null],
      ['SR10', null],
    ]);
  });

  it('gives each row its cause-event-effect sentence when all three parts are there, else none', () => {
    const p = buildBoardPack(
      inputs({
        risks: [
          risk('SR1', 4, 5, { cause: 'grant cuts', event: 'a deficit opens', effect: 'service cuts' }),
          risk('SR2', 2, 2, { cause: 'grant cuts' }),
        ],
      }),
    );
    expect(p.partA.rows.map((r) => [r.ref, r.causeEventEffect])).toEqual([
      ['SR1', 'Because of grant cuts, there is a risk that a deficit opens, resulting in service cuts.'],
      ['SR2', null],
    ]);
  });

  it('counts a move of cell at the same score (4×2 → 2×4) as moved, as the heatmap on screen does', () => {
    const base = inputs();
    const p = buildBoardPack({
      ...base,
      risks: [...base.risks.filter((r) => r.ref !== 'SR2'), risk('SR2', 2, 4)],
      snapshot: base.snapshot && {
        ...base.snapshot,
        scores: new Map([...base.snapshot.scores, ['id-SR2', pair(4, 2)]]),
      },
      changes: [
        ...base.changes,
        {
          riskId: 'id-SR2',
          at: '2026-08-02T00:00:00Z',
          by: 'A',
          from: pair(4, 2),
          to: pair(2, 4),
          reason: 'Less likely to hurt as much, more likely to happen',
        },
      ],
    });
    const sr2 = p.partA.moves.find((m) => m.ref === 'SR2');
    expect(sr2).toMatchObject({
      direction: 'unchanged',
      from: { impact: 4, likelihood: 2, score: 8 },
      to: { impact: 2, likelihood: 4, score: 8 },
      reasons: ['02/08/2026: Less likely to hurt as much, more likely to happen'],
    });
    expect(sr2 && moveWords(sr2)).toBe('→ unchanged at 8 Yellow, moved from I 4 × L 2 to I 2 × L 4');
    expect(p.partA.rows.find((r) => r.ref === 'SR2')?.travel).toBe(
      '→ unchanged at 8 Yellow, moved from I 4 × L 2',
    );
    // Sorted with the others by the score now (SR1 20 first), and the unmoved SR10 still has no travel.
    expect(p.partA.moves.map((m) => m.ref)).toEqual(['SR1', 'SR2']);
    expect(p.partA.rows.find((r) => r.ref === 'SR10')?.travel).toBeNull();
    // The band counts go by score: SR2 is still counted Yellow (8), now and at the snapshot.
    expect(p.partA.counts.find((c) => c.name === 'Yellow')?.now).toBe(1);
  });

  it('words a move up or down as before', () => {
    const p = buildBoardPack(inputs());
    const sr1 = p.partA.moves[0];
    expect(sr1 && moveWords(sr1)).toBe('↑ up from 9 Yellow to 20 Red');
    expect(sr1 && moveTravel(sr1)).toBe('↑ up from 9 Yellow');
  });

  it('shows owner names, target scores, top bands, appetite and overdue work', () => {
    const p = buildBoardPack(inputs());
    const sr1 = p.partA.rows[0];
    expect(sr1?.owners).toEqual(['Sarah Page (SP)']);
    expect(sr1?.target).toMatchObject({ score: 4, band: 'Green' });
    expect(p.partA.topBands).toEqual(['Red', 'Amber']);
    expect(p.partA.top.map((r) => r.ref)).toEqual(['SR1', 'SR10']);
    expect(p.partA.aboveAppetite).toEqual([{ ref: 'SR1', category: 'Finance', score: 20, appetite: 12 }]);
    expect(p.partA.overdueReviews).toEqual([{ ref: 'SR2', nextReview: '01/09/2026', daysOverdue: 29 }]);
    expect(p.partA.overdueActions).toEqual([]);
  });

  it('keeps confidential risks out of Part A and lists them, with their reasons, in Part B when asked', () => {
    const pub = buildBoardPack(inputs());
    expect(JSON.stringify(pub.partA)).not.toContain('SR3');
    expect(JSON.stringify(pub.partA)).not.toContain('Secret');
    expect(pub.partB).toBeNull();
    const withB = buildBoardPack(inputs({ exempt: true }));
    expect(withB.partB?.rows.map((r) => r.ref)).toEqual(['SR3']);
    expect(withB.partB?.moves[0]?.reasons).toEqual(['01/08/2026: Secret']);
    expect(withB.partB?.overdueActions).toEqual([
      { ref: 'SR3', text: 'Hidden', owner: 'Sarah Page (SP)', due: '01/09/2026' },
    ]);
    expect(withB.partB?.counts.find((c) => c.name === 'Yellow')?.before).toBe(1);
  });

  it('without a snapshot, measures movement from each risk’s previous review', () => {
    const p = buildBoardPack(inputs({ snapshot: null, previous: new Map([['id-SR2', pair(3, 3)]]) }));
    expect(p.baseline).toBe("since each risk's previous review");
    expect(p.partA.counts.every((c) => c.before === null)).toBe(true);
    expect(p.partA.moves.map((m) => [m.ref, m.direction, m.reasons])).toEqual([['SR2', 'down', []]]);
  });
});
