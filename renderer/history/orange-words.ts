/**
 * The Orange Book's history entries in words (issue 13): controls, assurance, treatment and acceptance,
 * objectives and their links, appetite and the escalation rules. Never raw JSON: each recorded value is read
 * by its shape and said as a person would say it.
 */
import type { BandKey } from '../../shared/band-key.ts';
import type { AppetiteLevel } from '../../shared/appetite.ts';
import { APPETITE_LEVEL_LABELS } from '../../shared/appetite.ts';
import type {
  AssuranceLine,
  AssuranceStrength,
  ControlType,
  Effectiveness,
  Treatment,
} from '../../shared/controls.ts';
import {
  CONTROL_TYPE_LABELS,
  EFFECTIVENESS_LABELS,
  STRENGTH_LABELS,
  TREATMENT_LABELS,
} from '../../shared/controls.ts';
import type { HistoryEntry } from '../../shared/domain.ts';
import type { EscalationRuleInput } from '../../shared/escalation.ts';
import { describeRule } from '../../shared/escalation-words.ts';
import type { ObjectiveStatus } from '../../shared/objectives.ts';
import { OBJECTIVE_STATUS_LABELS } from '../../shared/objectives.ts';

export interface OrangeWords {
  what: string;
  old: string;
  new: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** yyyy-mm-dd → dd/mm/yyyy; anything else as it is. */
function day(v: unknown): string {
  const s = str(v);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : s;
}

function label<K extends string | number>(labels: Readonly<Record<K, string>>, v: unknown): string {
  if ((typeof v === 'string' || typeof v === 'number') && v in labels) return labels[v as K];
  return v === null || v === undefined ? '' : String(v);
}

const effectiveness = (v: unknown) => lower(label<Effectiveness>(EFFECTIVENESS_LABELS, v));
const strength = (v: unknown) => lower(label<AssuranceStrength>(STRENGTH_LABELS, v));
const ordinal = (n: unknown) => (n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${String(n)}th`);
const refs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

/** "Monthly budget monitoring — preventive, effective, owner Jo, next assessment 31/03/2027, for SR1, SR4" */
function controlWords(v: unknown): string {
  if (!isRecord(v)) return '';
  const parts = [
    v.type ? lower(label<ControlType>(CONTROL_TYPE_LABELS, v.type)) : '',
    v.effectiveness ? effectiveness(v.effectiveness) : '',
    str(v.owner) ? `owner ${str(v.owner)}` : '',
    str(v.nextAssessmentDue) ? `next assessment ${day(v.nextAssessmentDue)}` : '',
    refs(v.risks).length ? `for ${refs(v.risks).join(', ')}` : '',
  ].filter(Boolean);
  return `${str(v.text)}${parts.length ? ` — ${parts.join(', ')}` : ''}`;
}

/** "Internal audit 2025/26 — 3rd line, limited, 12/09/2026; gaps: no testing of the March run" */
function assuranceWords(v: unknown): string {
  if (!isRecord(v)) return '';
  const parts = [
    v.line !== undefined && v.line !== null ? `${ordinal(v.line as AssuranceLine)} line` : '',
    v.strength ? strength(v.strength) : '',
    str(v.date) ? day(v.date) : '',
  ].filter(Boolean);
  const gaps = str(v.gaps) ? `; gaps: ${str(v.gaps)}` : '';
  return `${str(v.source)}${parts.length ? ` — ${parts.join(', ')}` : ''}${gaps}`;
}

/** "by Jo Finance until 31/03/2027: within the budget envelope" */
function acceptanceWords(v: unknown): string {
  if (!isRecord(v)) return 'none';
  const until = str(v.until) ? ` until ${day(v.until)}` : '';
  const why = str(v.why) ? `: ${str(v.why)}` : '';
  return `by ${str(v.by)}${until}${why}`;
}

function objectiveWords(v: unknown): string {
  if (!isRecord(v)) return '';
  const status = v.status ? label<ObjectiveStatus>(OBJECTIVE_STATUS_LABELS, v.status) : '';
  const lead = str(v.lead) ? `lead ${str(v.lead)}` : '';
  const tail = [status, lead].filter(Boolean).join(', ');
  return `${str(v.ref)} ${str(v.title)}${tail ? ` (${tail})` : ''}`.trim();
}

function rulesWords(v: unknown): string {
  if (!Array.isArray(v) || v.length === 0) return 'no rules';
  return v
    .filter(isRecord)
    .map((r, i) => {
      try {
        return `${i + 1}. ${str(r.label)}${offWords(r)}: ${describeRule(r as unknown as EscalationRuleInput)}`;
      } catch {
        return `${i + 1}. ${str(r.label)}${offWords(r)}`;
      }
    })
    .join('; ');
}

const offWords = (r: Record<string, unknown>) => (r.disabled === true ? ' (off)' : '');

/**
 * When a change to the rules only switched rules off or on (the same rules otherwise, in the same order), its
 * headline: "Escalation rule 'Red for two reviews' switched off". Null for any other change.
 */
function switchedWords(oldValue: unknown, newValue: unknown): string | null {
  if (!Array.isArray(oldValue) || !Array.isArray(newValue) || oldValue.length !== newValue.length)
    return null;
  const rest = (r: unknown) => {
    if (!isRecord(r)) return '';
    return JSON.stringify({ ...r, disabled: undefined });
  };
  const said: string[] = [];
  for (let i = 0; i < oldValue.length; i++) {
    const [a, b] = [oldValue[i] as unknown, newValue[i] as unknown];
    if (!isRecord(a) || !isRecord(b) || rest(a) !== rest(b)) return null;
    if ((a.disabled === true) !== (b.disabled === true))
      said.push(`'${str(b.label)}' switched ${b.disabled === true ? 'off' : 'on'}`);
  }
  if (!said.length) return null;
  return `Escalation ${said.length === 1 ? 'rule' : 'rules'} ${said.join(', ')}`;
}

/** The words for the Orange Book's entries; null for every other entry (words.ts says those). */
export function orangeEntryWords(e: HistoryEntry, _key: BandKey): OrangeWords | null {
  const f = e.field;
  if (e.entity === 'control') {
    if (e.action === 'create') return { what: 'Control added', old: '', new: controlWords(e.newValue) };
    if (e.action === 'delete') return { what: 'Control deleted', old: controlWords(e.oldValue), new: '' };
    if (f === 'effectiveness')
      return {
        what: `Control '${e.label}' effectiveness`,
        old: effectiveness(e.oldValue),
        new: effectiveness(e.newValue),
      };
    if (f === 'risks') {
      return e.newValue
        ? { what: `Control '${e.label}' linked to ${str(e.newValue)}`, old: '', new: '' }
        : { what: `Control '${e.label}' unlinked from ${str(e.oldValue)}`, old: '', new: '' };
    }
    if (f === 'type')
      return {
        what: `Control '${e.label}' type`,
        old: lower(label<ControlType>(CONTROL_TYPE_LABELS, e.oldValue)),
        new: lower(label<ControlType>(CONTROL_TYPE_LABELS, e.newValue)),
      };
    if (f === 'nextAssessmentDue')
      return {
        what: `Control '${e.label}' next assessment`,
        old: day(e.oldValue) || 'not set',
        new: day(e.newValue) || 'not set',
      };
    if (f === 'text' || f === 'owner')
      return {
        what: `Control '${e.label}' ${f === 'text' ? 'wording' : 'owner'}`,
        old: str(e.oldValue) || 'nobody',
        new: str(e.newValue) || 'nobody',
      };
  }
  if (e.entity === 'assurance') {
    if (e.action === 'create') return { what: 'Assurance added', old: '', new: assuranceWords(e.newValue) };
    if (e.action === 'delete') return { what: 'Assurance removed', old: assuranceWords(e.oldValue), new: '' };
    if (f === 'strength')
      return { what: 'Assurance strength', old: strength(e.oldValue), new: strength(e.newValue) };
    if (f === 'line')
      return {
        what: 'Assurance line',
        old: `${ordinal(e.oldValue)} line`,
        new: `${ordinal(e.newValue)} line`,
      };
    if (f === 'date') return { what: 'Assurance date', old: day(e.oldValue), new: day(e.newValue) };
    if (f === 'source' || f === 'gaps')
      return { what: `Assurance ${f}`, old: str(e.oldValue) || 'none', new: str(e.newValue) || 'none' };
  }
  if (e.entity === 'risk' && f === 'treatment') {
    const t = (v: unknown) => (v ? lower(label<Treatment>(TREATMENT_LABELS, v)) : 'not decided');
    return { what: 'Treatment', old: t(e.oldValue), new: t(e.newValue) };
  }
  if (e.entity === 'risk' && f === 'acceptance') {
    return e.newValue
      ? { what: `Acceptance ${acceptanceWords(e.newValue)}`, old: '', new: '' }
      : { what: 'Acceptance withdrawn', old: acceptanceWords(e.oldValue), new: '' };
  }
  if (e.entity === 'objective') {
    if (e.action === 'create' || e.action === 'import')
      return {
        what: e.action === 'create' ? 'Objective added' : 'Objective imported',
        old: '',
        new: objectiveWords(e.newValue),
      };
    if (e.action === 'archive' || e.action === 'restore')
      return { what: e.action === 'archive' ? 'Objective archived' : 'Objective restored', old: '', new: '' };
    if (f === 'risks') {
      const before = refs(e.oldValue);
      const after = refs(e.newValue);
      const added = after.filter((r) => !before.includes(r));
      const removed = before.filter((r) => !after.includes(r));
      const said = [
        added.length ? `Objective ${e.label} linked to ${added.join(', ')}` : '',
        removed.length ? `Objective ${e.label} unlinked from ${removed.join(', ')}` : '',
      ].filter(Boolean);
      return { what: said.join('; ') || `Objective ${e.label} links`, old: '', new: '' };
    }
    if (f === 'status')
      return {
        what: 'Objective status',
        old: label<ObjectiveStatus>(OBJECTIVE_STATUS_LABELS, e.oldValue),
        new: label<ObjectiveStatus>(OBJECTIVE_STATUS_LABELS, e.newValue),
      };
  }
  if (e.entity === 'register' && f === 'escalationRules') {
    return {
      what: switchedWords(e.oldValue, e.newValue) ?? 'Escalation rules changed',
      old: rulesWords(e.oldValue),
      new: rulesWords(e.newValue),
    };
  }
  if (f === 'appetiteLevel') {
    const l = (v: unknown) => (v ? label<AppetiteLevel>(APPETITE_LEVEL_LABELS, v) : 'none');
    return { what: 'Appetite level', old: l(e.oldValue), new: l(e.newValue) };
  }
  if (f === 'appetiteStatement') {
    const s = (v: unknown) =>
      isRecord(v) && str(v.statement)
        ? `${str(v.statement)}${str(v.approved) ? ` (approved ${day(v.approved)})` : ''}`
        : 'none';
    return { what: 'Appetite statement', old: s(e.oldValue), new: s(e.newValue) };
  }
  return null;
}
