/**
 * `risk-register …` run the way a user runs it: a separate Node process on real files. One place for every CLI test,
 * so the way a command is started (bin, working folder, clean NODE_OPTIONS, time allowed) cannot drift between them.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../db/cli/bin.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Extra environment variables (PGPASSWORD, RISK_REGISTER_* …). */
  env?: Record<string, string>;
  /** Standard input (e.g. for `--password-stdin`). */
  input?: string;
  /** Milliseconds before the process is killed; on a loaded 2-core machine one command can take seconds. */
  timeout?: number;
}

export function runCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // vitest's loader hooks must not leak into the user's process.
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `risk-register list --json`'s fields, in order: scripts depend on them (issues 11 and 13 mark them exact). */
export const LIST_JSON_KEYS = [
  'ref',
  'category',
  'description',
  'impact',
  'likelihood',
  'score',
  'band',
  'owners',
  'mitigation',
  'inherent',
  'target',
  'title',
  'nextReview',
  'appetite',
] as const;
