/**
 * Counting the live risks without reading them (issue 14): `register:open` and `register:status` answer the number
 * of risks that are not archived, and `COUNT(*) … WHERE archived_at IS NULL` had no index to use, so it read every
 * risk row (1.1 s cold at 100,000 risks, twice in a CLI `set-score`). `countRisks` now counts all risks on the small
 * `risks_position` index and takes away the archived ones, counted on this partial index of the archived risks only
 * (a few entries). An index of the live risks instead would be picked by SQLite for the list queries
 * (`WHERE archived_at IS NULL`), turning their table scan into a look-up per row (measured 2× slower at 100,000); no
 * query filters on `archived_at IS NOT NULL`, so this one changes no other plan.
 */
export const up = /* sql */ `
CREATE INDEX risks_archived ON risks(archived_at) WHERE archived_at IS NOT NULL;
`;
