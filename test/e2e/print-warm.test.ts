/**
 * The CLI printer's warm print page (db/pdf/chromium.ts, issue 14): the first print opens a page and keeps it, the
 * next prints hand it the new request instead of opening another. A second print with a different request (other
 * bands, target scores, sorted by score, no Part B, another marking) prints that request alone: its text and its
 * pages are byte-identical to the same request printed on a page of its own (`pdftotext`, `pdftoppm`), and nothing
 * of the first request (its marking, its Part B and confidential risk) is left in it. A refused request leaves no page behind and
 * the next print still prints right; `idleMs: 0` opens a page per print.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedPaths } from '../../db/files/grants.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import { chromiumPdfRenderer, DEFAULT_CHROMIUM } from '../../db/pdf/chromium.ts';
import type { Dispatcher } from '../../db/pdf/print-route.ts';
import { RegisterSession } from '../../db/session.ts';
import type { BoardPack } from '../../shared/contract/board-pack.ts';
import type { Channel } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import type { BoardPackRequest } from '../../shared/export/board-pack.ts';
import { boardPackRoute } from '../../shared/export/board-pack.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist', 'renderer');
const CHROMIUM = process.env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM;
const FOOTER = 'OFFICIAL · LGA Strategic Risk Register – summary as at 30/11/2026';

const FIRST: BoardPackRequest = {
  scores: 'current',
  bands: null,
  sort: 'ref',
  asAt: '2026-11-30',
  travel: false,
  marking: 'OFFICIAL-SENSITIVE',
  exempt: true,
};

let out: string;
let session: RegisterSession;
let sample: Dispatcher;
/** The second request: one band only (the one with fewest risks), target scores, by score, public, another marking. */
let second: BoardPackRequest;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error('dist/renderer is missing: run npm run build first.');
  out = mkdtempSync(join(tmpdir(), 'rr-print-warm-'));
  session = new RegisterSession();
  const h = createHandlers({
    session,
    now: () => new Date('2026-11-30T09:00:00Z'),
    user: () => 'Rita Manager',
    dialogs: noDialogs,
    files: trustedPaths,
  });
  const ok = async (channel: string, input: unknown) => {
    const r = await dispatch(h, channel as Channel, input as never);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as unknown;
  };
  await ok('register:create', { path: join(out, 'lga.riskregister'), sample: true });
  const list = (await ok('risks:list', {})) as { id: number; ref: string; version: number }[];
  const sr7 = list.find((r) => r.ref === 'SR7');
  if (!sr7) throw new Error('no SR7 in the sample');
  await ok('risks:set-confidential', {
    id: sr7.id,
    version: sr7.version,
    confidential: true,
    reason: 'Commercial negotiation under way',
  });
  sample = (channel, input) => dispatch(h, channel as Channel, input as never);
  const first = (await ok('export:board-pack', FIRST)) as BoardPack;
  const byBand = new Map<string, string[]>();
  for (const r of first.table.rows) {
    if (r.band) byBand.set(r.band.name, [...(byBand.get(r.band.name) ?? []), r.ref]);
  }
  const [band] = [...byBand.entries()].sort((a, b) => a[1].length - b[1].length)[0] ?? [];
  if (!band) throw new Error('no band with risks');
  second = { ...FIRST, scores: 'target', sort: 'score', bands: [band], marking: 'OFFICIAL', exempt: false };
});

afterAll(() => {
  session?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** pdftotext -layout of a PDF. */
function text(pdf: Uint8Array, name: string): string {
  const file = join(out, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Every page of a PDF as PNG bytes (pdftoppm, 50 dpi). */
function pages(pdf: Uint8Array, name: string): Buffer[] {
  const file = join(out, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '50', '-png', file, join(out, `${name}-page`)]);
  return readdirSync(out)
    .filter((f) => f.startsWith(`${name}-page`))
    .sort()
    .map((f) => readFileSync(join(out, f)));
}

describe('the warm print page', () => {
  it('prints a second, different request on the same page, with nothing of the first left', async () => {
    // The second request on a page of its own (a printer that keeps no page), as the reference.
    const alone = chromiumPdfRenderer({ distDir: DIST, chromiumPath: CHROMIUM, dispatch: sample, idleMs: 0 });
    let reference: Uint8Array;
    try {
      await alone.renderPdf(boardPackRoute(FIRST), { footer: FOOTER });
      reference = await alone.renderPdf(boardPackRoute(second), { footer: FOOTER });
      expect(alone.pagesOpened()).toBe(2);
    } finally {
      await alone.close();
    }
    const printer = chromiumPdfRenderer({ distDir: DIST, chromiumPath: CHROMIUM, dispatch: sample });
    try {
      const firstText = text(await printer.renderPdf(boardPackRoute(FIRST), { footer: FOOTER }), 'first');
      const warm = await printer.renderPdf(boardPackRoute(second), { footer: FOOTER });
      expect(printer.pagesOpened()).toBe(1);

      // The first request's own content, so its absence below means something.
      expect(firstText).toContain('OFFICIAL-SENSITIVE');
      expect(firstText).toContain('Part B');
      expect(firstText).toMatch(/\bSR7\b/);

      const warmText = text(warm, 'warm');
      expect(warmText).toBe(text(reference, 'alone'));
      expect(warmText).not.toContain('OFFICIAL-SENSITIVE');
      expect(warmText).not.toContain('Part B');
      expect(warmText).not.toMatch(/\bSR7\b/);
      const warmPages = pages(warm, 'warm');
      const alonePages = pages(reference, 'alone');
      expect(warmPages.length).toBe(alonePages.length);
      warmPages.forEach((png, i) => expect(png.equals(alonePages[i] as Buffer), `page ${i + 1}`).toBe(true));

      // The first request again on the same page prints as it did the first time.
      const again = await printer.renderPdf(boardPackRoute(FIRST), { footer: FOOTER });
      expect(text(again, 'again')).toBe(firstText);
      expect(printer.pagesOpened()).toBe(1);
    } finally {
      await printer.close();
    }
  });

  it("never prints the previous pack while the next request's data is still coming", async () => {
    // The second request's data is not read ahead (that read fails) and the page's own call for it is slow: the
    // previous pack, drawn and ready, stays on the page for that whole time unless it is replaced at once.
    const secondRoute = boardPackRoute(second);
    let reads = 0;
    const slow: Dispatcher = async (channel, input) => {
      if (channel === 'export:board-pack' && boardPackRoute(input as BoardPackRequest) === secondRoute) {
        reads += 1;
        if (reads === 1) throw new Error('no read-ahead this time');
        await new Promise((ok) => setTimeout(ok, 1_500));
      }
      return sample(channel, input);
    };
    const printer = chromiumPdfRenderer({ distDir: DIST, chromiumPath: CHROMIUM, dispatch: slow });
    try {
      await printer.renderPdf(boardPackRoute(FIRST), { footer: FOOTER });
      const warm = text(await printer.renderPdf(boardPackRoute(second), { footer: FOOTER }), 'slow');
      expect(reads).toBe(2);
      expect(printer.pagesOpened()).toBe(1);
      expect(warm).not.toContain('OFFICIAL-SENSITIVE');
      expect(warm).not.toMatch(/\bSR7\b/);
    } finally {
      await printer.close();
    }
  });

  it('a refused request drops the page; the next print opens a fresh one and prints right', async () => {
    const printer = chromiumPdfRenderer({ distDir: DIST, chromiumPath: CHROMIUM, dispatch: sample });
    try {
      await printer.renderPdf(boardPackRoute(FIRST), { footer: FOOTER });
      await expect(
        printer.renderPdf(boardPackRoute({ ...FIRST, bands: ['Purple'] }), { footer: FOOTER }),
      ).rejects.toThrow(/Purple/);
      const next = text(await printer.renderPdf(boardPackRoute(second), { footer: FOOTER }), 'after-refusal');
      expect(printer.pagesOpened()).toBe(2);
      expect(next).not.toContain('OFFICIAL-SENSITIVE');
      expect(next).not.toMatch(/\bSR7\b/);
    } finally {
      await printer.close();
    }
  });

  it('prints asked at once take turns on the one page, each with its own request', async () => {
    const printer = chromiumPdfRenderer({ distDir: DIST, chromiumPath: CHROMIUM, dispatch: sample });
    try {
      const [a, b] = await Promise.all([
        printer.renderPdf(boardPackRoute(FIRST), { footer: FOOTER }),
        printer.renderPdf(boardPackRoute(second), { footer: FOOTER }),
      ]);
      expect(printer.pagesOpened()).toBe(1);
      expect(text(a, 'turn-a')).toContain('OFFICIAL-SENSITIVE');
      expect(text(b, 'turn-b')).not.toContain('OFFICIAL-SENSITIVE');
    } finally {
      await printer.close();
    }
  });
});
