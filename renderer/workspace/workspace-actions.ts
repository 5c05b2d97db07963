/**
 * Creating, archiving, restoring and deleting risks; bulk changes on ticked rows; focusing the search.
 * Module functions: call the client, then set the stores. Every change is pushed on the undo stack.
 */
import type { contract, InputOf } from '../../shared/contract/index.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { isApiError, messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { refreshRisks, selectRisk } from '../actions/risk-actions.ts';
import { markSaved, showView } from '../actions/view-actions.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { useUiStore } from '../stores/ui-store.ts';
import { clearChecked } from './table-actions.ts';
import { useTableStore } from './table-store.ts';
import { recordChange, recordSeqs } from './undo-actions.ts';
import { useWorkspaceStore } from './workspace-store.ts';

export type NewRiskInput = InputOf<'risks:create'>;
export type FieldErrors = Partial<Record<string, string>>;

/** Open the New risk form with the next free ref suggested. */
export async function openNewRisk(): Promise<void> {
  let suggestedRef = '';
  const checks = loadNewRiskCheck().catch(() => undefined);
  try {
    suggestedRef = await call('risks:suggest-ref', {});
  } catch {
    // The user can type one.
  }
  await checks;
  if (useUiStore.getState().view !== 'register') showView('register');
  useWorkspaceStore.setState({ newRisk: { suggestedRef } });
}

export function closeNewRisk(): void {
  useWorkspaceStore.setState({ newRisk: null });
}

type NewRiskSchema = (typeof contract)['risks:create']['input'];
/** The contract's schema for a new risk, once loaded (`loadNewRiskCheck`). */
let newRiskSchema: NewRiskSchema | null = null;

/**
 * Load the contract's schemas (zod) for the New risk form's check. Not with the window: building them is a large
 * part of the app's start-up evaluation (issue 14, first rows); the form loads them as it opens.
 */
async function loadNewRiskCheck(): Promise<NewRiskSchema> {
  if (!newRiskSchema)
    newRiskSchema = (await import('../../shared/contract/index.ts')).contract['risks:create'].input;
  return newRiskSchema;
}

/** The form's own check, with the contract's messages, by field ("impact", "inherent.impact", …). */
export function checkNewRisk(schema: NewRiskSchema, input: NewRiskInput): FieldErrors {
  const parsed = schema.safeParse(input);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String);
    const where = path[0] === 'owners' ? 'owners' : path.join('.') || 'form';
    errors[where] ??= issue.message;
  }
  return errors;
}

/** Create the risk; on success it opens in the panel. Refusals come back by field. */
export async function createRisk(
  input: NewRiskInput,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  let schema = newRiskSchema;
  if (!schema) {
    try {
      schema = await loadNewRiskCheck();
    } catch (e) {
      return { ok: false, errors: { form: `Risk Register could not load its checks (${messageOf(e)}).` } };
    }
  }
  const errors = checkNewRisk(schema, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  try {
    const created = await call('risks:create', input);
    void recordChange('risk', { id: created.id, updatedAt: created.updatedAt }, `${created.ref} created`);
    markSaved();
    closeNewRisk();
    await refreshRisks();
    selectRisk(created.id);
    return { ok: true };
  } catch (e) {
    const field =
      isApiError(e) && typeof (e.details as { field?: unknown } | undefined)?.field === 'string'
        ? String((e.details as { field: string }).field)
        : isApiError(e, 'DUPLICATE')
          ? 'ref'
          : 'form';
    return { ok: false, errors: { [field]: messageOf(e) } };
  }
}

function setBulk(b: Partial<{ busy: boolean; error: string | null; done: string | null }>): void {
  useWorkspaceStore.setState((s) => ({ bulk: { ...s.bulk, ...b } }));
}

/** Archive one risk (from the panel). */
export async function archiveRisk(risk: RiskRecord): Promise<string | null> {
  try {
    const r = await call('risks:archive', { id: risk.id, version: risk.version });
    void recordChange('risk', r, `${r.ref} archived`);
    markSaved();
    selectRisk(null);
    await Promise.all([refreshRisks(), loadArchived()]);
    return null;
  } catch (e) {
    await refreshRisks();
    return messageOf(e);
  }
}

export async function loadArchived(): Promise<void> {
  try {
    const all = await call('risks:list', { includeArchived: true });
    useWorkspaceStore.setState({ archived: all.filter((r) => r.archivedAt !== null), archivedError: null });
  } catch (e) {
    useWorkspaceStore.setState({ archivedError: messageOf(e) });
  }
}

export async function restoreRisk(risk: RiskRecord): Promise<string | null> {
  try {
    const r = await call('risks:restore', { id: risk.id, version: risk.version });
    void recordChange('risk', r, `${r.ref} restored`);
    markSaved();
    await Promise.all([refreshRisks(), loadArchived()]);
    return null;
  } catch (e) {
    await loadArchived();
    return messageOf(e);
  }
}

/** Delete for good (the caller has asked for confirmation). Cannot be undone. */
export async function deleteRisk(risk: RiskRecord): Promise<string | null> {
  try {
    await call('risks:delete', { id: risk.id, version: risk.version });
    markSaved();
    await loadArchived();
    return null;
  } catch (e) {
    await loadArchived();
    return messageOf(e);
  }
}

export type BulkChange =
  | { op: 'assign-owner'; owner: string; mode: 'replace' | 'add' }
  | { op: 'change-category'; category: string }
  | { op: 'archive' };

/** One change to every ticked risk, all or nothing. */
export async function runBulk(change: BulkChange): Promise<boolean> {
  const { checked } = useTableStore.getState();
  const risks = useRisksStore.getState().risks.filter((r) => checked[r.id]);
  if (risks.length === 0) return false;
  setBulk({ busy: true, error: null, done: null });
  const targets = risks.map((r) => ({ id: r.id, version: r.version }));
  const n = risks.length;
  const what =
    change.op === 'assign-owner'
      ? `owner ${change.owner}`
      : change.op === 'change-category'
        ? `category ${change.category}`
        : 'archived';
  try {
    const result = await call('risks:bulk', { ...change, risks: targets });
    const label = `${n === 1 ? (risks[0]?.ref ?? '1 risk') : `${n} risks`}: ${what}`;
    recordSeqs(result.seqs, label);
    markSaved();
    setBulk({ busy: false, done: `${n === 1 ? '1 risk' : `${n} risks`} changed: ${what}.` });
    clearChecked();
    if (change.op === 'archive') selectRisk(null);
    await refreshRisks();
    return true;
  } catch (e) {
    setBulk({ busy: false, error: `Nothing was changed. ${messageOf(e)}` });
    await refreshRisks();
    return false;
  }
}

export function dismissBulk(): void {
  setBulk({ error: null, done: null });
}

/** Put the cursor in the search box (menu Find, Ctrl+F). */
export function focusSearch(): void {
  if (useUiStore.getState().view !== 'register') showView('register');
  // The box may only appear once the register view has rendered.
  const focus = () => {
    const el = document.getElementById('register-search') as HTMLInputElement | null;
    el?.focus();
    el?.select();
    return el !== null;
  };
  if (!focus()) setTimeout(focus, 0);
}
