import type { Handlers } from '../../shared/contract/index.ts';
import { readSettings } from '../settings.ts';
import { assertFileFormat, defaultExportName, exportSummary } from '../export/summary.ts';
import { readRememberedMapping } from '../import/remembered.ts';
import { commitImport, previewContext } from '../import/run.ts';
import { inThreadRunner } from '../work/runner.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';

type IoHandlers = Pick<Handlers, 'import:preview' | 'import:commit' | 'export:summary'>;

export function ioHandlers(deps: HandlerDeps): IoHandlers {
  const { session } = deps;
  const work = deps.work ?? inThreadRunner;

  return {
    'import:preview': async ({ path, mapping }) => {
      const db = session.db;
      let ref = path;
      if (ref === undefined) {
        const chosen = await deps.dialogs.chooseImportFile();
        if (!chosen) return null;
        ref = deps.files.grant(chosen, 'import-read');
      }
      const target = deps.files.resolve(ref, 'import-read');
      // Reading, parsing and checking run off this thread; the register's refs, Key and remembered mapping go
      // with the job. The mapping (supplied or remembered) also picks the worksheet of a workbook.
      const preview = await work.run('import:preview', {
        path: target,
        mapping,
        context: previewContext(db),
      });
      return { ...preview, file: ref };
    },
    'import:commit': async ({ path, mapping, accept, fileHash }) => {
      const db = session.writable();
      const target = deps.files.resolve(path, 'import-read');
      const file = await work.run('import:read', {
        path: target,
        mapping: { ...readRememberedMapping(db), ...mapping },
      });
      const result = commitImport(db, file, { mapping, accept, fileHash }, writeContext(deps));
      deps.onRegisterChanged?.();
      return result;
    },
    'export:summary': async (input) => {
      const db = session.db;
      if (!deps.renderPdf) assertFileFormat(input.format);
      const date = deps.now();
      const path =
        input.path !== undefined
          ? deps.files.resolve(input.path, `export-write:${input.format}`)
          : await deps.dialogs.chooseExportPath(
              defaultExportName(readSettings(db).name, input.format, date),
              input.format,
            );
      if (!path) return null;
      return exportSummary(db, input, path, {
        ...writeContext(deps),
        date,
        readOnly: session.readOnly,
        renderPdf: deps.renderPdf,
        work,
      });
    },
  };
}
