/**
 * The README's screenshots, reproducible by one command: `npm run screenshots` (SCREENSHOTS=1; skipped otherwise,
 * so an ordinary test run never touches docs/). Every main view (test/e2e/views.ts) at the sizes councils issue —
 * 1280×720, 1366×768, 1440×900 and 1920×1080 — light and dark, written to docs/screenshots/VIEW-WxH-SCHEME.png.
 * Deterministic: the LGA sample on a fresh SQLite file, the handlers' clock and the page's clock both fixed at
 * 20/04/2026 09:00 (Europe/London), the window's own size (not the full page), animations off.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';
import { MAIN_VIEWS, reset } from './views.ts';

const OUT = resolve(import.meta.dirname, '../../docs/screenshots');
const FIXED = new Date('2026-04-20T09:00:00Z');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

const on = process.env['SCREENSHOTS'] === '1';

let harness: Harness;
beforeAll(async () => {
  if (!on) return;
  harness = await startHarness();
  mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await harness?.close();
});

describe.skipIf(!on)('screenshots for the README (npm run screenshots)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const size of SIZES) {
      const tag = `${size.width}x${size.height}-${scheme}`;
      it(`every main view at ${size.width}×${size.height}, ${scheme}`, async () => {
        const app = await harness.open({ start: 'sample', viewport: size, now: () => new Date(FIXED) });
        const { page } = app;
        await page.clock.setFixedTime(FIXED);
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await page.reload();
        await page.getByTestId('risk-table').waitFor();
        for (const view of MAIN_VIEWS) {
          await reset(page);
          await view.open(page);
          await page.mouse.move(0, 0);
          // Let the layout settle (fonts, the table's window, the panel).
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          await page.waitForTimeout(150);
          await page.screenshot({
            path: join(OUT, `${view.name}-${tag}.png`),
            animations: 'disabled',
            caret: 'hide',
          });
        }
        expect(app.problems).toEqual([]);
        await page.context().close();
      }, 300_000);
    }
  }
});
