import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord, ScoreKind } from '../../shared/domain.ts';
import { assess } from '../../shared/scoring.ts';
import { selectRisk } from '../actions/risk-actions.ts';
import { BandBadge } from '../components/BandBadge.tsx';
import { pairOf } from './model.ts';

/** The risks behind a cell or a figure: choose one to open it in the panel. */
export function RiskList({
  risks,
  bandKey,
  kind = 'current',
  selectedId,
  notes,
  empty = 'No risks.',
  testId,
}: {
  risks: readonly RiskRecord[];
  bandKey: BandKey;
  kind?: ScoreKind;
  selectedId: string | null;
  notes?: ReadonlyMap<string, string>;
  /** What to say when there are no risks. */
  empty?: string;
  testId: string;
}) {
  if (risks.length === 0)
    return (
      <p className="lh-empty" data-testid={testId}>
        {empty}
      </p>
    );
  return (
    <table className="lh-list" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Ref</th>
          <th scope="col">Score</th>
          <th scope="col">Description</th>
          <th scope="col">Category</th>
          <th scope="col">Owner</th>
          {notes && <th scope="col">Why</th>}
        </tr>
      </thead>
      <tbody>
        {risks.map((r) => {
          const p = pairOf(r, kind);
          const a = p ? assess(p.impact, p.likelihood, bandKey) : null;
          return (
            <tr
              key={r.id}
              data-testid={`list-row-${r.ref}`}
              className={r.id === selectedId ? 'selected' : undefined}
              onClick={() => selectRisk(r.id)}
            >
              <td>
                <button
                  type="button"
                  className="link lh-ref"
                  onClick={(e) => (e.stopPropagation(), selectRisk(r.id))}
                >
                  {r.ref}
                </button>
              </td>
              <td>{a ? <BandBadge band={a.band} score={a.score} /> : <span className="muted">none</span>}</td>
              <td className="lh-desc">{r.description}</td>
              <td>{r.category}</td>
              <td>{r.owners.join(', ')}</td>
              {notes && <td>{notes.get(r.id) ?? ''}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
