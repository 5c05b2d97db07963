/**
 * The command-line interface, for automation and administrators. Built on the same handler table as the app:
 * every command goes through the contract's validation and the same transactions.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Channel, InputOf, OutputOf } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import { AppError } from '../../shared/errors.ts';
import { summariseRisk } from '../../shared/risk-view.ts';
import { createHandlers } from '../handlers/index.ts';
import { noDialogs } from '../handlers/deps.ts';
import { RegisterSession } from '../session.ts';

const USAGE = `Usage: risk-register <command> [options]

Commands:
  init --db FILE [--sample]                     Create a register (with the 19 LGA risks when --sample)
  list --db FILE [--json]                       List the risks with their scores and bands
  set-score REF --impact N --likelihood N --db FILE [--which current|inherent|target] [--reason TEXT]
                                                Change a risk's score (impact and likelihood 1–5)

Options:
  --by NAME    who is making the change (default: the OS user)
  --help       show this help`;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
};

class UsageError extends Error {}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Parses `--impact 3` into 3, but keeps "2.5", "0" and "x" for the contract to reject with its message. */
function numberArg(raw: string | undefined, name: string): unknown {
  if (raw === undefined) throw new UsageError(`--${name} is required`);
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        sample: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        impact: { type: 'string' },
        likelihood: { type: 'string' },
        which: { type: 'string', default: 'current' },
        reason: { type: 'string' },
        by: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    io.err(`risk-register: ${(e as Error).message}. See risk-register --help.`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }

  const session = new RegisterSession();
  const handlers = createHandlers({
    session,
    now: () => new Date(),
    user: () => values.by ?? osUser(),
    dialogs: noDialogs,
  });
  async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const result = await dispatch(handlers, channel, input);
    if (!result.ok) throw new AppError(result.error.code, result.error.message);
    return result.value as OutputOf<C>;
  }
  function requireDb(): string {
    if (!values.db) throw new UsageError('--db FILE is required');
    return values.db;
  }

  try {
    switch (command) {
      case 'init': {
        const path = requireDb();
        if (existsSync(path))
          throw new AppError('IO', `${path} already exists; init creates a new register.`);
        const status = await call('register:create', { path, sample: values.sample });
        io.out(`Created ${path} with ${status.riskCount} risks.`);
        return 0;
      }
      case 'list': {
        await call('register:open', { path: requireDb() });
        const status = await call('register:status', {});
        const risks = await call('risks:list', {});
        const key = status?.settings.key ?? [];
        const rows = risks.map((r) => summariseRisk(r, key));
        if (values.json) {
          io.out(JSON.stringify(rows, null, 2));
        } else {
          for (const r of rows) {
            io.out(
              `${r.ref.padEnd(6)} ${String(r.impact)}×${String(r.likelihood)} = ${String(r.score).padStart(2)} ${r.band.padEnd(6)} ${r.category}: ${r.description}`,
            );
          }
        }
        return 0;
      }
      case 'set-score': {
        const ref = rest[0];
        if (!ref) throw new UsageError('set-score needs the ref of a risk, such as SR4');
        const impact = numberArg(values.impact, 'impact');
        const likelihood = numberArg(values.likelihood, 'likelihood');
        await call('register:open', { path: requireDb() });
        const risks = await call('risks:list', {});
        const risk = risks.find((r) => r.ref.toLowerCase() === ref.toLowerCase());
        if (!risk) throw new AppError('NOT_FOUND', `There is no risk ${ref} in ${values.db ?? ''}.`);
        const which = values.which as 'current' | 'inherent' | 'target';
        const updated = await call('risks:update-score', {
          id: risk.id,
          version: risk.version,
          which,
          impact: impact as 1,
          likelihood: likelihood as 1,
          reason: values.reason,
        });
        const status = await call('register:status', {});
        const s = summariseRisk(updated, status?.settings.key ?? []);
        io.out(`${s.ref} is now ${s.impact} × ${s.likelihood} = ${s.score} ${s.band}.`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`risk-register: ${e.message}. See risk-register --help.`);
      return 2;
    }
    io.err(`risk-register: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    session.close();
  }
}
