/**
 * Checking an import row by row, before anything is written. Every problem is either an error the user
 * fixes in the file, or a repair the user accepts; nothing is guessed silently. Pure: the same checks
 * feed the preview and the commit.
 */
import type { BandKey } from '../band-key.ts';
import type { ScorePair } from '../domain.ts';
import { cellText, isMerged } from './cells.ts';
import { isTitleOwner, ownersOfCell } from './owners.ts';
import type { ScoredAssessment, ScoreValue } from '../scoring.ts';
import { assess, NOT_SCORED_LABEL } from '../scoring.ts';
import {
  columnGroups,
  describeColumn,
  findHeaderRow,
  groupKind,
  normaliseHeader,
  resolveColumns,
} from './headers.ts';
import { checkRowCount } from './limits.ts';
import { REF_MAX, REF_PATTERN, RefRows, refGenerator } from './refs.ts';
import type {
  AcceptedRepair,
  ImportCheck,
  ImportField,
  ImportMapping,
  ImportRowPreview,
  ImportRowValues,
  ProposedRepair,
  CellValue,
  SourceCell,
  SourceRow,
  SourceTable,
} from './types.ts';
import { FIELD_LABELS } from './types.ts';
import type { NumberCell, RagRead } from './values.ts';
import { readDate, readNumber, readRag, shown, ukDate } from './values.ts';
import { proposeScales, readScoreWith } from './scales.ts';
import { describeAction, isContinuationRow, preferDescriptionWithText, readAction } from './continuation.ts';
import type { ImportAction } from './types.ts';
import { titleProblem } from '../risk-title.ts';
import { describeConversion, detectOtherScale, otherScaleError } from './other-scales.ts';

/** Text limits of the register (as in the contract). */
export const TEXT_LIMITS = {
  category: 100,
  description: 2000,
  mitigation: 10000,
  causeEventEffect: 2000,
  ownerInitials: 40,
  ownerName: 200,
  owners: 50,
};
export const DEFAULT_CATEGORY = 'Uncategorised';

export interface CheckOptions {
  /** The mapping the user supplied (wins over everything). */
  mapping?: ImportMapping | undefined;
  /** The mapping used last time (applied where the file has those headers). */
  remembered?: ImportMapping | undefined;
  /** Refs already in the register, archived ones included. */
  existingRefs: readonly string[];
  key: BandKey;
  accept?: readonly AcceptedRepair[] | undefined;
}

/** A row ready to become a risk. */
export interface PlannedRisk {
  row: number;
  ref: string;
  category: string;
  description: string;
  /** Both null: imported as not yet assessed (a combined score only), the published score in `published`. */
  impact: ScoreValue | null;
  likelihood: ScoreValue | null;
  inherent: ScorePair | null;
  target: ScorePair | null;
  mitigation: string;
  owners: string[];
  /** yyyy-mm-dd: becomes the risk's next review. */
  reviewDate: string | null;
  /** Cause, event and effect, present only when the file gives them. */
  cause?: string;
  event?: string;
  effect?: string;
  repairsApplied: number;
  /** The short title, when the file gives one. */
  title?: string;
  /** Tracked actions to create on the risk, in file order. */
  actions: ImportAction[];
  /** Continuation rows: what they hold beyond the action (cells of other columns), kept in history. */
  continuation?: { row: number; values: Record<string, string> }[];
  /** What the file published that the register does not hold as such (kept in the import's history entry). */
  published?: { score: string } | undefined;
}

export interface ImportPlan extends ImportCheck {
  /** Numbers rounded or converted from another scale: the value published, and what it became. */
  published: { row: number; field: ImportField; published: string; value: number }[];
  /** The rows that would be written, in file order (only meaningful when nothing blocks the import). */
  risks: PlannedRisk[];
}

const fmt = (n: number) => n.toLocaleString('en-GB');

/** The one empty list every row with no errors, warnings, notes, repairs or actions holds (frozen: never added to). */
const EMPTY: readonly never[] = Object.freeze([]);

/**
 * A row's list as the plan keeps it: the shared empty list, or a copy cut to its length. A list that was pushed to
 * has room for 17 entries, so 100,000 rows each keeping five lists (most empty, notes often one line) cost ~20 MB
 * more than their contents, all of it promoted to the old heap while the plan is made (issue 14: the import's peak).
 */
function fitted<T>(list: T[]): T[] {
  return list.length === 0 ? (EMPTY as never[]) : list.slice();
}

/** A row whose only filled cell says "Key" (checked on every data row, so without making a list of its cells). */
function isKeyMarker(row: SourceRow): boolean {
  let filled: string | undefined;
  for (const c of row.cells) {
    const text = cellText(c);
    if (text === '' || text.trim() === '') continue;
    if (filled !== undefined) return false;
    filled = text;
  }
  return filled !== undefined && normaliseHeader(filled) === 'key';
}

/** What the check says of one owner cell: its owners, the errors it gives and the note it adds to its row. */
interface OwnerCellRead {
  owners: readonly string[];
  errors: readonly string[];
  note: string | null;
  /** `[note]`, frozen: the notes of a row that has no other. */
  noteList: string[];
}

function readOwnerCell(ownerCell: string, rule: ImportMapping['ownerRule']): OwnerCellRead {
  const owners = ownersOfCell(ownerCell, rule);
  const errors: string[] = [];
  if (owners.length > TEXT_LIMITS.owners) {
    errors.push(
      `The owner cell names ${owners.length} owners; a risk can have at most ${TEXT_LIMITS.owners}.`,
    );
  }
  const longOwner = owners.find(
    (o) => o.length > (isTitleOwner(o) ? TEXT_LIMITS.ownerName : TEXT_LIMITS.ownerInitials),
  );
  if (longOwner) {
    errors.push(
      `The owner “${longOwner.slice(0, 50)}…” is longer than ${isTitleOwner(longOwner) ? TEXT_LIMITS.ownerName : TEXT_LIMITS.ownerInitials} characters. ` +
        'Owners are initials or job titles, separated by slashes, commas or semicolons.',
    );
  }
  const titles = owners.filter(isTitleOwner);
  const note =
    owners.length > 1 || (owners.length === 1 && owners[0] !== ownerCell) || titles.length
      ? `Owners: ${owners.join(', ')} (from “${ownerCell}”)` +
        (titles.length
          ? `; ${titles.map((t) => `“${t}”`).join(', ')} ${titles.length === 1 ? 'is one owner' : 'are one owner each'} (a job title or name, not split into words).`
          : '.')
      : null;
  return {
    owners, // not frozen: copied for each row (slice of a frozen list takes a slow path)
    errors,
    note,
    noteList: note === null ? (EMPTY as never[]) : (Object.freeze([note]) as string[]),
  };
}

const CEE_FIELDS = ['cause', 'event', 'effect'] as const;

function formulaWarning(label: string, cell: SourceCell): string {
  const value = cell.text.trim() === '' ? 'an empty value' : `its last calculated value ${cell.text.trim()}`;
  return `The ${label} cell is a formula (=${cell.formula ?? ''}); ${value} is imported as a plain value, not the formula.`;
}

export function checkImport(table: SourceTable, opts: CheckOptions): ImportPlan {
  const plan: ImportPlan = {
    headerRow: 0,
    columns: [],
    mapping: {},
    fileErrors: [],
    notes: [],
    rows: [],
    counts: { rows: 0, ok: 0, warning: 0, needsRepair: 0, error: 0, skipped: 0, importable: 0 },
    scales: [],
    published: [],
    risks: [],
  };
  if (table.rows.length === 0) {
    plan.fileErrors.push('The file has no rows. Choose the file that holds the register.');
    return plan;
  }
  const headerIdx = findHeaderRow(table.rows, { ...opts.remembered, ...opts.mapping });
  const headerRow = table.rows[headerIdx];
  if (!headerRow) {
    plan.fileErrors.push(
      'No header row was found: none of the first 20 rows names at least two known columns, such as Ref, ' +
        'Description of risk, Impact and Likelihood. Add a header row to the file, or supply a mapping, then import again.',
    );
    return plan;
  }
  plan.headerRow = headerRow.row;
  if (headerIdx > 0) {
    plan.notes.push(
      `The table starts at row ${headerRow.row}: ${headerIdx === 1 ? 'the row' : `the ${headerIdx} rows`} above it (a title) ${headerIdx === 1 ? 'is' : 'are'} not imported.`,
    );
  }
  const headers = headerRow.cells.map(cellText);
  // A row just above the header naming score groups (Inherent | Current | Target, often merged over three columns).
  const above = headerIdx > 0 ? table.rows[headerIdx - 1] : undefined;
  const groups = above && above.row === headerRow.row - 1 ? columnGroups(above, headers) : [];
  const { columns, mapping, index } = resolveColumns(headers, opts.mapping, opts.remembered, groups);
  if (groups.length && above) {
    const named = [...new Set(groups.filter((g) => g && groupKind(g)))];
    plan.notes.push(
      `Row ${above.row} names score groups (${named.map((g) => `“${g}”`).join(', ')}): the Impact, Likelihood and Score ` +
        'columns under each are read as that group’s scores. Name a column by group and header (“Inherent Likelihood”) ' +
        'or by position (#5, #E) in the mapping to choose otherwise.',
    );
  }
  plan.columns = columns;
  plan.mapping = mapping;
  const has = (f: ImportField) => index[f] !== undefined;

  // The table ends at a "Key" row (as the published summary and this app's export have), if any.
  let dataRows = table.rows.slice(headerIdx + 1);
  const keyAt = dataRows.findIndex(isKeyMarker);
  if (keyAt >= 0) {
    plan.notes.push(
      `The table ends at row ${dataRows[keyAt]?.row ?? '?'}, where the Key begins: the Key is not imported.`,
    );
    dataRows = dataRows.slice(0, keyAt);
  }
  checkRowCount(dataRows.length);
  const described = preferDescriptionWithText(columns, index, mapping, dataRows);
  if (described) plan.notes.push(described);

  // Problems with the file as a whole.
  if (!has('description')) {
    plan.fileErrors.push(
      `No column holds the ${FIELD_LABELS.description}. Name one “Description of risk” (or “Risk”), or map it, then import again.`,
    );
  }
  // A combined score only (no impact, no likelihood): each row is offered "import as not yet assessed".
  const scoreOnly = !has('impact') && !has('likelihood') && has('score');
  if (scoreOnly) {
    plan.notes.push(
      `The file has a combined score (“${mapping.score ?? ''}”) but no Impact and Likelihood columns. A score cannot be ` +
        'split into the two (12 could be 3 × 4 or 4 × 3), so each risk is offered for import as not yet assessed, ' +
        'with the published score kept in its history; give it a score in the register afterwards.',
    );
  } else if (!has('impact') && !has('likelihood')) {
    plan.fileErrors.push(
      has('score')
        ? `The file has a score column (“${mapping.score ?? ''}”) but no Impact and Likelihood columns. A score cannot be split ` +
            'into impact and likelihood (12 could be 3 × 4 or 4 × 3), so the register cannot tell them. Add Impact and ' +
            'Likelihood columns (whole numbers 1–5) to the file, or map them, then import again.'
        : 'No Impact and Likelihood columns were found. Add them to the file (whole numbers 1–5), or map them, then import again.',
    );
  } else if (!has('impact') || !has('likelihood')) {
    const missing = has('impact') ? 'Likelihood' : 'Impact';
    plan.fileErrors.push(
      `No ${missing} column was found. Add one (whole numbers 1–5), or map it, then import again.`,
    );
  }
  if (!has('ref')) {
    plan.notes.push('No Ref column: each row is offered a generated ref, which you must accept.');
  }
  if (!has('category')) {
    plan.notes.push(
      `No Category column: each row is offered the category “${DEFAULT_CATEGORY}”, which you must accept.`,
    );
  }
  if (has('reviewDate')) {
    plan.notes.push(
      `Review dates (“${mapping.reviewDate ?? ''}”) become each risk's next review; the review cycle stays the register's default.`,
    );
  }
  for (const [which, i, l, s] of [
    ['Target', 'targetImpact', 'targetLikelihood', 'targetScore'],
    ['Inherent', 'inherentImpact', 'inherentLikelihood', 'inherentScore'],
  ] as const) {
    if (has(s) && !has(i) && !has(l)) {
      plan.notes.push(
        `${which} scores are not imported: the file has a ${which.toLowerCase()} score but no ${which.toLowerCase()} impact and ` +
          `likelihood, and a score cannot be split into the two. Add “${which} impact” and “${which} likelihood” columns to keep them.`,
      );
    }
  }
  if (has('rag')) {
    plan.notes.push(
      `The “${mapping.rag ?? ''}” column is not imported: the band follows from the score and this register's key. A row whose band differs is flagged.`,
    );
  }
  const unused = columns.filter((c) => c.field === null && c.header.trim() !== '');
  if (unused.length) {
    plan.notes.push(
      `Not imported: ${unused.map((c) => `“${describeColumn(c)}”`).join(', ')}. Map ${unused.length === 1 ? 'it' : 'them'} if ${unused.length === 1 ? 'it holds' : 'they hold'} a field of the register.`,
    );
  }

  // A CSV cell is read as its text (no object made for it): the readers in values.ts take either.
  const cellOf = (row: SourceRow, f: ImportField): CellValue | undefined => {
    const i = index[f];
    return i === undefined ? undefined : row.cells[i];
  };
  const textOf = (row: SourceRow, f: ImportField): string => cellText(cellOf(row, f)).trim();

  // Words and letters in the score columns: one table for the file, shown in the preview.
  const scoreFields = [
    'impact',
    'likelihood',
    'targetImpact',
    'targetLikelihood',
    'inherentImpact',
    'inherentLikelihood',
  ] as const;
  // Each score column's cells, listed once for the scales and the other-scale test.
  const scoreColumns = scoreFields.filter(has).map((f) => dataRows.map((r) => cellOf(r, f)));
  const scaleTable = proposeScales(scoreColumns, opts.mapping?.scales, opts.remembered?.scales);
  plan.scales = [...scaleTable.values()];
  let largest = 0;
  for (const f of scoreFields.filter(has))
    for (const r of dataRows) {
      const n = readNumber(cellOf(r, f));
      if (n.kind === 'number' && n.value > largest) largest = n.value;
    }
  // A 3×3 or 4×4 register: recognised from a key, title or header, and converted only once the user confirms.
  // At most one filled cell of its own (tested on every data row: stops at the second, makes no list).
  const singleCell = (r: SourceRow) => {
    let filled = 0;
    for (const c of r.cells) {
      if (isMerged(c)) continue;
      const text = cellText(c);
      if (text === '' || text.trim() === '') continue;
      filled += 1;
      if (filled > 1) return false;
    }
    return true;
  };
  const otherScale = detectOtherScale(
    scoreColumns,
    scoreFields.filter(has).map((f) => headers[index[f] ?? -1] ?? ''),
    () => [
      ...table.rows.slice(0, headerIdx),
      ...dataRows.filter(singleCell),
      ...table.rows.slice(headerIdx + 1 + dataRows.length),
    ],
    opts.mapping?.convert,
  );
  if (otherScale) {
    plan.otherScale = otherScale;
    const blocking = otherScaleError(otherScale);
    if (blocking) plan.fileErrors.push(blocking);
    else if (otherScale.chosen && otherScale.points !== 6) {
      plan.notes.push(
        `The file uses a ${otherScale.points}-point scale (${otherScale.why}): its scores are converted as chosen (${describeConversion(otherScale.chosen)}); the published values are kept in history.`,
      );
    }
  }
  const numberChoices = {
    rounding: opts.mapping?.rounding,
    convert: opts.mapping?.convert,
    largest: Math.ceil(largest),
  };
  if (plan.scales.length) {
    plan.notes.push(
      `Words in the score columns become numbers: ${plan.scales.map((u) => `“${u.word}” → ${u.value}`).join(', ')}. ` +
        'Change any of them in the mapping’s scales.',
    );
  }

  // Text under the table (a footnote, the scoring key, "Source: …") and headings between risks are not risks:
  // offered for skipping, not reported as broken risks.
  const validScore = (r: SourceRow, f: ImportField) => {
    const read = has(f) ? readScoreWith(cellOf(r, f), '', scaleTable, numberChoices) : null;
    return read !== null && read.ok && read.value !== null;
  };
  // Each row's description, read once: for this test and again for the row's own check.
  const descriptions = dataRows.map((r) => textOf(r, 'description'));
  const riskLike = (r: SourceRow, i: number) =>
    descriptions[i] !== '' && validScore(r, 'impact') && validScore(r, 'likelihood');
  // Worked out once per row (it reads three cells), used for the last risk and again for each row's check.
  const isRiskLike = dataRows.map(riskLike);
  const lastRisk = isRiskLike.lastIndexOf(true);
  const notARisk = (r: SourceRow, i: number): string | null => {
    if (isRiskLike[i]) return null;
    const filled = r.cells.filter((c) => cellText(c).trim() !== '' && !isMerged(c));
    const first = cellText(filled[0]).trim().replace(/\s+/g, ' ');
    const quote = `“${first.length > 60 ? `${first.slice(0, 57)}…` : first}”`;
    if (filled.length <= 1) return `Row ${r.row} holds only ${quote}: a heading or a note, not a risk.`;
    const ref = textOf(r, 'ref');
    const trailing = lastRisk >= 0 && i > lastRisk;
    if (
      trailing &&
      !validScore(r, 'impact') &&
      !validScore(r, 'likelihood') &&
      (!ref || !REF_PATTERN.test(ref) || !textOf(r, 'description'))
    ) {
      return `Row ${r.row} comes after the last risk and has no scores (${quote}…): text under the table, such as a note, the scoring key or a source.`;
    }
    return null;
  };

  // Refs: duplicates within the file and against the register, and generated refs for repairs.
  const existing = new Set(opts.existingRefs.map((r) => r.toLowerCase()));
  const fileRefs = dataRows.map((r) => textOf(r, 'ref'));
  // Made on the first ref a row needs (most files need none): its set of every taken ref costs ~30 ms at 100,000.
  let generator: (() => string) | undefined;
  const nextRef = () =>
    (generator ??= refGenerator([...opts.existingRefs, ...fileRefs.filter((r) => REF_PATTERN.test(r))]))();
  const firstRowOfRef = new RefRows();
  const accepted = new Set((opts.accept ?? []).map((a) => `${a.row}:${a.kind}`));

  // Review dates written month first (03/25/2026) make every dd/mm reading in that column doubtful.
  // The first such row is all the messages name (read without an object per row; none when there is no such column).
  let monthFirstRow: number | null = null;
  if (has('reviewDate')) {
    for (const r of dataRows) {
      if (readDate(cellOf(r, 'reviewDate'), 'Review date').ok === 'month-first?') {
        monthFirstRow = r.row;
        break;
      }
    }
  }

  // Continuation rows: no risk cells of their own (blank or merged down), an action filled. They belong to the
  // row above them that is not one.
  const continued = new Map<number, SourceRow[]>();
  const continuationOf = new Set<number>();
  let owner: SourceRow | undefined;
  for (const r of dataRows) {
    if (owner && isContinuationRow(r, index)) {
      continued.set(owner.row, [...(continued.get(owner.row) ?? []), r]);
      continuationOf.add(r.row);
    } else {
      owner = r;
    }
  }
  if (continuationOf.size) {
    const n = continuationOf.size;
    plan.notes.push(
      `${n === 1 ? 'Row' : 'Rows'} ${[...continuationOf].join(', ')} ${n === 1 ? 'continues' : 'continue'} the risk above ` +
        `(${n === 1 ? 'its' : 'their'} risk cells blank or merged down): ${has('actionText') ? 'each action on them becomes a tracked action on that risk' : 'nothing of their own is imported'}.`,
    );
  }
  const headerOf = (i: number) => {
    const c = columns[i];
    return c
      ? (c.group ? `${c.group} › ${c.header.trim()}` : c.header.trim()) || `column ${c.letter ?? i + 1}`
      : `column ${i + 1}`;
  };

  // Owner cells repeat down a register (the same few people on many risks): each distinct cell is split once, and
  // what the row's check says of it (its errors and its note, which depend on the cell alone) is made once too
  // (issue 14: a note string and two regular-expression tests per owner, on every row).
  const ownersByCell = new Map<string, OwnerCellRead>();
  const ownersOf = (cell: string): OwnerCellRead => {
    let found = ownersByCell.get(cell);
    if (!found) {
      found = readOwnerCell(cell, opts.mapping?.ownerRule);
      ownersByCell.set(cell, found);
    }
    return found;
  };
  // RAG cells too hold a few distinct texts ("15 Amber"): each is read against the key once.
  const ragByText = new Map<string, RagRead>();
  const ragOf = (cell: CellValue | undefined): RagRead => {
    if (
      cell === undefined ||
      typeof cell === 'number' ||
      (typeof cell === 'object' && cell.number !== undefined)
    )
      return readRag(cell, opts.key);
    const text = cellText(cell);
    let found = ragByText.get(text);
    if (!found) {
      found = readRag(cell, opts.key);
      ragByText.set(text, found);
    }
    return found;
  };

  // Twenty-five pairs under one key: each assessed once for the file, not once a row (the results are only read).
  const assessed: (ScoredAssessment | undefined)[] = [];
  const assessPair = (i: ScoreValue, l: ScoreValue): ScoredAssessment =>
    (assessed[i * 6 + l] ??= assess(i, l, opts.key));

  const skippedRows: number[] = [];
  const anyContinued = continuationOf.size > 0;
  for (let rowIdx = 0; rowIdx < dataRows.length; rowIdx++) {
    const row = dataRows[rowIdx] as SourceRow;
    if (anyContinued && continuationOf.has(row.row)) continue;
    const ref = fileRefs[rowIdx] ?? '';
    const followers: readonly SourceRow[] = (anyContinued && continued.get(row.row)) || EMPTY;
    const whyOwn = notARisk(row, rowIdx);
    const why =
      whyOwn && followers.length
        ? `${whyOwn} The ${followers.length === 1 ? 'row' : `${followers.length} rows`} below it (${followers.map((f) => f.row).join(', ')}) ${followers.length === 1 ? 'goes' : 'go'} with it.`
        : whyOwn;
    if (why) {
      const skip = accepted.has(`${row.row}:skip-row`);
      if (skip) skippedRows.push(row.row);
      plan.rows.push({
        row: row.row,
        ref,
        status: skip ? 'skipped' : 'needs-repair',
        values: {
          ref,
          category: '',
          description: '',
          impact: null,
          likelihood: null,
          score: null,
          band: null,
          inherent: null,
          target: null,
          mitigation: '',
          owners: [],
          reviewDate: null,
        },
        errors: [],
        warnings: [],
        notes: [],
        repairs: [
          {
            kind: 'skip-row',
            message: `${why} Accept skipping it, or correct the file.`,
            value: '',
            accepted: skip,
          },
        ],
      });
      continue;
    }
    const errors: string[] = [];
    const warnings: string[] = [];
    const notes: string[] = [];
    const repairs: ProposedRepair[] = [];
    const propose = (kind: ProposedRepair['kind'], message: string, value: string) =>
      repairs.push({ kind, message, value, accepted: accepted.has(`${row.row}:${kind}`) });

    // Ref.
    let finalRef = ref;
    if (!ref) {
      const gen = nextRef();
      propose(
        'generate-ref',
        `The ref is missing. Accept the generated ref ${gen}, or add a ref to the file.`,
        gen,
      );
      finalRef = gen;
    } else if (ref.length > REF_MAX) {
      errors.push(`The ref “${ref}” is too long: at most ${REF_MAX} characters. Shorten it in the file.`);
    } else if (!REF_PATTERN.test(ref)) {
      errors.push(
        `The ref “${ref}” may hold letters, digits, dots, dashes, slashes and brackets only, such as SR4. Correct it in the file.`,
      );
    } else if (firstRowOfRef.get(ref) !== undefined) {
      const gen = nextRef();
      propose(
        'generate-ref',
        `The ref ${ref} is also used by row ${firstRowOfRef.get(ref) ?? '?'} of this file. Accept ${gen} for this row, or correct the file.`,
        gen,
      );
      finalRef = gen;
    } else if (existing.size > 0 && existing.has(ref.toLowerCase())) {
      const gen = nextRef();
      propose(
        'generate-ref',
        `The register already has a risk ${ref}. Accept ${gen} for this row, or leave the row out of the file if it is the same risk.`,
        gen,
      );
      finalRef = gen;
      firstRowOfRef.set(ref, row.row);
    } else {
      firstRowOfRef.set(ref, row.row);
    }

    // Words.
    const description = descriptions[rowIdx] ?? '';
    if (has('description') && !description) {
      errors.push('The description of the risk is empty. Add it in the file.');
    } else if (description.length > TEXT_LIMITS.description) {
      errors.push(
        `The description is ${fmt(description.length)} characters long; the register holds at most ${fmt(TEXT_LIMITS.description)}. Shorten it in the file.`,
      );
    }
    let category = textOf(row, 'category');
    if (!category) {
      if (has('category')) {
        propose(
          'default-category',
          `The category is empty. Accept “${DEFAULT_CATEGORY}”, or add a category in the file.`,
          DEFAULT_CATEGORY,
        );
      } else {
        propose('default-category', `No category: accept “${DEFAULT_CATEGORY}”.`, DEFAULT_CATEGORY);
      }
      category = DEFAULT_CATEGORY;
    } else if (category.length > TEXT_LIMITS.category) {
      errors.push(
        `The category is ${fmt(category.length)} characters long; at most ${fmt(TEXT_LIMITS.category)}. Shorten it in the file.`,
      );
    }
    const mitigation = textOf(row, 'mitigation');
    if (mitigation.length > TEXT_LIMITS.mitigation) {
      errors.push(
        `The mitigation is ${fmt(mitigation.length)} characters long; the register holds at most ${fmt(TEXT_LIMITS.mitigation)}. Shorten it in the file.`,
      );
    }

    // Cause, event and effect (optional columns): kept only when given.
    const cee: { cause?: string; event?: string; effect?: string } = {};
    let hasCee = false;
    for (const f of CEE_FIELDS) {
      const v = textOf(row, f);
      if (!v) continue;
      hasCee = true;
      if (v.length > TEXT_LIMITS.causeEventEffect) {
        errors.push(
          `The ${f} is ${fmt(v.length)} characters long; at most ${fmt(TEXT_LIMITS.causeEventEffect)}. Shorten it in the file.`,
        );
      }
      cee[f] = v;
    }

    // Title (optional column).
    const title = textOf(row, 'title');
    if (title) {
      const problem = titleProblem(title.replace(/\s*[\r\n]+\s*/g, ' '));
      if (problem) errors.push(problem.replace('Shorten it', 'Shorten it in the file'));
    }

    // Tracked actions: this row's action columns and its continuation rows'.
    const actions: ImportAction[] = [];
    const continuation: { row: number; values: Record<string, string> }[] = [];
    for (let k = -1; k < followers.length; k++) {
      const r = k < 0 ? row : (followers[k] as SourceRow);
      if (has('actionText')) {
        const a = readAction(r, index, opts.mapping?.ownerRule);
        errors.push(...a.errors);
        warnings.push(...a.warnings);
        if (a.action) actions.push(a.action);
      }
      if (r !== row) {
        const values: Record<string, string> = {};
        r.cells.forEach((c, i) => {
          const f = columns[i]?.field;
          const text = cellText(c).trim();
          if (isMerged(c) || !text || (f && (f.startsWith('action') || f === 'mitigation'))) return;
          values[headerOf(i)] = text;
        });
        const more = cellOf(r, 'mitigation');
        if (more !== undefined && !isMerged(more) && cellText(more).trim()) {
          values[headerOf(index.mitigation ?? 0)] = cellText(more).trim();
        }
        if (Object.keys(values).length) continuation.push({ row: r.row, values });
      }
    }
    if (actions.length) {
      notes.push(
        `${actions.length === 1 ? '1 tracked action' : `${actions.length} tracked actions`} will be created: ` +
          actions.map((a) => `row ${a.row}: ${describeAction(a)}`).join('; ') +
          '.',
      );
    }
    if (continuation.length) {
      warnings.push(
        `The rows below this risk also hold ${continuation
          .map(
            (c) =>
              `${Object.entries(c.values)
                .map(([h, v]) => `“${h}” “${v.length > 40 ? `${v.slice(0, 37)}…` : v}”`)
                .join(', ')} (row ${c.row})`,
          )
          .join('; ')}: not imported into the risk, kept in the import's history.`,
      );
    }

    // Owners.
    const ownerRead = ownersOf(textOf(row, 'owner'));
    // Each row its own list of owners (a risk's owners may be changed after the plan: test/unit/import/check.test.ts).
    const owners = ownerRead.owners.slice();
    for (const e of ownerRead.errors) errors.push(e);
    if (ownerRead.note !== null) notes.push(ownerRead.note);

    // Current score.
    const converted: string[] = [];
    const numbers: string[] = [];
    let unconfirmed = false;
    const readScore = (f: ImportField, label: string) => {
      const r = readScoreWith(cellOf(row, f), label, scaleTable, numberChoices);
      if (r.ok && r.converted) {
        numbers.push(`${label} ${r.converted.published} → ${r.value ?? ''} (${r.converted.how})`);
        plan.published.push({
          row: row.row,
          field: f,
          published: r.converted.published,
          value: r.value ?? 0,
        });
      }
      if (r.ok && r.word) {
        converted.push(`${label} “${r.word.text}” → ${r.value ?? ''}`);
        if (r.word.use.source === 'proposed') unconfirmed = true;
      }
      return r;
    };
    // The score cell, read once for the row (both checks below read it).
    let scoreRead: NumberCell | undefined;
    const scoreOf = () => (scoreRead ??= readNumber(cellOf(row, 'score')));
    const impactRead = has('impact') ? readScore('impact', 'Impact') : null;
    const likelihoodRead = has('likelihood') ? readScore('likelihood', 'Likelihood') : null;
    let impact: ScoreValue | null = null;
    let likelihood: ScoreValue | null = null;
    if (impactRead && likelihoodRead) {
      if (!impactRead.ok) errors.push(impactRead.message);
      if (!likelihoodRead.ok) errors.push(likelihoodRead.message);
      if (impactRead.ok && likelihoodRead.ok) {
        impact = impactRead.value;
        likelihood = likelihoodRead.value;
        const scoreCell = scoreOf();
        if (impact === null && likelihood === null) {
          errors.push(
            scoreCell.kind !== 'empty'
              ? `Only a score (${shown(scoreCell)}) is given, without impact and likelihood. A score cannot be split into the two ` +
                  '(12 could be 3 × 4 or 4 × 3): add the impact and likelihood (whole numbers 1–5) in the file, then import again.'
              : 'Impact and likelihood are both empty. Add them in the file (whole numbers 1–5), then import again.',
          );
        } else if (impact === null || likelihood === null) {
          const missing = impact === null ? 'Impact' : 'Likelihood';
          errors.push(
            `${missing} is empty. Add it in the file (a whole number from 1 to 5), then import again.`,
          );
        }
      }
    }
    let published: { score: string } | undefined;
    if (scoreOnly) {
      const s = readNumber(cellOf(row, 'score'));
      published = { score: s.kind === 'empty' ? '' : s.kind === 'number' ? shown(s) : s.text };
      propose(
        'not-yet-assessed',
        s.kind === 'empty'
          ? 'No score is published: import as not yet assessed (give it a score in the register afterwards).'
          : `Only a combined score (${shown(s)}) is published: import as not yet assessed, keeping ${shown(s)} in its history (give it a score in the register afterwards).`,
        NOT_SCORED_LABEL,
      );
    }
    const current = impact !== null && likelihood !== null ? assessPair(impact, likelihood) : null;
    if (current) {
      // Said only in a warning: made only for a row that has one.
      const product = () =>
        `${current.impact} × ${current.likelihood} = ${current.score} (${current.band.name})`;
      const scoreCell = scoreOf();
      if (scoreCell.kind === 'number' && scoreCell.value !== current.score) {
        warnings.push(
          `The score column says ${shown(scoreCell)}, but ${current.impact} × ${current.likelihood} = ${current.score}: the register works the score out itself and will show ${current.score} (${current.band.name}).`,
        );
      } else if (scoreCell.kind === 'text') {
        warnings.push(
          `The score column holds ${shown(scoreCell)}, which is not a number; it is ignored. The register will show ${product()}.`,
        );
      }
      const rag = ragOf(cellOf(row, 'rag'));
      if (rag.kind === 'band' && rag.name !== current.band.name) {
        warnings.push(
          `The RAG column says ${rag.name}, but ${current.impact} × ${current.likelihood} = ${current.score} is ${current.band.name} in this register's key; the register will show ${current.band.name}.`,
        );
      } else if (rag.kind === 'score' && rag.value !== current.score) {
        warnings.push(
          `The RAG column says ${rag.value}, but ${current.impact} × ${current.likelihood} = ${current.score}; the register will show ${current.score} (${current.band.name}).`,
        );
      } else if (rag.kind === 'unknown') {
        warnings.push(
          `The RAG column says “${rag.text}”, which is not a band of this register's key (${opts.key.map((b) => b.name).join(', ')}); it is ignored. The register will show ${product()}.`,
        );
      }
    }

    // Target and inherent scores.
    const pairOf = (
      which: 'Target' | 'Inherent',
      fi: ImportField,
      fl: ImportField,
      fs: ImportField,
    ): ScorePair | null => {
      if (!has(fi) && !has(fl)) return null;
      const i = readScore(fi, `${which} impact`);
      const l = readScore(fl, `${which} likelihood`);
      if (!i.ok) errors.push(i.message);
      if (!l.ok) errors.push(l.message);
      if (!i.ok || !l.ok) return null;
      const s = readNumber(cellOf(row, fs));
      if (i.value === null && l.value === null) {
        if (s.kind !== 'empty') {
          warnings.push(
            `A ${which.toLowerCase()} score (${shown(s)}) is given without ${which.toLowerCase()} impact and likelihood. A score cannot be split into the two, so no ${which.toLowerCase()} score is imported for this row; add them in the file to keep it.`,
          );
        }
        return null;
      }
      if (i.value === null || l.value === null) {
        errors.push(
          `${which} ${i.value === null ? 'impact' : 'likelihood'} is empty while ${which.toLowerCase()} ${i.value === null ? 'likelihood' : 'impact'} is given. Give both (whole numbers 1–5) or neither.`,
        );
        return null;
      }
      const a = assessPair(i.value, l.value);
      if (s.kind === 'number' && s.value !== a.score) {
        warnings.push(
          `The ${which.toLowerCase()} score column says ${shown(s)}, but ${a.impact} × ${a.likelihood} = ${a.score}: the register will show ${a.score} (${a.band.name}).`,
        );
      }
      return { impact: i.value, likelihood: l.value };
    };
    const target = pairOf('Target', 'targetImpact', 'targetLikelihood', 'targetScore');
    const inherent = pairOf('Inherent', 'inherentImpact', 'inherentLikelihood', 'inherentScore');

    if (numbers.length)
      notes.push(`${numbers.join(', ')}: as the mapping says; the published value is kept in history.`);
    if (converted.length) {
      const list = converted.join(', ');
      if (unconfirmed) {
        propose(
          'word-scale',
          `${list}: words read on a known scale. Accept these numbers, or set them in the mapping's scales.`,
          list,
        );
      } else {
        notes.push(`${list} (the mapping's scales).`);
      }
    }

    // Review date.
    let reviewDate: string | null = null;
    const dateCell = cellOf(row, 'reviewDate');
    const date = has('reviewDate')
      ? readDate(dateCell, 'The review date')
      : ({ ok: true, iso: null } as const);
    if (date.ok === false) {
      errors.push(date.message);
    } else if (date.ok === 'month-first?') {
      errors.push(
        `The review date “${cellText(dateCell).trim()}” is written month first (${String(date.day).padStart(2, '0')}/${String(date.month).padStart(2, '0')}/${date.year} as dd/mm/yyyy). ` +
          'Write dates as dd/mm/yyyy, then import again.',
      );
    } else if (date.iso) {
      const [y, m, d] = date.iso.split('-').map(Number);
      const doubtful =
        monthFirstRow !== null &&
        !(typeof dateCell === 'object' && dateCell.date) &&
        (d ?? 0) <= 12 &&
        (m ?? 0) <= 12 &&
        d !== m;
      if (doubtful) {
        errors.push(
          `The review date “${cellText(dateCell).trim()}” is ambiguous: row ${monthFirstRow} writes dates month first, so this one could be ` +
            `${ukDate(date.iso)} or ${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}. Write every date as dd/mm/yyyy, then import again.`,
        );
      } else {
        reviewDate = date.iso;
      }
    }

    // Formulas in the cells that are imported.
    for (const col of columns) {
      if (!col.field) continue;
      const cell = row.cells[col.index];
      if (typeof cell === 'object' && cell.formula !== undefined)
        warnings.push(formulaWarning(`“${col.header.trim()}”`, cell));
    }

    const values: ImportRowValues = {
      ref: finalRef,
      category,
      description,
      impact,
      likelihood,
      score: current?.score ?? null,
      band: current?.band.name ?? null,
      inherent,
      target,
      mitigation,
      owners,
      reviewDate,
    };
    // Added after the literal, in the same order as spreads would put them (a spread in a literal is a slow path).
    Object.assign(values, cee);
    if (title) values.title = title.replace(/\s*[\r\n]+\s*/g, ' ');
    const blocked = errors.length > 0 || plan.fileErrors.length > 0;
    const rowActions = fitted(actions);
    const status: ImportRowPreview['status'] = errors.length
      ? 'error'
      : repairs.some((r) => !r.accepted)
        ? 'needs-repair'
        : warnings.length
          ? 'warning'
          : 'ok';
    const preview: ImportRowPreview = {
      row: row.row,
      ref,
      status,
      values,
      errors: fitted(errors),
      warnings: fitted(warnings),
      // A row whose only note is its owner cell's (most rows) holds that cell's one-note list, shared and frozen.
      notes: notes.length === 1 && notes[0] === ownerRead.note ? ownerRead.noteList : fitted(notes),
      repairs: fitted(repairs),
    };
    if (actions.length) preview.actions = rowActions;
    plan.rows.push(preview);
    const unscoredAccepted = scoreOnly && repairs.some((r) => r.kind === 'not-yet-assessed' && r.accepted);
    if (!blocked && (current || unscoredAccepted) && (status === 'ok' || status === 'warning')) {
      // Most rows add nothing to the twelve fields: their risk is made whole in one literal, its keys in the same
      // order (issue 14: two keys added after it gave each of 100,000 risks a second object for its properties).
      if (!hasCee && !values.title && !continuation.length) {
        const whole: PlannedRisk = {
          row: row.row,
          ref: finalRef,
          category,
          description,
          impact: current?.impact ?? null,
          likelihood: current?.likelihood ?? null,
          published,
          inherent,
          target,
          mitigation,
          owners,
          reviewDate,
          actions: rowActions,
          repairsApplied: repairs.length,
        };
        plan.risks.push(whole);
      } else {
        const risk: Omit<PlannedRisk, 'actions' | 'repairsApplied'> & Partial<PlannedRisk> = {
          row: row.row,
          ref: finalRef,
          category,
          description,
          impact: current?.impact ?? null,
          likelihood: current?.likelihood ?? null,
          published,
          inherent,
          target,
          mitigation,
          owners,
          reviewDate,
        };
        Object.assign(risk, cee);
        if (values.title) risk.title = values.title;
        risk.actions = rowActions;
        if (continuation.length) risk.continuation = continuation;
        risk.repairsApplied = repairs.length;
        plan.risks.push(risk as PlannedRisk);
      }
    }
  }

  const c = plan.counts;
  c.rows = plan.rows.length;
  for (const r of plan.rows) {
    if (r.status === 'ok') c.ok += 1;
    else if (r.status === 'warning') c.warning += 1;
    else if (r.status === 'needs-repair') c.needsRepair += 1;
    else if (r.status === 'skipped') c.skipped += 1;
    else c.error += 1;
  }
  c.importable = plan.fileErrors.length ? 0 : c.ok + c.warning;
  if (skippedRows.length) {
    plan.notes.push(
      `Skipped as not risks: row${skippedRows.length === 1 ? '' : 's'} ${skippedRows.join(', ')}.`,
    );
  }
  if (c.rows === 0 && !plan.fileErrors.length) {
    plan.fileErrors.push('The file has a header row but no risks under it.');
  }
  return plan;
}

/** One line per problem that blocks the import: `row 7 (SR7): Impact must be …`. */
export function blockingMessages(
  plan: Pick<ImportCheck, 'fileErrors'> & {
    rows: readonly Pick<ImportRowPreview, 'row' | 'ref' | 'errors' | 'repairs'>[];
  },
): string[] {
  const out = [...plan.fileErrors];
  for (const r of plan.rows) {
    const where = r.ref ? `row ${r.row} (${r.ref})` : `row ${r.row}`;
    for (const e of r.errors) out.push(`${where}: ${e}`);
    for (const p of r.repairs) if (!p.accepted) out.push(`${where}: ${p.message}`);
  }
  return out;
}
