import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import type { CriteriaArea, CriterionChange, ScoringCriteria } from '../../shared/criteria.ts';
import { CRITERION_MAX, criteriaRows } from '../../shared/criteria.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import { ApiError } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { OutcomeNotice } from '../components/OutcomeNotice.tsx';
import { useRegisterStore } from '../stores/register-store.ts';
import { loadCriteria, useCriteria, useCriteriaStore } from './criteria-store.ts';

function changesBetween(saved: ScoringCriteria, draft: ScoringCriteria): CriterionChange[] {
  const out: CriterionChange[] = [];
  for (const area of Object.keys(draft) as CriteriaArea[])
    for (const level of SCORE_VALUES)
      if (draft[area][level].trim() !== saved[area][level])
        out.push({ area, level, text: draft[area][level] });
  return out;
}

/**
 * Settings › Scoring criteria: what each impact level means per area and each likelihood level as a probability
 * and a time frame. The score pickers show them; the board pack prints them. Every change is recorded.
 */
export function CriteriaView() {
  const saved = useCriteria();
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const [draft, setDraft] = useState<ScoringCriteria | null>(saved);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => {
    setDraft((d) => d ?? saved);
  }, [saved]);

  if (!saved || !draft) return <p className="hint">Reading the scoring criteria…</p>;
  const changes = changesBetween(saved, draft);

  const edit = (area: CriteriaArea, level: ScoreValue, text: string) =>
    setDraft((d) => (d ? { ...d, [area]: { ...d[area], [level]: text } } : d));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!changes.length) return;
    try {
      const next = await call('criteria:set', { changes, reason: reason.trim() || undefined });
      useCriteriaStore.setState({ criteria: next });
      setDraft(next);
      setReason('');
      setMessage({
        text: `Saved ${changes.length === 1 ? 'one descriptor' : `${changes.length} descriptors`}. The change is recorded in the audit trail.`,
        error: false,
      });
      void loadCriteria(useCriteriaStore.getState().readAt);
    } catch (err) {
      setMessage({ text: err instanceof ApiError ? err.message : String(err), error: true });
    }
  };

  const table = (scale: 'impact' | 'likelihood', caption: string, words: Record<ScoreValue, string>) => (
    <table className="criteria-table" data-testid={`criteria-${scale}`}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{scale === 'impact' ? 'Area' : 'Measure'}</th>
          {SCORE_VALUES.map((l) => (
            <th key={l} scope="col">
              <span className="num">{l}</span> {words[l]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {criteriaRows(draft, scale).map((row) => (
          <tr key={row.area}>
            <th scope="row">{row.label}</th>
            {SCORE_VALUES.map((l) => (
              <td key={l}>
                <textarea
                  rows={3}
                  maxLength={CRITERION_MAX}
                  aria-label={`${row.label}, ${scale} ${l} ${words[l]}`}
                  data-testid={`criterion-${row.area}-${l}`}
                  value={draft[row.area][l]}
                  disabled={readOnly}
                  onChange={(e) => edit(row.area, l, e.target.value.replace(/[\r\n]+/g, ' '))}
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <section className="admin-view" aria-label="Scoring criteria" data-testid="criteria-view">
      <p className="hint">
        What each level means, so that owners score alike. The score pickers show the descriptors of the level
        under the pointer; the board pack prints them as its appendix. Change the money figures to fit your
        budget.
      </p>
      <form onSubmit={(e) => void save(e)}>
        {table('impact', 'Impact: the worst credible effect in each area', IMPACT_LABELS)}
        {table('likelihood', 'Likelihood: as a probability and as a time frame', LIKELIHOOD_LABELS)}
        <label className="field">
          <span className="field-label">
            Reason for the change <span className="optional">(optional)</span>
          </span>
          <input
            className="input"
            type="text"
            value={reason}
            disabled={readOnly}
            data-testid="criteria-reason"
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <p>
          <button type="submit" disabled={readOnly || changes.length === 0} data-testid="criteria-save">
            Save {changes.length ? `${changes.length} change${changes.length === 1 ? '' : 's'}` : 'changes'}
          </button>{' '}
          <button
            type="button"
            disabled={changes.length === 0}
            onClick={() => {
              setDraft(saved);
              setMessage(null);
            }}
          >
            Discard changes
          </button>
        </p>
      </form>
      <OutcomeNotice outcome={message} testId="criteria-outcome" />
    </section>
  );
}
