import { useEffect, useMemo, useState } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { HistoryEntry, ReviewCycle, RiskRecord } from '../../shared/domain.ts';
import { REVIEW_CYCLES } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS } from '../../shared/scoring.ts';
import { CYCLE_LABELS, daysBetween, dayOf, scoreTimeline } from '../../shared/travel.ts';
import { BandBadge } from '../components/BandBadge.tsx';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import {
  loadRiskHistory,
  recordReview,
  setReviewCycle,
  syncDue,
  syncTravel,
  wantTravel,
} from './history-actions.ts';
import { ScoreChart } from './ScoreChart.tsx';
import { useRiskHistoryStore, useTravelStore } from './stores.ts';
import { ARROWS, describeEntry, formatDay, formatWhen, timeInBandShort } from './words.ts';
import './history.css';

const SCORES: ScoreValue[] = [1, 2, 3, 4, 5];

/** "Overdue by 12 days" / "Due this month" / "Next review 22/02/2027", from the backend's today. */
export function reviewWords(nextReview: string, status: string, today: string): string {
  if (status === 'overdue') {
    const days = daysBetween(nextReview, today);
    return `Overdue by ${days} ${days === 1 ? 'day' : 'days'} (was due ${formatDay(nextReview)})`;
  }
  if (status === 'due') return `Due this month, by ${formatDay(nextReview)}`;
  return `Next review ${formatDay(nextReview)}`;
}

/** The selected risk's reviews, schedule, score chart and timeline; mounted in the risk panel. */
export function RiskHistorySection({ risk, readOnly = false }: { risk: RiskRecord; readOnly?: boolean }) {
  const bandKey = useRegisterStore(selectBandKey);
  const risks = useRisksStore((s) => s.risks);
  const travel = useTravelStore((s) => s.byId.get(risk.id));
  const today = useTravelStore((s) => s.due?.asOf ?? dayOf(new Date().toISOString()));
  const history = useRiskHistoryStore();

  useEffect(() => {
    syncTravel(risks);
    syncDue(risks);
  }, [risks]);
  useEffect(() => {
    if (!travel) wantTravel(risk.id);
  }, [travel, risk.id]);
  useEffect(() => {
    void loadRiskHistory(risk.id);
  }, [risk.id, risk.version]);

  const mine = history.riskId === risk.id;
  const entries = useMemo(() => (mine ? history.entries : []), [mine, history.entries]);
  const points = useMemo(() => scoreTimeline(entries), [entries]);

  return (
    <section
      className="panel-section history-section"
      aria-labelledby="history-heading"
      data-testid="history-section"
    >
      <h3 id="history-heading">Review and history</h3>
      {travel && (
        <div className="review-schedule">
          <p
            className={`review-status review-${travel.reviewStatus}`}
            data-testid="review-status"
            data-status={travel.reviewStatus}
          >
            {reviewWords(travel.nextReview, travel.reviewStatus, today)}
          </p>
          <p className="travel-line" data-testid="panel-travel">
            <span className={`travel-arrow travel-${travel.travel.direction}`} aria-hidden="true">
              {ARROWS[travel.travel.direction]}
            </span>{' '}
            {travel.travel.text === 'new' ? 'No earlier review to compare with' : travel.travel.text}
            {' · '}
            {timeInBandShort(travel.timeInBand)}
          </p>
          <CyclePicker risk={risk} cycle={travel.cycle} disabled={readOnly || history.saving} />
        </div>
      )}
      {!readOnly && <ReviewForm key={risk.id} risk={risk} bandKey={bandKey} saving={history.saving} />}
      {mine && history.saveError && (
        <p className="field-error" role="alert" data-testid="review-error">
          {history.saveError}
        </p>
      )}
      {mine && history.error && <p className="field-error">{history.error}</p>}
      <ScoreChart points={points} bandKey={bandKey} now={today} />
      <Timeline entries={entries} bandKey={bandKey} />
    </section>
  );
}

function CyclePicker({ risk, cycle, disabled }: { risk: RiskRecord; cycle: ReviewCycle; disabled: boolean }) {
  return (
    <label className="cycle-picker">
      <span>Review cycle</span>
      <select
        className="input"
        value={cycle}
        disabled={disabled}
        data-testid="review-cycle"
        onChange={(e) => void setReviewCycle(risk, e.target.value as ReviewCycle)}
      >
        {REVIEW_CYCLES.map((c) => (
          <option key={c} value={c}>
            {CYCLE_LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}

function ReviewForm({ risk, bandKey, saving }: { risk: RiskRecord; bandKey: BandKey; saving: boolean }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  // Null while the risk is not yet assessed: its first review must give a score.
  const [impact, setImpact] = useState<ScoreValue | null>(risk.impact);
  const [likelihood, setLikelihood] = useState<ScoreValue | null>(risk.likelihood);

  if (!open) {
    return (
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="review-open"
          onClick={() => {
            setImpact(risk.impact);
            setLikelihood(risk.likelihood);
            setOpen(true);
          }}
        >
          Review
        </button>
        <span className="hint">Record that the owner has looked at this risk.</span>
      </div>
    );
  }
  const changed = impact !== risk.impact || likelihood !== risk.likelihood;
  const after = impact !== null && likelihood !== null ? assess(impact, likelihood, bandKey) : null;
  const submit = async () => {
    if (
      await recordReview(
        risk,
        note,
        after ? { impact: after.impact, likelihood: after.likelihood } : undefined,
      )
    ) {
      setOpen(false);
      setNote('');
    }
  };
  return (
    <form
      className="review-form"
      data-testid="review-form"
      aria-label={`Review ${risk.ref}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="review-score">
        <label>
          <span>Impact</span>
          <select
            className="input"
            value={impact ?? ''}
            data-testid="review-impact"
            onChange={(e) => setImpact(Number(e.target.value) as ScoreValue)}
          >
            {impact === null && <option value="">Choose…</option>}
            {SCORES.map((v) => (
              <option key={v} value={v}>
                {v} {IMPACT_LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Likelihood</span>
          <select
            className="input"
            value={likelihood ?? ''}
            data-testid="review-likelihood"
            onChange={(e) => setLikelihood(Number(e.target.value) as ScoreValue)}
          >
            {likelihood === null && <option value="">Choose…</option>}
            {SCORES.map((v) => (
              <option key={v} value={v}>
                {v} {LIKELIHOOD_LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        <p className="review-outcome">
          {after ? (changed ? 'Score will become ' : 'Score stays ') : 'Choose the first score: '}
          <BandBadge band={after?.band ?? null} score={after?.score} />
        </p>
      </div>
      <label className="field">
        <span className="field-label">
          Note <span className="optional">(what the owner found)</span>
        </span>
        <textarea
          className="input"
          rows={2}
          value={note}
          data-testid="review-note"
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <div className="button-row">
        <button type="submit" className="primary" disabled={saving} data-testid="review-save">
          {changed ? 'Record review with new score' : 'Record review'}
        </button>
        <button type="button" disabled={saving} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Timeline({ entries, bandKey }: { entries: readonly HistoryEntry[]; bandKey: BandKey }) {
  if (entries.length === 0) return null;
  const newestFirst = [...entries].reverse();
  return (
    <ol className="timeline" aria-label="Timeline" data-testid="timeline">
      {newestFirst.map((e) => {
        const w = describeEntry(e, bandKey);
        return (
          <li key={e.seq} className="timeline-entry" data-testid="timeline-entry">
            <p className="timeline-meta">
              <time dateTime={e.at}>{formatWhen(e.at)}</time> · {e.by}
            </p>
            <p className="timeline-what">
              <strong>{w.what}</strong>
              {(w.old || w.new) && ': '}
              {w.old && <span className="old-value">{w.old}</span>}
              {w.old && w.new && <span aria-label="changed to"> → </span>}
              {w.new && <span className="new-value">{w.new}</span>}
            </p>
            {e.reason && <p className="timeline-why">Why: {e.reason}</p>}
          </li>
        );
      })}
    </ol>
  );
}
