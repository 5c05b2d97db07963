/**
 * IPC registration: one `ipcMain.handle` per channel of the contract. Each call is answered only when it
 * comes from the main frame of one of the app's own windows showing the app's own page (origin
 * app://risk-register, page /index.html); then the input is
 * validated and dispatched by `shared/dispatch.ts`.
 */
import type { IpcMain } from 'electron';
import type { Channel, Handlers, OutputOf } from '../shared/contract/index.ts';
import { CHANNELS } from '../shared/contract/index.ts';
import { dispatch } from '../shared/dispatch.ts';
import type { Result } from '../shared/errors.ts';
import { isAppIndexUrl } from './paths.ts';
import { APP_ORIGIN } from './protocol.ts';

/** The parts of an `IpcMainInvokeEvent` the sender check reads (so tests can pass plain objects). */
export interface SenderEvent {
  sender: { id: number };
  senderFrame: { parent: unknown; url: string; origin?: string } | null;
}

export interface SenderPolicy {
  /** The app's index page, `app://risk-register/index.html`. */
  indexUrl: string;
  /** True for the webContents of a window the app's window factory made. */
  isAppWindow: (contents: { id: number }) => boolean;
}

/** Why a sender is refused, or null when it may call. */
export function senderRefusal(event: SenderEvent, policy: SenderPolicy): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the calling frame has gone';
  if (frame.parent !== null) return 'the call came from a sub-frame';
  if (!policy.isAppWindow(event.sender)) return 'the call came from a window the app did not open';
  if (frame.origin !== undefined && frame.origin !== APP_ORIGIN) {
    return `the calling page's origin (${frame.origin}) is not the app`;
  }
  if (!isAppIndexUrl(frame.url, policy.indexUrl)) return `the calling page (${frame.url}) is not the app`;
  return null;
}

export function isTrustedSender(event: SenderEvent, policy: SenderPolicy): boolean {
  return senderRefusal(event, policy) === null;
}

/** What one channel's `ipcMain.handle` listener does: check the sender, then validate and dispatch. */
export async function handleInvoke<C extends Channel>(
  handlers: Handlers,
  channel: C,
  event: SenderEvent,
  input: unknown,
  policy: SenderPolicy,
): Promise<Result<OutputOf<C>>> {
  const refusal = senderRefusal(event, policy);
  if (refusal !== null) {
    console.warn(`IPC ${channel} refused: ${refusal}`);
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: `This request was refused because ${refusal}.` },
    };
  }
  return dispatch(handlers, channel, input);
}

/** Bind every channel of the contract to `ipcMain`. Returns a function that removes them again. */
export function registerIpc(ipcMain: IpcMain, handlers: Handlers, policy: SenderPolicy): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => handleInvoke(handlers, channel, event, input, policy));
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
