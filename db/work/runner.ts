/**
 * Runs heavy jobs off the thread that serves the window. `workerRunner(entry)` keeps one worker thread (started on
 * first use, restarted if it dies) and sends it typed jobs; `inThreadRunner` runs the same jobs in the calling
 * thread for hosts that have no worker entry. Hosts choose: Electron passes dist/electron/worker.cjs, the CLI and
 * the tests db/work/worker.ts (run by Node's type stripping).
 */
import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../shared/errors.ts';
import { AppError } from '../../shared/errors.ts';
import { openFiles } from '../files/open-files.ts';
import { type JobInput, type JobName, type JobOutput, runJob } from './jobs.ts';
import type { JobMessage, JobReply } from './worker.ts';

export interface WorkRunner {
  run<K extends JobName>(kind: K, input: JobInput<K>): Promise<JobOutput<K>>;
  /** Stop the worker (pending jobs fail). */
  close(): Promise<void>;
}

/** The registers this thread has open, to send with every job that writes a file. */
export function protectedFiles(): string[] {
  return openFiles();
}

export const inThreadRunner: WorkRunner = {
  run: (kind, input) => runJob(kind, input),
  close: () => Promise.resolve(),
};

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export function workerRunner(entry: string | URL): WorkRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    // A worker inherits the process's Node flags; `--input-type` (for `node -e`) stops it loading a file.
    const execArgv = process.execArgv.filter(
      (a, i, all) => !a.startsWith('--input-type') && all[i - 1] !== '--input-type',
    );
    const w = new Worker(entry, { execArgv });
    w.on('message', (reply: JobReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if (reply.ok)
        p.resolve(
          JSON.parse(
            Buffer.from(reply.json.buffer, reply.json.byteOffset, reply.json.byteLength).toString('utf8'),
          ),
        );
      else if (reply.error.app)
        p.reject(new AppError(reply.error.code as ErrorCode, reply.error.message, reply.error.details));
      else p.reject(new Error(reply.error.message));
    });
    w.on('error', (e) => {
      if (worker === w) worker = null;
      failAll(new AppError('INTERNAL', `The background worker failed: ${e.message}`));
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (pending.size > 0)
        failAll(new AppError('INTERNAL', `The background worker stopped (exit code ${code}).`));
    });
    return w;
  };

  return {
    run<K extends JobName>(kind: K, input: JobInput<K>): Promise<JobOutput<K>> {
      worker ??= start();
      const w = worker;
      const id = nextId++;
      return new Promise<JobOutput<K>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        w.ref(); // keep the process alive while a job runs; unref'd when idle so a CLI can exit
        w.postMessage({ id, kind, input } satisfies JobMessage);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
      failAll(new AppError('INTERNAL', 'The background worker was stopped.'));
    },
  };
}
