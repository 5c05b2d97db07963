/**
 * Team register replicas (db/team/): the `team` row (present only in a replica: server address without password,
 * user, role, last pulled change, last sync), the outbox every write appends to in its own transaction (a trigger on
 * history: each history row a write appends is one operation), the conflicts the server reported and the changes it
 * refused. A single-user register has no `team` row, so the trigger adds nothing and it works exactly as before.
 *
 * A pull replaces the replica's history after the last pulled change with the server's rows (the server decides
 * the order and the author), so deleting history is allowed while, and only while, `team.rebasing` is 1.
 */
export const up = /* sql */ `
CREATE TABLE team (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  server     TEXT NOT NULL,
  user       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('manager', 'owner', 'viewer')),
  owner      TEXT,
  last_seq   INTEGER NOT NULL DEFAULT 0,
  last_sync  TEXT,
  rebasing   INTEGER NOT NULL DEFAULT 0
) STRICT;

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

CREATE TRIGGER team_outbox_capture AFTER INSERT ON history
WHEN EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 0)
BEGIN
  INSERT INTO team_outbox (op_id, entity, entity_id, label, action, field, old_value, new_value, reason, at)
  VALUES (lower(hex(randomblob(16))), NEW.entity, NEW.entity_id, NEW.label, NEW.action, NEW.field,
          NEW.old_value, NEW.new_value, NEW.reason, NEW.at);
END;

DROP TRIGGER history_no_delete;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
WHEN NOT EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 1)
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
`;
