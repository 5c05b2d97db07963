/** The events the main process pushes to a window, as a runtime list (the contract has them as a type). */
import type { AppEvents } from '../shared/contract/index.ts';

export const APP_EVENTS = [
  'menu',
  'register-changed',
  'team-sync-state',
] as const satisfies readonly (keyof AppEvents)[];

// Fails to compile when an event is added to AppEvents but not to the list above.
type Missing = Exclude<keyof AppEvents, (typeof APP_EVENTS)[number]>;
const everyEventListed: Missing extends never ? true : Missing = true;
void everyEventListed;

export type AppEventName = (typeof APP_EVENTS)[number];

export function isAppEvent(name: unknown): name is AppEventName {
  return typeof name === 'string' && (APP_EVENTS as readonly string[]).includes(name);
}

/** Push an event to one window, typed by the contract. */
export function sendAppEvent<E extends AppEventName>(
  contents: { send: (channel: string, ...args: unknown[]) => void; isDestroyed: () => boolean },
  event: E,
  payload: AppEvents[E],
): void {
  if (!contents.isDestroyed()) contents.send(event, payload);
}
