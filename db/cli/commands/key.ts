import { readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import type { Command } from '../context.ts';
import { stringOpt, UsageError } from '../context.ts';

export const key: Command = {
  usage: [
    'key show --db FILE [--json]          Print the band key: [{name, min, max, colour, action}]',
    'key set KEY.json --db FILE [--reason TEXT]',
    '                                     Apply a band key (must cover every score 1–25 exactly once)',
  ],
  options: { json: { type: 'boolean', default: false }, reason: { type: 'string' } },
  async run({ args, values, openDb, call, io }) {
    const [sub, file] = args;
    if (sub === 'show') {
      await openDb();
      const bands = await call('key:get', {});
      if (values.json) {
        io.out(JSON.stringify(bands, null, 2));
      } else {
        for (const b of bands)
          io.out(`${`${b.min}–${b.max}`.padEnd(6)} ${b.name.padEnd(8)} ${b.colour}  ${b.action}`);
      }
      return 0;
    }
    if (sub === 'set') {
      if (!file) throw new UsageError('key set needs a KEY.json file');
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new AppError('VALIDATION', `Cannot read the key from ${file}: ${(e as Error).message}`);
      }
      // Accept either the bands array (as `key show --json` prints it) or { "key": [...] }.
      const bands = Array.isArray(parsed) ? parsed : (parsed as { key?: unknown }).key;
      await openDb();
      const status = await call('key:set', { key: bands as never, reason: stringOpt(values, 'reason') });
      io.out(`Key set: ${status.settings.key.map((b) => `${b.name} ${b.min}–${b.max}`).join(', ')}.`);
      return 0;
    }
    throw new UsageError('key needs "show" or "set"');
  },
};
