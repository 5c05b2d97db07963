/**
 * The PDF board pack in the app: a hidden window of the app's own page at the print route
 * (`#/print/board-pack?…`, drawn by renderer/io/BoardPack.tsx through the same IPC as the main window), then
 * `webContents.printToPDF` in A4 landscape with backgrounds, page numbers and the as-at date in the footer.
 */
import type { PrintToPDFOptions, WebContents } from 'electron';
import { BrowserWindow } from 'electron';
import type { RenderPdf } from '../db/handlers/deps.ts';
import { PDF_HEADER_TEMPLATE, PDF_MARGIN_MM, pdfFooterTemplate } from '../shared/export/board-pack.ts';
import { AppError } from '../shared/errors.ts';
import type { AppPaths } from './paths.ts';
import { readyWaitScript } from './pdf-ready.ts';
import { denyAllPermissions, guardContents, secureWebPreferences, trustAppContents } from './window.ts';

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

export function createPdfRenderer(paths: AppPaths): RenderPdf {
  return async (route, { footer }) => {
    const win = new BrowserWindow({
      show: false,
      width: 1123,
      height: 794,
      webPreferences: secureWebPreferences(paths.preload),
    });
    const contents = win.webContents;
    const untrust = trustAppContents(contents);
    try {
      denyAllPermissions(contents.session);
      guardContents(contents, paths.indexUrl);
      await win.loadURL(`${paths.indexUrl}${route}`);
      await whenDrawn(contents);
      return new Uint8Array(await contents.printToPDF(boardPackPrintOptions(footer)));
    } finally {
      untrust();
      win.destroy();
    }
  };
}
