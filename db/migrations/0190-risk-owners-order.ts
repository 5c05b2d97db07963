/**
 * Each risk's owners in their order without a sort (issue 14): the risk list (`risks:list`, the CSV and XLSX
 * exports) reads every risk's owners' initials by a correlated subquery, and with only the primary key
 * (risk_id, owner_id) each risk's owner links were looked up in the table for their `position` and sorted in a
 * temporary B-tree, once per risk. This index holds a risk's links in order with the owner ids, so the subquery
 * reads them in order from the index alone (measured at 100,000 risks: the list query ~45 ms less of ~260).
 */
export const up = /* sql */ `
CREATE INDEX risk_owners_order ON risk_owners(risk_id, position, owner_id);
`;
