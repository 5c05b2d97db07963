/**
 * A second (third…) program writing to a register: run by the reliability tests as a real child process with
 * Node's type stripping. It goes through the real handler table, as the app and the CLI do, and prints one line
 * per call: `ack <n> <detail>` after a write committed, `err <code> <message>` when a call failed.
 *
 *   node worker.ts scores <db> <riskId> <count> <goFile>
 *     `count` score changes of one risk, each from the version it reads. It prints `ready` once the register is
 *     open, waits until `goFile` exists (the test creates it when every worker is ready, so that they start
 *     together), prints `start <ms>` and then `ack <n> <version> <ms>` per committed change.
 */
import { existsSync } from 'node:fs';
import { trustedPaths } from '../../../db/files/grants.ts';
import { createHandlers } from '../../../db/handlers/index.ts';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { RegisterSession } from '../../../db/session.ts';
import { dispatch } from '../../../shared/dispatch.ts';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract/index.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';

const [mode, dbPath, ...rest] = process.argv.slice(2);
const session = new RegisterSession();
const handlers = createHandlers({
  session,
  now: () => new Date(),
  user: () => `worker ${process.pid}`,
  dialogs: noDialogs,
  files: trustedPaths,
});

async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C> | null> {
  const r = await dispatch(handlers, channel, input);
  if (r.ok) return r.value as OutputOf<C>;
  process.stdout.write(`err ${r.error.code} ${r.error.message.replace(/\n/g, ' ')}\n`);
  return null;
}

async function scores(riskId: string, count: number, goFile: string): Promise<void> {
  process.stdout.write('ready\n');
  while (!existsSync(goFile)) {
    await new Promise((r) => setTimeout(r, 2));
  }
  process.stdout.write(`start ${Date.now()}\n`);
  for (let n = 1; n <= count; n++) {
    const risk = await call('risks:get', { id: riskId });
    if (!risk) continue;
    const impact = ((n % 5) + 1) as ScoreValue;
    const likelihood = (risk.likelihood === 5 ? 1 : (risk.likelihood ?? 0) + 1) as ScoreValue;
    const updated = await call('risks:update-score', {
      id: riskId,
      version: risk.version,
      which: 'current',
      impact,
      likelihood,
      reason: `Change ${n} from ${process.pid}`,
    });
    if (updated) process.stdout.write(`ack ${n} ${updated.version} ${Date.now()}\n`);
  }
}

async function main(): Promise<void> {
  if (!dbPath) throw new Error('usage: worker.ts <mode> <db> …');
  await call('register:open', { path: dbPath });
  if (mode === 'scores') {
    await scores(rest[0] ?? '', Number(rest[1]), rest[2] ?? '');
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  session.close();
  process.stdout.write('done\n');
}

await main();
