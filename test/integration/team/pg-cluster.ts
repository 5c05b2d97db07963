/**
 * A throwaway PostgreSQL cluster for one test file: `initdb` as the `postgres` OS user into a temp folder, listening
 * on 127.0.0.1 on a free port with its socket in the same folder, fsync off; `stop()` stops it and removes the
 * folder. Without the PostgreSQL binaries it throws (the team tests fail with the message, they never skip).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  host: string;
  port: number;
  /** The superuser (trust authentication on loopback): `postgres`. */
  adminUrl: (database?: string) => string;
  url: (user: string, password: string, database?: string) => string;
  stop: () => void;
}

/** Where the PostgreSQL server binaries are, or null when they are not installed. */
export function pgBinaries(): string | null {
  try {
    return pgBin();
  } catch {
    return null;
  }
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      'PostgreSQL is not installed: the team register tests need its server binaries in /usr/lib/postgresql/*/bin. ' +
        'Install them with `apt-get install -y postgresql` (.ci/run does this), then run the tests again.',
    );
  }
  return join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as the postgres OS user (initdb refuses root; tests run as root here and in CI). */
function asPostgres(bin: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startCluster(): Promise<PgCluster> {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'rr-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // Password authentication for every role but the superuser, so the login roles' passwords are really checked.
  const opts = [
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    `-p ${port}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=60',
  ].join(' ');
  execFileSync('sh', [
    '-c',
    `printf 'local all all trust\\nhost all postgres 127.0.0.1/32 trust\\nhost all all 127.0.0.1/32 scram-sha-256\\n' > ${data}/pg_hba.conf`,
  ]);
  asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  const host = '127.0.0.1';
  let stopped = false;
  return {
    host,
    port,
    adminUrl: (database = 'postgres') => `postgresql://postgres@${host}:${port}/${database}`,
    url: (user, password, database = 'postgres') =>
      `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${database}`,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
