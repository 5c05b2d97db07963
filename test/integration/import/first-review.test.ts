/**
 * An import's batch inserts each risk with its first review date already set (db/risk-writes.ts `firstReview`).
 * The date must be the one a risk made one at a time by `createRisk` gets: same cycle, same moment, compared on real
 * register files, at month ends (where SQLite's 'floor' rule decides) and for every review cycle. Since migration
 * 0210 no trigger sets it: every writer does (`firstReviewDate`), and it must be the date the former
 * `risks_first_review` trigger gave, checked against that trigger on a register at version 200.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeRegister, createRegisterFile, type OpenRegister } from '../../../db/connection.ts';
import { verifyHistory } from '../../../db/history.ts';
import { migrate } from '../../../db/migrations/index.ts';
import { insertRisk } from '../../../db/risks.ts';
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
  it('equals the date createRisk gives a risk created on its own, for every cycle and month end', () => {
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

  it('is the date the former risks_first_review trigger gave, for createRisk, the batch and insertRisk', () => {
    // The trigger as it was: a register at version 200 still has it.
    const old = new Database(':memory:');
    migrate(old, 200);
    old.exec("INSERT INTO categories (id, name, position, created_at) VALUES ('c', 'Finance', 1, 'x')");
    const triggerDate = (now: string, cycle: ReviewCycle | undefined, id: string): string | null => {
      old
        .prepare(
          `INSERT INTO risks (id, ref, category_id, description, impact, likelihood, mitigation, position, created_at,
                              updated_at${cycle ? ', review_cycle' : ''})
           VALUES (?, ?, 'c', '', 3, 2, '', 1, ?, ?${cycle ? ', ?' : ''})`,
        )
        .run(id, id, now, now, ...(cycle ? [cycle] : []));
      return old.prepare('SELECT next_review FROM risks WHERE id = ?').pluck().get(id) as string | null;
    };
    expect(
      reg.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'risks_first_review'").pluck().get(),
    ).toBe(0);
    const moments = [
      '2026-11-30T12:00:00.000Z',
      '2027-01-31T23:30:00.000Z',
      '2028-02-29T00:15:00.000Z',
      '2026-08-31T22:59:59.999Z',
    ];
    const cycles: (ReviewCycle | undefined)[] = [undefined, 'monthly', 'quarterly', 'half-yearly', 'yearly'];
    let n = 0;
    for (const now of moments) {
      const ctx = { now, by: 'Tester' };
      for (const cycle of cycles) {
        n += 1;
        const expected = triggerDate(now, cycle, `T${n}`);
        expect(expected).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        writeTransaction(reg.db, () => {
          createRisk(reg.db, risk(`ONE${n}`, cycle), ctx);
          const batch = new RiskBatch(reg.db, ctx, 'import');
          batch.add(risk(`BATCH${n}`, cycle), 1000 + n);
          batch.flush();
          // The replica's path (a risk arriving from another laptop) writes through insertRisk.
          insertRisk(reg.db, {
            id: `replica-${n}`,
            ref: `REP${n}`,
            categoryId: reg.db
              .prepare("SELECT id FROM categories WHERE name = 'Finance'")
              .pluck()
              .get() as string,
            description: '',
            impact: 3,
            likelihood: 2,
            inherent: null,
            target: null,
            mitigation: '',
            now,
            ...(cycle ? { reviewCycle: cycle } : {}),
          });
        });
        expect([nextReview(`ONE${n}`), nextReview(`BATCH${n}`), nextReview(`REP${n}`)]).toEqual([
          expected,
          expected,
          expected,
        ]);
      }
    }
    // A date the writer is given is kept, as the trigger (WHEN next_review IS NULL) kept it.
    writeTransaction(reg.db, () =>
      createRisk(
        reg.db,
        { ...risk('GIVEN', 'yearly'), nextReview: '2030-01-15' },
        { now: moments[0] ?? '', by: 'T' },
      ),
    );
    expect(nextReview('GIVEN')).toBe('2030-01-15');
    old.close();
  });
});
