/**
 * Which files a host lets the handler table read or write.
 *
 * Every channel that names a file (`register:open`, `import:preview`, `export:summary`, …) takes a file
 * reference, and the handler turns it into a path through `deps.files.resolve(ref, purpose)`:
 *
 * - In the app and the browser host (`createGrantStore`) a reference is a **grant**: an unguessable token the
 *   main process issued when one of its own dialogs (or its own preferences) produced the path, bound to that
 *   path and to one purpose. A raw path, an unknown or expired token, or a token issued for another purpose is
 *   refused with FORBIDDEN before anything is read or written. So a compromised renderer can name only files
 *   the user chose for that very action.
 * - The CLI (`trustedPaths`) is run by the user with paths on its own command line: a reference is the path.
 *
 * Pure Node (crypto only): no electron, no SQLite.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';

/** What a chosen file may be used for. An export's grant names its format. */
export type FilePurpose =
  | 'open-register'
  | 'create-register'
  | 'import-read'
  | 'backup-write'
  | 'png-write'
  | `export-write:${'xlsx' | 'csv' | 'pdf'}`
  | `audit-write:${'xlsx' | 'csv'}`;

export interface FileAccess {
  /**
   * The main process chose `path` for `purpose` (its own dialog, its own preferences, the OS handing it a
   * file): returns the reference a window may send back to name that file.
   */
  grant(path: string, purpose: FilePurpose): string;
  /** The path `ref` stands for when used for `purpose`; FORBIDDEN (and nothing touched) otherwise. */
  resolve(ref: string, purpose: FilePurpose): string;
}

/** The CLI's access: the user typed the paths, so a reference is the path itself. */
export const trustedPaths: FileAccess = {
  grant: (path) => path,
  resolve: (ref) => ref,
};

/** An import's grant serves every preview (each new column mapping) and the commit of the same file. */
const REUSABLE: ReadonlySet<FilePurpose> = new Set(['import-read']);

/** How long a grant lasts: long enough to map the columns of a large import, short enough not to linger. */
export const GRANT_LIFETIME_MS = 60 * 60 * 1000;

/** At most this many live grants; the oldest goes first (a window asking for dialogs in a loop cannot grow it). */
const MAX_GRANTS = 200;

export const NOT_CHOSEN =
  'This file was not chosen in a dialog of this app. Choose it again with the app’s own Open or Save dialog.';

interface Grant {
  path: string;
  purpose: FilePurpose;
  expires: number;
}

export interface GrantStoreOptions {
  /** Milliseconds since the epoch (tests pass a movable clock). */
  now?: () => number;
  lifetimeMs?: number;
}

/** The app's access: only references the host itself granted, each for its own purpose. */
export function createGrantStore(opts: GrantStoreOptions = {}): FileAccess & { readonly size: number } {
  const now = opts.now ?? Date.now;
  const lifetime = opts.lifetimeMs ?? GRANT_LIFETIME_MS;
  const grants = new Map<string, Grant>();

  const prune = () => {
    const t = now();
    for (const [token, g] of grants) if (g.expires <= t) grants.delete(token);
    while (grants.size > MAX_GRANTS) {
      const oldest = grants.keys().next().value;
      if (oldest === undefined) break;
      grants.delete(oldest);
    }
  };

  return {
    get size() {
      prune();
      return grants.size;
    },
    grant(path, purpose) {
      const token = randomUUID();
      grants.set(token, { path, purpose, expires: now() + lifetime });
      prune();
      return token;
    },
    resolve(ref, purpose) {
      const g = grants.get(ref);
      if (!g) throw new AppError('FORBIDDEN', NOT_CHOSEN);
      if (g.expires <= now()) {
        grants.delete(ref);
        throw new AppError(
          'FORBIDDEN',
          'The file chosen for this was chosen too long ago. Choose it again with the app’s own dialog.',
        );
      }
      if (g.purpose !== purpose) {
        throw new AppError(
          'FORBIDDEN',
          `This file was chosen for something else (${describe(g.purpose)}), not for ${describe(purpose)}. Choose it again with the app’s own dialog.`,
        );
      }
      if (!REUSABLE.has(purpose)) grants.delete(ref);
      else g.expires = now() + lifetime;
      return g.path;
    },
  };
}

function describe(purpose: FilePurpose): string {
  switch (purpose) {
    case 'open-register':
      return 'opening a register';
    case 'create-register':
      return 'creating a register';
    case 'import-read':
      return 'an import';
    case 'backup-write':
      return 'a backup';
    case 'png-write':
      return 'saving the heatmap';
    default: {
      const [kind, format] = purpose.split(':');
      return `${kind === 'audit-write' ? 'an audit trail export' : 'a summary export'} as ${(format ?? '').toUpperCase()}`;
    }
  }
}
