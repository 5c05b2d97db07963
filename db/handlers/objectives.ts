/** Objectives (with their exposure and risk links), the objectives import, and the escalation rules. */
import { localIsoDate } from '../../shared/actions.ts';
import type { Handlers } from '../../shared/contract/index.ts';
import { validateRules } from '../../shared/escalation.ts';
import { AppError } from '../../shared/errors.ts';
import { planObjectiveImport } from '../../shared/objectives.ts';
import { readImportFile } from '../import/read.ts';
import {
  createObjective,
  currentEscalations,
  escalationsFor,
  importObjectives,
  listRules,
  objectivesOfRisk,
  objectivesWithExposure,
  setObjectiveArchived,
  setRiskLinked,
  setRules,
  updateObjective,
} from '../objectives.ts';
import { readSettings } from '../settings.ts';
import { writeTransaction } from '../transaction.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';

type ObjectiveHandlers = Pick<
  Handlers,
  | 'objectives:list'
  | 'objectives:create'
  | 'objectives:update'
  | 'objectives:archive'
  | 'objectives:link'
  | 'objectives:of-risk'
  | 'objectives:import'
  | 'objectives:import-chosen'
  | 'escalation:rules'
  | 'escalation:set-rules'
  | 'escalation:list'
  | 'escalation:preview'
>;

export function objectiveHandlers(deps: HandlerDeps): ObjectiveHandlers {
  const { session } = deps;
  const changed = () => deps.onRegisterChanged?.();
  /** Run a write in one immediate transaction, then tell the other windows. */
  const write = <T>(fn: (ctx: ReturnType<typeof writeContext>) => T): T => {
    const db = session.writable();
    const ctx = writeContext(deps);
    const out = writeTransaction(db, () => fn(ctx));
    changed();
    return out;
  };

  /** The objectives import, all or nothing, from a file reference the handlers accept. */
  const importFrom = async (path: string) => {
    session.writable();
    const file = await readImportFile(deps.files.resolve(path, 'import-read'));
    const { objectives, problems } = planObjectiveImport(file.table);
    if (problems.length) {
      const shown = problems.slice(0, 20);
      const more = problems.length > shown.length ? ` … and ${problems.length - shown.length} more.` : '';
      throw new AppError(
        'VALIDATION',
        `${file.fileName} was not imported: nothing was changed. Correct ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} in the file, then import again. ${shown.join(' ')}${more}`,
        { problems },
      );
    }
    // The file was read (and, from import-chosen, the user asked): an import being written into the register
    // meanwhile is waited for here, not by running the handler again (the write gate, db/handlers/index.ts).
    while (session.writingElsewhere) await session.writingElsewhere;
    return write((ctx) => importObjectives(session.db, objectives, file.fileName, ctx));
  };

  return {
    'objectives:list': ({ includeArchived }) => objectivesWithExposure(session.db, { includeArchived }),
    'objectives:create': ({ reason, ...input }) =>
      write((ctx) => createObjective(session.db, input, reason, ctx)),
    'objectives:update': ({ id, version, changes, reason }) =>
      write((ctx) => updateObjective(session.db, id, version, changes, reason, ctx)),
    'objectives:archive': ({ id, version, archived, reason }) =>
      write((ctx) => setObjectiveArchived(session.db, id, version, archived, reason, ctx)),
    'objectives:link': ({ objectiveId, riskId, linked, reason }) =>
      write((ctx) => setRiskLinked(session.db, objectiveId, riskId, linked, reason, ctx)),
    'objectives:of-risk': ({ riskId }) => objectivesOfRisk(session.db, riskId),
    'objectives:import': ({ path }) => importFrom(path),
    'objectives:import-chosen': async () => {
      session.writable();
      // The main process's own open dialog; the window never names a file it was not granted.
      const chosen = await deps.dialogs.chooseImportFile();
      if (!chosen) return null;
      return importFrom(deps.files.grant(chosen, 'import-read'));
    },
    'escalation:rules': () => listRules(session.db),
    'escalation:set-rules': ({ rules, reason }) => {
      const db = session.writable();
      const checked = validateRules(rules, readSettings(db).key);
      if (!checked.ok) {
        throw new AppError(
          'VALIDATION',
          `The escalation rules were not saved: ${checked.problems.join(' ')} Correct the rules, then save them again.`,
          { problems: checked.problems },
        );
      }
      return write((ctx) => setRules(db, checked.rules, reason, ctx));
    },
    'escalation:preview': ({ rules }) => {
      const db = session.db;
      const checked = validateRules(rules, readSettings(db).key);
      if (!checked.ok) {
        throw new AppError(
          'VALIDATION',
          `These escalation rules cannot be tried: ${checked.problems.join(' ')} Correct the rules, then try again.`,
          { problems: checked.problems },
        );
      }
      const numbered = checked.rules.map((r, i) => ({ ...r, id: String(i) }));
      return escalationsFor(db, numbered, localIsoDate(deps.now()));
    },
    'escalation:list': ({ asOf }) => currentEscalations(session.db, asOf ?? localIsoDate(deps.now())),
  };
}
