/**
 * `exportRisks` (db/risks.ts), the summary XLSX export's read of the register, steps through the rows instead of
 * holding them all: it must give exactly the records `listRisks` gives (the read the export used before, and still
 * the read of `risks:list`), in the same order — on the LGA sample after the Orange Book script (titles,
 * cause/event/effect, confidential risks, an appetite override), with owners reordered and removed, a risk
 * archived (left out of both), and on 1,000 generated risks whose refs do not sort as text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRisk } from '../../../db/risk-writes.ts';
import { exportRisks, listRisks } from '../../../db/risks.ts';
import type { RegisterSession } from '../../../db/session.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import type { TempDir } from '../helpers.ts';
import { openClockedRegister } from './clocked-register.ts';
import type { Ok } from './orange-script.ts';
import { scriptOrange } from './orange-script.ts';

let tmp: TempDir;
let session: RegisterSession;
let clock: Date;
let ok: Ok;

beforeEach(() => {
  clock = new Date('2026-04-01T09:00:00Z');
  ({ tmp, session, ok } = openClockedRegister('rr-export-risks-', () => clock));
});
afterEach(() => {
  session.close();
  tmp.cleanup();
});

describe('the export read of the register', () => {
  it('gives the records listRisks gives, in the same order, on the LGA sample after the Orange Book script', async () => {
    await ok('register:onboard', { choice: 'sample' });
    await scriptOrange(ok, (iso) => (clock = new Date(iso)));
    const before = listRisks(session.db);
    const [a, b, c] = before;
    if (!a || !b || !c) throw new Error('the sample has risks');
    await ok('risks:update', { id: a.id, version: a.version, changes: { owners: ['SP', 'JG', 'AB'] } });
    await ok('risks:update', { id: b.id, version: b.version, changes: { owners: [] } });
    await ok('risks:archive', { id: c.id, version: c.version });
    const expected = listRisks(session.db);
    expect(expected.length).toBe(before.length - 1);
    expect(expected.find((r) => r.id === a.id)?.owners).toEqual(['SP', 'JG', 'AB']);
    expect(expected.some((r) => r.appetiteOverride !== null)).toBe(true);
    expect(expected.some((r) => r.confidential)).toBe(true);
    expect(exportRisks(session.db)).toEqual(expected);
  });

  it('gives the records listRisks gives on 1,000 generated risks, refs in natural order', () => {
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const score = () => (1 + Math.floor(rnd() * 5)) as ScoreValue;
    writeTransaction(session.db, () => {
      for (let i = 0; i < 1000; i += 1)
        createRisk(
          session.db,
          {
            // Made out of order, so that the rows' own order is not the refs' order.
            ref: `SR${((i * 389) % 1000) + 1}`,
            category: ['Finance', 'People', 'Climate'][i % 3] ?? 'Finance',
            description: `Risk ${i}: “quoted” & <tagged>\nsecond line`,
            impact: score(),
            likelihood: score(),
            inherent: { impact: score(), likelihood: score() },
            target: rnd() < 0.5 ? { impact: score(), likelihood: score() } : null,
            mitigation: i % 4 === 0 ? '' : `Mitigation ${i}`,
            owners: i % 13 === 0 ? [] : i % 2 ? ['AB', 'CD'] : ['CD', 'AB', 'EF'],
          },
          { now: '2026-04-01T09:00:00.000Z', by: 'Rita Manager' },
          'import',
        );
    });
    const expected = listRisks(session.db);
    expect(expected.map((r) => r.ref).slice(0, 3)).toEqual(['SR1', 'SR2', 'SR3']);
    expect(exportRisks(session.db)).toEqual(expected);
  });
});
