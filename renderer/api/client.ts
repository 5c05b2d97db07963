/**
 * The renderer's typed client over `window.api`. A `{ ok: false }` result becomes a thrown `ApiError`
 * carrying the handler's code, message and details; a success returns the value itself.
 */
import type { Api, AppEvents, Channel, InputOf, OutputOf } from '../../shared/contract/index.ts';
import type { Result } from '../../shared/errors.ts';
import { ApiError } from './api-error.ts';
import { takeLaunchRead } from './launch.ts';

function bridge(): Api {
  const api = (globalThis as { api?: Api }).api;
  if (!api) {
    throw new ApiError({
      code: 'INTERNAL',
      message: 'The app could not reach its data. Close the window and open it again.',
    });
  }
  return api;
}

export async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const fn = bridge()[channel] as unknown as (i: InputOf<C>) => Promise<Result<OutputOf<C>>>;
  // At launch the entry script may already have this answer on its way (launch.ts): used once.
  const early = takeLaunchRead(channel, input) as Promise<Result<OutputOf<C>>> | undefined;
  const result = await (early ?? fn(input));
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

/** Listen for an event from the shell; returns the unsubscribe function. */
export function on<E extends keyof AppEvents>(
  event: E,
  listener: (payload: AppEvents[E]) => void,
): () => void {
  return bridge().on(event, listener);
}
