// Renders build/icon.svg to build/icon.png (1024 × 1024, transparent corners) with Chromium through playwright-core.
// electron-builder derives the Windows .ico, the macOS .icns and the Linux icon set from icon.png.
// Usage: node build/make-icon.mjs [--chromium /usr/bin/chromium]
/* global URL, console */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({ options: { chromium: { type: 'string', default: '/usr/bin/chromium' } } });
const here = new URL('.', import.meta.url);
const svg = readFileSync(new URL('icon.svg', here), 'utf8');
const size = 1024;

const browser = await chromium.launch({
  executablePath: values.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.setContent(
    `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`,
  );
  const png = await page.screenshot({
    omitBackground: true,
    clip: { x: 0, y: 0, width: size, height: size },
  });
  writeFileSync(new URL('icon.png', here), png);
  console.log(`build/icon.png  ${size} × ${size}  ${(png.length / 1024).toFixed(0)} KiB`);
} finally {
  await browser.close();
}
