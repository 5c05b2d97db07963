/**
 * The renderer is served from a privileged custom scheme, `app://risk-register/…`, not from file://: the
 * grantFileProtocolExtraPrivileges fuse is off (electron-builder.yml), so file:// pages get no more rights than a
 * web page, and a standard, secure scheme gives the page a real origin for its CSP ('self'), module scripts and
 * storage. `resolveAppRequest` is the whole policy (which URL maps to which file, with which type), kept pure so
 * the unit tests reach every case; `createAppProtocolHandler` only reads the file it names.
 */
import type { CustomScheme } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'risk-register';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * standard: relative URLs, an origin and web storage; secure: treated like https (no mixed-content downgrade);
 * supportFetchAPI and corsEnabled: Vite's `<script type="module" crossorigin>` and fetch() of the page's own
 * files. No bypassCSP, no service workers, no streaming.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

/** The Content-Security-Policy sent with every page (the page's own meta tag says the same, minus frame-ancestors). */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The types the built renderer uses. Anything else is not served. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppRequest =
  { status: 200; file: string; mimeType: string } | { status: 400 | 404 | 405; reason: string };

/** Which file of `rendererDir` an app:// request names, or why it is refused. Touches no file. */
export function resolveAppRequest(url: string, rendererDir: string, method = 'GET'): AppRequest {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, reason: `${method} is not allowed` };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400, reason: 'the address is not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) {
    return { status: 404, reason: `${parsed.origin} is not the app` };
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 400, reason: 'the path is not valid percent-encoding' };
  }
  if (path === '/' || path === '') path = '/index.html';
  if (path.includes('\0') || path.includes('\\'))
    return { status: 400, reason: 'the path holds a forbidden character' };
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.'))
    return { status: 404, reason: 'the path leaves the app folder' };
  const file = join(rendererDir, ...segments);
  const inside = relative(rendererDir, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { status: 404, reason: 'the path leaves the app folder' };
  }
  const mimeType = MIME_TYPES[extname(file).toLowerCase()];
  if (!mimeType) return { status: 404, reason: `files of type "${extname(file)}" are not served` };
  return { status: 200, file, mimeType };
}

/** The `protocol.handle('app', …)` handler: serves files of `rendererDir` as `resolveAppRequest` allows. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const resolved = resolveAppRequest(request.url, rendererDir, request.method);
    if (resolved.status !== 200) {
      return new Response(`Not served: ${resolved.reason}.`, {
        status: resolved.status,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
    let body: Buffer;
    try {
      body = await readFile(resolved.file);
    } catch {
      return new Response('Not found.', {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
    const headers: Record<string, string> = {
      'Content-Type': resolved.mimeType,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    if (resolved.mimeType.startsWith('text/html')) headers['Content-Security-Policy'] = APP_CSP;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
