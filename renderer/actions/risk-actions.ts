/**
 * Reading and changing risks. Every change goes to the handler table at once; a refusal is kept in the
 * edit store with what the user tried, so nothing is lost silently.
 */
import type { RiskRecord } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { conflictCurrent, isApiError, messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import type { AttemptedChange, EditField, FieldFailure, TextChange } from '../stores/edit-store.ts';
import { useEditStore } from '../stores/edit-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { recordChange } from '../workspace/undo-actions.ts';
import { markSaved } from './view-actions.ts';

let loadSeq = 0;

export async function loadRisks(): Promise<void> {
  const seq = ++loadSeq;
  try {
    const [risks, categories] = await Promise.all([call('risks:list', {}), call('categories:list', {})]);
    if (seq !== loadSeq) return;
    const { selectedId } = useRisksStore.getState();
    useRisksStore.setState({
      loaded: true,
      risks,
      categories: categories.map((c) => c.name),
      selectedId: selectedId && risks.some((r) => r.id === selectedId) ? selectedId : null,
      error: null,
    });
  } catch (e) {
    if (seq !== loadSeq) return;
    useRisksStore.setState({ loaded: true, error: messageOf(e) });
  }
}

export function selectRisk(id: string | null): void {
  if (useRisksStore.getState().selectedId === id) return;
  useRisksStore.setState({ selectedId: id });
}

/** Put one fresh record in place of its old self (a new array, so the table and heatmap redraw). */
export function replaceRisk(record: RiskRecord): void {
  const { risks } = useRisksStore.getState();
  useRisksStore.setState({ risks: risks.map((r) => (r.id === record.id ? record : r)) });
}

function setFailure(riskId: string, field: EditField, failure: FieldFailure | null): void {
  const { failures } = useEditStore.getState();
  const before = failures[riskId] ?? {};
  if (!failure && !(field in before)) return;
  const forRisk = failure
    ? { ...before, [field]: failure }
    : Object.fromEntries(Object.entries(before).filter(([f]) => f !== field));
  const next = Object.fromEntries(Object.entries(failures).filter(([id]) => id !== riskId));
  if (Object.keys(forRisk).length > 0) next[riskId] = forRisk;
  useEditStore.setState({ failures: next });
}

/** Forget a refusal (the user put the field back as it was). */
export function clearFailure(riskId: string, field: EditField): void {
  setFailure(riskId, field, null);
}

/** Send one change; on success the table updates, on refusal the message and the attempt are kept. */
async function save(
  risk: RiskRecord,
  mine: AttemptedChange,
  send: (version: number) => Promise<RiskRecord>,
): Promise<boolean> {
  const field = mine.field;
  useEditStore.setState({ pending: { riskId: risk.id, field } });
  try {
    const updated = await send(risk.version);
    replaceRisk(updated);
    void recordChange('risk', updated);
    setFailure(risk.id, field, null);
    const { conflict } = useEditStore.getState();
    useEditStore.setState({
      pending: null,
      conflict: conflict && conflict.riskId === risk.id && conflict.mine.field === field ? null : conflict,
    });
    markSaved();
    return true;
  } catch (e) {
    const theirs = isApiError(e, 'CONFLICT') ? conflictCurrent(e) : null;
    useEditStore.setState({ pending: null });
    if (isApiError(e, 'CONFLICT') && theirs) {
      replaceRisk(theirs);
      setFailure(risk.id, field, null);
      useEditStore.setState({
        conflict: { riskId: risk.id, ref: theirs.ref, message: e.message, theirs, mine },
        conflictSeq: useEditStore.getState().conflictSeq + 1,
      });
      // Others may have changed more than this risk: read the register again.
      void loadRisks();
    } else {
      setFailure(risk.id, field, { message: messageOf(e), attempted: mine });
    }
    return false;
  }
}

export function updateScore(
  risk: RiskRecord,
  impact: ScoreValue,
  likelihood: ScoreValue,
  reason: string,
): Promise<boolean> {
  const why = reason.trim();
  return save(risk, { field: 'score', impact, likelihood, reason: why }, (version) =>
    call('risks:update-score', {
      id: risk.id,
      version,
      which: 'current',
      impact,
      likelihood,
      ...(why ? { reason: why } : {}),
    }),
  );
}

export function updateText(risk: RiskRecord, change: TextChange): Promise<boolean> {
  return save(risk, change, (version) =>
    call('risks:update', { id: risk.id, version, changes: { [change.field]: change.value } }),
  );
}

/** After a conflict: send the user's change again, on top of the latest version. */
export async function applyMineAgain(): Promise<boolean> {
  const { conflict } = useEditStore.getState();
  if (!conflict) return false;
  const latest = useRisksStore.getState().risks.find((r) => r.id === conflict.riskId) ?? conflict.theirs;
  const mine = conflict.mine;
  return mine.field === 'score'
    ? updateScore(latest, mine.impact, mine.likelihood, mine.reason)
    : updateText(latest, mine);
}

/** After a conflict: keep the values in the register and drop the user's attempt. */
export function keepTheirs(): void {
  useEditStore.setState({ conflict: null });
}
