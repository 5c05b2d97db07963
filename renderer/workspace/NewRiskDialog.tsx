import type { FormEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import { LIMITS } from '../../shared/contract/limits.ts';
import type { ScorePair } from '../../shared/domain.ts';
import { splitOwners } from '../../shared/owners.ts';
import { TITLE_MAX } from '../../shared/risk-title.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import { BandBadge } from '../components/BandBadge.tsx';
import { useRisksStore } from '../stores/risks-store.ts';
import type { FieldErrors } from './workspace-actions.ts';
import { closeNewRisk, createRisk } from './workspace-actions.ts';

type Pair = { impact: ScoreValue | null; likelihood: ScoreValue | null };
const EMPTY: Pair = { impact: null, likelihood: null };

/** A score pair as the form holds it: null when both are unset. Half-set pairs go to the server check. */
function toPair(p: Pair): ScorePair | null | { impact: unknown; likelihood: unknown } {
  if (p.impact === null && p.likelihood === null) return null;
  return { impact: p.impact ?? undefined, likelihood: p.likelihood ?? undefined };
}

export function isWorse(target: Pair, current: Pair): boolean {
  if (!target.impact || !target.likelihood || !current.impact || !current.likelihood) return false;
  return target.impact * target.likelihood > current.impact * current.likelihood;
}

/** The New risk form: a modal over the workspace. */
export function NewRiskDialog({ suggestedRef, bandKey }: { suggestedRef: string; bandKey: BandKey }) {
  const categories = useRisksStore((s) => s.categories);
  const [ref, setRef] = useState(suggestedRef);
  const [category, setCategory] = useState(categories[0] ?? '');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [current, setCurrent] = useState<Pair>(EMPTY);
  const [inherent, setInherent] = useState<Pair>(EMPTY);
  const [target, setTarget] = useState<Pair>(EMPTY);
  const [mitigation, setMitigation] = useState('');
  const [owners, setOwners] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => first.current?.focus(), []);

  // After a refused save, the cursor goes to the first field that needs attention, once the errors are drawn (the
  // fields are marked invalid only by the render that follows `setErrors`); with none marked, back to the save
  // button. Without this the focus was lost to the page when the save button was disabled for the attempt, and
  // Escape no longer reached the dialog.
  const [refusals, setRefusals] = useState(0);
  const save = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (refusals === 0) return;
    const firstBad = document.querySelector<HTMLElement>('[data-new-risk] [aria-invalid="true"]');
    (firstBad ?? save.current)?.focus();
  }, [refusals]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await createRisk({
      ...(ref.trim() ? { ref: ref.trim() } : {}),
      category,
      ...(title.trim() ? { title: title.trim() } : {}),
      description,
      impact: (current.impact ?? undefined) as ScoreValue,
      likelihood: (current.likelihood ?? undefined) as ScoreValue,
      inherent: toPair(inherent) as ScorePair | null,
      target: toPair(target) as ScorePair | null,
      mitigation,
      owners: splitOwners(owners),
    });
    setBusy(false);
    if (!result.ok) {
      setErrors(result.errors);
      setRefusals((n) => n + 1);
    }
  };

  const err = (name: string) => errors[name];
  const field = (name: string) => ({
    id: `${id}-${name}`,
    'aria-invalid': err(name) ? true : undefined,
    'aria-describedby': err(name) ? `${id}-${name}-error` : undefined,
  });
  const message = (name: string) =>
    err(name) ? (
      <p
        className="field-error"
        id={`${id}-${name}-error`}
        data-testid={`new-${name.replace('.', '-')}-error`}
      >
        {err(name)}
      </p>
    ) : null;

  const pairBox = (label: string, name: string, pair: Pair, set: (p: Pair) => void, optional: boolean) => {
    const a = pair.impact && pair.likelihood ? assess(pair.impact, pair.likelihood, bandKey) : null;
    const pairError = err(`${name}.impact`) ?? err(`${name}.likelihood`) ?? err(name);
    const impactName = name === 'current' ? 'impact' : `${name}.impact`;
    const likelihoodName = name === 'current' ? 'likelihood' : `${name}.likelihood`;
    return (
      <fieldset className="score-pair-box" data-testid={`new-${name}`}>
        <legend>
          {label} {optional && <span className="optional">(optional)</span>}
        </legend>
        <label className="field">
          <span className="field-label">Impact</span>
          <select
            className="input"
            {...field(impactName)}
            data-testid={`new-${name}-impact`}
            value={pair.impact ?? ''}
            onChange={(e) => set({ ...pair, impact: (Number(e.target.value) || null) as ScoreValue | null })}
          >
            <option value="">{optional ? 'Not set' : 'Choose…'}</option>
            {SCORE_VALUES.map((v) => (
              <option key={v} value={v}>
                {v} {IMPACT_LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        {message(impactName)}
        <label className="field">
          <span className="field-label">Likelihood</span>
          <select
            className="input"
            {...field(likelihoodName)}
            data-testid={`new-${name}-likelihood`}
            value={pair.likelihood ?? ''}
            onChange={(e) =>
              set({ ...pair, likelihood: (Number(e.target.value) || null) as ScoreValue | null })
            }
          >
            <option value="">{optional ? 'Not set' : 'Choose…'}</option>
            {SCORE_VALUES.map((v) => (
              <option key={v} value={v}>
                {v} {LIKELIHOOD_LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        {message(likelihoodName)}
        {name !== 'current' && pairError && !err(impactName) && !err(likelihoodName) && (
          <p className="field-error">{pairError}</p>
        )}
        <p className="score-pair-result" aria-live="polite">
          {a ? (
            <>
              <span className="num">
                {a.impact} × {a.likelihood} ={' '}
              </span>
              <BandBadge band={a.band} score={a.score} />
            </>
          ) : (
            <span className="muted">{optional ? 'Not set' : 'Choose both'}</span>
          )}
        </p>
      </fieldset>
    );
  };

  return (
    <div className="modal-backdrop" role="presentation">
      <div
        className="ws-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid="new-risk-dialog"
        data-new-risk
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            closeNewRisk();
          }
        }}
      >
        <form noValidate onSubmit={(e) => void submit(e)}>
          <h2 id={`${id}-title`}>New risk</h2>
          {errors.form && (
            <p className="notice notice-error" role="alert" data-testid="new-form-error">
              {errors.form}
            </p>
          )}
          <div className="form-grid">
            <label className="field-label" htmlFor={`${id}-ref`}>
              Ref
            </label>
            <div>
              <input
                className="input"
                {...field('ref')}
                data-testid="new-ref"
                value={ref}
                maxLength={LIMITS.ref + 5}
                onChange={(e) => setRef(e.target.value)}
              />
              {message('ref') ?? (
                <p className="hint">Suggested: {suggestedRef || 'none'}. You may change it.</p>
              )}
            </div>
            <label className="field-label" htmlFor={`${id}-category`}>
              Category
            </label>
            <div>
              <input
                className="input"
                {...field('category')}
                data-testid="new-category"
                list={`${id}-categories`}
                value={category}
                onChange={(e) => setCategory(e.target.value)}
              />
              <datalist id={`${id}-categories`}>
                {categories.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
              {message('category')}
            </div>
            <label className="field-label" htmlFor={`${id}-title-input`}>
              Title <span className="optional">(optional)</span>
            </label>
            <div>
              <input
                className="input"
                {...field('title')}
                id={`${id}-title-input`}
                data-testid="new-title"
                value={title}
                maxLength={TITLE_MAX + 5}
                onChange={(e) => setTitle(e.target.value)}
              />
              {message('title') ?? (
                <p className="hint">A short name for the risk, shown in bold before its description.</p>
              )}
            </div>
            <label className="field-label" htmlFor={`${id}-description`}>
              Description
            </label>
            <div>
              <textarea
                ref={first}
                className="input"
                rows={3}
                {...field('description')}
                data-testid="new-description"
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
              {message('description') ?? (
                <p className="hint">
                  What could happen, and what it would mean. {description.length.toLocaleString('en-GB')} of{' '}
                  {LIMITS.description.toLocaleString('en-GB')} characters.
                </p>
              )}
            </div>
          </div>
          <div className="score-pair-inputs">
            {pairBox('Inherent (before controls)', 'inherent', inherent, setInherent, true)}
            {pairBox('Current', 'current', current, setCurrent, false)}
            {pairBox('Target (after actions)', 'target', target, setTarget, true)}
          </div>
          {isWorse(target, current) && (
            <p className="notice notice-warning inline" data-testid="new-target-warning">
              The target score is worse than the current score. You can still save it; check it is meant.
            </p>
          )}
          <div className="form-grid">
            <label className="field-label" htmlFor={`${id}-mitigation`}>
              Mitigation <span className="optional">(controls in place)</span>
            </label>
            <div>
              <textarea
                className="input"
                rows={3}
                {...field('mitigation')}
                data-testid="new-mitigation"
                value={mitigation}
                onChange={(e) => setMitigation(e.target.value)}
              />
              {message('mitigation')}
            </div>
            <label className="field-label" htmlFor={`${id}-owners`}>
              Owner(s)
            </label>
            <div>
              <input
                className="input"
                {...field('owners')}
                data-testid="new-owners"
                value={owners}
                onChange={(e) => setOwners(e.target.value)}
              />
              {message('owners') ?? <p className="hint">Initials, separated by spaces: SP CHo</p>}
            </div>
          </div>
          <div className="dialog-actions">
            <button type="button" onClick={closeNewRisk}>
              Cancel
            </button>
            <button ref={save} type="submit" className="primary" disabled={busy} data-testid="new-save">
              Add risk
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
