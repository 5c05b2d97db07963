/**
 * A stand-in for the `electron` module (the real binary cannot run here). Each test file makes one with
 *   const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
 *   vi.mock('electron', () => fake.module);
 * and reads what the shell did from `fake.state`.
 */
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
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
    resolveReady: () => {},
  };

  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    enableSandbox: vi.fn(),
    getAppPath: () => state.appPath,
    getPath: (name: string) => state.paths[name] ?? `/tmp/${name}`,
    getName: () => 'Risk Register',
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

  class FakeBrowserWindow extends Emitter {
    static getAllWindows = () => [...state.windows];
    static getFocusedWindow = () => state.focused;
    readonly webContents = new FakeWebContents();
    minimized = false;
    readonly loadFile = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn(() => {
      this.minimized = false;
    });
    readonly options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      state.windows.push(this);
    }
    isMinimized(): boolean {
      return this.minimized;
    }
  }

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: vi.fn((channel: string, listener: Listener) => state.ipcHandlers.set(channel, listener)),
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
    session: { defaultSession: new FakeSession() },
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
    state.focused = null;
    state.ipcHandlers.clear();
    state.exposed.clear();
    app.listeners.clear();
    vi.clearAllMocks();
  }

  return { module, state, reset, FakeBrowserWindow };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
