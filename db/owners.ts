import type { Database } from 'better-sqlite3';
import type { OwnerRecord } from '../shared/domain.ts';
import { uuidv7 } from './ids.ts';
import { stmt } from './statements.ts';

const OWNER_SELECT = `
  SELECT o.id, o.initials, o.name, o.role, o.email, o.version,
         (SELECT COUNT(*) FROM risk_owners ro JOIN risks r ON r.id = ro.risk_id
           WHERE ro.owner_id = o.id AND r.archived_at IS NULL) AS riskCount,
         (SELECT COUNT(*) FROM actions a JOIN risks r ON r.id = a.risk_id
           WHERE a.owner_id = o.id AND a.archived_at IS NULL AND r.archived_at IS NULL) AS actionCount
    FROM owners o`;

/**
 * Every owner with its counts: the risk counts from one pass over the live risks and their links, grouped by owner,
 * not `OWNER_SELECT`'s look-up of each owner's links (there is no index by owner: migration 0220). `CROSS JOIN`
 * keeps the risks outside, read in order, each risk's links found on the links' key (risk_id first); SQLite
 * otherwise reads the links outside and looks each risk up by id, 196,000 look-ups at 100,000 risks (measured
 * there: ~130–270 ms this way, ~440 ms the other, ~490 ms with the per-owner index before 0220).
 */
export const OWNER_LIST = `
  SELECT o.id, o.initials, o.name, o.role, o.email, o.version,
         COALESCE(linked.n, 0) AS riskCount,
         (SELECT COUNT(*) FROM actions a JOIN risks r ON r.id = a.risk_id
           WHERE a.owner_id = o.id AND a.archived_at IS NULL AND r.archived_at IS NULL) AS actionCount
    FROM owners o
    LEFT JOIN (SELECT ro.owner_id, COUNT(*) AS n
                 FROM risks r CROSS JOIN risk_owners ro ON ro.risk_id = r.id
                WHERE r.archived_at IS NULL
                GROUP BY ro.owner_id) linked ON linked.owner_id = o.id
   ORDER BY o.initials COLLATE NOCASE, o.initials`;

export function listOwners(db: Database): OwnerRecord[] {
  return stmt(db, OWNER_LIST).all() as OwnerRecord[];
}

/** Each owner's name by initials, in `listOwners`' order, without its counts (the board pack's owner labels). */
export function ownerNames(db: Database): Map<string, string> {
  const rows = stmt(db, 'SELECT initials, name FROM owners ORDER BY initials COLLATE NOCASE, initials')
    .raw()
    .all() as [string, string][];
  return new Map(rows);
}

export function getOwner(db: Database, id: string): OwnerRecord | undefined {
  return stmt(db, `${OWNER_SELECT} WHERE o.id = ?`).get(id) as OwnerRecord | undefined;
}

/** Owners whose initials match in any case (`Cho` finds `CHo` too), except `exceptId`. */
export function ownersLike(db: Database, initials: string, exceptId?: string): OwnerRecord[] {
  return stmt(db, `${OWNER_SELECT} WHERE o.initials = ? COLLATE NOCASE AND o.id IS NOT ?`).all(
    initials,
    exceptId ?? null,
  ) as OwnerRecord[];
}

export interface OwnerDetails {
  initials: string;
  name: string;
  role: string;
  email: string;
}

export function insertOwner(db: Database, id: string, o: OwnerDetails, now: string): void {
  stmt(db, 'INSERT INTO owners (id, initials, name, role, email, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    o.initials,
    o.name,
    o.role,
    o.email,
    now,
  );
}

/** Update an owner if still at `version`; bumps the version. False when the row moved on or is gone. */
export function updateOwnerRow(db: Database, id: string, version: number, o: OwnerDetails): boolean {
  return (
    stmt(
      db,
      `UPDATE owners SET initials = @initials, name = @name, role = @role, email = @email, version = version + 1
          WHERE id = @id AND version = @version`,
    ).run({ ...o, id, version }).changes === 1
  );
}

export function deleteOwnerRow(db: Database, id: string): void {
  stmt(db, 'DELETE FROM owners WHERE id = ?').run(id);
}

/** Every risk (archived too) this owner is attached to, by ref. */
export function risksOwnedBy(
  db: Database,
  ownerId: string,
): { id: string; ref: string; archived: boolean }[] {
  const rows = stmt(
    db,
    `SELECT r.id, r.ref, r.archived_at IS NOT NULL AS archived FROM risk_owners ro JOIN risks r ON r.id = ro.risk_id
        WHERE ro.owner_id = ? ORDER BY r.position`,
  ).all(ownerId) as { id: string; ref: string; archived: number }[];
  return rows.map((r) => ({ id: r.id, ref: r.ref, archived: r.archived === 1 }));
}

/** Ids of every action (archived too) this owner is responsible for. */
export function actionsOwnedBy(db: Database, ownerId: string): string[] {
  return stmt(db, 'SELECT id FROM actions WHERE owner_id = ? ORDER BY id').pluck().all(ownerId) as string[];
}

/** The owner with exactly these initials, created when new. Case is kept: `Cho` and `CHo` stay apart. */
export function ensureOwner(
  db: Database,
  initials: string,
  now: string,
  details: Partial<OwnerRecord> = {},
): string {
  const found = stmt(db, 'SELECT id FROM owners WHERE initials = ?').get(initials) as
    { id: string } | undefined;
  if (found) return found.id;
  const id = uuidv7();
  stmt(db, 'INSERT INTO owners (id, initials, name, role, email, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    initials,
    details.name ?? '',
    details.role ?? '',
    details.email ?? '',
    now,
  );
  return id;
}

export function setRiskOwners(db: Database, riskId: string, initials: readonly string[], now: string): void {
  stmt(db, 'DELETE FROM risk_owners WHERE risk_id = ?').run(riskId);
  [...new Set(initials)].forEach((i, position) => linkOwner(db, riskId, ensureOwner(db, i, now), position));
}

/** One owner link of a risk (the same INSERT `setRiskOwners` makes, so the team capture triggers see it alike). */
export function linkOwner(db: Database, riskId: string, ownerId: string, position: number): void {
  stmt(db, 'INSERT INTO risk_owners (risk_id, owner_id, position) VALUES (?, ?, ?)').run(
    riskId,
    ownerId,
    position,
  );
}
