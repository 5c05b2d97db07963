/**
 * Controls and assurance (Orange Book): controls shared by risks, assurance per risk on the three (four) lines
 * model, and each risk's treatment decision with its acceptance. History rows use the entities `control` and
 * `assurance`; treatment and acceptance are recorded on the risk (`risk`, fields `treatment`, `acceptance`).
 */
export const up = /* sql */ `
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
CREATE INDEX controls_owner ON controls(owner_id);

CREATE TABLE risk_controls (
  risk_id    TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  control_id TEXT NOT NULL REFERENCES controls(id) ON DELETE CASCADE,
  linked_at  TEXT NOT NULL,
  PRIMARY KEY (risk_id, control_id)
) STRICT;
CREATE INDEX risk_controls_control ON risk_controls(control_id);

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
CREATE INDEX assurances_risk ON assurances(risk_id, position);

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
`;
