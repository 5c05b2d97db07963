/**
 * The launch's first reads, started by the entry script (main.tsx) while the app's own code is still being fetched
 * and evaluated: the register's status and, when it is set up, its first page of risks and its categories — the
 * same calls, with the same inputs, that `loadRegister` makes first. When the app then makes one of those calls,
 * `call` (client.ts) takes the answer already on its way instead of asking again, so the bridge's round trips
 * overlap the code's loading instead of following it (issue 14, first rows).
 *
 * Each early answer is used once, and only for the launch: the first call that is not one of them, or any
 * `register-changed` / `team-sync-state` event before the app asks, forgets them all, so no later read (a refresh
 * after a change asks `risks:list-page` with the same input) can ever be answered with the launch's data.
 *
 * This module is in the entry chunk: it must not import the stores, React or the contract's schemas.
 */
import type { Api } from '../../shared/contract/index.ts';

/** The first page: enough rows to fill the window at once (risk-actions.ts asks for this many). */
export const FIRST_PAGE = 200;

type Bridge = Record<string, (input: unknown) => Promise<unknown>>;

const early = new Map<string, Promise<unknown>>();
/** True from the start of the launch's reads until they are all used or forgotten. */
let live = false;
/** True once the status is in and the reads that depend on it are asked (or known not to be needed). */
let asked = false;
let stopListening = (): void => undefined;

const keyOf = (channel: string, input: unknown): string => `${channel} ${JSON.stringify(input)}`;

function forget(): void {
  live = false;
  early.clear();
  stopListening();
  stopListening = () => undefined;
}

/**
 * Start the launch's reads on `api` (the window's bridge), forgetting any earlier ones. Does nothing without a
 * bridge (the app then says it could not reach its data, as before).
 */
export function startLaunchReads(api: Api | undefined): void {
  forget();
  if (!api) return;
  const bridge = api as unknown as Bridge;
  live = true;
  asked = false;
  const ask = (channel: string, input: unknown): Promise<unknown> => {
    const fn = bridge[channel];
    const answer = fn ? fn(input) : Promise.reject(new Error(`The bridge has no channel ${channel}.`));
    early.set(keyOf(channel, input), answer);
    // A refusal is the app's to handle when it takes the answer; never an unhandled rejection here.
    answer.catch(() => undefined);
    return answer;
  };
  const offChanged = api.on('register-changed', forget);
  const offTeam = api.on('team-sync-state', forget);
  stopListening = () => {
    offChanged();
    offTeam();
  };
  ask('register:status', {}).then(
    (result) => {
      if (!live) return;
      const r = result as { ok: boolean; value?: { settings?: { onboarded?: boolean } } | null };
      if (r.ok && r.value?.settings?.onboarded) {
        ask('risks:list-page', { after: null, limit: FIRST_PAGE });
        ask('categories:list', {});
      }
      asked = true;
      if (early.size === 0) forget();
    },
    () => forget(),
  );
}

/**
 * The launch's answer for this call, if one is on its way (then it is used once); otherwise undefined, and the
 * launch's other answers are forgotten.
 */
export function takeLaunchRead(channel: string, input: unknown): Promise<unknown> | undefined {
  if (!live) return undefined;
  const key = keyOf(channel, input);
  const answer = early.get(key);
  if (!answer) {
    forget();
    return undefined;
  }
  early.delete(key);
  if (asked && early.size === 0) forget();
  return answer;
}
