/** The published LGA summary as CSV (the fixture beside the repo), parsed by a small quoted-CSV reader. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE_PATH = fileURLToPath(
  new URL('../../../shared/fixtures/lga-strategic-risk-register-2019-04.csv', import.meta.url),
);

/** RFC 4180: commas, double quotes around fields, "" for a quote inside a quoted field, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
    i += 1;
  }
  if (quoted) throw new Error('The CSV ends inside a quoted field.');
  if (field !== '' || row.length) endRow();
  return rows;
}

export type FixtureRow = Record<
  'ref' | 'category' | 'description' | 'impact' | 'likelihood' | 'score' | 'mitigation' | 'owner',
  string
>;

export function readFixture(): FixtureRow[] {
  const [header, ...rows] = parseCsv(readFileSync(FIXTURE_PATH, 'utf8').replace(/^\uFEFF/, ''));
  if (!header) throw new Error('The fixture CSV is empty.');
  return rows
    .filter((r) => r.some((f) => f.trim() !== ''))
    .map((r) => {
      if (r.length !== header.length) {
        throw new Error(`Row ${r[0] ?? '?'} has ${r.length} fields, the header has ${header.length}.`);
      }
      return Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])) as FixtureRow;
    });
}

/** What a person reading the published register takes each owner cell to mean (case kept: Cho and CHo differ). */
export const LGA_OWNERS: Record<string, string[]> = {
  SR1: ['SP', 'VV'],
  SR2: ['DS', 'DH', 'HGOs'],
  SR3: ['CX'],
  SR4: ['Cho'],
  SR5: ['HGOs', 'DH'],
  SR6: ['DH'],
  SR7: ['CHo', 'HGOs'],
  SR8: ['IH'],
  SR9: ['DS'],
  SR10: ['JG'],
  SR11: ['SP'],
  SR12: ['CH', 'PAs', 'HGOs'],
  SR13: ['SP', 'CH', 'JG'],
  SR14: ['SP', 'CHo', 'JG'],
  SR15: ['CH'],
  SR16: ['CHa'],
  SR17: ['CHa'],
  SR18: ['SB'],
  SR19: ['SP', 'SB'],
};
