/**
 * The fake Electron throws where real Electron throws, so a shell that calls things in the wrong order fails its
 * own tests instead of passing against a lenient stand-in.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createFakeElectron } from './fake-electron.ts';

const fake = createFakeElectron();
const { app, BrowserWindow, ipcMain, protocol, session } = fake.module;

beforeEach(() => fake.reset());

describe('before ready', () => {
  it('refuses windows, protocol handlers and the default session', () => {
    expect(() => new BrowserWindow({})).toThrow('Cannot create BrowserWindow before app is ready');
    expect(() => protocol.handle('app', () => new Response(''))).toThrow(/before the app is ready/);
    expect(() => session.defaultSession).toThrow('Session can only be received when app is ready');
  });

  it('allows the sandbox switch and privileged schemes', () => {
    expect(() => app.enableSandbox()).not.toThrow();
    expect(() => protocol.registerSchemesAsPrivileged([{ scheme: 'app' }])).not.toThrow();
  });
});

describe('after ready', () => {
  beforeEach(() => {
    fake.state.ready = true;
  });

  it('refuses the sandbox switch and privileged schemes', () => {
    expect(() => app.enableSandbox()).toThrow(/can only be called before app is ready/);
    expect(() => protocol.registerSchemesAsPrivileged([{ scheme: 'app' }])).toThrow(/before app is ready/);
  });

  it('allows windows, one handler per scheme and the default session', () => {
    expect(() => new BrowserWindow({})).not.toThrow();
    expect(() => session.defaultSession).not.toThrow();
    protocol.handle('app', () => new Response(''));
    expect(() => protocol.handle('app', () => new Response(''))).toThrow('Failed to register protocol: app');
  });
});

describe('ipcMain.handle', () => {
  it('refuses a second handler for a channel until the first is removed', () => {
    ipcMain.handle('register:status', () => null);
    expect(() => ipcMain.handle('register:status', () => null)).toThrow(
      "Attempted to register a second handler for 'register:status'",
    );
    ipcMain.removeHandler('register:status');
    expect(() => ipcMain.handle('register:status', () => null)).not.toThrow();
  });
});

describe("the app's name", () => {
  it('comes from package.json, productName first, as Electron reads it', () => {
    expect(app.getName()).toBe('Risk Register');
    fake.state.paths['appData'] = '/home/ann/.config';
    delete fake.state.paths['userData'];
    expect(app.getPath('userData')).toBe('/home/ann/.config/Risk Register');
  });
});

describe('closing windows, in Electron’s order', () => {
  beforeEach(() => {
    fake.state.ready = true;
  });

  it('emits window-all-closed once when the last window goes, hidden ones counted', () => {
    let all = 0;
    app.on('window-all-closed', () => {
      all += 1;
    });
    const user = new BrowserWindow({});
    const hidden = new BrowserWindow({ show: false });
    // A `closed` listener sees the closing window out of getAllWindows() but still in the window list: the
    // window it destroys goes first, and the list empties once, with the closing window.
    user.on('closed', () => {
      expect(BrowserWindow.getAllWindows()).toEqual([hidden]);
      hidden.destroy();
      expect(all).toBe(0);
    });
    user.close();
    expect(all).toBe(1);
    expect(BrowserWindow.getAllWindows()).toEqual([]);
  });

  it('keeps the app’s window list while a hidden window is left, and a close prevented closes nothing', () => {
    let all = 0;
    app.on('window-all-closed', () => {
      all += 1;
    });
    const user = new BrowserWindow({});
    const hidden = new BrowserWindow({ show: false });
    user.once('close', (event: { preventDefault: () => void }) => event.preventDefault());
    user.close();
    expect(user.isDestroyed()).toBe(false);
    user.close();
    expect(user.isDestroyed()).toBe(true);
    expect(all).toBe(0);
    expect(() => user.close()).toThrow('Object has been destroyed');
    hidden.destroy();
    expect(all).toBe(1);
  });
});
