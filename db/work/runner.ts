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
  /** The worker now, with the jobs it has been given and not yet answered (each worker its own: see close()). */
  let current: { w: Worker; jobs: Map<number, Pending> } | null = null;
  let nextId = 1;

  const failAll = (jobs: Map<number, Pending>, error: Error) => {
    for (const p of jobs.values()) p.reject(error);
    jobs.clear();
  };

  const start = (): { w: Worker; jobs: Map<number, Pending> } => {
    // A worker inherits the process's Node flags; `--input-type` (for `node -e`) stops it loading a file.
    const execArgv = process.execArgv.filter(
      (a, i, all) => !a.startsWith('--input-type') && all[i - 1] !== '--input-type',
    );
    const w = new Worker(entry, { execArgv });
    const jobs = new Map<number, Pending>();
    const self = { w, jobs };
    w.on('message', (reply: JobReply) => {
      const p = jobs.get(reply.id);
      if (!p) return;
      jobs.delete(reply.id);
      if (jobs.size === 0) w.unref();
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
      if (current === self) current = null;
      failAll(jobs, new AppError('INTERNAL', `The background worker failed: ${e.message}`));
    });
    w.on('exit', (code) => {
      if (current === self) current = null;
      if (jobs.size > 0)
        failAll(jobs, new AppError('INTERNAL', `The background worker stopped (exit code ${code}).`));
    });
    return self;
  };

  return {
    run<K extends JobName>(kind: K, input: JobInput<K>): Promise<JobOutput<K>> {
      current ??= start();
      const { w, jobs } = current;
      const id = nextId++;
      return new Promise<JobOutput<K>>((resolve, reject) => {
        jobs.set(id, { resolve: resolve as (value: unknown) => void, reject });
        w.ref(); // keep the process alive while a job runs; unref'd when idle so a CLI can exit
        w.postMessage({ id, kind, input } satisfies JobMessage);
      });
    },
    async close() {
      // Only the jobs of the worker being stopped fail. A job asked for while it stops (the checkpoint an import
      // posts for the next turn of the event loop) gets a worker of its own and its answer. When one list served
      // every worker, close() failed that job too; its worker, answering a job no longer listed, was never
      // unreferenced, and the process never exited.
      const stopping = current;
      current = null;
      if (!stopping) return;
      await stopping.w.terminate();
      failAll(stopping.jobs, new AppError('INTERNAL', 'The background worker was stopped.'));
    },
  };
}
