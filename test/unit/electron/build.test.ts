import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/contract/index.ts';

let out: string;
let buildLog: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'rr-build-'));
  buildLog = execFileSync(process.execPath, ['build.electron.mjs', '--outdir', out], { encoding: 'utf8' });
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const read = (name: string) => readFileSync(join(out, name), 'utf8');
const requires = (code: string) =>
  [...new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1] ?? ''))].sort();

describe('build.electron.mjs', () => {
  it('bundles a preload that requires nothing but electron (a sandboxed preload can load nothing else)', () => {
    expect(requires(read('preload.cjs'))).toEqual(['electron']);
    expect(buildLog).toMatch(/preload\.cjs .* requires: electron\n/);
  });

  it('keeps the validators out of the preload: it needs channel names only', () => {
    const preload = read('preload.cjs');
    expect(preload).not.toMatch(/ZodError|\$ZodType/);
    expect(preload.length).toBeLessThan(20_000);
  });

  it('bundles main as CommonJS with only electron, better-sqlite3 and Node built-ins left outside', () => {
    const code = read('main.cjs');
    const builtin = (name: string) => name.startsWith('node:') || builtinModules.includes(name);
    const outside = requires(code).filter((name) => !builtin(name));
    expect(outside).toEqual(['better-sqlite3', 'electron']);
    expect(code).not.toMatch(/import\.meta/);
    expect(code).toMatch(/module\.exports|exports\./);
  });

  it('produces a preload that, run in a sandbox-like context, exposes one function per channel', async () => {
    const exposed = new Map<string, Record<string, unknown>>();
    const invoke = vi.fn((channel: string, input: unknown) =>
      Promise.resolve({ ok: true, value: { channel, input } }),
    );
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api),
      },
      ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
    };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    runInNewContext(read('preload.cjs'), {
      require: sandboxRequire,
      module,
      exports: module.exports,
      console,
    });
    const api = exposed.get('api');
    expect(Object.keys(api ?? {}).sort()).toEqual([...CHANNELS, 'on'].sort());
    await (api?.['register:status'] as (i: unknown) => Promise<unknown>)({});
    expect(invoke).toHaveBeenCalledWith('register:status', {});
  });

  it('produces a main bundle that loads in CommonJS and quits when another instance holds the lock', () => {
    const quit = vi.fn();
    const whenReady = vi.fn(() => new Promise(() => {}));
    const electron = {
      app: { getName: () => 'Risk Register', requestSingleInstanceLock: () => false, quit, whenReady },
    };
    const realRequire = createRequire(join(process.cwd(), 'package.json'));
    const bundleRequire = (name: string): unknown => (name === 'electron' ? electron : realRequire(name));
    const module = { exports: {} };
    const run = new Function('require', 'module', 'exports', '__filename', '__dirname', read('main.cjs'));
    run(bundleRequire, module, module.exports, join(out, 'main.cjs'), out);
    expect(quit).toHaveBeenCalledTimes(1);
    expect(whenReady).not.toHaveBeenCalled();
  });
});
