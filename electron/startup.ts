/**
 * Which register to open on launch: the one used last, else the default register in the user-data folder
 * (created empty and not yet set up, so the window shows the first-run choice).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RegisterSession } from '../db/session.ts';

export const DEFAULT_REGISTER_NAME = 'register.sqlite';

const REGISTER_FILE = /\.(riskregister|sqlite)$/i;

/**
 * A register file named on the command line (a double-clicked `.riskregister` file on Windows and Linux), as an
 * absolute path resolved against `workingDirectory` (the directory of the launch that named it: for a second
 * instance, its own, which Electron passes with the `second-instance` event), or null. Switches and the
 * executable itself are skipped.
 */
export function registerPathFromArgv(
  argv: readonly string[],
  workingDirectory: string = process.cwd(),
): string | null {
  const found = argv.slice(1).find((arg) => !arg.startsWith('-') && REGISTER_FILE.test(arg));
  return found === undefined ? null : resolve(workingDirectory, found);
}

export interface StartupChoice {
  /** A register named on the command line: tried first. */
  requested?: string | null | undefined;
  /** The register path from the prefs file, if any. */
  lastRegister?: string | undefined;
  /** `userData/register.sqlite`. */
  defaultRegister: string;
}

export interface StartupResult {
  /** The register now open, or null when none could be opened. */
  opened: string | null;
  /** Something the user should be told (the last register could not be opened, …), else null. */
  notice: string | null;
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function openInitialRegister(session: RegisterSession, choice: StartupChoice): StartupResult {
  const { requested, lastRegister, defaultRegister } = choice;
  const candidates = [
    { path: requested, what: 'The register you asked for' },
    { path: lastRegister, what: 'The register you used last' },
  ];
  let problem: string | null = null;
  for (const { path, what } of candidates) {
    if (!path || resolve(path) === resolve(defaultRegister)) continue;
    try {
      session.open(path);
      return { opened: path, notice: problem ? `${problem} ${what} is open instead.` : null };
    } catch (e) {
      problem ??= `${what} could not be opened: ${reason(e)}`;
    }
  }
  try {
    if (existsSync(defaultRegister)) {
      session.open(defaultRegister);
    } else {
      mkdirSync(dirname(defaultRegister), { recursive: true });
      session.create(defaultRegister);
    }
    const notice = problem
      ? `${problem} Your default register is open instead; use File > Open register… to find the other file.`
      : null;
    return { opened: defaultRegister, notice };
  } catch (e) {
    const failed = `The default register at ${defaultRegister} could not be opened: ${reason(e)} Use File > Open register… or File > New register… to carry on.`;
    return { opened: null, notice: problem ? `${problem}\n\n${failed}` : failed };
  }
}
