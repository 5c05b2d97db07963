/**
 * The command-line interface, for automation and administrators. Built on the same handler table as the app:
 * every command goes through the contract's validation and the same transactions.
 */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Channel, InputOf, OutputOf } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import { AppError } from '../../shared/errors.ts';
import { trustedPaths } from '../files/grants.ts';
import type { RenderPdf } from '../handlers/deps.ts';
import { noDialogs } from '../handlers/deps.ts';
import { RegisterSession } from '../session.ts';
import type { WorkRunner } from '../work/runner.ts';
import { lazyHandlers } from './handlers.ts';
import { COMMANDS } from './commands/index.ts';
import type { CliIo, Command } from './context.ts';
import { stringOpt, UsageError } from './context.ts';

export type { CliIo } from './context.ts';

/** The built renderer (`npm run build`), which draws the PDF board pack. */
const DIST_RENDERER = resolve(import.meta.dirname, '../../dist/renderer');

const COMMON_OPTIONS = {
  db: { type: 'string' },
  by: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

function usage(): string {
  const lines = Object.values(COMMANDS).flatMap((c) => c.usage.map((u) => `  ${u}`));
  return [
    'Usage: risk-register <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  --by NAME    who is making the change (default: the OS user)',
    '  --help       show this help',
  ].join('\n');
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
};

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const name = argv.find((a) => !a.startsWith('-'));
  const command: Command | undefined = name ? COMMANDS[name] : undefined;
  if (!name || argv.includes('--help') || argv.includes('-h')) {
    io.out(usage());
    return name || argv.length ? 0 : 2;
  }
  if (!command) {
    io.err(`risk-register: unknown command "${name}". See risk-register --help.`);
    return 2;
  }

  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...COMMON_OPTIONS, ...command.options },
    }));
  } catch (e) {
    io.err(`risk-register: ${(e as Error).message}. See risk-register --help.`);
    return 2;
  }

  const session = new RegisterSession();
  // The PDF board pack: the built renderer printed by the system's Chromium. Its module (an HTTP server, the
  // browser driver) is loaded, and Chromium started, only if a command asks for a PDF.
  const printer: { pdf: Promise<{ renderPdf: RenderPdf; close: () => Promise<void> }> | null } = {
    pdf: null,
  };
  const renderPdf: RenderPdf = async (route, options) => {
    printer.pdf ??= import('../pdf/chromium.ts').then(({ chromiumPdfRenderer, DEFAULT_CHROMIUM }) =>
      chromiumPdfRenderer({
        distDir: DIST_RENDERER,
        chromiumPath: process.env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM,
        dispatch: (channel, input) => dispatch(handlers, channel, input),
      }),
    );
    return (await printer.pdf).renderPdf(route, options);
  };
  // The command line has no window to keep responsive: heavy work runs in this thread (a worker would only add
  // its start-up time to every command). The app runs the same jobs in a worker (db/work/). The jobs' modules
  // (import reading, export writing …) are loaded on the first job.
  const work: WorkRunner = {
    run: async (kind, input) => (await import('../work/jobs.ts')).runJob(kind, input),
    close: () => Promise.resolve(),
  };
  // Each handler group's module is loaded on its first call (db/cli/handlers.ts).
  const handlers = lazyHandlers({
    // The user typed these paths on the command line: a file reference is the path itself.
    files: trustedPaths,
    session,
    now: () => new Date(),
    user: () => stringOpt(values, 'by') ?? osUser(),
    dialogs: noDialogs,
    renderPdf,
    work,
  });
  const call = async <C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> => {
    const result = await dispatch(handlers, channel, input);
    if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
    return result.value as OutputOf<C>;
  };
  const dbPath = (): string => {
    const db = stringOpt(values, 'db');
    if (!db) throw new UsageError('--db FILE is required');
    return db;
  };

  try {
    return await command.run({
      args: positionals.slice(positionals.indexOf(name) + 1),
      values,
      io,
      call,
      dbPath,
      openDb: async () => {
        await call('register:open', { path: dbPath() });
      },
    });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`risk-register: ${e.message}. See risk-register --help.`);
      return 2;
    }
    io.err(`risk-register: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    if (printer.pdf) await (await printer.pdf).close();
    session.close();
  }
}
