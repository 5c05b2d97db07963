import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeWebContents } from './fake-electron.ts';
import { navigationEvent } from './fake-electron.ts';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { appPaths, isAppIndexUrl } = await import('../../../electron/paths.ts');
const {
  createMainWindow,
  isAppWindowContents,
  mainWindowOptions,
  secureWebPreferences,
  shouldBlockNavigation,
} = await import('../../../electron/window.ts');

const paths = appPaths('/opt/risk-register');

beforeEach(() => {
  fake.reset();
  fake.state.ready = true;
});

describe('web preferences', () => {
  it('isolate and sandbox the renderer and load the bundled preload', () => {
    const prefs = secureWebPreferences(paths.preload);
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/opt/risk-register/dist/electron/preload.cjs',
    });
  });

  it('turn the spellchecker off (no dictionary download, and no context menu to show its suggestions)', () => {
    expect(secureWebPreferences(paths.preload).spellcheck).toBe(false);
  });

  it('are the ones every main window is created with', () => {
    createMainWindow(paths);
    const [win] = fake.state.windows;
    expect(win?.options).toEqual(mainWindowOptions(paths));
    expect(win?.options['webPreferences']).toEqual(secureWebPreferences(paths.preload));
    expect(win?.loadURL).toHaveBeenCalledWith('app://risk-register/index.html');
    expect(win?.loadFile).not.toHaveBeenCalled();
  });

  it('cannot be made before the app is ready (as in Electron)', () => {
    fake.state.ready = false;
    expect(() => createMainWindow(paths)).toThrow(/before app is ready/);
  });
});

describe('the main window', () => {
  function contents(): FakeWebContents {
    createMainWindow(paths);
    const win = fake.state.windows[0];
    if (!win) throw new Error('no window was created');
    return win.webContents;
  }

  it('refuses to open new windows', () => {
    const wc = contents();
    expect(wc.windowOpenHandler?.()).toEqual({ action: 'deny' });
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:5173/index.html',
    'file:///etc/passwd',
    'file:///opt/risk-register/dist/renderer/index.html',
    'app://risk-register/other.html',
    'app://evil/index.html',
    'app://risk-register.evil.example/index.html',
    'app://risk-register/../../etc/index.html/x',
    'javascript:alert(1)',
  ])('blocks navigation to %s', (url) => {
    const wc = contents();
    const navigate = navigationEvent(url);
    const redirect = navigationEvent(url);
    wc.emit('will-navigate', navigate);
    wc.emit('will-redirect', redirect);
    expect(navigate.prevented).toBe(true);
    expect(redirect.prevented).toBe(true);
  });

  it("allows a reload of the app's own page, with or without a #route", () => {
    const wc = contents();
    for (const url of [
      paths.indexUrl,
      `${paths.indexUrl}#/heatmap`,
      `${paths.indexUrl}#/print/board-pack?asAt=2026-11-22`,
      'app://RISK-REGISTER/index.html',
    ]) {
      const event = navigationEvent(url);
      wc.emit('will-navigate', event);
      expect(event.prevented).toBe(false);
    }
  });

  it('refuses to attach a <webview>', () => {
    const wc = contents();
    const event = navigationEvent('about:blank');
    wc.emit('will-attach-webview', event);
    expect(event.prevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    const { session } = contents();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      (session.requestHandler as (...a: unknown[]) => void)(null, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect((session.checkHandler as (...a: unknown[]) => boolean)(null, permission, 'file://', {})).toBe(
        false,
      );
    }
  });

  it("is one of the app's windows until it is closed", () => {
    createMainWindow(paths);
    const win = fake.state.windows[0];
    if (!win) throw new Error('no window was created');
    expect(isAppWindowContents(win.webContents)).toBe(true);
    expect(isAppWindowContents({ id: 9999 })).toBe(false);
    win.emit('closed');
    expect(isAppWindowContents(win.webContents)).toBe(false);
  });

  it('is shown once its page is ready, not before', () => {
    createMainWindow(paths);
    const win = fake.state.windows[0];
    expect(win?.options['show']).toBe(false);
    win?.emit('ready-to-show');
    expect(win?.show).toHaveBeenCalledTimes(1);
  });
});

describe('isAppIndexUrl', () => {
  it('matches only the index page on the app:// origin', () => {
    expect(paths.indexUrl).toBe('app://risk-register/index.html');
    expect(paths.rendererDir).toBe('/opt/risk-register/dist/renderer');
    expect(isAppIndexUrl('app://risk-register/index.html?x=1#a', paths.indexUrl)).toBe(true);
    expect(isAppIndexUrl('app://risk-register/./index.html', paths.indexUrl)).toBe(true);
    expect(isAppIndexUrl('app://evil-host/index.html', paths.indexUrl)).toBe(false);
    expect(isAppIndexUrl('file:///opt/risk-register/dist/renderer/index.html', paths.indexUrl)).toBe(false);
    expect(isAppIndexUrl('app://risk-register/index.html', 'file:///index.html')).toBe(false);
    expect(isAppIndexUrl('not a url', paths.indexUrl)).toBe(false);
    expect(shouldBlockNavigation('https://example.com', paths.indexUrl)).toBe(true);
  });
});
