/**
 * Connecting to the team server: the URL as the user gave it, the password from the URL or PGPASSWORD (never
 * stored in the register file), and the TLS rule: a host that is not loopback needs sslmode=verify-full or require
 * unless the manager explicitly turns that off (`--insecure-tls`).
 */
import type pg from 'pg';
import { AppError } from '../../shared/errors.ts';
import { ACCESS_REMOVED, isLoopback, needsEncryptionChoice } from '../../shared/team-url.ts';

export interface ConnectOptions {
  insecureTls?: boolean;
}

function parseUrl(url: string): URL {
  try {
    const u = new URL(url);
    if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') throw new Error('protocol');
    return u;
  } catch {
    throw new AppError(
      'VALIDATION',
      `"${withoutPassword(url)}" is not a PostgreSQL address. Give one like postgresql://NAME@HOST:5432/DATABASE?sslmode=verify-full.`,
    );
  }
}

/** The URL with any password taken out: what is stored in the register and shown. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1@');
  }
}

export { isLoopback };

/** Refuses a URL that would send the password in clear over the network. */
export function checkTls(url: string, opts: ConnectOptions = {}): void {
  const u = parseUrl(url);
  const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || '';
  const mode = u.searchParams.get('sslmode');
  if (opts.insecureTls) return;
  if (needsEncryptionChoice(host, mode)) {
    throw new AppError(
      'FORBIDDEN',
      `${host} is not this computer, so the connection must be encrypted. Add ?sslmode=verify-full to the server address (or sslmode=require if your IT team says so), or, only on a network you trust, add --insecure-tls.`,
    );
  }
}

/** The login name in a URL (the user part), or PGUSER. */
export function urlUser(url: string): string {
  const u = parseUrl(url);
  return decodeURIComponent(u.username) || process.env['PGUSER'] || '';
}

/**
 * Connect with the address as given. `sslmode=prefer` gets libpq's meaning, which `pg` 8 does not give it (it reads
 * `prefer` as verify-full and never falls back; `pg` 9 will read it as TLS without checks, still never falling
 * back): TLS without checking the certificate when the server offers it, and no encryption when the server answers
 * that it has none. A `prefer` address to another computer passes checkTls only with the explicit choice
 * (shared/team-url.ts), since an attacker on the way can always make it fall back.
 */
export async function connect(url: string, opts: ConnectOptions = {}): Promise<pg.Client> {
  checkTls(url, opts);
  // Loaded on first use: `pg` costs ~100 ms, and most commands (and single-user registers) never need it.
  const { default: postgres } = await import('pg');
  const open = async (connectionString: string, ssl?: pg.ClientConfig['ssl']): Promise<pg.Client> => {
    const client = new postgres.Client({
      connectionString,
      connectionTimeoutMillis: 10_000,
      ...(ssl === undefined ? {} : { ssl }),
    });
    // A dropped connection must not crash the process: the error surfaces on the next query instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
  };
  try {
    const u = parseUrl(url);
    if (u.searchParams.get('sslmode') !== 'prefer') return await open(url);
    u.searchParams.delete('sslmode');
    try {
      return await open(u.toString(), { rejectUnauthorized: false });
    } catch (e) {
      if (!/does not support SSL/.test((e as { message?: string }).message ?? '')) throw e;
      return await open(u.toString(), false);
    }
  } catch (e) {
    throw serverError(e, url);
  }
}

/** A PostgreSQL or network failure as an AppError that says what to do. */
export function serverError(e: unknown, url?: string): unknown {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; message?: string };
  const where = url ? ` ${withoutPassword(url)}` : ' the team server';
  const msg = err.message ?? String(e);
  if ((err.code === '28000' || err.code === '28P01') && /does not exist|not permitted to log in/.test(msg)) {
    // A dropped login (team remove-user), or one kept but barred from logging in.
    return new AppError(
      'FORBIDDEN',
      `The team server${url ? ` (${withoutPassword(url)})` : ''} has no login for you any more: ${msg}. The risk manager may have removed you from the team register; your copy on this computer stays readable, but its changes can no longer be sent. Ask the risk manager.`,
    );
  }
  if (err.code === '28P01' || err.code === '28000') {
    return new AppError(
      'FORBIDDEN',
      `The team server${url ? ` (${withoutPassword(url)})` : ''} refused the login: ${msg}. Check the name and password (PGPASSWORD). If the risk manager removed you from the team register, your login no longer works (your copy here stays readable): ask them.`,
    );
  }
  if (err.code === '42501') return new AppError('FORBIDDEN', msg);
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'ETIMEDOUT' || !err.code) {
    return new AppError(
      'IO',
      `Could not reach${where}: ${msg}. You can keep working offline; your changes wait on this computer until the next sync.`,
    );
  }
  return new AppError('IO', `The team server answered with an error: ${msg}`);
}

/**
 * A refused login, or a refused read on the register's schema, for a replica that has synced before with this
 * login, worded as what it almost surely means: the risk manager removed this person (`team remove-user`, People ›
 * Remove…). PostgreSQL answers a dropped login exactly as a wrong password ("password authentication failed"), so
 * the caller says whether the password is one that worked (`passwordWorked`: the sync service knows when the person
 * has just typed a new one). Anything else is returned as it was. Nothing on this computer changes: the outbox
 * keeps its waiting changes.
 */
export function accessRemoved(
  e: unknown,
  team: { server: string; user: string; last_sync: string | null },
  waiting: number,
  passwordWorked = true,
): unknown {
  if (!(e instanceof AppError) || e.code !== 'FORBIDDEN' || team.last_sync === null) return e;
  const login = passwordWorked && /has no login for you any more|refused the login/.test(e.message);
  // A person of the register always has USAGE on its schema: only a removal revokes it.
  const grants = /permission denied for schema risk_register/.test(e.message);
  if (!login && !grants) return e;
  const kept =
    waiting === 0
      ? 'Your copy here stays readable.'
      : `Your copy here stays readable, and the ${waiting === 1 ? 'change' : `${waiting} changes`} waiting ${waiting === 1 ? 'stays' : 'stay'} on this computer.`;
  return new AppError(
    'FORBIDDEN',
    `${ACCESS_REMOVED} — ask the risk manager. The team server (${withoutPassword(team.server)}) no longer accepts ${team.user}, which synced here before. ${kept}${login ? ' (If you have just typed a new password, check it instead.)' : ''}`,
  );
}
