/** Preview and commit of an import against an open register. */
import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import { blockingMessages, checkImport } from '../../shared/import/check.ts';
import { importSummary } from '../../shared/import/summary.ts';
import { parseColumnRef } from '../../shared/import/headers.ts';
import type {
  AcceptedRepair,
  ImportField,
  ImportMapping,
  ImportPreview,
  ImportResult,
} from '../../shared/import/types.ts';
import { isTitleOwner, titleKey } from '../../shared/import/owners.ts';
import { appendHistory } from '../history.ts';
import { ensureOwner } from '../owners.ts';
import { reviewState, setReviewCycle } from '../reviews.ts';
import { RiskBatch } from '../risk-writes.ts';
import { nextRiskPosition } from '../risks.ts';
import { readSettings, writeSetting } from '../settings.ts';
import type { WriteContext } from '../write-context.ts';
import type { ImportFile } from './read.ts';
import { readRememberedMapping, rememberMapping } from './remembered.ts';
import { stmt } from '../statements.ts';
import {
  keptFromColumnsNotImported,
  type KeptPlan,
  type KeptRowValues,
  type PreparedImport,
  type PreviewContext,
  previewFromContext,
} from '../work/jobs.ts';
import { bulkWriteTransaction } from '../transaction.ts';
import { createImportedActions, type ImportedActionLog } from './actions.ts';

/**
 * The key of a job-title owner ("Head of Legal Services"): the owner already named so (any case), or a new owner
 * named so whose key is the title's capitals (HLS), with 2, 3… added when another owner has that key.
 */
function titleOwnerKey(
  db: Database,
  title: string,
  now: string,
  made: Map<string, [string, string]>,
): string {
  const known = made.get(title.toLowerCase());
  if (known) return known[1];
  const byName = stmt(
    db,
    'SELECT initials FROM owners WHERE name = ? COLLATE NOCASE ORDER BY created_at LIMIT 1',
  )
    .pluck()
    .get(title) as string | undefined;
  let key = byName;
  if (!key) {
    const base = titleKey(title);
    const taken = stmt(db, 'SELECT 1 FROM owners WHERE initials = ? COLLATE NOCASE').pluck();
    key = base;
    for (let n = 2; taken.get(key) !== undefined; n++) key = `${base}${n}`;
    ensureOwner(db, key, now, { name: title });
  }
  made.set(title.toLowerCase(), [title, key]);
  return key;
}

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

/**
 * A fingerprint of everything a plan depends on in the register (its refs, remembered mapping and Key): two
 * registers with the same fingerprint give the same plan for the same file and mapping (`checkImport` is pure).
 */
export function contextKey(context: PreviewContext): string {
  return createHash('sha256')
    .update(JSON.stringify([context.remembered, context.key]))
    .update('\n')
    .update(context.existingRefs.join('\n'))
    .digest('hex');
}

/** Reads only: nothing is written. */
export function previewImport(
  db: Database,
  file: ImportFile,
  mapping?: ImportMapping,
): Omit<ImportPreview, 'file'> {
  return previewFromContext(file, previewContext(db), mapping);
}

function refuse(p: KeptPlan): AppError {
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
  return bulkWriteTransaction(db, (): ImportResult => {
    const p = plan(db, file, request.mapping, request.accept);
    const kept = keptFromColumnsNotImported(p, file.table);
    return writePlan(db, { ...p, summary: importSummary(p) }, file, kept, request.mapping, ctx);
  });
}

/**
 * The commit of a plan kept since the preview (db/work/jobs.ts `PreparedImport`): the caller has checked that the
 * file's SHA-256 is the one previewed; here, inside the write transaction, the register's fingerprint must be the
 * one the plan was made against (`contextKey` of the preview's context), or nothing is written.
 */
export function commitPrepared(
  db: Database,
  prepared: PreparedImport,
  previewedContext: string,
  mapping: ImportMapping | undefined,
  ctx: WriteContext,
): ImportResult {
  return bulkWriteTransaction(db, (): ImportResult => {
    if (contextKey(previewContext(db)) !== previewedContext) {
      throw new AppError(
        'CONFLICT',
        `The register has changed since ${prepared.fileName} was previewed (risks, refs, the Key or the remembered ` +
          'columns were changed, perhaps in another window). Nothing was imported. Preview the file again, then import.',
      );
    }
    return writePlan(db, prepared.plan, prepared, prepared.keptValues, mapping, ctx);
  });
}

/** Writes a checked plan: call inside the write transaction. */
function writePlan(
  db: Database,
  p: KeptPlan,
  file: Pick<ImportFile, 'fileName' | 'format' | 'sheet' | 'fileHash'>,
  keptValues: KeptRowValues[],
  mapping: ImportMapping | undefined,
  ctx: WriteContext,
): ImportResult {
  const kept = p.rows.filter((r) => r.status !== 'skipped');
  if (blockingMessages(p).length > 0 || p.risks.length !== kept.length) throw refuse(p);
  const reason = `Imported from ${file.fileName}`;
  const refs: string[] = [];
  let repairsApplied = 0;
  // The register order continues after the last risk: counted here, not asked of SQLite once per row.
  let position = nextRiskPosition(db);
  const titleKeys = new Map<string, [string, string]>();
  const actionLog: ImportedActionLog[] = [];
  const batch = new RiskBatch(db, ctx, 'import');
  for (const r of p.risks) {
    const owners = r.owners.map((o) => (isTitleOwner(o) ? titleOwnerKey(db, o, ctx.now, titleKeys) : o));
    const created = batch.add(
      {
        ref: r.ref,
        ...(r.title !== undefined ? { title: r.title } : {}),
        category: r.category,
        description: r.description,
        impact: r.impact,
        likelihood: r.likelihood,
        inherent: r.inherent,
        target: r.target,
        mitigation: r.mitigation,
        owners,
        cause: r.cause,
        event: r.event,
        effect: r.effect,
        reason,
        published: r.published,
      },
      position++,
    );
    if (r.reviewDate) {
      // Its history rows follow the risk's own, as when each risk was appended on its own.
      batch.flush();
      const state = reviewState(db, created.id);
      if (state && state.nextReview !== r.reviewDate) {
        setReviewCycle(
          db,
          {
            id: created.id,
            version: created.version,
            cycle: state.cycle,
            nextReview: r.reviewDate,
            reason,
          },
          ctx,
        );
      }
    }
    if (r.actions.length || r.continuation) {
      batch.flush();
      actionLog.push(
        ...createImportedActions(db, created.id, r, reason, ctx, (t) =>
          titleOwnerKey(db, t, ctx.now, titleKeys),
        ),
      );
    }
    refs.push(created.ref);
    repairsApplied += r.repairsApplied;
  }
  batch.flush();
  const nulls = Object.fromEntries(Object.entries(mapping ?? {}).filter(([, v]) => v === null));
  const used: ImportMapping = { ...p.mapping, ...nulls };
  // A column placed by its neighbours (shared/import/continuation.ts) is this file's layout: not remembered.
  const placed = new Set(p.columns.filter((c) => c.placed && c.field).map((c) => c.field));
  // The words read as numbers (confirmed now): what each became is kept in history and remembered.
  const scales = Object.fromEntries(
    (p.scales ?? []).filter((u) => u.cells > 0).map((u) => [u.word, u.value]),
  );
  if (Object.keys(scales).length) used.scales = { ...readRememberedMapping(db).scales, ...scales };
  // A column named by position (#H) is this file's layout: remembered by header only, so another file's column H
  // is never taken for it unasked.
  rememberMapping(
    db,
    Object.fromEntries(
      Object.entries(used).filter(
        ([k, v]) => (typeof v !== 'string' || parseColumnRef(v) === null) && !placed.has(k as ImportField),
      ),
    ) as ImportMapping,
  );
  // The sheet, owner rule, rounding and conversion are this file's: kept in history, not remembered (a rounding
  // rule must never be applied to the next file unasked).
  const m = mapping ?? {};
  const choices = {
    ...(m.sheet !== undefined ? { sheet: m.sheet } : {}),
    ...(m.ownerRule !== undefined ? { ownerRule: m.ownerRule } : {}),
    ...(m.rounding !== undefined ? { rounding: m.rounding } : {}),
    ...(m.convert !== undefined ? { convert: m.convert } : {}),
  };
  const skipped = p.rows
    .filter((r) => r.status === 'skipped')
    .map((r) => ({ row: r.row, why: r.repairs[0]?.message ?? '' }));
  const notImported = p.columns
    .filter((c) => c.field === null && c.header.trim() !== '')
    .map((c) => (c.group ? `${c.group} › ${c.header.trim()}` : c.header.trim()));
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
        mapping: { ...used, ...choices },
        ...(Object.keys(scales).length ? { scales } : {}),
        ...(skipped.length ? { skipped } : {}),
        ...(notImported.length ? { columnsNotImported: notImported } : {}),
        ...(keptValues.length ? { keptFromColumnsNotImported: keptValues } : {}),
        ...(p.published.length ? { published: p.published } : {}),
        ...(titleKeys.size ? { ownersByTitle: Object.fromEntries(titleKeys.values()) } : {}),
        ...(actionLog.length ? { actions: actionLog } : {}),
      },
      reason: `Imported ${refs.length} ${refs.length === 1 ? 'risk' : 'risks'} from ${file.fileName}`,
      at: ctx.now,
      by: ctx.by,
    },
  ]);
  return {
    fileName: file.fileName,
    imported: refs.length,
    refs,
    repairsApplied,
    summary: p.summary,
    ...(actionLog.some((a) => a.action) ? { actions: actionLog.filter((a) => a.action).length } : {}),
  };
}
