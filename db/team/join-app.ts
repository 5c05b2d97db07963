/**
 * Joining a team register from the app (the start screen's "Join a team register"): the server address, the
 * person's login and password as typed in the window, and a path the main process's save dialog chose. Connects,
 * makes the replica from the server's base image (db/team/server.ts `join`) and pulls everything since, as
 * `risk-register team join` does. Async all the way (pg), so the window is never blocked; the password is used for
 * this connection only and returned to no one (the caller keeps it with the shell's password store).
 */
import { AppError } from '../../shared/errors.ts';
import { openRegisterFile } from '../connection.ts';
import type { TeamRole } from './replica.ts';
import { needsEncryptionChoice, sslmodeWithoutEncryption } from '../../shared/team-url.ts';
import { connect, withoutPassword } from './connect.ts';
import { join } from './server.ts';
import { syncRound } from './sync.ts';

export interface AppJoinInput {
  /** postgresql://HOST:PORT/DATABASE?sslmode=verify-full (a user or password in it is replaced). */
  server: string;
  user: string;
  password: string;
  /**
   * The person explicitly ticked "Connect without encryption" for a host that is not this computer (the risk
   * manager sent an address with sslmode=disable, or none): refused without it, as the CLI refuses without
   * --insecure-tls.
   */
  insecureTls?: boolean;
}

export interface AppJoinResult {
  /** Where the replica was saved. */
  path: string;
  /** The server address as stored in the replica (with the user, without the password). */
  server: string;
  user: string;
  role: TeamRole;
  pulled: number;
}

/** The address with this person's login and password put in. */
export function joinUrl(input: AppJoinInput): string {
  let u: URL;
  try {
    u = new URL(input.server.trim());
  } catch {
    u = new URL('invalid:');
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
    throw new AppError(
      'VALIDATION',
      `"${withoutPassword(input.server)}" is not a PostgreSQL address. Give the one your risk manager sent, like postgresql://HOST:5432/DATABASE?sslmode=verify-full.`,
    );
  }
  u.username = encodeURIComponent(input.user);
  u.password = encodeURIComponent(input.password);
  return u.toString();
}

/**
 * The address with the login and password put in and, when the person explicitly turned encryption off for a host
 * that is not this computer, `sslmode=disable` written into it (or `prefer` kept when the address said `prefer`:
 * TLS when the server offers it, shared/team-url.ts): the choice is stored with the replica and its sync rounds
 * (db/team/service.ts) keep to it instead of refusing every round. Used by Join, Share and Team settings alike.
 */
export function appServerUrl(input: AppJoinInput): string {
  const u = new URL(joinUrl(input));
  const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || '';
  if (input.insecureTls && needsEncryptionChoice(host, u.searchParams.get('sslmode'))) {
    u.searchParams.set('sslmode', sslmodeWithoutEncryption(u.searchParams.get('sslmode')));
  }
  return u.toString();
}

/** A TLS refusal worded for the window: the tick to use, not the CLI's --insecure-tls. */
export function tlsForWindow(e: unknown): unknown {
  if (e instanceof AppError && e.code === 'FORBIDDEN' && /is not this computer/.test(e.message)) {
    const host = e.message.split(' ')[0];
    return new AppError(
      'FORBIDDEN',
      `${host} is not this computer, so the connection must be encrypted: the address needs ?sslmode=verify-full (or sslmode=require if your IT team says so). Only on a network you trust, and if your risk manager says so, tick "Connect without encryption" instead.`,
    );
  }
  return e;
}

/**
 * Join in two steps, so a wrong address, login or password is refused before the save dialog shows: connect as the
 * person (the TLS rule first), then `where()` (the save dialog; null: cancelled) and make the replica there.
 */
export async function joinFromApp(
  input: AppJoinInput,
  where: () => Promise<string | null>,
): Promise<AppJoinResult | null> {
  const url = appServerUrl(input);
  let client;
  try {
    client = await connect(url, { insecureTls: input.insecureTls === true });
  } catch (e) {
    throw tlsForWindow(e);
  }
  try {
    const path = await where();
    if (!path) return null;
    const joined = await join(client, path, url);
    const open = openRegisterFile(path);
    try {
      const s = await syncRound(open.db, path, client);
      return { path, server: withoutPassword(url), user: joined.user, role: joined.role, pulled: s.pulled };
    } finally {
      open.db.close();
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
