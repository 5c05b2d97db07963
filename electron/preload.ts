/**
 * The sandboxed preload: exposes `window.api` with one function per channel of the contract, plus `on` for
 * the events in `AppEvents`. It never hands the page `ipcRenderer`, an IPC event object or a generic invoke.
 * Bundled to a single CommonJS file by build.electron.mjs (a sandboxed preload may only require 'electron').
 */
import type { IpcRenderer } from 'electron';
import { contextBridge, ipcRenderer } from 'electron';
import type { Api, AppEvents } from '../shared/contract/index.ts';
import { CHANNEL_NAMES } from '../shared/contract/channels.ts';
import { isAppEvent } from './events.ts';

type Bridge = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createApi(ipc: Bridge): Api {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = (input: unknown) => ipc.invoke(channel, input);
  }
  api['on'] = <E extends keyof AppEvents>(event: E, listener: (payload: AppEvents[E]) => void) => {
    if (!isAppEvent(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('A listener function is required.');
    // The page gets the payload only, never the IpcRendererEvent (which carries ipcRenderer itself).
    const wrapped = (_event: unknown, payload: AppEvents[E]) => listener(payload);
    ipc.on(event, wrapped);
    return () => {
      ipc.removeListener(event, wrapped);
    };
  };
  return Object.freeze(api) as Api;
}

contextBridge.exposeInMainWorld('api', createApi(ipcRenderer));
