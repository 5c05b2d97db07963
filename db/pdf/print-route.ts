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
 * other call (or a second one) goes through the binding as before.
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
export async function openPrintRoute(
  context: BrowserContext,
  baseUrl: string,
  route: string,
  dispatch: Dispatcher,
): Promise<Page> {
  // The board pack's data is read while Chromium starts the page, and handed to the page with its bridge, so the
  // pack draws without a round trip through the binding (issue 14). A refusal is handed over the same way.
  const request = parseBoardPackRoute(route);
  const ahead: Promise<Prefetched | null> = request
    ? dispatch('export:board-pack', request).then(
        (result) => ({ input: JSON.stringify(request), result }),
        () => null,
      )
    : Promise.resolve(null);
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

export async function printRouteToPdf(
  context: BrowserContext,
  baseUrl: string,
  route: string,
  footer: string,
  dispatch: Dispatcher,
): Promise<Uint8Array> {
  const page = await openPrintRoute(context, baseUrl, route, dispatch);
  try {
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
  } finally {
    await page.close();
  }
}
