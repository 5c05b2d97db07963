/** Preview and commit of an import against an open register. */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors.ts';
import type { ImportPlan } from '../../shared/import/check.ts';
import { blockingMessages, checkImport } from '../../shared/import/check.ts';
import type {
  AcceptedRepair,
  ImportMapping,
  ImportPreview,
  ImportResult,
} from '../../shared/import/types.ts';
import { appendHistory } from '../history.ts';
import { createRisk } from '../risk-writes.ts';
import { nextRiskPosition } from '../risks.ts';
import { readSettings, writeSetting } from '../settings.ts';
import type { WriteContext } from '../write-context.ts';
import type { ImportFile } from './read.ts';
import { readRememberedMapping, rememberMapping } from './remembered.ts';
import { stmt } from '../statements.ts';
import { type PreviewContext, previewFromContext } from '../work/jobs.ts';
import { writeTransaction } from '../transaction.ts';

function existingRefs(db: Database): string[] {
  return stmt(db, 'SELECT ref FROM risks').pluck().all() as string[];
}

function plan(db: Database, file: ImportFile, mapping?: ImportMapping, accept?: readonly AcceptedRepair[]) {
  return checkImport(file.table, {
    mapping,
    remembered: readRememberedMapping(db),
    existingRefs: existingRefs(db),
    key: readSettings(db).key,
    accept,
  });
}

/** What a preview needs from the register: cheap queries, so a worker can do the rest (db/work/jobs.ts). */
export function previewContext(db: Database): PreviewContext {
  return { remembered: readRememberedMapping(db), existingRefs: existingRefs(db), key: readSettings(db).key };
}

/** Reads only: nothing is written. */
export function previewImport(
  db: Database,
  file: ImportFile,
  mapping?: ImportMapping,
): Omit<ImportPreview, 'file'> {
  return previewFromContext(file, previewContext(db), mapping);
}

function refuse(p: ImportPlan): AppError {
  const lines = blockingMessages(p);
  const blockedRows = p.rows.filter((r) => r.status === 'error' || r.status === 'needs-repair');
  const what = p.fileErrors.length
    ? 'the file cannot be imported as it is'
    : `${blockedRows.length} ${blockedRows.length === 1 ? 'row needs' : 'rows need'} attention`;
  const shown = lines.slice(0, 5).join('\n');
  const more = lines.length > 5 ? `\n…and ${lines.length - 5} more.` : '';
  return new AppError('VALIDATION', `Nothing was imported: ${what}.\n${shown}${more}`, {
    fileErrors: p.fileErrors,
    rows: blockedRows.map((r) => ({
      row: r.row,
      ref: r.ref,
      errors: r.errors,
      repairs: r.repairs
        .filter((x) => !x.accepted)
        .map((x) => ({ kind: x.kind, message: x.message, value: x.value })),
    })),
    messages: lines,
  });
}

/**
 * All or nothing, in one transaction: every risk with its history row ("Imported from FILE"), one history
 * entry for the import itself, and the mapping remembered for next time.
 */
export function commitImport(
  db: Database,
  file: ImportFile,
  request: {
    mapping?: ImportMapping | undefined;
    accept: readonly AcceptedRepair[];
    fileHash?: string | undefined;
  },
  ctx: WriteContext,
): ImportResult {
  if (request.fileHash && request.fileHash !== file.fileHash) {
    throw new AppError(
      'CONFLICT',
      `${file.fileName} has changed since it was previewed. Preview it again, then import.`,
    );
  }
  return writeTransaction(db, (): ImportResult => {
    const p = plan(db, file, request.mapping, request.accept);
    if (blockingMessages(p).length > 0 || p.risks.length !== p.rows.length) throw refuse(p);
    const reason = `Imported from ${file.fileName}`;
    const refs: string[] = [];
    let repairsApplied = 0;
    // The register order continues after the last risk: counted here, not asked of SQLite once per row.
    let position = nextRiskPosition(db);
    for (const r of p.risks) {
      const created = createRisk(
        db,
        {
          ref: r.ref,
          category: r.category,
          description: r.description,
          impact: r.impact,
          likelihood: r.likelihood,
          inherent: r.inherent,
          target: r.target,
          mitigation: r.mitigation,
          owners: r.owners,
          reason,
          published: r.published,
        },
        ctx,
        'import',
        position++,
      );
      refs.push(created.ref);
      repairsApplied += r.repairsApplied;
    }
    const nulls = Object.fromEntries(Object.entries(request.mapping ?? {}).filter(([, v]) => v === null));
    const used: ImportMapping = { ...p.mapping, ...nulls };
    rememberMapping(db, used);
    if (!readSettings(db).onboarded) writeSetting(db, 'onboarded', true);
    appendHistory(db, [
      {
        entity: 'register',
        entityId: 'register',
        label: 'Register',
        action: 'import',
        field: null,
        oldValue: null,
        newValue: {
          file: file.fileName,
          format: file.format,
          sheet: file.sheet,
          sha256: file.fileHash,
          risks: refs.length,
          refs,
          repairsApplied,
          mapping: used,
        },
        reason: `Imported ${refs.length} ${refs.length === 1 ? 'risk' : 'risks'} from ${file.fileName}`,
        at: ctx.now,
        by: ctx.by,
      },
    ]);
    return { fileName: file.fileName, imported: refs.length, refs, repairsApplied };
  });
}
