import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import type { FileAccess } from '../../../db/files/grants.ts';
import { createGrantStore } from '../../../db/files/grants.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { RegisterSession } from '../../../db/session.ts';
import type { Handlers } from '../../../shared/contract/index.ts';
import { CHANNELS } from '../../../shared/contract/index.ts';
import type { SenderEvent, SenderPolicy } from '../../../electron/ipc.ts';
import { handleInvoke, isTrustedSender, registerIpc, senderRefusal } from '../../../electron/ipc.ts';
import { appPaths } from '../../../electron/paths.ts';

const { indexUrl } = appPaths('/opt/risk-register');
const APP_WINDOW_ID = 7;
const policy: SenderPolicy = { indexUrl, isAppWindow: (contents) => contents.id === APP_WINDOW_ID };

const mainFrame = { parent: null, url: indexUrl };
const fromApp: SenderEvent = { sender: { id: APP_WINDOW_ID }, senderFrame: mainFrame };

describe('the IPC sender check', () => {
  it("accepts the main frame of the app's own window showing the app's page", () => {
    expect(senderRefusal(fromApp, policy)).toBeNull();
    expect(
      isTrustedSender({ ...fromApp, senderFrame: { parent: null, url: `${indexUrl}#/heatmap` } }, policy),
    ).toBe(true);
  });

  it('refuses a sub-frame of the app window, even one showing the app page', () => {
    const event = { sender: { id: APP_WINDOW_ID }, senderFrame: { parent: mainFrame, url: indexUrl } };
    expect(senderRefusal(event, policy)).toMatch(/sub-frame/);
  });

  it.each([
    'https://evil.example/',
    'file:///tmp/other/index.html',
    'file:///opt/risk-register/dist/renderer/index.html',
    'app://evil/index.html',
    'app://risk-register/other.html',
    'devtools://devtools/bundled/index.html',
  ])('refuses the main frame when it shows a foreign page: %s', (url) => {
    const event = { sender: { id: APP_WINDOW_ID }, senderFrame: { parent: null, url } };
    expect(senderRefusal(event, policy)).toMatch(/is not the app/);
  });

  it("accepts only the app's origin when the frame reports one", () => {
    expect(indexUrl).toBe('app://risk-register/index.html');
    expect(
      senderRefusal({ ...fromApp, senderFrame: { ...mainFrame, origin: 'app://risk-register' } }, policy),
    ).toBeNull();
    for (const origin of ['null', 'file://', 'app://evil', 'https://risk-register']) {
      expect(senderRefusal({ ...fromApp, senderFrame: { ...mainFrame, origin } }, policy)).toMatch(
        /origin .* is not the app/,
      );
    }
  });

  it('refuses a window the app did not open', () => {
    expect(senderRefusal({ ...fromApp, sender: { id: 99 } }, policy)).toMatch(/did not open/);
  });

  it('refuses a frame that has gone', () => {
    expect(isTrustedSender({ ...fromApp, senderFrame: null }, policy)).toBe(false);
  });
});

function fakeIpcMain() {
  const listeners = new Map<string, (event: SenderEvent, input: unknown) => Promise<unknown>>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: (event: SenderEvent, input: unknown) => Promise<unknown>) => {
      listeners.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => listeners.delete(channel)),
  };
  return { ipcMain: ipcMain as unknown as IpcMain, listeners };
}

function realHandlers(files: FileAccess = createGrantStore()): Handlers {
  return createHandlers({
    files,
    session: new RegisterSession(),
    now: () => new Date('2026-04-01T09:00:00Z'),
    user: () => 'tester',
    dialogs: noDialogs,
  });
}

describe('registerIpc', () => {
  it('binds exactly one handler per channel of the contract, and can unbind them', () => {
    const { ipcMain, listeners } = fakeIpcMain();
    const unbind = registerIpc(ipcMain, realHandlers(), policy);
    expect([...listeners.keys()].sort()).toEqual([...CHANNELS].sort());
    unbind();
    expect(listeners.size).toBe(0);
  });

  it('answers invalid input with a VALIDATION envelope that tells the user what is wrong', async () => {
    const { ipcMain, listeners } = fakeIpcMain();
    registerIpc(ipcMain, realHandlers(), policy);
    const result = await listeners.get('register:open')?.(fromApp, { path: 42 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'A file path is required.' },
    });
    const extra = await listeners.get('register:status')?.(fromApp, { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('dispatches a valid call from the app to the handler table', async () => {
    const { ipcMain, listeners } = fakeIpcMain();
    const files = createGrantStore();
    registerIpc(ipcMain, realHandlers(files), policy);
    expect(await listeners.get('register:status')?.(fromApp, {})).toEqual({ ok: true, value: null });
    const chosen = files.grant('/nowhere/at/all.riskregister', 'open-register');
    expect(await listeners.get('register:open')?.(fromApp, { path: chosen })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('refuses a sub-frame with FORBIDDEN before validating or calling the handler', async () => {
    const handlers = realHandlers();
    const spy = vi.spyOn(handlers, 'register:status');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const subFrame = { sender: { id: APP_WINDOW_ID }, senderFrame: { parent: mainFrame, url: indexUrl } };
    const result = await handleInvoke(handlers, 'register:status', subFrame, {}, policy);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(spy).not.toHaveBeenCalled();
    const invalidAndForeign = await handleInvoke(
      handlers,
      'register:open',
      { sender: { id: 99 }, senderFrame: mainFrame },
      { path: 42 },
      policy,
    );
    expect(invalidAndForeign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    warn.mockRestore();
  });
});
