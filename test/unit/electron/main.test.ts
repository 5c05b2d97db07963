import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/contract/index.ts';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { app, dialog, ipcMain, Menu } = fake.module;
let userData: string;

/** Import electron/main.ts afresh: it runs main() as it loads, as Electron does. */
async function launch(): Promise<void> {
  vi.resetModules();
  await import('../../../electron/main.ts');
}

async function ready(): Promise<void> {
  fake.state.resolveReady();
  await vi.waitFor(() => expect(fake.state.windows.length).toBeGreaterThan(0));
}

beforeEach(() => {
  fake.reset();
  userData = mkdtempSync(join(tmpdir(), 'rr-main-'));
  fake.state.paths['userData'] = userData;
  fake.state.appPath = '/opt/risk-register';
});
afterEach(() => {
  app.emit('will-quit');
  rmSync(userData, { recursive: true, force: true });
});

describe('single instance', () => {
  it('quits at once, opening nothing, when another instance holds the lock', async () => {
    fake.state.lock = false;
    await launch();
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(ipcMain.handle).not.toHaveBeenCalled();
    expect(app.count('second-instance')).toBe(0);
    expect(fake.state.windows).toHaveLength(0);
  });

  it('brings the first window back when a second copy is launched', async () => {
    await launch();
    expect(app.quit).not.toHaveBeenCalled();
    await ready();
    const [win] = fake.state.windows;
    if (!win) throw new Error('no window');
    win.minimized = true;
    app.emit('second-instance', {}, ['risk-register'], '/home/ann');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });
});

describe('launch', () => {
  it('opens the default register (not yet set up), binds every channel, sets the menu and loads the app page', async () => {
    await launch();
    await ready();
    expect(app.enableSandbox).toHaveBeenCalled();
    expect([...fake.state.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const [win] = fake.state.windows;
    if (!win) throw new Error('no window');
    expect(win.loadFile).toHaveBeenCalledWith('/opt/risk-register/dist/renderer/index.html');

    const status = fake.state.ipcHandlers.get('register:status') as (
      e: unknown,
      i: unknown,
    ) => Promise<unknown>;
    const fromWindow = {
      sender: win.webContents,
      senderFrame: { parent: null, url: 'file:///opt/risk-register/dist/renderer/index.html' },
    };
    await expect(status(fromWindow, {})).resolves.toMatchObject({
      ok: true,
      value: { path: join(userData, 'register.sqlite'), readOnly: false, settings: { onboarded: false } },
    });
    expect(JSON.parse(readFileSync(join(userData, 'prefs.json'), 'utf8'))).toEqual({
      lastRegister: join(userData, 'register.sqlite'),
    });
  });

  it('sends menu commands to the window and tells every window when the register changes', async () => {
    await launch();
    await ready();
    const [win] = fake.state.windows;
    if (!win) throw new Error('no window');
    fake.state.focused = win;
    const template = Menu.setApplicationMenu.mock.calls[0]?.[0] as {
      template: { submenu?: { id?: string; click?: () => void }[] }[];
    };
    const heatmap = template.template.flatMap((t) => t.submenu ?? []).find((i) => i.id === 'view-heatmap');
    heatmap?.click?.();
    expect(win.webContents.send).toHaveBeenCalledWith('menu', 'view-heatmap');

    const onboard = fake.state.ipcHandlers.get('register:onboard') as (
      e: unknown,
      i: unknown,
    ) => Promise<unknown>;
    const fromWindow = {
      sender: win.webContents,
      senderFrame: { parent: null, url: 'file:///opt/risk-register/dist/renderer/index.html' },
    };
    await expect(onboard(fromWindow, { choice: 'empty' })).resolves.toMatchObject({ ok: true });
    expect(win.webContents.send).toHaveBeenCalledWith('register-changed', null);
  });

  it('shows an error, not a crash, when a menu action fails', async () => {
    await launch();
    await ready();
    dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: [join(userData, 'missing.riskregister')],
    });
    const template = Menu.setApplicationMenu.mock.calls[0]?.[0] as {
      template: { submenu?: { id?: string; click?: () => void }[] }[];
    };
    template.template
      .flatMap((t) => t.submenu ?? [])
      .find((i) => i.id === 'open-register')
      ?.click?.();
    await vi.waitFor(() => expect(dialog.showMessageBox).toHaveBeenCalled());
    const [, options] = dialog.showMessageBox.mock.calls[0] as unknown as [
      unknown,
      { type: string; message: string },
    ];
    expect(options.type).toBe('error');
    expect(options.message).toMatch(/There is no file at .*missing\.riskregister/);
  });
});
