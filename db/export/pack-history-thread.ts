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

interface ThreadAnswer {
  seq?: number;
  parts?: PackHistoryParts;
  error?: string;
}

const THREAD = `
const { workerData } = require('node:worker_threads');
const { port, flag, sqlite, file, sql } = workerData;
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
  db.exec('COMMIT');
  answer = { seq, parts };
  transfer = [parts.codes.buffer];
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

/** The history read under way: `result()` gives `packHistory(db)`'s answer. */
export interface PackHistoryRead {
  result(): PackHistory;
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
      workerData: { port: port2, flag, sqlite, file: db.name, sql: PACK_POINTS },
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
    result(): PackHistory {
      try {
        Atomics.wait(flag, 0, STARTING, START_MS);
        if (Atomics.load(flag, 0) === READING) Atomics.wait(flag, 0, READING, WAIT_MS);
        const answer = receiveMessageOnPort(port1)?.message as ThreadAnswer | undefined;
        if (answer?.parts && answer.seq === lastSeq(db)) {
          fromThread = true;
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
