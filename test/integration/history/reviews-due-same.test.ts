/**
 * `reviewsDue` (db/reviews.ts) counts in SQL and makes a schedule only for the risks it lists; it must answer exactly
 * what it answered when it made a schedule of every live risk (`reviewSchedules`, from `listRisks` and every last
 * review), filtered them and sorted them (kept below as `before`): the same JSON, byte for byte. Checked on generated
 * registers: review dates on and around month ends (and a leap day), no date at all, archived risks, refs of every
 * shape (SR01 beside SR1, lower case, accents, spaces, punctuation), owners in any order, several reviews of a risk
 * on the same instant; on `asOf` days on, before and after those dates; with no limit, the badge's 0, short limits
 * (each risk read by rowid) and long ones (the list read whole).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { reviewSchedules, reviewsDue } from '../../../db/reviews.ts';
import { createRisk } from '../../../db/risk-writes.ts';
import type { RegisterSession } from '../../../db/session.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import type { ReviewSchedule, ReviewsDue } from '../../../shared/domain.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import { endOfMonth } from '../../../shared/travel.ts';
import { seededRandom, type TempDir } from '../helpers.ts';
import { openClockedRegister } from '../export/clocked-register.ts';

/** `reviewsDue` as it was before it counted in SQL: every risk's schedule, filtered, sorted, cut. */
function before(db: Database, asOf: string, limit?: number): ReviewsDue {
  const all = reviewSchedules(db, asOf);
  const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
  const order = (a: ReviewSchedule, b: ReviewSchedule) =>
    (a.nextReview < b.nextReview ? -1 : a.nextReview > b.nextReview ? 1 : 0) ||
    collator.compare(a.ref, b.ref);
  const due = all.filter((s) => s.status === 'due');
  const late = all.filter((s) => s.status === 'overdue');
  const first = (list: ReviewSchedule[]) =>
    limit === 0 ? [] : limit === undefined ? list.sort(order) : list.sort(order).slice(0, limit);
  return {
    asOf,
    monthEnd: endOfMonth(asOf),
    dueThisMonth: first(due),
    overdue: first(late),
    counts: { dueThisMonth: due.length, overdue: late.length },
  };
}

const DATES = [
  '2026-01-30',
  '2026-01-31',
  '2026-02-01',
  '2026-02-27',
  '2026-02-28',
  '2026-03-01',
  '2026-03-31',
  '2026-04-01',
  '2026-12-31',
  '2027-01-01',
  '2028-02-28',
  '2028-02-29',
  '2028-03-01',
];
const AS_OF = [...DATES, '2025-12-31', '2026-02-15', '2028-02-15', '2030-01-01'];
const LIMITS = [undefined, 0, 1, 3, 40, 1_000, 1_001, 5_000];
const OWNERS = ['AB', 'CD', 'EF', 'GH', 'IJ'];
const AT = ['2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z', '2026-02-10T12:00:00.000Z'];

/** A ref of one of many shapes, not yet taken in any case (refs are unique without regard to case). */
function refFor(rnd: () => number, taken: Set<string>): string {
  for (;;) {
    const n = 1 + Math.floor(rnd() * 60);
    const shapes = [`SR${n}`, `SR0${n}`, `sr${n + 60}`, `ORG${n}`, `Ré${n}`, `A ${n}`, `X-${n}`, `${n}`];
    const ref = shapes[Math.floor(rnd() * shapes.length)] as string;
    if (!taken.has(ref.toLowerCase())) {
      taken.add(ref.toLowerCase());
      return ref;
    }
  }
}

let tmp: TempDir;
let session: RegisterSession;

beforeEach(() => {
  ({ tmp, session } = openClockedRegister('rr-reviews-due-', () => new Date('2026-01-01T09:00:00Z')));
});
afterEach(() => {
  session.close();
  tmp.cleanup();
});

function generate(seed: number, count: number): void {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const score = () => (1 + Math.floor(rnd() * 5)) as ScoreValue;
  const db = session.db;
  const taken = new Set<string>();
  writeTransaction(db, () => {
    for (let i = 0; i < count; i += 1) {
      const owners = OWNERS.filter(() => rnd() < 0.4).sort(() => rnd() - 0.5);
      const risk = createRisk(
        db,
        {
          ref: refFor(rnd, taken),
          category: pick(['Finance', 'Climate']),
          description: `Risk ${i} ${pick(['flood', 'fraud', 'budget'])}`,
          impact: score(),
          likelihood: score(),
          inherent: null,
          target: null,
          mitigation: '',
          owners,
          reviewCycle: pick(['monthly', 'quarterly', 'half-yearly', 'yearly'] as const),
          nextReview: pick(DATES),
        },
        { now: '2026-01-01T00:00:00.000Z', by: 'Rita Manager' },
        'import',
      );
      const roll = rnd();
      if (roll < 0.05) db.prepare('UPDATE risks SET next_review = NULL WHERE id = ?').run(risk.id);
      else if (roll < 0.15) {
        db.prepare("UPDATE risks SET archived_at = '2026-01-02T00:00:00.000Z' WHERE id = ?").run(risk.id);
      }
      const reviews = rnd() < 0.5 ? Math.floor(rnd() * 4) : 0;
      for (let k = 0; k < reviews; k += 1) {
        db.prepare(
          `INSERT INTO reviews (id, risk_id, ref, at, by, note, impact, likelihood, score_changed, next_review)
           VALUES (?, ?, ?, ?, ?, '', 3, 3, 0, '2026-04-01')`,
        ).run(
          `${risk.id}-${k}`,
          risk.id,
          risk.ref,
          pick(AT),
          pick(['Rita Manager', 'Carol Hope', 'Sam Lee']),
        );
      }
    }
  });
}

describe('reviewsDue gives the answer it gave when it scheduled every risk', () => {
  for (const [seed, count] of [
    [1, 150],
    [2, 220],
    [4, 130],
  ] as const) {
    it(`on generated register ${seed} (${count} risks)`, () => {
      generate(seed, count);
      const seen = { overdue: new Set<number>(), due: new Set<number>(), tied: 0 };
      for (const asOf of AS_OF) {
        for (const limit of LIMITS) {
          const expected = before(session.db, asOf, limit);
          const actual = reviewsDue(session.db, asOf, limit);
          expect(actual).toEqual(expected);
          // Byte for byte, as the window and the CLI receive it (the same keys in the same order).
          expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
          seen.overdue.add(expected.counts.overdue);
          seen.due.add(expected.counts.dueThisMonth);
        }
        const whole = before(session.db, asOf);
        for (const list of [whole.overdue, whole.dueThisMonth]) {
          for (let k = 1; k < list.length; k += 1) {
            const [a, b] = [list[k - 1], list[k]] as [ReviewSchedule, ReviewSchedule];
            if (a.nextReview === b.nextReview && a.ref.replace(/0/g, '') === b.ref.replace(/0/g, '')) {
              seen.tied += 1;
            }
          }
        }
      }
      // The days cover empty lists, some risks and (long after every date) every dated live risk overdue; SR01 and
      // SR1 on the same day (the natural order ties) came up; some listed risks have a last review.
      expect(seen.overdue.has(0)).toBe(true);
      expect(seen.due.has(0)).toBe(true);
      expect(seen.overdue.size).toBeGreaterThan(5);
      expect(seen.due.size).toBeGreaterThan(3);
      expect(seen.tied).toBeGreaterThan(0);
      const late = reviewsDue(session.db, '2030-01-01').overdue;
      expect(late.some((s) => s.lastReviewedAt !== null)).toBe(true);
      expect(late.some((s) => s.owners.length > 1)).toBe(true);
    });
  }
});
