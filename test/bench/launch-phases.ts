/**
 * One launch of a built renderer at a register, phase by phase (issue 14, first rows): what the page fetched and
 * asked for and when (resource timing: request → answer), its marks, the first row, and the main thread's task time
 * until the first row from a Chromium trace — wall and thread CPU (`tdur`), the CPU part barely moving with the
 * machine's load. Same bridge as the renderer bench (test/bench/renderer.ts: HTTP POST `/__rr/CHANNEL`).
 *
 *   node test/bench/launch-phases.ts REGISTER.sqlite [DIST=dist/renderer] [TRACE.json]
 *
 * RR_BENCH_CPU_THROTTLE=<rate> throttles the page's CPU (Chromium's CPU throttling) as in the bench.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { noDialogs } from '../../db/handlers/deps.ts';
import { trustedPaths } from '../../db/files/grants.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import { serveStatic } from '../../db/pdf/serve-static.ts';
import { RegisterSession } from '../../db/session.ts';
import { CHANNELS } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import { LAUNCH_ARGS } from './renderer.ts';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

const [dbPath, dist = 'dist/renderer', keep] = process.argv.slice(2);
if (!dbPath) throw new Error('Usage: node test/bench/launch-phases.ts REGISTER.sqlite [DIST] [TRACE.json]');
const session = new RegisterSession();
const handlers = createHandlers({
  session,
  now: () => new Date(),
  user: () => 'Benchmark',
  dialogs: noDialogs,
  files: trustedPaths,
});
await dispatch(handlers, 'register:open', { path: dbPath } as never);
const server = await serveStatic(dist, async (channel, body) =>
  JSON.stringify(await dispatch(handlers, channel as 'risks:list', JSON.parse(body) as never)),
);
const dir = mkdtempSync(join(tmpdir(), 'rr-launch-'));
const tracePath = keep ?? join(dir, 'trace.json');
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
  const throttle = Number(process.env['RR_BENCH_CPU_THROTTLE'] ?? '');
  if (throttle > 1)
    await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.addInitScript((channels: readonly string[]) => {
    const api: Record<string, unknown> = {};
    for (const c of channels)
      api[c] = async (input: unknown) => {
        const res = await fetch(`/__rr/${encodeURIComponent(c)}`, {
          method: 'POST',
          body: JSON.stringify(input ?? {}),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(text);
        return JSON.parse(text) as unknown;
      };
    api['on'] = () => () => undefined;
    Object.defineProperty(window, 'api', { value: Object.freeze(api) });
    const mo = new MutationObserver(() => {
      if (document.querySelector('tr[data-risk-id]')) {
        performance.mark('rr:first-rows');
        mo.disconnect();
      }
    });
    mo.observe(document, { childList: true, subtree: true });
  }, CHANNELS);
  await browser.startTracing(page, {
    path: tracePath,
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'blink.user_timing',
      'loading',
    ],
  });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('rr:first-rows').length > 0, null, {
    polling: 20,
    timeout: 600_000,
  });
  await page.waitForTimeout(300);
  await browser.stopTracing();
  const lines = await page.evaluate(() => {
    const out: string[] = [];
    const ms = (n: number) => n.toFixed(1).padStart(7);
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    out.push(`${ms(nav.responseEnd)} ms  HTML in`);
    for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      out.push(
        `${ms(r.startTime)} → ${ms(r.responseEnd).trim()} ms  ${r.name.replace(location.origin, '')} (${r.encodedBodySize} B)`,
      );
    for (const m of performance.getEntriesByType('mark')) out.push(`${ms(m.startTime)} ms  mark ${m.name}`);
    for (const p of performance.getEntriesByType('paint')) out.push(`${ms(p.startTime)} ms  ${p.name}`);
    return out;
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  // The page's main thread: its RunTask events from the page's navigation to the first row.
  const raw = JSON.parse(readFileSync(tracePath, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const first = events.find((e) => e.name === 'rr:first-rows');
  if (!first) throw new Error('The trace has no rr:first-rows mark.');
  const main = events.find(
    (e) => e.name === 'thread_name' && e.pid === first.pid && e.args?.name === 'CrRendererMain',
  );
  const starts = events
    .filter((e) => e.pid === first.pid && e.name === 'navigationStart' && e.ts < first.ts)
    .map((e) => e.ts);
  const t0 = Math.max(...starts);
  let wall = 0;
  let cpu = 0;
  for (const e of events)
    if (e.pid === first.pid && e.tid === main?.tid && e.ph === 'X' && e.name === 'RunTask')
      if (e.ts >= t0 && e.ts < first.ts) {
        wall += e.dur ?? 0;
        cpu += e.tdur ?? 0;
      }
  process.stdout.write(
    `first rows ${((first.ts - t0) / 1000).toFixed(1)} ms after navigation; main thread tasks before it: ` +
      `${(wall / 1000).toFixed(1)} ms wall, ${(cpu / 1000).toFixed(1)} ms CPU\n`,
  );
} finally {
  await browser.close();
  server.close();
  session.close();
  rmSync(dir, { recursive: true, force: true });
}
