/**
 * The CLI's PDF printer: the built renderer (dist/renderer, from `npm run build`) served on 127.0.0.1 and
 * printed by the system's Chromium through playwright-core. Started on first use; `close()` stops both.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserType } from 'playwright-core';
import { AppError } from '../../shared/errors.ts';
import type { RenderPdf } from '../handlers/deps.ts';
import type { Dispatcher } from './print-route.ts';
import { printRouteToPdf } from './print-route.ts';
import { serveStatic } from './serve-static.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumPdfOptions {
  /** The built renderer: dist/renderer. */
  distDir: string;
  /** The Chromium executable (CHROMIUM_PATH, else /usr/bin/chromium). */
  chromiumPath: string;
  dispatch: Dispatcher;
}

export function chromiumPdfRenderer(opts: ChromiumPdfOptions): {
  renderPdf: RenderPdf;
  close: () => Promise<void>;
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

  return {
    async renderPdf(route, { footer }) {
      started ??= start();
      const { browser, url } = await started.catch((e: unknown) => {
        started = null;
        throw e;
      });
      const context = await browser.newContext({ locale: 'en-GB' });
      try {
        return await printRouteToPdf(context, url, route, footer, opts.dispatch);
      } finally {
        await context.close();
      }
    },
    async close() {
      if (!started) return;
      const s = await started.catch(() => null);
      started = null;
      if (!s) return;
      await s.browser.close();
      await new Promise<void>((ok) => s.server.close(() => ok()));
    },
  };
}
