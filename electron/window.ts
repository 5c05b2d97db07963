/**
 * The one window factory. Every setting that keeps the renderer in its box lives here as a plain value or a
 * small function, so unit tests can check it without launching Electron.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron';
import { BrowserWindow } from 'electron';
import type { AppPaths } from './paths.ts';
import { isAppIndexUrl } from './paths.ts';

/** Electron's security checklist, applied to every window the app opens. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    // No spellchecker: on Windows and Linux it downloads Hunspell dictionaries from Google's CDN at first use,
    // and the app has no context menu to offer its suggestions.
    spellcheck: false,
  };
}

export function mainWindowOptions(paths: AppPaths): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Risk Register',
    backgroundColor: '#ffffff',
    show: false,
    webPreferences: secureWebPreferences(paths.preload),
  };
}

/** New windows (window.open, target=_blank links) are never created. */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Navigation is allowed only to the app's own index page (a reload); anything else is cancelled. */
export function shouldBlockNavigation(url: string, indexUrl: string): boolean {
  return !isAppIndexUrl(url, indexUrl);
}

/** Window, navigation and webview guards for one webContents. */
export function guardContents(contents: WebContents, indexUrl: string): void {
  contents.setWindowOpenHandler(denyWindowOpen);
  contents.on('will-navigate', (event) => {
    if (shouldBlockNavigation(event.url, indexUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (shouldBlockNavigation(event.url, indexUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The app asks for no permissions (camera, notifications, clipboard-read, …): deny them all. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The webContents ids of the windows this factory made: the only ones whose IPC is answered. */
const appContents = new Set<number>();

export function isAppWindowContents(contents: { id: number }): boolean {
  return appContents.has(contents.id);
}

/** Answer IPC from a window made elsewhere (the board pack's hidden print window); returns the undo. */
export function trustAppContents(contents: { id: number }): () => void {
  const id = contents.id;
  appContents.add(id);
  return () => appContents.delete(id);
}

export function createMainWindow(paths: AppPaths): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(paths));
  const contents = win.webContents;
  const id = contents.id;
  appContents.add(id);
  win.on('closed', () => appContents.delete(id));
  denyAllPermissions(contents.session);
  guardContents(contents, paths.indexUrl);
  win.once('ready-to-show', () => win.show());
  win.loadURL(paths.indexUrl).catch((e: unknown) => {
    console.error(`Could not load ${paths.indexUrl}:`, e);
  });
  return win;
}
