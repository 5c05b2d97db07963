/**
 * The current risk rows checked against the history: replay every risk's recorded values (its create or import
 * snapshot, then each update, archive, restore and delete, following category and owner renames) and compare the
 * result with the rows as they stand. A row edited outside Risk Register (`UPDATE risks SET impact = 5`) no longer
 * matches the last value its history recorded, so it shows; so does a risk row with no history, or a risk whose
 * history ends without a delete but whose row is gone.
 */
import type { Database } from 'better-sqlite3';
import type { RiskRecord } from '../shared/domain.ts';
import type { HistoryRow } from './history.ts';
import { listRisks } from './risks.ts';

/** The fields of a risk that history records on every change, and that the check compares. */
const TRACKED = [
  'ref',
  'title',
  'category',
  'description',
  'mitigation',
  'owners',
  'current',
  'inherent',
  'target',
  'archived',
] as const;
type Tracked = (typeof TRACKED)[number];

interface Replayed {
  values: Partial<Record<Tracked, unknown>>;
  /** The entry that last recorded each field. */
  from: Partial<Record<Tracked, number>>;
  deleted: boolean;
  lastSeq: number;
  ref: string;
}

export type RowCheck = { ok: true; risks: number } | { ok: false; seq: number; problem: string };

function parse(v: string | null): unknown {
  return v === null ? null : (JSON.parse(v) as unknown);
}

function rowValue(r: RiskRecord, field: Tracked): unknown {
  switch (field) {
    case 'current':
      return r.impact === null ? null : { impact: r.impact, likelihood: r.likelihood };
    case 'archived':
      return r.archivedAt !== null;
    default:
      return r[field];
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(v: unknown): string {
  if (v && typeof v === 'object' && 'impact' in v && 'likelihood' in v) {
    const p = v as { impact: unknown; likelihood: unknown };
    return `impact ${String(p.impact)}, likelihood ${String(p.likelihood)}`;
  }
  return JSON.stringify(v) ?? 'nothing';
}

function set(state: Replayed, field: Tracked, value: unknown, seq: number): void {
  state.values[field] = value;
  state.from[field] = seq;
}

function fromSnapshot(state: Replayed, snap: Record<string, unknown>, seq: number): void {
  for (const f of ['ref', 'category', 'description', 'mitigation', 'owners', 'inherent', 'target'] as const) {
    if (f in snap) set(state, f, snap[f] ?? null, seq);
  }
  if ('current' in snap) set(state, 'current', snap.current, seq);
  // Risks created before titles existed recorded none: their title is null.
  set(state, 'title', snap.title ?? null, seq);
  set(state, 'archived', false, seq);
}

/** Replay the history of every risk; compare with the rows. */
export function checkRowsAgainstHistory(db: Database): RowCheck {
  const risks = new Map<string, Replayed>();
  const rows = db
    .prepare(
      `SELECT seq, entity, entity_id, action, field, old_value, new_value, label FROM history
        WHERE entity IN ('risk', 'category', 'owner') ORDER BY seq`,
    )
    .iterate() as Iterable<
    Pick<
      HistoryRow,
      'seq' | 'entity' | 'entity_id' | 'action' | 'field' | 'old_value' | 'new_value' | 'label'
    >
  >;
  for (const h of rows) {
    if (h.entity === 'category' && h.action === 'update' && h.field === 'name') {
      const [from, to] = [parse(h.old_value), parse(h.new_value)];
      for (const s of risks.values()) if (s.values.category === from) set(s, 'category', to, h.seq);
      continue;
    }
    if (h.entity === 'owner' && h.action === 'update' && h.field === 'initials') {
      const [from, to] = [parse(h.old_value), parse(h.new_value)];
      for (const s of risks.values()) {
        const owners = s.values.owners;
        if (Array.isArray(owners) && owners.includes(from)) {
          set(
            s,
            'owners',
            owners.map((o: unknown) => (o === from ? to : o)),
            h.seq,
          );
        }
      }
      continue;
    }
    if (h.entity !== 'risk') continue;
    let state = risks.get(h.entity_id);
    if (!state) {
      state = { values: {}, from: {}, deleted: false, lastSeq: h.seq, ref: h.label };
      risks.set(h.entity_id, state);
    }
    state.lastSeq = h.seq;
    state.ref = h.label;
    switch (h.action) {
      case 'create':
      case 'import': {
        const snap = parse(h.new_value);
        if (snap && typeof snap === 'object') fromSnapshot(state, snap as Record<string, unknown>, h.seq);
        state.deleted = false;
        break;
      }
      case 'archive':
        set(state, 'archived', true, h.seq);
        break;
      case 'restore':
        set(state, 'archived', false, h.seq);
        break;
      case 'delete':
        state.deleted = true;
        break;
      case 'update':
        if (h.field && (TRACKED as readonly string[]).includes(h.field)) {
          set(state, h.field as Tracked, parse(h.new_value), h.seq);
        }
        break;
    }
  }

  const current = listRisks(db, { includeArchived: true });
  const seen = new Set<string>();
  for (const r of current) {
    seen.add(r.id);
    const state = risks.get(r.id);
    if (!state || state.deleted) {
      return {
        ok: false,
        seq: state?.lastSeq ?? 0,
        problem: `risk ${r.ref} ${state ? 'was recorded as deleted but is' : 'is'} in the register without a history of how it got there (it was added outside Risk Register)`,
      };
    }
    for (const field of TRACKED) {
      if (!(field in state.values)) continue;
      const recorded = state.values[field];
      const now = rowValue(r, field);
      if (!same(recorded, now)) {
        const seq = state.from[field] ?? state.lastSeq;
        return {
          ok: false,
          seq,
          problem: `risk ${r.ref} does not match its history: its ${field === 'current' ? 'current score' : field} is ${show(now)} but entry ${seq} recorded ${show(recorded)} (the row was changed outside Risk Register)`,
        };
      }
    }
  }
  for (const [id, state] of risks) {
    if (!state.deleted && !seen.has(id)) {
      return {
        ok: false,
        seq: state.lastSeq,
        problem: `risk ${state.ref} is missing from the register, but its history (last entry ${state.lastSeq}) never recorded its deletion (the row was removed outside Risk Register)`,
      };
    }
  }
  return { ok: true, risks: current.length };
}
