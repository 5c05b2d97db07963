/**
 * Objectives (the organisation's business-plan objectives, with their own RAG status), the links from risks to
 * the objectives they threaten, and the register's escalation rules (data: a validated JSON condition each,
 * see shared/escalation.ts).
 */
export const up = /* sql */ `
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

CREATE TABLE risk_objectives (
  risk_id      TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  objective_id TEXT NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
  linked_at    TEXT NOT NULL,
  PRIMARY KEY (risk_id, objective_id)
);
CREATE INDEX risk_objectives_objective ON risk_objectives(objective_id);

CREATE TABLE escalation_rules (
  id         TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  label      TEXT NOT NULL,
  condition  TEXT NOT NULL CHECK (json_valid(condition)),
  outcome    TEXT NOT NULL CHECK (outcome IN ('escalate', 'de-escalate')),
  escalate_to TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
