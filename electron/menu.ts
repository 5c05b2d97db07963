/**
 * The native menu, built by a pure function from the platform and a set of actions, so the tests can read
 * every label and accelerator. View and editing commands go to the focused window as `menu` events; the
 * register items run the dialog handlers in the main process.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/contract/index.ts';

export interface MenuActions {
  /** Send a command to the focused window. */
  command: (command: MenuCommand) => void;
  /** Ask where to create a new register, create and open it. */
  newRegister: () => void;
  /** Ask which register to open, then open it. */
  openRegister: () => void;
  /** Ask where to back up the open register, then back it up. */
  backupRegister: () => void;
  /** Show the About box. */
  about: () => void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer items (reload, devtools) appear only when the app is not packaged. */
  isPackaged: boolean;
  appName: string;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildMenuTemplate(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  // Alt+letter access keys on Windows and Linux; macOS menus have none.
  const top = (label: string) => (isMac ? label : `&${label}`);
  const send = (command: MenuCommand) => () => actions.command(command);

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: options.appName,
          submenu: [
            { label: `About ${options.appName}`, click: () => actions.about() },
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: top('File'),
    submenu: [
      { id: 'new-risk', label: 'New risk', accelerator: 'CmdOrCtrl+N', click: send('new-risk') },
      separator,
      {
        id: 'new-register',
        label: 'New register…',
        accelerator: 'CmdOrCtrl+Shift+N',
        click: () => actions.newRegister(),
      },
      {
        id: 'open-register',
        label: 'Open register…',
        accelerator: 'CmdOrCtrl+O',
        click: () => actions.openRegister(),
      },
      separator,
      { id: 'backup', label: 'Back up register…', click: () => actions.backupRegister() },
      // Publish the open register to a team server: the window shows the dialog (server, login, password).
      { id: 'share-register', label: 'Share register…', click: send('share-register') },
      separator,
      { id: 'import', label: 'Import…', click: send('import') },
      { id: 'export', label: 'Export…', click: send('export') },
      { id: 'export-register', label: 'Export register workbook…', click: send('export-register') },
      separator,
      isMac ? { role: 'close' } : { id: 'quit', role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: top('Edit'),
    submenu: [
      { id: 'undo', label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: send('undo') },
      {
        id: 'redo',
        label: 'Redo',
        accelerator: options.platform === 'win32' ? 'Ctrl+Y' : 'CmdOrCtrl+Shift+Z',
        click: send('redo'),
      },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator,
      { id: 'find', label: 'Find…', accelerator: 'CmdOrCtrl+F', click: send('find') },
    ],
  };

  const developer: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [separator, { role: 'reload' }, { id: 'devtools', role: 'toggleDevTools' }];

  const view: MenuItemConstructorOptions = {
    label: top('View'),
    submenu: [
      { id: 'view-register', label: 'Register', accelerator: 'CmdOrCtrl+1', click: send('view-register') },
      { id: 'view-heatmap', label: 'Heatmap', accelerator: 'CmdOrCtrl+2', click: send('view-heatmap') },
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      ...developer,
    ],
  };

  const windowMenu: MenuItemConstructorOptions[] = isMac ? [{ role: 'windowMenu' }] : [];

  const help: MenuItemConstructorOptions = {
    label: top('Help'),
    role: 'help',
    submenu: [{ id: 'about', label: `About ${options.appName}`, click: () => actions.about() }],
  };

  return [...appMenu, file, edit, view, ...windowMenu, help];
}
