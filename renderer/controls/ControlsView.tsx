/**
 * The Controls view: every control, the risks it serves, its effectiveness and when it was assessed, with overdue
 * assessments marked; and the risks flagged for an assurance gap or an acceptance. Read again whenever the
 * register's list moves (a write here or in another window).
 */
import { useEffect, useMemo, useState } from 'react';
import { ukDate } from '../../shared/actions.ts';
import type { ControlRecord, FlaggedRisk } from '../../shared/controls.ts';
import { CONTROL_TYPE_LABELS, EFFECTIVENESS_LABELS, flagsOf } from '../../shared/controls.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { onUndoApplied, recordChange } from '../workspace/undo-actions.ts';
import { selectRisk } from '../actions/risk-actions.ts';
import { useRisksStore } from '../stores/risks-store.ts';

/** Flagged risks drawn at first, and added by each "Show more": a register of 100,000 is not 100,000 list items. */
export const FLAGS_PAGE = 200;

export function ControlsView() {
  const risks = useRisksStore((s) => s.risks);
  const [controls, setControls] = useState<ControlRecord[] | null>(null);
  /**
   * `controls:flags { omitUnrecorded: true }`: the risks with an assurance or a treatment recorded; every other live
   * risk has "no assurance recorded" (`flagsOf`, over the risks the window holds, in their order). Not the whole
   * register's flags: at 100,000 risks with nothing recorded that answer was 17.5 MB.
   */
  const [recorded, setRecorded] = useState<FlaggedRisk[] | null>(null);
  const [shown, setShown] = useState(FLAGS_PAGE);
  const flags = useMemo(() => (recorded ? flagsOf(risks, recorded) : []), [risks, recorded]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const remove = (c: ControlRecord) => {
    void call('controls:delete', { id: c.id, version: c.version }).then(
      (d) => {
        void recordChange('control', d, `control “${c.text}” deleted`);
        setMessage(null);
        setTick((t) => t + 1);
      },
      (e: unknown) => {
        setMessage(messageOf(e));
        setTick((t) => t + 1);
      },
    );
  };
  useEffect(() => {
    let live = true;
    void Promise.all([call('controls:list', {}), call('controls:flags', { omitUnrecorded: true })]).then(
      ([c, f]) => {
        if (!live) return;
        setControls(c);
        setRecorded(f);
        setError(null);
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [risks, tick]);
  useEffect(() => onUndoApplied(() => setTick((t) => t + 1)), []);

  if (error) return <p className="notice notice-error">{error}</p>;
  if (!controls) return <p className="hint">Reading the controls…</p>;
  const overdue = controls.filter((c) => c.assessmentOverdue).length;
  const ineffective = controls.filter((c) => c.effectiveness === 'ineffective').length;
  return (
    <div className="controls-view" data-testid="controls-view">
      <p data-testid="controls-summary">
        {controls.length} {controls.length === 1 ? 'control' : 'controls'} · {ineffective} ineffective ·{' '}
        {overdue} {overdue === 1 ? 'assessment' : 'assessments'} overdue · {flags.length}{' '}
        {flags.length === 1 ? 'risk' : 'risks'} flagged
      </p>
      {message && (
        <p className="field-error" role="alert" data-testid="controls-view-error">
          {message}
        </p>
      )}
      {controls.length === 0 ? (
        <p className="hint">
          No controls yet. Open a risk and add the measures already in place in its panel.
        </p>
      ) : (
        <table className="data-table" data-testid="controls-table">
          <thead>
            <tr>
              <th scope="col">Control</th>
              <th scope="col">Type</th>
              <th scope="col">Owner</th>
              <th scope="col">Effectiveness</th>
              <th scope="col">Assessed</th>
              <th scope="col">Next assessment</th>
              <th scope="col">Risks</th>
              <th scope="col">
                <span className="visually-hidden">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {controls.map((c) => (
              <tr key={c.id} data-testid="controls-row">
                <td>{c.text}</td>
                <td>{c.type ? CONTROL_TYPE_LABELS[c.type] : '—'}</td>
                <td>{c.owner ?? '—'}</td>
                <td>{EFFECTIVENESS_LABELS[c.effectiveness]}</td>
                <td>
                  {c.assessedAt
                    ? `${ukDate(c.assessedAt.slice(0, 10))} by ${c.assessedBy ?? 'unknown'}`
                    : '—'}
                </td>
                <td>
                  {c.nextAssessmentDue ? ukDate(c.nextAssessmentDue) : '—'}
                  {c.assessmentOverdue && <strong className="overdue"> Overdue</strong>}
                </td>
                <td>
                  {c.risks.map((r) => (
                    <button
                      key={r.riskId}
                      type="button"
                      className="link"
                      onClick={() => selectRisk(r.riskId)}
                    >
                      {r.ref}
                      {r.archived ? ' (archived)' : ''}
                    </button>
                  ))}
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Delete ${c.text}`}
                    onClick={() => remove(c)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {flags.length > 0 && (
        <>
          <h2 className="view-subheading">Risks needing attention</h2>
          <ul data-testid="flagged-risks">
            {flags.slice(0, shown).map((f) => (
              <li key={f.riskId}>
                <button type="button" className="link" onClick={() => selectRisk(f.riskId)}>
                  {f.ref}
                </button>
                :{' '}
                {[
                  ...f.assuranceGaps,
                  ...(f.acceptanceNeeded ? ['Acceptance needed: tolerated above appetite.'] : []),
                  ...(f.acceptanceExpired ? ['Acceptance expired: due for review again.'] : []),
                ].join(' ')}
              </li>
            ))}
          </ul>
          {flags.length > shown && (
            <p>
              <button
                type="button"
                className="link"
                data-testid="flagged-more"
                onClick={() => setShown((n) => n + FLAGS_PAGE)}
              >
                Show {Math.min(FLAGS_PAGE, flags.length - shown).toLocaleString('en-GB')} more
              </button>{' '}
              ({shown.toLocaleString('en-GB')} of {flags.length.toLocaleString('en-GB')} shown)
            </p>
          )}
        </>
      )}
    </div>
  );
}
