/**
 * A stand-in for a server on another computer: a TCP forwarder listening on this machine's own network address
 * (not loopback), passing the bytes to the throwaway cluster on 127.0.0.1, so the main process's TLS rule applies
 * as it would across the council's network. `tlsOn()` turns TLS on in the running cluster with a self-signed
 * certificate (the way a server with TLS but no certificate a laptop could check looks to `sslmode=prefer`).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { connect as tcpConnect, createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { PgCluster } from './pg-cluster.ts';

export interface LanForwarder {
  host: string;
  port: number;
  close: () => Promise<void>;
}

/** This machine's first non-loopback IPv4 address: "another computer" as far as the TLS rule can tell. */
export function lanAddress(): string {
  const a = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  if (!a) throw new Error('This machine has no non-loopback IPv4 address to stand in for a remote server.');
  return a.address;
}

export async function startForwarder(cluster: PgCluster): Promise<LanForwarder> {
  const sockets = new Set<Socket>();
  const host = lanAddress();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(cluster.port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  const addr = server.address();
  return {
    host,
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((done) => server.close(done));
    },
  };
}

/** Turn TLS on in the running cluster (a self-signed certificate, read by the postgres user); returns a cleanup. */
export async function tlsOn(cluster: PgCluster): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'rr-pg-tls-'));
  const key = join(dir, 'server.key');
  const crt = join(dir, 'server.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=risk-register-test',
      '-keyout',
      key,
      '-out',
      crt,
    ],
    { stdio: 'ignore' },
  );
  chmodSync(dir, 0o755);
  chmodSync(key, 0o600);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(key, uid, gid);
    chownSync(crt, uid, gid);
  }
  const admin = new pg.Client({ connectionString: cluster.adminUrl() });
  await admin.connect();
  try {
    await admin.query(`ALTER SYSTEM SET ssl_cert_file = '${crt}'`);
    await admin.query(`ALTER SYSTEM SET ssl_key_file = '${key}'`);
    await admin.query('ALTER SYSTEM SET ssl = on');
    await admin.query('SELECT pg_reload_conf()');
  } finally {
    await admin.end();
  }
  // The reload reaches the server's processes a moment later: wait until a new connection sees it.
  for (let i = 0; ; i += 1) {
    const c = new pg.Client({ connectionString: cluster.adminUrl() });
    await c.connect();
    const on = (await c.query<{ ssl: string }>('SHOW ssl')).rows[0]?.ssl === 'on';
    await c.end();
    if (on) break;
    if (i > 200) throw new Error('PostgreSQL did not turn TLS on after a reload.');
    await new Promise((r) => setTimeout(r, 50));
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
