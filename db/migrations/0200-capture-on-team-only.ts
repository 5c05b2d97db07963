/**
 * The team's capture triggers only on team registers (issue 14). Every row inserted into a table with an AFTER
 * trigger runs the trigger's program, its WHEN clause included, even when the WHEN is false: on a solo register
 * (no `team` row) the capture triggers' `EXISTS (SELECT 1 FROM team …)` is always false, yet an import of 100,000
 * risks ran `team_outbox_capture` once per history row. A solo register now has none of them; publish and join
 * make them in the transaction that writes the `team` row (db/team/row-spec.ts `installCaptureTriggers`). A
 * register that is already a team replica keeps its triggers as they are.
 */
import type { Database } from 'better-sqlite3';
import { dropCaptureTriggers, hasTeamRow } from '../team/row-spec.ts';

export const up = '';

export function run(db: Database): void {
  if (!hasTeamRow(db)) dropCaptureTriggers(db);
}
