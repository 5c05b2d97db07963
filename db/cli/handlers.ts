/**
 * The command line's handler table, loaded in two tiers (issue 14, "CLI start ≤ 0.15 s"): the register and risk
 * handlers (db/handlers/register.ts, risks.ts: open, status, list, find, score — what `list`, `set-score` and most
 * commands call) are part of the command line's start; the rest of the table (import and export, team sync,
 * controls, objectives, history …, and everything they import) is loaded on the first call to one of its channels.
 * In the bundle that rest is a separate chunk (build.cli.mjs, esbuild `splitting`), so Node reads and compiles it
 * only for the commands that reach it.
 *
 * Nothing lists channels by hand: a channel the two first groups do not serve is served by the whole table
 * (db/handlers/index.ts `createHandlers`), made once per command line run.
 */
import type { Channel, Handlers } from '../../shared/contract/index.ts';
import type { HandlerDeps } from '../handlers/deps.ts';
import { registerHandlers } from '../handlers/register.ts';
import { riskHandlers } from '../handlers/risks.ts';

type Table = Partial<Handlers>;
type Handler = (input: unknown) => unknown;

/** The handler table's functions for the command line; the whole table's module is imported on first need. */
export function lazyHandlers(deps: HandlerDeps): Handlers {
  const first: Table = { ...registerHandlers(deps), ...riskHandlers(deps) };
  let rest: Promise<Table> | null = null;
  return new Proxy({} as Handlers, {
    get: (_target, channel) => {
      if (typeof channel !== 'string') return undefined;
      return async (input: unknown) => {
        let handler = first[channel as Channel] as Handler | undefined;
        if (!handler) {
          rest ??= import('../handlers/index.ts').then(({ createHandlers }) => createHandlers(deps));
          handler = (await rest)[channel as Channel] as Handler | undefined;
        }
        if (!handler) throw new Error(`No handler for ${channel}`);
        return handler(input);
      };
    },
  });
}
