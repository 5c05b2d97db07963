/**
 * The command line's handler table loaded group by group (db/cli/handlers.ts): every channel it lists is served by
 * the group it names, every channel of the app's table is listed, and a call through the lazy table answers exactly
 * as the app's table does — including a channel the list lacks (the whole table is loaded then). Real registers.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Handlers } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import { GROUPS, lazyHandlers } from '../../db/cli/handlers.ts';
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

describe('db/cli/handlers.ts GROUPS', () => {
  it("names, for every channel, the group whose module serves it, and leaves none of the app's channels out", async () => {
    const session = new RegisterSession();
    try {
      const all = Object.keys(createHandlers(deps(session))).sort();
      const listed: string[] = [];
      for (const [name, group] of Object.entries(GROUPS)) {
        const table = (await group.load())(deps(session));
        for (const c of group.channels) {
          expect(Object.keys(table), `${c} is listed under ${name}`).toContain(c);
        }
        listed.push(...group.channels);
      }
      // A channel missing here still works (the whole table loads), but costs every such command its start-up:
      // add it to GROUPS in db/cli/handlers.ts under the group (db/handlers/<group>.ts) that serves it.
      expect(listed.sort()).toEqual(all);
    } finally {
      session.close();
    }
  });
});

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
    return { risks, updated, refused, history };
  }

  /** Ids, times and the file name differ between two registers; everything else must match. */
  const plain = (v: unknown, db: string) =>
    JSON.parse(
      JSON.stringify(v)
        .replaceAll(db, 'DB')
        .replace(/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g, '"ID"'),
    ) as unknown;

  it('answers as the app table does, for listed channels and for one the list lacks', async () => {
    const results: unknown[] = [];
    for (const [i, make] of [
      (d: HandlerDeps) => createHandlers(d),
      (d: HandlerDeps) => lazyHandlers(d),
      // risks:update-score and risks:history left out of the list: served by the whole table instead.
      (d: HandlerDeps) => {
        const saved = GROUPS['risks'];
        if (!saved) throw new Error('GROUPS has no risks group');
        GROUPS['risks'] = { ...saved, channels: saved.channels.filter((c) => c === 'risks:list') };
        try {
          return lazyHandlers(d);
        } finally {
          GROUPS['risks'] = saved;
        }
      },
    ].entries()) {
      const session = new RegisterSession();
      const db = join(tmp.dir, `r${i}.sqlite`);
      try {
        results.push(plain(await run(make(deps(session)), db), db));
      } finally {
        session.close();
      }
    }
    const [app, lazy, partial] = results as { risks: unknown[]; refused: { ok: boolean } }[];
    expect(app?.risks).toHaveLength(19);
    expect(app?.refused.ok).toBe(false);
    expect(lazy).toEqual(app);
    expect(partial).toEqual(app);
  });
});
