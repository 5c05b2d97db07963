/** What every CLI command gets: parsed options, a typed call into the handler table, and output streams. */
import type { Channel, InputOf, OutputOf } from '../../shared/contract/index.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export type CliValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  /** Positional arguments after the command name (and sub-command, if any). */
  args: string[];
  values: CliValues;
  io: CliIo;
  call: <C extends Channel>(channel: C, input: InputOf<C>) => Promise<OutputOf<C>>;
  /** The --db option, or a usage error. */
  dbPath: () => string;
  /** Open the --db register. */
  openDb: () => Promise<void>;
}

export interface Command {
  /** One line per usage form, shown by --help. */
  usage: string[];
  /** Options this command reads (merged into the parser). */
  options?: Record<string, { type: 'string' | 'boolean'; default?: string | boolean; multiple?: boolean }>;
  run: (ctx: CommandContext) => Promise<number>;
}

/** Thrown for wrong arguments: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

export function stringOpt(values: CliValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Parses `--impact 3` into 3, but keeps "2.5", "0" and "x" for the contract to reject with its message. */
export function numberArg(raw: string | undefined, name: string): unknown {
  if (raw === undefined) throw new UsageError(`--${name} is required`);
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}
