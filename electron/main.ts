/**
 * The main process: single-instance lock, lifecycle, the handler table bound to IPC, the menu and the window.
 * Kept thin: the settings and guards live in window.ts, ipc.ts and menu.ts, where the unit tests reach them.
 */
import type { BrowserWindow as BrowserWindowType } from 'electron';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session as electronSession } from 'electron';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createGrantStore } from '../db/files/grants.ts';
import { createHandlers } from '../db/handlers/index.ts';
import { RegisterSession } from '../db/session.ts';
import type { Channel, InputOf, MenuCommand } from '../shared/contract/index.ts';
import { dispatch } from '../shared/dispatch.ts';
import { createDialogs } from './dialogs.ts';
import { sendAppEvent } from './events.ts';
import { registerIpc } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { createPdfRenderer } from './pdf.ts';
import { appPaths } from './paths.ts';
import { workerRunner } from '../db/work/runner.ts';
import { teamStatus } from '../db/team/replica.ts';
import { createTeamSync } from '../db/team/service.ts';
import type { SyncLoop } from './team-sync.ts';
import { createCredentialStore, createTeamShell, loopStateForWindow, startSyncLoop } from './team-sync.ts';
import { prefsIdentity, readPrefs, updatePrefs } from './prefs.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.ts';
import { DEFAULT_REGISTER_NAME, openInitialRegister, registerPathFromArgv } from './startup.ts';
import { createMainWindow, denyAllPermissions, guardContents, isAppWindowContents } from './window.ts';

/** The app's name: the About box, the menu and the user-data folder (`%APPDATA%\\Risk Register`, …). */
export const APP_NAME = 'Risk Register';

/**
 * Electron takes the name from package.json (`productName`, else `name`). Should it ever read "risk-register"
 * (package.json edited, or run from another folder), set the name and the user-data folder that follows from it
 * before any path is read, so the register and prefs never land in a second folder.
 */
export function ensureAppName(): void {
  if (app.getName() === APP_NAME) return;
  app.setName(APP_NAME);
  app.setPath('userData', join(app.getPath('appData'), APP_NAME));
}

/** The OS account name, recorded as "who" in the register's history. */
export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'Unknown user';
  }
}

export function main(): void {
  // First: Electron keys the single-instance lock on the user-data folder, which follows from the name.
  ensureAppName();
  // A second launch hands over to the first (which comes to the front) and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  // Before ready, as Electron requires: the page's scheme, with an origin and the rights a secure page has.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  const paths = appPaths(app.getAppPath());
  const userData = app.getPath('userData');
  const prefsFile = join(userData, 'prefs.json');
  // A damaged register is offered its newest verified backup from its own folder or the default backup folder.
  const register = new RegisterSession({ backupFolders: [app.getPath('documents')] });
  const identity = prefsIdentity(prefsFile, osUserName());

  // The board pack's printer keeps its hidden window between prints (electron/pdf.ts): not one of the user's windows,
  // and kept only while one of those is open.
  const pdf = createPdfRenderer(paths, { keepWarm: () => allWindows().length > 0 });
  const allWindows = () => BrowserWindow.getAllWindows().filter((w) => !pdf.owns(w));
  const currentWindow = (): BrowserWindowType | null =>
    BrowserWindow.getFocusedWindow() ?? allWindows()[0] ?? null;

  // Windows name files only by grants this process issued (its dialogs, the OS handing it a file).
  const files = createGrantStore();
  // Team register: the password from safeStorage (read when a round needs it, after ready), one round at a time.
  const credentials = createCredentialStore(join(userData, 'team-credentials.bin'));
  let syncLoop: SyncLoop | null = null;
  const teamSync = createTeamSync({
    session: register,
    password: (server, user) => credentials.password(server, user),
    onSynced: () => {
      for (const win of allWindows()) sendAppEvent(win.webContents, 'register-changed', null);
      // Then Synced hh:mm, on which windows read the register again in full (the rebase may reuse revisions).
      syncLoop?.noteSynced();
    },
  });
  const handlers = createHandlers({
    session: register,
    files,
    now: () => new Date(),
    user: () => identity.displayName() ?? identity.osUser,
    identity,
    dialogs: createDialogs({ parent: currentWindow, defaultDir: () => app.getPath('documents') }),
    onRegisterChanged: () => {
      for (const win of allWindows()) sendAppEvent(win.webContents, 'register-changed', null);
      syncLoop?.changed();
    },
    onRegisterOpened: (path) => rememberRegister(path),
    renderPdf: pdf.renderPdf,
    work: workerRunner(paths.worker),
    teamSync,
    teamShell: createTeamShell({ credentials, loop: () => syncLoop }),
  });

  function rememberRegister(path: string): void {
    try {
      updatePrefs(prefsFile, { lastRegister: path });
    } catch (e) {
      console.warn('Could not remember the last register:', e);
    }
  }

  const showError = (message: string) => {
    const win = currentWindow();
    const options = { type: 'error' as const, title: 'Risk Register', message };
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };

  /** Run a handler from the shell (menu, file hand-over); its result reaches windows via `register-changed`. */
  const runFromMenu = async <C extends Channel>(channel: C, input: InputOf<C>) => {
    const result = await dispatch(handlers, channel, input);
    if (!result.ok && result.error.code !== 'CANCELLED') showError(result.error.message);
  };

  const openWindow = () => {
    const win = createMainWindow(paths);
    // With the user's last window gone, the hidden print window goes too, so window-all-closed fires as before.
    win.on('closed', () => {
      if (allWindows().every((w) => w === win)) pdf.close();
    });
    return win;
  };

  // A register file passed to a second launch (double-clicked while the app runs) opens here instead. A relative
  // path is the second launch's, so it is resolved against that launch's working directory, not this one's.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const win = allWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    } else if (app.isReady()) {
      openWindow();
    }
    const path = registerPathFromArgv(argv, workingDirectory);
    if (path) void runFromMenu('register:open', { path: files.grant(path, 'open-register') });
  });

  // macOS hands over double-clicked files with an event, which may arrive before the app is ready.
  let requested = registerPathFromArgv(process.argv);
  // On macOS the app keeps running with no window: then a double-clicked file opens a window to show it in.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (!app.isReady()) {
      requested = path;
      return;
    }
    const win = allWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    } else {
      openWindow();
    }
    void runFromMenu('register:open', { path: files.grant(path, 'open-register') });
  });

  // A backstop for any webContents, not only the ones the window factory made.
  app.on('web-contents-created', (_event, contents) => guardContents(contents, paths.indexUrl));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => register.close());

  app
    .whenReady()
    .then(() => {
      denyAllPermissions(electronSession.defaultSession);
      protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));
      const startup = openInitialRegister(register, {
        requested,
        lastRegister: readPrefs(prefsFile).lastRegister,
        defaultRegister: join(userData, DEFAULT_REGISTER_NAME),
      });
      if (startup.opened) rememberRegister(startup.opened);

      registerIpc(ipcMain, handlers, { indexUrl: paths.indexUrl, isAppWindow: isAppWindowContents });
      // Sync a team replica after changes, every minute and on resume; a single-user register is left alone.
      syncLoop = startSyncLoop({
        round: async () => {
          if (!register.isOpen || register.readOnly || !teamStatus(register.db)) return false;
          await teamSync.syncNow();
          return true;
        },
        onState: (state) => {
          const payload = loopStateForWindow(state);
          for (const win of allWindows()) sendAppEvent(win.webContents, 'team-sync-state', payload);
        },
      });
      app.on('will-quit', () => syncLoop?.stop());

      const template = buildMenuTemplate(
        { platform: process.platform, isPackaged: app.isPackaged, appName: app.getName() },
        {
          command: (command: MenuCommand) => {
            const win = currentWindow();
            if (win) sendAppEvent(win.webContents, 'menu', command);
          },
          newRegister: () => void runFromMenu('register:create-dialog', { sample: false }),
          openRegister: () => void runFromMenu('register:open-dialog', {}),
          backupRegister: () =>
            void dispatch(handlers, 'register:backup', {}).then((result) => {
              if (!result.ok) showError(result.error.message);
              else if (result.value) {
                const { path, risks } = result.value;
                const options = {
                  type: 'info' as const,
                  title: 'Backed up',
                  message: `Backed up ${risks} risks to ${path}.`,
                };
                const win = currentWindow();
                void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
              }
            }),
          about: () => {
            const win = currentWindow();
            const options = {
              type: 'info' as const,
              title: `About ${app.getName()}`,
              message: `${app.getName()} ${app.getVersion()}`,
              detail: `A strategic risk register for councils and public bodies.\n\nElectron ${process.versions.electron ?? ''}, Node ${process.versions.node}.`,
            };
            void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
          },
        },
      );
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));

      const win = openWindow();
      if (startup.notice) {
        const notice = startup.notice;
        win.once('ready-to-show', () => {
          void dialog.showMessageBox(win, { type: 'warning', title: 'Risk Register', message: notice });
        });
      }

      app.on('activate', () => {
        if (allWindows().length === 0) openWindow();
      });
    })
    .catch((e: unknown) => {
      dialog.showErrorBox('Risk Register could not start', e instanceof Error ? e.message : String(e));
      app.quit();
    });
}

main();
