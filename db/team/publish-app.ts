/**
 * File › Share register… in the app: publish the register open in the window to an empty PostgreSQL database as
 * the manager typed it (server address, login, password, and whether they explicitly turned encryption off for a
 * host that is not this computer). Connects first, so a wrong address, login, password or TLS setting is refused
 * before anything happens; then `publish` (db/team/server.ts) creates the schema, uploads the register and only
 * after the server committed turns the local file into the first replica. Async all the way (pg), so the window
 * never blocks; the password is used for this connection only and returned to no one.
 */
import { AppError } from '../../shared/errors.ts';
import { connect, withoutPassword } from './connect.ts';
import { appServerUrl } from './join-app.ts';
import { openRegisterFile } from '../connection.ts';
import { publish } from './server.ts';
import { syncRound } from './sync.ts';

export interface AppPublishInput {
  /** postgresql://HOST:PORT/DATABASE?sslmode=verify-full (a user or password in it is replaced). */
  server: string;
  user: string;
  password: string;
  /** The manager explicitly turned encryption off for a host that is not this computer. */
  insecureTls?: boolean;
}

export interface AppPublishResult {
  /** The server address as stored in the replica (with the user, without the password). */
  server: string;
  user: string;
  risks: number;
  history: number;
}

/**
 * The address with the manager's login and password put in. When they turned encryption off for a remote host
 * whose address names no encrypting sslmode, `sslmode=disable` is written into it, so the choice is stored with the
 * replica and its sync rounds (db/team/service.ts) keep to it instead of refusing every round (join-app.ts).
 */
export function publishUrl(input: AppPublishInput): string {
  return appServerUrl(input);
}

/** A refusal worded for the window: what went wrong and what to do next (not the CLI's PGPASSWORD advice). */
function forWindow(e: unknown, input: AppPublishInput): unknown {
  if (!(e instanceof AppError)) return e;
  if (e.code === 'FORBIDDEN' && /refused the login/.test(e.message)) {
    return new AppError(
      'FORBIDDEN',
      `The team server refused the login ${input.user}: the user name or password is wrong. Check them with whoever set up the database, then share again. Nothing was changed.`,
    );
  }
  if (e.code === 'FORBIDDEN' && /is not this computer/.test(e.message)) {
    const host = e.message.split(' ')[0];
    return new AppError(
      'FORBIDDEN',
      `${host} is not this computer, so the connection must be encrypted: add ?sslmode=verify-full to the server address (or sslmode=require if your IT team says so). Only on a network you trust, tick "Connect without encryption" instead.`,
    );
  }
  if (e.code === 'IO' && /^Could not reach/.test(e.message)) {
    return new AppError(
      'IO',
      `${e.message.replace(/ You can keep working offline.*$/, '')} Check the address and that the server is running, then share again. Nothing was changed.`,
    );
  }
  return e;
}

/** Publish the register at `path` (the one open in the window). Nothing changes locally unless it succeeds. */
export async function publishFromApp(path: string, input: AppPublishInput): Promise<AppPublishResult> {
  const url = publishUrl(input);
  let client;
  try {
    client = await connect(url, { insecureTls: input.insecureTls === true });
  } catch (e) {
    throw forWindow(e, input);
  }
  try {
    const done = await publish(client, path, url);
    // A first round, as joining does: the server records this person's sync (People shows it), and the chip
    // starts from a round that really ran. The publish stands even if this round fails (the loop retries).
    const open = openRegisterFile(path);
    try {
      await syncRound(open.db, path, client).catch(() => undefined);
    } finally {
      open.db.close();
    }
    return { server: withoutPassword(url), user: done.user, risks: done.risks, history: done.history };
  } catch (e) {
    throw forWindow(e, input);
  } finally {
    await client.end().catch(() => undefined);
  }
}
