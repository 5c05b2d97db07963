import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/contract/index.ts';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

await import('../../../electron/preload.ts');
const { contextBridge, ipcRenderer } = fake.module;
// Read now: vitest clears mock calls before each test.
const exposeCalls = contextBridge.exposeInMainWorld.mock.calls.map(([key]) => key);
const api = fake.state.exposed.get('api') as Record<string, unknown> & {
  on: (event: string, listener: (payload: unknown) => void) => () => void;
};

describe('the preload bridge', () => {
  it('exposes one object, window.api, and nothing else', () => {
    expect(exposeCalls).toEqual(['api']);
    expect([...fake.state.exposed.keys()]).toEqual(['api']);
  });

  it('has exactly one function per channel plus on(), and no generic invoke or ipcRenderer', () => {
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    for (const leak of ['invoke', 'send', 'ipcRenderer', 'sendSync', 'removeListener']) {
      expect(api).not.toHaveProperty(leak);
    }
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each call on its own channel', async () => {
    const open = api['register:open'] as (input: unknown) => Promise<unknown>;
    await expect(open({ path: '/tmp/a.riskregister' })).resolves.toEqual({
      ok: true,
      value: { channel: 'register:open', input: { path: '/tmp/a.riskregister' } },
    });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('register:open', { path: '/tmp/a.riskregister' });
  });

  it('passes only the payload of an event to the listener, and can unsubscribe', () => {
    const listener = vi.fn();
    const off = api.on('menu', listener);
    const [channel, wrapped] = ipcRenderer.on.mock.calls.at(-1) as [string, (...a: unknown[]) => void];
    expect(channel).toBe('menu');
    wrapped({ sender: ipcRenderer, ports: [] }, 'view-heatmap');
    expect(listener).toHaveBeenCalledWith('view-heatmap');
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('menu', wrapped);
  });

  it('listens only to the events the contract declares', () => {
    expect(() => api.on('register-changed', () => {})).not.toThrow();
    for (const name of ['register:status', 'ELECTRON_BROWSER_WINDOW_ALERT', '__proto__', '']) {
      expect(() => api.on(name, () => {})).toThrow(/Unknown event/);
    }
    expect(ipcRenderer.on).not.toHaveBeenCalledWith('register:status', expect.anything());
  });
});
