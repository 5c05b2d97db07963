/**
 * The panel's workspace parts: inherent and target scores, tracked actions, archiving the open risk.
 * Each change is saved at once, recorded for undo, and a refusal comes back as the handler's sentence.
 */
import { create } from 'zustand';
import type { ActionStatus } from '../../shared/actions.ts';
import type { ActionRecord, OwnerRecord, RiskRecord, ScorePair } from '../../shared/domain.ts';
import { isApiError, messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { loadRisks, replaceRisk } from '../actions/risk-actions.ts';
import { markSaved } from '../actions/view-actions.ts';
import { onUndoApplied, recordChange } from './undo-actions.ts';

export interface PanelState {
  /** The open risk's actions, and whose they are. */
  actions: { riskId: string; list: ActionRecord[] } | null;
  actionsError: string | null;
  /** The owners directory, for choosing an action's owner. */
  owners: OwnerRecord[];
}

export const initialPanelState: PanelState = { actions: null, actionsError: null, owners: [] };

export const usePanelStore = create<PanelState>()(() => ({ ...initialPanelState }));

export async function loadActions(riskId: string): Promise<void> {
  try {
    const [list, owners] = await Promise.all([call('actions:list', { riskId }), call('owners:list', {})]);
    usePanelStore.setState({ actions: { riskId, list }, owners, actionsError: null });
  } catch (e) {
    usePanelStore.setState({ actionsError: messageOf(e) });
  }
}

/** Read the owners directory for the panel's pickers. */
export async function loadPanelOwners(): Promise<void> {
  try {
    usePanelStore.setState({ owners: await call('owners:list', {}) });
  } catch {
    // The pickers stay empty; typing initials still works.
  }
}

onUndoApplied(() => {
  const a = usePanelStore.getState().actions;
  if (a) void loadActions(a.riskId);
});

/** Set (or, with null, clear) the inherent or target score. */
export async function updatePair(
  risk: RiskRecord,
  which: 'inherent' | 'target',
  pair: ScorePair | null,
): Promise<string | null> {
  try {
    const updated = await call('risks:update-score', {
      id: risk.id,
      version: risk.version,
      which,
      impact: pair?.impact ?? null,
      likelihood: pair?.likelihood ?? null,
    });
    replaceRisk(updated);
    void recordChange('risk', updated);
    markSaved();
    return null;
  } catch (e) {
    if (isApiError(e, 'CONFLICT')) await loadRisks();
    return messageOf(e);
  }
}

export interface ActionDraft {
  text: string;
  owner: string | null;
  /** yyyy-mm-dd or null. */
  dueDate: string | null;
  status: ActionStatus;
}

async function afterAction(a: ActionRecord, label: string): Promise<void> {
  void recordChange('action', a, label);
  markSaved();
  await loadActions(a.riskId);
}

export async function addAction(risk: RiskRecord, d: ActionDraft): Promise<string | null> {
  try {
    const a = await call('actions:create', { riskId: risk.id, ...d });
    await afterAction(a, `${risk.ref} action added`);
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

export async function changeAction(a: ActionRecord, changes: Partial<ActionDraft>): Promise<string | null> {
  try {
    const updated = await call('actions:update', { id: a.id, version: a.version, changes });
    await afterAction(updated, `${a.riskRef} action`);
    return null;
  } catch (e) {
    await loadActions(a.riskId);
    return messageOf(e);
  }
}

export async function archiveAction(a: ActionRecord): Promise<string | null> {
  try {
    const updated = await call('actions:archive', { id: a.id, version: a.version });
    await afterAction(updated, `${a.riskRef} action archived`);
    return null;
  } catch (e) {
    await loadActions(a.riskId);
    return messageOf(e);
  }
}

/** dd/mm/yyyy (or d/m/yyyy) → yyyy-mm-dd; '' → null; anything else → undefined (not a date). */
export function parseUkDate(s: string): string | null | undefined {
  const t = s.trim();
  if (t === '') return null;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!m) return undefined;
  const iso = `${m[3]}-${(m[2] as string).padStart(2, '0')}-${(m[1] as string).padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}
