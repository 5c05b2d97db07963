/**
 * The board pack's history read (`packHistory`) on a connection of its own in a thread of its own, while this
 * thread reads the risks and makes the summary table. At 100,000 risks the read is ~230–260 ms of CPU (SQLite's scan
 * of every creation, review and score-change row, and the JSON of each creation snapshot) that the export otherwise
 * spends here before its first byte is written, with the machine's second core idle.
 *
 * The thread runs `collectPackHistory` from its source text (it is self-contained for that) on `PACK_POINTS` in one
 * read transaction, and answers with the parts (`PackHistoryParts`: the risk ids, a byte per pair, the changes) and
 * the last history `seq` it saw. The caller waits for the answer synchronously (`Atomics.wait`, then
 * `receiveMessageOnPort`): the export's reads stay one synchronous step, as before, so nothing else runs on this
 * connection between them. History rows are never changed or deleted (triggers) and `seq` never reused
 * (AUTOINCREMENT), so when the thread's last `seq` is this connection's, the thread read the rows this thread
 * would read: the same answer. Otherwise (another process wrote meanwhile), or when the thread failed, did not
 * answer in time or could not start, the history is read here, as before.
 */
import type { Database } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { PackHistory, PackHistoryParts } from '../timelines.ts';
import { PACK_POINTS, collectPackHistory, packHistory, packHistoryFrom } from '../timelines.ts';
import { stmt } from '../statements.ts';
import type { RiskRecord } from '../../shared/domain.ts';

/**
 * Below this many history rows (by the last `seq`, read at once) the read is done here: it costs less than starting
 * a thread (~30–40 ms of CPU). 20,000 rows are ~50 ms of reading.
 */
export const HISTORY_THREAD_MIN_ROWS = 20_000;

/**
 * How long the caller waits, from the moment it needs the answer, for the thread to start (it starts in ~40 ms, and
 * the risks take longer to read: normally it has long started), then for its answer, before reading the history
 * itself. A thread that cannot start (or whose code fails to load) costs at most the first wait.
 */
const START_MS = 2_000;
const WAIT_MS = 10_000;

/** The thread's state in the shared flag: not started, reading, answered (the answer is on the port). */
const STARTING = 0;
const READING = 1;
const ANSWERED = 2;

/**
 * The live risks' ids in the order `exportRisks`'s scan (`EXPORT_SCAN`) reads them: the same tables, join and
 * condition, so SQLite plans the same scan (of `risks`, each category found by its id). The caller checks the ids one
 * by one against its own scan, so a different plan (or another process's change to the risks) costs only the map.
 */
export const SCAN_IDS = `SELECT r.id FROM risks r JOIN categories c ON c.id = r.category_id WHERE r.archived_at IS NULL`;

/**
 * The previous-review score (`PackHistoryParts`' code, 0 for none) of each live risk in the scan's order, with the
 * ids it was read for: all of them in one string, and each one's length.
 */
export interface ScanCodes {
  ids: string;
  lengths: Uint32Array;
  codes: Uint8Array;
}

interface ThreadAnswer {
  seq?: number;
  parts?: PackHistoryParts;
  scan?: ScanCodes;
  error?: string;
}

const THREAD = `
const { workerData } = require('node:worker_threads');
const { port, flag, sqlite, file, sql, scanSql } = workerData;
Atomics.store(flag, 0, ${READING});
Atomics.notify(flag, 0);
const collect = ${collectPackHistory.toString()};
let answer;
let transfer = [];
let db = null;
try {
  const Database = require(sqlite);
  db = new Database(file, { readonly: true, fileMustExist: true });
  db.exec('BEGIN');
  const seq = db.prepare('SELECT max(seq) FROM history').pluck().get() ?? 0;
  const parts = collect(db.prepare(sql).raw().iterate());
  const ids = db.prepare(scanSql).pluck().all();
  db.exec('COMMIT');
  const byId = new Map();
  for (let i = 0; i < parts.ids.length; i += 1) byId.set(parts.ids[i], parts.codes[i]);
  const lengths = new Uint32Array(ids.length);
  const codes = new Uint8Array(ids.length);
  for (let k = 0; k < ids.length; k += 1) {
    lengths[k] = ids[k].length;
    codes[k] = byId.get(ids[k]) ?? 0;
  }
  answer = { seq, parts, scan: { ids: ids.join(''), lengths, codes } };
  transfer = [parts.codes.buffer, lengths.buffer, codes.buffer];
} catch (e) {
  answer = { error: String((e && e.message) || e) };
} finally {
  try { if (db) db.close(); } catch {}
}
port.postMessage(answer, transfer);
Atomics.store(flag, 0, ${ANSWERED});
Atomics.notify(flag, 0);
`;

/** better-sqlite3's entry file, as this process loaded it (the thread loads the same one). */
function sqliteModule(): string | null {
  const cache = createRequire(process.execPath).cache;
  for (const file of Object.keys(cache)) {
    if (/[\\/]better-sqlite3[\\/]lib[\\/]index\.js$/.test(file)) return file;
  }
  return null;
}

const lastSeq = (db: Database): number =>
  (stmt(db, 'SELECT max(seq) AS seq FROM history').get() as { seq: number | null }).seq ?? 0;

/**
 * The thread's codes in the order of `risks` (`exportRisksScanned`'s answer: `risks[j]` was the scan's
 * `scanned[j]`-th row), or null unless the thread read exactly the ids of that scan, in its order.
 */
export function codesInOrder(
  scan: ScanCodes,
  { risks, scanned }: { risks: readonly RiskRecord[]; scanned: readonly number[] },
): Uint8Array | null {
  const n = scan.lengths.length;
  if (risks.length !== n || scanned.length !== n) return null;
  // This scan's ids in its order (`scanned` is a permutation of 0…n−1): the same lengths one by one and the same
  // text all together are the same ids in the same order. One comparison of the whole text, not one per id.
  const ids = new Array<string>(n);
  for (let j = 0; j < n; j += 1) ids[scanned[j] as number] = (risks[j] as RiskRecord).id;
  for (let k = 0; k < n; k += 1) if ((ids[k] as string | undefined)?.length !== scan.lengths[k]) return null;
  if (ids.join('') !== scan.ids) return null;
  const out = new Uint8Array(n);
  for (let j = 0; j < n; j += 1) out[j] = scan.codes[scanned[j] as number] as number;
  return out;
}

/** The history read under way: `result()` gives `packHistory(db)`'s answer. */
export interface PackHistoryRead {
  /**
   * With the risks read meanwhile (`exportRisksScanned`), the previous scores come as `previousInOrder` when the
   * thread's scan was that one.
   */
  result(order?: { risks: readonly RiskRecord[]; scanned: readonly number[] }): PackHistory;
  /** Whether the answer came from the thread (the tests' check that it was used). */
  readonly fromThread: boolean;
  /** Whether the thread has answered (false when the history is read here). */
  readonly answered: boolean;
}

/**
 * Starts reading `packHistory(db)` in a thread when the register is a file with at least `minRows` history rows;
 * otherwise (or when no thread can be started) `result()` reads it here.
 */
export function startPackHistory(db: Database, minRows = HISTORY_THREAD_MIN_ROWS): PackHistoryRead {
  const here = (): PackHistoryRead => ({ result: () => packHistory(db), fromThread: false, answered: false });
  if (db.memory || !db.name || lastSeq(db) < minRows) return here();
  const sqlite = sqliteModule();
  if (!sqlite) return here();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(THREAD, {
      eval: true,
      workerData: { port: port2, flag, sqlite, file: db.name, sql: PACK_POINTS, scanSql: SCAN_IDS },
      transferList: [port2],
    });
  } catch {
    port1.close();
    return here();
  }
  worker.unref();
  worker.on('error', () => {});
  let fromThread = false;
  return {
    get fromThread() {
      return fromThread;
    },
    get answered() {
      return Atomics.load(flag, 0) === ANSWERED;
    },
    result(order): PackHistory {
      try {
        Atomics.wait(flag, 0, STARTING, START_MS);
        if (Atomics.load(flag, 0) === READING) Atomics.wait(flag, 0, READING, WAIT_MS);
        const answer = receiveMessageOnPort(port1)?.message as ThreadAnswer | undefined;
        if (answer?.parts && answer.seq === lastSeq(db)) {
          fromThread = true;
          const inOrder = order && answer.scan ? codesInOrder(answer.scan, order) : null;
          if (inOrder)
            return { previous: new Map(), changes: new Map(answer.parts.changes), previousInOrder: inOrder };
          return packHistoryFrom(answer.parts);
        }
        return packHistory(db);
      } finally {
        port1.close();
        void worker.terminate();
      }
    },
  };
}
