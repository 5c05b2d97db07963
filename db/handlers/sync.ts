/**
 * The register's revision (highest history `seq`) and what changed since one: lets a window refresh only the
 * risks another window touched instead of reading 100,000 risks again. See shared/contract/sync.ts.
 */
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../../shared/contract/index.ts';
import type { RiskChanges } from '../../shared/contract/sync.ts';
import { CHANGES_FULL_THRESHOLD } from '../../shared/contract/sync.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { isoDay } from '../../shared/travel.ts';
import { countRisks, getRisk, listRisks, listRisksPage } from '../risks.ts';
import { stmt } from '../statements.ts';
import type { HandlerDeps } from './deps.ts';
import { readTransaction } from '../transaction.ts';

type SyncHandlers = Pick<Handlers, 'risks:list-with-revision' | 'risks:changes' | 'risks:list-page'>;

/** The highest history seq (0 before the first write): seq is the primary key, so this is one index step. */
export function registerRevision(db: Database): number {
  return stmt(db, 'SELECT COALESCE(MAX(seq), 0) FROM history').pluck().get() as number;
}

interface ChangeRow {
  entity: string;
  entity_id: string;
  action: string;
  field: string | null;
}

/**
 * Does this history entry change risk records (or how they read) beyond the risk it names? Category and
 * owner renames, merges and deletions reach every risk that uses them; the band key, the register's name,
 * the category order and an import are register-wide. Creating an owner, category or snapshot, an action's
 * change, a contact detail or an appetite, and an export do not change any risk's record.
 */
function needsFullReload(row: ChangeRow): boolean {
  switch (row.entity) {
    case 'risk':
    case 'action':
    case 'control':
    case 'assurance':
    case 'objective':
      return false;
    case 'register':
      return !(
        row.action === 'export' ||
        (row.action === 'create' && row.field === 'snapshot') ||
        // Scoring criteria describe the levels; no risk's record or band changes with them.
        row.entity_id === 'scoring-criteria'
      );
    case 'category':
      return !(
        row.action === 'create' ||
        (row.action === 'update' &&
          (row.field === 'appetite' || row.field === 'appetiteLevel' || row.field === 'appetiteStatement'))
      );
    case 'owner':
      return !(
        row.action === 'create' ||
        (row.action === 'update' && (row.field === 'name' || row.field === 'role' || row.field === 'email'))
      );
    default:
      return true;
  }
}

/** What changed since `since`, read in one go (the caller runs it inside a read transaction). */
export function changesSince(db: Database, since: number, day: string): RiskChanges {
  const revision = registerRevision(db);
  const full: RiskChanges = { revision, day, risks: [], removedIds: [], full: true };
  // A revision this register never reached: the window last read another register file.
  if (since > revision) return full;
  const ids = new Set<string>();
  // Range scan on the primary key: only the entries after `since` are visited.
  const rows = stmt(
    db,
    'SELECT entity, entity_id, action, field FROM history WHERE seq > ? ORDER BY seq',
  ).iterate(since) as IterableIterator<ChangeRow>;
  for (const row of rows) {
    if (needsFullReload(row)) {
      rows.return?.();
      return full;
    }
    if (row.entity !== 'risk') continue;
    ids.add(row.entity_id);
    if (ids.size > CHANGES_FULL_THRESHOLD) {
      rows.return?.();
      return full;
    }
  }
  const risks: RiskRecord[] = [];
  const removedIds: string[] = [];
  for (const id of ids) {
    const risk = getRisk(db, id);
    if (risk) risks.push(risk);
    else removedIds.push(id);
  }
  return { revision, day, risks, removedIds, full: false };
}

export function syncHandlers(deps: HandlerDeps): SyncHandlers {
  const { session } = deps;
  return {
    // Each runs synchronously in one read transaction, so no write can fall between the revision and the rows.
    'risks:list-with-revision': ({ includeArchived }) => {
      const db = session.db;
      return readTransaction(db, () => ({
        revision: registerRevision(db),
        day: isoDay(deps.now()),
        risks: listRisks(db, { includeArchived }),
      }));
    },
    'risks:list-page': ({ after, limit }) => {
      const db = session.db;
      return readTransaction(db, () => ({
        ...listRisksPage(db, after, limit),
        revision: registerRevision(db),
        total: countRisks(db),
        day: isoDay(deps.now()),
      }));
    },
    'risks:changes': ({ sinceRevision }) => {
      const db = session.db;
      return readTransaction(db, () => changesSince(db, sinceRevision, isoDay(deps.now())));
    },
  };
}
