import type { FormEvent } from 'react';
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
import type { View } from '../stores/ui-store.ts';

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
  return { ...(d.id ? { id: d.id } : {}), label: d.label, when, then: d.then, to: d.to };
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

/** One rule's fields. */
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
  return (
    <fieldset className="escalation-fields" data-testid={`rule-fields-${index + 1}`}>
      <legend>Rule {index + 1}</legend>
      <label className="field">
        <span className="field-label">Label</span>
        <input
          id={id('label')}
          className="input"
          type="text"
          maxLength={200}
          value={draft.label}
          disabled={readOnly}
          aria-describedby={problemsId}
          data-testid={`rule-label-${index + 1}`}
          onChange={(e) => set({ label: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">When</span>
        <select
          id={id('metric')}
          value={draft.metric}
          disabled={readOnly}
          data-testid={`rule-metric-${index + 1}`}
          onChange={(e) => {
            const metric = e.target.value as Metric;
            set({ metric, op: opsFor(metric)[0] ?? '=', value: defaultValue(metric, bandKey) });
          }}
        >
          {(Object.keys(METRIC_LABELS) as Metric[]).map((m) => (
            <option key={m} value={m}>
              {METRIC_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Test</span>
        <select
          id={id('op')}
          value={draft.op}
          disabled={readOnly || opsFor(draft.metric).length < 2}
          data-testid={`rule-op-${index + 1}`}
          onChange={(e) => set({ op: e.target.value })}
        >
          {opsFor(draft.metric).map((o) => (
            <option key={o} value={o}>
              {OP_LABELS[o] ?? o}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">
          {draft.metric === 'current-score'
            ? 'Score (1–25)'
            : draft.metric === 'band'
              ? 'Band'
              : draft.metric === 'appetite'
                ? 'Status'
                : 'Date'}
        </span>
        {draft.metric === 'current-score' ? (
          <input
            id={id('value')}
            type="number"
            min={1}
            max={25}
            step={1}
            inputMode="numeric"
            value={draft.value}
            disabled={readOnly}
            aria-describedby={problemsId}
            data-testid={`rule-value-${index + 1}`}
            onChange={(e) => set({ value: e.target.value })}
          />
        ) : draft.metric === 'band' ? (
          <select
            id={id('value')}
            value={draft.value}
            disabled={readOnly}
            data-testid={`rule-value-${index + 1}`}
            onChange={(e) => set({ value: e.target.value })}
          >
            {!bandKey.some((b) => b.name === draft.value) && (
              <option value={draft.value}>{draft.value}</option>
            )}
            {bandKey.map((b) => (
              <option key={b.name} value={b.name}>
                {b.name}
              </option>
            ))}
          </select>
        ) : draft.metric === 'appetite' ? (
          <select
            id={id('value')}
            value={draft.value}
            disabled={readOnly}
            data-testid={`rule-value-${index + 1}`}
            onChange={(e) => set({ value: e.target.value })}
          >
            <option value="within">Within appetite</option>
            <option value="outside">Outside appetite</option>
          </select>
        ) : (
          <input
            id={id('value')}
            type="date"
            value={draft.value}
            disabled={readOnly}
            aria-describedby={problemsId}
            data-testid={`rule-value-${index + 1}`}
            onChange={(e) => set({ value: e.target.value })}
          />
        )}
      </label>
      {draft.metric !== 'target' && (
        <>
          <label className="field">
            <span className="field-label">For how long</span>
            <select
              id={id('lasts')}
              value={draft.lasts}
              disabled={readOnly}
              data-testid={`rule-lasts-${index + 1}`}
              onChange={(e) => set({ lasts: e.target.value as Lasts })}
            >
              <option value="now">Now</option>
              <option value="reviews">At each of the last … reviews</option>
              <option value="quarters">Throughout the last … quarters</option>
            </select>
          </label>
          {draft.lasts !== 'now' && (
            <>
              <label className="field">
                <span className="field-label">
                  {draft.lasts === 'reviews' ? 'Reviews (1–12)' : 'Quarters (1–8)'}
                </span>
                <input
                  id={id('count')}
                  type="number"
                  min={1}
                  max={draft.lasts === 'reviews' ? 12 : 8}
                  step={1}
                  inputMode="numeric"
                  value={draft.count}
                  disabled={readOnly}
                  aria-describedby={problemsId}
                  data-testid={`rule-count-${index + 1}`}
                  onChange={(e) => set({ count: e.target.value })}
                />
              </label>
            </>
          )}
        </>
      )}
      <label className="field">
        <span className="field-label">Then</span>
        <select
          id={id('then')}
          value={draft.then}
          disabled={readOnly}
          data-testid={`rule-then-${index + 1}`}
          onChange={(e) => set({ then: e.target.value as RuleOutcome })}
        >
          <option value="escalate">Escalate</option>
          <option value="de-escalate">Propose de-escalation</option>
        </select>
      </label>
      <label className="field">
        <span className="field-label">To (who)</span>
        <input
          id={id('to')}
          className="input"
          type="text"
          maxLength={200}
          value={draft.to}
          disabled={readOnly}
          aria-describedby={problemsId}
          data-testid={`rule-to-${index + 1}`}
          onChange={(e) => set({ to: e.target.value })}
        />
      </label>
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
 * draft that is checked as it is typed and again by the handler. Save records the new list in history with the
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

  useEffect(() => {
    call('escalation:rules', {}).then(
      (rules) => {
        setSaved(rules);
        setDrafts(rules.map(fromRule));
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);

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
      const next = await call('escalation:set-rules', { rules: inputs, reason: reason.trim() || undefined });
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
                <li key={d.key} data-testid={`rule-${i + 1}`}>
                  <p className="escalation-rule-words">
                    <strong data-testid={`rule-name-${i + 1}`}>{d.label.trim() || 'New rule'}</strong>:{' '}
                    <span data-testid={`rule-words-${i + 1}`}>{sentenceOf(d)}</span>
                  </p>
                  <p className="hint" data-testid={`rule-fires-${i + 1}`}>
                    {hits === null
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
