/** Building blocks of the IPC contract: a channel is a runtime input validator plus a phantom output type. */
import { z } from 'zod';
import type { ScoreValue } from '../scoring.ts';
import { isScoreValue } from '../scoring.ts';
import { REF_PATTERN } from '../import/refs.ts';
import { LIMITS } from './limits.ts';

export interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  /** Never set at run time: carries the output type for the compiler. */
  output?: { value: O };
}

/** `channel<Output>()(inputSchema)` */
export const channel =
  <O>() =>
  <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input });

export const noInput = z.object({}).strict();

export const entityId = z.string({ error: 'An id is required.' }).min(1).max(64);

export const version = z.number({ error: 'The version of the record you edited is required.' }).int().min(1);

/** A whole number from 1 to 5, with a message that names the field. */
export function scoreValue(label: string) {
  const message = `${label} must be a whole number from 1 to 5.`;
  return z
    .custom<ScoreValue>((v) => isScoreValue(v), {
      // Nothing given: say what is missing and what to give ("Got nothing." told the user neither).
      error: (issue) =>
        issue.input === undefined
          ? `${label} is missing: choose a whole number from 1 to 5.`
          : `${message} Got ${describe(issue.input)}.`,
    })
    .describe(label);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the text "${v}"`;
  return JSON.stringify(v) ?? String(v);
}

export const scorePair = (label: string) =>
  z.object({ impact: scoreValue(`${label} impact`), likelihood: scoreValue(`${label} likelihood`) }).strict();

export { LIMITS };

export function text(label: string, max: number, opts: { required?: boolean } = {}) {
  const base = z.string({ error: `${label} must be text.` }).max(max, {
    // A function, so the number is formatted only when the check fails: formatting loads ICU's locale data, which
    // cost the command line tens of milliseconds at start-up for the ~60 limits defined at module scope.
    error: () => `${label} is too long: at most ${max.toLocaleString('en-GB')} characters.`,
  });
  return opts.required ? base.refine((s) => s.trim().length > 0, { error: `${label} is required.` }) : base;
}

export const refText = z
  .string({ error: 'The ref must be text, such as SR4.' })
  .trim()
  .min(1, { error: 'The ref is required, such as SR4.' })
  .max(LIMITS.ref, { error: `The ref is too long: at most ${LIMITS.ref} characters.` })
  .regex(REF_PATTERN, {
    error:
      'The ref may hold letters, digits, dots, dashes, slashes and brackets only, such as SR4 or CR-07(a).',
  });

export const ownerList = z
  .array(
    z
      .string()
      .trim()
      .min(1, { error: 'An owner cannot be blank.' })
      .max(LIMITS.ownerInitials, { error: `Owner initials are at most ${LIMITS.ownerInitials} characters.` }),
  )
  .max(50, { error: 'A risk can have at most 50 owners.' });

export const reason = text('The reason', LIMITS.reason).optional();

/**
 * A file reference (every `path` field of the channels' inputs). The host decides what it may be: in the app
 * and the browser host, only a grant the main process issued when its own dialog chose the file (a raw path
 * is refused with FORBIDDEN); in the CLI, the path the user typed. See db/files/grants.ts.
 */
export const filePath = z
  .string({ error: 'A file path is required.' })
  .min(1, { error: 'A file path is required.' })
  .max(LIMITS.path);
