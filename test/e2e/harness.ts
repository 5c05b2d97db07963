/**
 * The built renderer in Debian's Chromium, against the real handler table on a real temp SQLite file.
 * `window.api` is one function per channel of the contract, each going through `page.exposeBinding`
 * to `dispatch()`, plus `on()`; the harness pushes events as the Electron shell would.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { AppEvents } from '../../shared/contract/index.ts';
import { CHANNELS } from '../../shared/contract/index.ts';
import type { Backend, BackendOptions } from '../renderer/backend.ts';
import { createBackend } from '../renderer/backend.ts';
import { printRouteToPdf } from '../../db/pdf/print-route.ts';
import { serveStatic } from '../../db/pdf/serve-static.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist', 'renderer');
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface AppPage {
  page: Page;
  backend: Backend;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  emit<E extends keyof AppEvents>(event: E, payload: AppEvents[E]): Promise<void>;
  /** Save a PNG under test-output/screenshots and return its path. */
  screenshot(name: string): Promise<string>;
}

export interface Harness {
  browser: Browser;
  url: string;
  open(opts?: BackendOptions & { viewport?: { width: number; height: number } }): Promise<AppPage>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: the e2e global setup builds it.`);
  }
  const server = await serveStatic(DIST);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: LAUNCH_ARGS,
  });
  const pages: AppPage[] = [];

  return {
    browser,
    url,
    async open(opts = {}) {
      const context = await browser.newContext({
        viewport: opts.viewport ?? { width: 1440, height: 900 },
        locale: 'en-GB',
        timezoneId: 'Europe/London',
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });

      const emit = async <E extends keyof AppEvents>(event: E, payload: AppEvents[E]) => {
        await page.evaluate(
          ([e, p]) => (window as unknown as { __rrEmit: (e: string, p: unknown) => void }).__rrEmit(e, p),
          [event, payload] as const,
        );
      };
      const backend: Backend = await createBackend({
        ...opts,
        // As the Electron shell does: every write tells the window the register changed.
        onRegisterChanged: () => void emit('register-changed', null).catch(() => undefined),
        // As the shell's hidden print window does: the board pack route, on a second page, to PDF.
        renderPdf: (route, { footer }) =>
          printRouteToPdf(context, url, route, footer, (channel, input) => backend.dispatch(channel, input)),
      });

      await page.exposeBinding('__rrCall', (source, channel: string, input: unknown) => {
        // The app's own main frame only, as the shell's sender check.
        if (source.frame !== source.page.mainFrame()) {
          return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls from other frames are refused.' } };
        }
        return backend.dispatch(channel, input);
      });
      await page.addInitScript((channels: readonly string[]) => {
        type Listener = (payload: unknown) => void;
        const w = window as unknown as {
          __rrCall: (channel: string, input: unknown) => Promise<unknown>;
        };
        const listeners = new Map<string, Set<Listener>>();
        const api: Record<string, unknown> = {};
        for (const c of channels) api[c] = (input: unknown) => w.__rrCall(c, input ?? {});
        api.on = (event: string, listener: Listener) => {
          const set = listeners.get(event) ?? new Set<Listener>();
          listeners.set(event, set);
          set.add(listener);
          return () => set.delete(listener);
        };
        Object.defineProperty(window, 'api', { value: Object.freeze(api) });
        Object.defineProperty(window, '__rrEmit', {
          value: (event: string, payload: unknown) => {
            for (const l of listeners.get(event) ?? []) l(payload);
          },
        });
      }, CHANNELS);

      await page.goto(url);
      const app: AppPage = {
        page,
        backend,
        problems,
        emit,
        async screenshot(name) {
          mkdirSync(SCREENSHOTS, { recursive: true });
          const path = join(SCREENSHOTS, `${name}.png`);
          await page.screenshot({ path });
          return path;
        },
      };
      pages.push(app);
      return app;
    },
    async close() {
      for (const p of pages) {
        await p.page.context().close();
        p.backend.close();
      }
      await browser.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
