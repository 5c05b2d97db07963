/** Archive, restore, permanent delete, bulk edits, ref suggestions and undo/redo (history:revert). */
import type { Database } from 'better-sqlite3';
import { localIsoDate } from '../../shared/actions.ts';
import type { Handlers } from '../../shared/contract/index.ts';
import type { RevertResult } from '../../shared/contract/risk-admin.ts';
import type { BulkOp } from '../risk-admin.ts';
import { bulkUpdateRisks, deleteArchivedRisk, setRiskArchived } from '../risk-admin.ts';
import { queryHistory, revertEntry } from '../revert.ts';
import { suggestRef } from '../risks.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';
import { stmt } from '../statements.ts';
import { writeTransaction } from '../transaction.ts';

type RiskAdminHandlers = Pick<
  Handlers,
  | 'risks:suggest-ref'
  | 'risks:archive'
  | 'risks:restore'
  | 'risks:delete'
  | 'risks:bulk'
  | 'history:revert'
  | 'history:revert-many'
  | 'history:list'
>;

const lastSeq = (db: Database): number =>
  stmt(db, 'SELECT COALESCE(MAX(seq), 0) FROM history').pluck().get() as number;

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i + 1);

export function riskAdminHandlers(deps: HandlerDeps): RiskAdminHandlers {
  const { session } = deps;
  const changed = () => deps.onRegisterChanged?.();
  const today = () => localIsoDate(deps.now());

  return {
    'risks:suggest-ref': () => suggestRef(session.db),
    'risks:archive': ({ id, version, reason }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const r = writeTransaction(db, () => setRiskArchived(db, id, version, true, reason, ctx));
      changed();
      return r;
    },
    'risks:restore': ({ id, version, reason }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const r = writeTransaction(db, () => setRiskArchived(db, id, version, false, reason, ctx));
      changed();
      return r;
    },
    'risks:delete': ({ id, version, reason }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const r = writeTransaction(db, () => ({
        ...deleteArchivedRisk(db, id, version, reason, ctx, today()),
        seq: lastSeq(db),
      }));
      changed();
      return r;
    },
    'risks:bulk': (input) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const op: BulkOp =
        input.op === 'assign-owner'
          ? { op: input.op, owner: input.owner, mode: input.mode }
          : input.op === 'change-category'
            ? { op: input.op, category: input.category }
            : { op: input.op };
      const result = writeTransaction(db, () => {
        const before = lastSeq(db);
        const risks = bulkUpdateRisks(db, input.risks, op, input.reason, ctx);
        return { risks, seqs: range(before, lastSeq(db)) };
      });
      changed();
      return result;
    },
    'history:revert': ({ seq }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const r = writeTransaction(db, () => revertEntry(db, seq, ctx, today()));
      changed();
      return r;
    },
    'history:revert-many': ({ seqs }) => {
      const db = session.writable();
      const ctx = writeContext(deps);
      const order = [...seqs].sort((a, b) => b - a);
      const results = writeTransaction(db, () =>
        order.map((s): RevertResult => revertEntry(db, s, ctx, today())),
      );
      changed();
      return { results, seqs: results.map((r) => r.seq) };
    },
    'history:list': (q) => queryHistory(session.db, q),
  };
}
