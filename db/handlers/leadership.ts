import { basename } from 'node:path';
import type { Handlers } from '../../shared/contract/index.ts';
import { PNG_DATA_URL_PREFIX } from '../../shared/contract/leadership.ts';
import { AppError } from '../../shared/errors.ts';
import { openFiles } from '../files/open-files.ts';
import { inThreadRunner } from '../work/runner.ts';
import { appendHistory } from '../history.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';
import { writeTransaction } from '../transaction.ts';

type LeadershipHandlers = Pick<Handlers, 'export:png'>;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function leadershipHandlers(deps: HandlerDeps): LeadershipHandlers {
  const { session } = deps;
  return {
    'export:png': async ({ dataUrl, name, path }) => {
      const bytes = Buffer.from(dataUrl.slice(PNG_DATA_URL_PREFIX.length), 'base64');
      if (bytes.length < PNG_SIGNATURE.length || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
        throw new AppError('VALIDATION', 'The picture is not a PNG image: export it again from the heatmap.');
      }
      const db = session.db;
      const chosen =
        path !== undefined
          ? deps.files.resolve(path, 'png-write')
          : await deps.dialogs.chooseExportPath(`${name}.png`, 'png');
      if (!chosen) return null;
      await (deps.work ?? inThreadRunner).run('file:write', {
        data: bytes,
        path: chosen,
        protect: openFiles(),
      });
      // Recorded after an import being written into the register meanwhile (the write gate): not run again.
      while (session.writingElsewhere) await session.writingElsewhere;
      if (!session.readOnly) {
        const ctx = writeContext(deps);
        writeTransaction(db, () =>
          appendHistory(db, [
            {
              entity: 'register',
              entityId: 'register',
              label: 'Register',
              action: 'export',
              field: null,
              oldValue: null,
              newValue: { file: basename(chosen), format: 'png', bytes: bytes.length },
              reason: `Exported the heatmap to ${basename(chosen)}`,
              at: ctx.now,
              by: ctx.by,
            },
          ]),
        );
      }
      return { path: chosen, bytes: bytes.length };
    },
  };
}
