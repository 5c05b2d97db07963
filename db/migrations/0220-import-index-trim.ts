/**
 * Two secondary indexes whose upkeep a large import paid for and that no everyday query needs (issue 14). Every
 * owner link written went into `risk_owners_owner (owner_id)` as well, at one of a few places in the middle of the
 * index (one per owner), and every risk into `risks_category (category_id)` likewise; measured on the
 * 100,000-risk import (callgrind, 10,000 rows: SQLite's instructions for the rows' writes), the first cost ~10 % and
 * the second ~4 %, the links' index twice what the links' other index (`risk_owners_order`, appended in key order)
 * costs.
 *
 * What read them: the owners list's risk counts (`listOwners` now counts every link once in one pass over the
 * risks and their links, faster at 100,000 risks than the per-owner look-ups were with the index), and rarer
 * operations that now read the links or the risks whole, ~10–30 ms at 100,000 risks: one owner's risks
 * (`risksOwnedBy`, `getOwner`), a category merge, the foreign-key check when an owner or a category is deleted,
 * and a team replica's "still in use" test and owner fold.
 */
export const up = /* sql */ `
DROP INDEX risk_owners_owner;
DROP INDEX risks_category;
`;
