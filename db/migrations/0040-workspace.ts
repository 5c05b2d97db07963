/**
 * The register workspace: categories get a version for optimistic concurrency (rename, merge, reorder in
 * two windows), and actions are indexed by owner (owner merge and delete look them up).
 */
export const up = /* sql */ `
ALTER TABLE categories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX actions_owner ON actions(owner_id);
`;
