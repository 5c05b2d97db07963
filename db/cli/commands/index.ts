/** Every CLI command by name. Add a command: write a module under commands/ and list it here. */
import type { Command } from '../context.ts';
import { audit } from './audit.ts';
import { backup } from './backup.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { history } from './history.ts';
import { init } from './init.ts';
import { key } from './key.ts';
import { list } from './list.ts';
import { review, reviews } from './reviews.ts';
import { setScore } from './set-score.ts';
import { snapshot } from './snapshot.ts';
import { controls } from './controls.ts';
import { escalation, escalations, objectives } from './objectives.ts';
import { conflicts, sync, team } from './team.ts';
import { appetite } from './appetite.ts';
import { criteria } from './criteria.ts';

export const COMMANDS: Record<string, Command> = {
  init,
  list,
  'set-score': setScore,
  key,
  history,
  snapshot,
  audit,
  reviews,
  review,
  import: importCommand,
  export: exportCommand,
  backup,
  controls,
  objectives,
  escalation,
  escalations,
  team,
  sync,
  conflicts,
  appetite,
  criteria,
};
