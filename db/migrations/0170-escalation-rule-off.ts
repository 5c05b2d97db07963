/**
 * An escalation rule can be switched off and on again (issue 13): `disabled_at` holds when it was switched off,
 * NULL while it is on. A rule that is off is kept, listed in Settings as "Off", and never fires.
 *
 * The column is nullable on purpose: a team replica applies a row image with the columns of row-spec.ts, and an
 * image written by a laptop that does not know this column yet carries no `disabled_at`, which reads as "on".
 * The column travels with the rest of the rule's row (db/team/row-spec.ts), so the capture triggers are rebuilt.
 * The team server stores row images as JSON and needs no new schema version for it.
 */
import { rowCaptureSql } from '../team/row-spec.ts';

export const up = /* sql */ `
ALTER TABLE escalation_rules ADD COLUMN disabled_at TEXT;
${rowCaptureSql()}
`;
