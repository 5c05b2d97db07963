import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { FakeWebContents } = await import('./fake-electron.ts');
const { boardPackPrintOptions, createPdfRenderer } = await import('../../../electron/pdf.ts');
const { isAppWindowContents } = await import('../../../electron/window.ts');
const { appPaths } = await import('../../../electron/paths.ts');

type Page = { ready: boolean; error: string | null };
let page: Page;
let trustedWhilePrinting: boolean[];
const PDF = new TextEncoder().encode('%PDF-1.7 board pack');

const proto = fake.FakeBrowserWindow.prototype as unknown as Record<string, unknown>;
proto['destroy'] = vi.fn();
const contentsProto = FakeWebContents.prototype as unknown as Record<string, unknown>;
contentsProto['executeJavaScript'] = vi.fn(() => Promise.resolve(page.ready ? { error: page.error } : null));
contentsProto['printToPDF'] = vi.fn(function (this: { id: number }) {
  trustedWhilePrinting.push(isAppWindowContents(this));
  return Promise.resolve(Buffer.from(PDF));
});

beforeEach(() => {
  fake.reset();
  fake.state.ready = true;
  page = { ready: true, error: null };
  trustedWhilePrinting = [];
});

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
    const render = createPdfRenderer(paths);
    const data = await render('#/print/board-pack?scores=current', { footer: 'Footer' });
    expect(new TextDecoder().decode(data)).toBe('%PDF-1.7 board pack');
    const [win] = fake.state.windows;
    if (!win) throw new Error('no window');
    expect(win.options).toMatchObject({ show: false });
    expect(win.options['webPreferences']).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(win.loadURL).toHaveBeenCalledWith(
      'app://risk-register/index.html#/print/board-pack?scores=current',
    );
    expect(trustedWhilePrinting).toEqual([true]);
    expect(isAppWindowContents(win.webContents)).toBe(false);
    expect((win as unknown as { destroy: ReturnType<typeof vi.fn> }).destroy).toHaveBeenCalled();
  });

  it('passes on the page’s own refusal and still closes the window', async () => {
    page = { ready: true, error: 'There is no band “Purple” in this register’s key.' };
    const render = createPdfRenderer(paths);
    await expect(render('#/print/board-pack', { footer: 'F' })).rejects.toThrow('There is no band “Purple”');
    const [win] = fake.state.windows;
    expect((win as unknown as { destroy: ReturnType<typeof vi.fn> }).destroy).toHaveBeenCalled();
    expect(trustedWhilePrinting).toEqual([]);
  });

  it('asks the page again after a wait that ended without the pack drawn, then prints', async () => {
    const exec = contentsProto['executeJavaScript'] as ReturnType<typeof vi.fn>;
    exec.mockClear();
    exec.mockImplementationOnce(() => Promise.resolve(null));
    const render = createPdfRenderer(paths);
    const data = await render('#/print/board-pack', { footer: 'F' });
    expect(new TextDecoder().decode(data)).toBe('%PDF-1.7 board pack');
    expect(exec).toHaveBeenCalledTimes(2);
    // The page is asked to wait (a promise that the DOM change resolves), not polled on a timer by the shell.
    expect(String(exec.mock.calls[0]?.[0])).toContain('MutationObserver');
  });
});
