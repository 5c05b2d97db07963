/**
 * Each operation of issue 14 beside its floor, measured in the same run: `npm run bench [-- options]` (also
 * `npm run bench:ops`; the older per-path timings are `npm run bench:paths`).
 *
 *   --sizes 20,1000,10000,100000   register sizes (default: all four; `--quick`, or CI=true, = 20,1000,10000)
 *   --repeats N                    runs of each operation and of its floor (default 3); median and spread reported
 *   --only import,list,…           operations to run (import, import-xlsx: with its preview and commit apart, the
 *                                  commit beside SQLite writing the same rows (import-write-floor) and LibreOffice
 *                                  opening the file, import-answer: what the window pays for the
 *                                  preview's answer, every row as before or the first page, import-main: the main
 *                                  thread's busy time during the XLSX preview and commit through the worker, as
 *                                  the window asks them, list, export-csv,
 *                                  export-xlsx, pdf, cli-start,
 *                                  set-score, renderer: the built renderer in Chromium beside a plain-DOM floor page;
 *                                  team: the team register's figures on a throwaway PostgreSQL cluster,
 *                                  test/bench/team.ts, skipped with the reason when the PostgreSQL binaries are missing)
 *   --json FILE                    where the JSON goes (default test-output/bench-ops.json)
 *   --data DIR                     keep the generated registers in DIR and reuse them on the next run (before/after
 *                                  comparisons without generating 100,000 risks again)
 *
 * LibreOffice Calc is the peer of `import-xlsx` (it opens the same summary XLSX) and `export-xlsx` (it saves the same
 * rows as XLSX): measured when `soffice` is on PATH and a Python with UNO is installed (Debian: `apt-get install -y
 * python3-uno`), by test/bench/libreoffice.py, which starts one headless soffice per run with a private profile and
 * times only loadComponentFromURL / storeToURL (soffice's CPU read from /proc around the call), alternating with
 * the app's runs; otherwise issue 14's figure at 100,000, labelled as quoted. The bench never fails without it.
 *
 * RR_BENCH_DIST=<folder> measures another build of the renderer (default dist/renderer; build it first with
 * `npx vite build`); RR_BENCH_PROFILE=<file> saves a CPU profile of the renderer's scroll jumps,
 * RR_BENCH_PROFILE_LOAD=<file> one of its load from the first rows to the whole list; RR_BENCH_CPU_THROTTLE=<rate>
 * runs the renderer rows with Chromium's CPU throttled by that factor (labelled in each row).
 *
 * Every run of an operation or a floor is its own child process (`--child …`), so the peak memory (maxRSS) is that
 * run's alone. The child times only the operation (module loading excluded) except for the CLI rows, which are
 * whole processes timed by the parent, as a user waits for them. Never asserts on time; never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Database as SqliteDb, Statement } from 'better-sqlite3';
import type { createRisk as CreateRisk } from '../../db/risk-writes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const BIN = join(ROOT, 'db/cli/bin.js');

type Op =
  | 'import'
  | 'import-xlsx'
  | 'import-answer'
  | 'import-main'
  | 'list'
  | 'export-csv'
  | 'export-xlsx'
  | 'pdf'
  | 'cli-start'
  | 'set-score'
  | 'renderer'
  | 'team';
const OPS: readonly Op[] = [
  'import',
  'import-xlsx',
  'import-answer',
  'import-main',
  'list',
  'export-csv',
  'export-xlsx',
  'pdf',
  'cli-start',
  'set-score',
  'renderer',
  'team',
];

interface Sample {
  ms: number;
  /** CPU time of the timed part (exports and their floors). */
  cpuMs?: number;
  rssMb: number;
  note?: string;
  /** The renderer's figures (operation `renderer`): see test/bench/renderer.ts (null: not applicable). */
  figures?: Record<string, number | null>;
}

// ---------------------------------------------------------------------------------------------------------------
// Child side: one operation (or one floor) on real files, printing {ms, rssMb} as JSON.

async function child(kind: string, args: string[]): Promise<void> {
  const [dbPath, filePath, outPath] = args as [string, string, string];
  const { createHandlers } = await import('../../db/handlers/index.ts');
  const { noDialogs } = await import('../../db/handlers/deps.ts');
  const { trustedPaths } = await import('../../db/files/grants.ts');
  const { RegisterSession } = await import('../../db/session.ts');
  const { dispatch } = await import('../../shared/dispatch.ts');
  const Database = (await import('better-sqlite3')).default;
  const session = new RegisterSession();
  const handlers = createHandlers({
    session,
    now: () => new Date(),
    user: () => 'Benchmark',
    dialogs: noDialogs,
    files: trustedPaths,
  });
  const call = async (channel: string, input: unknown): Promise<unknown> => {
    const r = await dispatch(handlers, channel as 'risks:list', input as never);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  /** The same handler table with the app's worker runner behind it (db/work/), as Electron's main process has it. */
  const withWorker = async () => {
    const { workerRunner } = await import('../../db/work/runner.ts');
    const work = workerRunner(join(ROOT, 'db/work/worker.ts'));
    const viaWorker = createHandlers({
      session,
      now: () => new Date(),
      user: () => 'Benchmark',
      dialogs: noDialogs,
      files: trustedPaths,
      work,
    });
    return { work, viaWorker };
  };
  let note: string | undefined;
  let figures: Record<string, number | null> | undefined;
  let t = 0;
  // CPU time (user + system, ms) of the timed part, where it is measured (the exports and their floors): unlike
  // wall time it barely moves with the machine's load.
  let cpu0: NodeJS.CpuUsage | undefined;
  let cpuMs: number | undefined;
  const cpuStart = () => (cpu0 = process.cpuUsage());
  const cpuStop = () => {
    const d = process.cpuUsage(cpu0);
    cpuMs = (d.user + d.system) / 1000;
  };
  switch (kind) {
    case 'gen': {
      // Fill a register with N synthetic risks (setup, not timed as an operation).
      const n = Number(filePath);
      await call('register:create', { path: dbPath, sample: false });
      fill(session.writable(), n);
      break;
    }
    case 'import': {
      await call('register:create', { path: dbPath, sample: false });
      t = performance.now();
      cpuStart();
      // Only what the commit needs is kept: in the app the preview goes to the window and the main process
      // forgets it, so the bench does not hold its rows through the commit either.
      const { fileHash, counts } = (await call('import:preview', { path: filePath })) as {
        fileHash: string;
        counts: unknown;
      };
      const previewMs = performance.now() - t;
      const previewCpu = process.cpuUsage(cpu0);
      await call('import:commit', { path: filePath, fileHash });
      cpuStop();
      t = performance.now() - t;
      // The two halves: the preview (read and check the file) and the commit (write the checked plan).
      figures = {
        previewMs,
        commitMs: t - previewMs,
        previewCpuMs: (previewCpu.user + previewCpu.system) / 1000,
        commitCpuMs: (cpuMs ?? 0) - (previewCpu.user + previewCpu.system) / 1000,
      };
      note = JSON.stringify(counts);
      break;
    }
    case 'import-write-floor': {
      // The commit's floor (issue 14's XLSX target): SQLite writing exactly the rows an import of this file wrote
      // (`filePath` is a register one of the app's import runs made: its categories, owners, risks, owner links and
      // history, byte for byte), into a new register of the app's schema (register:create), with the app's
      // pragmas, the import's wal_autocheckpoint = 0 and one transaction, the values read into arrays before the
      // clock starts and written with prepared multi-row INSERTs of 64 in batches of 512 risks, as the commit
      // interleaves them, each column the same in every row a literal of the statement. No reading, no checks, no JSON, no hashing, no ids: only what any design that keeps these
      // rows, their indexes and their audit entries must pay to put them on disk.
      await call('register:create', { path: dbPath, sample: false });
      session.close();
      const src = new Database(filePath, { readonly: true });
      const tables = ['categories', 'owners', 'risks', 'risk_owners', 'history'] as const;
      const order: Record<(typeof tables)[number], string> = {
        categories: 'rowid',
        owners: 'rowid',
        risks: 'rowid',
        risk_owners: 'rowid',
        history: 'seq',
      };
      const data = Object.fromEntries(
        tables.map((name) => {
          const st = src.prepare(`SELECT * FROM ${name} ORDER BY ${order[name]}`);
          return [name, { columns: st.columns().map((c) => c.name), rows: st.raw().all() as unknown[][] }];
        }),
      ) as Record<(typeof tables)[number], { columns: string[]; rows: unknown[][] }>;
      src.close();
      const db = new Database(dbPath);
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('wal_autocheckpoint = 0');
      const B = 64;
      // A column that holds one value in every row the import wrote to a table (the clock, the author, the action,
      // empty optional columns) is written into the statement as a literal, and only the others are bound: the
      // cheapest plain way to write these rows (the commit binds such columns once per INSERT, db/bulk-insert.ts).
      const literal = (v: unknown): string =>
        v === null ? 'NULL' : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);
      const shapes = Object.fromEntries(
        tables.map((name) => {
          const { columns, rows } = data[name];
          const same = columns.map((_, c) => rows.length > 1 && rows.every((r) => r[c] === rows[0]?.[c]));
          const one = `(${columns.map((_, c) => (same[c] ? literal(rows[0]?.[c]) : '?')).join(', ')})`;
          const head = `INSERT INTO ${name} (${columns.join(', ')}) VALUES `;
          const statements = {
            many: db.prepare(head + Array(B).fill(one).join(', ')),
            one: db.prepare(head + one),
          };
          const bound = columns.map((_, c) => c).filter((c) => !same[c]);
          return [name, { statements, bound }];
        }),
      ) as Record<
        (typeof tables)[number],
        { statements: { many: Statement; one: Statement }; bound: number[] }
      >;
      // Every batch's parameters flattened before timing: the floor pays for binding and SQLite, nothing else.
      type Batch = { many: Statement; one: Statement; flat: unknown[][]; rest: unknown[][] };
      const batches: Batch[] = [];
      const chunk = (name: (typeof tables)[number], all: unknown[][]) => {
        const { statements, bound } = shapes[name];
        const rows = all.map((r) => bound.map((c) => r[c]));
        const flat: unknown[][] = [];
        let i = 0;
        for (; i + B <= rows.length; i += B) flat.push(rows.slice(i, i + B).flat());
        batches.push({ ...statements, flat, rest: rows.slice(i) });
      };
      chunk('categories', data.categories.rows);
      chunk('owners', data.owners.rows);
      const links = data.risk_owners.rows;
      const history = data.history.rows;
      let link = 0;
      const riskCount = data.risks.rows.length;
      for (let i = 0; i < riskCount; i += 512) {
        const risks = data.risks.rows.slice(i, i + 512);
        const ids = new Set(risks.map((r) => r[0]));
        const from = link;
        while (link < links.length && ids.has(links[link]?.[0])) link += 1;
        chunk('risks', risks);
        chunk('risk_owners', links.slice(from, link));
        chunk('history', history.slice(i, Math.min(i + 512, riskCount)));
      }
      chunk('risk_owners', links.slice(link));
      chunk('history', history.slice(riskCount));
      t = performance.now();
      cpuStart();
      db.exec('BEGIN IMMEDIATE');
      for (const b of batches) {
        for (const f of b.flat) b.many.run(...f);
        for (const r of b.rest) b.one.run(...r);
      }
      db.exec('COMMIT');
      cpuStop();
      t = performance.now() - t;
      const n = db.prepare('SELECT count(*) FROM risks').pluck().get() as number;
      note = `${n} risks, ${links.length} owner links, ${history.length} history entries`;
      db.close();
      break;
    }
    case 'preview-answer': {
      // What the window pays for the preview's answer (issue 14): the preview runs in the real worker (db/work/),
      // whose reply the main process parses (its main-thread busy time, from the event loop's utilisation); then
      // the answer goes through Electron's IPC as JSON: one JSON.stringify in the main process, one JSON.parse in
      // the window (as test/bench/renderer.ts's bridge). `outPath` is `all` (every row, as main's window asked)
      // or `page` (the first 300 rows, as the window asks now).
      const page = outPath === 'page';
      const { work, viaWorker } = await withWorker();
      await call('register:create', { path: dbPath, sample: false });
      // The worker started and warm (its module loading is not the answer's cost).
      await work.run('file:hash', { path: filePath });
      const input = { path: filePath, ...(page ? { firstRows: 300 } : {}) };
      const elu0 = performance.eventLoopUtilization();
      const w0 = performance.now();
      const r = await dispatch(viaWorker, 'import:preview', input);
      const wall = performance.now() - w0;
      const mainBusy = performance.eventLoopUtilization(elu0).active;
      if (!r.ok) throw new Error(`import:preview: ${r.error.code} ${r.error.message}`);
      const s0 = performance.now();
      const json = JSON.stringify(r.value);
      const s1 = performance.now();
      JSON.parse(json);
      const s2 = performance.now();
      await work.close();
      // The worker's reply (preview and kept plan) as the worker sends it: its JSON, measured in this thread.
      const { runJob } = await import('../../db/work/jobs.ts');
      const { previewContext } = await import('../../db/import/run.ts');
      const reply = await runJob('import:preview', {
        path: filePath,
        context: previewContext(session.db),
        ...(page ? { firstRows: 300 } : {}),
      });
      const r0 = performance.now();
      const replyBytes = Buffer.byteLength(JSON.stringify(reply));
      const replyMs = performance.now() - r0;
      const answerBytes = Buffer.byteLength(json);
      t = s2 - s0;
      figures = {
        answerMb: answerBytes / 1e6,
        stringifyMs: s1 - s0,
        parseMs: s2 - s1,
        previewWallMs: wall,
        mainBusyMs: mainBusy,
        replyMb: replyBytes / 1e6,
        replyStringifyMs: replyMs,
      };
      note =
        `answer ${(answerBytes / 1e6).toFixed(2)} MB JSON: stringify ${(s1 - s0).toFixed(0)} ms + parse ` +
        `${(s2 - s1).toFixed(0)} ms; worker reply ${(replyBytes / 1e6).toFixed(1)} MB ` +
        `(stringify ${replyMs.toFixed(0)} ms); main thread busy ${mainBusy.toFixed(0)} ms of the ` +
        `${wall.toFixed(0)} ms preview`;
      break;
    }
    case 'main-thread': {
      // The main thread's share of an import as the window asks it (issue 14): the preview of the first page and
      // the commit, through the real worker runner (db/work/), as Electron's main process runs them. Busy time is
      // the event loop's utilisation over each call (what every other IPC call waits on); wall time is the call's.
      const { work, viaWorker } = await withWorker();
      await call('register:create', { path: dbPath, sample: false });
      await work.run('file:hash', { path: filePath }); // the worker started and warm
      const timed = async (channel: 'import:preview' | 'import:commit', input: unknown) => {
        const elu0 = performance.eventLoopUtilization();
        const w0 = performance.now();
        const r = await dispatch(viaWorker, channel, input as never);
        const wall = performance.now() - w0;
        const busy = performance.eventLoopUtilization(elu0).active;
        if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
        return { value: r.value as { fileHash?: string }, wall, busy };
      };
      const p = await timed('import:preview', { path: filePath, firstRows: 300 });
      const c = await timed('import:commit', { path: filePath, fileHash: p.value.fileHash });
      // The checkpoint the commit leaves for after its answer (setImmediate) is posted, then stopped with the worker.
      await new Promise((r) => setTimeout(r, 0));
      await work.close();
      const n = (session.db.prepare('SELECT count(*) FROM risks').pluck().get() as number) ?? 0;
      t = p.wall + c.wall;
      figures = { previewWallMs: p.wall, previewBusyMs: p.busy, commitWallMs: c.wall, commitBusyMs: c.busy };
      note =
        `preview ${p.wall.toFixed(0)} ms (main thread busy ${p.busy.toFixed(0)} ms), commit ${c.wall.toFixed(0)} ms ` +
        `(main thread busy ${c.busy.toFixed(0)} ms), ${n} risks`;
      break;
    }
    case 'import-floor': {
      // The raw floor: read the file, split its lines, insert that many rows with one prepared statement in one
      // transaction into the same risks table (no checks, no owners, no history).
      await call('register:create', { path: dbPath, sample: false });
      session.close();
      const db = new Database(dbPath);
      t = performance.now();
      cpuStart();
      const lines = readFileSync(filePath, 'utf8').split('\n');
      const cat = db.prepare(
        "INSERT INTO categories (id, name, position, created_at) VALUES ('c', 'C', 1, 'x')",
      );
      const ins = db.prepare(
        `INSERT INTO risks (id, ref, category_id, description, impact, likelihood, mitigation, position, created_at,
                            updated_at) VALUES (?, ?, 'c', ?, 3, 3, ?, ?, 'x', 'x')`,
      );
      db.transaction(() => {
        cat.run();
        for (let i = 1; i < lines.length; i += 1) {
          const line = lines[i] ?? '';
          if (line === '') continue;
          ins.run(`id${i}`, `R${i}`, line, line, i);
        }
      })();
      cpuStop();
      t = performance.now() - t;
      db.close();
      break;
    }
    case 'list': {
      await call('register:open', { path: dbPath });
      t = performance.now();
      const list = (await call('risks:list', {})) as unknown[];
      t = performance.now() - t;
      note = `${list.length} risks`;
      break;
    }
    case 'list-floor': {
      const db = new Database(dbPath, { readonly: true });
      t = performance.now();
      const rows = db.prepare('SELECT * FROM risks WHERE archived_at IS NULL').all();
      t = performance.now() - t;
      note = `${rows.length} rows`;
      db.close();
      break;
    }
    case 'export-csv':
    case 'export-xlsx':
    case 'pdf':
    case 'pdf-warm':
    case 'pdf-warm-page': {
      await call('register:open', { path: dbPath });
      const format = kind === 'export-csv' ? 'csv' : kind === 'export-xlsx' ? 'xlsx' : 'pdf';
      if (format === 'pdf') {
        const { chromiumPdfRenderer, DEFAULT_CHROMIUM } = await import('../../db/pdf/chromium.ts');
        const pdf = chromiumPdfRenderer({
          distDir: join(ROOT, 'dist/renderer'),
          chromiumPath: process.env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM,
          dispatch: (channel, input) => dispatch(handlers, channel, input),
          // pdf-warm: every print on a page of its own (the printer keeps none), as before the warm page.
          ...(kind === 'pdf-warm' ? { idleMs: 0 } : {}),
        });
        const withPdf = createHandlers({
          session,
          now: () => new Date(),
          user: () => 'Benchmark',
          dialogs: noDialogs,
          files: trustedPaths,
          renderPdf: pdf.renderPdf,
        });
        // pdf: the first print, which starts Chromium (as the CLI pays). pdf-warm: a second print with Chromium
        // already running, a new context and page of its own (a process's first print once Chromium is up).
        // pdf-warm-page: a second print on the printer's warm page (what each later print in a process pays).
        if (kind !== 'pdf') await dispatch(withPdf, 'export:summary', { format: 'pdf', path: outPath });
        t = performance.now();
        const r = await dispatch(withPdf, 'export:summary', { format: 'pdf', path: outPath });
        t = performance.now() - t;
        note = r.ok
          ? `${r.value?.rows ?? 0} rows printed`
          : `refused: ${r.error.message.split('.')[0] ?? ''}`;
        await pdf.close();
        break;
      }
      t = performance.now();
      cpuStart();
      await call('export:summary', { format, path: outPath });
      cpuStop();
      t = performance.now() - t;
      break;
    }
    case 'export-csv-floor': {
      // Select the columns, join them into CSV lines (quoted), write the file.
      const db = new Database(dbPath, { readonly: true });
      t = performance.now();
      cpuStart();
      const rows = db
        .prepare(
          `SELECT r.ref, c.name, r.description, r.impact, r.likelihood, r.mitigation FROM risks r
             JOIN categories c ON c.id = r.category_id WHERE r.archived_at IS NULL`,
        )
        .raw()
        .all() as (string | number)[][];
      const q = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
      writeFileSync(outPath, rows.map((r) => r.map(q).join(',')).join('\r\n'));
      cpuStop();
      t = performance.now() - t;
      db.close();
      break;
    }
    case 'export-xlsx-floor': {
      // exceljs's streaming writer with the same rows, no styles: the floor the issue names.
      const ExcelJS = (await import('exceljs')).default;
      const db = new Database(dbPath, { readonly: true });
      t = performance.now();
      cpuStart();
      const rows = db
        .prepare(
          `SELECT r.ref, c.name, r.description, r.impact, r.likelihood, r.impact * r.likelihood, r.mitigation
             FROM risks r JOIN categories c ON c.id = r.category_id WHERE r.archived_at IS NULL`,
        )
        .raw()
        .all() as (string | number)[][];
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: outPath, useStyles: false });
      const ws = wb.addWorksheet('Summary');
      for (const r of rows) ws.addRow(r).commit();
      ws.commit();
      await wb.commit();
      cpuStop();
      t = performance.now() - t;
      db.close();
      break;
    }
    case 'renderer':
    case 'renderer-floor': {
      // The built renderer (or the plain-DOM floor page) in Chromium over the real handler table.
      await call('register:open', { path: dbPath });
      const { measureRenderer } = await import('./renderer.ts');
      const { CHANNELS } = await import('../../shared/contract/index.ts');
      figures = await measureRenderer(
        kind === 'renderer' ? 'app' : 'floor',
        process.env['RR_BENCH_DIST'] || join(ROOT, 'dist/renderer'),
        CHANNELS,
        (channel, input) => dispatch(handlers, channel as 'risks:list', input as never),
      );
      t = figures['firstRows'] ?? 0;
      break;
    }
    default:
      throw new Error(`unknown child ${kind}`);
  }
  session.close();
  process.stdout.write(
    JSON.stringify({ ms: t, cpuMs, rssMb: process.resourceUsage().maxRSS / 1024, note, figures }) + '\n',
  );
}

/** Synthetic risks in one transaction through the app's own createRisk (deterministic: a seeded PRNG). */
function fill(db: SqliteDb, n: number): void {
  let a = 20190401;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const words = (
    'council budget funding grant pension property contract supplier staff skills data cyber attack fraud flood ' +
    'housing social care demand inflation election government policy partner audit failure delay reputation'
  ).split(' ');
  const cats = ['Effectiveness', 'Reputation', 'Membership', 'Resource management', 'Finance', 'Climate'];
  const owners = Array.from({ length: 40 }, (_, k) =>
    String.fromCharCode(65 + (k % 26), 65 + ((k * 7) % 26)),
  );
  const pick = <T>(l: readonly T[]) => l[Math.floor(rnd() * l.length)] as T;
  const sentence = (k: number) => Array.from({ length: k }, () => pick(words)).join(' ') + '.';
  const sc = () => (1 + Math.floor(rnd() * 5)) as 1;
  const ctx = { now: new Date().toISOString(), by: 'Benchmark' };
  fillWith(db, n, ctx, () => ({
    ref: undefined,
    category: pick(cats),
    description: sentence(12 + Math.floor(rnd() * 12)),
    impact: sc(),
    likelihood: sc(),
    inherent: { impact: sc(), likelihood: sc() },
    target: rnd() < 0.5 ? { impact: sc(), likelihood: sc() } : null,
    mitigation: sentence(20 + Math.floor(rnd() * 30)),
    owners: [...new Set([pick(owners), pick(owners)])],
  }));
}

let createRiskFn: typeof CreateRisk | undefined;

function fillWith(
  db: SqliteDb,
  n: number,
  ctx: { now: string; by: string },
  next: () => Parameters<typeof CreateRisk>[1],
): void {
  if (!createRiskFn) throw new Error('createRisk not loaded');
  const create = createRiskFn;
  db.transaction(() => {
    for (let i = 0; i < n; i += 1) create(db, { ...next(), ref: `SR${i + 1}` }, ctx, 'import');
  })();
}

// ---------------------------------------------------------------------------------------------------------------
// Parent side.

function runChild(kind: string, args: string[]): Sample {
  const r = spawnSync(process.execPath, [SELF, '--child', kind, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    throw new Error(`${kind} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  }
  return JSON.parse(last) as Sample;
}

/** A whole process, timed from outside (what a user waits for at the command line). */
function runProcess(args: string[]): Sample {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { ms, rssMb: 0 };
}

/** A CLI command as a user runs it, timed whole; a refusal (exit 1) is a result, its message the note. */
function runCli(args: string[]): Sample {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status === 1 && r.stderr.trim() !== '') {
    return { ms, rssMb: 0, note: `refused: ${r.stderr.trim().split('.')[0] ?? ''}` };
  }
  if (r.status !== 0) throw new Error(`risk-register ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, rssMb: 0 };
}

/** The renderer's figures, each a row of the table (ms unless the label says otherwise). */
const RENDERER_ROWS: readonly [string, string][] = [
  ['firstRows', 'renderer: first rows'],
  ['wholeList', 'renderer: whole list (no "Loading risks…" line)'],
  ['afterFirst', 'renderer: longest task from first rows to 1 s after the whole list (≥ 3 s)'],
  ['loadCpu', 'renderer: main-thread CPU over that span (ms)'],
  ['keystroke', 'renderer: search keystroke (slowest of "fund")'],
  ['sort', 'renderer: sort by score'],
  ['scrollTasks', 'renderer: long tasks in 20 scroll jumps (count)'],
  ['scrollLongest', 'renderer: longest task while scrolling'],
  ['scrollWrong', 'renderer: jumps showing the wrong rows (count)'],
  ['scrollNodes', 'renderer: DOM nodes created in 20 scroll jumps (count)'],
  ['heapMb', 'renderer: JS heap after (MB)'],
];

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

interface Row {
  size: number;
  op: string;
  ms: number;
  minMs: number;
  maxMs: number;
  floorMs: number | null;
  floorMinMs: number | null;
  floorMaxMs: number | null;
  ratio: number | null;
  peakMb: number;
  note: string;
  /** Median CPU (user + sys, ms) of the timed part where the runs measure it (imports, exports, LibreOffice). */
  cpuMs?: number | null;
  /** Where the row is a peer's (LibreOffice Calc): measured here, or issue 14's quoted figure. */
  peer?: 'measured' | 'quoted';
}

function summarise(size: number, op: string, runs: Sample[], floor: Sample[] | null): Row {
  const times = runs.map((s) => s.ms);
  const ft = floor?.map((s) => s.ms) ?? null;
  const ms = median(times);
  const floorMs = ft ? median(ft) : null;
  return {
    size,
    op,
    ms,
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    floorMs,
    floorMinMs: ft ? Math.min(...ft) : null,
    floorMaxMs: ft ? Math.max(...ft) : null,
    ratio: floorMs ? ms / floorMs : null,
    peakMb: Math.max(...runs.map((s) => s.rssMb)),
    note: runs.at(-1)?.note ?? '',
    cpuMs: runs.every((s) => s.cpuMs !== undefined) ? median(runs.map((s) => s.cpuMs ?? 0)) : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The peer: LibreOffice Calc opening the summary XLSX (import) and saving the same rows as XLSX (export).

const LO_SCRIPT = join(ROOT, 'test/bench/libreoffice.py');
/** Issue 14's figures (100,000 rows, a quiet machine), shown labelled as quoted when LibreOffice is not here. */
const QUOTED_OPEN: Readonly<Record<number, number>> = { 100000: 4100 };
const QUOTED_SAVE: Readonly<Record<number, number>> = { 100000: 7400 };

interface LibreOffice {
  python: string;
  /** The private profile (-env:UserInstallation), made by the first run and reused by the others. */
  profile: string;
}

/** soffice on PATH and a Python that imports uno (Debian's python3-uno), or null with the reason on stderr. */
function findLibreOffice(dir: string): LibreOffice | null {
  const onPath = (process.env['PATH'] ?? '').split(':').some((d) => {
    if (!d) return false;
    try {
      accessSync(join(d, 'soffice'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!onPath) {
    process.stderr.write('LibreOffice: soffice is not on PATH, so its figures are the quoted ones\n');
    return null;
  }
  const python = ['/usr/bin/python3', 'python3'].find(
    (py) => spawnSync(py, ['-c', 'import uno'], { stdio: 'ignore' }).status === 0,
  );
  if (!python) {
    process.stderr.write(
      'LibreOffice: no Python with UNO (apt-get install -y python3-uno), so its figures are the quoted ones\n',
    );
    return null;
  }
  return { python, profile: join(dir, 'libreoffice-profile') };
}

/** One run of test/bench/libreoffice.py: one headless soffice, only the open (or the save) timed. */
function runLibreOffice(lo: LibreOffice, mode: 'open' | 'save', file: string, out?: string): Sample {
  const r = spawnSync(lo.python, [LO_SCRIPT, mode, file, lo.profile, ...(out ? [out] : [])], {
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    throw new Error(`LibreOffice ${mode} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  }
  return JSON.parse(last) as Sample;
}

/** The peer's row: measured (median, spread, soffice's CPU, the app against it), or the quoted figure. */
function peerRows(
  size: number,
  label: string,
  app: Sample[],
  peer: Sample[] | null,
  quoted: Readonly<Record<number, number>>,
): Row[] {
  const appMs = median(app.map((s) => s.ms));
  if (peer) {
    const row = summarise(size, label, peer, null);
    const appCpu = app.every((s) => s.cpuMs !== undefined) ? median(app.map((s) => s.cpuMs ?? 0)) : null;
    const cpu = row.cpuMs ?? null;
    row.peer = 'measured';
    row.note =
      `measured, app ÷ LibreOffice: wall ${(appMs / row.ms).toFixed(2)}×` +
      (appCpu !== null && cpu ? `, CPU ${(appCpu / cpu).toFixed(2)}×` : '') +
      ` (${row.note})`;
    return [row];
  }
  const q = quoted[size];
  if (q === undefined) return [];
  return [
    {
      size,
      op: label,
      ms: q,
      minMs: q,
      maxMs: q,
      floorMs: null,
      floorMinMs: null,
      floorMaxMs: null,
      ratio: null,
      peakMb: 0,
      note: `quoted from issue 14, not measured here; app ÷ LibreOffice: wall ${(appMs / q).toFixed(2)}×`,
      cpuMs: null,
      peer: 'quoted',
    },
  ];
}

/** Operation and floor alternate, so both see the same machine load. */
function paired(
  repeats: number,
  op: () => Sample,
  floor: (() => Sample) | null,
): [Sample[], Sample[] | null] {
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let k = 0; k < repeats; k += 1) {
    a.push(op());
    if (floor) b.push(floor());
  }
  return [a, floor ? b : null];
}

async function parent(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      repeats: { type: 'string', default: '3' },
      only: { type: 'string' },
      json: { type: 'string', default: join(ROOT, 'test-output/bench-ops.json') },
      data: { type: 'string' },
    },
  });
  // On CI (CI=true) the 100,000 size runs only when asked for by name: minutes of a shared runner, and the bench
  // is never part of `npm test` anyway.
  const small = values.quick || process.env['CI'] === 'true' || process.env['CI'] === '1';
  if (small && !values.sizes && !values.quick)
    process.stderr.write('CI: 100,000 risks left out (--sizes 100000)\n');
  const sizes = (values.sizes ?? (small ? '20,1000,10000' : '20,1000,10000,100000')).split(',').map(Number);
  const repeats = Math.max(1, Number(values.repeats));
  const only = values.only ? (values.only.split(',') as Op[]) : OPS;
  const bad = only.filter((o) => !OPS.includes(o));
  if (bad.length) throw new Error(`Unknown operation ${bad.join(', ')}; choose from ${OPS.join(', ')}`);
  const dist = process.env['RR_BENCH_DIST'] || join(ROOT, 'dist/renderer');
  if ((only.includes('renderer') || only.includes('pdf')) && !existsSync(join(dist, 'index.html'))) {
    throw new Error(
      `${dist}/index.html is missing: build the renderer first (npm run build, or npx vite build).`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'rr-bench-ops-'));
  const rows: Row[] = [];
  const lo = only.includes('import-xlsx') || only.includes('export-xlsx') ? findLibreOffice(dir) : null;
  try {
    for (const size of sizes) {
      process.stderr.write(`${size} risks: preparing the register…\n`);
      const src = join(values.data ?? dir, `src-${size}.sqlite`);
      if (values.data) mkdirSync(values.data, { recursive: true });
      if (!values.data || !existsSync(src)) runChild('gen', [src, String(size), '']);
      const csv = join(dir, `src-${size}.csv`);
      runChild('export-csv', [src, '', csv]);
      const out = (ext: string) => join(dir, `out-${size}.${ext}`);
      const fresh = () => join(dir, `imp-${size}-${Math.random().toString(36).slice(2)}.sqlite`);
      const step = (op: Op, run: () => void) => {
        if (!only.includes(op)) return;
        process.stderr.write(`${size} risks: ${op}…\n`);
        run();
      };
      step('import', () => {
        const [a, b] = paired(
          repeats,
          () => runChild('import', [fresh(), csv, '']),
          () => runChild('import-floor', [fresh(), csv, '']),
        );
        rows.push(summarise(size, 'import CSV (preview + commit)', a, b));
      });
      // The summary XLSX the app exports: the file the XLSX import reads and LibreOffice opens or saves.
      const xlsx = join(dir, `src-${size}.xlsx`);
      const summaryXlsx = () => {
        if (!existsSync(xlsx)) runChild('export-xlsx', [src, '', xlsx]);
        return xlsx;
      };
      step('import-xlsx', () => {
        // The peer is LibreOffice Calc opening the same file, measured when soffice is installed (alternating with
        // the app's runs, like the floors); otherwise issue 14's figure, labelled as quoted.
        // The commit's own floor (import-write-floor: SQLite writing the rows the first of these imports wrote) and the
        // preview alone are measured in the same runs, all three alternating.
        const file = summaryXlsx();
        const a: Sample[] = [];
        const p: Sample[] = [];
        const w: Sample[] = [];
        let made = '';
        for (let k = 0; k < repeats; k += 1) {
          const target = fresh();
          a.push(runChild('import', [target, file, '']));
          if (k === 0) made = target;
          if (lo) p.push(runLibreOffice(lo, 'open', file));
          w.push(runChild('import-write-floor', [fresh(), made, '']));
        }
        const half = (key: 'preview' | 'commit'): Sample[] =>
          a.map((s) => ({
            ms: s.figures?.[`${key}Ms`] ?? 0,
            cpuMs: s.figures?.[`${key}CpuMs`] ?? 0,
            rssMb: s.rssMb,
          }));
        rows.push(summarise(size, 'import XLSX (preview + commit)', a, null));
        const peer = peerRows(size, 'LibreOffice Calc opens the file', a, lo ? p : null, QUOTED_OPEN);
        rows.push(...peer);
        const preview = summarise(
          size,
          'import XLSX: the preview (read and check the file)',
          half('preview'),
          null,
        );
        rows.push(preview);
        const commit = summarise(
          size,
          'import XLSX: the commit ÷ SQLite writing the same rows',
          half('commit'),
          w,
        );
        // What a two-step import (preview, then commit) of this file could reach at best on this machine: its own
        // preview plus SQLite's floor for the rows, beside the peer (wall and CPU).
        const floorCpu = median(w.map((s) => s.cpuMs ?? 0));
        const best = preview.ms + (commit.floorMs ?? 0);
        const bestCpu = (preview.cpuMs ?? 0) + floorCpu;
        const lo0 = peer[0];
        commit.note =
          `floor CPU ${floorCpu.toFixed(0)} ms; ${w.at(-1)?.note ?? ''}; preview + floor = ${best.toFixed(0)} ms` +
          (lo0
            ? ` (${(best / lo0.ms).toFixed(2)}× LibreOffice's open` +
              (lo0.cpuMs ? `, CPU ${bestCpu.toFixed(0)} ms = ${(bestCpu / lo0.cpuMs).toFixed(2)}×)` : ')')
            : '');
        rows.push(commit);
      });
      step('import-answer', () => {
        // Every row (the window's answer before issue 14's pages, the CLI's still) and the first page, alternating.
        for (const [label, file] of [
          ['CSV', csv],
          ['XLSX', summaryXlsx()],
        ] as const) {
          const [all, page] = paired(
            repeats,
            () => runChild('preview-answer', [fresh(), file, 'all']),
            () => runChild('preview-answer', [fresh(), file, 'page']),
          );
          for (const [k, run] of all.entries())
            process.stderr.write(
              `  ${label} every row: ${run.note ?? ''}\n  ${label} first page: ${page?.[k]?.note ?? ''}\n`,
            );
          rows.push(summarise(size, `${label} preview answer to the window: every row (before)`, all, null));
          rows.push(
            summarise(size, `${label} preview answer to the window: first page (after)`, page ?? [], null),
          );
        }
      });
      step('import-main', () => {
        const [a] = paired(repeats, () => runChild('main-thread', [fresh(), summaryXlsx(), '']), null);
        for (const run of a) process.stderr.write(`  ${run.note ?? ''}\n`);
        for (const [key, label] of [
          ['previewBusyMs', 'XLSX import, main thread busy during the preview (first page)'],
          ['commitBusyMs', 'XLSX import, main thread busy during the commit'],
          ['commitWallMs', 'XLSX import, the commit end to end (through the worker)'],
        ] as const)
          rows.push(
            summarise(
              size,
              label,
              a.map((s) => ({ ms: s.figures?.[key] ?? NaN, rssMb: s.rssMb })),
              null,
            ),
          );
      });
      step('list', () => {
        const [a, b] = paired(
          repeats,
          () => runChild('list', [src, '', '']),
          () => runChild('list-floor', [src, '', '']),
        );
        rows.push(summarise(size, 'risks:list', a, b));
      });
      step('export-csv', () => {
        const [a, b] = paired(
          repeats,
          () => runChild('export-csv', [src, '', out('csv')]),
          () => runChild('export-csv-floor', [src, '', out('floor.csv')]),
        );
        rows.push(summarise(size, 'export summary CSV', a, b));
      });
      step('export-xlsx', () => {
        // App, exceljs floor and (when installed) LibreOffice Calc alternate, so all three see the same load. The
        // peer saves the same rows: it opens the summary XLSX first (not timed), then saves it as XLSX (timed).
        const file = lo ? summaryXlsx() : '';
        const a: Sample[] = [];
        const b: Sample[] = [];
        const p: Sample[] = [];
        for (let k = 0; k < repeats; k += 1) {
          a.push(runChild('export-xlsx', [src, '', out('xlsx')]));
          b.push(runChild('export-xlsx-floor', [src, '', out('floor.xlsx')]));
          if (lo) p.push(runLibreOffice(lo, 'save', file, out('lo.xlsx')));
        }
        rows.push(summarise(size, 'export summary XLSX', a, b));
        rows.push(
          ...peerRows(size, 'LibreOffice Calc saves the same rows as XLSX', a, lo ? p : null, QUOTED_SAVE),
        );
      });
      step('pdf', () => {
        const [a] = paired(Math.min(repeats, 2), () => runChild('pdf', [src, '', out('pdf')]), null);
        rows.push(summarise(size, 'export board pack PDF (starting Chromium)', a, null));
      });
      step('pdf', () => {
        const [a] = paired(repeats, () => runChild('pdf-warm', [src, '', out('pdf')]), null);
        rows.push(summarise(size, 'board pack PDF, Chromium already running', a, null));
      });
      step('pdf', () => {
        const [a] = paired(repeats, () => runChild('pdf-warm-page', [src, '', out('pdf')]), null);
        rows.push(summarise(size, 'board pack PDF, next print on the warm page', a, null));
        // The whole command as a user runs it: Node's start, the CLI bundle, Chromium's launch, the print (or the
        // refusal above BOARD_PACK_MAX_ROWS, before Chromium starts).
        const [c] = paired(
          Math.min(repeats, 3),
          () => runCli(['export', 'summary', '--format', 'pdf', '--out', out('cli.pdf'), '--db', src]),
          null,
        );
        rows.push(summarise(size, 'CLI export --format pdf (whole process)', c, null));
      });
      step('renderer', () => {
        const [a, b] = paired(
          repeats,
          () => runChild('renderer', [src, '', '']),
          () => runChild('renderer-floor', [src, '', '']),
        );
        // RR_BENCH_CPU_THROTTLE: every renderer row says so (app and floor both ran throttled).
        const throttle = Number(process.env['RR_BENCH_CPU_THROTTLE'] || 1);
        const suffix = throttle > 1 ? ` (CPU throttled ×${throttle})` : '';
        for (const [key, label] of RENDERER_ROWS) {
          // A figure that is not applicable (null: the jumps in a table too short to scroll) is left out; when no
          // run has it the row reads "—" (NaN here, null in the JSON).
          const has = (s: Sample) => s.figures?.[key] !== null && s.figures?.[key] !== undefined;
          const pick = (s: Sample): Sample => ({ ms: s.figures?.[key] ?? 0, rssMb: 0 });
          const app = a.filter(has).map(pick);
          const floor = b ? b.filter(has).map(pick) : null;
          const na: Sample[] = [
            { ms: NaN, rssMb: 0, note: 'not applicable: no fixed-height window to scroll' },
          ];
          rows.push(
            summarise(
              size,
              label + suffix,
              app.length ? app : na,
              floor === null ? null : floor.length ? floor : na,
            ),
          );
        }
      });
      step('set-score', () => {
        // The floor writes its own copy: a raw UPDATE on the register itself is another program's write, which (as it
        // should) makes the app's next open run the whole-file checks again (db/files/verified.ts).
        const floorDb = out('floor.sqlite');
        copyFileSync(src, floorDb);
        const [a, b] = paired(
          repeats,
          () => runProcess([BIN, 'set-score', 'SR7', '--impact', '3', '--likelihood', '4', '--db', src]),
          () =>
            runProcess([
              '-e',
              `const D=require('better-sqlite3');const d=new D(${JSON.stringify(floorDb)});` +
                "d.prepare('UPDATE risks SET impact=3, likelihood=4 WHERE ref=?').run('SR7');d.close()",
            ]),
        );
        rows.push(summarise(size, 'CLI set-score (whole process)', a, b));
      });
    }
    if (only.includes('cli-start')) {
      process.stderr.write('CLI start…\n');
      const lga = join(dir, 'lga.sqlite');
      runProcess([BIN, 'init', '--db', lga, '--sample']);
      const [a, b] = paired(
        Math.max(repeats, 5),
        () => runProcess([BIN, 'list', '--db', lga, '--json']),
        () => runProcess(['-e', '0']),
      );
      rows.push(summarise(19, 'CLI list --json (whole process)', a, b));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (only.includes('team')) {
    const { pgBinaries } = await import('../integration/team/pg-cluster.ts');
    if (!pgBinaries()) {
      console.log(
        'Team figures skipped: the PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin); install them with `apt-get install -y postgresql` to measure sync and join.',
      );
    } else {
      const { teamFigures } = await import('./team.ts');
      for (const t of await teamFigures(repeats, (m) => process.stderr.write(m))) {
        const sample = (ms: number): Sample => ({ ms, rssMb: 0, note: t.note });
        rows.push(summarise(t.size, t.op, t.runs.map(sample), t.floor.map(sample)));
      }
    }
  }
  print(rows, repeats);
  mkdirSync(dirname(values.json), { recursive: true });
  writeFileSync(
    values.json,
    JSON.stringify({ node: process.versions.node, at: new Date().toISOString(), repeats, rows }, null, 2) +
      '\n',
  );
  console.log(`\nJSON: ${values.json}`);
}

function print(rows: Row[], repeats: number): void {
  const f = (n: number | null) =>
    n === null || Number.isNaN(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
  const head = [
    'risks',
    'operation',
    'median ms',
    'spread',
    'floor ms',
    'floor spread',
    'ratio',
    'peak MB',
    'note',
  ];
  const cells = rows.map((r) => [
    r.size.toLocaleString('en-GB'),
    r.op,
    f(r.ms),
    Number.isNaN(r.minMs) ? '—' : `${f(r.minMs)}–${f(r.maxMs)}`,
    f(r.floorMs),
    r.floorMinMs === null ? '—' : `${f(r.floorMinMs)}–${f(r.floorMaxMs)}`,
    r.ratio === null || Number.isNaN(r.ratio) ? '—' : `${r.ratio.toFixed(2)}×`,
    r.peakMb ? r.peakMb.toFixed(0) : '—',
    r.cpuMs !== null && r.cpuMs !== undefined ? `CPU ${f(r.cpuMs)} ms; ${r.note}` : r.note,
  ]);
  console.log(
    `Risk Register operations against their floors, Node ${process.versions.node}, ${repeats} runs each`,
  );
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const c of cells) console.log(`| ${c.join(' | ')} |`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  createRiskFn = (await import('../../db/risk-writes.ts')).createRisk;
  await child(argv[1] ?? '', argv.slice(2));
} else {
  await parent();
}
