/**
 * The setup every team scenario starts from: a throwaway PostgreSQL cluster (started once per file), a database
 * per scenario, a register published to it, people added with their own login roles, and one replica per person
 * joined through the CLI's own code. Also the helpers the scenarios share: working on a laptop through the app's
 * handler table, and a replica's shared rows as the team mechanism carries them.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { REPLICATED, rowImagesSql } from '../../../db/team/row-spec.ts';
import type { App, TempDir } from '../helpers.ts';
import { makeApp, makeTempDir } from '../helpers.ts';
import type { PgCluster } from './pg-cluster.ts';
import { startCluster } from './pg-cluster.ts';
import { ok } from './team-helpers.ts';

export interface TeamEnv {
  cluster: () => PgCluster;
  tmp: () => TempDir;
}

/** Starts the cluster and a temp folder for this test file (beforeAll / afterAll), removed afterwards. */
export function useTeamEnv(prefix: string): TeamEnv {
  let cluster: PgCluster | undefined;
  let tmp: TempDir | undefined;
  beforeAll(async () => {
    cluster = await startCluster();
    tmp = makeTempDir(prefix);
  }, 60_000);
  // Stopping the cluster waits for PostgreSQL to shut down: slow on a loaded machine.
  afterAll(() => {
    cluster?.stop();
    tmp?.cleanup();
  }, 60_000);
  return {
    cluster: () => {
      if (!cluster) throw new Error('the cluster has not started');
      return cluster;
    },
    tmp: () => {
      if (!tmp) throw new Error('no temp folder');
      return tmp;
    },
  };
}

export interface Person {
  name: string;
  role: 'manager' | 'owner' | 'viewer';
  /** The owners-directory initials of an owner. */
  owner?: string;
  password: string;
}

export interface Team {
  /** The database owner's URL (publish, upgrade, verify). */
  server: string;
  /** The register file published, and what `team publish` printed. */
  published: string;
  publishOut: string;
  /** The replica file of each person, by name, and what `team join` printed for them. */
  files: Record<string, string>;
  joinOut: Record<string, string>;
  /** The password of the person whose replica `file` is. */
  password: (file: string) => string;
  /** A person's URL (their own login role). */
  url: (name: string) => string;
}

export async function createDatabase(cluster: PgCluster, db: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${db}`);
  } finally {
    await admin.end();
  }
  return cluster.adminUrl(db);
}

export async function addUserWithPassword(server: string, p: Person): Promise<void> {
  const { addUser } = await import('../../../db/team/server.ts');
  const { connect } = await import('../../../db/team/connect.ts');
  const c = await connect(server);
  try {
    await addUser(c, p.name, p.role, p.owner, p.password);
  } finally {
    await c.end();
  }
}

/**
 * A new database `db` with a register published to it (`published`, made by `prepare` when given, else the
 * sample register), each person added and joined on their own replica file.
 */
export async function setUpTeam(
  env: TeamEnv,
  db: string,
  people: readonly Person[],
  opts: { prepare?: (published: string) => Promise<void> } = {},
): Promise<Team> {
  const cluster = env.cluster();
  const tmp = env.tmp();
  const server = await createDatabase(cluster, db);
  const published = tmp.file(`${db}-published.riskreg`);
  if (opts.prepare) await opts.prepare(published);
  else await ok(['init', '--db', published, '--sample']);
  const publishOut = await ok(['team', 'publish', '--db', published, '--server', server]);
  const files: Record<string, string> = {};
  const joinOut: Record<string, string> = {};
  const byFile = new Map<string, string>();
  for (const p of people) {
    await addUserWithPassword(server, p);
    const f = tmp.file(`${db}-${p.name}.riskreg`);
    joinOut[p.name] = await ok(['team', 'join', '--server', cluster.url(p.name, p.password, db), '--db', f]);
    files[p.name] = f;
    byFile.set(f, p.password);
  }
  return {
    server,
    published,
    publishOut,
    files,
    joinOut,
    password: (f) => {
      const pw = byFile.get(f);
      if (pw === undefined) throw new Error(`no person has ${f}`);
      return pw;
    },
    url: (name) => {
      const p = people.find((x) => x.name === name);
      if (!p) throw new Error(`no person ${name}`);
      return cluster.url(p.name, p.password, db);
    },
  };
}

/** Works on a replica through the app's own handler table, as `user`. */
export async function onLaptop<T>(path: string, user: string, fn: (app: App) => Promise<T>): Promise<T> {
  const app = makeApp({ user: () => user, now: () => new Date() });
  try {
    await app.ok('register:open', { path });
    return await fn(app);
  } finally {
    app.close();
  }
}

/** Every shared row of a replica (the images the team mechanism carries), table by table, in key order. */
export function sharedState(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(
      REPLICATED.map((t) => [
        t.table,
        (db.prepare(`${rowImagesSql(t)} ORDER BY pk`).all() as { pk: string; data: string }[]).map(
          (r) => JSON.parse(r.data) as unknown,
        ),
      ]),
    );
  } finally {
    db.close();
  }
}
