/**
 * The PDF board pack in the app: a hidden window of the app's own page at the print route
 * (`#/print/board-pack?…`, drawn by renderer/io/BoardPack.tsx through the same IPC as the main window), then
 * `webContents.printToPDF` in A4 landscape with backgrounds, page numbers and the as-at date in the footer.
 *
 * The window is kept warm for the next print: a later print hands the page its route (the print view's
 * `PRINT_NEXT_FUNCTION`, no new window, load or bundle), waits for ready and prints. The window's IPC is answered
 * only while it prints (trusted for the print, untrusted after, as before). Prints take turns; the window is
 * destroyed by `close()`, after `idleMs` without a print, after a print that fails, and if its page's process goes.
 */
import type { BrowserWindow as BrowserWindowType, PrintToPDFOptions, WebContents } from 'electron';
import { BrowserWindow } from 'electron';
import type { RenderPdf } from '../db/handlers/deps.ts';
import {
  PDF_HEADER_TEMPLATE,
  PDF_MARGIN_MM,
  pdfFooterTemplate,
  PRINT_NEXT_FUNCTION,
} from '../shared/export/board-pack.ts';
import { AppError } from '../shared/errors.ts';
import type { AppPaths } from './paths.ts';
import { readyWaitScript } from './pdf-ready.ts';
import { denyAllPermissions, guardContents, secureWebPreferences, trustAppContents } from './window.ts';
import { takingTurns } from '../shared/turns.ts';

const MM_PER_INCH = 25.4;
const READY_TIMEOUT_MS = 30_000;
/** How long one in-page wait lasts before the shell checks its own deadline and asks again. */
const READY_WAIT_SLICE_MS = 5_000;

/** printToPDF's settings for the board pack (margins in inches, as Electron takes them). */
export function boardPackPrintOptions(footer: string): PrintToPDFOptions {
  const inches = (mm: number) => mm / MM_PER_INCH;
  return {
    landscape: true,
    pageSize: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: PDF_HEADER_TEMPLATE,
    footerTemplate: pdfFooterTemplate(footer),
    margins: {
      top: inches(PDF_MARGIN_MM.top),
      right: inches(PDF_MARGIN_MM.right),
      bottom: inches(PDF_MARGIN_MM.bottom),
      left: inches(PDF_MARGIN_MM.left),
    },
  };
}

async function whenDrawn(contents: WebContents): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const left = until - Date.now();
    if (left <= 0) throw new AppError('INTERNAL', 'The board pack took too long to draw.');
    // The page answers as soon as the pack marks itself drawn (no polling interval to wait out), or null after
    // the slice, and then the deadline is checked again.
    const script = readyWaitScript(Math.min(left, READY_WAIT_SLICE_MS));
    const state = (await contents.executeJavaScript(script)) as { error: string | null } | null;
    if (state) {
      if (state.error) throw new AppError('VALIDATION', state.error);
      return;
    }
  }
}

/** Evaluated in the warm page: hand it the next print's route; true once the previous pack is off the page. */
export function printNextScript(route: string): string {
  const fn = JSON.stringify(PRINT_NEXT_FUNCTION);
  return `(typeof window[${fn}] === 'function' && window[${fn}](${JSON.stringify(route)}) === true)`;
}

/** How long the warm print window is kept after a print. */
export const DEFAULT_PRINT_IDLE_MS = 60_000;

export interface PdfPrinter {
  renderPdf: RenderPdf;
  /** Destroy the warm print window (when the app's last window closes, so the hidden one keeps nothing open). */
  close: () => void;
  /** Whether `win` is this printer's hidden window (warm or printing): not one of the user's windows. */
  owns: (win: BrowserWindowType) => boolean;
}

export interface PdfPrinterOptions {
  /** How long the window is kept after a print (0: a window per print). */
  idleMs?: number;
  /**
   * Asked as a print ends: may its window be kept for the next? main.ts says so only while one of the user's
   * windows is open, so a print that finishes after the user's last window closed (`close()` found no warm window
   * then) leaves no hidden window keeping the app open. Always, when not given.
   */
  keepWarm?: () => boolean;
}

export function createPdfRenderer(
  paths: AppPaths,
  { idleMs = DEFAULT_PRINT_IDLE_MS, keepWarm = () => true }: PdfPrinterOptions = {},
): PdfPrinter {
  let warm: BrowserWindowType | null = null;
  /** The window of the print under way. */
  let printing: BrowserWindowType | null = null;
  let idle: ReturnType<typeof setTimeout> | null = null;
  const turnOf = takingTurns();

  function stopIdle(): void {
    if (idle) clearTimeout(idle);
    idle = null;
  }

  function drop(win: BrowserWindowType | null): void {
    if (win && warm === win) warm = null;
    if (win && !win.isDestroyed()) win.destroy();
  }

  function newWindow(): BrowserWindowType {
    const win = new BrowserWindow({
      show: false,
      width: 1123,
      height: 794,
      webPreferences: secureWebPreferences(paths.preload),
    });
    const contents = win.webContents;
    denyAllPermissions(contents.session);
    guardContents(contents, paths.indexUrl);
    contents.on('render-process-gone', () => drop(win));
    win.on('closed', () => {
      if (warm === win) warm = null;
    });
    return win;
  }

  async function printOnce(route: string, footer: string): Promise<Uint8Array> {
    stopIdle();
    const kept = warm && !warm.isDestroyed() ? warm : null;
    warm = null;
    const win = kept ?? newWindow();
    printing = win;
    const contents = win.webContents;
    const untrust = trustAppContents(contents);
    try {
      if (kept) {
        if (!(await contents.executeJavaScript(printNextScript(route)))) {
          throw new AppError('INTERNAL', 'The print window could not take the next board pack.');
        }
      } else {
        await win.loadURL(`${paths.indexUrl}${route}`);
      }
      await whenDrawn(contents);
      const pdf = new Uint8Array(await contents.printToPDF(boardPackPrintOptions(footer)));
      if (idleMs > 0 && keepWarm()) {
        warm = win;
        idle = setTimeout(() => void turnOf(async () => drop(warm)), idleMs);
      } else {
        drop(win);
      }
      return pdf;
    } catch (e) {
      // A failed print (a refusal, a time-out) leaves no window behind: the next print opens a fresh one.
      drop(win);
      throw e;
    } finally {
      untrust();
      printing = null;
    }
  }

  return {
    renderPdf: (route, { footer }) => turnOf(() => printOnce(route, footer)),
    close() {
      stopIdle();
      drop(warm);
    },
    owns: (win) => win === warm || win === printing,
  };
}
