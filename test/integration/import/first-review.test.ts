/**
 * An import's batch inserts each risk with its first review date already set (db/risk-writes.ts `firstReview`), so
 * the `risks_first_review` trigger does not rewrite the row. The date must be the one the trigger gives a risk made
 * one at a time by `createRisk`: same cycle, same moment, compared on real register files, at month ends (where
 * SQLite's 'floor' rule decides) and for every review cycle.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeRegister, createRegisterFile, type OpenRegister } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { createRisk, type NewRisk, RiskBatch } from '../../../db/risk-writes.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import type { ReviewCycle } from '../../../shared/domain.ts';
import { makeTempDir, type TempDir } from '../helpers.ts';

let tmp: TempDir;
let reg: OpenRegister;
beforeEach(() => {
  tmp = makeTempDir('rr-first-review-');
  reg = createRegisterFile(tmp.file('r.sqlite'));
});
afterEach(() => {
  closeRegister(reg);
  tmp.cleanup();
});

const risk = (ref: string, reviewCycle?: ReviewCycle): NewRisk => ({
  ref,
  category: 'Finance',
  description: `Risk ${ref}`,
  impact: 3,
  likelihood: 2,
  inherent: null,
  target: null,
  mitigation: '',
  owners: ['AB'],
  ...(reviewCycle ? { reviewCycle } : {}),
});

const nextReview = (ref: string): string | null =>
  reg.db.prepare('SELECT next_review FROM risks WHERE ref = ?').pluck().get(ref) as string | null;

describe('first review date of batch-inserted risks', () => {
  const moments = ['2026-11-30T12:00:00.000Z', '2027-01-31T23:30:00.000Z', '2028-02-29T00:15:00.000Z'];
  const cycles: (ReviewCycle | undefined)[] = [undefined, 'monthly', 'quarterly', 'half-yearly', 'yearly'];
  it('equals the date the trigger gives a risk created on its own, for every cycle and month end', () => {
    let n = 0;
    for (const now of moments) {
      const ctx = { now, by: 'Tester' };
      writeTransaction(reg.db, () => {
        const batch = new RiskBatch(reg.db, ctx, 'import');
        for (const cycle of cycles) {
          n += 1;
          createRisk(reg.db, risk(`ONE${n}`, cycle), ctx);
          batch.add(risk(`BATCH${n}`, cycle), 1000 + n);
        }
        batch.flush();
      });
    }
    for (let k = 1; k <= n; k += 1) {
      const one = nextReview(`ONE${k}`);
      expect(one).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(nextReview(`BATCH${k}`)).toBe(one);
    }
    // The trigger's 'floor' rule: a quarter after 30 November is 28 February, not 2 March.
    expect(nextReview('ONE1')).toBe(
      reg.db
        .prepare("SELECT date('2026-11-30T12:00:00.000Z', 'localtime', '+3 months', 'floor')")
        .pluck()
        .get(),
    );
    expect(verifyHistory(reg.db).ok).toBe(true);
  });
});
