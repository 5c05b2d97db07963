/**
 * The cabinet board pack: a per-risk confidential flag (left out of the public Part A and listed in the exempt
 * Part B). The cover's protective marking, version and prepared/approved names live in `settings` under
 * `boardPack` (JSON, like the other register settings), so they need no column.
 */
export const up = /* sql */ `
ALTER TABLE risks ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1));
`;
