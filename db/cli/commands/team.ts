/**
 * Team register commands (db/team/): publish, join, add-user, status, verify; sync; conflicts. These talk to
 * PostgreSQL, which is asynchronous, so they open the register themselves rather than through the (synchronous)
 * handler table. The password comes from the server URL or PGPASSWORD and is never written to the register.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { AppError } from '../../../shared/errors.ts';
import { openRegisterFile } from '../../connection.ts';
import { stmt } from '../../statements.ts';
import { writeTransaction } from '../../transaction.ts';
import type { OpenRegister } from '../../connection.ts';
import { accessRemoved, connect, withoutPassword } from '../../team/connect.ts';
import type { TeamRole } from '../../team/replica.ts';
import { requireTeam, teamStatus, waitingCount } from '../../team/replica.ts';
import {
  addUser,
  join,
  publish,
  removeUser,
  setUserRole,
  upgradeServer,
  verifyServer,
} from '../../team/server.ts';
import type { Resolution } from '../../team/sync.ts';
import { listConflicts, resolveConflict, syncRound, typedValue } from '../../team/sync.ts';
import type { CliValues, Command } from '../context.ts';
import { stringOpt, UsageError } from '../context.ts';

function serverOpt(values: CliValues): string {
  const s = stringOpt(values, 'server');
  if (!s) throw new UsageError('--server URL is required (postgresql://NAME@HOST:5432/DATABASE)');
  return s;
}

/** The replica's server URL with the password from PGPASSWORD (pg reads it) — or a --server given again. */
function replicaUrl(values: CliValues, stored: string): string {
  return stringOpt(values, 'server') ?? stored;
}

async function withClient<T>(url: string, values: CliValues, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url, { insecureTls: values['insecure-tls'] === true });
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function openReplica(path: string): OpenRegister {
  const open = openRegisterFile(path);
  if (open.readOnly) {
    open.db.close();
    throw new AppError('READ_ONLY', `${path} cannot be written, so it cannot be synced.`);
  }
  return open;
}

/** The password for add-user: read from standard input with --password-stdin, else generated. Never prompts. */
function stdinPassword(values: CliValues): string | undefined {
  if (values['password-stdin'] !== true) return undefined;
  const text = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (!text)
    throw new AppError(
      'VALIDATION',
      '--password-stdin read nothing. Pipe the password in, e.g. from your password manager.',
    );
  return text;
}

const ROLES: readonly TeamRole[] = ['manager', 'owner', 'viewer'];

function ukDateTime(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const TLS_OPT = { 'insecure-tls': { type: 'boolean', default: false } } as const;

export const team: Command = {
  usage: [
    'team publish --db FILE --server URL  Put this register on an empty PostgreSQL database; the file becomes a replica',
    'team join --server URL --db FILE     Make FILE your local copy of a team register',
    'team add-user NAME --role manager|owner|viewer --server URL [--owner INITIALS] [--password-stdin]',
    '                                     Create a login for a person (prints a generated password once)',
    'team set-role NAME --role manager|owner|viewer --server URL [--owner INITIALS]',
    "                                     Change a person's role or owner link (the server checks it at once)",
    'team remove-user NAME --server URL   Remove a person: their login can no longer connect; history keeps their name',
    'team status --db FILE [--json]       The server, your role, the last sync, waiting changes, conflicts, refusals',
    'team verify --server URL             Check the server history chain',
    'team upgrade --server URL            Bring the server schema up to this version (the database owner)',
    '                                     (password: in the URL or PGPASSWORD; a remote server needs',
    '                                      ?sslmode=verify-full, or --insecure-tls on a network you trust)',
  ],
  options: {
    server: { type: 'string' },
    role: { type: 'string' },
    owner: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    ...TLS_OPT,
  },
  async run({ args, values, io, dbPath }) {
    const sub = args[0];
    if (sub === 'publish') {
      const url = serverOpt(values);
      const path = dbPath();
      const r = await withClient(url, values, (c) => publish(c, path, url));
      io.out(
        `Published ${path} to ${withoutPassword(url)}: ${r.risks} risks, ${r.history} history entries. ${r.user} is its first manager; this file is now a replica.`,
      );
      return 0;
    }
    if (sub === 'upgrade') {
      const url = serverOpt(values);
      const applied = await withClient(url, values, (c) => upgradeServer(c));
      io.out(
        applied.length
          ? `Upgraded the team register on ${withoutPassword(url)} to schema ${applied.at(-1)}.`
          : `The team register on ${withoutPassword(url)} is up to date.`,
      );
      return 0;
    }
    if (sub === 'join') {
      const url = serverOpt(values);
      const path = dbPath();
      const j = await withClient(url, values, async (c) => {
        const joined = await join(c, path, url);
        const open = openReplica(path);
        try {
          const s = await syncRound(open.db, path, c);
          return { ...joined, pulled: s.pulled };
        } finally {
          open.db.close();
        }
      });
      io.out(
        `Joined as ${j.user} (${j.role}): ${path} is your copy of the team register (${j.pulled} changes since it was published).`,
      );
      return 0;
    }
    if (sub === 'add-user') {
      const name = args[1];
      if (!name) throw new UsageError('team add-user needs the login name of the person, such as jsmith');
      const role = stringOpt(values, 'role');
      if (!role || !ROLES.includes(role as TeamRole))
        throw new UsageError('--role manager|owner|viewer is required');
      const url = serverOpt(values);
      const password = stdinPassword(values);
      const r = await withClient(url, values, (c) =>
        addUser(c, name, role as TeamRole, stringOpt(values, 'owner'), password),
      );
      io.out(
        `Added ${name} as ${role}${stringOpt(values, 'owner') ? ` (owner ${stringOpt(values, 'owner')})` : ''}.`,
      );
      if (r.generated) io.out(`Password (shown once; give it to ${name} privately): ${r.password}`);
      return 0;
    }
    if (sub === 'set-role') {
      const name = args[1];
      if (!name) throw new UsageError('team set-role needs the login name of the person, such as jsmith');
      const role = stringOpt(values, 'role');
      if (!role || !ROLES.includes(role as TeamRole))
        throw new UsageError('--role manager|owner|viewer is required');
      const url = serverOpt(values);
      const r = await withClient(url, values, (c) =>
        setUserRole(c, name, role as TeamRole, stringOpt(values, 'owner')),
      );
      const what = `${r.role}${r.owner ? ` (owner ${r.owner})` : ''}`;
      io.out(
        r.changed
          ? `${name} is now ${what}. The server applies it to their next change; their laptop shows it after its next sync.`
          : `${name} is already ${what}; nothing changed.`,
      );
      return 0;
    }
    if (sub === 'remove-user') {
      const name = args[1];
      if (!name) throw new UsageError('team remove-user needs the login name of the person, such as jsmith');
      const url = serverOpt(values);
      const r = await withClient(url, values, (c) => removeUser(c, name));
      io.out(
        `Removed ${name}: their login can no longer connect, changes still waiting on their laptop will not be accepted, and their past changes stay in the history under their name.`,
      );
      if (r.sessionsEnded)
        io.out(`Ended ${r.sessionsEnded} open connection${r.sessionsEnded === 1 ? '' : 's'} of ${name}.`);
      if (r.sessionsOpen)
        io.out(
          `${r.sessionsOpen} open connection${r.sessionsOpen === 1 ? '' : 's'} of ${name} could not be ended: your login needs pg_signal_backend or membership of ${name} for that. ${r.sessionsOpen === 1 ? 'It' : 'They'} can no longer read or change anything; ask the database administrator to end ${r.sessionsOpen === 1 ? 'it' : 'them'} (pg_terminate_backend).`,
        );
      return 0;
    }
    if (sub === 'status') {
      const path = dbPath();
      const open = openRegisterFile(path);
      try {
        requireTeam(open.db, path);
        const status = teamStatus(open.db);
        if (!status) return 1;
        if (values.json) {
          io.out(JSON.stringify(status, null, 2));
          return 0;
        }
        const { waiting, conflicts, rejected } = status;
        io.out(`Server: ${status.server}`);
        io.out(`You: ${status.user} (${status.role}${status.owner ? `, owner ${status.owner}` : ''})`);
        io.out(`Last sync: ${ukDateTime(status.lastSync)} (change ${status.lastSeq})`);
        io.out(
          `${waiting} ${waiting === 1 ? 'change' : 'changes'} waiting, ${conflicts} ${conflicts === 1 ? 'conflict' : 'conflicts'}, ${rejected.length} refused`,
        );
        for (const r of rejected) {
          io.out(`  #${r.id} refused: ${r.action} ${r.ref}${r.field ? ` ${r.field}` : ''}: ${r.reason}`);
        }
        if (rejected.length) {
          io.out(`Once read, dismiss one with: risk-register conflicts dismiss-rejected ID --db ${path}`);
        }
        return 0;
      } finally {
        open.db.close();
      }
    }
    if (sub === 'verify') {
      const url = serverOpt(values);
      const check = await withClient(url, values, (c) => verifyServer(c));
      if (check.ok) {
        io.out(`The server history is intact: ${check.entries} entries, head ${check.head}.`);
        return 0;
      }
      io.err(
        `The server history does not verify: ${check.problem} (first broken entry ${check.firstBroken}).`,
      );
      return 1;
    }
    throw new UsageError(
      'team needs publish, join, add-user, set-role, remove-user, status, verify or upgrade',
    );
  },
};

/** A pull's images from a laptop on an older app, in words (`applyRow` kept this laptop's values). */
export function olderAppLine(o: { table: string; columns: string[]; rows: number }): string {
  const what = `${o.rows} ${o.table.replaceAll('_', ' ')} ${o.rows === 1 ? 'row' : 'rows'}`;
  return `${what} came from a laptop on an older app without ${o.columns.join(', ')}: kept as this laptop had ${o.columns.length === 1 ? 'it' : 'them'}. Update the app on every laptop of the team.`;
}

export const sync: Command = {
  usage: ['sync --db FILE                      One sync round with the team server: push, pull, report'],
  options: { server: { type: 'string' }, ...TLS_OPT },
  async run({ values, io, dbPath }) {
    const path = dbPath();
    const open = openReplica(path);
    try {
      const t = requireTeam(open.db, path);
      // A login refused for a replica that synced before: the person was removed (the outbox is kept).
      const r = await withClient(replicaUrl(values, t.server), values, (c) =>
        syncRound(open.db, path, c),
      ).catch((e: unknown) => {
        throw accessRemoved(e, t, waitingCount(open.db));
      });
      io.out(`${r.pushed} pushed, ${r.pulled} pulled, ${r.conflicts} conflicts`);
      for (const o of r.olderApp) io.out(olderAppLine(o));
      if (r.rejected)
        io.out(`${r.rejected} refused by the server: see risk-register team status --db ${path}`);
      return 0;
    } finally {
      open.db.close();
    }
  },
};

export const conflicts: Command = {
  usage: [
    'conflicts --db FILE [--json]        Conflicts the team server found (base, theirs, mine, who, when)',
    'conflicts resolve ID --keep theirs|mine --db FILE',
    'conflicts dismiss-rejected ID --db FILE',
    '                                     Dismiss a change the server refused, once its reason is read (the',
    '                                     number from team status; local, works offline, not in history)',
    'conflicts resolve ID --value TEXT --db FILE',
    '                                     Resolve one: keep theirs, apply mine, or apply another value (such',
    '                                     as 4x3 for a score); an edit, recorded and synced; needs the server',
  ],
  options: {
    keep: { type: 'string' },
    value: { type: 'string' },
    json: { type: 'boolean', default: false },
    server: { type: 'string' },
    ...TLS_OPT,
  },
  async run({ args, values, io, dbPath }) {
    const path = dbPath();
    if (args[0] === 'resolve') {
      const id = Number(args[1]);
      if (!Number.isInteger(id) || id <= 0)
        throw new UsageError('conflicts resolve needs the conflict number, such as 3');
      const keep = stringOpt(values, 'keep');
      const typed = stringOpt(values, 'value');
      if (typed !== undefined && keep !== undefined) {
        throw new UsageError('give either --keep theirs|mine or --value TEXT, not both');
      }
      if (typed === undefined && keep !== 'theirs' && keep !== 'mine') {
        throw new UsageError('--keep theirs|mine or --value TEXT is required');
      }
      const open = openReplica(path);
      try {
        const t = requireTeam(open.db, path);
        const conflict = listConflicts(open.db).find((c) => c.id === id);
        if (!conflict) {
          throw new AppError(
            'NOT_FOUND',
            `There is no conflict ${id} in ${path}. List them with risk-register conflicts --db ${path}.`,
          );
        }
        const resolution: Resolution =
          typed !== undefined
            ? { value: typedValue(conflict.field, typed, conflict.mine ?? conflict.theirs) }
            : keep === 'mine'
              ? 'mine'
              : 'theirs';
        const r = await withClient(replicaUrl(values, t.server), values, async (c) => {
          await resolveConflict(c, id, resolution);
          return syncRound(open.db, path, c);
        });
        const how =
          typeof resolution === 'string'
            ? `kept ${resolution}`
            : `applied ${JSON.stringify(resolution.value)}`;
        io.out(
          `Conflict ${id} resolved (${how}). ${r.pushed} pushed, ${r.pulled} pulled, ${r.conflicts} conflicts`,
        );
        return 0;
      } finally {
        open.db.close();
      }
    }
    if (args[0] === 'dismiss-rejected') {
      const id = Number(args[1]);
      if (!Number.isInteger(id) || id <= 0) {
        throw new UsageError(
          'conflicts dismiss-rejected needs the number of the refused change, such as 3 (see team status)',
        );
      }
      const open = openReplica(path);
      try {
        requireTeam(open.db, path);
        const found = teamStatus(open.db)?.rejected.find((r) => r.id === id);
        if (!found) {
          throw new AppError(
            'NOT_FOUND',
            `There is no refused change ${id} in ${path}. List them with risk-register team status --db ${path}.`,
          );
        }
        writeTransaction(open.db, () => {
          stmt(open.db, 'DELETE FROM team_rejected WHERE id = ?').run(id);
        });
        io.out(
          `Dismissed refused change ${id} (${found.action} ${found.ref}${found.field ? ` ${found.field}` : ''}). The server's value stays; make the change again if it is still needed and allowed.`,
        );
        return 0;
      } finally {
        open.db.close();
      }
    }
    if (args[0] !== undefined) throw new UsageError(`conflicts has no sub-command "${args[0]}"`);
    const open = openRegisterFile(path);
    try {
      requireTeam(open.db, path);
      const list = listConflicts(open.db);
      if (values.json) {
        io.out(JSON.stringify(list, null, 2));
        return 0;
      }
      if (!list.length) io.out('No conflicts.');
      for (const c of list) {
        io.out(
          `#${c.id} ${c.ref} ${c.field}: was ${JSON.stringify(c.base)}, theirs ${JSON.stringify(c.theirs)}, mine ${JSON.stringify(c.mine)} (${c.by}, ${ukDateTime(c.at)})`,
        );
      }
      return 0;
    } finally {
      open.db.close();
    }
  },
};
