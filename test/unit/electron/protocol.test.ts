/**
 * The app:// scheme: which request maps to which file (pure), and the handler serving real files from a real
 * folder, with their types, the CSP, and a 404 for everything outside dist/renderer.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_CSP,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  resolveAppRequest,
} from '../../../electron/protocol.ts';

const dir = '/opt/risk-register/dist/renderer';

describe('resolveAppRequest', () => {
  it.each([
    ['app://risk-register/index.html', `${dir}/index.html`, 'text/html; charset=utf-8'],
    ['app://risk-register/', `${dir}/index.html`, 'text/html; charset=utf-8'],
    [
      'app://risk-register/index.html#/print/board-pack?scores=current',
      `${dir}/index.html`,
      'text/html; charset=utf-8',
    ],
    ['app://risk-register/index.html?x=1', `${dir}/index.html`, 'text/html; charset=utf-8'],
    [
      'app://risk-register/assets/index-abc123.js',
      `${dir}/assets/index-abc123.js`,
      'text/javascript; charset=utf-8',
    ],
    [
      'app://risk-register/assets/index-abc123.css',
      `${dir}/assets/index-abc123.css`,
      'text/css; charset=utf-8',
    ],
    ['app://risk-register/assets/logo.svg', `${dir}/assets/logo.svg`, 'image/svg+xml'],
    ['app://risk-register/assets/font.woff2', `${dir}/assets/font.woff2`, 'font/woff2'],
    ['app://risk-register/assets/My%20File.PNG', `${dir}/assets/My File.PNG`, 'image/png'],
    ['app://RISK-REGISTER/index.html', `${dir}/index.html`, 'text/html; charset=utf-8'],
  ])('serves %s from %s as %s', (url, file, mimeType) => {
    expect(resolveAppRequest(url, dir)).toEqual({ status: 200, file, mimeType });
  });

  it.each([
    'app://risk-register/../../../etc/passwd.html',
    'app://risk-register/%2e%2e/%2e%2e/etc/passwd.html',
  ])('keeps %s inside dist/renderer (the URL parser drops the dot segments)', (url) => {
    expect(resolveAppRequest(url, dir)).toEqual({
      status: 200,
      file: `${dir}/etc/passwd.html`,
      mimeType: 'text/html; charset=utf-8',
    });
  });

  it.each([
    'app://risk-register/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd.html',
    'app://risk-register/..%2f..%2fsecret.json',
    'app://risk-register/assets/..%5c..%5csecret.json',
    'app://risk-register/a%00.html',
    'app://risk-register/%E0%A4%A.html',
    'app://evil/index.html',
    'app://risk-register.evil/index.html',
    'file:///opt/risk-register/dist/renderer/index.html',
    'https://risk-register/index.html',
    'app://risk-register/main.cjs',
    'app://risk-register/index.js.map',
    'app://risk-register/assets',
    'not a url',
  ])('refuses %s', (url) => {
    const result = resolveAppRequest(url, dir);
    expect(result.status).not.toBe(200);
    expect([400, 404]).toContain(result.status);
  });

  it('answers only GET and HEAD', () => {
    expect(resolveAppRequest('app://risk-register/index.html', dir, 'HEAD').status).toBe(200);
    expect(resolveAppRequest('app://risk-register/index.html', dir, 'POST')).toEqual({
      status: 405,
      reason: 'POST is not allowed',
    });
  });

  it('registers the scheme as standard and secure, with fetch and CORS, and nothing that bypasses the CSP', () => {
    expect(APP_ORIGIN).toBe('app://risk-register');
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    });
  });
});

describe('the app:// handler, over real files', () => {
  let root: string;
  let renderer: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rr-protocol-'));
    renderer = join(root, 'dist', 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Risk Register</title>');
    writeFileSync(join(renderer, 'assets', 'index-abc123.js'), 'export const x = 1;\n');
    writeFileSync(join(root, 'secret.json'), '{"password":"hunter2"}');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') =>
    createAppProtocolHandler(renderer)(new Request(url, { method }));

  it('serves the page with its type, nosniff and the CSP', async () => {
    const response = await get('app://risk-register/index.html#/print/board-pack?asAt=2026-11-22');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(APP_CSP).toContain("default-src 'self'");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(await response.text()).toBe('<!doctype html><title>Risk Register</title>');
  });

  it('serves a module script as JavaScript, without a CSP header of its own', async () => {
    const response = await get('app://risk-register/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(await response.text()).toBe('export const x = 1;\n');
  });

  it('answers HEAD with no body', async () => {
    const response = await get('app://risk-register/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    'app://risk-register/missing.html',
    'app://risk-register/assets/..%2f..%2f..%2fsecret.json',
    'app://risk-register/%2e%2e/%2e%2e/secret.json',
    'app://risk-register/../../secret.json',
  ])('answers 404 for %s, never a file outside dist/renderer', async (url) => {
    const response = await get(url);
    expect([400, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('hunter2');
  });

  it('refuses to write', async () => {
    const response = await get('app://risk-register/index.html', 'POST');
    expect(response.status).toBe(405);
  });
});
