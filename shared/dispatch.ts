/**
 * Validate at the door, then dispatch. Used by every host of the handler table: Electron's ipcMain
 * (after its sender check), the browser test bridge and the CLI.
 */
import type { z } from 'zod';
import type { Channel, Handlers, OutputOf } from './contract/index.ts';
import { contract, isChannel } from './contract/index.ts';
import type { Result } from './errors.ts';
import { AppError } from './errors.ts';
import { checkInputShape } from './input-shape.ts';

export function validationMessage(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  // Our own messages name the field; zod's built-in ones get the field's path in front.
  const builtIn = /^(Invalid|Too (big|small)|Unrecognized|Expected)/.test(first.message);
  const where = first.path.map(String).join('.');
  return builtIn && where ? `${where}: ${first.message}` : first.message;
}

export function parseInput<C extends Channel>(
  channel: C,
  raw: unknown,
): z.output<(typeof contract)[C]['input']> {
  checkInputShape(raw);
  const schema: z.ZodType = contract[channel].input;
  let parsed: z.ZodSafeParseResult<unknown>;
  try {
    parsed = schema.safeParse(raw ?? {});
  } catch {
    throw new AppError(
      'VALIDATION',
      'The request could not be read. Send plain text, numbers and lists only.',
    );
  }
  if (!parsed.success) {
    throw new AppError('VALIDATION', validationMessage(parsed.error), {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return parsed.data as z.output<(typeof contract)[C]['input']>;
}

/** Where the detail of an unexpected error goes (the window gets a generic message only). */
export type InternalErrorLog = (reference: string, error: unknown) => void;

let logInternal: InternalErrorLog = (reference, error) => {
  const console = (globalThis as { console?: { error: (...args: unknown[]) => void } }).console;
  console?.error(`[risk-register] unexpected error ${reference}:`, error);
};

/** Hosts may send the detail of unexpected errors somewhere else (a log file); tests may capture it. */
export function setInternalErrorLog(log: InternalErrorLog): InternalErrorLog {
  const previous = logInternal;
  logInternal = log;
  return previous;
}

/** The message the window gets for an unexpected error: no stack, no SQL, no file paths. */
export function internalMessage(reference: string): string {
  return `Something went wrong inside Risk Register and the change was not made. Try again; if it keeps happening, tell your administrator and quote ${reference}.`;
}

export function toErrorResult(e: unknown): { ok: false; error: ReturnType<AppError['toJSON']> } {
  if (e instanceof AppError) return { ok: false, error: e.toJSON() };
  const reference = `ref ${Date.now().toString(36).toUpperCase()}`;
  try {
    logInternal(reference, e);
  } catch {
    // Logging must never turn one failure into another.
  }
  return { ok: false, error: { code: 'INTERNAL', message: internalMessage(reference) } };
}

export async function dispatch<C extends Channel>(
  handlers: Handlers,
  channel: C | string,
  raw: unknown,
): Promise<Result<OutputOf<C>>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'FORBIDDEN', message: `Unknown channel: ${String(channel)}` } };
  }
  try {
    const input = parseInput(channel, raw);
    const handler = handlers[channel] as (i: unknown) => unknown;
    const value = (await handler(input)) as OutputOf<C>;
    return { ok: true, value };
  } catch (e) {
    return toErrorResult(e);
  }
}
