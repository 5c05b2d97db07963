-- table actions
CREATE TABLE actions (
  id          TEXT PRIMARY KEY,
  risk_id     TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  text        TEXT NOT NULL,
  owner_id    TEXT REFERENCES owners(id),
  due_date    TEXT,
  status      TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done')),
  position    INTEGER NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  archived_at TEXT
) STRICT;

-- table assurances
CREATE TABLE assurances (
  id          TEXT PRIMARY KEY,
  risk_id     TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  source      TEXT NOT NULL,
  line        INTEGER NOT NULL CHECK (line BETWEEN 1 AND 4),
  strength    TEXT NOT NULL CHECK (strength IN ('substantial', 'reasonable', 'limited', 'none')),
  assured_on  TEXT,
  gaps        TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  archived_at TEXT
) STRICT;

-- table categories
CREATE TABLE categories (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  position   INTEGER NOT NULL,
  created_at TEXT NOT NULL
, appetite INTEGER CHECK (appetite BETWEEN 1 AND 25), version INTEGER NOT NULL DEFAULT 1, appetite_level TEXT
  CHECK (appetite_level IN ('averse', 'minimal', 'cautious', 'open', 'eager')), appetite_statement TEXT NOT NULL DEFAULT '', appetite_approved TEXT) STRICT;

-- table controls
CREATE TABLE controls (
  id                  TEXT PRIMARY KEY,
  text                TEXT NOT NULL,
  owner_id            TEXT REFERENCES owners(id) ON DELETE SET NULL,
  type                TEXT CHECK (type IN ('preventive', 'detective', 'corrective', 'directive')),
  effectiveness       TEXT NOT NULL DEFAULT 'unassessed'
                      CHECK (effectiveness IN ('effective', 'partial', 'ineffective', 'unassessed')),
  assessed_at         TEXT,
  assessed_by         TEXT,
  next_assessment_due TEXT,
  version             INTEGER NOT NULL DEFAULT 1,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  archived_at         TEXT
) STRICT;

-- table escalation_rules
CREATE TABLE escalation_rules (
  id         TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  label      TEXT NOT NULL,
  condition  TEXT NOT NULL CHECK (json_valid(condition)),
  outcome    TEXT NOT NULL CHECK (outcome IN ('escalate', 'de-escalate')),
  escalate_to TEXT NOT NULL,
  created_at TEXT NOT NULL
, disabled_at TEXT);

-- table history
CREATE TABLE history (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  label     TEXT NOT NULL,
  action    TEXT NOT NULL,
  field     TEXT,
  old_value TEXT,                -- JSON
  new_value TEXT,                -- JSON
  reason    TEXT,
  at        TEXT NOT NULL,
  by        TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;

-- table objectives
CREATE TABLE objectives (
  id          TEXT PRIMARY KEY,
  ref         TEXT NOT NULL COLLATE NOCASE UNIQUE,
  title       TEXT NOT NULL,
  lead        TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'not-started'
              CHECK (status IN ('not-started', 'green', 'amber', 'red', 'complete')),
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  archived_at TEXT
);

-- table owners
CREATE TABLE owners (
  id         TEXT PRIMARY KEY,
  initials   TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL DEFAULT '',
  role       TEXT NOT NULL DEFAULT '',
  email      TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1
) STRICT;

-- table reviews
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

-- table risk_controls
CREATE TABLE risk_controls (
  risk_id    TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  control_id TEXT NOT NULL REFERENCES controls(id) ON DELETE CASCADE,
  linked_at  TEXT NOT NULL,
  PRIMARY KEY (risk_id, control_id)
) STRICT;

-- table risk_objectives
CREATE TABLE risk_objectives (
  risk_id      TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  objective_id TEXT NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
  linked_at    TEXT NOT NULL,
  PRIMARY KEY (risk_id, objective_id)
);

-- table risk_owners
CREATE TABLE risk_owners (
  risk_id  TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (risk_id, owner_id)
) STRICT;

-- table risk_treatments
CREATE TABLE risk_treatments (
  risk_id           TEXT PRIMARY KEY REFERENCES risks(id) ON DELETE CASCADE,
  treatment         TEXT CHECK (treatment IN ('treat', 'tolerate', 'transfer', 'terminate')),
  accepted_by       TEXT,
  accepted_because  TEXT,
  accepted_until    TEXT,
  accepted_at       TEXT,
  version           INTEGER NOT NULL DEFAULT 1,
  updated_at        TEXT NOT NULL,
  CHECK ((accepted_by IS NULL) = (accepted_until IS NULL))
) STRICT;

-- table risks
CREATE TABLE "risks" (
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
                                  AND instr(title, char(10)) = 0 AND instr(title, char(13)) = 0)), appetite_level TEXT
  CHECK (appetite_level IN ('averse', 'minimal', 'cautious', 'open', 'eager')), appetite_reason TEXT, cause TEXT NOT NULL DEFAULT '', event TEXT NOT NULL DEFAULT '', effect TEXT NOT NULL DEFAULT '',
  CHECK ((impact IS NULL) = (likelihood IS NULL)),
  CHECK ((inherent_impact IS NULL) = (inherent_likelihood IS NULL)),
  CHECK ((target_impact IS NULL) = (target_likelihood IS NULL))
) STRICT;

-- table scoring_criteria
CREATE TABLE scoring_criteria (
  area  TEXT NOT NULL
        CHECK (area IN ('finance', 'service', 'reputation', 'people', 'legal', 'probability', 'timeframe')),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  text  TEXT NOT NULL,
  PRIMARY KEY (area, level)
);

-- table settings
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL            -- JSON
) STRICT;

-- table snapshot_risks
CREATE TABLE "snapshot_risks" (
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

-- table snapshots
CREATE TABLE snapshots (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  taken_at TEXT NOT NULL,
  taken_by TEXT NOT NULL
) STRICT;

-- table team
CREATE TABLE team (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  server     TEXT NOT NULL,
  user       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('manager', 'owner', 'viewer')),
  owner      TEXT,
  last_seq   INTEGER NOT NULL DEFAULT 0,
  last_sync  TEXT,
  rebasing   INTEGER NOT NULL DEFAULT 0
, last_rseq INTEGER NOT NULL DEFAULT 0) STRICT;

-- table team_conflicts
CREATE TABLE team_conflicts (
  id      INTEGER PRIMARY KEY,
  risk_id TEXT NOT NULL,
  ref     TEXT NOT NULL,
  field   TEXT NOT NULL,
  base    TEXT,
  theirs  TEXT,
  mine    TEXT,
  by      TEXT NOT NULL,
  at      TEXT NOT NULL
) STRICT;

-- table team_outbox
CREATE TABLE team_outbox (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id     TEXT NOT NULL UNIQUE,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  label     TEXT NOT NULL,
  action    TEXT NOT NULL,
  field     TEXT,
  old_value TEXT,
  new_value TEXT,
  reason    TEXT,
  at        TEXT NOT NULL
) STRICT;

-- table team_rejected
CREATE TABLE team_rejected (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id       TEXT NOT NULL UNIQUE,
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  label       TEXT NOT NULL,
  action      TEXT NOT NULL,
  field       TEXT,
  old_value   TEXT,
  new_value   TEXT,
  at          TEXT NOT NULL,
  reason      TEXT NOT NULL,
  rejected_at TEXT NOT NULL
) STRICT;

-- index actions_owner
CREATE INDEX actions_owner ON actions(owner_id);

-- index actions_risk
CREATE INDEX actions_risk ON actions(risk_id);

-- index assurances_risk
CREATE INDEX assurances_risk ON assurances(risk_id, position);

-- index controls_owner
CREATE INDEX controls_owner ON controls(owner_id);

-- index history_entity
CREATE INDEX history_entity ON history(entity, entity_id, seq);

-- index reviews_risk
CREATE INDEX reviews_risk ON reviews(risk_id, at);

-- index risk_controls_control
CREATE INDEX risk_controls_control ON risk_controls(control_id);

-- index risk_objectives_objective
CREATE INDEX risk_objectives_objective ON risk_objectives(objective_id);

-- index risk_owners_order
CREATE INDEX risk_owners_order ON risk_owners(risk_id, position, owner_id);

-- index risks_archived
CREATE INDEX risks_archived ON risks(archived_at) WHERE archived_at IS NOT NULL;

-- index risks_position
CREATE INDEX risks_position ON risks(position);

-- trigger history_no_delete
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
WHEN NOT EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 1)
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- trigger history_no_update
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- trigger reviews_no_update
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are a record: they cannot be edited'); END;

-- trigger snapshot_risks_no_delete
CREATE TRIGGER snapshot_risks_no_delete BEFORE DELETE ON snapshot_risks
WHEN NOT EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 1)
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;

-- trigger snapshot_risks_no_update
CREATE TRIGGER snapshot_risks_no_update BEFORE UPDATE ON snapshot_risks
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;

-- trigger snapshot_risks_sealed
CREATE TRIGGER snapshot_risks_sealed BEFORE INSERT ON snapshot_risks
WHEN EXISTS (SELECT 1 FROM snapshots WHERE id = NEW.snapshot_id)
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;

-- trigger snapshots_no_delete
CREATE TRIGGER snapshots_no_delete BEFORE DELETE ON snapshots
WHEN NOT EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 1)
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;

-- trigger snapshots_no_update
CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
