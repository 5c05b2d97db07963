/**
 * People on the team register, for the window's People view and the dashboard's Team panel: read from the server
 * (every login may SELECT the users table), with each owner's name from this replica's owners directory; and adding
 * a person as the CLI's `team add-user` does. The server decides who may add people: a login that may not create
 * logins is refused by PostgreSQL itself, and the refusal is worded here.
 */
import type pg from 'pg';
import type { TeamPerson } from '../../shared/contract/team.ts';
import { AppError } from '../../shared/errors.ts';
import type { Database } from 'better-sqlite3';
import { stmt } from '../statements.ts';
import type { TeamRole } from './replica.ts';
import type { RoleChange } from './server.ts';
import { addUser, removeUser, setUserRole } from './server.ts';

const ROLE_ORDER: Record<TeamRole, number> = { manager: 0, owner: 1, viewer: 2 };

/** Everyone on the server: managers first, then owners and viewers, by name within each. */
export async function listPeople(client: pg.Client, db: Database): Promise<TeamPerson[]> {
  const rows = await client.query<{
    name: string;
    role: TeamRole;
    owner_initials: string | null;
    last_sync: Date | null;
  }>('SELECT name, role, owner_initials, last_sync FROM risk_register.users');
  const names = new Map(
    (stmt(db, 'SELECT initials, name FROM owners').all() as { initials: string; name: string }[]).map((o) => [
      o.initials.toUpperCase(),
      o.name,
    ]),
  );
  return rows.rows
    .map((r) => ({
      name: r.name,
      role: r.role,
      ownerInitials: r.owner_initials,
      ownerName: r.owner_initials ? names.get(r.owner_initials.toUpperCase()) || null : null,
      lastSync: r.last_sync ? r.last_sync.toISOString() : null,
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));
}

export interface NewPerson {
  name: string;
  role: TeamRole;
  owner?: string | undefined;
}

/** Add a person with a generated password (returned once, to show once). */
export async function addPerson(
  client: pg.Client,
  db: Database,
  person: NewPerson,
): Promise<{ name: string; role: TeamRole; password: string }> {
  if (person.role === 'owner') {
    const initials = person.owner?.trim() ?? '';
    const known = stmt(db, 'SELECT 1 FROM owners WHERE initials = ? COLLATE NOCASE').get(initials);
    if (!known) {
      throw new AppError(
        'VALIDATION',
        `There is no owner with the initials ${initials} in this register's owners directory. Add them under Owners first, or check the initials.`,
      );
    }
  }
  try {
    const added = await addUser(
      client,
      person.name,
      person.role,
      person.role === 'owner' ? person.owner : undefined,
      undefined,
    );
    return { name: person.name, role: person.role, password: added.password };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === '42501') {
      throw new AppError(
        'FORBIDDEN',
        `The team server refused to add ${person.name}: your login may not create logins (${err.message ?? 'permission denied'}). Only a risk manager whose login may create logins (usually the one who shared the register) can add people; ask them.`,
      );
    }
    throw e;
  }
}

/** Change a person's role (and owner link) as the window's People view does; the server decides who may. */
export async function setPersonRole(
  client: pg.Client,
  person: { name: string; role: TeamRole; owner?: string | undefined },
): Promise<RoleChange> {
  return setUserRole(client, person.name, person.role, person.role === 'owner' ? person.owner : undefined);
}

/** Remove a person as the window's People view does (after its confirm step); their history stays. */
export async function removePerson(
  client: pg.Client,
  name: string,
): Promise<{ name: string; loginDropped: boolean; sessionsEnded: number; sessionsOpen: number }> {
  return removeUser(client, name);
}
