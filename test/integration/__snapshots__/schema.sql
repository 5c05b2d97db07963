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

-- table categories
CREATE TABLE categories (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  position   INTEGER NOT NULL,
  created_at TEXT NOT NULL
, appetite INTEGER CHECK (appetite BETWEEN 1 AND 25)) STRICT;

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

-- table risk_owners
CREATE TABLE risk_owners (
  risk_id  TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (risk_id, owner_id)
) STRICT;

-- table risks
CREATE TABLE risks (
  id                  TEXT PRIMARY KEY,
  ref                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
  category_id         TEXT NOT NULL REFERENCES categories(id),
  description         TEXT NOT NULL,
  impact              INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
  likelihood          INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
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
  CHECK ((inherent_impact IS NULL) = (inherent_likelihood IS NULL)),
  CHECK ((target_impact IS NULL) = (target_likelihood IS NULL))
) STRICT;

-- table settings
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL            -- JSON
) STRICT;

-- index actions_risk
CREATE INDEX actions_risk ON actions(risk_id);

-- index history_entity
CREATE INDEX history_entity ON history(entity, entity_id, seq);

-- index risk_owners_owner
CREATE INDEX risk_owners_owner ON risk_owners(owner_id);

-- index risks_category
CREATE INDEX risks_category ON risks(category_id);

-- index risks_position
CREATE INDEX risks_position ON risks(position);

-- trigger history_no_delete
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- trigger history_no_update
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
