/**
 * Recognising columns by their headers, the way councils actually write them ("Ref", "Risk ID",
 * "Description of risk", "I", "Likelihood (1-5)", "Risk owner(s)", "Controls in place"…), and applying
 * a mapping the user supplied or used last time.
 */
import { AppError } from '../errors.ts';
import type { ImportColumn, ImportField, ImportMapping, SourceRow } from './types.ts';
import { FIELD_LABELS, IMPORT_FIELDS } from './types.ts';

/** Names for each field, best first. Compared after `normaliseHeader`. */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  ref: [
    'ref',
    'risk ref',
    'reference',
    'risk reference',
    'ref no',
    'ref number',
    'risk id',
    'risk no',
    'risk number',
    'id',
    'no',
    'number',
  ],
  description: [
    'description of risk',
    'risk description',
    'description',
    'risk',
    'title',
    'risk title',
    'risk name',
    'the risk',
  ],
  category: ['category', 'risk category', 'risk type', 'type', 'theme', 'risk area', 'area'],
  impact: ['impact', 'i', 'current impact', 'residual impact', 'impact score', 'severity', 'consequence'],
  likelihood: [
    'likelihood',
    'l',
    'probability',
    'p',
    'current likelihood',
    'residual likelihood',
    'current probability',
    'likelihood score',
  ],
  score: [
    'score',
    'risk score',
    'current score',
    'residual score',
    'total score',
    'overall score',
    'risk rating',
    'rating',
    'i x l',
    'ixl',
    'score i x l',
  ],
  rag: ['rag', 'rag status', 'rag rating', 'band', 'risk level', 'level', 'colour', 'color'],
  mitigation: [
    'mitigation',
    'mitigations',
    'mitigation controls',
    'mitigating actions',
    'mitigation actions',
    'controls',
    'controls in place',
    'existing controls',
    'current controls',
    'actions',
    'management actions',
    'action plan',
    'response',
  ],
  owner: [
    'owner',
    'owners',
    'risk owner',
    'risk owners',
    'lead',
    'lead officer',
    'responsible officer',
    'accountable officer',
    'responsible',
  ],
  reviewDate: ['review date', 'next review', 'next review date', 'date of next review', 'review'],
  targetImpact: ['target impact', 'target i'],
  targetLikelihood: ['target likelihood', 'target l', 'target probability'],
  targetScore: ['target score', 'target risk score', 'target rating', 'target'],
  inherentImpact: ['inherent impact', 'gross impact', 'inherent i'],
  inherentLikelihood: ['inherent likelihood', 'gross likelihood', 'inherent probability', 'inherent l'],
  inherentScore: ['inherent score', 'gross score', 'inherent risk score', 'inherent rating'],
  cause: ['cause', 'causes', 'risk cause', 'because of'],
  event: ['event', 'risk event', 'there is a risk that'],
  effect: ['effect', 'effects', 'risk effect', 'resulting in'],
};

/** Lower case, `&` as "and", punctuation and runs of spaces as one space: "Risk Owner(s)" → "risk owner s". */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[×*]/g, ' x ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The same, with anything in brackets dropped: "Likelihood (1-5)" → "likelihood". */
function withoutBrackets(header: string): string {
  return normaliseHeader(header.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '));
}

/** The field a header names, and how good a name it is (0 is best), or null. */
export function recogniseHeader(header: string): { field: ImportField; rank: number } | null {
  const forms = [normaliseHeader(header), withoutBrackets(header)];
  for (const form of forms) {
    if (!form) continue;
    const singular = form.replace(/ s$/, '');
    for (const field of IMPORT_FIELDS) {
      const rank = SYNONYMS[field].findIndex((s) => s === form || s === singular);
      if (rank >= 0) return { field, rank };
    }
  }
  return null;
}

export function sameHeader(a: string, b: string): boolean {
  return normaliseHeader(a) === normaliseHeader(b);
}

function cellTexts(row: SourceRow): string[] {
  return row.cells.map((c) => c.text.trim());
}

/**
 * The header row: among the first 20 rows, the one naming the most columns (at least two), so a title
 * above the table is passed over. A supplied mapping's headers count first.
 */
export function findHeaderRow(rows: readonly SourceRow[], mapping: ImportMapping = {}): number {
  const wanted = Object.values(mapping).filter((h): h is string => typeof h === 'string');
  let best = -1;
  let bestScore = 0;
  rows.slice(0, 20).forEach((row, i) => {
    const texts = cellTexts(row);
    const fields = new Set(texts.map((t) => recogniseHeader(t)?.field).filter(Boolean));
    const supplied = wanted.filter((w) => texts.some((t) => sameHeader(t, w))).length;
    const score = supplied * 100 + fields.size;
    if (score > bestScore && (supplied > 0 || fields.size >= 2)) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

export interface ResolvedColumns {
  columns: ImportColumn[];
  mapping: Partial<Record<ImportField, string>>;
  /** Field → column index. */
  index: Partial<Record<ImportField, number>>;
}

/**
 * Decide which column feeds which field: first the supplied mapping, then the remembered one (where the
 * file has those headers), then recognition. A supplied header the file lacks is an error, not a guess.
 */
export function resolveColumns(
  headers: readonly string[],
  supplied: ImportMapping = {},
  remembered: ImportMapping = {},
): ResolvedColumns {
  const columns: ImportColumn[] = headers.map((header, index) => ({
    index,
    header,
    field: null,
    source: null,
  }));
  const index: Partial<Record<ImportField, number>> = {};
  const decided = new Set<ImportField>();
  const findColumn = (h: string) => columns.find((c) => c.field === null && sameHeader(c.header, h));

  for (const field of IMPORT_FIELDS) {
    if (!Object.hasOwn(supplied, field)) continue;
    const h = supplied[field];
    decided.add(field);
    if (h === null || h === undefined) continue;
    const col = findColumn(h);
    if (!col) {
      const found = headers.filter((x) => x.trim()).map((x) => `“${x.trim()}”`);
      throw new AppError(
        'VALIDATION',
        `The mapping takes ${FIELD_LABELS[field]} from the column “${h}”, but the file has no such column` +
          (columns.some((c) => c.field && sameHeader(c.header, h)) ? ' left (it is already used)' : '') +
          `. Columns found: ${found.join(', ') || 'none'}. Correct the mapping, then preview again.`,
        { field, header: h },
      );
    }
    col.field = field;
    col.source = 'supplied';
    index[field] = col.index;
  }
  for (const field of IMPORT_FIELDS) {
    if (decided.has(field) || !Object.hasOwn(remembered, field)) continue;
    const h = remembered[field];
    if (h === null || h === undefined) continue;
    const col = findColumn(h);
    if (!col) continue;
    col.field = field;
    col.source = 'remembered';
    index[field] = col.index;
    decided.add(field);
  }
  // Recognition: for each field still open, the best-named free column (leftmost on a tie).
  const candidates = columns
    .filter((c) => c.field === null)
    .map((c) => ({ col: c, match: recogniseHeader(c.header) }))
    .filter((x): x is { col: ImportColumn; match: { field: ImportField; rank: number } } => x.match !== null)
    .sort((a, b) => a.match.rank - b.match.rank || a.col.index - b.col.index);
  for (const { col, match } of candidates) {
    if (decided.has(match.field)) {
      const used = columns.find((c) => c.field === match.field);
      col.note = used
        ? `Not used: ${FIELD_LABELS[match.field]} comes from “${used.header.trim()}”.`
        : `Not used: the mapping leaves ${FIELD_LABELS[match.field]} out.`;
      continue;
    }
    col.field = match.field;
    col.source = 'recognised';
    index[match.field] = col.index;
    decided.add(match.field);
  }
  const mapping: Partial<Record<ImportField, string>> = {};
  for (const c of columns) if (c.field) mapping[c.field] = c.header.trim();
  return { columns, mapping, index };
}
