import type { Database } from 'better-sqlite3';
import type { OwnerRecord } from '../shared/domain.ts';
import { uuidv7 } from './ids.ts';

export function listOwners(db: Database): OwnerRecord[] {
  return db
    .prepare(
      `SELECT o.id, o.initials, o.name, o.role, o.email,
              (SELECT COUNT(*) FROM risk_owners ro JOIN risks r ON r.id = ro.risk_id
                WHERE ro.owner_id = o.id AND r.archived_at IS NULL) AS riskCount
         FROM owners o ORDER BY o.initials COLLATE NOCASE, o.initials`,
    )
    .all() as OwnerRecord[];
}

/** The owner with exactly these initials, created when new. Case is kept: `Cho` and `CHo` stay apart. */
export function ensureOwner(
  db: Database,
  initials: string,
  now: string,
  details: Partial<OwnerRecord> = {},
): string {
  const found = db.prepare('SELECT id FROM owners WHERE initials = ?').get(initials) as
    { id: string } | undefined;
  if (found) return found.id;
  const id = uuidv7();
  db.prepare(
    'INSERT INTO owners (id, initials, name, role, email, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(id, initials, details.name ?? '', details.role ?? '', details.email ?? '', now);
  return id;
}

export function setRiskOwners(db: Database, riskId: string, initials: readonly string[], now: string): void {
  db.prepare('DELETE FROM risk_owners WHERE risk_id = ?').run(riskId);
  const link = db.prepare('INSERT INTO risk_owners (risk_id, owner_id, position) VALUES (?, ?, ?)');
  [...new Set(initials)].forEach((i, position) => link.run(riskId, ensureOwner(db, i, now), position));
}
