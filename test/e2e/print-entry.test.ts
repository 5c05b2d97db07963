/**
 * The board pack's print view loads only what it draws (issue 14, "PDF of the 19-risk sample ≤ 1.0 s"): the built
 * renderer (dist/renderer, `npm run build`) served as the CLI serves it, the print route opened in the system
 * Chromium exactly as the PDF printer opens it (db/pdf/print-route.ts `openPrintRoute`), every script and style
 * the page fetched recorded. The app's own chunk (stores, routes, the register table) is never fetched for a
 * print, and the app's page still loads it (and not the pack's); the page's timeline carries the pack's phases
 * in order (bundle evaluated, data asked and received, fonts, arrows routed, criteria measured, ready), which
 * the benchmark's phase timing reads; the pack's data is read once, in Node while the page starts, and handed to
 * the page with its bridge (no second call through the binding); and a pack the handlers refuse reaches the
 * printer as that refusal.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedPaths } from '../../db/files/grants.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import { DEFAULT_CHROMIUM } from '../../db/pdf/chromium.ts';
import type { Dispatcher } from '../../db/pdf/print-route.ts';
import { openPrintRoute } from '../../db/pdf/print-route.ts';
import { serveStatic } from '../../db/pdf/serve-static.ts';
import { RegisterSession } from '../../db/session.ts';
import type { Channel } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import { boardPackRoute, parseBoardPackRoute } from '../../shared/export/board-pack.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist', 'renderer');
const ROUTE = boardPackRoute({
  scores: 'current',
  bands: null,
  sort: 'ref',
  asAt: '2026-11-30',
  travel: false,
  marking: 'OFFICIAL',
  exempt: false,
});

let out: string;
let server: Server;
let browser: Browser;
let baseUrl: string;
let sample: Dispatcher;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error('dist/renderer is missing: run npm run build first.');
  out = mkdtempSync(join(tmpdir(), 'rr-print-entry-'));
  const h = createHandlers({
    session: new RegisterSession(),
    now: () => new Date('2026-11-30T09:00:00Z'),
    user: () => 'Rita Manager',
    dialogs: noDialogs,
    files: trustedPaths,
  });
  const r = await dispatch(h, 'register:create', { path: join(out, 'lga.riskregister'), sample: true });
  if (!r.ok) throw new Error(r.error.message);
  sample = (channel, input) => dispatch(h, channel as Channel, input as never);
  server = await serveStatic(DIST);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  if (out) rmSync(out, { recursive: true, force: true });
});

/** The built files the page fetched (assets/App-….js and the like), by their name before the hash. */
function fetched(page: Page, into: string[]): void {
  page.on('request', (req) => {
    const m = /\/assets\/([A-Za-z]+)-[^/]*\.(js|css)$/.exec(new URL(req.url()).pathname);
    if (m) into.push(`${m[1]}.${m[2]}`);
  });
}

describe('the board pack print view', () => {
  it("loads the pack's chunk, never the app's, and marks its phases in order", async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const files: string[] = [];
    context.on('page', (p) => fetched(p, files));
    // The handlers as the printer reaches them, each channel asked noted with the pages open at the time: the pack's
    // data is read once, before the page exists (through the page's binding it would be asked with one open).
    const asked: string[] = [];
    const noting: Dispatcher = (channel, input) => {
      asked.push(`${channel} with ${context.pages().length} pages`);
      return sample(channel, input);
    };
    try {
      const page = await openPrintRoute(context, baseUrl, ROUTE, noting);
      expect(asked).toEqual(['export:board-pack with 0 pages']);
      expect(await page.getByTestId('board-pack').getAttribute('data-ready')).toBe('true');
      expect(await page.locator('[data-chip]').count()).toBe(19);
      expect(files).toContain('BoardPack.js');
      expect(files).toContain('BoardPack.css');
      expect(files.filter((f) => f.startsWith('App.'))).toEqual([]);
      const marks = await page.evaluate(() =>
        performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('rr:'))
          .map((m) => m.name),
      );
      expect(marks[0]).toBe('rr:bundle-evaluated');
      expect(marks.at(-1)).toBe('rr:pack-ready');
      for (const phase of ['data-asked', 'data-received', 'fonts-ready', 'criteria-measured'])
        expect(marks).toContain(`rr:pack-${phase}`);
      expect(marks.indexOf('rr:pack-data-received')).toBeGreaterThan(marks.indexOf('rr:pack-data-asked'));
      await page.close();
    } finally {
      await context.close();
    }
  });

  it("the app's page loads the app's chunk and not the pack's", async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const page = await context.newPage();
      const files: string[] = [];
      fetched(page, files);
      const app = page.waitForRequest(/\/assets\/App-[^/]*\.js$/);
      await page.goto(baseUrl);
      await app;
      await page.waitForLoadState('networkidle');
      expect(files).toContain('App.js');
      expect(files.filter((f) => f.startsWith('BoardPack.'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a pack the handlers refuse reaches the printer as that refusal, not a timeout', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    // A handler table with no register open: the pack's data call is refused, as it is after the file went away.
    const none = createHandlers({
      session: new RegisterSession(),
      now: () => new Date(),
      user: () => 'Rita Manager',
      dialogs: noDialogs,
      files: trustedPaths,
    });
    const refuse: Dispatcher = (channel, input) => dispatch(none, channel as Channel, input as never);
    const said = await refuse('export:board-pack', parseBoardPackRoute(ROUTE));
    try {
      expect(said).toMatchObject({ ok: false });
      const message = (said as { error: { message: string } }).error.message;
      await expect(openPrintRoute(context, baseUrl, ROUTE, refuse)).rejects.toThrow(message);
    } finally {
      await context.close();
    }
  });
});
