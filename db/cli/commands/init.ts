import { existsSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import type { Command } from '../context.ts';

export const init: Command = {
  usage: ['init --db FILE [--sample]            Create a register (with the 19 LGA risks when --sample)'],
  options: { sample: { type: 'boolean', default: false } },
  async run({ dbPath, values, call, io }) {
    const path = dbPath();
    if (existsSync(path)) throw new AppError('IO', `${path} already exists; init creates a new register.`);
    const status = await call('register:create', { path, sample: values.sample === true });
    io.out(`Created ${path} with ${status.riskCount} risks.`);
    return 0;
  },
};
