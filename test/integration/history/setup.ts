/** A register with the LGA sample, a clock the test sets, and a user the test names. */
import type { RiskRecord } from '../../../shared/domain.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';

export interface Clock {
  now: () => Date;
  /** Move to a moment, such as '2026-07-10T09:00:00Z'. */
  set: (iso: string) => void;
}

export function settableClock(start: string): Clock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
  };
}

export interface Fixture {
  app: App;
  clock: Clock;
  tmp: TempDir;
  path: string;
  byRef: (ref: string) => Promise<RiskRecord>;
  historyCount: () => number;
  done: () => void;
}

/** The LGA sample loaded at 09:00 on 1 April 2026 (UTC, the machine's time zone in CI). */
export async function lgaRegister(start = '2026-04-01T09:00:00.000Z'): Promise<Fixture> {
  const tmp = makeTempDir('rr-history-');
  const clock = settableClock(start);
  const app = makeApp({ now: clock.now });
  const path = tmp.file('lga.riskreg');
  await app.ok('register:create', { path, sample: true });
  return {
    app,
    clock,
    tmp,
    path,
    byRef: async (ref) => {
      const r = (await app.ok('risks:list', { includeArchived: true })).find((x) => x.ref === ref);
      if (!r) throw new Error(`No risk ${ref}`);
      return r;
    },
    historyCount: () => app.session.db.prepare('SELECT COUNT(*) FROM history').pluck().get() as number,
    done: () => {
      app.close();
      tmp.cleanup();
    },
  };
}
