/**
 * Recognising columns by their headers, the way councils actually write them ("Ref", "Risk ID",
 * "Description of risk", "I", "Likelihood (1-5)", "Risk owner(s)", "Controls in place"…), and applying
 * a mapping the user supplied or used last time.
 */
import { cellText } from './cells.ts';
import { AppError } from '../errors.ts';
import type { ImportColumn, ImportField, ImportMapping, SourceRow } from './types.ts';
import { FIELD_LABELS, IMPORT_FIELDS } from './types.ts';
import { columnLetter } from './limits.ts';
import { placeContextColumns } from './continuation.ts';

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
  description: ['description of risk', 'risk description', 'description', 'risk', 'the risk'],
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
  title: ['risk title', 'title', 'short title', 'risk name', 'name of risk', 'risk summary'],
  actionText: [
    'action',
    'further action',
    'further actions',
    'further action required',
    'further actions required',
    'further actions planned',
    'planned action',
    'planned actions',
    'additional action',
    'additional actions',
    'action required',
    'actions required',
    'action description',
    'proposed action',
    'proposed actions',
  ],
  actionOwner: [
    'action owner',
    'action owners',
    'action lead',
    'action by',
    'action officer',
    'responsible for action',
  ],
  actionDue: [
    'target date',
    'due date',
    'due',
    'deadline',
    'completion date',
    'target completion date',
    'action due date',
    'action date',
    'by when',
    'date due',
  ],
  actionStatus: ['action status', 'status of action', 'action progress', 'progress'],
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
  // "Risk description / causes and consequences": a risk description with more said after it.
  const long = normaliseHeader(header);
  if (/^(risk description|description of (the )?risk) /.test(long)) return { field: 'description', rank: 1 };
  return null;
}

export function sameHeader(a: string, b: string): boolean {
  return normaliseHeader(a) === normaliseHeader(b);
}

function cellTexts(row: SourceRow): string[] {
  return row.cells.map((c) => cellText(c).trim());
}

/** The column headers a mapping names (not its other choices, nor columns named by position). */
export function mappedHeaders(mapping: ImportMapping): string[] {
  return IMPORT_FIELDS.map((f) => mapping[f]).filter(
    (h): h is string => typeof h === 'string' && parseColumnRef(h) === null,
  );
}

/**
 * The header row and how much it looks like one: among the first 20 rows, the one naming the most columns (at
 * least two), so a title above the table is passed over. A supplied mapping's headers count first. Index -1 when
 * no row qualifies.
 */
export function scoreHeaderRow(
  rows: readonly SourceRow[],
  mapping: ImportMapping = {},
): { index: number; score: number } {
  const wanted = mappedHeaders(mapping);
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
  return { index: best, score: bestScore };
}

export function findHeaderRow(rows: readonly SourceRow[], mapping: ImportMapping = {}): number {
  return scoreHeaderRow(rows, mapping).index;
}

/**
 * A column named by position in a mapping: `#5` (the fifth column, counting from 1) or `#E` (Excel's letter).
 * Returns the 0-based index, or null when the text is a header, not a position.
 */
export function parseColumnRef(text: string): number | null {
  const m = /^#\s*(?:(\d{1,5})|([A-Za-z]{1,3}))$/.exec(text.trim());
  if (!m) return null;
  if (m[1] !== undefined) {
    const n = Number(m[1]);
    return n >= 1 ? n - 1 : null;
  }
  let n = 0;
  for (const ch of (m[2] ?? '').toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export type ScoreGroup = 'inherent' | 'current' | 'target';

/** What a group header names: "Inherent risk" → inherent, "Current/Residual" → current, "Target" → target. */
export function groupKind(text: string): ScoreGroup | null {
  const t = normaliseHeader(text);
  if (!t) return null;
  if (/\b(target|desired|future|tolerance|appetite)\b/.test(t)) return 'target';
  if (/\b(inherent|gross|original|untreated|raw|before)\b/.test(t)) return 'inherent';
  if (/\b(current|residual|net|revised|controlled|after)\b/.test(t)) return 'current';
  return null;
}

/**
 * The group of each column, from the row above the header when it names score groups (merged cells read as
 * their top-left text; in a CSV a group name runs on to the right over empty cells). Empty when it names none.
 */
export function columnGroups(groupRow: SourceRow | undefined, headers: readonly string[]): string[] {
  if (!groupRow) return [];
  const texts = cellTexts(groupRow);
  if (!texts.some((t) => groupKind(t) !== null)) return [];
  const scoreLike = (h: string) => {
    const f = recogniseHeader(h)?.field;
    return f !== undefined && /impact|likelihood|score|rag/i.test(f);
  };
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < headers.length; i++) {
    const t = texts[i] ?? '';
    if (t) current = t;
    else if (!scoreLike(headers[i] ?? '')) current = '';
    out.push(current);
  }
  return out;
}

/** The field a grouped score header feeds: "Likelihood" under "Inherent" → inherentLikelihood. */
function groupedField(field: ImportField, group: ScoreGroup): ImportField {
  const base =
    field === 'impact' || field === 'targetImpact' || field === 'inherentImpact'
      ? 'impact'
      : field === 'likelihood' || field === 'targetLikelihood' || field === 'inherentLikelihood'
        ? 'likelihood'
        : field === 'score' || field === 'targetScore' || field === 'inherentScore'
          ? 'score'
          : null;
  if (!base) return field;
  if (group === 'current') return base;
  const cap = base === 'impact' ? 'Impact' : base === 'likelihood' ? 'Likelihood' : 'Score';
  return `${group}${cap}` as ImportField;
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
 * A column is named by its header, by its group and header ("Inherent Likelihood" under a merged "Inherent"),
 * or by position (`#5`, `#E`). `groups` is each column's group header, when the file has a group row.
 */
export function resolveColumns(
  headers: readonly string[],
  supplied: ImportMapping = {},
  remembered: ImportMapping = {},
  groups: readonly string[] = [],
): ResolvedColumns {
  const columns: ImportColumn[] = headers.map((header, index) => {
    const col: ImportColumn = { index, header, field: null, source: null, letter: columnLetter(index) };
    const group = groups[index]?.trim();
    if (group) col.group = group;
    return col;
  });
  const index: Partial<Record<ImportField, number>> = {};
  const decided = new Set<ImportField>();
  const named = (c: ImportColumn, h: string) =>
    sameHeader(c.header, h) || (c.group !== undefined && sameHeader(`${c.group} ${c.header}`, h));
  const findColumn = (h: string) => {
    const at = parseColumnRef(h);
    if (at !== null) return columns.find((c) => c.field === null && c.index === at);
    return (
      columns.find(
        (c) => c.field === null && c.group !== undefined && sameHeader(`${c.group} ${c.header}`, h),
      ) ?? columns.find((c) => c.field === null && named(c, h))
    );
  };

  for (const field of IMPORT_FIELDS) {
    if (!Object.hasOwn(supplied, field)) continue;
    const h = supplied[field];
    decided.add(field);
    if (h === null || h === undefined) continue;
    const col = findColumn(h);
    if (!col) {
      const found = headers.filter((x) => x.trim()).map((x) => `“${x.trim()}”`);
      const at = parseColumnRef(h);
      const used =
        at !== null
          ? columns.some((c) => c.index === at && c.field)
          : columns.some((c) => c.field && named(c, h));
      throw new AppError(
        'VALIDATION',
        (at !== null
          ? `The mapping takes ${FIELD_LABELS[field]} from column ${h} (${columnLetter(at)}), but ` +
            (used ? 'that column is already used' : `the header row has only ${headers.length} columns`)
          : `The mapping takes ${FIELD_LABELS[field]} from the column “${h}”, but the file has no such column` +
            (used ? ' left (it is already used)' : '')) +
          `. Columns found: ${found.join(', ') || 'none'}. Correct the mapping (a column can also be named by position, such as #5 or #E), then preview again.`,
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
    // A remembered position is only trusted where the file has the same header row shape: a header there.
    const col = findColumn(h);
    if (!col || (parseColumnRef(h) !== null && !col.header.trim())) continue;
    col.field = field;
    col.source = 'remembered';
    index[field] = col.index;
    decided.add(field);
  }
  const explicit = new Set(decided);
  // Recognition: for each field still open, the best-named free column (leftmost on a tie). Under a group
  // header, Impact / Likelihood / Score take the group's fields.
  const candidates = columns
    .filter((c) => c.field === null)
    .map((c) => {
      const m = recogniseHeader(c.header);
      const kind = c.group ? groupKind(c.group) : null;
      return { col: c, match: m && kind ? { field: groupedField(m.field, kind), rank: m.rank } : m };
    })
    .filter((x): x is { col: ImportColumn; match: { field: ImportField; rank: number } } => x.match !== null)
    .sort((a, b) => a.match.rank - b.match.rank || a.col.index - b.col.index);
  for (const { col, match } of candidates) {
    if (decided.has(match.field)) {
      const used = columns.find((c) => c.field === match.field);
      col.note = used
        ? `Not used: ${FIELD_LABELS[match.field]} comes from “${describeColumn(used)}”.`
        : `Not used: the mapping leaves ${FIELD_LABELS[match.field]} out.`;
      continue;
    }
    col.field = match.field;
    col.source = 'recognised';
    index[match.field] = col.index;
    decided.add(match.field);
  }
  placeContextColumns(columns, index, decided, explicit);
  // The mapping in effect names each column so that it can be found again: by header when that is unique in the
  // row, by group and header when that is, otherwise by position.
  const mapping: Partial<Record<ImportField, string>> = {};
  for (const c of columns) {
    if (!c.field) continue;
    const same = columns.filter((o) => sameHeader(o.header, c.header)).length;
    const sameGrouped = columns.filter(
      (o) =>
        o.group !== undefined &&
        c.group !== undefined &&
        sameHeader(`${o.group} ${o.header}`, `${c.group} ${c.header}`),
    ).length;
    mapping[c.field] =
      same === 1 && c.header.trim()
        ? c.header.trim()
        : c.group && sameGrouped === 1 && c.header.trim()
          ? `${c.group} ${c.header.trim()}`
          : `#${c.letter ?? columnLetter(c.index)}`;
  }
  return { columns, mapping, index };
}

/** How a column is named to the user: “Inherent › Likelihood” under a group, its header, or its letter. */
export function describeColumn(c: ImportColumn): string {
  const h = c.header.trim() || `column ${c.letter ?? columnLetter(c.index)}`;
  return c.group ? `${c.group.trim()} › ${h}` : h;
}
