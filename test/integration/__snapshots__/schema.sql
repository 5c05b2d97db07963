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

-- index risk_owners_owner
CREATE INDEX risk_owners_owner ON risk_owners(owner_id);

-- index risks_archived
CREATE INDEX risks_archived ON risks(archived_at) WHERE archived_at IS NOT NULL;

-- index risks_category
CREATE INDEX risks_category ON risks(category_id);

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

-- trigger risks_first_review
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

-- trigger team_outbox_capture
CREATE TRIGGER team_outbox_capture AFTER INSERT ON history
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), NEW.entity, NEW.entity_id, NEW.label, NEW.action, NEW.field,
          NEW.old_value, NEW.new_value, NEW.reason, NEW.at);
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  SELECT lower(hex(randomblob(16))), 'row', json_array(R.id), 'risks', 'insert', NULL, NULL, json_object('id', R.id, 'review_cycle', R.review_cycle, 'next_review', R.next_review, 'confidential', R.confidential, 'appetite_level', R.appetite_level, 'appetite_reason', R.appetite_reason, 'position', R.position), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM risks R
   WHERE NEW.entity = 'risk' AND NEW.action IN ('create', 'import') AND R.id = NEW.entity_id;
END;

-- trigger team_rows_actions_delete
CREATE TRIGGER team_rows_actions_delete AFTER DELETE ON actions
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.id), 'actions', 'delete', NULL, json_object('id', OLD.id, 'risk_id', OLD.risk_id, 'text', OLD.text, 'owner_id', (SELECT o.initials FROM owners o WHERE o.id = OLD.owner_id), 'due_date', OLD.due_date, 'status', OLD.status, 'position', OLD.position, 'version', OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'archived_at', OLD.archived_at), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_actions_insert
CREATE TRIGGER team_rows_actions_insert AFTER INSERT ON actions
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'actions', 'insert', NULL, NULL, json_object('id', NEW.id, 'risk_id', NEW.risk_id, 'text', NEW.text, 'owner_id', (SELECT o.initials FROM owners o WHERE o.id = NEW.owner_id), 'due_date', NEW.due_date, 'status', NEW.status, 'position', NEW.position, 'version', NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'archived_at', NEW.archived_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_actions_update
CREATE TRIGGER team_rows_actions_update AFTER UPDATE ON actions
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.id IS NOT NEW.id OR OLD.risk_id IS NOT NEW.risk_id OR OLD.text IS NOT NEW.text OR OLD.owner_id IS NOT NEW.owner_id OR OLD.due_date IS NOT NEW.due_date OR OLD.status IS NOT NEW.status OR OLD.position IS NOT NEW.position OR OLD.version IS NOT NEW.version OR OLD.created_at IS NOT NEW.created_at OR OLD.updated_at IS NOT NEW.updated_at OR OLD.archived_at IS NOT NEW.archived_at)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'actions', 'update', CASE WHEN json_array(OLD.id) IS NOT json_array(NEW.id) THEN json_array(OLD.id) END, json_object('id', OLD.id, 'risk_id', OLD.risk_id, 'text', OLD.text, 'owner_id', (SELECT o.initials FROM owners o WHERE o.id = OLD.owner_id), 'due_date', OLD.due_date, 'status', OLD.status, 'position', OLD.position, 'version', OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'archived_at', OLD.archived_at), json_object('id', NEW.id, 'risk_id', NEW.risk_id, 'text', NEW.text, 'owner_id', (SELECT o.initials FROM owners o WHERE o.id = NEW.owner_id), 'due_date', NEW.due_date, 'status', NEW.status, 'position', NEW.position, 'version', NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'archived_at', NEW.archived_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_assurances_delete
CREATE TRIGGER team_rows_assurances_delete AFTER DELETE ON assurances
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.id), 'assurances', 'delete', NULL, json_object('id', OLD.id, 'risk_id', OLD.risk_id, 'source', OLD.source, 'line', OLD.line, 'strength', OLD.strength, 'assured_on', OLD.assured_on, 'gaps', OLD.gaps, 'position', OLD.position, 'version', OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'archived_at', OLD.archived_at), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_assurances_insert
CREATE TRIGGER team_rows_assurances_insert AFTER INSERT ON assurances
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'assurances', 'insert', NULL, NULL, json_object('id', NEW.id, 'risk_id', NEW.risk_id, 'source', NEW.source, 'line', NEW.line, 'strength', NEW.strength, 'assured_on', NEW.assured_on, 'gaps', NEW.gaps, 'position', NEW.position, 'version', NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'archived_at', NEW.archived_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_assurances_update
CREATE TRIGGER team_rows_assurances_update AFTER UPDATE ON assurances
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.id IS NOT NEW.id OR OLD.risk_id IS NOT NEW.risk_id OR OLD.source IS NOT NEW.source OR OLD.line IS NOT NEW.line OR OLD.strength IS NOT NEW.strength OR OLD.assured_on IS NOT NEW.assured_on OR OLD.gaps IS NOT NEW.gaps OR OLD.position IS NOT NEW.position OR OLD.version IS NOT NEW.version OR OLD.created_at IS NOT NEW.created_at OR OLD.updated_at IS NOT NEW.updated_at OR OLD.archived_at IS NOT NEW.archived_at)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'assurances', 'update', CASE WHEN json_array(OLD.id) IS NOT json_array(NEW.id) THEN json_array(OLD.id) END, json_object('id', OLD.id, 'risk_id', OLD.risk_id, 'source', OLD.source, 'line', OLD.line, 'strength', OLD.strength, 'assured_on', OLD.assured_on, 'gaps', OLD.gaps, 'position', OLD.position, 'version', OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'archived_at', OLD.archived_at), json_object('id', NEW.id, 'risk_id', NEW.risk_id, 'source', NEW.source, 'line', NEW.line, 'strength', NEW.strength, 'assured_on', NEW.assured_on, 'gaps', NEW.gaps, 'position', NEW.position, 'version', NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'archived_at', NEW.archived_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_categories_delete
CREATE TRIGGER team_rows_categories_delete AFTER DELETE ON categories
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.name), 'categories', 'delete', NULL, json_object('name', OLD.name, 'position', OLD.position, 'appetite', OLD.appetite, 'appetite_level', OLD.appetite_level, 'appetite_statement', OLD.appetite_statement, 'appetite_approved', OLD.appetite_approved), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_categories_insert
CREATE TRIGGER team_rows_categories_insert AFTER INSERT ON categories
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.name), 'categories', 'insert', NULL, NULL, json_object('name', NEW.name, 'position', NEW.position, 'appetite', NEW.appetite, 'appetite_level', NEW.appetite_level, 'appetite_statement', NEW.appetite_statement, 'appetite_approved', NEW.appetite_approved), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_categories_update
CREATE TRIGGER team_rows_categories_update AFTER UPDATE ON categories
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.name IS NOT NEW.name OR OLD.position IS NOT NEW.position OR OLD.appetite IS NOT NEW.appetite OR OLD.appetite_level IS NOT NEW.appetite_level OR OLD.appetite_statement IS NOT NEW.appetite_statement OR OLD.appetite_approved IS NOT NEW.appetite_approved)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.name), 'categories', 'update', CASE WHEN json_array(OLD.name) IS NOT json_array(NEW.name) THEN json_array(OLD.name) END, json_object('name', OLD.name, 'position', OLD.position, 'appetite', OLD.appetite, 'appetite_level', OLD.appetite_level, 'appetite_statement', OLD.appetite_statement, 'appetite_approved', OLD.appetite_approved), json_object('name', NEW.name, 'position', NEW.position, 'appetite', NEW.appetite, 'appetite_level', NEW.appetite_level, 'appetite_statement', NEW.appetite_statement, 'appetite_approved', NEW.appetite_approved), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_controls_delete
CREATE TRIGGER team_rows_controls_delete AFTER DELETE ON controls
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.id), 'controls', 'delete', NULL, json_object('id', OLD.id, 'text', OLD.text, 'owner_id', (SELECT o.initials FROM owners o WHERE o.id = OLD.owner_id), 'type', OLD.type, 'effectiveness', OLD.effectiveness, 'assessed_at', OLD.assessed_at, 'assessed_by', OLD.assessed_by, 'next_assessment_due', OLD.next_assessment_due, 'version', OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'archived_at', OLD.archived_at), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_controls_insert
CREATE TRIGGER team_rows_controls_insert AFTER INSERT ON controls
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'controls', 'insert', NULL, NULL, json_object('id', NEW.id, 'text', NEW.text, 'owner_id', (SELECT o.initials FROM owners o WHERE o.id = NEW.owner_id), 'type', NEW.type, 'effectiveness', NEW.effectiveness, 'assessed_at', NEW.assessed_at, 'assessed_by', NEW.assessed_by, 'next_assessment_due', NEW.next_assessment_due, 'version', NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'archived_at', NEW.archived_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_controls_update
CREATE TRIGGER team_rows_controls_update AFTER UPDATE ON controls
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.id IS NOT NEW.id OR OLD.text IS NOT NEW.text OR OLD.owner_id IS NOT NEW.owner_id OR OLD.type IS NOT NEW.type OR OLD.effectiveness IS NOT NEW.effectiveness OR OLD.assessed_at IS NOT NEW.assessed_at OR OLD.assessed_by IS NOT NEW.assessed_by OR OLD.next_assessment_due IS NOT NEW.next_assessment_due OR OLD.version IS NOT NEW.version OR OLD.created_at IS NOT NEW.created_at OR OLD.updated_at IS NOT NEW.updated_at OR OLD.archived_at IS NOT NEW.archived_at)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'controls', 'update', CASE WHEN json_array(OLD.id) IS NOT json_array(NEW.id) THEN json_array(OLD.id) END, json_object('id', OLD.id, 'text', OLD.text, 'owner_id', (SELECT o.initials FROM owners o WHERE o.id = OLD.owner_id), 'type', OLD.type, 'effectiveness', OLD.effectiveness, 'assessed_at', OLD.assessed_at, 'assessed_by', OLD.assessed_by, 'next_assessment_due', OLD.next_assessment_due, 'version', OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'archived_at', OLD.archived_at), json_object('id', NEW.id, 'text', NEW.text, 'owner_id', (SELECT o.initials FROM owners o WHERE o.id = NEW.owner_id), 'type', NEW.type, 'effectiveness', NEW.effectiveness, 'assessed_at', NEW.assessed_at, 'assessed_by', NEW.assessed_by, 'next_assessment_due', NEW.next_assessment_due, 'version', NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'archived_at', NEW.archived_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_escalation_rules_delete
CREATE TRIGGER team_rows_escalation_rules_delete AFTER DELETE ON escalation_rules
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.id), 'escalation_rules', 'delete', NULL, json_object('id', OLD.id, 'position', OLD.position, 'label', OLD.label, 'condition', OLD.condition, 'outcome', OLD.outcome, 'escalate_to', OLD.escalate_to, 'created_at', OLD.created_at, 'disabled_at', OLD.disabled_at), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_escalation_rules_insert
CREATE TRIGGER team_rows_escalation_rules_insert AFTER INSERT ON escalation_rules
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'escalation_rules', 'insert', NULL, NULL, json_object('id', NEW.id, 'position', NEW.position, 'label', NEW.label, 'condition', NEW.condition, 'outcome', NEW.outcome, 'escalate_to', NEW.escalate_to, 'created_at', NEW.created_at, 'disabled_at', NEW.disabled_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_escalation_rules_update
CREATE TRIGGER team_rows_escalation_rules_update AFTER UPDATE ON escalation_rules
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.id IS NOT NEW.id OR OLD.position IS NOT NEW.position OR OLD.label IS NOT NEW.label OR OLD.condition IS NOT NEW.condition OR OLD.outcome IS NOT NEW.outcome OR OLD.escalate_to IS NOT NEW.escalate_to OR OLD.created_at IS NOT NEW.created_at OR OLD.disabled_at IS NOT NEW.disabled_at)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'escalation_rules', 'update', CASE WHEN json_array(OLD.id) IS NOT json_array(NEW.id) THEN json_array(OLD.id) END, json_object('id', OLD.id, 'position', OLD.position, 'label', OLD.label, 'condition', OLD.condition, 'outcome', OLD.outcome, 'escalate_to', OLD.escalate_to, 'created_at', OLD.created_at, 'disabled_at', OLD.disabled_at), json_object('id', NEW.id, 'position', NEW.position, 'label', NEW.label, 'condition', NEW.condition, 'outcome', NEW.outcome, 'escalate_to', NEW.escalate_to, 'created_at', NEW.created_at, 'disabled_at', NEW.disabled_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_objectives_delete
CREATE TRIGGER team_rows_objectives_delete AFTER DELETE ON objectives
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.id), 'objectives', 'delete', NULL, json_object('id', OLD.id, 'ref', OLD.ref, 'title', OLD.title, 'lead', OLD.lead, 'status', OLD.status, 'version', OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'archived_at', OLD.archived_at), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_objectives_insert
CREATE TRIGGER team_rows_objectives_insert AFTER INSERT ON objectives
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'objectives', 'insert', NULL, NULL, json_object('id', NEW.id, 'ref', NEW.ref, 'title', NEW.title, 'lead', NEW.lead, 'status', NEW.status, 'version', NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'archived_at', NEW.archived_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_objectives_update
CREATE TRIGGER team_rows_objectives_update AFTER UPDATE ON objectives
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.id IS NOT NEW.id OR OLD.ref IS NOT NEW.ref OR OLD.title IS NOT NEW.title OR OLD.lead IS NOT NEW.lead OR OLD.status IS NOT NEW.status OR OLD.version IS NOT NEW.version OR OLD.created_at IS NOT NEW.created_at OR OLD.updated_at IS NOT NEW.updated_at OR OLD.archived_at IS NOT NEW.archived_at)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'objectives', 'update', CASE WHEN json_array(OLD.id) IS NOT json_array(NEW.id) THEN json_array(OLD.id) END, json_object('id', OLD.id, 'ref', OLD.ref, 'title', OLD.title, 'lead', OLD.lead, 'status', OLD.status, 'version', OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'archived_at', OLD.archived_at), json_object('id', NEW.id, 'ref', NEW.ref, 'title', NEW.title, 'lead', NEW.lead, 'status', NEW.status, 'version', NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'archived_at', NEW.archived_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_owners_delete
CREATE TRIGGER team_rows_owners_delete AFTER DELETE ON owners
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.initials), 'owners', 'delete', NULL, json_object('initials', OLD.initials, 'name', OLD.name, 'role', OLD.role, 'email', OLD.email), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_owners_insert
CREATE TRIGGER team_rows_owners_insert AFTER INSERT ON owners
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.initials), 'owners', 'insert', NULL, NULL, json_object('initials', NEW.initials, 'name', NEW.name, 'role', NEW.role, 'email', NEW.email), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_owners_update
CREATE TRIGGER team_rows_owners_update AFTER UPDATE ON owners
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.initials IS NOT NEW.initials OR OLD.name IS NOT NEW.name OR OLD.role IS NOT NEW.role OR OLD.email IS NOT NEW.email)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.initials), 'owners', 'update', CASE WHEN json_array(OLD.initials) IS NOT json_array(NEW.initials) THEN json_array(OLD.initials) END, json_object('initials', OLD.initials, 'name', OLD.name, 'role', OLD.role, 'email', OLD.email), json_object('initials', NEW.initials, 'name', NEW.name, 'role', NEW.role, 'email', NEW.email), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_reviews_delete
CREATE TRIGGER team_rows_reviews_delete AFTER DELETE ON reviews
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.id), 'reviews', 'delete', NULL, json_object('id', OLD.id, 'risk_id', OLD.risk_id, 'ref', OLD.ref, 'at', OLD.at, 'by', OLD.by, 'note', OLD.note, 'impact', OLD.impact, 'likelihood', OLD.likelihood, 'score_changed', OLD.score_changed, 'next_review', OLD.next_review), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_reviews_insert
CREATE TRIGGER team_rows_reviews_insert AFTER INSERT ON reviews
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'reviews', 'insert', NULL, NULL, json_object('id', NEW.id, 'risk_id', NEW.risk_id, 'ref', NEW.ref, 'at', NEW.at, 'by', NEW.by, 'note', NEW.note, 'impact', NEW.impact, 'likelihood', NEW.likelihood, 'score_changed', NEW.score_changed, 'next_review', NEW.next_review), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_reviews_update
CREATE TRIGGER team_rows_reviews_update AFTER UPDATE ON reviews
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.id IS NOT NEW.id OR OLD.risk_id IS NOT NEW.risk_id OR OLD.ref IS NOT NEW.ref OR OLD.at IS NOT NEW.at OR OLD.by IS NOT NEW.by OR OLD.note IS NOT NEW.note OR OLD.impact IS NOT NEW.impact OR OLD.likelihood IS NOT NEW.likelihood OR OLD.score_changed IS NOT NEW.score_changed OR OLD.next_review IS NOT NEW.next_review)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'reviews', 'update', CASE WHEN json_array(OLD.id) IS NOT json_array(NEW.id) THEN json_array(OLD.id) END, json_object('id', OLD.id, 'risk_id', OLD.risk_id, 'ref', OLD.ref, 'at', OLD.at, 'by', OLD.by, 'note', OLD.note, 'impact', OLD.impact, 'likelihood', OLD.likelihood, 'score_changed', OLD.score_changed, 'next_review', OLD.next_review), json_object('id', NEW.id, 'risk_id', NEW.risk_id, 'ref', NEW.ref, 'at', NEW.at, 'by', NEW.by, 'note', NEW.note, 'impact', NEW.impact, 'likelihood', NEW.likelihood, 'score_changed', NEW.score_changed, 'next_review', NEW.next_review), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risk_controls_delete
CREATE TRIGGER team_rows_risk_controls_delete AFTER DELETE ON risk_controls
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.risk_id, OLD.control_id), 'risk_controls', 'delete', NULL, json_object('risk_id', OLD.risk_id, 'control_id', OLD.control_id, 'linked_at', OLD.linked_at), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risk_controls_insert
CREATE TRIGGER team_rows_risk_controls_insert AFTER INSERT ON risk_controls
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.risk_id, NEW.control_id), 'risk_controls', 'insert', NULL, NULL, json_object('risk_id', NEW.risk_id, 'control_id', NEW.control_id, 'linked_at', NEW.linked_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risk_controls_update
CREATE TRIGGER team_rows_risk_controls_update AFTER UPDATE ON risk_controls
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.risk_id IS NOT NEW.risk_id OR OLD.control_id IS NOT NEW.control_id OR OLD.linked_at IS NOT NEW.linked_at)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.risk_id, NEW.control_id), 'risk_controls', 'update', CASE WHEN json_array(OLD.risk_id, OLD.control_id) IS NOT json_array(NEW.risk_id, NEW.control_id) THEN json_array(OLD.risk_id, OLD.control_id) END, json_object('risk_id', OLD.risk_id, 'control_id', OLD.control_id, 'linked_at', OLD.linked_at), json_object('risk_id', NEW.risk_id, 'control_id', NEW.control_id, 'linked_at', NEW.linked_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risk_objectives_delete
CREATE TRIGGER team_rows_risk_objectives_delete AFTER DELETE ON risk_objectives
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.risk_id, OLD.objective_id), 'risk_objectives', 'delete', NULL, json_object('risk_id', OLD.risk_id, 'objective_id', OLD.objective_id, 'linked_at', OLD.linked_at), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risk_objectives_insert
CREATE TRIGGER team_rows_risk_objectives_insert AFTER INSERT ON risk_objectives
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.risk_id, NEW.objective_id), 'risk_objectives', 'insert', NULL, NULL, json_object('risk_id', NEW.risk_id, 'objective_id', NEW.objective_id, 'linked_at', NEW.linked_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risk_objectives_update
CREATE TRIGGER team_rows_risk_objectives_update AFTER UPDATE ON risk_objectives
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.risk_id IS NOT NEW.risk_id OR OLD.objective_id IS NOT NEW.objective_id OR OLD.linked_at IS NOT NEW.linked_at)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.risk_id, NEW.objective_id), 'risk_objectives', 'update', CASE WHEN json_array(OLD.risk_id, OLD.objective_id) IS NOT json_array(NEW.risk_id, NEW.objective_id) THEN json_array(OLD.risk_id, OLD.objective_id) END, json_object('risk_id', OLD.risk_id, 'objective_id', OLD.objective_id, 'linked_at', OLD.linked_at), json_object('risk_id', NEW.risk_id, 'objective_id', NEW.objective_id, 'linked_at', NEW.linked_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risk_treatments_delete
CREATE TRIGGER team_rows_risk_treatments_delete AFTER DELETE ON risk_treatments
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.risk_id), 'risk_treatments', 'delete', NULL, json_object('risk_id', OLD.risk_id, 'treatment', OLD.treatment, 'accepted_by', OLD.accepted_by, 'accepted_because', OLD.accepted_because, 'accepted_until', OLD.accepted_until, 'accepted_at', OLD.accepted_at, 'version', OLD.version, 'updated_at', OLD.updated_at), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risk_treatments_insert
CREATE TRIGGER team_rows_risk_treatments_insert AFTER INSERT ON risk_treatments
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.risk_id), 'risk_treatments', 'insert', NULL, NULL, json_object('risk_id', NEW.risk_id, 'treatment', NEW.treatment, 'accepted_by', NEW.accepted_by, 'accepted_because', NEW.accepted_because, 'accepted_until', NEW.accepted_until, 'accepted_at', NEW.accepted_at, 'version', NEW.version, 'updated_at', NEW.updated_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risk_treatments_update
CREATE TRIGGER team_rows_risk_treatments_update AFTER UPDATE ON risk_treatments
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.risk_id IS NOT NEW.risk_id OR OLD.treatment IS NOT NEW.treatment OR OLD.accepted_by IS NOT NEW.accepted_by OR OLD.accepted_because IS NOT NEW.accepted_because OR OLD.accepted_until IS NOT NEW.accepted_until OR OLD.accepted_at IS NOT NEW.accepted_at OR OLD.version IS NOT NEW.version OR OLD.updated_at IS NOT NEW.updated_at)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.risk_id), 'risk_treatments', 'update', CASE WHEN json_array(OLD.risk_id) IS NOT json_array(NEW.risk_id) THEN json_array(OLD.risk_id) END, json_object('risk_id', OLD.risk_id, 'treatment', OLD.treatment, 'accepted_by', OLD.accepted_by, 'accepted_because', OLD.accepted_because, 'accepted_until', OLD.accepted_until, 'accepted_at', OLD.accepted_at, 'version', OLD.version, 'updated_at', OLD.updated_at), json_object('risk_id', NEW.risk_id, 'treatment', NEW.treatment, 'accepted_by', NEW.accepted_by, 'accepted_because', NEW.accepted_because, 'accepted_until', NEW.accepted_until, 'accepted_at', NEW.accepted_at, 'version', NEW.version, 'updated_at', NEW.updated_at), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_risks_update
CREATE TRIGGER team_rows_risks_update AFTER UPDATE ON risks
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND OLD.next_review IS NOT NULL AND (OLD.id IS NOT NEW.id OR OLD.review_cycle IS NOT NEW.review_cycle OR OLD.next_review IS NOT NEW.next_review OR OLD.confidential IS NOT NEW.confidential OR OLD.appetite_level IS NOT NEW.appetite_level OR OLD.appetite_reason IS NOT NEW.appetite_reason OR OLD.position IS NOT NEW.position)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'risks', 'update', CASE WHEN json_array(OLD.id) IS NOT json_array(NEW.id) THEN json_array(OLD.id) END, json_object('id', OLD.id, 'review_cycle', OLD.review_cycle, 'next_review', OLD.next_review, 'confidential', OLD.confidential, 'appetite_level', OLD.appetite_level, 'appetite_reason', OLD.appetite_reason, 'position', OLD.position), json_object('id', NEW.id, 'review_cycle', NEW.review_cycle, 'next_review', NEW.next_review, 'confidential', NEW.confidential, 'appetite_level', NEW.appetite_level, 'appetite_reason', NEW.appetite_reason, 'position', NEW.position), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_scoring_criteria_delete
CREATE TRIGGER team_rows_scoring_criteria_delete AFTER DELETE ON scoring_criteria
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.area, OLD.level), 'scoring_criteria', 'delete', NULL, json_object('area', OLD.area, 'level', OLD.level, 'text', OLD.text), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_scoring_criteria_insert
CREATE TRIGGER team_rows_scoring_criteria_insert AFTER INSERT ON scoring_criteria
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.area, NEW.level), 'scoring_criteria', 'insert', NULL, NULL, json_object('area', NEW.area, 'level', NEW.level, 'text', NEW.text), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_scoring_criteria_update
CREATE TRIGGER team_rows_scoring_criteria_update AFTER UPDATE ON scoring_criteria
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.area IS NOT NEW.area OR OLD.level IS NOT NEW.level OR OLD.text IS NOT NEW.text)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.area, NEW.level), 'scoring_criteria', 'update', CASE WHEN json_array(OLD.area, OLD.level) IS NOT json_array(NEW.area, NEW.level) THEN json_array(OLD.area, OLD.level) END, json_object('area', OLD.area, 'level', OLD.level, 'text', OLD.text), json_object('area', NEW.area, 'level', NEW.level, 'text', NEW.text), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_settings_delete
CREATE TRIGGER team_rows_settings_delete AFTER DELETE ON settings
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND OLD.key IN ('name', 'key', 'appetiteLevels', 'boardPack')
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.key), 'settings', 'delete', NULL, json_object('key', OLD.key, 'value', OLD.value), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_settings_insert
CREATE TRIGGER team_rows_settings_insert AFTER INSERT ON settings
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND NEW.key IN ('name', 'key', 'appetiteLevels', 'boardPack')
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.key), 'settings', 'insert', NULL, NULL, json_object('key', NEW.key, 'value', NEW.value), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_settings_update
CREATE TRIGGER team_rows_settings_update AFTER UPDATE ON settings
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND NEW.key IN ('name', 'key', 'appetiteLevels', 'boardPack') AND (OLD.key IS NOT NEW.key OR OLD.value IS NOT NEW.value)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.key), 'settings', 'update', CASE WHEN json_array(OLD.key) IS NOT json_array(NEW.key) THEN json_array(OLD.key) END, json_object('key', OLD.key, 'value', OLD.value), json_object('key', NEW.key, 'value', NEW.value), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_snapshot_risks_delete
CREATE TRIGGER team_rows_snapshot_risks_delete AFTER DELETE ON snapshot_risks
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.snapshot_id, OLD.risk_id), 'snapshot_risks', 'delete', NULL, json_object('snapshot_id', OLD.snapshot_id, 'risk_id', OLD.risk_id, 'ref', OLD.ref, 'category', OLD.category, 'description', OLD.description, 'impact', OLD.impact, 'likelihood', OLD.likelihood, 'inherent_impact', OLD.inherent_impact, 'inherent_likelihood', OLD.inherent_likelihood, 'target_impact', OLD.target_impact, 'target_likelihood', OLD.target_likelihood, 'owners', OLD.owners, 'mitigation', OLD.mitigation), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_snapshot_risks_insert
CREATE TRIGGER team_rows_snapshot_risks_insert AFTER INSERT ON snapshot_risks
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.snapshot_id, NEW.risk_id), 'snapshot_risks', 'insert', NULL, NULL, json_object('snapshot_id', NEW.snapshot_id, 'risk_id', NEW.risk_id, 'ref', NEW.ref, 'category', NEW.category, 'description', NEW.description, 'impact', NEW.impact, 'likelihood', NEW.likelihood, 'inherent_impact', NEW.inherent_impact, 'inherent_likelihood', NEW.inherent_likelihood, 'target_impact', NEW.target_impact, 'target_likelihood', NEW.target_likelihood, 'owners', NEW.owners, 'mitigation', NEW.mitigation), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_snapshot_risks_update
CREATE TRIGGER team_rows_snapshot_risks_update AFTER UPDATE ON snapshot_risks
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.snapshot_id IS NOT NEW.snapshot_id OR OLD.risk_id IS NOT NEW.risk_id OR OLD.ref IS NOT NEW.ref OR OLD.category IS NOT NEW.category OR OLD.description IS NOT NEW.description OR OLD.impact IS NOT NEW.impact OR OLD.likelihood IS NOT NEW.likelihood OR OLD.inherent_impact IS NOT NEW.inherent_impact OR OLD.inherent_likelihood IS NOT NEW.inherent_likelihood OR OLD.target_impact IS NOT NEW.target_impact OR OLD.target_likelihood IS NOT NEW.target_likelihood OR OLD.owners IS NOT NEW.owners OR OLD.mitigation IS NOT NEW.mitigation)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.snapshot_id, NEW.risk_id), 'snapshot_risks', 'update', CASE WHEN json_array(OLD.snapshot_id, OLD.risk_id) IS NOT json_array(NEW.snapshot_id, NEW.risk_id) THEN json_array(OLD.snapshot_id, OLD.risk_id) END, json_object('snapshot_id', OLD.snapshot_id, 'risk_id', OLD.risk_id, 'ref', OLD.ref, 'category', OLD.category, 'description', OLD.description, 'impact', OLD.impact, 'likelihood', OLD.likelihood, 'inherent_impact', OLD.inherent_impact, 'inherent_likelihood', OLD.inherent_likelihood, 'target_impact', OLD.target_impact, 'target_likelihood', OLD.target_likelihood, 'owners', OLD.owners, 'mitigation', OLD.mitigation), json_object('snapshot_id', NEW.snapshot_id, 'risk_id', NEW.risk_id, 'ref', NEW.ref, 'category', NEW.category, 'description', NEW.description, 'impact', NEW.impact, 'likelihood', NEW.likelihood, 'inherent_impact', NEW.inherent_impact, 'inherent_likelihood', NEW.inherent_likelihood, 'target_impact', NEW.target_impact, 'target_likelihood', NEW.target_likelihood, 'owners', NEW.owners, 'mitigation', NEW.mitigation), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_snapshots_delete
CREATE TRIGGER team_rows_snapshots_delete AFTER DELETE ON snapshots
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(OLD.id), 'snapshots', 'delete', NULL, json_object('id', OLD.id, 'name', OLD.name, 'taken_at', OLD.taken_at, 'taken_by', OLD.taken_by), NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_snapshots_insert
CREATE TRIGGER team_rows_snapshots_insert AFTER INSERT ON snapshots
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'snapshots', 'insert', NULL, NULL, json_object('id', NEW.id, 'name', NEW.name, 'taken_at', NEW.taken_at, 'taken_by', NEW.taken_by), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- trigger team_rows_snapshots_update
CREATE TRIGGER team_rows_snapshots_update AFTER UPDATE ON snapshots
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0) AND (OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.taken_at IS NOT NEW.taken_at OR OLD.taken_by IS NOT NEW.taken_by)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), 'row', json_array(NEW.id), 'snapshots', 'update', CASE WHEN json_array(OLD.id) IS NOT json_array(NEW.id) THEN json_array(OLD.id) END, json_object('id', OLD.id, 'name', OLD.name, 'taken_at', OLD.taken_at, 'taken_by', OLD.taken_by), json_object('id', NEW.id, 'name', NEW.name, 'taken_at', NEW.taken_at, 'taken_by', NEW.taken_by), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
