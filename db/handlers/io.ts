import type { Handlers } from '../../shared/contract/index.ts';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { readSettings } from '../settings.ts';
import { exportRegisterWorkbook } from '../export/register-workbook.ts';
import { assertFileFormat, defaultExportName, exportSummary } from '../export/summary.ts';
import { previewContext } from '../import/run.ts';
import type { PreparedTicket } from '../work/jobs.ts';
import { inThreadRunner } from '../work/runner.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';

type IoHandlers = Pick<
  Handlers,
  | 'import:preview'
  | 'import:preview-rows'
  | 'import:cancel'
  | 'import:commit'
  | 'export:summary'
  | 'export:register'
>;

export function ioHandlers(deps: HandlerDeps): IoHandlers {
  const { session } = deps;
  const work = deps.work ?? inThreadRunner;
  /**
   * The ticket of the last file previewed: its plan is kept by the thread that made it (the worker), with the
   * fingerprint of the register it was checked against. The commit of the same file (same SHA-256) with the same
   * mapping and no accepted repairs writes that plan, without reading and checking the file again, when the
   * register's fingerprint is unchanged (else it refuses). One at a time.
   */
  let kept: PreparedTicket | null = null;
  /**
   * Where the rows of the last preview are, for `import:preview-rows`: the file and mapping they are for, and the
   * token that names them to the worker that made and keeps them (a register workbook's too). Let go when the file
   * is imported or another preview starts.
   */
  let shown: { path: string; mappingKey: string; fileName: string; rows: { token: string } } | null = null;
  /** The file is being imported: its preview's rows are no longer asked for (the worker lets go of them too). */
  const forgetShown = () => {
    if (shown) work.run('import:forget', {}).catch(() => undefined);
    shown = null;
  };

  return {
    'import:preview': async ({ path, mapping, firstRows }) => {
      const db = session.db;
      let ref = path;
      if (ref === undefined) {
        const chosen = await deps.dialogs.chooseImportFile();
        if (!chosen) return null;
        ref = deps.files.grant(chosen, 'import-read');
      }
      const target = deps.files.resolve(ref, 'import-read');
      const mappingKey = JSON.stringify(mapping ?? {});
      shown = null;
      // Reading, parsing and checking run off this thread; the register's refs, Key and remembered mapping go
      // with the job. The mapping (supplied or remembered) also picks the worksheet of a workbook. Asked for its
      // first rows, the worker answers those and keeps the rest for import:preview-rows. A register workbook (our
      // own export) is told apart and previewed there too (issue 14: 1.4 s of this thread at 10,000 risks), as it
      // is: no mapping, no repairs, no plan kept.
      kept = null;
      const context = previewContext(db);
      const { preview, prepared, rowsToken } = await work.run('import:preview', {
        path: target,
        mapping,
        context,
        ...(firstRows !== undefined ? { firstRows } : {}),
      });
      kept = prepared;
      if (firstRows !== undefined) {
        shown = { path: target, mappingKey, fileName: preview.fileName, rows: { token: rowsToken } };
      }
      return { ...preview, file: ref };
    },
    'import:cancel': async () => {
      const asked = kept !== null || shown !== null;
      kept = null;
      shown = null;
      if (asked) await work.run('import:forget', { plan: true });
      return null;
    },
    'import:preview-rows': async ({ path, mapping, offset, limit, only }) => {
      const target = deps.files.resolve(path, 'import-read');
      const now = shown;
      if (!now || now.path !== target || now.mappingKey !== JSON.stringify(mapping ?? {})) {
        throw new AppError(
          'CONFLICT',
          `The rows of ${basename(target)} ${now ? 'with this mapping ' : ''}are no longer kept (imported, or another preview since). Preview the file again.`,
        );
      }
      return await work.run('import:preview-rows', { token: now.rows.token, offset, limit, only });
    },
    'import:commit': async ({ path, mapping, accept, fileHash }) => {
      // Refuses a register this app may not write (read-only), before any job.
      session.writable();
      // The preview's rows are let go before the commit, not held through it (its peak memory); a commit that
      // fails asks for a new preview anyway (the file or the register changed).
      forgetShown();
      const target = deps.files.resolve(path, 'import-read');
      // The commit runs in the worker, on a connection of its own to this register (issue 14: ~2.5 s at 100,000 rows
      // during which this thread answered nothing): the plan kept there since the preview when this is the file
      // and mapping previewed and no repairs are accepted, else the file read and checked again there; a register
      // workbook (our own export) read, parsed and written whole there (issue 14: 1.25-1.6 s of this thread at
      // 10,000 risks when it was written here, refused as before when its SHA-256 is not the preview's). This
      // thread's connection sees the rows through the WAL at its next read. `session.writable()` above refused a
      // register this app may not write; the worker's connection refuses one of another schema version.
      //
      // While it runs, this process's other writes to the register wait for it (the write gate: `holdWrites`, and
      // the handler table's `gated`), rather than block this thread on the worker's write lock. `holdWrites` throws
      // WritingElsewhere (the handler runs again once that ends) if another import took the gate during the read
      // above: what ran before this point may run twice (the preview's rows forgotten).
      const registerPath = session.path;
      if (registerPath === null) throw new AppError('NO_REGISTER', 'No register is open.');
      const result = await session.holdWrites(
        async () => {
          const ticket = kept;
          kept = null;
          const fast =
            ticket !== null &&
            ticket.path === target &&
            ticket.mappingKey === JSON.stringify(mapping ?? {}) &&
            accept.length === 0;
          const written = await work.run('import:commit', {
            registerPath,
            path: target,
            token: fast ? ticket.token : null,
            mapping,
            accept: [...accept],
            fileHash: fast ? (fileHash ?? ticket.fileHash) : fileHash,
            ctx: writeContext(deps),
          });
          // Told while the gate still holds: the writes waiting for it may open another register.
          deps.onRegisterChanged?.();
          return written;
        },
        // After the answer, its WAL copied into the register by the worker on a connection of its own (the commit
        // skipped its automatic checkpoint, db/transaction.ts `bulkWriteTransaction`), inside the gate: the writes
        // waiting for the import then find it copied, not left for their COMMIT to copy on this thread.
        () => work.run('register:checkpoint', { registerPath }),
      );
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
        writingElsewhere: () => session.writingElsewhere,
      });
    },
    'export:register': async (input) => {
      const db = session.db;
      const date = deps.now();
      const path =
        input.path !== undefined
          ? deps.files.resolve(input.path, 'export-write:xlsx')
          : await deps.dialogs.chooseExportPath(
              defaultExportName(readSettings(db).name, 'xlsx', date).replace(' summary ', ' register '),
              'xlsx',
            );
      if (!path) return null;
      const result = await exportRegisterWorkbook(db, path, {
        ...writeContext(deps),
        date,
        readOnly: session.readOnly,
        writingElsewhere: () => session.writingElsewhere,
      });
      return result;
    },
  };
}
