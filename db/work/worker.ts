/**
 * The worker thread's entry: runs jobs (db/work/jobs.ts) posted by db/work/runner.ts and posts back the result or
 * the error (an AppError keeps its code, message and details). Bundled for Electron as dist/electron/worker.cjs;
 * run from source (Node's type stripping) by the CLI and the tests.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import { type JobName, runJob } from './jobs.ts';

export interface JobMessage {
  id: number;
  kind: JobName;
  input: unknown;
}

export type JobReply =
  /** The value as UTF-8 JSON, transferred (not copied): parsing JSON costs the receiving thread far less than
   * deserialising a structured clone of the same object (a 10,000-row preview: about 8 times less). */
  | { id: number; ok: true; json: Uint8Array }
  | { id: number; ok: false; error: { app: boolean; code: string; message: string; details?: unknown } };

const port = parentPort;
if (port) {
  port.on('message', (msg: JobMessage) => {
    runJob(msg.kind, msg.input as never).then(
      (value) => {
        const json = Buffer.from(JSON.stringify(value ?? null), 'utf8');
        const bytes = new Uint8Array(json.buffer, json.byteOffset, json.byteLength);
        // A small Buffer may share Node's pool: transfer only a buffer of its own.
        const own = json.byteOffset === 0 && json.buffer.byteLength === json.byteLength;
        port.postMessage(
          { id: msg.id, ok: true, json: bytes } satisfies JobReply,
          own ? [json.buffer as ArrayBuffer] : [],
        );
      },
      (e: unknown) => {
        const error =
          e instanceof AppError
            ? { app: true, code: e.code, message: e.message, details: e.details }
            : { app: false, code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
        port.postMessage({ id: msg.id, ok: false, error } satisfies JobReply);
      },
    );
  });
}
