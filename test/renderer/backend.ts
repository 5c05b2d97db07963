/**
 * The real handler table on a real temp SQLite file, presented as `window.api` would be: one function
 * per channel returning a JSON-safe result, plus `on()` for events the test can push with `emit()`.
 * Used by the renderer tests (in-process) and by the e2e harness (behind Playwright's bridge).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Api, AppEvents, Channel, InputOf, OutputOf } from '../../shared/contract/index.ts';
import { CHANNELS } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import type { Result } from '../../shared/errors.ts';
import { AppError } from '../../shared/errors.ts';
import type { TeamSync } from '../../db/team/service.ts';
import type { Dialogs, RenderPdf, TeamShell } from '../../db/handlers/deps.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import type { FileAccess } from '../../db/files/grants.ts';
import { createGrantStore } from '../../db/files/grants.ts';
import { RegisterSession } from '../../db/session.ts';

export interface BackendOptions {
  /** 'none': no register open. 'new': a new, not yet onboarded register (the welcome shows). */
  start?: 'none' | 'new' | 'sample' | 'empty';
  dialogs?: Dialogs;
  /**
   * Which file references the handlers accept. Default: grants only, as in the app (a window can name only
   * files the dialogs chose); `trustedPaths` for a test that plays the CLI.
   */
  files?: FileAccess;
  user?: string;
  /** The handlers' clock (default: the real one). Tests pass a movable one to make reviews fall due. */
  now?: () => Date;
  /** Told after every write, as the Electron shell is (it then sends `register-changed` to windows). */
  onRegisterChanged?: () => void;
  /** Prints the PDF board pack (the e2e harness passes Chromium's page.pdf()); without it PDF is refused. */
  renderPdf?: RenderPdf;
  /** The team sync service the main process would own (db/team/service.ts), built on the backend's session. */
  teamSync?: (session: RegisterSession) => TeamSync;
  /** The shell's team pieces (password store, sync loop) as the main process would give them. */
  teamShell?: (session: RegisterSession) => TeamShell;
}

export interface Backend {
  dir: string;
  /** The register file the backend created (it exists unless start was 'none'). */
  path: string;
  session: RegisterSession;
  /** The handlers' file access: tests grant files through it as the main process would. */
  files: FileAccess;
  /** Call the handler table directly, as another window or the CLI would. */
  call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  /** Dispatch without unwrapping: what `window.api[channel]` returns. */
  dispatch(channel: string, input: unknown): Promise<Result<unknown>>;
  /** `window.api` for the renderer. */
  api: Api;
  /** Push an event to every `on()` listener, as the shell would. */
  emit<E extends keyof AppEvents>(event: E, payload: AppEvents[E]): void;
  close(): void;
}

const open = new Set<Backend>();

export async function createBackend(opts: BackendOptions = {}): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'rr-test-'));
  const path = join(dir, 'register.sqlite');
  const session = new RegisterSession();
  // Preferences as the shell keeps them, in memory: the OS account, and a display name the user may set.
  let displayName: string | null = null;
  const identity = {
    osUser: opts.user ?? 'Test User',
    displayName: () => displayName,
    setDisplayName: (name: string | null) => {
      displayName = name;
    },
  };
  const files = opts.files ?? createGrantStore();
  const handlers = createHandlers({
    session,
    files,
    now: opts.now ?? (() => new Date()),
    user: () => displayName ?? identity.osUser,
    identity,
    dialogs: opts.dialogs ?? noDialogs,
    onRegisterChanged: () => opts.onRegisterChanged?.(),
    ...(opts.renderPdf ? { renderPdf: opts.renderPdf } : {}),
    ...(opts.teamSync ? { teamSync: opts.teamSync(session) } : {}),
    ...(opts.teamShell ? { teamShell: opts.teamShell(session) } : {}),
  });
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  // A result crosses a process boundary in the app: give the renderer a copy, never our objects.
  const run = async (channel: string, input: unknown): Promise<Result<unknown>> =>
    structuredClone(await dispatch(handlers, channel, input));

  const api = Object.fromEntries(
    CHANNELS.map((c) => [c, (input: unknown) => run(c, input)]),
  ) as unknown as Api;
  api.on = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  };

  const backend: Backend = {
    dir,
    path,
    session,
    files,
    api,
    dispatch: run,
    async call(channel, input) {
      const r = await dispatch(handlers, channel, input);
      if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
      return r.value as OutputOf<typeof channel>;
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    close() {
      session.close();
      rmSync(dir, { recursive: true, force: true });
      open.delete(backend);
    },
  };
  open.add(backend);

  const start = opts.start ?? 'sample';
  if (start !== 'none') {
    session.create(path);
    if (start === 'sample' || start === 'empty') await backend.call('register:onboard', { choice: start });
  }
  return backend;
}

export function closeBackends(): void {
  for (const b of [...open]) b.close();
}
