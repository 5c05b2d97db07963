/**
 * Team replicas carry the state of reviews, actions, controls (links, assurance, treatment and acceptance),
 * objectives (and links), snapshots, escalation rules, the band key and register settings, the owners directory's
 * details, categories' appetite and the risks' review schedule, not only their history: a trigger per table
 * appends a row operation to `team_outbox` in the writer's transaction (generated from db/team/row-spec.ts).
 * `team.last_rseq` is the last row change pulled from the server. While a pull rebases the replica
 * (`team.rebasing = 1`), snapshots may be removed again (a snapshot the server refused is undone).
 */
import { rowCaptureSql } from '../team/row-spec.ts';

export const up = /* sql */ `
ALTER TABLE team ADD COLUMN last_rseq INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER snapshots_no_delete;
CREATE TRIGGER snapshots_no_delete BEFORE DELETE ON snapshots
WHEN NOT EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 1)
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;
DROP TRIGGER snapshot_risks_no_delete;
CREATE TRIGGER snapshot_risks_no_delete BEFORE DELETE ON snapshot_risks
WHEN NOT EXISTS (SELECT 1 FROM team WHERE id = 1 AND rebasing = 1)
BEGIN SELECT RAISE(ABORT, 'snapshots are read-only'); END;

${rowCaptureSql()}
`;
