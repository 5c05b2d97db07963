/**
 * The board pack's register settings (protective marking, version, prepared/approved by) and the per-risk
 * confidential flag. Each write runs in the caller's transaction with its history row.
 */
import type { Database } from 'better-sqlite3';
import type { RiskRecord } from '../shared/domain.ts';
import type { BoardSettings } from '../shared/export/board-pack.ts';
import { DEFAULT_BOARD_SETTINGS } from '../shared/export/board-pack.ts';
import { appendHistory } from './history.ts';
import { loadRisk, riskConflict } from './risk-writes.ts';
import { updateRiskColumns } from './risks.ts';
import { stmt } from './statements.ts';
import type { WriteContext } from './write-context.ts';

const SETTING = 'boardPack';

export function readBoardSettings(db: Database): BoardSettings {
  const raw = stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(SETTING) as string | undefined;
  if (raw === undefined) return { ...DEFAULT_BOARD_SETTINGS };
  const v = JSON.parse(raw) as Partial<BoardSettings>;
  return {
    marking: typeof v.marking === 'string' && v.marking.trim() ? v.marking : DEFAULT_BOARD_SETTINGS.marking,
    version: typeof v.version === 'string' ? v.version : DEFAULT_BOARD_SETTINGS.version,
    preparedBy: typeof v.preparedBy === 'string' ? v.preparedBy : '',
    approvedBy: typeof v.approvedBy === 'string' ? v.approvedBy : '',
  };
}

/** Save the cover settings (trimmed); unchanged settings are not recorded. */
export function writeBoardSettings(
  db: Database,
  next: BoardSettings,
  reason: string | undefined,
  ctx: WriteContext,
): BoardSettings {
  const old = readBoardSettings(db);
  const value: BoardSettings = {
    marking: next.marking.trim(),
    version: next.version.trim(),
    preparedBy: next.preparedBy.trim(),
    approvedBy: next.approvedBy.trim(),
  };
  if (JSON.stringify(old) === JSON.stringify(value)) return old;
  stmt(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(SETTING, JSON.stringify(value));
  appendHistory(db, [
    {
      entity: 'register',
      entityId: 'settings',
      label: 'Board pack',
      action: 'update',
      field: 'boardPack',
      oldValue: old,
      newValue: value,
      reason: reason ?? null,
      at: ctx.now,
      by: ctx.by,
    },
  ]);
  return value;
}

/** Mark a risk still at `version` confidential or public. Already so: returned as is, nothing recorded. */
export function setRiskConfidential(
  db: Database,
  id: string,
  version: number,
  confidential: boolean,
  reason: string | undefined,
  ctx: WriteContext,
): RiskRecord {
  const before = loadRisk(db, id);
  if (before.version !== version) throw riskConflict(db, id);
  if (before.confidential === confidential) return before;
  if (!updateRiskColumns(db, id, version, { confidential: confidential ? 1 : 0 }, ctx.now)) {
    throw riskConflict(db, id);
  }
  appendHistory(db, [
    {
      entity: 'risk',
      entityId: id,
      label: before.ref,
      action: 'update',
      field: 'confidential',
      oldValue: before.confidential,
      newValue: confidential,
      reason: reason ?? null,
      at: ctx.now,
      by: ctx.by,
    },
  ]);
  return loadRisk(db, id);
}
