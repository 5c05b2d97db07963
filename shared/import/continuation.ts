/**
 * Tracked actions in an imported register, and the columns around them.
 *
 * Real registers list a risk's actions on its own row and on the rows below it, the risk's cells left blank or
 * merged down over those rows (continuation rows), with action columns such as `Action | Action Owner |
 * Target Date | Status`. Each filled action becomes a tracked action on its risk. A `Description` column that sits
 * beside `Action Owner` / `Target Date` describes the action, not the risk; a `Risk` column beside a risk
 * description is the risk's short title. Pure.
 */
import type { ActionStatus } from '../actions.ts';
import { cellText, isMerged } from './cells.ts';
import { ACTION_STATUS_LABELS } from '../actions.ts';
import { ownersOfCell } from './owners.ts';
import type { ImportAction, ImportChoices, ImportColumn, ImportField, SourceRow } from './types.ts';
import { readDate, ukDate } from './values.ts';

export const ACTION_FIELDS = ['actionText', 'actionOwner', 'actionDue', 'actionStatus'] as const;
export const ACTION_TEXT_LIMIT = 2000;

/** The cells that make a row a risk of its own: blank or merged down on a continuation row. */
const RISK_FIELDS: readonly ImportField[] = [
  'ref',
  'title',
  'description',
  'category',
  'impact',
  'likelihood',
  'score',
];

/** Status words as registers write them → the register's action statuses. Compared in lower case. */
const STATUS_WORDS: Record<string, ActionStatus> = {
  planned: 'planned',
  'not started': 'planned',
  'not yet started': 'planned',
  open: 'planned',
  'to do': 'planned',
  new: 'planned',
  proposed: 'planned',
  'not due': 'planned',
  'in progress': 'in_progress',
  'in hand': 'in_progress',
  ongoing: 'in_progress',
  'on-going': 'in_progress',
  started: 'in_progress',
  underway: 'in_progress',
  'under way': 'in_progress',
  'on track': 'in_progress',
  'on target': 'in_progress',
  'in train': 'in_progress',
  delayed: 'in_progress',
  'behind schedule': 'in_progress',
  overdue: 'in_progress',
  done: 'done',
  complete: 'done',
  completed: 'done',
  closed: 'done',
  implemented: 'done',
  achieved: 'done',
  finished: 'done',
};

export type StatusRead =
  { ok: true; status: ActionStatus; published: string } | { ok: false; message: string };

/** An action's status cell. Empty reads as planned (said on the row); an unknown word is refused, not guessed. */
export function readActionStatus(text: string): StatusRead {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return { ok: true, status: 'planned', published: '' };
  const key = t.toLowerCase().replace(/[.!]+$/, '');
  const status = STATUS_WORDS[key];
  if (status) return { ok: true, status, published: t };
  return {
    ok: false,
    message:
      `The action status “${t}” is not one the register knows. Write Planned, In progress or Done (also read: Not started, ` +
      'Open, Ongoing, On track, Overdue, Complete, Closed…) in the file, or map the status column out, then import again.',
  };
}

/** The row's cell at `i` holds something of its own (not blank, not merged down). */
function ownCell(row: SourceRow, i: number | undefined): boolean {
  if (i === undefined) return false;
  const c = row.cells[i];
  return c !== undefined && !isMerged(c) && cellText(c).trim() !== '';
}

/** A row continues the risk above it: no risk cells of its own (blank or merged down), and an action filled. */
export function isContinuationRow(row: SourceRow, index: Partial<Record<ImportField, number>>): boolean {
  // Asked of every data row: plain loops, no closures made per row. A risk row returns at its first filled cell.
  for (const f of RISK_FIELDS) if (ownCell(row, index[f])) return false;
  for (const f of ACTION_FIELDS) if (ownCell(row, index[f])) return true;
  // Nothing of its own: only cells merged down from the risk above (a risk merged over more rows than it has actions).
  return row.cells.some(isMerged) && row.cells.every((c) => isMerged(c) || cellText(c).trim() === '');
}

export interface ActionRead {
  action: ImportAction | null;
  errors: string[];
  warnings: string[];
}

/**
 * The action on one row (the risk's own row or a continuation row), or null when its action cells are empty.
 * Problems name the row, since a risk's actions span several.
 */
export function readAction(
  row: SourceRow,
  index: Partial<Record<ImportField, number>>,
  ownerRule: ImportChoices['ownerRule'],
): ActionRead {
  const out: ActionRead = { action: null, errors: [], warnings: [] };
  const text = (f: ImportField) => {
    const i = index[f];
    const c = i === undefined ? undefined : row.cells[i];
    // A cell merged down from the row above belongs to that row's action, not to a second one.
    return c !== undefined && !isMerged(c) ? cellText(c).trim() : '';
  };
  const description = text('actionText');
  const ownerCell = text('actionOwner');
  const dueCell = text('actionDue');
  const statusCell = text('actionStatus');
  if (!description && !ownerCell && !dueCell && !statusCell) return out;
  const where = `Action on row ${row.row}`;
  if (!description) {
    const given = [
      ownerCell && `an owner (${ownerCell})`,
      dueCell && `a due date (${dueCell})`,
      statusCell && `a status (${statusCell})`,
    ]
      .filter(Boolean)
      .join(', ');
    out.errors.push(
      `${where} has ${given} but no description. Add the action's description in the file, or clear the row.`,
    );
    return out;
  }
  if (description.length > ACTION_TEXT_LIMIT) {
    out.errors.push(
      `${where}: the description is ${description.length.toLocaleString('en-GB')} characters long; an action holds at most ${ACTION_TEXT_LIMIT.toLocaleString('en-GB')}. Shorten it in the file.`,
    );
  }
  const owners = ownersOfCell(ownerCell, ownerRule);
  if (owners.length > 1) {
    out.warnings.push(
      `${where} names ${owners.length} owners (${owners.join(', ')}); an action has one owner: ${owners[0] ?? ''} is its owner, and “${ownerCell}” is kept in the import's history.`,
    );
  }
  const dueIdx = index.actionDue;
  const due = readDate(dueIdx === undefined ? undefined : row.cells[dueIdx], `${where}: the due date`);
  let dueDate: string | null = null;
  if (due.ok === true) dueDate = due.iso;
  else if (due.ok === false) out.errors.push(due.message);
  else {
    out.errors.push(
      `${where}: the due date “${dueCell}” is written month first (${String(due.day).padStart(2, '0')}/${String(due.month).padStart(2, '0')}/${due.year} as dd/mm/yyyy). Write dates as dd/mm/yyyy, then import again.`,
    );
  }
  const status = readActionStatus(statusCell);
  if (!status.ok) {
    out.errors.push(`${where}: ${status.message}`);
    return out;
  }
  out.action = {
    row: row.row,
    text: description,
    owner: owners[0] ?? null,
    dueDate,
    status: status.status,
    publishedStatus: status.published,
  };
  return out;
}

/** "Review the MTFS — CFO, due 31/03/2026, In progress" (the preview's line for one action). */
export function describeAction(a: ImportAction): string {
  const text = a.text.length > 80 ? `${a.text.slice(0, 77)}…` : a.text;
  const parts = [`“${text}”`];
  if (a.owner) parts.push(a.owner);
  if (a.dueDate) parts.push(`due ${ukDate(a.dueDate)}`);
  parts.push(
    a.publishedStatus && a.publishedStatus.toLowerCase() !== ACTION_STATUS_LABELS[a.status].toLowerCase()
      ? `${ACTION_STATUS_LABELS[a.status]} (“${a.publishedStatus}”)`
      : a.publishedStatus
        ? ACTION_STATUS_LABELS[a.status]
        : `${ACTION_STATUS_LABELS[a.status]} (no status given)`,
  );
  return parts.join(', ');
}

const norm = (h: string) =>
  h
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * After recognition by header: the columns whose meaning depends on their neighbours.
 * - A `Description` (or `Details`) column beside an action column (`Action Owner`, `Target Date`, `Status`) is the
 *   action's description when no other column is; the risk's description then comes from the next best column
 *   (`Risk`, `Risk description`).
 * - A `Status` column beside an action column is the action's status.
 * - A `Risk` column, when another column holds the risk's description, is the risk's short title.
 * Only columns recognised here are changed; a column the mapping supplied or the last import used is never moved.
 */
export function placeContextColumns(
  columns: ImportColumn[],
  index: Partial<Record<ImportField, number>>,
  decided: Set<ImportField>,
  explicit: ReadonlySet<ImportField>,
): void {
  const at = (i: number) => columns[i];
  const beside = (c: ImportColumn, fields: readonly ImportField[]) =>
    [at(c.index - 1), at(c.index + 1)].some((n) => n?.field && fields.includes(n.field));
  const take = (c: ImportColumn, f: ImportField, note?: string) => {
    if (c.field && index[c.field] === c.index) {
      Reflect.deleteProperty(index, c.field);
      decided.delete(c.field);
    }
    c.field = f;
    c.source = 'recognised';
    c.placed = true;
    if (note) c.note = note;
    else delete c.note;
    index[f] = c.index;
    decided.add(f);
  };
  const besideActions: ImportField[] = ['actionOwner', 'actionDue', 'actionStatus'];
  if (!explicit.has('actionText') && index.actionText === undefined) {
    const d = columns.find(
      (c) =>
        ['description', 'details', 'action description'].includes(norm(c.header)) &&
        (c.field === null || (c.field === 'description' && !explicit.has('description'))) &&
        beside(c, besideActions),
    );
    if (d) {
      const wasDescription = d.field === 'description';
      take(d, 'actionText', 'The action’s description: it sits beside the action columns.');
      if (wasDescription) {
        // The risk's description from the next best column, if there is one.
        const next = columns
          .filter((c) => c.field === null && c.index !== d.index)
          .map((c) => ({ c, rank: descriptionRank(c.header) }))
          .filter((x): x is { c: ImportColumn; rank: number } => x.rank !== null)
          .sort((a, b) => a.rank - b.rank || a.c.index - b.c.index)[0];
        if (next) take(next.c, 'description');
      }
    }
  }
  if (!explicit.has('actionStatus') && index.actionStatus === undefined && index.actionText !== undefined) {
    const s = columns.find(
      (c) =>
        c.field === null &&
        norm(c.header) === 'status' &&
        beside(c, ['actionText', 'actionOwner', 'actionDue']),
    );
    if (s) take(s, 'actionStatus', 'The action’s status: it sits beside the action columns.');
  }
  // Owner, due date and status columns without an action column beside them are not an action list.
  if (index.actionText === undefined) {
    for (const c of columns) {
      if (c.field && besideActions.includes(c.field) && !explicit.has(c.field)) {
        Reflect.deleteProperty(index, c.field);
        decided.delete(c.field);
        c.field = null;
        c.source = null;
        c.placed = true;
        c.note = 'Not used: the file has no action column for it to go with.';
      }
    }
  }
  // A title and no description column: the title is the description (the register needs one).
  if (index.description === undefined && index.title !== undefined && !explicit.has('title')) {
    const t = columns.find((c) => c.index === index.title);
    if (t) take(t, 'description');
  }
  if (!explicit.has('title') && index.title === undefined && index.description !== undefined) {
    const t = columns.find(
      (c) => c.field === null && ['risk', 'risk name', 'the risk'].includes(norm(c.header)),
    );
    if (t) take(t, 'title', 'The risk’s short title: another column holds its description.');
  }
}

/** How good a name for the risk's description a header is (0 best), or null. */
function descriptionRank(header: string): number | null {
  const h = norm(header);
  const names = ['description of risk', 'risk description', 'risk', 'the risk', 'risk name'];
  const i = names.indexOf(h);
  if (i >= 0) return i;
  if (/^(risk description|description of (the )?risk)\b/.test(h)) return 1;
  return null;
}

/**
 * When two columns could be the description (a `Risk` title and a `Description`, or two description-like headers):
 * the one with text. When the chosen one is empty in every row and the other has text, they swap; when both have
 * text, a note names both so the user can choose in the mapping. Columns the mapping supplied are never moved.
 * Returns the note, or null.
 */
export function preferDescriptionWithText(
  columns: ImportColumn[],
  index: Partial<Record<ImportField, number>>,
  mapping: Partial<Record<ImportField, string>>,
  rows: readonly SourceRow[],
): string | null {
  const d = index.description === undefined ? undefined : columns[index.description];
  if (!d || d.source === 'supplied' || d.source === 'remembered') return null;
  const hasText = (c: ImportColumn) => rows.some((r) => cellText(r.cells[c.index]).trim() !== '');
  const others = columns.filter(
    (c) =>
      c !== d &&
      c.source !== 'supplied' &&
      c.source !== 'remembered' &&
      (c.field === 'title' || (c.field === null && descriptionRank(c.header) !== null)),
  );
  const name = (c: ImportColumn) => c.header.trim() || `column ${c.letter ?? c.index + 1}`;
  const withText = others.filter(hasText);
  if (!hasText(d) && withText[0]) {
    const o = withText[0];
    const was = o.field;
    o.field = 'description';
    o.source = 'recognised';
    o.placed = true;
    o.note = `The description: “${name(d)}” is empty in every row.`;
    index.description = o.index;
    mapping.description = name(o);
    d.field = null;
    d.source = null;
    d.placed = true;
    d.note = `Not used: empty in every row; the description comes from “${name(o)}”.`;
    if (was === 'title') {
      delete index.title;
      delete mapping.title;
    }
    return `“${name(d)}” is empty in every row, so the description comes from “${name(o)}”. Choose otherwise in the column mapping.`;
  }
  const rival = withText.find((c) => c.field === null);
  if (hasText(d) && rival) {
    return (
      `Two columns could be the description and both have text: “${name(d)}” is taken as the description, and ` +
      `“${name(rival)}” is not imported. Choose the other in the column mapping (or map it to the title).`
    );
  }
  return null;
}
