/**
 * Where the shell finds its own files, and the app:// address of its page. Everything hangs off `app.getAppPath()` (the project folder when run
 * with `electron .`, the app.asar when packaged), so the bundles need neither `__dirname` nor `import.meta`.
 */
import { join } from 'node:path';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './protocol.ts';

export interface AppPaths {
  /** The bundled, sandboxed preload script. */
  preload: string;
  /** The built renderer's folder: the only files the app:// scheme serves. */
  rendererDir: string;
  /** The bundled worker thread that runs heavy work (db/work/worker.ts). */
  worker: string;
  /** The built renderer's entry page. */
  index: string;
  /** The same page as served by the app:// scheme: the only page the app's windows may show or call IPC from. */
  indexUrl: string;
}

export function appPaths(appPath: string): AppPaths {
  const rendererDir = join(appPath, 'dist', 'renderer');
  return {
    preload: join(appPath, 'dist', 'electron', 'preload.cjs'),
    rendererDir,
    worker: join(appPath, 'dist', 'electron', 'worker.cjs'),
    index: join(rendererDir, 'index.html'),
    indexUrl: `${APP_ORIGIN}/index.html`,
  };
}

/**
 * True when `url` is the app's own index page (any #hash or ?query allowed, as a router may use them).
 * Compares parsed app:// URLs, so `app://risk-register/a/../b` tricks, other hosts and file:// do not pass.
 */
export function isAppIndexUrl(url: string, indexUrl: string): boolean {
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(indexUrl);
  } catch {
    return false;
  }
  return (
    actual.protocol === `${APP_SCHEME}:` &&
    actual.protocol === expected.protocol &&
    actual.host.toLowerCase() === APP_HOST &&
    actual.host.toLowerCase() === expected.host.toLowerCase() &&
    actual.pathname === expected.pathname
  );
}
