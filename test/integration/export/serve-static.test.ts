/**
 * The loopback server that serves the built renderer (board pack printing, browser tests, the renderer bench):
 * files inside its folder only, and — only when given `api` — one JSON string each way on POST /__rr/CHANNEL.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveStatic } from '../../../db/pdf/serve-static.ts';

let root: string;
let server: Server | undefined;

beforeEach(() => {
  mkdirSync('test-output', { recursive: true });
  root = mkdtempSync(join('test-output', 'serve-static-'));
  mkdirSync(join(root, 'site'));
  writeFileSync(join(root, 'site', 'index.html'), '<p>page</p>');
  writeFileSync(join(root, 'secret.txt'), 'outside');
});

afterEach(async () => {
  if (server) await new Promise<void>((ok) => server?.close(() => ok()));
  server = undefined;
  rmSync(root, { recursive: true, force: true });
});

const base = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

describe('serveStatic', () => {
  it('answers POST /__rr/CHANNEL with the string api returns for that channel and body', async () => {
    const seen: [string, string][] = [];
    server = await serveStatic(join(root, 'site'), async (channel, body) => {
      seen.push([channel, body]);
      return JSON.stringify({ ok: true, value: { channel, got: JSON.parse(body) as unknown } });
    });
    const res = await fetch(`${base(server)}/__rr/${encodeURIComponent('risks:list-with-revision')}`, {
      method: 'POST',
      body: JSON.stringify({ includeArchived: true, text: 'é £ 😀' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(await res.text())).toEqual({
      ok: true,
      value: { channel: 'risks:list-with-revision', got: { includeArchived: true, text: 'é £ 😀' } },
    });
    expect(seen).toEqual([['risks:list-with-revision', '{"includeArchived":true,"text":"é £ 😀"}']]);
    // Files are still served beside the bridge.
    expect(await (await fetch(`${base(server)}/`)).text()).toBe('<p>page</p>');
  });

  it('answers 500 with the message when api throws', async () => {
    server = await serveStatic(join(root, 'site'), () => Promise.reject(new Error('No such channel: x.')));
    const res = await fetch(`${base(server)}/__rr/x`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('No such channel: x.');
  });

  it('without api, a POST to /__rr/ is an unknown path, and paths outside the folder stay refused', async () => {
    server = await serveStatic(join(root, 'site'));
    const res = await fetch(`${base(server)}/__rr/risks%3Alist`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect((await fetch(`${base(server)}/..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${base(server)}/index.html`)).status).toBe(200);
  });
});
