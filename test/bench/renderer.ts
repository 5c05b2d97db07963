/**
 * The renderer in Chromium at N risks, beside a plain-DOM floor page fed the same data through the same bridge:
 * used by `npm run bench` (test/bench/ops.ts, operation `renderer`), one page per child process.
 *
 * The bridge costs what Electron's IPC costs: each call crosses as one JSON string each way over the loopback HTTP
 * server that serves the page (`fetch('/__rr/CHANNEL', { method: 'POST', body })` in the page, `JSON.stringify` of
 * the handler's answer in Node, one `JSON.parse` in the page); no DevTools protocol in the data path (see
 * docs/performance.md, "Eighth round (branch `rend6`)"). RR_BENCH_BRIDGE=cdp selects the earlier bridge (Playwright's
 * `exposeBinding`, the answer string carried through the DevTools protocol) to compare. Behind either is the real
 * handler table on the register file. What is measured, in the page (`performance.now()`, long tasks by Chromium's
 * `longtask` observer):
 *
 *   firstRows     navigation start → the first risk row is in the page
 *   wholeList     navigation start → the whole list is in (rows in the page and no "Loading risks…" line,
 *                 `load-progress`; the floor page reads the whole list in one answer, so it equals its first rows)
 *   afterFirst    the longest task from the first rows until 1 s after the whole list (at least 3 s): a freeze
 *                 while later pages arrive, or while a late answer is taken in
 *   loadCpu       the page's main thread CPU time (Chromium's `ThreadTime` metric) over that same span: the work of
 *                 taking the later pages in, which unlike the wall times barely moves with the machine's load
 *   keystroke     the slowest of the four keystrokes typing "fund" in the search box, input → next frame
 *   sort          a click on the score column's sort → next frame
 *   scrollTasks   long tasks (> 50 ms) over 20 scroll jumps across the whole table
 *   scrollLongest the longest of those tasks (0 when there is none)
 *   scrollWrong   jumps after which the rows in the page were not the rows at that scroll position (correctness);
 *                 null (not applicable) when the scroll box cannot scroll (scrollHeight ≤ clientHeight), or its
 *                 rows are not the fixed-height window the check assumes (the app draws a register under
 *                 VIRTUALISE_FROM rows whole, each row as tall as its text): at 20 risks the check counted 15
 *   scrollNodes   DOM nodes (elements and text) added to the scroll box over those jumps: the work of a jump that
 *                 does not depend on the machine's load (new rows mounted, against rows updated in place)
 *   heapMb        the page's JS heap after all that
 *
 * Search, sort and the jumps are measured once the list is whole (at 100,000 risks the pages take seconds to
 * arrive; measured earlier they would time a part of the register). RR_BENCH_CPU_THROTTLE=<rate> slows the page's
 * CPU by that factor (Chromium's `Emulation.setCPUThrottlingRate`, from navigation on, app and floor alike) to see
 * the loading phase as on a slower laptop; RR_BENCH_PROFILE_LOAD=<file.cpuprofile> saves a CPU profile from the
 * first rows to the whole list.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export type RendererFigures = Record<
  | 'firstRows'
  | 'wholeList'
  | 'afterFirst'
  | 'loadCpu'
  | 'keystroke'
  | 'sort'
  | 'scrollTasks'
  | 'scrollLongest'
  | 'scrollNodes'
  | 'heapMb',
  number
> & { scrollWrong: number | null };

/** The CPU throttling rate asked for with RR_BENCH_CPU_THROTTLE (1 = none). */
export function cpuThrottle(): number {
  const rate = Number(process.env['RR_BENCH_CPU_THROTTLE'] || 1);
  if (!Number.isFinite(rate) || rate < 1) throw new Error('RR_BENCH_CPU_THROTTLE must be a number ≥ 1');
  return rate;
}

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Row height of the app's long table (RiskTable's ROW_HEIGHT); the floor page uses the same. */
const ROW = 62;

/** The plain-DOM floor: the same list through the same bridge, a hand-made window of rows, a search, a sort. */
const FLOOR_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title>
<style>body{margin:0;font:13px sans-serif}#s{height:700px;overflow:auto}#s table{border-collapse:collapse;width:100%}
td{height:${ROW - 1}px;border-bottom:1px solid #ccc;overflow:hidden;vertical-align:top}</style></head>
<body><input data-testid="table-search"><button data-testid="sort-score">Score</button>
<div id="s" data-testid="table-scroll"><div id="pad"><table><tbody id="b"></tbody></table></div></div>
<script>
(async () => {
  const r = await window.api['risks:list-with-revision']({});
  const all = r.value.risks.filter((x) => !x.archivedAt);
  const hay = all.map((x) => (x.ref + '\\n' + x.description + '\\n' + x.mitigation + '\\n' + x.owners.join(' ')).toLowerCase());
  let shown = all.map((_, i) => i);
  const s = document.getElementById('s'), pad = document.getElementById('pad'), b = document.getElementById('b');
  const draw = () => {
    pad.style.height = shown.length * ${ROW} + 'px';
    const first = Math.floor(s.scrollTop / ${ROW});
    b.parentElement.style.transform = 'translateY(' + first * ${ROW} + 'px)';
    b.textContent = '';
    for (let k = first; k < Math.min(shown.length, first + 16); k++) {
      const x = all[shown[k]], tr = document.createElement('tr');
      tr.dataset.riskId = x.id; tr.dataset.index = String(k);
      for (const v of [x.ref, x.description, x.impact * x.likelihood, x.mitigation, x.owners.join(', ')]) {
        const td = document.createElement('td'); td.textContent = String(v); tr.append(td);
      }
      b.append(tr);
    }
  };
  s.addEventListener('scroll', draw);
  document.querySelector('input').addEventListener('input', (e) => {
    const words = e.target.value.toLowerCase().split(/\\s+/).filter(Boolean);
    shown = [];
    for (let i = 0; i < all.length; i++) if (words.every((w) => hay[i].includes(w))) shown.push(i);
    draw();
  });
  document.querySelector('button').addEventListener('click', () => {
    shown.sort((a, c) => all[c].impact * all[c].likelihood - all[a].impact * all[a].likelihood);
    draw();
  });
  draw();
})();
</script></body></html>`;

/**
 * Installed before any page script: when the first row appears, when the list is whole (rows and no
 * "Loading risks…" line), and every long task.
 */
export function probes(): void {
  const w = window as unknown as {
    __firstRowsAt?: number;
    __wholeAt?: number;
    __longTasks: { at: number; ms: number }[];
  };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const mo = new MutationObserver(() => {
    if (!document.querySelector('tr[data-risk-id]')) return;
    const now = performance.now();
    w.__firstRowsAt ??= now;
    if (!document.querySelector('[data-testid="load-progress"]')) {
      w.__wholeAt = now;
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
}

/**
 * The bridge: `window.api[channel](input)` → a same-origin POST of the input as one JSON string → the handler
 * table's answer as one JSON string → one `JSON.parse` in the page.
 */
export function httpBridge(channels: readonly string[]): void {
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
  api.on = () => () => undefined;
  Object.defineProperty(window, 'api', { value: Object.freeze(api) });
}

/** The earlier bridge (RR_BENCH_BRIDGE=cdp): the answer string crosses the DevTools protocol (`exposeBinding`). */
function cdpBridge(channels: readonly string[]): void {
  const w = window as unknown as { __rrJson: (c: string, i: unknown) => Promise<string> };
  const api: Record<string, unknown> = {};
  for (const c of channels) api[c] = async (input: unknown) => JSON.parse(await w.__rrJson(c, input ?? {}));
  api.on = () => () => undefined;
  Object.defineProperty(window, 'api', { value: Object.freeze(api) });
}

/** Time from `act` (run in the page) to the next frame after it. */
async function toNextFrame(page: Page, act: string): Promise<number> {
  return page.evaluate(async (code) => {
    const t = performance.now();
    new Function(code)();
    await new Promise<void>((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    return performance.now() - t;
  }, act);
}

const TYPE = (value: string) => `
  const el = document.querySelector('[data-testid="table-search"]');
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, ${JSON.stringify(value)});
  el.dispatchEvent(new Event('input', { bubbles: true }));`;

/**
 * Open the app (`which` = 'app', from `distDir`) or the floor page on the register at `dbPath` and measure it.
 * `dispatch` is the real handler table with that register open.
 */
export async function measureRenderer(
  which: 'app' | 'floor',
  distDir: string,
  channels: readonly string[],
  dispatch: (channel: string, input: unknown) => Promise<unknown>,
): Promise<RendererFigures> {
  const { serveStatic } = await import('../../db/pdf/serve-static.ts');
  const floorDir = mkdtempSync(join(tmpdir(), 'rr-floor-'));
  writeFileSync(join(floorDir, 'index.html'), FLOOR_HTML);
  const cdp = process.env['RR_BENCH_BRIDGE'] === 'cdp';
  // RR_BENCH_BRIDGE_LOG=1 prints each call's handler time, JSON.stringify time and size to stderr (since the page opened).
  const log = process.env['RR_BENCH_BRIDGE_LOG'] === '1';
  const t0 = performance.now();
  const answer = async (channel: string, input: unknown): Promise<string> => {
    const a = performance.now();
    const value = await dispatch(channel, input);
    const b = performance.now();
    const text = JSON.stringify(value);
    if (log)
      process.stderr.write(
        `bridge ${channel} at ${(a - t0).toFixed(0)} ms: handler ${(b - a).toFixed(0)} ms, stringify ${(performance.now() - b).toFixed(0)} ms, ${(text.length / 1e6).toFixed(1)} MB\n`,
      );
    return text;
  };
  const server = await serveStatic(
    which === 'app' ? distDir : floorDir,
    cdp ? undefined : (channel, body) => answer(channel, JSON.parse(body) as unknown),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
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
    const session = await context.newCDPSession(page);
    const throttle = cpuThrottle();
    if (throttle > 1) await session.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    if (cdp) {
      await page.exposeBinding('__rrJson', (_src, channel: string, input: unknown) => answer(channel, input));
      await page.addInitScript(cdpBridge, channels);
    } else await page.addInitScript(httpBridge, channels);
    await page.addInitScript(probes);
    // The first answers can hold this process for seconds at 100,000 risks: wait for the rows, not for "load".
    await page.goto(url, { waitUntil: 'commit', timeout: 600_000 });
    await page.waitForFunction(
      () => (window as { __firstRowsAt?: number }).__firstRowsAt !== undefined,
      null,
      {
        timeout: 600_000,
        polling: 50,
      },
    );
    const firstRows = await page.evaluate(
      () => (window as unknown as { __firstRowsAt: number }).__firstRowsAt,
    );
    await session.send('Performance.enable');
    const threadTime = async () => {
      const { metrics } = await session.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
    };
    const cpu0 = await threadTime();
    const loadProfile = process.env['RR_BENCH_PROFILE_LOAD'];
    if (loadProfile) {
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 200 });
      await session.send('Profiler.start');
    }
    // The pages after the first: search, sort and the jumps wait for the whole list.
    await page.waitForFunction(() => (window as { __wholeAt?: number }).__wholeAt !== undefined, null, {
      timeout: 600_000,
      polling: 50,
    });
    const wholeList = await page.evaluate(() => (window as unknown as { __wholeAt: number }).__wholeAt);
    if (loadProfile) {
      const { profile: data } = await session.send('Profiler.stop');
      await session.send('Profiler.disable');
      writeFileSync(`${loadProfile.replace(/\.cpuprofile$/, '')}-${which}.cpuprofile`, JSON.stringify(data));
    }
    // Anything the whole list sets off (its last render, reads it asks for) within 1 s, and at least 3 s.
    const settled = Math.max(wholeList + 1000, firstRows + 3000);
    await page.waitForFunction((t) => performance.now() >= t, settled, { timeout: 600_000, polling: 50 });
    const loadCpu = (await threadTime()) - cpu0;
    const tasks = () =>
      page.evaluate(() => (window as unknown as { __longTasks: { at: number; ms: number }[] }).__longTasks);
    const afterFirst = Math.max(
      0,
      ...(await tasks()).filter((t) => t.at >= firstRows && t.at <= settled).map((t) => t.ms),
    );

    // RR_BENCH_PROFILE=<file.cpuprofile> saves a CPU profile of the keystrokes, the sort and the jumps (open it in Chrome's DevTools).
    const profile = process.env['RR_BENCH_PROFILE'];
    if (profile) {
      await session.send('Profiler.enable');
      await session.send('Profiler.start');
    }
    let keystroke = 0;
    for (const v of ['f', 'fu', 'fun', 'fund'])
      keystroke = Math.max(keystroke, await toNextFrame(page, TYPE(v)));
    await toNextFrame(page, TYPE(''));
    await page.waitForTimeout(300);
    const sort = await toNextFrame(page, `document.querySelector('[data-testid="sort-score"]').click();`);
    await page.waitForTimeout(300);

    // 20 jumps over the whole table (a seeded spread), each followed by two frames; then which rows are there.
    // RR_BENCH_TRACE=<file.json> saves a Chromium trace of the jumps alone (style, layout, paint and script by
    // task: open it in DevTools' Performance panel, or sum it with test/bench/trace-summary.ts).
    const trace = process.env['RR_BENCH_TRACE'];
    if (trace)
      await browser.startTracing(page, {
        path: `${trace.replace(/\.json$/, '')}-${which}.json`,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'],
      });
    const before = (await tasks()).length;
    const { wrong: scrollWrong, added: scrollNodes } = await page.evaluate(
      async ({ row, floor }) => {
        const s = document.querySelector<HTMLElement>('[data-testid="table-scroll"]');
        if (!s) throw new Error('no scroll box');
        // A box that cannot scroll (every jump stays at the top), or rows not of the fixed height the check assumes
        // (the app draws a short register whole, each row as tall as its text): "wrong rows" would count nothing real.
        const scrolls =
          s.scrollHeight > s.clientHeight && (floor || s.querySelector('table.virtual') !== null);
        let added = 0;
        const count = (n: Node) => {
          added += 1;
          for (let c = n.firstChild; c; c = c.nextSibling) count(c);
        };
        const mo = new MutationObserver((records) => {
          for (const r of records) r.addedNodes.forEach(count);
        });
        mo.observe(s, { childList: true, subtree: true });
        const head = s.querySelector('thead')?.getBoundingClientRect().height ?? 0;
        // Rows start under the heading: the row under the heading's lower edge is the scroll position's row.
        let wrong = 0;
        for (let k = 0; k < 20; k += 1) {
          const max = s.scrollHeight - s.clientHeight;
          s.scrollTop = Math.round((((k * 7919) % 20) / 19) * max);
          await new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok())));
          const want = Math.floor((s.scrollTop + 2) / row);
          const box = s.getBoundingClientRect();
          const at = document.elementFromPoint(box.left + box.width / 2, box.top + head + 2)?.closest('tr');
          const got = Number(at?.getAttribute('data-index') ?? -1);
          if (Math.abs(got - want) > 1) wrong += 1;
        }
        for (const r of mo.takeRecords()) r.addedNodes.forEach(count);
        mo.disconnect();
        return { wrong: scrolls ? wrong : null, added };
      },
      { row: ROW, floor: which === 'floor' },
    );
    await page.waitForTimeout(200);
    if (trace) await browser.stopTracing();
    const scroll = (await tasks()).slice(before);
    if (profile) {
      const { profile: data } = await session.send('Profiler.stop');
      writeFileSync(`${profile.replace(/\.cpuprofile$/, '')}-${which}.cpuprofile`, JSON.stringify(data));
    }
    const heap = (await session.send('Runtime.getHeapUsage')) as { usedSize: number };
    await context.close();
    return {
      firstRows,
      wholeList,
      afterFirst,
      loadCpu,
      keystroke,
      sort,
      scrollTasks: scroll.length,
      scrollLongest: Math.max(0, ...scroll.map((t) => t.ms)),
      scrollWrong,
      scrollNodes,
      heapMb: heap.usedSize / 1_048_576,
    };
  } finally {
    await browser.close();
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(floorDir, { recursive: true, force: true });
  }
}
