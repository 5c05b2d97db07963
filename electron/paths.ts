/**
 * Where the shell finds its own files. Everything hangs off `app.getAppPath()` (the project folder when run
 * with `electron .`, the app.asar when packaged), so the bundles need neither `__dirname` nor `import.meta`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppPaths {
  /** The bundled, sandboxed preload script. */
  preload: string;
  /** The bundled worker thread that runs heavy work (db/work/worker.ts). */
  worker: string;
  /** The built renderer's entry page. */
  index: string;
  /** The same page as a file:// URL: the only page the app's windows may show or call IPC from. */
  indexUrl: string;
}

export function appPaths(appPath: string): AppPaths {
  const index = join(appPath, 'dist', 'renderer', 'index.html');
  return {
    preload: join(appPath, 'dist', 'electron', 'preload.cjs'),
    worker: join(appPath, 'dist', 'electron', 'worker.cjs'),
    index,
    indexUrl: pathToFileURL(index).href,
  };
}

/**
 * True when `url` is the app's own index page (any #hash or ?query allowed, as a router may use them).
 * Compares parsed file:// URLs, so `file:///a/../b` tricks and other hosts do not pass.
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
    actual.protocol === 'file:' &&
    expected.protocol === 'file:' &&
    actual.host === expected.host &&
    actual.pathname === expected.pathname
  );
}
