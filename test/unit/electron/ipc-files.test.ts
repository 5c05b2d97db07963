/**
 * Issue 9 item 9: through the IPC host, a window can name only files the main process's own dialogs chose.
 * The real handler table on a real SQLite register, the app's grant store, `registerIpc` bound to a stand-in
 * ipcMain, and calls arriving as the app window's main frame would send them.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import type { FileAccess } from '../../../db/files/grants.ts';
import { createGrantStore, NOT_CHOSEN, trustedPaths } from '../../../db/files/grants.ts';
import type { Dialogs } from '../../../db/handlers/deps.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { RegisterSession } from '../../../db/session.ts';
import type { SenderEvent } from '../../../electron/ipc.ts';
import { registerIpc } from '../../../electron/ipc.ts';
import { appPaths } from '../../../electron/paths.ts';
import type { Result } from '../../../shared/errors.ts';
import { fingerprint } from '../../integration/helpers.ts';

const FIXTURE = resolve('../shared/fixtures/lga-strategic-risk-register-2019-04.csv');
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const DATA_URL = `data:image/png;base64,${PNG}`;

const { indexUrl } = appPaths('/opt/risk-register');
const APP_WINDOW = 7;
const fromApp: SenderEvent = { sender: { id: APP_WINDOW }, senderFrame: { parent: null, url: indexUrl } };

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** What the dialogs answer next (null: cancelled). */
interface Choices {
  newRegister: string | null;
  openRegister: string | null;
  importFile: string | null;
  exportPath: string | null;
  backupPath: string | null;
}

async function host(files: FileAccess = createGrantStore()) {
  const dir = mkdtempSync(join(tmpdir(), 'rr-ipc-files-'));
  const session = new RegisterSession();
  cleanups.push(() => {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const choices: Choices = {
    newRegister: null,
    openRegister: null,
    importFile: null,
    exportPath: null,
    backupPath: null,
  };
  const dialogs: Dialogs = {
    chooseNewRegisterPath: () => Promise.resolve(choices.newRegister),
    chooseRegisterToOpen: () => Promise.resolve(choices.openRegister),
    chooseImportFile: () => Promise.resolve(choices.importFile),
    chooseExportPath: () => Promise.resolve(choices.exportPath),
    chooseBackupPath: () => Promise.resolve(choices.backupPath),
  };
  const handlers = createHandlers({
    session,
    files,
    now: () => new Date('2026-11-29T10:00:00Z'),
    user: () => 'Risk Manager',
    dialogs,
  });
  const listeners = new Map<string, (event: SenderEvent, input: unknown) => Promise<unknown>>();
  const ipcMain = {
    handle: (channel: string, listener: (event: SenderEvent, input: unknown) => Promise<unknown>) =>
      listeners.set(channel, listener),
    removeHandler: (channel: string) => listeners.delete(channel),
  } as unknown as IpcMain;
  registerIpc(ipcMain, handlers, { indexUrl, isAppWindow: (c) => c.id === APP_WINDOW });

  /** What the window's `window.api[channel](input)` gets back. */
  const invoke = async (channel: string, input: unknown): Promise<Result<unknown>> => {
    const listener = listeners.get(channel);
    if (!listener) throw new Error(`no listener for ${channel}`);
    return (await listener(fromApp, input)) as Result<unknown>;
  };
  const ok = async (channel: string, input: unknown) => {
    const r = await invoke(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };

  // The register, created the way the window does it: through the save dialog.
  const registerPath = join(dir, 'council.riskregister');
  choices.newRegister = registerPath;
  await ok('register:create-dialog', { sample: true });
  choices.newRegister = null;

  /** What a user could see change in the register: risks and history. */
  const registerState = async () => ({
    risks: JSON.stringify(await ok('risks:list', {})),
    history: JSON.stringify(await ok('audit:list', { limit: 5000 })),
  });
  return { dir, session, choices, invoke, ok, registerPath, registerState, files };
}

function forbidden(result: Result<unknown>, message: string | RegExp = NOT_CHOSEN): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('FORBIDDEN');
  if (typeof message === 'string') expect(result.error.message).toBe(message);
  else expect(result.error.message).toMatch(message);
}

describe('file references through the IPC host', () => {
  it('refuses a window that sends /etc/passwd or any real path to import:preview, reading nothing', async () => {
    const h = await host();
    const csv = join(h.dir, 'risks.csv');
    copyFileSync(FIXTURE, csv);
    const before = await h.registerState();

    forbidden(await h.invoke('import:preview', { path: '/etc/passwd' }));
    forbidden(await h.invoke('import:preview', { path: csv }));
    forbidden(await h.invoke('import:commit', { path: csv }));
    forbidden(await h.invoke('import:preview-rows', { path: csv, offset: 0, limit: 10 }));
    forbidden(await h.invoke('import:preview-rows', { path: '/etc/passwd', offset: 0, limit: 10 }));
    // The answer names no path and echoes nothing of the file.
    const r = await h.invoke('import:preview', { path: '/etc/passwd' });
    expect(JSON.stringify(r)).not.toMatch(/root|passwd/);
    expect(await h.registerState()).toEqual(before);

    // The same table with the CLI's access reads the very same file: the refusal above was the grant check.
    const cli = await host(trustedPaths);
    expect(await cli.ok('import:preview', { path: csv })).toMatchObject({ fileName: 'risks.csv' });
  });

  it('refuses a path sent to every channel that writes or opens a file, and nothing changes', async () => {
    const h = await host();
    const victim = join(h.dir, 'precious.txt');
    writeFileSync(victim, 'the user’s own file\n');
    const victimBefore = fingerprint(victim);
    const other = await host(trustedPaths);
    const otherRegister = other.registerPath;
    const otherBefore = fingerprint(otherRegister);
    const before = await h.registerState();
    const listing = readdirSync(h.dir).sort();

    const writes: [string, Record<string, unknown>][] = [
      ['export:summary', { format: 'csv' }],
      ['export:summary', { format: 'xlsx' }],
      ['export:png', { dataUrl: DATA_URL }],
      ['audit:export', { format: 'csv' }],
      ['register:backup', {}],
      ['register:create', { sample: true }],
    ];
    for (const [channel, input] of writes) {
      forbidden(await h.invoke(channel, { ...input, path: victim }));
      forbidden(await h.invoke(channel, { ...input, path: join(h.dir, 'new-file') }));
    }
    forbidden(await h.invoke('register:open', { path: otherRegister }));

    expect(fingerprint(victim)).toEqual(victimBefore);
    expect(fingerprint(otherRegister)).toEqual(otherBefore);
    expect(readdirSync(h.dir).sort()).toEqual(listing);
    expect(h.session.path).toBe(h.registerPath);
    expect(await h.registerState()).toEqual(before);
  });

  it('gives the window a grant for the file its dialog chose, good for each preview and the commit', async () => {
    const h = await host();
    const csv = join(h.dir, 'lga.csv');
    copyFileSync(FIXTURE, csv);
    // Start from an empty register so the import has room.
    h.choices.newRegister = join(h.dir, 'empty.riskregister');
    await h.ok('register:create-dialog', { sample: false });

    h.choices.importFile = csv;
    const preview = (await h.ok('import:preview', {})) as { file: string; path: string; fileHash: string };
    expect(preview.file).toMatch(/^[0-9a-f-]{36}$/);
    expect(preview.file).not.toContain('lga');
    const again = (await h.ok('import:preview', { path: preview.file, mapping: {} })) as { file: string };
    expect(again.file).toBe(preview.file);
    const result = await h.ok('import:commit', { path: preview.file, fileHash: preview.fileHash });
    expect(result).toMatchObject({ imported: 19 });
  });

  it('refuses a grant used for another purpose (an import’s grant to write an export), touching nothing', async () => {
    const h = await host();
    const csv = join(h.dir, 'risks.csv');
    copyFileSync(FIXTURE, csv);
    const csvBefore = fingerprint(csv);
    h.choices.importFile = csv;
    const { file } = (await h.ok('import:preview', {})) as { file: string };
    const before = await h.registerState();

    const refusedFor = /^This file was chosen for something else \(an import\), not for .+\. Choose it again/;
    forbidden(await h.invoke('export:summary', { format: 'csv', path: file }), refusedFor);
    forbidden(await h.invoke('export:png', { dataUrl: DATA_URL, path: file }), refusedFor);
    forbidden(await h.invoke('audit:export', { format: 'csv', path: file }), refusedFor);
    forbidden(await h.invoke('register:backup', { path: file }), refusedFor);
    forbidden(await h.invoke('register:open', { path: file }), refusedFor);
    forbidden(await h.invoke('register:create', { path: file }), refusedFor);

    expect(fingerprint(csv)).toEqual(csvBefore);
    expect(h.session.path).toBe(h.registerPath);
    expect(await h.registerState()).toEqual(before);
    // Still good for what it was granted for.
    expect(await h.ok('import:preview', { path: file })).toMatchObject({ fileName: 'risks.csv' });
  });

  it('accepts a write grant the main process issued once, for its own format only', async () => {
    const h = await host();
    const out = join(h.dir, 'backup.riskregister');
    const token = h.files.grant(out, 'backup-write');
    expect(await h.ok('register:backup', { path: token })).toMatchObject({ path: out, risks: 19 });
    forbidden(await h.invoke('register:backup', { path: token }));

    const xlsx = h.files.grant(join(h.dir, 'summary.xlsx'), 'export-write:xlsx');
    forbidden(
      await h.invoke('export:summary', { format: 'csv', path: xlsx }),
      /chosen for something else \(a summary export as XLSX\), not for a summary export as CSV/,
    );
    expect(await h.ok('export:summary', { format: 'xlsx', path: xlsx })).toMatchObject({ rows: 19 });
  });

  it('writes where the save dialog says when the window names no file', async () => {
    const h = await host();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    h.choices.exportPath = join(h.dir, 'heatmap.png');
    expect(await h.ok('export:png', { dataUrl: DATA_URL })).toMatchObject({ path: h.choices.exportPath });
    h.choices.exportPath = join(h.dir, 'audit.csv');
    expect(await h.ok('audit:export', { format: 'csv' })).toMatchObject({ path: h.choices.exportPath });
    h.choices.backupPath = join(h.dir, 'copy.riskregister');
    expect(await h.ok('register:backup', {})).toMatchObject({ path: h.choices.backupPath });
    h.choices.openRegister = h.choices.backupPath;
    expect(await h.ok('register:open-dialog', {})).toMatchObject({ path: h.choices.backupPath });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
