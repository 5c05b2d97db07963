/**
 * The CLI's PDF printer: the built renderer (dist/renderer, from `npm run build`) served on 127.0.0.1 and
 * printed by the system's Chromium through playwright-core. Started on first use; `close()` stops both.
 *
 * It keeps one warm print page: the first print opens a page at the print route (bundle loaded, pack drawn) and
 * keeps it; each later print hands that page the new route (db/pdf/print-route.ts `showNextRoute`: no new page,
 * navigation or bundle), waits for ready and prints. Prints take turns on the one page. The page (and its
 * context) is closed by `close()`, after `idleMs` without a print, and after any print that fails.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserType, Page } from 'playwright-core';
import { AppError } from '../../shared/errors.ts';
import type { RenderPdf } from '../handlers/deps.ts';
import type { Dispatcher } from './print-route.ts';
import { openPrintRoute, pagePdf, showNextRoute } from './print-route.ts';
import { serveStatic } from './serve-static.ts';
import { takingTurns } from '../../shared/turns.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumPdfOptions {
  /** The built renderer: dist/renderer. */
  distDir: string;
  /** The Chromium executable (CHROMIUM_PATH, else /usr/bin/chromium). */
  chromiumPath: string;
  dispatch: Dispatcher;
  /**
   * How long the warm print page is kept after a print (default 60 s); 0 closes it after every print, so each
   * print opens a page of its own.
   */
  idleMs?: number;
}

export const DEFAULT_PRINT_IDLE_MS = 60_000;

export function chromiumPdfRenderer(opts: ChromiumPdfOptions): {
  renderPdf: RenderPdf;
  close: () => Promise<void>;
  /** How many print pages this printer has opened so far (one while its warm page lives). */
  pagesOpened: () => number;
} {
  let started: Promise<{ browser: Browser; server: Server; url: string }> | null = null;

  async function start() {
    if (!existsSync(opts.chromiumPath)) {
      throw new AppError(
        'IO',
        `PDF export needs Chromium, which was not found at ${opts.chromiumPath}. Install it, or set ` +
          'CHROMIUM_PATH to its executable; or export xlsx or csv.',
      );
    }
    if (!existsSync(join(opts.distDir, 'index.html'))) {
      throw new AppError(
        'IO',
        `The PDF board pack is drawn by the app's own pages, which are not built (${opts.distDir} is missing). ` +
          'Run npm run build, then export again.',
      );
    }
    let chromium: BrowserType;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch {
      throw new AppError(
        'IO',
        'PDF export from the command line needs the playwright-core package (npm install). ' +
          'Export xlsx or csv, or the PDF from the app.',
      );
    }
    const server = await serveStatic(opts.distDir);
    const { port } = server.address() as AddressInfo;
    try {
      const browser = await chromium.launch({
        executablePath: opts.chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      });
      return { browser, server, url: `http://127.0.0.1:${port}/` };
    } catch (e) {
      server.close();
      throw new AppError('IO', `Chromium at ${opts.chromiumPath} could not start: ${(e as Error).message}`);
    }
  }

  /** The warm print page and its context, once a print has opened it. */
  let warm: { context: BrowserContext; page: Page } | null = null;
  let idle: ReturnType<typeof setTimeout> | null = null;
  /** Prints take turns: each waits for the one before it to finish with the page. */
  const turnOf = takingTurns();
  let opened = 0;
  const idleMs = opts.idleMs ?? DEFAULT_PRINT_IDLE_MS;

  async function dropPage(): Promise<void> {
    if (idle) clearTimeout(idle);
    idle = null;
    const w = warm;
    warm = null;
    if (w) await w.context.close().catch(() => undefined);
  }

  async function printOnce(route: string, footer: string): Promise<Uint8Array> {
    if (idle) clearTimeout(idle);
    idle = null;
    started ??= start();
    const { browser, url } = await started.catch((e: unknown) => {
      started = null;
      throw e;
    });
    try {
      if (warm && !warm.page.isClosed()) {
        await showNextRoute(warm.page, route, opts.dispatch);
      } else {
        await dropPage();
        const context = await browser.newContext({ locale: 'en-GB' });
        opened += 1;
        try {
          warm = { context, page: await openPrintRoute(context, url, route, opts.dispatch) };
        } catch (e) {
          await context.close().catch(() => undefined);
          throw e;
        }
      }
      const pdf = await pagePdf(warm.page, footer);
      if (idleMs <= 0) {
        await dropPage();
      } else {
        idle = setTimeout(() => void turnOf(dropPage), idleMs);
        // The idle close never keeps the process alive: `close()` (or the process's end) ends it sooner.
        idle.unref();
      }
      return pdf;
    } catch (e) {
      // A failed print (a refusal, a timeout, a crashed page) leaves no page behind: the next opens a fresh one.
      await dropPage();
      throw e;
    }
  }

  return {
    renderPdf: (route, { footer }) => turnOf(() => printOnce(route, footer)),
    pagesOpened: () => opened,
    async close() {
      await turnOf(dropPage);
      if (!started) return;
      const s = await started.catch(() => null);
      started = null;
      if (!s) return;
      await s.browser.close();
      await new Promise<void>((ok) => s.server.close(() => ok()));
    },
  };
}
