/**
 * Named, dated copies of the live risks ("Q4 2018/19"), kept in the register file and read-only once taken:
 * triggers refuse any update or delete, and any row added to a snapshot that already exists.
 */
import type { Database } from 'better-sqlite3';
import type { FrozenRisk, RiskRecord, SnapshotInfo } from '../shared/domain.ts';
import { AppError } from '../shared/errors.ts';
import type { ScoreValue } from '../shared/scoring.ts';
import { formatDate, isoDay } from '../shared/travel.ts';
import { appendHistory } from './history.ts';
import { uuidv7 } from './ids.ts';
import { listRisks } from './risks.ts';
import type { WriteContext } from './write-context.ts';
import { pairFromColumns } from './risks.ts';
import { stmt } from './statements.ts';

interface SnapshotRow {
  id: string;
  name: string;
  taken_at: string;
  taken_by: string;
  risk_count: number;
}

interface FrozenRow {
  risk_id: string;
  ref: string;
  category: string;
  description: string;
  impact: number | null;
  likelihood: number | null;
  inherent_impact: number | null;
  inherent_likelihood: number | null;
  target_impact: number | null;
  target_likelihood: number | null;
  owners: string;
  mitigation: string;
}

const SELECT_INFO = `
  SELECT s.id, s.name, s.taken_at, s.taken_by,
         (SELECT COUNT(*) FROM snapshot_risks sr WHERE sr.snapshot_id = s.id) AS risk_count
    FROM snapshots s`;

function toInfo(r: SnapshotRow): SnapshotInfo {
  return { id: r.id, name: r.name, takenAt: r.taken_at, takenBy: r.taken_by, riskCount: r.risk_count };
}

function toFrozen(r: FrozenRow): FrozenRisk {
  return {
    riskId: r.risk_id,
    ref: r.ref,
    category: r.category,
    description: r.description,
    impact: r.impact as ScoreValue | null,
    likelihood: r.likelihood as ScoreValue | null,
    inherent: pairFromColumns(r.inherent_impact, r.inherent_likelihood),
    target: pairFromColumns(r.target_impact, r.target_likelihood),
    owners: JSON.parse(r.owners) as string[],
    mitigation: r.mitigation,
  };
}

export function freeze(r: RiskRecord): FrozenRisk {
  return {
    riskId: r.id,
    ref: r.ref,
    category: r.category,
    description: r.description,
    impact: r.impact,
    likelihood: r.likelihood,
    inherent: r.inherent,
    target: r.target,
    owners: r.owners,
    mitigation: r.mitigation,
  };
}

/** The live risks as they stand, in the same shape as a snapshot's. */
export function frozenNow(db: Database): FrozenRisk[] {
  return listRisks(db).map(freeze);
}

export function listSnapshots(db: Database): SnapshotInfo[] {
  const rows = stmt(db, `${SELECT_INFO} ORDER BY s.taken_at DESC, s.rowid DESC`).all() as SnapshotRow[];
  return rows.map(toInfo);
}

export function getSnapshotInfo(db: Database, id: string): SnapshotInfo {
  const row = stmt(db, `${SELECT_INFO} WHERE s.id = ?`).get(id) as SnapshotRow | undefined;
  if (!row) {
    throw new AppError('NOT_FOUND', 'There is no such snapshot in this register. Choose one from the list.');
  }
  return toInfo(row);
}

export function snapshotRisks(db: Database, id: string): FrozenRisk[] {
  const rows = stmt(db, 'SELECT * FROM snapshot_risks WHERE snapshot_id = ?').all(id) as FrozenRow[];
  return rows
    .map(toFrozen)
    .sort((a, b) => a.ref.localeCompare(b.ref, 'en-GB', { numeric: true, sensitivity: 'base' }));
}

/** Freeze every live risk under a name. Run inside the caller's transaction; recorded in history. */
export function takeSnapshot(db: Database, name: string, ctx: WriteContext): SnapshotInfo {
  const trimmed = name.trim();
  const existing = stmt(db, 'SELECT name, taken_at FROM snapshots WHERE name = ?').get(trimmed) as
    { name: string; taken_at: string } | undefined;
  if (existing) {
    throw new AppError(
      'DUPLICATE',
      `There is already a snapshot called "${existing.name}" (taken ${formatDate(isoDay(new Date(existing.taken_at)))}). Choose another name.`,
      { field: 'name' },
    );
  }
  const id = uuidv7();
  const risks = frozenNow(db);
  // The rows first, then the snapshot that seals them (see migration 20).
  const insert = stmt(
    db,
    `INSERT INTO snapshot_risks (snapshot_id, risk_id, ref, category, description, impact, likelihood,
            inherent_impact, inherent_likelihood, target_impact, target_likelihood, owners, mitigation)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of risks) {
    insert.run(
      id,
      r.riskId,
      r.ref,
      r.category,
      r.description,
      r.impact,
      r.likelihood,
      r.inherent?.impact ?? null,
      r.inherent?.likelihood ?? null,
      r.target?.impact ?? null,
      r.target?.likelihood ?? null,
      JSON.stringify(r.owners),
      r.mitigation,
    );
  }
  stmt(db, 'INSERT INTO snapshots (id, name, taken_at, taken_by) VALUES (?, ?, ?, ?)').run(
    id,
    trimmed,
    ctx.now,
    ctx.by,
  );
  appendHistory(db, [
    {
      entity: 'register',
      entityId: id,
      label: `Snapshot "${trimmed}"`,
      action: 'create',
      field: 'snapshot',
      oldValue: null,
      newValue: { name: trimmed, risks: risks.length },
      reason: null,
      at: ctx.now,
      by: ctx.by,
    },
  ]);
  return { id, name: trimmed, takenAt: ctx.now, takenBy: ctx.by, riskCount: risks.length };
}
