import { useState } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord, ScorePair } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import type { ScoringCriteria } from '../../shared/criteria.ts';
import { descriptorsFor } from '../../shared/criteria.ts';
import { BandBadge } from '../components/BandBadge.tsx';
import { useCriteria } from '../settings/criteria-store.ts';
import { updatePair } from './panel-actions.ts';
import './workspace.css';

type Which = 'inherent' | 'target';

function PairLine({ pair, bandKey }: { pair: ScorePair; bandKey: BandKey }) {
  const a = assess(pair.impact, pair.likelihood, bandKey);
  return (
    <span className="pair-value">
      <span className="num">
        {a.impact} × {a.likelihood} =
      </span>
      <BandBadge band={a.band} score={a.score} />
    </span>
  );
}

/**
 * The three scores side by side: inherent (before controls), current (changed with the pickers above) and
 * target (after planned actions), each with its band. Inherent and target are set or cleared here. A target
 * worse than the current score is allowed, with a warning.
 */
export function ScoreTrio({
  risk,
  bandKey,
  readOnly,
}: {
  risk: RiskRecord;
  bandKey: BandKey;
  readOnly: boolean;
}) {
  const [error, setError] = useState<{ which: Which; message: string } | null>(null);
  const criteria = useCriteria();
  const current = assess(risk.impact, risk.likelihood, bandKey);
  const worse =
    risk.target !== null && current.assessed && risk.target.impact * risk.target.likelihood > current.score;

  const set = async (which: Which, pair: ScorePair | null) => {
    const message = await updatePair(risk, which, pair);
    setError(message ? { which, message } : null);
  };

  const row = (which: Which, label: string, hint: string) => {
    const pair = risk[which];
    return (
      <>
        <dt>
          {label}
          <span className="visually-hidden"> ({hint})</span>
        </dt>
        <dd data-testid={`score-${which}`}>
          {pair ? (
            <PairLine pair={pair} bandKey={bandKey} />
          ) : (
            <span className="pair-value muted">Not set</span>
          )}
          {!readOnly && (
            <PairPicker
              key={pair ? `${pair.impact}x${pair.likelihood}` : 'none'}
              which={which}
              label={label}
              pair={pair}
              criteria={criteria}
              onChoose={(p) => void set(which, p)}
            />
          )}
        </dd>
        {error?.which === which && (
          <dd className="field-error" role="alert" data-testid={`score-${which}-error`}>
            {error.message}
          </dd>
        )}
      </>
    );
  };

  return (
    <section className="panel-section" aria-labelledby="trio-heading" data-testid="score-trio">
      <h3 id="trio-heading">Inherent, current and target</h3>
      <dl className="score-trio">
        {row('inherent', 'Inherent', 'before controls')}
        <dt>Current</dt>
        <dd data-testid="score-current">
          {current.assessed ? <PairLine pair={current} bandKey={bandKey} /> : <BandBadge band={null} />}
        </dd>
        {row('target', 'Target', 'after planned actions')}
      </dl>
      {worse && (
        <p className="notice notice-warning inline" role="status" data-testid="target-warning">
          The target ({risk.target && risk.target.impact * risk.target.likelihood}) is worse than the current
          score ({current.score}). Check it is meant: a target is usually where the actions will bring the
          risk.
        </p>
      )}
    </section>
  );
}

const SCALES = {
  impact: { label: 'Impact', words: IMPACT_LABELS },
  likelihood: { label: 'Likelihood', words: LIKELIHOOD_LABELS },
} as const;

const describe = (criteria: ScoringCriteria, scale: 'impact' | 'likelihood', v: ScoreValue) =>
  descriptorsFor(criteria, scale, v)
    .map((d) => `${d.label}: ${d.text}.`)
    .join(' ');

/**
 * Impact and likelihood as two lists (compact, for the scores set less often). With the register's scoring
 * criteria, each option carries its level's descriptors (on hover), each list is described by its chosen level's
 * (read on focus), and while a list has the focus or the pointer the descriptors of its level show below, as in
 * the current score's picker: arrowing through a list shows each level's meaning.
 */
function PairPicker({
  which,
  label,
  pair,
  criteria,
  onChoose,
}: {
  which: Which;
  label: string;
  pair: ScorePair | null;
  criteria: ScoringCriteria | null;
  onChoose: (p: ScorePair | null) => void;
}) {
  // A half-chosen pair waits here until both are chosen.
  const [draft, setDraft] = useState<{ impact: ScoreValue | null; likelihood: ScoreValue | null }>({
    impact: pair?.impact ?? null,
    likelihood: pair?.likelihood ?? null,
  });
  const [active, setActive] = useState<'impact' | 'likelihood' | null>(null);
  const choose = (next: typeof draft) => {
    setDraft(next);
    if (next.impact && next.likelihood) {
      if (next.impact !== pair?.impact || next.likelihood !== pair.likelihood) {
        onChoose({ impact: next.impact, likelihood: next.likelihood });
      }
    }
  };
  const select = (scale: 'impact' | 'likelihood') => {
    const { label: word, words } = SCALES[scale];
    const value = draft[scale];
    return (
      <select
        className="input pair-select"
        aria-label={`${label} ${scale}`}
        aria-describedby={criteria && value ? `${which}-${scale}-meaning` : undefined}
        data-testid={`${which}-${scale}`}
        value={value ?? ''}
        onFocus={() => setActive(scale)}
        onBlur={() => setActive(null)}
        onMouseEnter={() => setActive(scale)}
        onMouseLeave={() => setActive(null)}
        onChange={(e) => choose({ ...draft, [scale]: (Number(e.target.value) || null) as ScoreValue | null })}
      >
        <option value="">{word}…</option>
        {SCORE_VALUES.map((v) => (
          <option key={v} value={v} title={criteria ? describe(criteria, scale, v) : undefined}>
            {v} {words[v]}
          </option>
        ))}
      </select>
    );
  };
  const shownValue = active ? draft[active] : null;
  return (
    <div className="pair-picker">
      {select('impact')}
      {select('likelihood')}
      {pair && (
        <button
          type="button"
          className="link"
          data-testid={`${which}-clear`}
          onClick={() => {
            setDraft({ impact: null, likelihood: null });
            onChoose(null);
          }}
        >
          Clear
        </button>
      )}
      {criteria &&
        (['impact', 'likelihood'] as const).map((scale) => {
          const v = draft[scale];
          return v ? (
            <span key={scale} id={`${which}-${scale}-meaning`} hidden>
              {describe(criteria, scale, v)}
            </span>
          ) : null;
        })}
      {criteria && active && shownValue && (
        <div className="picker-criteria pair-criteria" data-testid={`${which}-criteria`} aria-hidden="true">
          <p className="picker-criteria-title">
            {SCALES[active].label} <span className="num">{shownValue}</span>{' '}
            {SCALES[active].words[shownValue]} means
          </p>
          <dl>
            {descriptorsFor(criteria, active, shownValue).map((d) => (
              <div key={d.area} className="picker-criterion">
                <dt>{d.label}</dt>
                <dd>{d.text}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
