/** Every CLI command by name. Add a command: write a module under commands/ and list it here. */
import type { Command } from '../context.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { init } from './init.ts';
import { key } from './key.ts';
import { list } from './list.ts';
import { setScore } from './set-score.ts';

export const COMMANDS: Record<string, Command> = {
  init,
  list,
  'set-score': setScore,
  key,
  import: importCommand,
  export: exportCommand,
};
