/**
 * Opening the dashboard of a large register in Chromium, once the list is whole: from the click to the dashboard
 * drawn with the leadership reads answered (every read the click set off answered and taken in, two frames after), the longest task in
 * the page from the click to 1 s after that, the page's main-thread CPU over the same span (`ThreadTime`), and the
 * handler time and answer size of each read. A tree's built renderer (`dist/renderer`, `npm run build`) over that
 * tree's handler table, through the renderer bench's HTTP bridge (one JSON string each way, as Electron's IPC
 * carries one structured clone). Not part of `npm test` or `npm run bench`.
 *
 *   node test/bench/leadership-open.ts TREE REGISTER.sqlite [AS_OF]
 *
 * TREE: this checkout or a base one (with node_modules linked and built); REGISTER: a copy (opened, not written).
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import type { createHandlers as CreateHandlers } from '../../db/handlers/index.ts';
import type { RegisterSession as Session } from '../../db/session.ts';
import type { dispatch as Dispatch } from '../../shared/dispatch.ts';
import { serveStatic } from '../../db/pdf/serve-static.ts';
import { CHANNELS } from '../../shared/contract/index.ts';
import { httpBridge, LAUNCH_ARGS, probes } from './renderer.ts';

const [treeArg, register, asOf] = process.argv.slice(2);
if (!treeArg || !register) throw new Error('usage: node test/bench/leadership-open.ts TREE REGISTER [AS_OF]');
const tree = resolve(treeArg);
const now = () => (asOf ? new Date(`${asOf}T12:00:00`) : new Date());
const { createHandlers } = (await import(resolve(tree, 'db/handlers/index.ts'))) as {
  createHandlers: typeof CreateHandlers;
};
const { RegisterSession } = (await import(resolve(tree, 'db/session.ts'))) as {
  RegisterSession: typeof Session;
};
const { dispatch } = (await import(resolve(tree, 'shared/dispatch.ts'))) as { dispatch: typeof Dispatch };
const { noDialogs } = (await import(resolve(tree, 'db/handlers/deps.ts'))) as {
  noDialogs: Parameters<typeof CreateHandlers>[0]['dialogs'];
};
const { trustedPaths } = (await import(resolve(tree, 'db/files/grants.ts'))) as {
  trustedPaths: Parameters<typeof CreateHandlers>[0]['files'];
};
const session = new RegisterSession();
session.open(register);
const handlers = createHandlers({
  session,
  files: trustedPaths,
  now,
  user: () => 'Bench',
  dialogs: noDialogs,
});

let clickedAt = Infinity;
let inFlight = 0;
const reads: string[] = [];
const server = await serveStatic(join(tree, 'dist/renderer'), async (channel, body) => {
  const a = performance.now();
  inFlight += 1;
  const value = await dispatch(handlers, channel as 'risks:list', JSON.parse(body) as never);
  const b = performance.now();
  const text = JSON.stringify(value);
  if (a >= clickedAt)
    reads.push(
      `${channel} ${body}: handler ${(b - a).toFixed(0)} ms, stringify ${(performance.now() - b).toFixed(0)} ms, ` +
        `${text.length.toLocaleString('en-GB')} bytes`,
    );
  inFlight -= 1;
  return text;
});
const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM_PATH'] || '/usr/bin/chromium',
  args: LAUNCH_ARGS,
});
try {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.addInitScript(httpBridge, CHANNELS);
  await page.addInitScript(probes);
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
    waitUntil: 'commit',
    timeout: 600_000,
  });
  await page.waitForFunction(() => (window as { __wholeAt?: number }).__wholeAt !== undefined, null, {
    timeout: 600_000,
    polling: 100,
  });
  // Let what the whole list sets off (the register view's own reads) finish first.
  await page.waitForTimeout(4000);
  await cdp.send('Performance.enable');
  const threadTime = async () =>
    ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) *
    1000;
  const cpu0 = await threadTime();
  // RR_BENCH_PROFILE=<file.cpuprofile>: a CPU profile of the page from the click to drawn + 1 s.
  const profile = process.env['RR_BENCH_PROFILE'];
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  clickedAt = performance.now();
  const click = await page.evaluate(() => {
    const t = performance.now();
    (document.querySelector('[data-testid="nav-dashboard"]') as HTMLElement).click();
    return t;
  });
  // Every read the click set off answered (none in flight for 300 ms), and each answer taken in by the page.
  for (let quiet = 0; quiet < 6;) {
    await new Promise((ok) => setTimeout(ok, 50));
    quiet = inFlight === 0 && reads.some((r) => r.startsWith('risks:travel')) ? quiet + 1 : 0;
  }
  await page.waitForFunction(
    ([from, n]) =>
      performance.getEntriesByType('resource').filter((e) => e.name.includes('/__rr/') && e.startTime >= from)
        .length >= n,
    [click, reads.length] as const,
    { timeout: 600_000, polling: 20 },
  );
  const drawn = await page.evaluate(
    () =>
      new Promise<number>((done) =>
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))),
      ),
  );
  await page.waitForTimeout(1000);
  const cpu = (await threadTime()) - cpu0;
  if (profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  const longest = await page.evaluate(
    ([from, to]) =>
      Math.max(
        0,
        ...(window as unknown as { __longTasks: { at: number; ms: number }[] }).__longTasks
          .filter((t) => t.at >= from && t.at <= to)
          .map((t) => t.ms),
      ),
    [click, drawn + 1000] as const,
  );
  const figures = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid^="figure-"][data-value]')]
      .map((e) => `${(e as HTMLElement).dataset.testid}=${(e as HTMLElement).dataset.value}`)
      .join(' '),
  );
  process.stdout.write(
    `${tree}\n  click → dashboard drawn with every read answered: ${(drawn - click).toFixed(0)} ms; longest task ` +
      `${longest.toFixed(0)} ms; page main-thread CPU ${cpu.toFixed(0)} ms (click → drawn + 1 s)\n` +
      reads.map((r) => `  ${r}\n`).join('') +
      `  figures: ${figures}\n`,
  );
} finally {
  await browser.close();
  server.close();
  session.close();
}
