import type { Command } from '../context.ts';
import { stringOpt, UsageError } from '../context.ts';

export const backup: Command = {
  usage: [
    'backup --db FILE --out FILE          Back up a register (a consistent, checked copy; recorded in history)',
  ],
  options: { out: { type: 'string' } },
  async run({ values, openDb, call, io }) {
    const out = stringOpt(values, 'out');
    if (!out) throw new UsageError('backup needs --out FILE');
    await openDb();
    const result = await call('register:backup', { path: out });
    if (result)
      io.out(
        `Backed up ${result.risks} risks to ${result.path} (${result.bytes.toLocaleString('en-GB')} bytes).`,
      );
    return 0;
  },
};
