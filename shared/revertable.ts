/**
 * Which history entries `history:revert` knows how to undo, by their kind alone (entity, action, field). The
 * Audit trail offers an Undo button exactly for these; whether the undo goes through still depends on what has
 * happened since (a later change to the same thing is refused with CONFLICT, in words). Kept beside db/revert.ts:
 * test/integration/history/revertable.test.ts checks the two agree on a register with every kind of entry.
 */
import type { HistoryEntry } from './domain.ts';
import { ACTION_STATUS_LABELS } from './actions.ts';
import {
  CONTROL_TYPE_LABELS,
  EFFECTIVENESS_LABELS,
  LINE_LABELS,
  STRENGTH_LABELS,
  TREATMENT_LABELS,
} from './controls.ts';
import { OBJECTIVE_STATUS_LABELS } from './objectives.ts';

const RISK_FIELDS = new Set([
  'ref',
  'category',
  'description',
  'mitigation',
  'owners',
  'inherent',
  'current',
  'target',
  'treatment',
  'acceptance',
]);
const ACTION_FIELDS = new Set(['text', 'owner', 'dueDate', 'status']);
const OWNER_FIELDS = new Set(['initials', 'name', 'role', 'email']);
const CATEGORY_FIELDS = new Set(['name', 'appetite']);
const CONTROL_FIELDS = new Set(['text', 'owner', 'type', 'nextAssessmentDue', 'effectiveness', 'risks']);
const ASSURANCE_FIELDS = new Set(['source', 'line', 'strength', 'date', 'gaps']);
const OBJECTIVE_FIELDS = new Set(['ref', 'title', 'lead', 'status', 'risks']);

type Kind = Pick<HistoryEntry, 'entity' | 'entityId' | 'action' | 'field'>;

const updates = (e: Kind, fields: ReadonlySet<string>) =>
  e.action === 'update' && e.field !== null && fields.has(e.field);

/** True when `history:revert` undoes entries of this kind (if nothing has changed the same thing since). */
export function isRevertable(e: Kind): boolean {
  switch (e.entity) {
    case 'risk':
      return ['archive', 'restore', 'create', 'import'].includes(e.action) || updates(e, RISK_FIELDS);
    case 'action':
      return ['archive', 'restore', 'create'].includes(e.action) || updates(e, ACTION_FIELDS);
    case 'owner':
      return e.action === 'create' || updates(e, OWNER_FIELDS);
    case 'category':
      return updates(e, CATEGORY_FIELDS);
    case 'register':
      return (
        e.action === 'update' &&
        ((e.entityId === 'categories' && e.field === 'order') ||
          (e.entityId === 'escalation-rules' && e.field === 'escalationRules'))
      );
    case 'control':
      return ['create', 'restore', 'delete'].includes(e.action) || updates(e, CONTROL_FIELDS);
    case 'assurance':
      return ['create', 'restore', 'delete'].includes(e.action) || updates(e, ASSURANCE_FIELDS);
    case 'objective':
      return ['create', 'archive', 'restore'].includes(e.action) || updates(e, OBJECTIVE_FIELDS);
  }
}

const FIELD_WORDS: Record<string, string> = {
  mitigation: 'controls in place',
  current: 'current score',
  inherent: 'inherent score',
  target: 'target score',
  dueDate: 'due date',
  nextAssessmentDue: 'next assessment date',
  risks: 'linked risks',
  order: 'category order',
};

/** The words for a coded value, by entity and field ("partial" → "partially effective"). */
function coded(e: Pick<HistoryEntry, 'entity' | 'field'>): Readonly<Record<string, string>> | undefined {
  if (e.field === 'effectiveness') return EFFECTIVENESS_LABELS;
  if (e.field === 'type' && e.entity === 'control') return CONTROL_TYPE_LABELS;
  if (e.field === 'strength') return STRENGTH_LABELS;
  if (e.field === 'line') return LINE_LABELS as Readonly<Record<string, string>>;
  if (e.field === 'treatment') return TREATMENT_LABELS;
  if (e.field === 'status' && e.entity === 'action') return ACTION_STATUS_LABELS;
  if (e.field === 'status' && e.entity === 'objective') return OBJECTIVE_STATUS_LABELS;
  return undefined;
}

/** A field's value in words, its code said by its label where it has one. */
function fieldValueWords(e: Pick<HistoryEntry, 'entity' | 'field'>, v: unknown): string {
  const labels = coded(e);
  if (labels && (typeof v === 'string' || typeof v === 'number') && Object.hasOwn(labels, v)) {
    return (labels[v] ?? String(v)).toLowerCase();
  }
  if (labels && (v === null || v === undefined) && e.field === 'treatment') return 'not decided';
  return valueWords(v);
}

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A recorded value as a person would say it: scores, dates (dd/mm/yyyy), lists, acceptances, text in quotes. */
export function valueWords(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'nothing';
  if (Array.isArray(v)) return v.length ? v.map(valueWords).join(', ') : 'none';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.impact === 'number' && typeof o.likelihood === 'number')
      return `impact ${o.impact} × likelihood ${o.likelihood}`;
    if (typeof o.by === 'string' && typeof o.until === 'string')
      return `accepted by ${o.by} until ${valueWords(o.until)}`;
    if (typeof o.text === 'string') return valueWords(o.text);
    if (typeof o.source === 'string') return valueWords(o.source);
    if (typeof o.ref === 'string') return String(o.ref);
    return 'its earlier value';
  }
  if (typeof v === 'string') {
    const m = isoDay.exec(v);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
    return `“${v.length > 60 ? `${v.slice(0, 57)}…` : v}”`;
  }
  return String(v);
}

const NOUNS: Partial<Record<HistoryEntry['entity'], string>> = {
  action: 'the action',
  owner: 'the owner',
  category: 'the category',
  control: 'the control',
  assurance: 'the assurance',
  objective: 'objective',
};

/** "SR4", "the control “Monthly budget monitoring”", "objective F1". */
function subject(e: HistoryEntry): string {
  if (e.entity === 'risk' || e.entity === 'register') return e.label;
  const noun = NOUNS[e.entity] ?? e.entity;
  return e.entity === 'objective' ? `${noun} ${e.label}` : `${noun} ${valueWords(e.label)}`;
}

/**
 * What undoing entry `e` will change back, in one sentence: "The current score of SR4 goes back from impact 4 ×
 * likelihood 5 to impact 3 × likelihood 4." (`done`: in the past tense, once it has happened.) Only meaningful where
 * `isRevertable(e)`.
 */
export function revertWords(e: HistoryEntry, done = false): string {
  const v = (now: string, past: string) => (done ? past : now);
  const who = subject(e);
  const Who = who.charAt(0).toUpperCase() + who.slice(1);
  const gone =
    e.entity === 'assurance'
      ? 'removed'
      : e.entity === 'owner' || e.entity === 'control'
        ? 'deleted'
        : 'archived';
  switch (e.action) {
    case 'create':
    case 'import':
      return `${Who} ${v('is', 'was')} ${gone}.`;
    case 'restore':
      return `${Who} ${v('is', 'was')} ${gone} again.`;
    case 'archive':
    case 'delete':
      return `${Who} ${v('is', 'was')} brought back.`;
    default:
      break;
  }
  if (e.field === 'risks' && e.entity === 'control') {
    return e.newValue !== null
      ? `${Who} no longer serves ${String(e.newValue)}.`
      : `${Who} serves ${String(e.oldValue)} again.`;
  }
  if (e.field === 'risks' && e.entity === 'objective') {
    const before = Array.isArray(e.oldValue) ? (e.oldValue as unknown[]).map(String) : [];
    const after = Array.isArray(e.newValue) ? (e.newValue as unknown[]).map(String) : [];
    const added = after.filter((r) => !before.includes(r));
    const dropped = before.filter((r) => !after.includes(r));
    if (added.length) return `${added.join(', ')} ${v('is', 'was')} unlinked from ${who} again.`;
    if (dropped.length) return `${dropped.join(', ')} ${v('is', 'was')} linked to ${who} again.`;
  }
  if (e.field === 'escalationRules') return rulesWords(e.oldValue, e.newValue, done);
  if (e.field === 'acceptance' && e.oldValue === null)
    return `The acceptance of ${who} ${v('is', 'was')} withdrawn again.`;
  const field = FIELD_WORDS[e.field ?? ''] ?? e.field ?? 'value';
  return `The ${field} of ${who} ${v('goes', 'went')} back from ${fieldValueWords(e, e.newValue)} to ${fieldValueWords(e, e.oldValue)}.`;
}

/** A rule as history records it: its label, and `disabled: true` while it is off. */
function ruleOf(v: unknown): { label: string; key: string; off: boolean } {
  const o = (v !== null && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const { disabled, ...words } = o;
  return {
    label: typeof o.label === 'string' ? o.label : 'a rule',
    key: JSON.stringify(words),
    off: disabled === true,
  };
}

/**
 * What undoing a change to the escalation rules does, in words: the rule switched off is switched on again, the
 * rule added is removed, the rule deleted comes back, or (an edit, a reorder, several at once) the list goes back.
 */
function rulesWords(oldValue: unknown, newValue: unknown, done: boolean): string {
  const v = (now: string, past: string) => (done ? past : now);
  const before = (Array.isArray(oldValue) ? oldValue : []).map(ruleOf);
  const after = (Array.isArray(newValue) ? newValue : []).map(ruleOf);
  const q = (r: { label: string }) => `“${r.label}”`;
  if (before.length === after.length) {
    const switched = after.filter((r, i) => before[i]?.key === r.key && before[i]?.off !== r.off);
    const same = after.every((r, i) => before[i]?.key === r.key);
    const [one] = switched;
    if (same && switched.length === 1 && one)
      return `The escalation rule ${q(one)} ${v('is', 'was')} switched ${one.off ? 'on' : 'off'} again.`;
  }
  const keys = (l: readonly { key: string }[]) => new Set(l.map((r) => r.key));
  const added = after.filter((r) => !keys(before).has(r.key));
  const dropped = before.filter((r) => !keys(after).has(r.key));
  const [a] = added;
  const [d] = dropped;
  if (a && added.length === 1 && !dropped.length && after.length === before.length + 1)
    return `The escalation rule ${q(a)} ${v('is', 'was')} removed.`;
  if (d && dropped.length === 1 && !added.length && before.length === after.length + 1)
    return `The escalation rule ${q(d)} ${v('is', 'was')} brought back.`;
  const list = before.length ? before.map(q).join(', ') : 'no rules';
  return `The escalation rules ${v('go', 'went')} back to what they were before: ${list}.`;
}
