/**
 * Serve a built renderer folder (dist/renderer) on 127.0.0.1 at a port the system picks, refusing any path
 * outside the folder. Used to print the board pack with Chromium, and by the browser tests.
 *
 * `api` (optional, the renderer benchmark's bridge): a POST to `/__rr/CHANNEL` is answered with the string `api`
 * returns for that channel and the request's body (one JSON string each way, same origin, nothing else in the data
 * path). Without `api` such a request is refused like any other unknown path.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { extname, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export type ServeApi = (channel: string, body: string) => Promise<string>;

export function serveStatic(dir: string, api?: ServeApi): Promise<Server> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (api && req.method === 'POST' && url.pathname.startsWith('/__rr/')) {
      answerApi(api, decodeURIComponent(url.pathname.slice('/__rr/'.length)), req, res);
      return;
    }
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = resolve(root, rel || 'index.html');
    if (!(file === root || file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}

/** One bridge call: read the body as one string, answer with the one string `api` gives (500 with the message if it throws). */
function answerApi(api: ServeApi, channel: string, req: IncomingMessage, res: ServerResponse): void {
  const parts: Buffer[] = [];
  req.on('data', (b: Buffer) => parts.push(b));
  req.on('end', () => {
    api(channel, Buffer.concat(parts).toString('utf8')).then(
      (text) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(text),
      (e: unknown) =>
        res
          .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          .end(e instanceof Error ? e.message : String(e)),
    );
  });
}
