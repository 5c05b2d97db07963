/**
 * Reading and changing risks. Every change goes to the handler table at once; a refusal is kept in the
 * edit store with what the user tried, so nothing is lost silently.
 */
import type { RiskRecord } from '../../shared/domain.ts';
import type { RiskPage, RiskPageKey } from '../../shared/contract/sync.ts';
import { compareRefs } from '../../shared/ref-order.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { conflictCurrent, isApiError, messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { FIRST_PAGE } from '../api/launch.ts';
import type { AttemptedChange, EditField, FieldFailure, TextChange } from '../stores/edit-store.ts';
import { useEditStore } from '../stores/edit-store.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { mergeChanges, useRisksStore } from '../stores/risks-store.ts';
import { recordChange } from '../workspace/undo-actions.ts';
import { markSaved } from './view-actions.ts';

let loadSeq = 0;
/** A `register-changed` came while the list was arriving in pages: read what changed once it is whole. */
let missedChange = false;

function openPath(): string | null {
  return useRegisterStore.getState().status?.path ?? null;
}

/** Is the store already at `revision` or past it, for this register? (Then an older answer is dropped.) */
function aheadOf(revision: number, path: string | null): boolean {
  const s = useRisksStore.getState();
  return s.revisionOf === path && s.revision !== null && s.revision > revision;
}

/** The first page: enough rows to fill the window at once (the launch's early read asks for the same). */
export { FIRST_PAGE };
/** Each further page, appended between frames while the window stays responsive. */
export const NEXT_PAGE = 2_000;

/** Let the window draw and answer input before the next page (a timer, so a hidden window still moves on). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Read every live risk again, with the revision they were read at. `force`: keep the answer even when the store
 * holds a higher revision (after a team sync round the replica's history may have become shorter).
 *
 * The first page (`FIRST_PAGE` risks) goes on screen at once; when the register holds more, the rest arrives in
 * pages of `NEXT_PAGE`, appended between frames, with `progress` set (the status area says "Loading risks…") and
 * `revision` null until the last page. If the register's revision moves between pages the pages are dropped and the
 * whole list is read again in one answer (`risks:list-with-revision`), so no row is ever stale or doubled.
 */
export async function loadRisks(opts: { force?: boolean } = {}): Promise<void> {
  const seq = ++loadSeq;
  const path = openPath();
  try {
    const [first, categories] = await Promise.all([
      call('risks:list-page', { after: null, limit: FIRST_PAGE }),
      call('categories:list', {}),
    ]);
    if (seq !== loadSeq || (!opts.force && aheadOf(first.revision, path))) return;
    const names = categories.map((c) => c.name);
    if (first.next === null) {
      putWhole(first.risks, names, first.revision, first.day, path);
      return;
    }
    useRisksStore.setState({
      loaded: true,
      risks: first.risks,
      categories: names,
      error: null,
      revision: null,
      revisionOf: path,
      day: first.day,
      progress: { done: first.risks.length, total: first.total },
    });
    let after: RiskPageKey | null = first.next;
    let risks = first.risks;
    let { day } = first;
    // Whether the pages so far are in ref order, checked a page at a time (not the whole list after the last one).
    let inOrder = refOrdered(first.risks, null);
    while (after) {
      await nextTurn();
      if (seq !== loadSeq) return;
      const page: RiskPage = await call('risks:list-page', { after, limit: NEXT_PAGE });
      if (seq !== loadSeq) return;
      if (page.revision !== first.revision) return await loadWhole(seq, path, opts);
      // The page's answer was parsed in this turn: the table takes it in the next one, so no task does both.
      await nextTurn();
      if (seq !== loadSeq) return;
      // Rows the user changed meanwhile were replaced in the store (and moved the revision, caught above).
      const before = useRisksStore.getState().risks;
      inOrder &&= refOrdered(page.risks, before.at(-1) ?? null);
      risks = before.concat(page.risks);
      day = page.day;
      after = page.next;
      useRisksStore.setState({
        risks,
        progress: after ? { done: risks.length, total: page.total } : null,
      });
    }
    putWhole(inOrder ? risks : inRefOrder(risks), names, first.revision, day, path);
  } catch (e) {
    if (seq !== loadSeq) return;
    useRisksStore.setState({ loaded: true, error: messageOf(e), progress: null });
  }
}

/** True when the page's risks are in ref order and come after `prev` (the last risk before the page). */
function refOrdered(page: readonly RiskRecord[], prev: RiskRecord | null): boolean {
  let last = prev;
  for (const r of page) {
    if (last && compareRefs(last.ref, r.ref) > 0) return false;
    last = r;
  }
  return true;
}

/** Pages come in the register order (position); the list is in ref order, as `risks:list` gives it. */
function inRefOrder(risks: RiskRecord[]): RiskRecord[] {
  return refOrdered(risks, null) ? risks : [...risks].sort((a, b) => compareRefs(a.ref, b.ref));
}

/** The old way: every risk in one answer (after the register moved between pages). */
async function loadWhole(seq: number, path: string | null, opts: { force?: boolean }): Promise<void> {
  const [{ revision, day, risks }, categories] = await Promise.all([
    call('risks:list-with-revision', {}),
    call('categories:list', {}),
  ]);
  if (seq !== loadSeq || (!opts.force && aheadOf(revision, path))) return;
  putWhole(
    risks,
    categories.map((c) => c.name),
    revision,
    day,
    path,
  );
}

/** The whole live list, read at `revision`, into the store. */
function putWhole(
  risks: RiskRecord[],
  categories: string[],
  revision: number,
  day: string,
  path: string | null,
): void {
  const { selectedId } = useRisksStore.getState();
  useRisksStore.setState({
    loaded: true,
    risks,
    categories,
    selectedId: selectedId && risks.some((r) => r.id === selectedId) ? selectedId : null,
    error: null,
    revision,
    revisionOf: path,
    day,
    progress: null,
  });
  if (missedChange) {
    missedChange = false;
    void refreshRisks();
  }
}

/**
 * After `register-changed`: read only the risks changed since the revision the store holds and merge them
 * (see `mergeChanges`); read everything when the store has no revision yet, another register is open, or
 * the handler says the change is register-wide (`full`).
 */
export async function refreshRisks(): Promise<void> {
  const path = openPath();
  const { revision, revisionOf, loaded, progress } = useRisksStore.getState();
  // The list is arriving in pages: a later page sees the revision move (and reads the whole list again), and what
  // changed after the last page is read once the list is whole. Starting again would show the first page again.
  if (progress && revisionOf === path) {
    missedChange = true;
    return;
  }
  if (!loaded || revision === null || revisionOf !== path) return loadRisks();
  try {
    const [changes, categories] = await Promise.all([
      call('risks:changes', { sinceRevision: revision }),
      call('categories:list', {}),
    ]);
    const now = useRisksStore.getState();
    if (now.revision !== revision || now.revisionOf !== path) {
      // Another read landed meanwhile: ask again from where it left the store, unless it is already newer.
      if (now.revisionOf === path && now.revision !== null && now.revision >= changes.revision) return;
      return refreshRisks();
    }
    if (changes.full) return loadRisks();
    if (changes.revision === revision && changes.day === now.day) return;
    // A new array whenever the register moved (views keyed on the list read again), unchanged risks kept.
    const merged = mergeChanges(now.risks, changes.risks, changes.removedIds);
    const risks = merged === now.risks ? [...merged] : merged;
    const names = categories.map((c) => c.name);
    const sameNames =
      names.length === now.categories.length && names.every((n, i) => n === now.categories[i]);
    useRisksStore.setState({
      risks,
      ...(sameNames ? {} : { categories: names }),
      selectedId: now.selectedId && risks.some((r) => r.id === now.selectedId) ? now.selectedId : null,
      error: null,
      revision: changes.revision,
      day: changes.day,
    });
  } catch (e) {
    useRisksStore.setState({ error: messageOf(e) });
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
