/**
 * The command line's handler table in two tiers (db/cli/handlers.ts): a call through it answers exactly as the app's
 * table does, for the channels served at start (register, risks) and for the rest (loaded on first use), on real
 * registers.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Handlers } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import { lazyHandlers } from '../../db/cli/handlers.ts';
import { trustedPaths } from '../../db/files/grants.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import type { HandlerDeps } from '../../db/handlers/deps.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import { RegisterSession } from '../../db/session.ts';
import type { TempDir } from './helpers.ts';
import { makeTempDir, steppingClock } from './helpers.ts';

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir('rr-cli-groups-');
});
afterAll(() => tmp.cleanup());

function deps(session: RegisterSession): HandlerDeps {
  return {
    files: trustedPaths,
    session,
    now: steppingClock(),
    user: () => 'Alice Example',
    dialogs: noDialogs,
  };
}

describe('lazyHandlers', () => {
  async function run(handlers: Handlers, db: string) {
    const call = async (channel: Channel, input: unknown) => {
      const r = await dispatch(handlers, channel, input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.value as unknown;
    };
    await call('register:create', { path: db, sample: true });
    const risks = (await call('risks:list', {})) as { id: string; ref: string; version: number }[];
    const sr7 = risks.find((r) => r.ref === 'SR7');
    if (!sr7) throw new Error('the sample has no SR7');
    const updated = await call('risks:update-score', {
      id: sr7.id,
      version: sr7.version,
      which: 'current',
      impact: 2,
      likelihood: 5,
    });
    const refused = await dispatch(handlers, 'risks:update-score', {
      id: sr7.id,
      version: sr7.version,
      which: 'current',
      impact: 9,
      likelihood: 5,
    });
    const history = await call('risks:history', { id: sr7.id });
    // Channels of the rest of the table: the key, a review, the audit chain, and a refused control.
    const key = await call('key:get', {});
    const review = await call('reviews:record', {
      id: sr7.id,
      version: (updated as { version: number }).version,
      note: 'Reviewed at the committee',
    });
    // The chain's head hashes ids, which differ between two registers: compare whether it holds.
    const audit = ((await call('audit:verify', {})) as { ok: boolean }).ok;
    const badControl = await dispatch(handlers, 'controls:create', { title: '' });
    return { risks, updated, refused, history, key, review, audit, badControl };
  }

  /** Ids, times and the file name differ between two registers; everything else must match. */
  const plain = (v: unknown, db: string) =>
    JSON.parse(
      JSON.stringify(v)
        .replaceAll(db, 'DB')
        .replace(/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g, '"ID"'),
    ) as unknown;

  it('answers as the app table does, for the channels served at start and for the rest', async () => {
    const results: unknown[] = [];
    for (const [i, make] of [
      (d: HandlerDeps) => createHandlers(d),
      (d: HandlerDeps) => lazyHandlers(d),
    ].entries()) {
      const session = new RegisterSession();
      const db = join(tmp.dir, `r${i}.sqlite`);
      try {
        results.push(plain(await run(make(deps(session)), db), db));
      } finally {
        session.close();
      }
    }
    const [app, lazy] = results as {
      risks: unknown[];
      refused: { ok: boolean };
      badControl: { ok: boolean };
      audit: unknown;
    }[];
    expect(app?.risks).toHaveLength(19);
    expect(app?.refused.ok).toBe(false);
    expect(app?.badControl.ok).toBe(false);
    expect(app?.audit).toBe(true);
    expect(lazy).toEqual(app);
  });
});
