/** A real register file in a temp folder, driven through the real handler table and its door (dispatch). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract/index.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { trustedPaths } from '../../../db/files/grants.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { RegisterSession } from '../../../db/session.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { ErrorInfo, Result } from '../../../shared/errors.ts';
import type { RiskRecord } from '../../../shared/domain.ts';

export interface Workspace {
  path: string;
  session: RegisterSession;
  /** Move the clock (each write also moves it on by one second, so every change has its own instant). */
  setClock(iso: string): void;
  call<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  /** Call and expect success. */
  ok<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  /** Call and expect a refusal. */
  fail<C extends Channel>(channel: C, input: InputOf<C>): Promise<ErrorInfo>;
  risk(ref: string): Promise<RiskRecord>;
  close(): void;
}

const dirs: string[] = [];

export function tempRegisterPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-workspace-'));
  dirs.push(dir);
  return join(dir, 'register.rrdb');
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Attach a handler table (one window or app instance) to a register file. */
export function attach(path: string, user = 'Ann Owner', clock = '2026-05-01T09:00:00.000Z'): Workspace {
  const session = new RegisterSession();
  let t = Date.parse(clock);
  const handlers = createHandlers({
    files: trustedPaths,
    session,
    now: () => new Date((t += 1000)),
    user: () => user,
    dialogs: noDialogs,
  });
  const ws: Workspace = {
    path,
    session,
    setClock: (iso) => {
      t = Date.parse(iso);
    },
    call: (channel, input) => dispatch(handlers, channel, input),
    async ok(channel, input) {
      const r = await ws.call(channel, input);
      if (!r.ok) throw new Error(`${channel} refused: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    async fail(channel, input) {
      const r = await ws.call(channel, input);
      if (r.ok) throw new Error(`${channel} should have been refused`);
      return r.error;
    },
    async risk(ref) {
      const all = await ws.ok('risks:list', { includeArchived: true });
      const r = all.find((x) => x.ref === ref);
      if (!r) throw new Error(`no risk ${ref}`);
      return r;
    },
    close: () => session.close(),
  };
  return ws;
}

/** A new register file, with the LGA sample (19 risks) unless `sample` is false. */
export async function newWorkspace(opts: { sample?: boolean; clock?: string } = {}): Promise<Workspace> {
  const path = tempRegisterPath();
  const ws = attach(path, 'Ann Owner', opts.clock);
  await ws.ok('register:create', { path, sample: opts.sample ?? true });
  return ws;
}
