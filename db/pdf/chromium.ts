/**
 * The CLI's PDF printer: the built renderer (dist/renderer, from `npm run build`) served on 127.0.0.1 and
 * printed by the system's Chromium through playwright-core. Started on first use; `close()` stops both.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Browser, BrowserType } from 'playwright-core';
import { AppError } from '../../shared/errors.ts';
import type { RenderPdf } from '../handlers/deps.ts';
import type { Dispatcher } from './print-route.ts';
import { printRouteToPdf } from './print-route.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

function serve(dir: string): Promise<Server> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
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
    const server = await serve(opts.distDir);
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
