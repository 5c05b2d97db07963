/**
 * Native dialogs for the handler table's `Dialogs` dependency. One method per member of the interface in
 * db/handlers/deps.ts: to add one, add its options builder here (a pure function, for the tests) and a
 * method to `createDialogs`.
 */
import type { BaseWindow, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { dialog } from 'electron';
import { extname, join } from 'node:path';
import type { Dialogs } from '../db/handlers/deps.ts';

export const REGISTER_EXTENSION = '.riskregister';

export const REGISTER_FILTERS = [{ name: 'Risk registers', extensions: ['riskregister', 'sqlite'] }];
const ALL_FILES = { name: 'All files', extensions: ['*'] };

/** A name typed without an extension gets `extension` (Linux save dialogs do not add one). */
export function withExtension(path: string, extension: string): string {
  return extname(path) === '' ? `${path}${extension}` : path;
}

export function withRegisterExtension(path: string): string {
  return withExtension(path, REGISTER_EXTENSION);
}

export type ExportFormat = 'xlsx' | 'csv' | 'pdf' | 'png';

export const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
  csv: { name: 'CSV file', extensions: ['csv'] },
  pdf: { name: 'PDF document', extensions: ['pdf'] },
  png: { name: 'PNG picture', extensions: ['png'] },
};

export const IMPORT_FILTERS = [{ name: 'Spreadsheets (CSV, Excel)', extensions: ['csv', 'xlsx'] }];

export function newRegisterDialogOptions(defaultDir: string): SaveDialogOptions {
  return {
    title: 'New register',
    buttonLabel: 'Create register',
    defaultPath: join(defaultDir, `Risk register${REGISTER_EXTENSION}`),
    filters: REGISTER_FILTERS,
    properties: ['createDirectory'],
  };
}

export function openRegisterDialogOptions(defaultDir: string): OpenDialogOptions {
  return {
    title: 'Open register',
    buttonLabel: 'Open register',
    defaultPath: defaultDir,
    filters: [...REGISTER_FILTERS, ALL_FILES],
    properties: ['openFile'],
  };
}

export function importFileDialogOptions(defaultDir: string): OpenDialogOptions {
  return {
    title: 'Import risks',
    buttonLabel: 'Import',
    defaultPath: defaultDir,
    filters: [...IMPORT_FILTERS, ALL_FILES],
    properties: ['openFile'],
  };
}

export function exportDialogOptions(
  defaultDir: string,
  defaultName: string,
  format: ExportFormat,
): SaveDialogOptions {
  return {
    title: 'Export summary',
    buttonLabel: 'Export',
    defaultPath: join(defaultDir, defaultName),
    filters: [EXPORT_FILTERS[format]],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export function backupDialogOptions(defaultDir: string, defaultName: string): SaveDialogOptions {
  return {
    title: 'Back up register',
    buttonLabel: 'Back up',
    defaultPath: join(defaultDir, defaultName),
    filters: REGISTER_FILTERS,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export interface DialogHost {
  /** The window the dialog belongs to (modal to it), or null for a free-standing dialog. */
  parent: () => BaseWindow | null;
  /** Where the dialogs start (the user's Documents folder). */
  defaultDir: () => string;
}

function firstPath(result: { canceled: boolean; filePaths: string[] }): string | null {
  const [path] = result.filePaths;
  return result.canceled || !path ? null : path;
}

export function createDialogs(host: DialogHost) {
  const save = (options: SaveDialogOptions) => {
    const parent = host.parent();
    return parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options);
  };
  const open = (options: OpenDialogOptions) => {
    const parent = host.parent();
    return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
  };
  const dialogs = {
    async chooseNewRegisterPath(): Promise<string | null> {
      const result = await save(newRegisterDialogOptions(host.defaultDir()));
      return result.canceled || !result.filePath ? null : withRegisterExtension(result.filePath);
    },
    async chooseRegisterToOpen(): Promise<string | null> {
      return firstPath(await open(openRegisterDialogOptions(host.defaultDir())));
    },
    async chooseImportFile(): Promise<string | null> {
      return firstPath(await open(importFileDialogOptions(host.defaultDir())));
    },
    async chooseExportPath(defaultName: string, format: ExportFormat): Promise<string | null> {
      const result = await save(exportDialogOptions(host.defaultDir(), defaultName, format));
      return result.canceled || !result.filePath ? null : withExtension(result.filePath, `.${format}`);
    },
    async chooseBackupPath(defaultName: string): Promise<string | null> {
      const result = await save(backupDialogOptions(host.defaultDir(), defaultName));
      return result.canceled || !result.filePath ? null : withRegisterExtension(result.filePath);
    },
  };
  return dialogs satisfies Dialogs;
}
