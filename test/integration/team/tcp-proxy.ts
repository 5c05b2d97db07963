/**
 * A TCP proxy between a laptop and PostgreSQL that can lose the server's answer to an operation after the server
 * committed it (`dropReplyAfter`), or hold it (`holdReplyAfter`: the laptop waits for an answer that never comes,
 * so a test can kill it at a known point). It counts `apply_op` calls passing through.
 */
import type { Socket } from 'node:net';
import { connect, createServer } from 'node:net';

export interface Proxy {
  port: number;
  /** apply_op calls seen from laptops so far. */
  applyCalls: () => number;
  /** The server's reply to apply_op call number n (1-based, counted from now) is dropped and the connection cut. */
  dropReplyAfter: (n: number) => void;
  /** The reply to apply_op call number n is held forever; resolves when it has arrived from the server. */
  holdReplyAfter: (n: number) => Promise<void>;
  close: () => Promise<void>;
}

export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<Proxy> {
  let calls = 0;
  let trigger: { at: number; mode: 'drop' | 'hold'; reached: () => void } | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    let armed = false;
    let holding = false;
    client.on('data', (chunk) => {
      if (chunk.includes('apply_op')) {
        calls += 1;
        if (trigger && calls === trigger.at) armed = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (holding) return;
      if (armed && trigger) {
        const t = trigger;
        trigger = null;
        armed = false;
        if (t.mode === 'drop') {
          client.destroy();
          upstream.destroy();
        } else {
          holding = true;
        }
        t.reached();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', () => {
      if (!holding) end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    applyCalls: () => calls,
    dropReplyAfter: (n) => {
      trigger = { at: calls + n, mode: 'drop', reached: () => undefined };
    },
    holdReplyAfter: (n) =>
      new Promise<void>((resolve) => {
        trigger = { at: calls + n, mode: 'hold', reached: resolve };
      }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
