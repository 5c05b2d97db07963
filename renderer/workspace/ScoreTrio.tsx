import { useState } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord, ScorePair } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import { BandBadge } from '../components/BandBadge.tsx';
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

function PairPicker({
  which,
  label,
  pair,
  onChoose,
}: {
  which: Which;
  label: string;
  pair: ScorePair | null;
  onChoose: (p: ScorePair | null) => void;
}) {
  // A half-chosen pair waits here until both are chosen.
  const [draft, setDraft] = useState<{ impact: ScoreValue | null; likelihood: ScoreValue | null }>({
    impact: pair?.impact ?? null,
    likelihood: pair?.likelihood ?? null,
  });
  const choose = (next: typeof draft) => {
    setDraft(next);
    if (next.impact && next.likelihood) {
      if (next.impact !== pair?.impact || next.likelihood !== pair.likelihood) {
        onChoose({ impact: next.impact, likelihood: next.likelihood });
      }
    }
  };
  return (
    <span className="pair-picker">
      <select
        className="input pair-select"
        aria-label={`${label} impact`}
        data-testid={`${which}-impact`}
        value={draft.impact ?? ''}
        onChange={(e) => choose({ ...draft, impact: (Number(e.target.value) || null) as ScoreValue | null })}
      >
        <option value="">Impact…</option>
        {SCORE_VALUES.map((v) => (
          <option key={v} value={v}>
            {v} {IMPACT_LABELS[v]}
          </option>
        ))}
      </select>
      <select
        className="input pair-select"
        aria-label={`${label} likelihood`}
        data-testid={`${which}-likelihood`}
        value={draft.likelihood ?? ''}
        onChange={(e) =>
          choose({ ...draft, likelihood: (Number(e.target.value) || null) as ScoreValue | null })
        }
      >
        <option value="">Likelihood…</option>
        {SCORE_VALUES.map((v) => (
          <option key={v} value={v}>
            {v} {LIKELIHOOD_LABELS[v]}
          </option>
        ))}
      </select>
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
    </span>
  );
}
