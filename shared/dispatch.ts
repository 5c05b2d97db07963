/**
 * Validate at the door, then dispatch. Used by every host of the handler table: Electron's ipcMain
 * (after its sender check), the browser test bridge and the CLI.
 */
import type { z } from 'zod';
import type { Channel, Handlers, OutputOf } from './contract/index.ts';
import { contract, isChannel } from './contract/index.ts';
import type { Result } from './errors.ts';
import { AppError } from './errors.ts';

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
  const parsed = contract[channel].input.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new AppError('VALIDATION', validationMessage(parsed.error), {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return parsed.data as z.output<(typeof contract)[C]['input']>;
}

export function toErrorResult(e: unknown): { ok: false; error: ReturnType<AppError['toJSON']> } {
  if (e instanceof AppError) return { ok: false, error: e.toJSON() };
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong: ${message}` } };
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
