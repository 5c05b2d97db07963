/**
 * Print a route of the built renderer to PDF in Chromium (playwright-core): a fresh page whose `window.api`
 * goes straight to the handler table, the route drawn until it says it is ready, then `page.pdf()` with the
 * board pack's settings. Used by the CLI (db/pdf/chromium.ts) and the e2e harness.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { CHANNELS } from '../../shared/contract/index.ts';
import {
  parseBoardPackRoute,
  PDF_HEADER_TEMPLATE,
  PDF_MARGIN_MM,
  pdfFooterTemplate,
  PRINT_NEXT_FUNCTION,
} from '../../shared/export/board-pack.ts';
import { AppError } from '../../shared/errors.ts';

/** What `window.api[channel](input)` resolves to: the handler table's result. */
export type Dispatcher = (channel: string, input: unknown) => Promise<unknown>;

/** The board pack's data, read in Node while the page starts: the request the page will make and its answer. */
interface Prefetched {
  input: string;
  result: unknown;
}

/**
 * In the page: `window.api` with one function per channel through the `__rrPrintCall` binding. The pack's own data
 * call, when it asks exactly what was read ahead (`prefetched`), is answered at once from that copy, once; any
 * other call (or a second one) goes through the binding as before. A page kept for the next print is handed that
 * print's copy through `__rrPrintAhead` (replacing any copy not used).
 */
function installApi({ channels, prefetched }: { channels: string[]; prefetched: Prefetched | null }): void {
  const w = globalThis as unknown as { __rrPrintCall: (channel: string, input: unknown) => Promise<unknown> };
  let ahead = prefetched;
  const api: Record<string, unknown> = {};
  for (const c of channels) {
    api[c] = (input: unknown) => {
      if (ahead && c === 'export:board-pack' && JSON.stringify(input ?? {}) === ahead.input) {
        const { result } = ahead;
        ahead = null;
        return Promise.resolve(result);
      }
      return w.__rrPrintCall(c, input ?? {});
    };
  }
  api['on'] = () => () => undefined;
  Object.defineProperty(globalThis, 'api', { value: Object.freeze(api) });
  Object.defineProperty(globalThis, '__rrPrintAhead', {
    value: (next: Prefetched | null) => {
      ahead = next;
    },
  });
}

/**
 * In the page: the next print's read-ahead copy, then its route handed to the print view's own function
 * (renderer/main.tsx); true once the previous pack is replaced by the new one (not yet drawn).
 */
function handOver({
  fn,
  route,
  prefetched,
}: {
  fn: string;
  route: string;
  prefetched: Prefetched | null;
}): boolean {
  const w = globalThis as unknown as Record<string, unknown>;
  const setAhead = w['__rrPrintAhead'];
  const next = w[fn];
  if (typeof setAhead !== 'function' || typeof next !== 'function') return false;
  (setAhead as (p: Prefetched | null) => void)(prefetched);
  return (next as (r: string) => boolean)(route) === true;
}

/** In the page: has the pack said it is drawn? (A function, not a string: the page's CSP forbids eval.) */
function packReady(): boolean {
  const d = (
    globalThis as unknown as {
      document: { querySelector(s: string): { dataset: Record<string, string> } | null };
    }
  ).document;
  return d.querySelector('[data-testid="board-pack"]')?.dataset['ready'] === 'true';
}

/**
 * Until the pack says it is drawn. Checked every animation frame (`polling: 'raf'`): `waitForSelector` polls
 * at widening intervals (up to 500 ms between checks), which a print paid as idle time after the pack was ready.
 */
async function waitUntilDrawn(page: Page): Promise<void> {
  await page.waitForFunction(packReady, null, { polling: 'raf', timeout: 30_000 });
  const error = await page.$('[data-testid="board-pack-error"]');
  if (error) {
    throw new AppError('VALIDATION', (await error.textContent()) ?? 'The board pack could not be drawn.');
  }
}

/**
 * A fresh page of the context with the route drawn, exactly as `printRouteToPdf` prints it (its `window.api`
 * going to `dispatch`); the caller closes it. Tests read the page the PDF is printed from through this.
 */
/** The board pack's data for `route`, read in Node (null when the route is not the pack's, or the read failed). */
function readAhead(route: string, dispatch: Dispatcher): Promise<Prefetched | null> {
  const request = parseBoardPackRoute(route);
  return request
    ? dispatch('export:board-pack', request).then(
        (result) => ({ input: JSON.stringify(request), result }),
        () => null,
      )
    : Promise.resolve(null);
}

export async function openPrintRoute(
  context: BrowserContext,
  baseUrl: string,
  route: string,
  dispatch: Dispatcher,
): Promise<Page> {
  // The board pack's data is read while Chromium starts the page, and handed to the page with its bridge, so the
  // pack draws without a round trip through the binding (issue 14). A refusal is handed over the same way.
  const ahead = readAhead(route, dispatch);
  const page = await context.newPage();
  try {
    // Two round trips to the browser, sent together.
    await Promise.all([
      page.exposeBinding('__rrPrintCall', (_source, channel: string, input: unknown) =>
        dispatch(channel, input),
      ),
      ahead.then((prefetched) => page.addInitScript(installApi, { channels: [...CHANNELS], prefetched })),
    ]);
    await page.goto(new URL(route, baseUrl).href);
    await waitUntilDrawn(page);
    return page;
  } catch (e) {
    await page.close();
    throw e;
  }
}

/**
 * A page `openPrintRoute` opened, kept after its print (a warm print page), now showing `route` drawn: its data read
 * ahead in Node as for a new page, the route handed to the print view's own function (no navigation, no bundle to
 * load again), then the same wait for ready. The previous pack is off the page before the wait starts, so what is
 * printed is this request's alone. Throws (and the caller drops the page) if the page cannot take the route.
 */
export async function showNextRoute(page: Page, route: string, dispatch: Dispatcher): Promise<void> {
  const prefetched = await readAhead(route, dispatch);
  const taken = await page.evaluate(handOver, { fn: PRINT_NEXT_FUNCTION, route, prefetched });
  if (!taken) throw new AppError('INTERNAL', 'The print page could not take the next board pack.');
  await waitUntilDrawn(page);
}

/** `page.pdf()` with the board pack's settings: A4 landscape, backgrounds, the footer, the pack's margins. */
export async function pagePdf(page: Page, footer: string): Promise<Uint8Array> {
  const mm = (n: number) => `${n}mm`;
  const pdf = await page.pdf({
    format: 'A4',
    landscape: true,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: PDF_HEADER_TEMPLATE,
    footerTemplate: pdfFooterTemplate(footer),
    margin: {
      top: mm(PDF_MARGIN_MM.top),
      right: mm(PDF_MARGIN_MM.right),
      bottom: mm(PDF_MARGIN_MM.bottom),
      left: mm(PDF_MARGIN_MM.left),
    },
  });
  return new Uint8Array(pdf);
}

/** One print on a page of its own, closed after (the e2e harness's prints). */
export async function printRouteToPdf(
  context: BrowserContext,
  baseUrl: string,
  route: string,
  footer: string,
  dispatch: Dispatcher,
): Promise<Uint8Array> {
  const page = await openPrintRoute(context, baseUrl, route, dispatch);
  try {
    return await pagePdf(page, footer);
  } finally {
    await page.close();
  }
}
