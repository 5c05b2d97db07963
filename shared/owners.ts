/**
 * Owner cells in real registers hold several people or groups, written inconsistently:
 * `SP/VV`, `DS DH HGO'S`, `CH PA's HGO's`, `SP CHo JG`. This splits them into owner initials.
 *
 * Rules: separators are `/`, `,`, `;`, `&`, `+`, the word "and", and white space. A plural written
 * with an apostrophe (`HGO'S`, `HGO's`, `PA's`) becomes the plain plural (`HGOs`, `PAs`), since these
 * are groups, not possessives. Case is otherwise kept: deciding that `Cho` and `CHo` are one person is
 * left to a person (owners can be merged), never guessed.
 */
export function splitOwners(cell: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of cell.split(/[/,;&+\s]+|\band\b/i)) {
    const token = normaliseOwnerToken(raw);
    if (!token || seen.has(token)) continue;
    seen.add(token);
    out.push(token);
  }
  return out;
}

export function normaliseOwnerToken(raw: string): string {
  const t = raw
    .trim()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/^[.'"()]+|[.'"()]+$/g, '');
  // HGO'S / HGO's / PA's → HGOs / PAs
  return t.replace(/'[sS]$/, 's');
}
