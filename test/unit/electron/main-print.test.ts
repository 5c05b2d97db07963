/**
 * The shell's wiring of the board pack's warm print window (electron/main.ts with the stand-in electron): prints go
 * through the real handler table from the user's window (`export:summary`, format pdf) to electron/pdf.ts's hidden
 * window; the tests then close windows as the user does and check what the app does, on each platform branch
 * main.ts has. The fake closes windows in Electron's order and emits `window-all-closed` when its window list (hidden
 * windows included) empties, so a hidden window left behind keeps the app open here as it would there.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/errors.ts';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { FakeWebContents } = await import('./fake-electron.ts');
const { PRINT_NEXT_FUNCTION } = await import('../../../shared/export/board-pack.ts');
const { app, dialog } = fake.module;
vi.setConfig({ testTimeout: 30_000 });

type Win = InstanceType<typeof fake.FakeBrowserWindow>;
const PDF = '%PDF-1.7 board pack';

/** Real Electron throws on a destroyed webContents; so does the fake page. */
function alive(contents: { destroyed: boolean }): void {
  if (contents.destroyed) throw new TypeError('Object has been destroyed');
}

/** The print page as the fake shows it: drawn at once, and taking a route handed to it. */
let printing: { release: () => void } | null = null;
let holdPrints = false;
const contentsProto = FakeWebContents.prototype as unknown as Record<string, unknown>;
contentsProto['executeJavaScript'] = vi.fn(function (this: { destroyed: boolean }, script: string) {
  alive(this);
  return Promise.resolve(script.includes(PRINT_NEXT_FUNCTION) ? true : { error: null });
});
contentsProto['printToPDF'] = vi.fn(function (this: { destroyed: boolean }) {
  alive(this);
  const pdf = Buffer.from(PDF);
  if (!holdPrints) return Promise.resolve(pdf);
  return new Promise<Buffer>((resolve) => {
    printing = { release: () => resolve(pdf) };
  });
});

let userData: string;
let allClosed: number;
const realPlatform = process.platform;
function onPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

beforeEach(() => {
  fake.reset();
  holdPrints = false;
  printing = null;
  userData = mkdtempSync(join(tmpdir(), 'rr-main-print-'));
  fake.state.paths['userData'] = userData;
  fake.state.appPath = '/opt/risk-register';
});
afterEach(() => {
  onPlatform(realPlatform);
  app.emit('will-quit');
  rmSync(userData, { recursive: true, force: true });
});

/** Launch the shell on `platform`; its first window is the user's. */
async function launch(platform: NodeJS.Platform): Promise<Win> {
  onPlatform(platform);
  vi.resetModules();
  await import('../../../electron/main.ts');
  allClosed = 0;
  app.on('window-all-closed', () => {
    allClosed += 1;
  });
  fake.state.resolveReady();
  await vi.waitFor(() => expect(fake.state.windows.length).toBeGreaterThan(0));
  const [win] = fake.state.windows;
  if (!win) throw new Error('no window');
  return win;
}

/** What `window.api[channel](input)` in `win` gets back. */
async function call(win: Win, channel: string, input: unknown): Promise<Result<unknown>> {
  const handler = fake.state.ipcHandlers.get(channel) as (e: unknown, i: unknown) => Promise<unknown>;
  const event = {
    sender: win.webContents,
    senderFrame: { parent: null, url: 'app://risk-register/index.html', origin: 'app://risk-register' },
  };
  return (await handler(event, input)) as Result<unknown>;
}

let printNo = 0;
/** File › Export › Board pack PDF from `win`, saved where the (fake) save dialog says. */
function print(win: Win): Promise<Result<unknown>> {
  const path = join(userData, `pack-${++printNo}.pdf`);
  dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path });
  return call(win, 'export:summary', { format: 'pdf' });
}

/** The hidden print windows: every window but the user's. */
const printWindows = (...users: Win[]) => fake.state.windows.filter((w) => !users.includes(w));

describe.each(['linux', 'win32', 'darwin'] as const)('on %s', (platform) => {
  const quits = platform !== 'darwin';

  it('the last window closing destroys the warm print window, so window-all-closed fires as before', async () => {
    const user = await launch(platform);
    const printed = await print(user);
    expect(printed).toMatchObject({ ok: true, value: { format: 'pdf' } });
    expect(readFileSync(join(userData, `pack-${printNo}.pdf`), 'utf8')).toBe(PDF);
    const [hidden] = printWindows(user);
    if (!hidden) throw new Error('no print window');
    expect(hidden.options).toMatchObject({ show: false });
    // Kept warm after the print.
    expect(hidden.isDestroyed()).toBe(false);

    user.close();
    expect(hidden.isDestroyed()).toBe(true);
    expect(fake.state.windows).toHaveLength(0);
    expect(allClosed).toBe(1);
    expect(app.quit).toHaveBeenCalledTimes(quits ? 1 : 0);
  });

  it('a print under way when the last window closes keeps no window after it, so the app goes as before', async () => {
    const user = await launch(platform);
    holdPrints = true;
    const printed = print(user);
    await vi.waitFor(() => expect(printing).not.toBeNull());
    const [hidden] = printWindows(user);
    if (!hidden) throw new Error('no print window');

    user.close();
    // The print goes on (its file was asked for); its window is still there, so nothing is all closed yet.
    expect(hidden.isDestroyed()).toBe(false);
    expect(allClosed).toBe(0);
    printing?.release();
    await expect(printed).resolves.toMatchObject({ ok: true, value: { format: 'pdf' } });
    expect(existsSync(join(userData, `pack-${printNo}.pdf`))).toBe(true);
    // Not kept warm: no user window is open.
    expect(hidden.isDestroyed()).toBe(true);
    expect(allClosed).toBe(1);
    expect(app.quit).toHaveBeenCalledTimes(quits ? 1 : 0);
  });

  it('the print window is never one of the user’s windows: a launch while it prints opens a window, never shows it', async () => {
    const user = await launch(platform);
    holdPrints = true;
    const printed = print(user);
    await vi.waitFor(() => expect(printing).not.toBeNull());
    const [hidden] = printWindows(user);
    if (!hidden) throw new Error('no print window');
    user.close();

    // The app launched again (a second instance) while the hidden window prints: a new window, the hidden one
    // left hidden.
    app.emit('second-instance', {}, ['risk-register'], userData);
    const [second] = printWindows(hidden);
    if (!second) throw new Error('no new window');
    expect(second.loadURL).toHaveBeenCalledWith('app://risk-register/index.html');
    expect(hidden.show).not.toHaveBeenCalled();
    expect(hidden.focus).not.toHaveBeenCalled();

    // The print ends with a user window open: its window is kept warm for the next print.
    printing?.release();
    await expect(printed).resolves.toMatchObject({ ok: true });
    expect(hidden.isDestroyed()).toBe(false);
    expect(allClosed).toBe(0);
    expect(app.quit).not.toHaveBeenCalled();

    // The next print reuses it (no new window), and register changes are told to the user's window only.
    holdPrints = false;
    await expect(print(second)).resolves.toMatchObject({ ok: true });
    expect(fake.state.windows).toEqual([hidden, second]);
    expect(hidden.loadURL).toHaveBeenCalledTimes(1);
    await expect(call(second, 'register:onboard', { choice: 'empty' })).resolves.toMatchObject({ ok: true });
    expect(second.webContents.send).toHaveBeenCalledWith('register-changed', null);
    expect(hidden.webContents.send).not.toHaveBeenCalled();

    // The second window closing is the last user window closing.
    second.close();
    expect(hidden.isDestroyed()).toBe(true);
    expect(allClosed).toBe(1);
    expect(app.quit).toHaveBeenCalledTimes(quits ? 1 : 0);
  });

  it('a window the user closes and then cancels (close prevented) leaves the warm window and the app as they were', async () => {
    const user = await launch(platform);
    await expect(print(user)).resolves.toMatchObject({ ok: true });
    const [hidden] = printWindows(user);
    if (!hidden) throw new Error('no print window');
    user.on('close', (event: { preventDefault: () => void }) => event.preventDefault());
    user.close();
    expect(user.isDestroyed()).toBe(false);
    expect(hidden.isDestroyed()).toBe(false);
    expect(allClosed).toBe(0);
    // And the hidden window going on its own (idle, its page's process) never counts as the user's window closing.
    hidden.destroy();
    expect(user.isDestroyed()).toBe(false);
    expect(allClosed).toBe(0);
    expect(app.quit).not.toHaveBeenCalled();
  });
});

describe('on macOS, with no window open', () => {
  it('the dock icon opens a window even while the hidden print window is there', async () => {
    const user = await launch('darwin');
    holdPrints = true;
    const printed = print(user);
    await vi.waitFor(() => expect(printing).not.toBeNull());
    const [hidden] = printWindows(user);
    if (!hidden) throw new Error('no print window');
    user.close();
    expect(app.quit).not.toHaveBeenCalled();

    app.emit('activate');
    const [opened] = printWindows(hidden);
    expect(opened?.loadURL).toHaveBeenCalledWith('app://risk-register/index.html');
    printing?.release();
    await expect(printed).resolves.toMatchObject({ ok: true });
    // Kept for the next print: the window the dock opened is the user's.
    expect(hidden.isDestroyed()).toBe(false);
    opened?.close();
    expect(hidden.isDestroyed()).toBe(true);
    expect(allClosed).toBe(1);
    expect(app.quit).not.toHaveBeenCalled();
  });
});
