/**
 * The PDF board pack's heatmap arrows, checked on the page the PDF is printed from (issue 12, "routed so it covers
 * no label or chip"): a real register (the LGA sample after a snapshot and a quarter of score changes with
 * reasons, the usual five moves and the crowded fifteen of test/e2e/movement-check.ts), the board pack's print
 * route drawn by the built renderer (dist/renderer, `npm run build`) in the system Chromium exactly as the PDF
 * printer opens it (db/pdf/print-route.ts `openPrintRoute`, which `printRouteToPdf` prints), then the same
 * geometry checks as the app's heatmap (`movementProblems`): an arrow per moved risk, each starting at its "was"
 * chip and ending within 4 px of its risk's chip (the two chips that name it; the print has no arrow labels), its
 * line crossing no other chip, "was" chip, cell label or count. Checked as drawn, and again laid out for print
 * (print media, the A4 landscape page's width), where the PDF takes it. The heatmap page of each PDF is written
 * to test-output/pack-arrows/ as a PNG (pdftoppm) to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedPaths } from '../../db/files/grants.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import { DEFAULT_CHROMIUM } from '../../db/pdf/chromium.ts';
import { openPrintRoute, printRouteToPdf } from '../../db/pdf/print-route.ts';
import { serveStatic } from '../../db/pdf/serve-static.ts';
import { RegisterSession } from '../../db/session.ts';
import type { Channel } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { boardPackRoute } from '../../shared/export/board-pack.ts';
import type { Quarter } from './movement-check.ts';
import { CROWDED_MOVES, movementProblems, readPackGeometry, USUAL_MOVES } from './movement-check.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist', 'renderer');
const PNGS = join(ROOT, 'test-output', 'pack-arrows');
/** A4 landscape less the page's 10 mm side margins (db/pdf/print-route.ts, PDF_MARGIN_MM), in CSS px. */
const PRINT_WIDTH = Math.round(((297 - 20) * 96) / 25.4);
const PRINT_HEIGHT = Math.round(((210 - 24) * 96) / 25.4);

let out: string;
let server: Server;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error('dist/renderer is missing: run npm run build first.');
  out = mkdtempSync(join(tmpdir(), 'rr-pack-arrows-'));
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

/** The LGA sample, a snapshot, then each risk of the quarter rescored with a reason. */
async function registerAfter(name: string, moves: Quarter) {
  const session = new RegisterSession();
  session.create(join(out, `${name}.riskregister`));
  let clock = new Date('2026-06-20T09:00:00Z');
  const h = createHandlers({
    session,
    now: () => clock,
    user: () => 'Rita Manager',
    dialogs: noDialogs,
    files: trustedPaths,
  });
  const call = async (c: string, input: unknown) => {
    const r = await dispatch(h, c as Channel, input as never);
    if (!r.ok) throw new Error(`${c} failed: ${r.error.message}`);
    return r.value as unknown;
  };
  await call('register:onboard', { choice: 'sample' });
  clock = new Date('2026-06-30T09:00:00Z');
  await call('snapshots:take', { name: 'Q1 2026/27' });
  clock = new Date('2026-08-12T10:00:00Z');
  // The risks the pack shows as moved: their cell changed (a quarter's score may be the one a risk already
  // had). A risk moving to another cell at the same score (SR14 4×2 → 2×4 in the crowded quarter) moved too,
  // as on the app's heatmap: a "was" chip, an arrow and a line in "What moved" saying the score is unchanged.
  const moved: string[] = [];
  const sameScore: string[] = [];
  for (const [ref, impact, likelihood] of moves) {
    const risks = (await call('risks:list', {})) as RiskRecord[];
    const r = risks.find((x) => x.ref === ref);
    if (!r) throw new Error(`no ${ref}`);
    if (r.impact !== impact || r.likelihood !== likelihood) moved.push(ref);
    if (
      (r.impact !== impact || r.likelihood !== likelihood) &&
      (r.impact ?? 0) * (r.likelihood ?? 0) === impact * likelihood
    )
      sameScore.push(ref);
    await call('risks:update-score', {
      id: r.id,
      version: r.version,
      impact,
      likelihood,
      reason: 'Quarterly review',
    });
  }
  return {
    session,
    moved,
    sameScore,
    dispatch: (c: string, i: unknown) => dispatch(h, c as Channel, i as never),
  };
}

const route = boardPackRoute({
  scores: 'current',
  bands: null,
  sort: 'ref',
  asAt: '2026-09-15',
  travel: true,
  exempt: false,
});

describe('the PDF board pack heatmap arrows, on the page the PDF is printed from', () => {
  for (const [name, moves] of [
    ['usual', USUAL_MOVES],
    ['crowded', CROWDED_MOVES],
  ] as const) {
    it(`${name} quarter (${moves.length} moves): an arrow per move, from its "was" chip to its chip, crossing nothing`, async () => {
      const reg = await registerAfter(name, moves);
      const context = await browser.newContext({ locale: 'en-GB' });
      try {
        const page = await openPrintRoute(context, baseUrl, route, reg.dispatch);
        expect(reg.moved.length).toBeGreaterThanOrEqual(name === 'usual' ? 4 : 12);
        // The crowded quarter holds a move at the same score: SR14, 8 Yellow at 4×2 and at 2×4.
        expect(reg.sameScore).toEqual(name === 'crowded' ? ['SR14'] : []);
        // The arrows are routed in a layout effect once the grid is drawn (before the page says it is ready).
        await page.waitForSelector('[data-testid="bp-arrows"] g[data-arrow]', { timeout: 30_000 });
        const drawn = await readPackGeometry(page);
        expect(drawn.arrows.map((a) => a.ref).sort()).toEqual([...reg.moved].sort());
        expect(movementProblems(drawn)).toEqual([]);
        // The router found a way round everything (what it could not avoid would be counted here).
        const crossings = await page.$$eval('[data-testid="bp-arrows"] g[data-arrow]', (gs) =>
          gs.map((g) => Number(g.getAttribute('data-crossings'))),
        );
        expect(crossings.every((c) => c === 0)).toBe(true);

        // Laid out for print, where the PDF takes it: the arrows still meet their chips and cross nothing.
        await page.emulateMedia({ media: 'print' });
        await page.setViewportSize({ width: PRINT_WIDTH, height: PRINT_HEIGHT });
        const printed = await readPackGeometry(page);
        expect(printed.arrows).toHaveLength(reg.moved.length);
        expect(movementProblems(printed)).toEqual([]);
        await page.close();

        // The PDF itself, its heatmap page as a PNG to look at.
        const pdf = await printRouteToPdf(
          context,
          baseUrl,
          route,
          `${name} · as at 15/09/2026`,
          reg.dispatch,
        );
        mkdirSync(PNGS, { recursive: true });
        const file = join(PNGS, `${name}.pdf`);
        writeFileSync(file, pdf);
        const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
        const at = pages.findIndex((p) => p.includes('Heatmap · current scores')) + 1;
        expect(at).toBeGreaterThan(0);
        // The same-score move is in the heatmap's "What moved" (its chip marked →), the summary's "What moved
        // and why" (with its reason) and the table's Moved column, worded as unchanged. Read in reading order
        // (pdftotext without -layout), since the grid's columns interleave the list's lines in the layout text;
        // compared without white space, which a line break in the middle of "I 2 × L 4" loses.
        const squash = (t: string) => t.replace(/\s+/g, '');
        const raw = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
          .split('\f')
          .map((t) => t.replace(/\s+/g, ''));
        for (const ref of reg.sameScore) {
          const heat = raw[at - 1] ?? '';
          expect(heat).toContain(squash(`${ref} → 8 Yellow (same score), I 4 × L 2 to I 2 × L 4`));
          expect(heat).toContain(squash('→ same score, other cell'));
          const summary = raw.find((p) => p.includes('Whatmovedandwhy')) ?? '';
          expect(summary).toMatch(
            // In full among the first six moves, else by ref in the "and N more" line.
            new RegExp(
              `${ref}→(unchangedat8Yellow,movedfromI4×L2toI2×L4—\\d\\d/\\d\\d/\\d{4}:Quarterlyreview|8(?!\\d))`,
            ),
          );
          expect(raw.slice(at).join('')).toContain(squash('→ unchanged at 8 Yellow, moved from I 4 × L 2'));
        }
        execFileSync('pdftoppm', [
          '-png',
          '-r',
          '110',
          '-f',
          String(at),
          '-l',
          String(at),
          file,
          join(PNGS, name),
        ]);
      } finally {
        await context.close();
        reg.session.close();
      }
    }, 120_000);
  }

  it('the checks find an arrow that leaves from the wrong chip or runs over a chip', () => {
    const geometry = {
      obstacles: [
        { name: 'chip:SR4 was', box: { x: 0, y: 0, w: 40, h: 14 } },
        { name: 'chip:SR4 ↑', box: { x: 200, y: 0, w: 40, h: 14 } },
        { name: 'chip:SR18', box: { x: 100, y: 0, w: 40, h: 14 } },
      ],
      arrows: [
        {
          ref: 'SR4',
          start: { x: 41, y: 7 },
          end: { x: 199, y: 7 },
          target: 1,
          was: 0,
          label: -1,
          points: Array.from({ length: 150 }, (_, i) => ({ x: 45 + i, y: 7 })),
          labelFont: 0,
        },
      ],
    };
    expect(movementProblems(geometry)).toEqual(['SR4: line over chip:SR18']);
    const wrong = {
      ...geometry,
      arrows: geometry.arrows.map((a) => ({ ...a, was: 2, start: { x: 60, y: 30 } })),
    };
    expect(movementProblems(wrong)).toEqual(
      expect.arrayContaining([
        'SR4: starts at "chip:SR18", not its "was" chip',
        expect.stringMatching(/^SR4 starts [\d.]+ px from its "was" chip$/),
      ]),
    );
  });
});
