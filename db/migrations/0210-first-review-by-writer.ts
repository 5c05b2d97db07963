/**
 * A new risk's first review date set by its writer, not by a trigger (issue 14). The `risks_first_review` trigger
 * (AFTER INSERT ON risks, WHEN next_review IS NULL) ran its program for every risk inserted even when the writer
 * had already set the date, and a row trigger makes SQLite stage every multi-row INSERT of risks in a temporary
 * table before writing it (an import writes 100,000 risks 64 at a time). Every way a risk is written sets the date
 * itself with the trigger's own expression (`firstReviewDate` in db/risks.ts: `insertRisk`, the import's
 * `RiskBatch`), so the rows are the same.
 */
export const up = /* sql */ `
DROP TRIGGER risks_first_review;
`;
