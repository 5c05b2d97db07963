/**
 * The shell's grant wiring (electron/main.ts with the stand-in electron): the window names files only by the
 * grants the main process issued from its own dialogs; a file the OS hands over is granted by the main process.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RegisterSession } from '../../../db/session.ts';
import { appPaths } from '../../../electron/paths.ts';
import type { Result } from '../../../shared/errors.ts';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { app, dialog } = fake.module;
const FIXTURE = resolve('../shared/fixtures/lga-strategic-risk-register-2019-04.csv');
let userData: string;
/** The app folder: the shell runs heavy work in dist/electron/worker.cjs, so the bundles are built into it. */
let appDir: string;

beforeAll(() => {
  appDir = mkdtempSync(join(tmpdir(), 'rr-main-files-app-'));
  execFileSync(process.execPath, ['build.electron.mjs', '--outdir', join(appDir, 'dist', 'electron')], {
    stdio: 'pipe',
  });
  // As in the packaged app, better-sqlite3 (required by the worker) sits in the app folder's node_modules.
  symlinkSync(resolve('node_modules'), join(appDir, 'node_modules'));
}, 120_000);
afterAll(() => rmSync(appDir, { recursive: true, force: true }));

beforeEach(() => {
  fake.reset();
  userData = mkdtempSync(join(tmpdir(), 'rr-main-files-'));
  fake.state.paths['userData'] = userData;
  fake.state.appPath = appDir;
});
afterEach(() => {
  app.emit('will-quit');
  rmSync(userData, { recursive: true, force: true });
});

/** Launch the shell and return what the app window's `window.api` would get back for a call. */
async function launch() {
  vi.resetModules();
  await import('../../../electron/main.ts');
  fake.state.resolveReady();
  await vi.waitFor(() => expect(fake.state.windows.length).toBeGreaterThan(0));
  const [win] = fake.state.windows;
  if (!win) throw new Error('no window');
  const fromWindow = {
    sender: win.webContents,
    senderFrame: { parent: null, url: appPaths(appDir).indexUrl },
  };
  return async (channel: string, input: unknown): Promise<Result<unknown>> => {
    const handler = fake.state.ipcHandlers.get(channel) as (e: unknown, i: unknown) => Promise<unknown>;
    return (await handler(fromWindow, input)) as Result<unknown>;
  };
}

// Each test loads electron/main.ts afresh, which takes seconds on a loaded machine.
describe('the shell’s file grants', { timeout: 30_000 }, () => {
  it('refuses a path the window sends, and the register stays as it was', async () => {
    const other = join(userData, 'other.riskregister');
    const s = new RegisterSession();
    s.create(other);
    s.close();
    const invoke = await launch();
    const before = await invoke('register:status', {});

    for (const [channel, input] of [
      ['import:preview', { path: '/etc/passwd' }],
      ['register:open', { path: other }],
      ['register:backup', { path: join(userData, 'copy.riskregister') }],
      ['export:summary', { format: 'csv', path: join(userData, 'out.csv') }],
    ] as const) {
      expect(await invoke(channel, input)).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message:
            'This file was not chosen in a dialog of this app. Choose it again with the app’s own Open or Save dialog.',
        },
      });
    }
    expect(await invoke('register:status', {})).toEqual(before);
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('grants the file the open dialog chose, and the window imports it with that grant', async () => {
    const csv = join(userData, 'lga.csv');
    copyFileSync(FIXTURE, csv);
    const invoke = await launch();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [csv] });
    const preview = await invoke('import:preview', {});
    if (!preview.ok) throw new Error(preview.error.message);
    const { file, fileHash } = preview.value as { file: string; fileHash: string };
    expect(file).toMatch(/^[0-9a-f-]{36}$/);
    const done = await invoke('import:commit', { path: file, fileHash });
    expect(done).toMatchObject({ ok: true, value: { imported: 19 } });
    // The grant names that file for an import only.
    expect(await invoke('export:summary', { format: 'csv', path: file })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('opens a register file the OS hands to a second launch (the main process grants it itself)', async () => {
    const handed = join(userData, 'handed.riskregister');
    const s = new RegisterSession();
    s.create(handed);
    s.close();
    const invoke = await launch();
    app.emit('second-instance', {}, ['risk-register', handed], userData);
    await vi.waitFor(async () =>
      expect(await invoke('register:status', {})).toMatchObject({ ok: true, value: { path: handed } }),
    );
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
  });
});
