/**
 * The risk panel's controls, assurance, treatment and acceptance. Each change is saved at once through the
 * handler table; the section reads its figures again after a write here and whenever the register's list moves
 * (a write in another window, see ARCHITECTURE.md "Refreshing after a change").
 */
import type { FormEvent } from 'react';
import { useCallback, useEffect, useState } from 'react';
import { ukDate } from '../../shared/actions.ts';
import type {
  AssuranceLine,
  AssuranceRecord,
  AssuranceStrength,
  ControlRecord,
  ControlType,
  Effectiveness,
  RiskControlsView,
  Treatment,
} from '../../shared/controls.ts';
import {
  ASSURANCE_LINES,
  ASSURANCE_STRENGTHS,
  CONTROL_TYPE_LABELS,
  CONTROL_TYPES,
  EFFECTIVENESS,
  EFFECTIVENESS_LABELS,
  LINE_LABELS,
  STRENGTH_LABELS,
  TREATMENT_LABELS,
  TREATMENTS,
} from '../../shared/controls.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { markSaved } from '../actions/view-actions.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { parseUkDate } from '../workspace/panel-actions.ts';
import { SplitMitigation } from './SplitMitigation.tsx';
import { latestSeq, onUndoApplied, recordAfter, recordChange } from '../workspace/undo-actions.ts';

/** A control or assurance write, remembered on the window's undo stack (Ctrl+Z) under `label`. */
async function undoable<R extends { id: string; updatedAt: string }>(
  entity: 'control' | 'assurance',
  write: Promise<R>,
  label: string,
): Promise<R> {
  const r = await write;
  void recordChange(entity, r, label);
  return r;
}

/** A treatment or acceptance write (no `updatedAt`): its entries on the risk after the mark taken before it. */
async function undoableTreatment<R>(riskId: string, write: () => Promise<R>, label: string): Promise<R> {
  const mark = await latestSeq('risk', riskId);
  const r = await write();
  void recordAfter('risk', riskId, mark, label);
  return r;
}

function assessedWords(c: ControlRecord): string {
  if (!c.assessedAt) return 'not yet assessed';
  return `assessed ${ukDate(c.assessedAt.slice(0, 10))} by ${c.assessedBy ?? 'unknown'}`;
}

/** Read the open risk's controls view; again after each write and when the register's list moves. */
function useRiskControls(riskId: string) {
  const risks = useRisksStore((s) => s.risks);
  const [view, setView] = useState<RiskControlsView | null>(null);
  const [all, setAll] = useState<ControlRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void Promise.all([call('controls:for-risk', { riskId }), call('controls:list', {})]).then(
      ([v, list]) => {
        if (!live) return;
        setView(v);
        setAll(list);
        setError(null);
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [riskId, risks, tick]);
  // An undo or redo of a control or assurance need not move the risk list: read again after every one.
  useEffect(() => onUndoApplied(() => setTick((t) => t + 1)), []);
  /** Run a write, then read again; a refusal comes back as the handler's sentence. */
  const run = useCallback(async (fn: () => Promise<unknown>): Promise<string | null> => {
    try {
      await fn();
      markSaved();
      return null;
    } catch (e) {
      return messageOf(e);
    } finally {
      setTick((t) => t + 1);
    }
  }, []);
  return { view, all, error, run };
}

export function ControlsSection({ risk, readOnly }: { risk: RiskRecord; readOnly: boolean }) {
  const { view, all, error, run } = useRiskControls(risk.id);
  const [message, setMessage] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => setMessage(await run(fn));
  if (!view) {
    return (
      <section className="panel-section" data-testid="controls-section">
        <h3>Controls and assurance</h3>
        {error && <p className="field-error">{error}</p>}
      </section>
    );
  }
  const unlinked = all.filter((c) => !c.risks.some((r) => r.riskId === risk.id));
  const { flags } = view;
  return (
    <section className="panel-section" aria-labelledby="controls-heading" data-testid="controls-section">
      <h3 id="controls-heading">
        Controls <span className="muted">· {view.controls.length}</span>
      </h3>
      {(error ?? message) && (
        <p className="field-error" role="alert" data-testid="controls-error">
          {error ?? message}
        </p>
      )}
      <ul className="action-list" data-testid="control-list">
        {view.controls.map((c) => (
          <li key={c.id} className="action-item" data-testid="control-item">
            <p>{c.text}</p>
            <p className="muted">
              {c.type ? `${CONTROL_TYPE_LABELS[c.type]} · ` : ''}
              {c.owner ? `${c.owner} · ` : ''}
              <span data-testid="control-effectiveness">{EFFECTIVENESS_LABELS[c.effectiveness]}</span>,{' '}
              {assessedWords(c)}
              {c.risks.length > 1 &&
                ` · also ${c.risks
                  .filter((r) => r.riskId !== risk.id)
                  .map((r) => r.ref)
                  .join(', ')}`}
              {c.assessmentOverdue && c.nextAssessmentDue && (
                <strong> · assessment overdue since {ukDate(c.nextAssessmentDue)}</strong>
              )}
            </p>
            {!readOnly && (
              <p>
                <label>
                  Assess{' '}
                  <select
                    aria-label={`Assess ${c.text}`}
                    value=""
                    onChange={(e) => {
                      const v = e.target.value as Effectiveness;
                      if (v)
                        void act(() =>
                          undoable(
                            'control',
                            call('controls:assess', { id: c.id, version: c.version, effectiveness: v }),
                            `control “${c.text}” assessed ${EFFECTIVENESS_LABELS[v].toLowerCase()}`,
                          ),
                        );
                    }}
                  >
                    <option value="">Choose…</option>
                    {EFFECTIVENESS.map((x) => (
                      <option key={x} value={x}>
                        {EFFECTIVENESS_LABELS[x]}
                      </option>
                    ))}
                  </select>
                </label>{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    void act(() =>
                      undoable(
                        'control',
                        call('controls:unlink', { id: c.id, riskId: risk.id }),
                        `control “${c.text}” unlinked from ${risk.ref}`,
                      ),
                    )
                  }
                >
                  Unlink
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
      {view.controls.length === 0 && <p className="hint">No controls recorded for this risk.</p>}
      {!readOnly && (
        <>
          {risk.mitigation.trim() && <SplitMitigation risk={risk} run={run} />}
          <NewControlForm
            onAdd={(d) =>
              run(() =>
                undoable(
                  'control',
                  call('controls:create', { ...d, riskIds: [risk.id] }),
                  `control “${d.text.trim()}” added`,
                ),
              )
            }
          />
          {unlinked.length > 0 && (
            <label>
              Link an existing control{' '}
              <select
                data-testid="link-control"
                value=""
                onChange={(e) => {
                  const id = e.target.value;
                  const text = unlinked.find((c) => c.id === id)?.text ?? 'control';
                  if (id)
                    void act(() =>
                      undoable(
                        'control',
                        call('controls:link', { id, riskId: risk.id }),
                        `control “${text}” linked to ${risk.ref}`,
                      ),
                    );
                }}
              >
                <option value="">Choose…</option>
                {unlinked.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.text}
                  </option>
                ))}
              </select>
            </label>
          )}
        </>
      )}

      <h3>Assurance</h3>
      {flags.assuranceGaps.map((g) => (
        <p key={g} className="notice" data-testid="assurance-gap">
          {g}
        </p>
      ))}
      <ul className="action-list" data-testid="assurance-list">
        {view.assurances.map((a) => (
          <AssuranceItem
            key={a.id}
            assurance={a}
            readOnly={readOnly}
            onSave={(changes) =>
              run(() =>
                undoable(
                  'assurance',
                  call('assurances:update', { id: a.id, version: a.version, changes }),
                  `assurance “${a.source}” edited`,
                ),
              )
            }
            onRemove={() =>
              void act(() =>
                undoable(
                  'assurance',
                  call('assurances:delete', { id: a.id, version: a.version }),
                  `assurance “${a.source}” removed`,
                ),
              )
            }
          />
        ))}
      </ul>
      {!readOnly && (
        <AssuranceForm
          submitLabel="Add assurance"
          onSubmit={(d) =>
            run(() =>
              undoable(
                'assurance',
                call('assurances:create', { riskId: risk.id, ...d }),
                `assurance “${d.source.trim()}” added`,
              ),
            )
          }
        />
      )}

      <TreatmentPart view={view} riskRef={risk.ref} readOnly={readOnly} run={run} />
    </section>
  );
}

interface ControlDraft {
  text: string;
  effectiveness: Effectiveness;
  type: ControlType | null;
  owner: string | null;
}

function NewControlForm({ onAdd }: { onAdd: (d: ControlDraft) => Promise<string | null> }) {
  const [text, setText] = useState('');
  const [effectiveness, setEffectiveness] = useState<Effectiveness>('unassessed');
  const [type, setType] = useState<ControlType | ''>('');
  const [owner, setOwner] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const failed = await onAdd({ text, effectiveness, type: type || null, owner: owner.trim() || null });
    setError(failed);
    if (!failed) setText('');
  };
  return (
    <form className="action-form" onSubmit={(e) => void submit(e)} data-testid="new-control">
      <label>
        New control <input value={text} onChange={(e) => setText(e.target.value)} aria-label="New control" />
      </label>
      <label>
        Type{' '}
        <select
          aria-label="Control type"
          value={type}
          onChange={(e) => setType(e.target.value as ControlType | '')}
        >
          <option value="">Not stated</option>
          {CONTROL_TYPES.map((t) => (
            <option key={t} value={t}>
              {CONTROL_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Effectiveness{' '}
        <select
          aria-label="Effectiveness"
          value={effectiveness}
          onChange={(e) => setEffectiveness(e.target.value as Effectiveness)}
        >
          {EFFECTIVENESS.map((x) => (
            <option key={x} value={x}>
              {EFFECTIVENESS_LABELS[x]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Owner{' '}
        <input value={owner} onChange={(e) => setOwner(e.target.value)} aria-label="Control owner" size={6} />
      </label>
      <button type="submit">Add control</button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

interface AssuranceDraft {
  source: string;
  line: AssuranceLine;
  strength: AssuranceStrength;
  date: string | null;
  gaps: string;
}

function AssuranceItem({
  assurance: a,
  readOnly,
  onSave,
  onRemove,
}: {
  assurance: AssuranceRecord;
  readOnly: boolean;
  onSave: (d: AssuranceDraft) => Promise<string | null>;
  onRemove: () => void;
}) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <li className="action-item">
        <AssuranceForm
          initial={a}
          submitLabel="Save assurance"
          onCancel={() => setEditing(false)}
          onSubmit={async (d) => {
            const failed = await onSave(d);
            if (!failed) setEditing(false);
            return failed;
          }}
        />
      </li>
    );
  }
  return (
    <li className="action-item" data-testid="assurance-item">
      <p>{a.source}</p>
      <p className="muted">
        {LINE_LABELS[a.line]} · {STRENGTH_LABELS[a.strength]}
        {a.date ? ` · ${ukDate(a.date)}` : ''}
        {a.gaps ? ` · Gaps: ${a.gaps}` : ''}
      </p>
      {!readOnly && (
        <p>
          <button type="button" className="link" onClick={() => setEditing(true)}>
            Edit
          </button>{' '}
          <button type="button" className="link" onClick={onRemove}>
            Remove
          </button>
        </p>
      )}
    </li>
  );
}

function AssuranceForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: AssuranceRecord;
  submitLabel: string;
  onSubmit: (d: AssuranceDraft) => Promise<string | null>;
  onCancel?: () => void;
}) {
  const [source, setSource] = useState(initial?.source ?? '');
  const [line, setLine] = useState<AssuranceLine>(initial?.line ?? 1);
  const [strength, setStrength] = useState<AssuranceStrength>(initial?.strength ?? 'reasonable');
  const [date, setDate] = useState(initial?.date ? ukDate(initial.date) : '');
  const [gaps, setGaps] = useState(initial?.gaps ?? '');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const iso = parseUkDate(date);
    if (iso === undefined) {
      setError('The date must be a real date written as dd/mm/yyyy, such as 31/03/2026.');
      return;
    }
    const failed = await onSubmit({ source, line, strength, date: iso, gaps });
    setError(failed);
    if (!failed && !initial) {
      setSource('');
      setGaps('');
      setDate('');
    }
  };
  return (
    <form className="action-form" onSubmit={(e) => void submit(e)} data-testid="assurance-form">
      <label>
        Source{' '}
        <input aria-label="Assurance source" value={source} onChange={(e) => setSource(e.target.value)} />
      </label>
      <label>
        Line{' '}
        <select
          aria-label="Line"
          value={line}
          onChange={(e) => setLine(Number(e.target.value) as AssuranceLine)}
        >
          {ASSURANCE_LINES.map((l) => (
            <option key={l} value={l}>
              {LINE_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Strength{' '}
        <select
          aria-label="Strength"
          value={strength}
          onChange={(e) => setStrength(e.target.value as AssuranceStrength)}
        >
          {ASSURANCE_STRENGTHS.map((s) => (
            <option key={s} value={s}>
              {STRENGTH_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Date{' '}
        <input
          aria-label="Assurance date"
          placeholder="dd/mm/yyyy"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          size={10}
        />
      </label>
      <label>
        Gaps <input aria-label="Gaps" value={gaps} onChange={(e) => setGaps(e.target.value)} />
      </label>
      <button type="submit">{submitLabel}</button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function TreatmentPart({
  view,
  riskRef,
  readOnly,
  run,
}: {
  view: RiskControlsView;
  riskRef: string;
  readOnly: boolean;
  run: (fn: () => Promise<unknown>) => Promise<string | null>;
}) {
  const t = view.treatment;
  const [by, setBy] = useState(t.acceptance?.by ?? '');
  const [why, setWhy] = useState(t.acceptance?.why ?? '');
  const [until, setUntil] = useState(t.acceptance ? ukDate(t.acceptance.until) : '');
  const [error, setError] = useState<string | null>(null);
  const setTreatment = async (treatment: Treatment | null) => {
    setError(
      await run(() =>
        undoableTreatment(
          view.riskId,
          () => call('treatment:set', { riskId: view.riskId, version: t.version, treatment }),
          `${riskRef} treatment`,
        ),
      ),
    );
  };
  const accept = async (e: FormEvent) => {
    e.preventDefault();
    const iso = parseUkDate(until);
    if (!iso) {
      setError('The acceptance needs a date it stands until, written as dd/mm/yyyy, such as 31/03/2027.');
      return;
    }
    setError(
      await run(() =>
        undoableTreatment(
          view.riskId,
          () =>
            call('treatment:set', {
              riskId: view.riskId,
              version: t.version,
              treatment: 'tolerate',
              acceptance: { by, why, until: iso },
            }),
          `${riskRef} acceptance`,
        ),
      ),
    );
  };
  return (
    <div data-testid="treatment-part">
      <h3>Treatment</h3>
      {view.flags.acceptanceNeeded && (
        <p className="notice" data-testid="acceptance-needed">
          Tolerated above its category’s appetite: record who accepted it, why and until when.
        </p>
      )}
      {view.flags.acceptanceExpired && t.acceptance && (
        <p className="notice" data-testid="acceptance-expired">
          Acceptance expired on {ukDate(t.acceptance.until)}: the risk is due for review again.
        </p>
      )}
      <label>
        Decision{' '}
        <select
          aria-label="Treatment"
          disabled={readOnly}
          value={t.treatment ?? ''}
          onChange={(e) => void setTreatment((e.target.value || null) as Treatment | null)}
        >
          <option value="">Not decided</option>
          {TREATMENTS.map((x) => (
            <option key={x} value={x}>
              {TREATMENT_LABELS[x]}
            </option>
          ))}
        </select>
      </label>
      {t.acceptance && (
        <p className="muted" data-testid="acceptance">
          Accepted by {t.acceptance.by} until {ukDate(t.acceptance.until)}: {t.acceptance.why}
        </p>
      )}
      {t.treatment === 'tolerate' && !readOnly && (
        <form className="action-form" onSubmit={(e) => void accept(e)} data-testid="acceptance-form">
          <label>
            Accepted by <input aria-label="Accepted by" value={by} onChange={(e) => setBy(e.target.value)} />
          </label>
          <label>
            Why <input aria-label="Why accepted" value={why} onChange={(e) => setWhy(e.target.value)} />
          </label>
          <label>
            Until{' '}
            <input
              aria-label="Accepted until"
              placeholder="dd/mm/yyyy"
              value={until}
              onChange={(e) => setUntil(e.target.value)}
              size={10}
            />
          </label>
          <button type="submit">Record acceptance</button>
        </form>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="treatment-error">
          {error}
        </p>
      )}
    </div>
  );
}
