/**
 * Reviews and snapshots.
 * - Every risk gets a review cycle (quarterly unless chosen) and a next-review date; existing risks are due
 *   their created date + 3 months. New risks get created date + cycle from a trigger, so every way of
 *   creating a risk (form, import, sample) schedules its first review.
 * - `reviews`: each time an owner looked at a risk, with the score it left and whether the score changed.
 * - `snapshots` + `snapshot_risks`: named, dated copies of the live risks, read-only once written.
 * Dates are local calendar days, and months are added the way `shared/travel.ts` `addMonths` does:
 * 31/01 + 1 month is 28/02 ('floor'), never 03/03.
 */
export const up = /* sql */ `
ALTER TABLE risks ADD COLUMN review_cycle TEXT NOT NULL DEFAULT 'quarterly'
  CHECK (review_cycle IN ('monthly', 'quarterly', 'half-yearly', 'yearly'));
ALTER TABLE risks ADD COLUMN next_review TEXT;

UPDATE risks SET next_review = date(created_at, 'localtime', '+3 months', 'floor');

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

CREATE TABLE reviews (
  id            TEXT PRIMARY KEY,
  risk_id       TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  ref           TEXT NOT NULL,
  at            TEXT NOT NULL,
  by            TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  impact        INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
  likelihood    INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  score_changed INTEGER NOT NULL CHECK (score_changed IN (0, 1)),
  next_review   TEXT NOT NULL
) STRICT;
CREATE INDEX reviews_risk ON reviews(risk_id, at);

CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are a record: they cannot be edited'); END;

CREATE TABLE snapshots (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  taken_at TEXT NOT NULL,
  taken_by TEXT NOT NULL
) STRICT;

-- The frozen risk rows. No foreign key to risks: a snapshot outlives the risks it shows.
-- Rows are written before their snapshot row (the key to snapshots is checked at commit), and a row for a
-- snapshot that already exists is refused: once taken, nothing can be added, changed or removed.
CREATE TABLE snapshot_risks (
  snapshot_id         TEXT NOT NULL REFERENCES snapshots(id) DEFERRABLE INITIALLY DEFERRED,
  risk_id             TEXT NOT NULL,
  ref                 TEXT NOT NULL,
  category            TEXT NOT NULL,
  description         TEXT NOT NULL,
  impact              INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
  likelihood          INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  inherent_impact     INTEGER CHECK (inherent_impact BETWEEN 1 AND 5),
  inherent_likelihood INTEGER CHECK (inherent_likelihood BETWEEN 1 AND 5),
  target_impact       INTEGER CHECK (target_impact BETWEEN 1 AND 5),
  target_likelihood   INTEGER CHECK (target_likelihood BETWEEN 1 AND 5),
  owners              TEXT NOT NULL DEFAULT '[]',   -- JSON array of initials
  mitigation          TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (snapshot_id, risk_id)
) STRICT;

CREATE TRIGGER snapshot_risks_sealed BEFORE INSERT ON snapshot_risks
WHEN EXISTS (SELECT 1 FROM snapshots WHERE id = NEW.snapshot_id)
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
CREATE TRIGGER snapshots_no_delete BEFORE DELETE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
CREATE TRIGGER snapshot_risks_no_update BEFORE UPDATE ON snapshot_risks
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
CREATE TRIGGER snapshot_risks_no_delete BEFORE DELETE ON snapshot_risks
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
`;
