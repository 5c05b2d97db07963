/** Controls, assurance, treatment and acceptance: each write in one transaction with its history rows. */
import { localIsoDate } from '../../shared/actions.ts';
import type { Handlers } from '../../shared/contract/index.ts';
import {
  assessControl,
  createAssurance,
  createControl,
  deleteAssurance,
  deleteControl,
  flaggedRisks,
  listControls,
  recordedRiskFlags,
  riskControlsView,
  setControlLink,
  setTreatment,
  splitIntoControls,
  updateAssurance,
  updateControl,
} from '../controls.ts';
import { readTransaction, writeTransaction } from '../transaction.ts';
import { writeContext } from './context.ts';
import type { HandlerDeps } from './deps.ts';

type ControlHandlers = Pick<
  Handlers,
  | 'controls:list'
  | 'controls:create'
  | 'controls:split'
  | 'controls:update'
  | 'controls:assess'
  | 'controls:link'
  | 'controls:unlink'
  | 'controls:delete'
  | 'controls:for-risk'
  | 'controls:flags'
  | 'assurances:create'
  | 'assurances:update'
  | 'assurances:delete'
  | 'treatment:set'
>;

export function controlHandlers(deps: HandlerDeps): ControlHandlers {
  const { session } = deps;
  const today = () => localIsoDate(deps.now());
  /** Run a write in one immediate transaction, then tell the shell (other windows refresh). */
  const write = <T>(
    fn: (db: ReturnType<typeof session.writable>, ctx: ReturnType<typeof writeContext>) => T,
  ): T => {
    const db = session.writable();
    const ctx = writeContext(deps);
    const out = writeTransaction(db, () => fn(db, ctx));
    deps.onRegisterChanged?.();
    return out;
  };

  return {
    'controls:list': (q) => listControls(session.db, q, today()),
    'controls:create': ({ reason, ...input }) =>
      write((db, ctx) => createControl(db, { ...input, reason }, ctx, today())),
    'controls:split': (input) => write((db, ctx) => splitIntoControls(db, input, ctx, today())),
    'controls:update': ({ id, version, changes, reason }) =>
      write((db, ctx) => updateControl(db, id, version, changes, reason, ctx, today())),
    'controls:assess': ({ id, version, effectiveness, nextAssessmentDue, reason }) =>
      write((db, ctx) =>
        assessControl(db, id, version, effectiveness, nextAssessmentDue, reason, ctx, today()),
      ),
    'controls:link': ({ id, riskId, reason }) =>
      write((db, ctx) => setControlLink(db, id, riskId, true, reason, ctx, today())),
    'controls:unlink': ({ id, riskId, reason }) =>
      write((db, ctx) => setControlLink(db, id, riskId, false, reason, ctx, today())),
    'controls:delete': ({ id, version, reason }) =>
      write((db, ctx) => deleteControl(db, id, version, reason, ctx, today())),
    'controls:for-risk': ({ riskId }) => {
      const db = session.db;
      return readTransaction(db, () => riskControlsView(db, riskId, today()));
    },
    'controls:flags': ({ omitUnrecorded }) => {
      const db = session.db;
      return readTransaction(db, () =>
        omitUnrecorded ? recordedRiskFlags(db, today()) : flaggedRisks(db, today()),
      );
    },
    'assurances:create': (input) => write((db, ctx) => createAssurance(db, input, ctx)),
    'assurances:update': ({ id, version, changes, reason }) =>
      write((db, ctx) => updateAssurance(db, id, version, changes, reason, ctx)),
    'assurances:delete': ({ id, version, reason }) =>
      write((db, ctx) => deleteAssurance(db, id, version, reason, ctx)),
    'treatment:set': (input) => write((db, ctx) => setTreatment(db, input, ctx)),
  };
}
