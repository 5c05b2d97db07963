/**
 * Issue 11, the risk model: an optional short title on every risk, and risks not yet assessed (no current score:
 * impact and likelihood both null, never one without the other).
 *
 * SQLite cannot relax a NOT NULL column in place, so `risks` is rebuilt (SQLite's documented twelve steps: new
 * table, copy, drop, rename, indexes and triggers again). Dropping `risks` while foreign keys are on would cascade
 * into every owner link, action, review, treatment and objective link, so this migration is marked
 * `foreignKeysOff`: `migrate()` turns foreign keys off before its one transaction, runs `foreign_key_check` inside
 * it (any dangling row rolls everything back) and turns them on again afterwards.
 * Existing risks keep every value: title null, impact and likelihood as they were (assessed).
 */
export const up = /* sql */ `
CREATE TABLE risks_0110 (
  id                  TEXT PRIMARY KEY,
  ref                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
  category_id         TEXT NOT NULL REFERENCES categories(id),
  description         TEXT NOT NULL,
  impact              INTEGER CHECK (impact BETWEEN 1 AND 5),
  likelihood          INTEGER CHECK (likelihood BETWEEN 1 AND 5),
  inherent_impact     INTEGER CHECK (inherent_impact BETWEEN 1 AND 5),
  inherent_likelihood INTEGER CHECK (inherent_likelihood BETWEEN 1 AND 5),
  target_impact       INTEGER CHECK (target_impact BETWEEN 1 AND 5),
  target_likelihood   INTEGER CHECK (target_likelihood BETWEEN 1 AND 5),
  mitigation          TEXT NOT NULL DEFAULT '',
  position            INTEGER NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  archived_at         TEXT,
  review_cycle        TEXT NOT NULL DEFAULT 'quarterly'
                      CHECK (review_cycle IN ('monthly', 'quarterly', 'half-yearly', 'yearly')),
  next_review         TEXT,
  confidential        INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
  title               TEXT CHECK (title IS NULL OR (length(title) BETWEEN 1 AND 200
                                  AND instr(title, char(10)) = 0 AND instr(title, char(13)) = 0)),
  CHECK ((impact IS NULL) = (likelihood IS NULL)),
  CHECK ((inherent_impact IS NULL) = (inherent_likelihood IS NULL)),
  CHECK ((target_impact IS NULL) = (target_likelihood IS NULL))
) STRICT;

INSERT INTO risks_0110 (id, ref, category_id, description, impact, likelihood, inherent_impact,
    inherent_likelihood, target_impact, target_likelihood, mitigation, position, version, created_at, updated_at,
    archived_at, review_cycle, next_review, confidential, title)
  SELECT id, ref, category_id, description, impact, likelihood, inherent_impact,
    inherent_likelihood, target_impact, target_likelihood, mitigation, position, version, created_at, updated_at,
    archived_at, review_cycle, next_review, confidential, NULL
  FROM risks;

DROP TRIGGER risks_first_review;
DROP INDEX risks_category;
DROP INDEX risks_position;
DROP TABLE risks;
ALTER TABLE risks_0110 RENAME TO risks;

CREATE INDEX risks_category ON risks(category_id);
CREATE INDEX risks_position ON risks(position);
CREATE TRIGGER risks_first_review AFTER INSERT ON risks
WHEN NEW.next_review IS NULL
BEGIN
  UPDATE risks SET next_review = date(NEW.created_at, 'localtime',
      CASE NEW.review_cycle
        WHEN 'monthly' THEN '+1 months'
        WHEN 'half-yearly' THEN '+6 months'
        WHEN 'yearly' THEN '+12 months'
        ELSE '+3 months'
      END, 'floor')
   WHERE id = NEW.id;
END;

-- Snapshots freeze not-yet-assessed risks too (impact and likelihood null), so snapshot_risks is rebuilt the same
-- way; its triggers (sealed, no update, no delete) go with the old table and are made again.
CREATE TABLE snapshot_risks_0110 (
  snapshot_id         TEXT NOT NULL REFERENCES snapshots(id) DEFERRABLE INITIALLY DEFERRED,
  risk_id             TEXT NOT NULL,
  ref                 TEXT NOT NULL,
  category            TEXT NOT NULL,
  description         TEXT NOT NULL,
  impact              INTEGER CHECK (impact BETWEEN 1 AND 5),
  likelihood          INTEGER CHECK (likelihood BETWEEN 1 AND 5),
  inherent_impact     INTEGER CHECK (inherent_impact BETWEEN 1 AND 5),
  inherent_likelihood INTEGER CHECK (inherent_likelihood BETWEEN 1 AND 5),
  target_impact       INTEGER CHECK (target_impact BETWEEN 1 AND 5),
  target_likelihood   INTEGER CHECK (target_likelihood BETWEEN 1 AND 5),
  owners              TEXT NOT NULL DEFAULT '[]',   -- JSON array of initials
  mitigation          TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (snapshot_id, risk_id),
  CHECK ((impact IS NULL) = (likelihood IS NULL))
) STRICT;
INSERT INTO snapshot_risks_0110 (snapshot_id, risk_id, ref, category, description, impact, likelihood,
    inherent_impact, inherent_likelihood, target_impact, target_likelihood, owners, mitigation)
  SELECT snapshot_id, risk_id, ref, category, description, impact, likelihood,
    inherent_impact, inherent_likelihood, target_impact, target_likelihood, owners, mitigation
  FROM snapshot_risks;
DROP TABLE snapshot_risks;
ALTER TABLE snapshot_risks_0110 RENAME TO snapshot_risks;
CREATE TRIGGER snapshot_risks_sealed BEFORE INSERT ON snapshot_risks
WHEN EXISTS (SELECT 1 FROM snapshots WHERE id = NEW.snapshot_id)
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
CREATE TRIGGER snapshot_risks_no_update BEFORE UPDATE ON snapshot_risks
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
CREATE TRIGGER snapshot_risks_no_delete BEFORE DELETE ON snapshot_risks
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
`;

/** The rebuild drops `risks`: see the note above. */
export const foreignKeysOff = true;
