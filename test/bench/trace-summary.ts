/**
 * Sum a Chromium trace saved by the renderer bench (`RR_BENCH_TRACE`): the long tasks of the main thread
 * (> 50 ms) and, inside them, how much went to script, style, layout, paint and the rest, by event name.
 *
 *   node test/bench/trace-summary.ts /tmp/x-app.json [/tmp/x-floor.json …]
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string } };
}

function summarise(file: string): void {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  // The renderer's main thread: the one named CrRendererMain with the most task time.
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let main: TraceEvent | undefined;
  let most = -1;
  for (const m of mains) {
    let sum = 0;
    for (const e of events)
      if (e.pid === m.pid && e.tid === m.tid && e.name === 'RunTask' && e.dur) sum += e.dur;
    if (sum > most) [main, most] = [m, sum];
  }
  if (!main) throw new Error(`${file}: no renderer main thread`);
  const own = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  const tasks = own.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 50_000);
  const byName = new Map<string, number>();
  let inTasks = 0;
  for (const t of tasks) {
    inTasks += t.dur ?? 0;
    const end = t.ts + (t.dur ?? 0);
    // Self time of each event inside the task: its duration less its direct children's.
    const inside = own.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end);
    const stack: { e: TraceEvent; child: number }[] = [];
    const close = (upTo: number) => {
      while (
        stack.length &&
        (stack.at(-1) as { e: TraceEvent }).e.ts + ((stack.at(-1) as { e: TraceEvent }).e.dur ?? 0) <= upTo
      ) {
        const top = stack.pop() as { e: TraceEvent; child: number };
        const self = (top.e.dur ?? 0) - top.child;
        byName.set(top.e.name, (byName.get(top.e.name) ?? 0) + self);
      }
    };
    let direct = 0;
    for (const e of inside) {
      close(e.ts);
      const parent = stack.at(-1);
      if (parent) parent.child += e.dur ?? 0;
      else direct += e.dur ?? 0;
      stack.push({ e, child: 0 });
    }
    close(Infinity);
    byName.set(
      '(task, not in an event)',
      (byName.get('(task, not in an event)') ?? 0) + (t.dur ?? 0) - direct,
    );
  }
  const ms = (us: number) => (us / 1000).toFixed(1);
  const durs = tasks.map((t) => (t.dur ?? 0) / 1000).sort((a, b) => b - a);
  console.log(
    `${file}: ${tasks.length} long tasks, ${ms(inTasks)} ms in all, longest ${durs
      .slice(0, 5)
      .map((d) => d.toFixed(0))
      .join(', ')} ms`,
  );
  for (const [name, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log(
      `  ${ms(us).padStart(9)} ms  ${((100 * us) / Math.max(1, inTasks)).toFixed(1).padStart(5)}%  ${name}`,
    );
}

for (const f of process.argv.slice(2)) summarise(f);
