/**
 * Where an import's time goes, phase by phase, in one process (wall and CPU of each):
 *
 *   node test/bench/import-phases.ts FILE [REGISTER]
 *
 * 1. `readImportFile` alone (the file read, hashed and parsed: for an XLSX the zip scan and the sheet reader);
 * 2. `import:preview` (reads the file again, then checks it and keeps the plan);
 * 3. `import:commit` (writes the kept plan).
 * The register is created fresh (default: a temporary file, removed afterwards). Phase 2's read runs with the
 * reader already compiled by phase 1, so phase 2 minus phase 1 is roughly the check and the plan. Never asserts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHandlers } from '../../db/handlers/index.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { trustedPaths } from '../../db/files/grants.ts';
import { RegisterSession } from '../../db/session.ts';
import { readImportFile } from '../../db/import/read.ts';
import { dispatch } from '../../shared/dispatch.ts';

const [file, register] = process.argv.slice(2);
if (!file) throw new Error('usage: node test/bench/import-phases.ts FILE [REGISTER]');
const dir = register ? null : mkdtempSync(join(tmpdir(), 'rr-import-phases-'));
const dbPath = register ?? join(dir ?? '', 'register.sqlite');
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
const phases: Record<string, { ms: number; cpuMs: number }> = {};
async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const c = process.cpuUsage();
  const t = performance.now();
  const v = await run();
  const d = process.cpuUsage(c);
  phases[name] = { ms: performance.now() - t, cpuMs: (d.user + d.system) / 1000 };
  return v;
}
try {
  await call('register:create', { path: dbPath, sample: false });
  const read = await timed('read', () => readImportFile(file));
  const rows = read.table.rows.length;
  const { fileHash } = (await timed('preview', () => call('import:preview', { path: file }))) as {
    fileHash: string;
  };
  await timed('commit', () => call('import:commit', { path: file, fileHash }));
  session.close();
  console.log(JSON.stringify({ file, rows, rssMb: process.resourceUsage().maxRSS / 1024, phases }));
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
