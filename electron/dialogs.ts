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

/** A name typed without an extension gets `.riskregister` (Linux save dialogs do not add one). */
export function withRegisterExtension(path: string): string {
  return extname(path) === '' ? `${path}${REGISTER_EXTENSION}` : path;
}

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

export interface DialogHost {
  /** The window the dialog belongs to (modal to it), or null for a free-standing dialog. */
  parent: () => BaseWindow | null;
  /** Where the dialogs start (the user's Documents folder). */
  defaultDir: () => string;
}

export function createDialogs(host: DialogHost): Dialogs {
  const save = (options: SaveDialogOptions) => {
    const parent = host.parent();
    return parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options);
  };
  const open = (options: OpenDialogOptions) => {
    const parent = host.parent();
    return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
  };
  return {
    async chooseNewRegisterPath() {
      const result = await save(newRegisterDialogOptions(host.defaultDir()));
      return result.canceled || !result.filePath ? null : withRegisterExtension(result.filePath);
    },
    async chooseRegisterToOpen() {
      const result = await open(openRegisterDialogOptions(host.defaultDir()));
      const [path] = result.filePaths;
      return result.canceled || !path ? null : path;
    },
  };
}
