import { useState } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS } from '../../shared/scoring.ts';
import { updateScore } from '../actions/risk-actions.ts';
import { failuresFor, useEditStore } from '../stores/edit-store.ts';
import { BandBadge } from './BandBadge.tsx';
import { ScorePicker } from './ScorePicker.tsx';
import { useCriteria } from '../settings/criteria-store.ts';

interface Preview {
  impact: ScoreValue | null;
  likelihood: ScoreValue | null;
}

/**
 * The current score's pickers. The outcome box shows the score, band and management action that a
 * hovered or focused value would give, before anything is saved; choosing a value saves it at once.
 */
export function ScoreEditor({
  risk,
  bandKey,
  readOnly,
}: {
  risk: RiskRecord;
  bandKey: BandKey;
  readOnly: boolean;
}) {
  const [preview, setPreview] = useState<Preview>({ impact: null, likelihood: null });
  // A risk not yet assessed needs both values before its first score can be saved: the first one chosen waits here.
  const [draft, setDraft] = useState<Preview>({ impact: null, likelihood: null });
  const [reason, setReason] = useState('');
  const criteria = useCriteria();
  const pending = useEditStore((s) => s.pending?.riskId === risk.id && s.pending.field === 'score');
  const failure = useEditStore((s) => failuresFor(s, risk.id).score);

  const impact = preview.impact ?? draft.impact ?? risk.impact;
  const likelihood = preview.likelihood ?? draft.likelihood ?? risk.likelihood;
  const previewing = impact !== risk.impact || likelihood !== risk.likelihood;
  const now = assess(risk.impact, risk.likelihood, bandKey);
  // Half a pair (a risk not yet assessed, one value chosen) is shown as not yet scored until the other is chosen.
  const shown = impact !== null && likelihood !== null ? assess(impact, likelihood, bandKey) : now;

  const choose = async (next: Preview) => {
    if (pending) return;
    const i = next.impact ?? draft.impact ?? risk.impact;
    const l = next.likelihood ?? draft.likelihood ?? risk.likelihood;
    if (i === null || l === null) {
      setDraft({ impact: i, likelihood: l });
      return;
    }
    if (i === risk.impact && l === risk.likelihood) return;
    if (await updateScore(risk, i, l, reason)) {
      setReason('');
      setDraft({ impact: null, likelihood: null });
    }
  };

  return (
    <section className="panel-section score-editor" aria-labelledby="score-heading">
      <h3 id="score-heading">Current score</h3>
      <ScorePicker
        name="impact"
        label="Impact"
        words={IMPACT_LABELS}
        value={draft.impact ?? risk.impact}
        disabled={readOnly}
        criteria={criteria}
        onPreview={(v) => setPreview((p) => ({ ...p, impact: v }))}
        onChoose={(v) => void choose({ impact: v, likelihood: null })}
      />
      <ScorePicker
        name="likelihood"
        label="Likelihood"
        words={LIKELIHOOD_LABELS}
        value={draft.likelihood ?? risk.likelihood}
        disabled={readOnly}
        criteria={criteria}
        onPreview={(v) => setPreview((p) => ({ ...p, likelihood: v }))}
        onChoose={(v) => void choose({ impact: null, likelihood: v })}
      />
      <div
        className={previewing ? 'score-outcome previewing' : 'score-outcome'}
        data-testid="score-outcome"
        aria-live="polite"
      >
        <p className="score-outcome-label">{previewing ? 'Would become' : 'Now'}</p>
        <div className="score-outcome-line">
          {shown.assessed && (
            <>
              <span className="num">
                {impact} × {likelihood} =
              </span>{' '}
            </>
          )}
          <BandBadge band={shown.band} score={shown.score} large />
          {previewing && shown.assessed && ' '}
          {previewing && shown.assessed && (
            <span className="score-outcome-from">
              from {now.assessed ? `${now.score} ${now.band.name}` : 'not yet scored'}
            </span>
          )}
        </div>
        <p className="score-outcome-action">
          {shown.assessed
            ? shown.band.action
            : 'Choose an impact and a likelihood to give this risk its first score.'}
        </p>
        {previewing && <p className="hint">Not saved until you choose it.</p>}
      </div>
      <label className="field">
        <span className="field-label">
          Reason for a change <span className="optional">(optional)</span>
        </span>
        <textarea
          className="input"
          rows={2}
          value={reason}
          disabled={readOnly}
          data-testid="score-reason"
          placeholder="For example: transition group now meets weekly"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      {failure && failure.attempted.field === 'score' && (
        <p className="field-error" role="alert" data-testid="score-error">
          {failure.message} Your choice of impact {failure.attempted.impact} × likelihood{' '}
          {failure.attempted.likelihood} was not saved.
        </p>
      )}
    </section>
  );
}
