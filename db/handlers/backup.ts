import type { Handlers } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import { openFiles } from '../files/open-files.ts';
import { inThreadRunner } from '../work/runner.ts';
import { appendHistory } from '../history.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';
import { writeTransaction } from '../transaction.ts';

type BackupHandlers = Pick<Handlers, 'register:backup'>;

export function backupHandlers(deps: HandlerDeps): BackupHandlers {
  const { session } = deps;
  return {
    'register:backup': async ({ path }) => {
      const db = session.db;
      const registerPath = session.path;
      if (!registerPath)
        throw new AppError('NO_REGISTER', 'No register is open. Open a register to back it up.');
      const stamp = deps.now().toISOString().slice(0, 10);
      const target =
        path !== undefined
          ? deps.files.resolve(path, 'backup-write')
          : await deps.dialogs.chooseBackupPath(`Risk register backup ${stamp}.riskregister`);
      if (!target) return null;
      // VACUUM INTO through a read-only connection of the worker's own: a consistent copy, off this thread.
      const outcome = await (deps.work ?? inThreadRunner).run('register:backup', {
        registerPath,
        target,
        protect: openFiles(),
      });
      // The backup is recorded in history after any import being written into the register meanwhile (the write
      // gate): the copy is made and the dialog answered, so the handler must not run again.
      while (session.writingElsewhere) await session.writingElsewhere;
      if (!session.readOnly) {
        const ctx = writeContext(deps);
        writeTransaction(db, () =>
          appendHistory(db, [
            {
              entity: 'register',
              entityId: 'settings',
              label: 'Register',
              action: 'export',
              field: 'backup',
              oldValue: null,
              newValue: { path: outcome.path, risks: outcome.risks, historyHead: outcome.historyHead },
              reason: null,
              at: ctx.now,
              by: ctx.by,
            },
          ]),
        );
      }
      return outcome;
    },
  };
}
