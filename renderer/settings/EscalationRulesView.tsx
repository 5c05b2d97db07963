import type { FormEvent, InputHTMLAttributes, ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { EscalationRule, EscalationRuleInput, FiredRule, RuleOutcome } from '../../shared/escalation.ts';
import { describeRule, escalationRule, MAX_RULES, RULE_OPS } from '../../shared/escalation.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { setLeaveGuard } from '../actions/leave-guard.ts';
import { markSaved, showView } from '../actions/view-actions.ts';
import type { Outcome } from '../components/OutcomeNotice.tsx';
import { OutcomeNotice } from '../components/OutcomeNotice.tsx';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import './escalation-rules.css';

/** The history entity id of the rule list's entries (db/objectives.ts `RULES`). */
const RULES_ENTITY_ID = 'escalation-rules';
import type { View } from '../stores/ui-store.ts';
import { latestSeq, onUndoApplied, recordAfter } from '../workspace/undo-actions.ts';

type Metric = EscalationRuleInput['when']['metric'];
type Lasts = 'now' | 'reviews' | 'quarters';

/** One rule as the form holds it: every field as typed, checked on each keystroke. */
interface DraftRule {
  key: string;
  id?: string;
  label: string;
  metric: Metric;
  op: string;
  value: string;
  lasts: Lasts;
  count: string;
  then: RuleOutcome;
  to: string;
  /** Switched off: kept and listed greyed as "Off", never fires. */
  disabled: boolean;
}

const METRIC_LABELS: Record<Metric, string> = {
  'current-score': 'Current score',
  band: 'Band',
  appetite: 'Appetite',
  target: 'Target score',
};

const OP_LABELS: Record<string, string> = {
  '>=': 'at least (≥)',
  '>': 'more than (>)',
  '<=': 'at most (≤)',
  '<': 'less than (<)',
  '=': 'is (=)',
  '!=': 'is not (≠)',
  'not-met-by': 'not met by',
};

function opsFor(metric: Metric): readonly string[] {
  if (metric === 'current-score') return RULE_OPS;
  if (metric === 'band') return ['=', '!='];
  if (metric === 'appetite') return ['='];
  return ['not-met-by'];
}

let nextKey = 0;
const newKey = () => `rule-${++nextKey}`;

function fromRule(r: EscalationRule): DraftRule {
  const w = r.when;
  const lasts: Lasts =
    'forReviews' in w && w.forReviews ? 'reviews' : 'forQuarters' in w && w.forQuarters ? 'quarters' : 'now';
  const count =
    'forReviews' in w && w.forReviews
      ? String(w.forReviews)
      : 'forQuarters' in w && w.forQuarters
        ? String(w.forQuarters)
        : '2';
  return {
    key: newKey(),
    id: r.id,
    label: r.label,
    metric: w.metric,
    op: w.op,
    value: String(w.value),
    lasts,
    count,
    then: r.then,
    to: r.to,
    disabled: r.disabled === true,
  };
}

function blankRule(key: BandKey): DraftRule {
  return {
    key: newKey(),
    label: '',
    metric: 'current-score',
    op: '>=',
    value: String(key.at(-1)?.min ?? 15),
    lasts: 'reviews',
    count: '2',
    then: 'escalate',
    to: '',
    disabled: false,
  };
}

/** The value a new metric starts with, so the rule stays sound when only the metric is changed. */
function defaultValue(metric: Metric, key: BandKey): string {
  if (metric === 'current-score') return '15';
  if (metric === 'band') return key.at(-1)?.name ?? '';
  if (metric === 'appetite') return 'outside';
  return '';
}

/** What the channel receives for this draft (numbers as numbers; the schema says what is wrong with it). */
function toInput(d: DraftRule): unknown {
  const whole = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
  const when: Record<string, unknown> = {
    metric: d.metric,
    op: d.op,
    value: d.metric === 'current-score' ? whole(d.value) : d.value,
  };
  if (d.metric !== 'target' && d.lasts === 'reviews') when.forReviews = whole(d.count);
  if (d.metric !== 'target' && d.lasts === 'quarters') when.forQuarters = whole(d.count);
  return {
    ...(d.id ? { id: d.id } : {}),
    label: d.label,
    when,
    then: d.then,
    to: d.to,
    ...(d.disabled ? { disabled: true } : {}),
  };
}

/** Each rule's problems, as sentences: the shared schema's, then the band and the repeated label. */
function problemsOf(drafts: readonly DraftRule[], key: BandKey): string[][] {
  const labels = new Map<string, number>();
  for (const d of drafts) {
    const l = d.label.trim().toLowerCase();
    if (l) labels.set(l, (labels.get(l) ?? 0) + 1);
  }
  return drafts.map((d) => {
    const out: string[] = [];
    const parsed = escalationRule.safeParse(toInput(d));
    if (!parsed.success)
      for (const i of parsed.error.issues) if (!out.includes(i.message)) out.push(i.message);
    if (d.metric === 'band' && !key.some((b) => b.name.trim().toLowerCase() === d.value.trim().toLowerCase()))
      out.push(
        `The register's key has no band "${d.value}". Use one of ${key.map((b) => b.name).join(', ')}.`,
      );
    if ((labels.get(d.label.trim().toLowerCase()) ?? 0) > 1)
      out.push('Another rule has the same label. Give each rule its own label.');
    return out;
  });
}

function sentenceOf(d: DraftRule): string {
  const parsed = escalationRule.safeParse(toInput(d));
  return parsed.success ? describeRule(parsed.data) : 'This rule is not complete yet.';
}

/** A draft field held as text, one of the rule's own controls. */
type TextField = 'label' | 'value' | 'count' | 'to';
type SelectField = 'metric' | 'op' | 'value' | 'lasts' | 'then';
type Options = readonly (readonly [value: string, label: string])[];

/** One labelled control of the field set: its words above, the control below. */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
    </label>
  );
}

const VALUE_LABELS: Record<Metric, string> = {
  'current-score': 'Score (1–25)',
  band: 'Band',
  appetite: 'Status',
  target: 'Date',
};

/**
 * The one field set of a rule, for a new rule and a rule being edited alike: every control is made by `select` or
 * `input` below, with the rule's own id (`esc-KEY-FIELD`), test id (`rule-FIELD-N`) and the read-only state.
 */
function RuleFields({
  draft,
  index,
  bandKey,
  readOnly,
  problems,
  onChange,
}: {
  draft: DraftRule;
  index: number;
  bandKey: BandKey;
  readOnly: boolean;
  problems: string[];
  onChange: (d: DraftRule) => void;
}) {
  const id = (f: string) => `esc-${draft.key}-${f}`;
  const problemsId = problems.length ? id('problems') : undefined;
  const set = (patch: Partial<DraftRule>) => onChange({ ...draft, ...patch });
  const common = (f: string) => ({ id: id(f), 'data-testid': `rule-${f}-${index + 1}` });
  const select = (
    f: SelectField,
    options: Options,
    pick: (v: string) => void = (v) => set({ [f]: v } as Partial<DraftRule>),
    fixed = false,
  ) => (
    <select
      {...common(f)}
      value={draft[f]}
      disabled={readOnly || fixed}
      onChange={(e) => pick(e.target.value)}
    >
      {options.map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </select>
  );
  const input = (f: TextField, props: InputHTMLAttributes<HTMLInputElement>) => (
    <input
      {...common(f)}
      {...props}
      value={draft[f]}
      disabled={readOnly}
      aria-describedby={problemsId}
      onChange={(e) => set({ [f]: e.target.value } as Partial<DraftRule>)}
    />
  );
  const text = { className: 'input', type: 'text', maxLength: 200 } as const;
  const whole = (max: number) => ({ type: 'number', min: 1, max, step: 1, inputMode: 'numeric' }) as const;
  const ops = opsFor(draft.metric);
  const bands: Options = [
    ...(bandKey.some((b) => b.name === draft.value) ? [] : [[draft.value, draft.value] as const]),
    ...bandKey.map((b) => [b.name, b.name] as const),
  ];
  return (
    <fieldset className="escalation-fields" data-testid={`rule-fields-${index + 1}`}>
      <legend>Rule {index + 1}</legend>
      <Field label="Label">{input('label', text)}</Field>
      <Field label="When">
        {select(
          'metric',
          (Object.keys(METRIC_LABELS) as Metric[]).map((m) => [m, METRIC_LABELS[m]] as const),
          (v) => {
            const metric = v as Metric;
            set({ metric, op: opsFor(metric)[0] ?? '=', value: defaultValue(metric, bandKey) });
          },
        )}
      </Field>
      <Field label="Test">
        {select(
          'op',
          ops.map((o) => [o, OP_LABELS[o] ?? o] as const),
          undefined,
          ops.length < 2,
        )}
      </Field>
      <Field label={VALUE_LABELS[draft.metric]}>
        {draft.metric === 'current-score'
          ? input('value', whole(25))
          : draft.metric === 'band'
            ? select('value', bands)
            : draft.metric === 'appetite'
              ? select('value', [
                  ['within', 'Within appetite'],
                  ['outside', 'Outside appetite'],
                ])
              : input('value', { type: 'date' })}
      </Field>
      {draft.metric !== 'target' && (
        <>
          <Field label="For how long">
            {select('lasts', [
              ['now', 'Now'],
              ['reviews', 'At each of the last … reviews'],
              ['quarters', 'Throughout the last … quarters'],
            ])}
          </Field>
          {draft.lasts !== 'now' && (
            <Field label={draft.lasts === 'reviews' ? 'Reviews (1–12)' : 'Quarters (1–8)'}>
              {input('count', whole(draft.lasts === 'reviews' ? 12 : 8))}
            </Field>
          )}
        </>
      )}
      <Field label="Then">
        {select('then', [
          ['escalate', 'Escalate'],
          ['de-escalate', 'Propose de-escalation'],
        ])}
      </Field>
      <Field label="To (who)">{input('to', text)}</Field>
      {problems.length > 0 && (
        <ul className="notice notice-error" id={problemsId} data-testid={`rule-problems-${index + 1}`}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/**
 * Settings › Escalation rules (issue 13): the register's rules in words, each with the risks it fires on now
 * (worked out by `escalation:preview`, the dashboard's own evaluation), edited, added, deleted and reordered in a
 * draft that is checked as it is typed and again by the handler. A rule can be switched off (kept, greyed with
 * "Off", never fires) and on again in the same draft. Save records the new list in history with the
 * reason; Cancel puts the saved rules back; leaving with unsaved changes asks first.
 */
export function EscalationRulesView() {
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const bandKey = useRegisterStore(selectBandKey);
  const risks = useRisksStore((s) => s.risks);
  const [saved, setSaved] = useState<EscalationRule[] | null>(null);
  const [drafts, setDrafts] = useState<DraftRule[]>([]);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The preview, with the draft it was worked out for: an older draft's answer is never shown.
  const [preview, setPreview] = useState<{ of: string; fired: FiredRule[] } | null>(null);
  const [leaving, setLeaving] = useState<View | null>(null);

  // Read the saved rules; again after an undo or redo (Ctrl+Z here, or Undo in the Audit trail of this window).
  const [reads, setReads] = useState(0);
  useEffect(() => onUndoApplied(() => setReads((n) => n + 1)), []);
  useEffect(() => {
    call('escalation:rules', {}).then(
      (rules) => {
        setSaved(rules);
        setDrafts(rules.map(fromRule));
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, [reads]);

  const problems = problemsOf(drafts, bandKey);
  const sound = problems.every((p) => p.length === 0);
  const inputs = drafts.map(toInput);
  const inputsText = JSON.stringify(inputs);
  const dirty = saved !== null && inputsText !== JSON.stringify(saved.map((r) => toInput(fromRule(r))));

  // Which risks each rule fires on now: read again when the draft (once sound) or the risks change.
  useEffect(() => {
    if (!sound) return;
    let live = true;
    call('escalation:preview', { rules: JSON.parse(inputsText) as unknown }).then(
      (f) => {
        if (live) setPreview({ of: inputsText, fired: f });
      },
      () => {
        if (live) setPreview(null);
      },
    );
    return () => {
      live = false;
    };
  }, [inputsText, sound, risks]);

  // The unsaved-changes guard: the sidebar asks before it leaves, and so does closing the window.
  useEffect(() => {
    if (!dirty) return;
    const clear = setLeaveGuard((to) => {
      setLeaving(to);
      return false;
    });
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      clear();
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [dirty]);

  if (error)
    return (
      <p className="notice notice-error" role="alert">
        {error}
      </p>
    );
  if (!saved) return <p className="hint">Reading the escalation rules…</p>;
  const fired = sound && preview?.of === inputsText ? preview.fired : null;

  const change = (i: number, d: DraftRule) => setDrafts((all) => all.map((x, j) => (j === i ? d : x)));
  const move = (i: number, by: -1 | 1) =>
    setDrafts((all) => {
      const next = [...all];
      const [r] = next.splice(i, 1);
      if (r) next.splice(i + by, 0, r);
      return next;
    });
  const toggle = (key: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const cancel = () => {
    setDrafts(saved.map(fromRule));
    setOpen(new Set());
    setReason('');
    setOutcome(null);
    setLeaving(null);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!sound || !dirty) return;
    try {
      // The list's newest history entry before the save: the save's own entries (if it changed anything) are
      // remembered on the undo stack (Ctrl+Z), as every other edit is.
      const mark = await latestSeq('register', RULES_ENTITY_ID);
      const next = await call('escalation:set-rules', { rules: inputs, reason: reason.trim() || undefined });
      void recordAfter('register', RULES_ENTITY_ID, mark, 'escalation rules');
      setSaved(next);
      setDrafts(next.map(fromRule));
      setOpen(new Set());
      setReason('');
      setLeaving(null);
      setOutcome({
        text: `Saved ${next.length === 1 ? 'one rule' : `${next.length} rules`}. The dashboard lists what they fire on; the change is recorded in the audit trail.`,
        error: false,
      });
      markSaved();
    } catch (err) {
      setOutcome({ text: messageOf(err), error: true });
    }
  };

  return (
    <section className="admin-view" aria-label="Escalation rules" data-testid="escalation-rules-view">
      <p className="hint">
        When a risk should go up a level of oversight, or back down. The rules are worked out afresh on every
        change and review; the dashboard lists each risk a rule fires on.
      </p>
      {leaving && (
        <div className="notice notice-warning" role="alert" data-testid="rules-leave">
          <p>The escalation rules have changes that are not saved.</p>
          <p>
            <button type="button" data-testid="rules-stay" onClick={() => setLeaving(null)}>
              Stay and keep editing
            </button>{' '}
            <button
              type="button"
              data-testid="rules-leave-anyway"
              onClick={() => {
                const to = leaving;
                cancel();
                // The guard goes with the draft: clear it now rather than after the next render.
                setLeaveGuard(null);
                showView(to);
              }}
            >
              Leave without saving
            </button>
          </p>
        </div>
      )}
      <form aria-label="Escalation rules" data-testid="rules-form" onSubmit={(e) => void save(e)}>
        {drafts.length === 0 ? (
          <p className="hint" data-testid="rules-empty">
            The register has no escalation rules yet.
          </p>
        ) : (
          <ol className="escalation-rules" data-testid="rules-list">
            {drafts.map((d, i) => {
              const hits = fired?.filter((f) => f.ruleId === String(i)) ?? null;
              const editing = open.has(d.key);
              return (
                <li
                  key={d.key}
                  className={d.disabled ? 'escalation-rule escalation-rule-off' : 'escalation-rule'}
                  data-testid={`rule-${i + 1}`}
                >
                  <p className="escalation-rule-words">
                    {d.disabled && (
                      <>
                        <span className="escalation-rule-badge" data-testid={`rule-off-${i + 1}`}>
                          Off
                        </span>{' '}
                      </>
                    )}
                    <strong data-testid={`rule-name-${i + 1}`}>{d.label.trim() || 'New rule'}</strong>:{' '}
                    <span data-testid={`rule-words-${i + 1}`}>{sentenceOf(d)}</span>
                  </p>
                  <p className="hint" data-testid={`rule-fires-${i + 1}`}>
                    {d.disabled
                      ? 'Off: fires on no risk until it is switched on again.'
                      : hits === null
                        ? 'Correct the rules to see which risks they fire on.'
                        : hits.length === 0
                          ? 'Fires on no risk now.'
                          : `Fires now on ${hits.map((h) => h.ref).join(', ')}.`}
                  </p>
                  <p className="escalation-rule-actions">
                    <button
                      type="button"
                      aria-expanded={editing}
                      disabled={readOnly}
                      data-testid={`rule-edit-${i + 1}`}
                      onClick={() => toggle(d.key)}
                    >
                      {editing ? `Close rule ${i + 1}` : `Edit rule ${i + 1}`}
                    </button>{' '}
                    <button
                      type="button"
                      aria-label={`Switch ${d.disabled ? 'on' : 'off'} rule ${i + 1}`}
                      disabled={readOnly}
                      data-testid={`rule-toggle-${i + 1}`}
                      onClick={() => change(i, { ...d, disabled: !d.disabled })}
                    >
                      {d.disabled ? 'Switch on' : 'Switch off'}
                    </button>{' '}
                    <button
                      type="button"
                      disabled={readOnly || i === 0}
                      aria-label={`Move rule ${i + 1} up`}
                      data-testid={`rule-up-${i + 1}`}
                      onClick={() => move(i, -1)}
                    >
                      ↑ Up
                    </button>{' '}
                    <button
                      type="button"
                      disabled={readOnly || i === drafts.length - 1}
                      aria-label={`Move rule ${i + 1} down`}
                      data-testid={`rule-down-${i + 1}`}
                      onClick={() => move(i, 1)}
                    >
                      ↓ Down
                    </button>{' '}
                    <button
                      type="button"
                      disabled={readOnly}
                      aria-label={`Delete rule ${i + 1}`}
                      data-testid={`rule-delete-${i + 1}`}
                      onClick={() => setDrafts((all) => all.filter((_, j) => j !== i))}
                    >
                      Delete
                    </button>
                  </p>
                  {(editing || (problems[i]?.length ?? 0) > 0) && (
                    <RuleFields
                      draft={d}
                      index={i}
                      bandKey={bandKey}
                      readOnly={readOnly}
                      problems={problems[i] ?? []}
                      onChange={(next) => change(i, next)}
                    />
                  )}
                </li>
              );
            })}
          </ol>
        )}
        <p>
          <button
            type="button"
            disabled={readOnly || drafts.length >= MAX_RULES}
            data-testid="rule-add"
            onClick={() => {
              const d = blankRule(bandKey);
              setDrafts((all) => [...all, d]);
              setOpen((s) => new Set(s).add(d.key));
            }}
          >
            Add a rule
          </button>
        </p>
        <label className="field">
          <span className="field-label">
            Reason for the change <span className="optional">(optional; recorded in the history)</span>
          </span>
          <input
            className="input"
            type="text"
            value={reason}
            maxLength={500}
            disabled={readOnly}
            data-testid="rules-reason"
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <p>
          <button type="submit" disabled={readOnly || !dirty || !sound} data-testid="rules-save">
            Save the rules
          </button>{' '}
          <button type="button" disabled={!dirty} data-testid="rules-cancel" onClick={cancel}>
            Cancel
          </button>
        </p>
      </form>
      <OutcomeNotice outcome={outcome} testId="rules-outcome" />
    </section>
  );
}
