import { useMemo } from 'react';
import type { BandKey } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { assess, IMPACT_LABELS, LIKELIHOOD_LABELS, SCORE_VALUES } from '../../shared/scoring.ts';
import { selectRisk } from '../actions/risk-actions.ts';
import { plural } from '../format/text.ts';
import { bandStyle } from './band-style.ts';

const IMPACT_DOWN: readonly ScoreValue[] = [...SCORE_VALUES].reverse();

function cellKey(impact: number, likelihood: number): string {
  return `${impact}-${likelihood}`;
}

/**
 * The 5×5 grid: likelihood across (1 → 5), impact up (1 → 5). Each cell shows its band's colour and
 * name, how many risks sit there and their refs.
 */
export function Heatmap({
  risks,
  bandKey,
  selectedId,
}: {
  risks: RiskRecord[];
  bandKey: BandKey;
  selectedId: string | null;
}) {
  const byCell = useMemo(() => {
    const m = new Map<string, RiskRecord[]>();
    for (const r of risks) {
      const k = cellKey(r.impact, r.likelihood);
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  }, [risks]);

  return (
    <div className="heatmap-wrap">
      <table className="heatmap" data-testid="heatmap">
        <caption className="visually-hidden">Risks by impact (rows) and likelihood (columns)</caption>
        <colgroup>
          <col className="axis-title-col" />
          <col className="axis-label-col" />
          <col span={5} />
        </colgroup>
        <tbody>
          {IMPACT_DOWN.map((impact, row) => (
            <tr key={impact}>
              {row === 0 && (
                <th rowSpan={5} scope="rowgroup" className="axis-title axis-title-impact">
                  <span>Impact</span>
                </th>
              )}
              <th scope="row" className="axis-label axis-label-impact">
                <span className="num">{impact}</span> {IMPACT_LABELS[impact]}
              </th>
              {SCORE_VALUES.map((likelihood) => {
                const a = assess(impact, likelihood, bandKey);
                const here = byCell.get(cellKey(impact, likelihood)) ?? [];
                return (
                  <td
                    key={likelihood}
                    className="heat-cell"
                    style={bandStyle(a.band)}
                    data-testid={`heat-cell-i${impact}-l${likelihood}`}
                    data-count={here.length}
                    aria-label={`Impact ${impact} ${IMPACT_LABELS[impact]}, likelihood ${likelihood} ${LIKELIHOOD_LABELS[likelihood]}: score ${a.score} ${a.band.name}, ${plural(here.length, 'risk')}`}
                  >
                    <div className="heat-cell-top">
                      <span className="heat-band">
                        <span className="num">{a.score}</span> {a.band.name}
                      </span>
                      {here.length > 0 && (
                        <span className="heat-count num" data-testid="heat-count">
                          {here.length}
                        </span>
                      )}
                    </div>
                    {here.length > 0 && (
                      <ul className="heat-refs">
                        {here.map((r) => (
                          <li key={r.id}>
                            <button
                              type="button"
                              className={r.id === selectedId ? 'heat-ref selected' : 'heat-ref'}
                              onClick={() => selectRisk(r.id)}
                              title={r.description}
                            >
                              {r.ref}
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <td colSpan={2} />
            {SCORE_VALUES.map((likelihood) => (
              <th key={likelihood} scope="col" className="axis-label axis-label-likelihood">
                <span className="num">{likelihood}</span> {LIKELIHOOD_LABELS[likelihood]}
              </th>
            ))}
          </tr>
          <tr>
            <td colSpan={2} />
            <th colSpan={5} scope="colgroup" className="axis-title axis-title-likelihood">
              Likelihood
            </th>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
