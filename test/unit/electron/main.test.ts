import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/contract/index.ts';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { app, dialog, ipcMain, Menu, protocol } = fake.module;
// Each test imports electron/main.ts afresh (the handler table and all); on a loaded 2-core machine the first
// import alone can pass vitest's default 5 s.
vi.setConfig({ testTimeout: 30_000 });
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
    expect(win.loadURL).toHaveBeenCalledWith('app://risk-register/index.html');

    const status = fake.state.ipcHandlers.get('register:status') as (
      e: unknown,
      i: unknown,
    ) => Promise<unknown>;
    const fromWindow = {
      sender: win.webContents,
      senderFrame: { parent: null, url: 'app://risk-register/index.html', origin: 'app://risk-register' },
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
      senderFrame: { parent: null, url: 'app://risk-register/index.html', origin: 'app://risk-register' },
    };
    await expect(onboard(fromWindow, { choice: 'empty' })).resolves.toMatchObject({ ok: true });
    expect(win.webContents.send).toHaveBeenCalledWith('register-changed', null);
  });

  it('File › Share register… asks the focused window for the share dialog (the window sends no path)', async () => {
    await launch();
    await ready();
    const [win] = fake.state.windows;
    if (!win) throw new Error('no window');
    fake.state.focused = win;
    const template = Menu.setApplicationMenu.mock.calls[0]?.[0] as {
      template: { label?: string; submenu?: { id?: string; label?: string; click?: () => void }[] }[];
    };
    const file = template.template.find((t) => t.label?.replace('&', '') === 'File');
    const share = file?.submenu?.find((i) => i.id === 'share-register');
    expect(share?.label).toBe('Share register…');
    share?.click?.();
    expect(win.webContents.send).toHaveBeenCalledWith('menu', 'share-register');
    // The publish itself is a channel the window calls; it is bound like every other one.
    expect(fake.state.ipcHandlers.has('team:publish')).toBe(true);
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

/** A register file on disk, made by the real handler table's session, for the hand-over tests. */
async function makeRegister(path: string): Promise<void> {
  const { RegisterSession } = await import('../../../db/session.ts');
  const session = new RegisterSession();
  session.create(path);
  session.close();
}

function registerChannelCalls(): string[] {
  return fake.state.windows.flatMap((w) =>
    w.webContents.send.mock.calls.map((c) => String(c[0])).filter((c) => c === 'register-changed'),
  );
}

describe('file hand-over', () => {
  it("resolves a relative path from a second launch against that launch's working directory", async () => {
    await launch();
    await ready();
    const elsewhere = mkdtempSync(join(tmpdir(), 'rr-cwd-'));
    try {
      await makeRegister(join(elsewhere, 'team.riskregister'));
      // The first instance's own working directory is not `elsewhere`: a plain resolve() would miss the file.
      expect(process.cwd()).not.toBe(elsewhere);
      app.emit('second-instance', {}, ['risk-register', 'team.riskregister'], elsewhere);
      await vi.waitFor(() => expect(registerChannelCalls().length).toBeGreaterThan(0));
      expect(dialog.showMessageBox).not.toHaveBeenCalled();
      expect(JSON.parse(readFileSync(join(userData, 'prefs.json'), 'utf8'))).toEqual({
        lastRegister: join(elsewhere, 'team.riskregister'),
      });
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('opens a window for a file opened on macOS while no window is open, and opens the file', async () => {
    await launch();
    await ready();
    const file = join(userData, 'board.riskregister');
    await makeRegister(file);
    fake.state.windows.length = 0; // every window closed; the app keeps running, as on macOS
    const event = { preventDefault: vi.fn() };
    app.emit('open-file', event, file);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(1);
    expect(fake.state.windows[0]?.loadURL).toHaveBeenCalledWith('app://risk-register/index.html');
    await vi.waitFor(() =>
      expect(JSON.parse(readFileSync(join(userData, 'prefs.json'), 'utf8'))).toEqual({ lastRegister: file }),
    );
  });

  it('remembers a file opened on macOS before the app is ready and opens it at start-up', async () => {
    const file = join(userData, 'early.riskregister');
    await makeRegister(file);
    await launch();
    app.emit('open-file', { preventDefault: vi.fn() }, file);
    await ready();
    expect(JSON.parse(readFileSync(join(userData, 'prefs.json'), 'utf8'))).toEqual({ lastRegister: file });
  });
});

describe('the app:// scheme', () => {
  it('is registered as privileged before ready and handled after it, serving dist/renderer', async () => {
    await launch();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(fake.state.privilegedSchemes).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
      },
    ]);
    expect(protocol.handle).not.toHaveBeenCalled();
    await ready();
    expect([...fake.state.protocolHandlers.keys()]).toEqual(['app']);
    const handler = fake.state.protocolHandlers.get('app');
    // The fake app path has no build, so the page is a 404; the policy itself is in protocol.test.ts.
    const response = await handler?.(new Request('app://risk-register/../../etc/passwd'));
    expect(response?.status).toBe(404);
  });
});

describe("the app's name", () => {
  it('is "Risk Register", and so is the user-data folder, taken from package.json as Electron does', async () => {
    const appData = mkdtempSync(join(tmpdir(), 'rr-appdata-'));
    try {
      delete fake.state.paths['userData'];
      fake.state.paths['appData'] = appData;
      await launch();
      await ready();
      expect(app.getName()).toBe('Risk Register');
      expect(app.setName).not.toHaveBeenCalled();
      expect(JSON.parse(readFileSync(join(appData, 'Risk Register', 'prefs.json'), 'utf8'))).toEqual({
        lastRegister: join(appData, 'Risk Register', 'register.sqlite'),
      });
    } finally {
      app.emit('will-quit');
      rmSync(appData, { recursive: true, force: true });
    }
  });

  it('is set, with its user-data folder, before any path is read when Electron reports the package name', async () => {
    const appData = mkdtempSync(join(tmpdir(), 'rr-appdata-'));
    try {
      delete fake.state.paths['userData'];
      fake.state.paths['appData'] = appData;
      fake.state.name = 'risk-register';
      await launch();
      await ready();
      expect(app.setName).toHaveBeenCalledWith('Risk Register');
      expect(app.getPath('userData')).toBe(join(appData, 'Risk Register'));
      // Before the single-instance lock, which Electron keys on the user-data folder.
      expect(app.setName.mock.invocationCallOrder[0]).toBeLessThan(
        app.requestSingleInstanceLock.mock.invocationCallOrder[0] ?? 0,
      );
      expect(JSON.parse(readFileSync(join(appData, 'Risk Register', 'prefs.json'), 'utf8'))).toMatchObject({
        lastRegister: join(appData, 'Risk Register', 'register.sqlite'),
      });
    } finally {
      app.emit('will-quit');
      rmSync(appData, { recursive: true, force: true });
    }
  });
});
