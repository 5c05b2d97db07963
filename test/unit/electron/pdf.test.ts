import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { FakeWebContents } = await import('./fake-electron.ts');
const { boardPackPrintOptions, createPdfRenderer, printNextScript } =
  await import('../../../electron/pdf.ts');
const { isAppWindowContents } = await import('../../../electron/window.ts');
const { appPaths } = await import('../../../electron/paths.ts');
const { PRINT_NEXT_FUNCTION } = await import('../../../shared/export/board-pack.ts');

/**
 * The page as the fake shows it: drawn or not, its refusal, whether it takes a route handed to it (the print view's
 * `PRINT_NEXT_FUNCTION`), and the routes it was handed.
 */
type Page = { ready: boolean; error: string | null; takes: boolean; handed: string[] };
let page: Page;
let trustedWhilePrinting: boolean[];
const PDF = new TextEncoder().encode('%PDF-1.7 board pack');

/** Real Electron throws on a destroyed webContents; so does the fake. */
function alive(contents: { destroyed: boolean }): void {
  if (contents.destroyed) throw new TypeError('Object has been destroyed');
}

const contentsProto = FakeWebContents.prototype as unknown as Record<string, unknown>;
contentsProto['executeJavaScript'] = vi.fn(function (this: { destroyed: boolean }, script: string) {
  alive(this);
  if (script.includes(PRINT_NEXT_FUNCTION)) {
    // The route the shell hands over, read back out of the script as the page would receive it.
    const route = /\((".*")\) === true\)$/.exec(script)?.[1];
    if (route) page.handed.push(JSON.parse(route) as string);
    return Promise.resolve(page.takes);
  }
  return Promise.resolve(page.ready ? { error: page.error } : null);
});
contentsProto['printToPDF'] = vi.fn(function (this: { id: number; destroyed: boolean }) {
  alive(this);
  trustedWhilePrinting.push(isAppWindowContents(this));
  return Promise.resolve(Buffer.from(PDF));
});

beforeEach(() => {
  fake.reset();
  fake.state.ready = true;
  page = { ready: true, error: null, takes: true, handed: [] };
  trustedWhilePrinting = [];
});

type Win = InstanceType<typeof fake.FakeBrowserWindow>;
/** Every window made, destroyed or not (the fake's list drops destroyed ones, as Electron's does). */
const made: Win[] = [];
beforeEach(() => {
  made.length = 0;
  const windows = fake.state.windows;
  windows.push = (...w: Win[]) => {
    made.push(...w);
    return Array.prototype.push.apply(windows, w);
  };
});
/** The fake window as the shell's type (for `owns`). */
const asWindow = (w: Win) => w as unknown as BrowserWindow;

describe('the board pack print settings', () => {
  it('are A4 landscape with backgrounds, margins in inches and a footer with page numbers', () => {
    const o = boardPackPrintOptions('Register – summary as at 22/11/2026');
    expect(o).toMatchObject({
      landscape: true,
      pageSize: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
    });
    expect(o.margins?.bottom).toBeCloseTo(14 / 25.4);
    expect(o.footerTemplate).toContain('summary as at 22/11/2026');
    expect(o.footerTemplate).toContain('<span class="pageNumber"></span>');
  });
});

describe('createPdfRenderer', () => {
  const paths = appPaths('/opt/risk-register');

  it('prints the route in a hidden, sandboxed window of the app page, trusted only while it prints', async () => {
    const { renderPdf } = createPdfRenderer(paths, { idleMs: 0 });
    const data = await renderPdf('#/print/board-pack?scores=current', { footer: 'Footer' });
    expect(new TextDecoder().decode(data)).toBe('%PDF-1.7 board pack');
    const [win] = made;
    if (!win) throw new Error('no window');
    expect(win.options).toMatchObject({ show: false });
    expect(win.options['webPreferences']).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(win.loadURL).toHaveBeenCalledWith(
      'app://risk-register/index.html#/print/board-pack?scores=current',
    );
    expect(trustedWhilePrinting).toEqual([true]);
    expect(isAppWindowContents(win.webContents)).toBe(false);
    // idleMs 0: no window kept.
    expect(win.isDestroyed()).toBe(true);
    expect(fake.state.windows).toHaveLength(0);
  });

  it('passes on the page’s own refusal and still closes the window', async () => {
    page = { ...page, error: 'There is no band “Purple” in this register’s key.' };
    const { renderPdf } = createPdfRenderer(paths);
    await expect(renderPdf('#/print/board-pack', { footer: 'F' })).rejects.toThrow(
      'There is no band “Purple”',
    );
    const [win] = made;
    expect(win?.isDestroyed()).toBe(true);
    expect(trustedWhilePrinting).toEqual([]);
  });

  it('asks the page again after a wait that ended without the pack drawn, then prints', async () => {
    const exec = contentsProto['executeJavaScript'] as ReturnType<typeof vi.fn>;
    exec.mockClear();
    exec.mockImplementationOnce(() => Promise.resolve(null));
    const { renderPdf } = createPdfRenderer(paths);
    const data = await renderPdf('#/print/board-pack', { footer: 'F' });
    expect(new TextDecoder().decode(data)).toBe('%PDF-1.7 board pack');
    expect(exec).toHaveBeenCalledTimes(2);
    // The page is asked to wait (a promise that the DOM change resolves), not polled on a timer by the shell.
    expect(String(exec.mock.calls[0]?.[0])).toContain('MutationObserver');
  });
});

describe('the warm print window', () => {
  const paths = appPaths('/opt/risk-register');
  const FIRST = '#/print/board-pack?scores=current&sort=ref&asAt=2026-11-30&exempt=1';
  const SECOND = '#/print/board-pack?scores=target&sort=score&asAt=2026-11-30&band=Red';

  it('is kept after a print, untrusted, and the next print hands it the route instead of loading a window', async () => {
    const printer = createPdfRenderer(paths);
    await printer.renderPdf(FIRST, { footer: 'F' });
    const [win] = made;
    if (!win) throw new Error('no window');
    expect(win.isDestroyed()).toBe(false);
    expect(printer.owns(asWindow(win))).toBe(true);
    // Between prints the hidden window's IPC is not answered.
    expect(isAppWindowContents(win.webContents)).toBe(false);

    await printer.renderPdf(SECOND, { footer: 'F' });
    expect(made).toHaveLength(1);
    expect(win.loadURL).toHaveBeenCalledTimes(1);
    expect(page.handed).toEqual([SECOND]);
    expect(trustedWhilePrinting).toEqual([true, true]);
    expect(isAppWindowContents(win.webContents)).toBe(false);
    printer.close();
    expect(win.isDestroyed()).toBe(true);
    expect(printer.owns(asWindow(win))).toBe(false);
  });

  it('hands the route as data: quotes and the like in it cannot break out of the script', () => {
    const route = `#/print/board-pack?marking=${encodeURIComponent('A "quoted" \\ mark')}');alert(1);('`;
    const script = printNextScript(route);
    const handed = /\((".*")\) === true\)$/.exec(script)?.[1];
    expect(JSON.parse(handed ?? '""')).toBe(route);
  });

  it('a page that cannot take the route fails that print, is destroyed, and the next print opens a fresh window', async () => {
    const printer = createPdfRenderer(paths);
    await printer.renderPdf(FIRST, { footer: 'F' });
    page.takes = false;
    await expect(printer.renderPdf(SECOND, { footer: 'F' })).rejects.toThrow(/could not take/);
    expect(made[0]?.isDestroyed()).toBe(true);
    page.takes = true;
    await printer.renderPdf(SECOND, { footer: 'F' });
    expect(made).toHaveLength(2);
    expect(made[1]?.loadURL).toHaveBeenCalledWith(`app://risk-register/index.html${SECOND}`);
    printer.close();
  });

  it('a refusal on the warm window destroys it; the next print opens a fresh one', async () => {
    const printer = createPdfRenderer(paths);
    await printer.renderPdf(FIRST, { footer: 'F' });
    page.error = 'There is no band “Purple” in this register’s key.';
    await expect(printer.renderPdf(SECOND, { footer: 'F' })).rejects.toThrow('Purple');
    expect(made[0]?.isDestroyed()).toBe(true);
    page.error = null;
    await printer.renderPdf(FIRST, { footer: 'F' });
    expect(made).toHaveLength(2);
    printer.close();
  });

  it('is not kept when keepWarm says no as the print ends (the user’s last window closed meanwhile)', async () => {
    let userWindows = 1;
    const printer = createPdfRenderer(paths, { keepWarm: () => userWindows > 0 });
    await printer.renderPdf(FIRST, { footer: 'F' });
    expect(made[0]?.isDestroyed()).toBe(false);
    userWindows = 0;
    await printer.renderPdf(SECOND, { footer: 'F' });
    expect(made[0]?.isDestroyed()).toBe(true);
    expect(printer.owns(asWindow(made[0] as Win))).toBe(false);
    expect(fake.state.windows).toHaveLength(0);
  });

  it('is destroyed after idleMs without a print', async () => {
    vi.useFakeTimers();
    try {
      const printer = createPdfRenderer(paths, { idleMs: 60_000 });
      await printer.renderPdf(FIRST, { footer: 'F' });
      await vi.advanceTimersByTimeAsync(59_000);
      expect(made[0]?.isDestroyed()).toBe(false);
      // A print restarts the count.
      await printer.renderPdf(SECOND, { footer: 'F' });
      await vi.advanceTimersByTimeAsync(59_000);
      expect(made[0]?.isDestroyed()).toBe(false);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(made[0]?.isDestroyed()).toBe(true);
      expect(fake.state.windows).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is dropped when its page’s process goes, and the next print opens a fresh window', async () => {
    const printer = createPdfRenderer(paths);
    await printer.renderPdf(FIRST, { footer: 'F' });
    made[0]?.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(made[0]?.isDestroyed()).toBe(true);
    await printer.renderPdf(SECOND, { footer: 'F' });
    expect(made).toHaveLength(2);
    expect(page.handed).toEqual([]);
    printer.close();
  });

  it('prints asked at once take turns on the one window', async () => {
    const printer = createPdfRenderer(paths);
    const order: string[] = [];
    const print = contentsProto['printToPDF'] as ReturnType<typeof vi.fn>;
    const real = print.getMockImplementation();
    print.mockImplementation(function (this: unknown, ...args: unknown[]) {
      order.push(`print after ${page.handed.length} handed`);
      return (real as (...a: unknown[]) => unknown).apply(this, args);
    });
    try {
      await Promise.all([
        printer.renderPdf(FIRST, { footer: 'F' }),
        printer.renderPdf(SECOND, { footer: 'F' }),
      ]);
    } finally {
      print.mockImplementation(real as (...a: unknown[]) => unknown);
    }
    expect(made).toHaveLength(1);
    // The second route is handed over only after the first print is done.
    expect(order).toEqual(['print after 0 handed', 'print after 1 handed']);
    printer.close();
  });
});
