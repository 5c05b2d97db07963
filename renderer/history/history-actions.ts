/** Reading and writing reviews, history, the audit trail and snapshots: call the client, then set a store. */
import type { ReviewCycle, RiskRecord } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { isApiError, messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { loadRisks, replaceRisk } from '../actions/risk-actions.ts';
import { markSaved } from '../actions/view-actions.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import type { AuditFilters } from './stores.ts';
import {
  AUDIT_PAGE_SIZE,
  needsSync,
  travelReadFor,
  useAuditStore,
  useRiskHistoryStore,
  useSnapshotsStore,
  useTravelStore,
} from './stores.ts';

/** Travel reads run one after another, so a partial refresh never lands under a full read still on its way. */
let travelQueue: Promise<void> = Promise.resolve();

function queueTravel(work: () => Promise<void>): Promise<void> {
  travelQueue = travelQueue.then(work, work);
  return travelQueue;
}

/** More changed risks than this: read the travel of the whole register again instead. */
const TRAVEL_REFRESH_LIMIT = 2_000;

/**
 * Which risks differ between two lists (a different record object: replaced, created or restored), and
 * which left; null when more than `TRAVEL_REFRESH_LIMIT` changed (a full reload makes every object new).
 */
export function changedRisks(
  before: readonly RiskRecord[],
  after: readonly RiskRecord[],
): { changed: string[]; gone: string[] } | null {
  const changed: string[] = [];
  // Usual case after an edit: same risks in the same order, one or a few objects replaced.
  if (before.length === after.length && before.every((r, i) => r.id === after[i]?.id)) {
    for (let i = 0; i < after.length; i += 1) {
      const r = after[i] as RiskRecord;
      if (r !== before[i]) changed.push(r.id);
      if (changed.length > TRAVEL_REFRESH_LIMIT) return null;
    }
    return { changed, gone: [] };
  }
  const old = new Map(before.map((r) => [r.id, r]));
  for (const r of after) {
    if (old.get(r.id) !== r) changed.push(r.id);
    if (changed.length > TRAVEL_REFRESH_LIMIT) return null;
    old.delete(r.id);
  }
  return { changed, gone: [...old.keys()] };
}

/** Read the travel of the changed risks only and put it in place; drop the figures of risks that left. */
function refreshTravel(changed: string[], gone: string[]): Promise<void> {
  return queueTravel(async () => {
    try {
      const travel = changed.length ? await call('risks:travel', { against: 'review', ids: changed }) : [];
      const answered = new Set(travel.map((t) => t.riskId));
      // Risks that left the list, and changed ones missing from the answer (archived or deleted meanwhile).
      const drop = new Set([...gone, ...changed.filter((id) => !answered.has(id))]);
      const byId = new Map(useTravelStore.getState().byId);
      for (const id of drop) byId.delete(id);
      for (const t of travel) byId.set(t.riskId, t);
      useTravelStore.setState({ byId, error: null });
    } catch (e) {
      travelReadFor.list = null;
      useTravelStore.setState({ error: messageOf(e) });
    }
  });
}

let dueSeq = 0;
/** Views on screen that show the lists of reviews due (the Reviews view); without one, only counts are read. */
let dueListViews = 0;

/**
 * The counts of reviews overdue and due this month (`reviews:due` with `limit: 0`: the sidebar's badge), and the
 * lists themselves while a view shows them (`showDueLists`): never every overdue review of a big register at launch.
 */
export async function loadDue(): Promise<void> {
  const seq = ++dueSeq;
  const lists = dueListViews > 0;
  try {
    const due = await call('reviews:due', lists ? {} : { limit: 0 });
    if (seq !== dueSeq) return;
    useTravelStore.setState({ due, dueLists: lists, error: null });
  } catch (e) {
    if (seq !== dueSeq) return;
    useTravelStore.setState({ error: messageOf(e) });
  }
}

/** A view showing the lists of reviews due is on screen: read them now; call the returned function when it goes. */
export function showDueLists(): () => void {
  dueListViews += 1;
  void loadDue();
  return () => {
    dueListViews -= 1;
  };
}

/**
 * Read the review counts again when the risk list is a new one (any change makes a new array). Travel is
 * read over the whole register's history, so only while something shows it (see `syncTravel`).
 */
export function syncDue(risks: readonly RiskRecord[]): void {
  if (needsSync('due', risks)) void loadDue();
}

/**
 * Keep the travel figures in step with the risk list. Figures are read on demand, for the risks whose cells are
 * on screen (`wantTravel`), never for the whole register at launch: at 100,000 risks that answer was 48 MB and
 * held the main process for seconds. When the list changes, only the changed risks that already had figures are
 * read again (risks not yet shown are read when they are); after a full reload or a new day, the figures already
 * held are read again when there are few of them, else dropped and read again as their rows are drawn.
 */
export function syncTravel(risks: readonly RiskRecord[]): void {
  if (!needsSync('travel', risks)) return;
  const before = travelReadFor.list as readonly RiskRecord[] | null;
  // Time in band and review status count days: when the day turned, every risk's figures move.
  const { day } = useRisksStore.getState();
  const sameDay = travelReadFor.day === day;
  travelReadFor.list = risks;
  travelReadFor.day = day;
  const held = useTravelStore.getState().byId;
  const diff = before && sameDay ? changedRisks(before, risks) : null;
  if (!diff) {
    const known = [...held.keys()];
    if (known.length > 0 && known.length <= TRAVEL_REFRESH_LIMIT) void refreshTravel(known, []);
    else if (known.length > 0) useTravelStore.setState({ byId: new Map() });
    return;
  }
  const changed = diff.changed.filter((id) => held.has(id) || travelAsked.has(id));
  if (changed.length || diff.gone.length) void refreshTravel(changed, diff.gone);
}

/** Risk ids whose figures a cell asked for and that are not read yet, and those on their way. */
const travelWanted = new Set<string>();
const travelAsked = new Set<string>();
let travelFlush: ReturnType<typeof setTimeout> | null = null;
/** The contract's most ids per `risks:travel` call. */
const TRAVEL_BATCH = 5_000;

/**
 * A travel, time-in-band or next-review cell is on screen without its figures: read them, together with every
 * other cell's drawn in the same turn (one `risks:travel` call by ids, after the render that asked).
 */
export function wantTravel(riskId: string): void {
  if (useTravelStore.getState().byId.has(riskId) || travelAsked.has(riskId)) return;
  travelWanted.add(riskId);
  travelFlush ??= setTimeout(flushTravel, 0);
}

function flushTravel(): void {
  travelFlush = null;
  const held = useTravelStore.getState().byId;
  const ids = [...travelWanted].filter((id) => !held.has(id) && !travelAsked.has(id));
  travelWanted.clear();
  for (let i = 0; i < ids.length; i += TRAVEL_BATCH) {
    const batch = ids.slice(i, i + TRAVEL_BATCH);
    for (const id of batch) travelAsked.add(id);
    void queueTravel(async () => {
      try {
        const travel = await call('risks:travel', { against: 'review', ids: batch });
        const byId = new Map(useTravelStore.getState().byId);
        for (const t of travel) byId.set(t.riskId, t);
        useTravelStore.setState({ byId, error: null });
      } catch (e) {
        useTravelStore.setState({ error: messageOf(e) });
      } finally {
        for (const id of batch) travelAsked.delete(id);
      }
    });
  }
}

let historySeq = 0;

/** The risk's history (oldest first) and its reviews. */
export async function loadRiskHistory(riskId: string): Promise<void> {
  const seq = ++historySeq;
  const sameRisk = useRiskHistoryStore.getState().riskId === riskId;
  useRiskHistoryStore.setState({
    riskId,
    loading: true,
    error: null,
    ...(sameRisk ? {} : { entries: [], reviews: [], saveError: null }),
  });
  try {
    const [entries, reviews] = await Promise.all([
      call('risks:history', { id: riskId }),
      call('reviews:list', { id: riskId }),
    ]);
    if (seq !== historySeq) return;
    useRiskHistoryStore.setState({
      entries: [...entries].sort((a, b) => a.seq - b.seq),
      reviews,
      loading: false,
    });
  } catch (e) {
    if (seq !== historySeq) return;
    useRiskHistoryStore.setState({ loading: false, error: messageOf(e) });
  }
}

async function write(work: () => Promise<RiskRecord>): Promise<boolean> {
  useRiskHistoryStore.setState({ saving: true, saveError: null });
  try {
    const risk = await work();
    replaceRisk(risk);
    markSaved();
    useRiskHistoryStore.setState({ saving: false });
    void loadRiskHistory(risk.id);
    return true;
  } catch (e) {
    useRiskHistoryStore.setState({ saving: false, saveError: messageOf(e) });
    // Someone else changed the risk: read the register again so the next try starts from their version.
    if (isApiError(e, 'CONFLICT')) void loadRisks();
    return false;
  }
}

/** The owner looked at the risk: with a note, and a new score when it changed. */
export function recordReview(
  risk: RiskRecord,
  note: string,
  score?: { impact: ScoreValue; likelihood: ScoreValue },
): Promise<boolean> {
  const changed = score && (score.impact !== risk.impact || score.likelihood !== risk.likelihood);
  return write(async () => {
    const out = await call('reviews:record', {
      id: risk.id,
      version: risk.version,
      note: note.trim(),
      ...(changed ? { impact: score.impact, likelihood: score.likelihood } : {}),
    });
    return out.risk;
  });
}

export function setReviewCycle(risk: RiskRecord, cycle: ReviewCycle, nextReview?: string): Promise<boolean> {
  return write(async () => {
    const out = await call('reviews:set-cycle', {
      id: risk.id,
      version: risk.version,
      cycle,
      ...(nextReview ? { nextReview } : {}),
    });
    return out.risk;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Audit

function filterInput(f: AuditFilters) {
  return {
    ...(f.person ? { person: f.person } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.riskId ? { riskId: f.riskId } : {}),
    ...(f.field ? { field: f.field } : {}),
  };
}

let auditSeq = 0;

export async function loadAudit(): Promise<void> {
  const seq = ++auditSeq;
  const { filters, offset } = useAuditStore.getState();
  useAuditStore.setState({ loading: true, error: null });
  try {
    const [page, facets, check] = await Promise.all([
      call('audit:list', { ...filterInput(filters), limit: AUDIT_PAGE_SIZE, offset }),
      call('audit:facets', {}),
      call('audit:verify', {}),
    ]);
    if (seq !== auditSeq) return;
    useAuditStore.setState({ page, facets, check, loading: false });
  } catch (e) {
    if (seq !== auditSeq) return;
    useAuditStore.setState({ loading: false, error: messageOf(e) });
  }
}

export function setAuditFilter(change: Partial<AuditFilters>): Promise<void> {
  const { filters } = useAuditStore.getState();
  useAuditStore.setState({ filters: { ...filters, ...change }, offset: 0, exported: null });
  return loadAudit();
}

export function setAuditOffset(offset: number): Promise<void> {
  useAuditStore.setState({ offset: Math.max(0, offset) });
  return loadAudit();
}

export async function exportAudit(format: 'csv' | 'xlsx'): Promise<void> {
  const { filters } = useAuditStore.getState();
  useAuditStore.setState({ error: null, exported: null });
  try {
    const out = await call('audit:export', { ...filterInput(filters), format });
    if (!out) return;
    useAuditStore.setState({
      exported: `Saved ${out.rows} ${out.rows === 1 ? 'entry' : 'entries'} to ${out.path}`,
    });
    void loadAudit();
  } catch (e) {
    useAuditStore.setState({ error: messageOf(e) });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Snapshots

export async function loadSnapshots(): Promise<void> {
  try {
    const list = await call('snapshots:list', {});
    const { fromId } = useSnapshotsStore.getState();
    useSnapshotsStore.setState({
      list,
      loaded: true,
      fromId: fromId && list.some((s) => s.id === fromId) ? fromId : (list[0]?.id ?? ''),
    });
  } catch (e) {
    useSnapshotsStore.setState({ loaded: true, error: messageOf(e) });
  }
}

export async function takeSnapshot(name: string): Promise<boolean> {
  useSnapshotsStore.setState({ busy: true, error: null });
  try {
    const info = await call('snapshots:take', { name });
    useSnapshotsStore.setState({ busy: false });
    await loadSnapshots();
    useSnapshotsStore.setState({ fromId: info.id });
    return true;
  } catch (e) {
    useSnapshotsStore.setState({ busy: false, error: messageOf(e) });
    return false;
  }
}

export function chooseComparison(change: { fromId?: string; toId?: string }): void {
  useSnapshotsStore.setState({ ...change, comparison: null });
}

export async function compareSnapshots(): Promise<void> {
  const { fromId, toId } = useSnapshotsStore.getState();
  if (!fromId) return;
  useSnapshotsStore.setState({ busy: true, error: null });
  try {
    const comparison = await call('snapshots:compare', { from: fromId, to: toId || 'now' });
    useSnapshotsStore.setState({ comparison, busy: false });
  } catch (e) {
    useSnapshotsStore.setState({ busy: false, error: messageOf(e) });
  }
}
