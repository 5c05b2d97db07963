/**
 * Team settings in the app: the server address and login this replica syncs with, changed by the person (IT moved
 * the database, turned TLS on, or gave them a new login). The same rule as Join and Share (shared/team-url.ts): a
 * host that is not this computer without an encrypting sslmode needs the explicit "Connect without encryption"
 * tick, and is refused in words without it. A new address or login is tried before anything is stored: the server
 * must hold *this* register (the replica's last history row, with its hash, is on it) and know the login as a
 * person; then the replica's team row takes the new address, login, role and owner link, in one transaction. An
 * unchanged address and login only keeps the password (offline too), as before.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors.ts';
import { stmt } from '../statements.ts';
import { writeTransaction } from '../transaction.ts';
import { checkTls, connect, withoutPassword } from './connect.ts';
import { appServerUrl, tlsForWindow } from './join-app.ts';
import type { TeamRole, TeamRow } from './replica.ts';
import { checkServer } from './server.ts';

/** An address without its user and password, to compare what the person typed with what the replica keeps. */
function addressOnly(server: string): string {
  try {
    const u = new URL(server);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return server;
  }
}

export interface SettingsInput {
  server: string;
  user: string;
  password: string;
  insecureTls?: boolean;
}

/** What the replica syncs as after Team settings (the address stored with the user, without the password). */
export interface SettingsResult {
  server: string;
  user: string;
  changed: boolean;
}

/**
 * Check the new address and login, and store them in the replica when they differ from the stored ones. Throws an
 * AppError (and changes nothing) when the address is refused, the server cannot be reached, the login is not a
 * person of the register, or the server holds another register.
 */
export async function changeTeamLogin(
  db: Database,
  team: TeamRow,
  input: SettingsInput,
): Promise<SettingsResult> {
  const url = appServerUrl(input);
  const stored = withoutPassword(url);
  const insecureTls = input.insecureTls === true;
  if (addressOnly(stored) === addressOnly(team.server) && input.user === team.user) {
    // Nothing to move: the rule still holds (an unticked "without encryption" is refused), the password is kept.
    try {
      checkTls(url, { insecureTls });
    } catch (e) {
      throw tlsForWindow(e);
    }
    return { server: team.server, user: team.user, changed: false };
  }
  let client;
  try {
    client = await connect(url, { insecureTls });
  } catch (e) {
    const e2 = tlsForWindow(e);
    if (e2 instanceof AppError && e2.code === 'IO') {
      throw new AppError(
        'IO',
        `${e2.message.replace(/ You can keep working offline.*$/, '')} Nothing was changed.`,
      );
    }
    throw e2;
  }
  try {
    await checkServer(client);
    const me = await client.query<{ name: string; role: TeamRole; owner_initials: string | null }>(
      'SELECT name, role, owner_initials FROM risk_register.users WHERE name = session_user::text',
    );
    const person = me.rows[0];
    if (!person) {
      throw new AppError(
        'FORBIDDEN',
        `${input.user} is not a person of the team register at ${withoutPassword(url)}. Check the login with your risk manager. Nothing was changed.`,
      );
    }
    const last = stmt(
      db,
      'SELECT seq, hash FROM history WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
    ).get() as { seq: number; hash: string } | undefined;
    if (last) {
      const there = await client.query<{ hash: string }>(
        'SELECT hash FROM risk_register.history WHERE seq = $1',
        [last.seq],
      );
      if (there.rows[0]?.hash !== last.hash) {
        throw new AppError(
          'VALIDATION',
          `The server at ${withoutPassword(url)} holds a different team register from this one (its history does not match this copy's). Check the address with your risk manager. Nothing was changed.`,
        );
      }
    }
    writeTransaction(db, () => {
      stmt(db, 'UPDATE team SET server = ?, user = ?, role = ?, owner = ? WHERE id = 1').run(
        stored,
        person.name,
        person.role,
        person.owner_initials,
      );
    });
    return { server: stored, user: person.name, changed: true };
  } finally {
    await client.end().catch(() => undefined);
  }
}
