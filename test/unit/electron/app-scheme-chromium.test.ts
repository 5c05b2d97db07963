/**
 * The real built renderer, served by the app:// handler (electron/protocol.ts), in Debian's Chromium. Chromium
 * outside Electron cannot register the app:// scheme, so Playwright routes one made-up origin to the handler:
 * every byte, status and header the page gets (types, CSP, 404s) comes from the handler, as it would in the app.
 * Proves Vite's module script, stylesheet and assets load with the handler's MIME types under its CSP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, createAppProtocolHandler } from '../../../electron/protocol.ts';
import { CHANNELS } from '../../../shared/contract/index.ts';
import { closeBackends, createBackend } from '../../renderer/backend.ts';

const ORIGIN = 'http://risk-register.invalid';
let out: string;
let browser: Browser;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'rr-app-scheme-'));
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      configFile: resolve('vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true },
    });
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}, 180_000);
afterAll(async () => {
  closeBackends();
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the built renderer over the app:// handler, in Chromium', () => {
  it('loads the page, its module script and its stylesheet with no CSP violation or failed request', async () => {
    const handler = createAppProtocolHandler(out);
    const served: { url: string; status: number; type: string | null }[] = [];
    const context = await browser.newContext();
    await context.route(`${ORIGIN}/**`, async (route) => {
      const appUrl = route.request().url().replace(ORIGIN, APP_ORIGIN);
      const response = await handler(new Request(appUrl, { method: route.request().method() }));
      served.push({ url: appUrl, status: response.status, type: response.headers.get('content-type') });
      await route.fulfill({
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        body: Buffer.from(await response.arrayBuffer()),
      });
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy|MIME type|Failed to load/i.test(m.text())) {
        problems.push(m.text());
      }
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // window.api over the real handler table and a new SQLite register, as the preload gives it in the app.
    const backend = await createBackend({ start: 'new' });
    await page.exposeBinding('__rrCall', (_source, channel: string, input: unknown) =>
      backend.dispatch(channel, input),
    );
    await page.addInitScript((channels: readonly string[]) => {
      const call = (window as unknown as { __rrCall: (c: string, i: unknown) => Promise<unknown> }).__rrCall;
      const api: Record<string, unknown> = { on: () => () => undefined };
      for (const c of channels) api[c] = (input: unknown) => call(c, input ?? {});
      Object.defineProperty(window, 'api', { value: Object.freeze(api) });
    }, CHANNELS);
    await page.goto(`${ORIGIN}/index.html#/`);
    // The module script ran: React rendered into #root.
    await page
      .waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, null, {
        timeout: 30_000,
      })
      .catch((e: unknown) => {
        throw new Error(
          `#root stayed empty: ${String(e)}\nproblems: ${problems.join('\n')}\nserved: ${JSON.stringify(served)}`,
        );
      });
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toMatch(/Risk Register|register/i);
    const sheets = await page.evaluate(() => document.styleSheets.length);
    await context.close();

    expect(problems).toEqual([]);
    expect(sheets).toBeGreaterThan(0);
    expect(served.find((s) => s.url === `${APP_ORIGIN}/index.html`)).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
    });
    expect(
      served.some((s) => s.url.endsWith('.js') && s.status === 200 && s.type?.startsWith('text/javascript')),
    ).toBe(true);
    expect(
      served.some((s) => s.url.endsWith('.css') && s.status === 200 && s.type?.startsWith('text/css')),
    ).toBe(true);
    expect(served.filter((s) => s.status !== 200)).toEqual([]);
  }, 60_000);
});
