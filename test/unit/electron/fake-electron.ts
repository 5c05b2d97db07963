/**
 * A stand-in for the `electron` module (the real binary cannot run here). Each test file makes one with
 *   const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
 *   vi.mock('electron', () => fake.module);
 * and reads what the shell did from `fake.state`.
 *
 * It is strict where real Electron throws, so a shell that calls things in the wrong order fails its tests:
 * `app.enableSandbox()` and `protocol.registerSchemesAsPrivileged()` after ready, `protocol.handle()`,
 * `new BrowserWindow()` and `session.defaultSession` before ready, a second `ipcMain.handle()` or
 * `protocol.handle()` for the same channel or scheme; `powerMonitor` listeners and `safeStorage` encrypt/decrypt
 * before ready, and `safeStorage` when the key store is unavailable (`state.encryption = false`); `loadURL()` or `destroy()` on a
 * destroyed window ("Object has been destroyed"; `destroy()` marks the window and its webContents destroyed, drops it
 * from `getAllWindows()` and emits `closed`). The app's name comes from the real package.json
 * (`productName`, else `name`), as Electron's does.
 *
 * Closing follows Electron's order (shell/browser/native_window.cc `NotifyWindowClosed`, api/electron_api_base_window.cc
 * `OnWindowClosed`): `close()` (the user closing the window) emits `close`, which `preventDefault()` cancels; then,
 * as for `destroy()`, the window leaves `getAllWindows()`, `closed` is emitted, and only then does it leave the
 * app's window list, so a window destroyed from a `closed` listener is gone before the closing one; when that list
 * is empty (hidden windows count), the app emits `window-all-closed`, once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';

/** What Electron names the app at start-up: package.json's productName, else its name. */
function packageAppName(): string {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
    name?: string;
    productName?: string;
  };
  return pkg.productName?.trim() || pkg.name || 'Electron';
}

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** As Node's: the listener is removed before its first call. */
  once(event: string, listener: Listener): this {
    const wrapped = (...args: never[]) => {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== wrapped),
      );
      return listener(...args);
    };
    return this.on(event, wrapped);
  }
  /** Call every listener for `event`; returns what they returned. */
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => (l as (...a: unknown[]) => unknown)(...args));
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeSession {
  requestHandler: Listener | null = null;
  checkHandler: Listener | null = null;
  setPermissionRequestHandler(handler: Listener | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener | null): void {
    this.checkHandler = handler;
  }
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly session = new FakeSession();
  windowOpenHandler: Listener | null = null;
  destroyed = false;
  readonly send = vi.fn();
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** An Electron-style event with preventDefault, as will-navigate and friends receive. */
export function navigationEvent(url: string): {
  url: string;
  preventDefault: () => void;
  prevented: boolean;
} {
  const event = {
    url,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

export function createFakeElectron() {
  const state = {
    lock: true,
    ready: false,
    appPath: '/opt/risk-register',
    paths: { userData: '/tmp/risk-register-user-data', documents: '/tmp/risk-register-documents' } as Record<
      string,
      string
    >,
    windows: [] as FakeBrowserWindow[],
    focused: null as FakeBrowserWindow | null,
    ipcHandlers: new Map<string, Listener>(),
    exposed: new Map<string, unknown>(),
    /** The app's name, as Electron reads it from package.json at start-up. */
    name: packageAppName(),
    privilegedSchemes: [] as { scheme: string; privileges?: Record<string, boolean> }[],
    protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
    resolveReady: () => {},
    /** Whether the system key store is there (safeStorage); real Electron says false before ready. */
    encryption: true,
  };

  /** Real Electron throws these; so does the fake. */
  const notBeforeReady = (what: string) => {
    if (!state.ready) throw new Error(`${what} cannot be used before the app is ready.`);
  };
  const onlyBeforeReady = (what: string) => {
    if (state.ready) throw new Error(`${what} can only be called before app is ready.`);
  };

  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    enableSandbox: vi.fn(() => onlyBeforeReady('app.enableSandbox()')),
    getAppPath: () => state.appPath,
    getPath: (name: string) =>
      state.paths[name] ??
      (name === 'userData' ? join(state.paths['appData'] ?? '/tmp/appData', state.name) : `/tmp/${name}`),
    setPath: vi.fn((name: string, path: string) => {
      state.paths[name] = path;
    }),
    getName: () => state.name,
    setName: vi.fn((name: string) => {
      state.name = name;
    }),
    getVersion: () => '0.1.0',
    isReady: () => state.ready,
    whenReady: vi.fn(
      () =>
        new Promise<void>((resolve) => {
          state.resolveReady = () => {
            state.ready = true;
            resolve();
          };
        }),
    ),
  });

  /** Electron's WindowList: every window not yet closed, hidden or not; `window-all-closed` when it empties. */
  const windowList = new Set<FakeBrowserWindow>();

  class FakeBrowserWindow extends Emitter {
    static getAllWindows = () => [...state.windows];
    static getFocusedWindow = () => state.focused;
    readonly webContents = new FakeWebContents();
    minimized = false;
    readonly loadFile = vi.fn(() => Promise.resolve());
    readonly loadURL = vi.fn((_url: string) => {
      if (this.destroyed) throw new TypeError('Object has been destroyed');
      return Promise.resolve();
    });
    destroyed = false;
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn(() => {
      this.minimized = false;
    });
    readonly options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      super();
      if (!state.ready) throw new Error('Cannot create BrowserWindow before app is ready');
      this.options = options;
      state.windows.push(this);
      windowList.add(this);
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    /** The user (or the app) closing the window: `close` may cancel it; else it goes as `destroy()` does. */
    close(): void {
      if (this.destroyed) throw new TypeError('Object has been destroyed');
      const event = {
        prevented: false,
        preventDefault() {
          event.prevented = true;
        },
      };
      this.emit('close', event);
      if (!event.prevented) this.closed();
    }
    destroy(): void {
      if (this.destroyed) throw new TypeError('Object has been destroyed');
      this.closed();
    }
    private closed(): void {
      this.destroyed = true;
      this.webContents.destroyed = true;
      const at = state.windows.indexOf(this);
      if (at >= 0) state.windows.splice(at, 1);
      this.emit('closed');
      windowList.delete(this);
      if (windowList.size === 0) app.emit('window-all-closed');
    }
  }

  const defaultSession = new FakeSession();
  const powerMonitor = new Emitter();
  const powerOn = powerMonitor.on.bind(powerMonitor);
  // Electron: "powerMonitor can't be used before app is ready" (its listeners need the ready event).
  powerMonitor.on = (event: string, listener: Listener) => {
    notBeforeReady('powerMonitor');
    return powerOn(event, listener);
  };
  const removePower = (event: string, listener: Listener) => {
    powerMonitor.listeners.set(
      event,
      (powerMonitor.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return powerMonitor;
  };
  const MAGIC = Buffer.from('v10');
  const mask = (b: Buffer) => Buffer.from(b.map((x, i) => x ^ ((0x5a + i) % 256)));
  const safeStorage = {
    isEncryptionAvailable: vi.fn(() => state.ready && state.encryption),
    encryptString: vi.fn((text: string) => {
      if (typeof text !== 'string')
        throw new TypeError('Error processing argument at index 0, conversion failure');
      if (!state.ready || !state.encryption) {
        throw new Error(
          'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
        );
      }
      return Buffer.concat([MAGIC, mask(Buffer.from(text, 'utf8'))]);
    }),
    decryptString: vi.fn((data: Buffer) => {
      if (!state.ready || !state.encryption) {
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
        );
      }
      if (!Buffer.isBuffer(data) || !data.subarray(0, 3).equals(MAGIC)) {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
      return mask(data.subarray(3)).toString('utf8');
    }),
  };

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    powerMonitor: Object.assign(powerMonitor, { removeListener: removePower }),
    safeStorage,
    ipcMain: {
      handle: vi.fn((channel: string, listener: Listener) => {
        if (state.ipcHandlers.has(channel)) {
          throw new Error(`Attempted to register a second handler for '${channel}'`);
        }
        state.ipcHandlers.set(channel, listener);
      }),
      removeHandler: vi.fn((channel: string) => state.ipcHandlers.delete(channel)),
    },
    dialog: {
      showSaveDialog: vi.fn(() => Promise.resolve({ canceled: true, filePath: '' })),
      showOpenDialog: vi.fn(() => Promise.resolve({ canceled: true, filePaths: [] as string[] })),
      showMessageBox: vi.fn(() => Promise.resolve({ response: 0, checkboxChecked: false })),
      showErrorBox: vi.fn(),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    session: {
      get defaultSession(): FakeSession {
        if (!state.ready) throw new Error('Session can only be received when app is ready');
        return defaultSession;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(
        (schemes: { scheme: string; privileges?: Record<string, boolean> }[]) => {
          onlyBeforeReady('protocol.registerSchemesAsPrivileged()');
          state.privilegedSchemes.push(...schemes);
        },
      ),
      handle: vi.fn((scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
        notBeforeReady('protocol.handle()');
        if (state.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
        state.protocolHandlers.set(scheme, handler);
      }),
      unhandle: vi.fn((scheme: string) => state.protocolHandlers.delete(scheme)),
    },
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, value: unknown) => state.exposed.set(key, value)),
    },
    ipcRenderer: {
      invoke: vi.fn((channel: string, input: unknown) =>
        Promise.resolve({ ok: true, value: { channel, input } }),
      ),
      on: vi.fn(),
      removeListener: vi.fn(),
    },
  };

  function reset(): void {
    state.lock = true;
    state.ready = false;
    state.windows.length = 0;
    windowList.clear();
    state.focused = null;
    state.ipcHandlers.clear();
    state.exposed.clear();
    state.name = packageAppName();
    state.privilegedSchemes.length = 0;
    state.protocolHandlers.clear();
    state.encryption = true;
    powerMonitor.listeners.clear();
    delete state.paths['appData'];
    app.listeners.clear();
    vi.clearAllMocks();
  }

  return { module, state, reset, FakeBrowserWindow };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
